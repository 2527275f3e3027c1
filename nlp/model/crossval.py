#!/usr/bin/env python3
"""crossval.py — leave-one-subset-out cross-validation of the mention tagger.

For each of the four re3d-dev subsets: train with `newsgraph train` on the
other three (plus any --iob2 files), tag the held-out documents with the
hidden `newsgraph train --tag MODEL FILE...`, and score them with score.py
against a temporary gold folder holding only that subset. Prints per-fold and
pooled core micro F1 (exact, overlap). Standard library only.

usage: crossval.py [--newsgraph BIN] [--re3d DIR] [--score PY] [--iob2 FILE]...
                   [--epochs N] [--seed N]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile


def read_jsonl(path):
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def f1(tp, gold, pred):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    return 2 * p * r / (p + r) if p + r else 0.0


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--newsgraph", default="build/cli/newsgraph")
    ap.add_argument("--re3d", default="/work/shared/eval/re3d-dev")
    ap.add_argument("--score", default="/work/shared/eval/score.py")
    ap.add_argument("--iob2", action="append", default=[])
    ap.add_argument("--epochs", type=int, default=8)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    docs = read_jsonl(os.path.join(a.re3d, "docs.jsonl"))
    subsets = []
    for d in docs:
        if d["subset"] not in subsets:
            subsets.append(d["subset"])
    gold_ents = read_jsonl(os.path.join(a.re3d, "gold-entities.jsonl"))
    gold_rels = read_jsonl(os.path.join(a.re3d, "gold-relations.jsonl"))

    pooled = {"exact": [0, 0, 0], "overlap": [0, 0, 0]}  # tp, gold, pred
    rows = []
    with tempfile.TemporaryDirectory(prefix="ng-crossval-") as tmp:
        for k, sub in enumerate(subsets):
            ids = sorted(d["doc"] for d in docs if d["subset"] == sub)
            gdir = os.path.join(tmp, "gold%d" % k)
            os.makedirs(os.path.join(gdir, "docs"))
            for i in ids:
                shutil.copy(os.path.join(a.re3d, "docs", i + ".txt"), os.path.join(gdir, "docs"))
            keep = set(ids)
            for name, items in (("gold-entities.jsonl", gold_ents), ("gold-relations.jsonl", gold_rels)):
                with open(os.path.join(gdir, name), "w", encoding="utf-8") as f:
                    for x in items:
                        if x["doc"] in keep:
                            f.write(json.dumps(x) + "\n")
            model = os.path.join(tmp, "fold%d.model" % k)
            cmd = [a.newsgraph, "train", "--re3d", a.re3d, "--re3d-exclude-subset", sub,
                   "--epochs", str(a.epochs), "--seed", str(a.seed), "-o", model]
            for f in a.iob2:
                cmd += ["--iob2", f]
            subprocess.run(cmd, check=True, stderr=subprocess.DEVNULL)
            pred = os.path.join(tmp, "pred%d.jsonl" % k)
            with open(pred, "w") as f:
                subprocess.run([a.newsgraph, "train", "--tag", model] +
                               [os.path.join(gdir, "docs", i + ".txt") for i in ids],
                               check=True, stdout=f)
            out = subprocess.run([sys.executable, a.score, gdir, pred, "--json"], check=True,
                                 stdout=subprocess.PIPE, text=True).stdout
            core = json.loads(out)["entities"]["micro"]["core"]
            row = [sub, len(ids)]
            for m in ("exact", "overlap"):
                c = core[m]
                for j, key in enumerate(("tp", "gold", "pred")):
                    pooled[m][j] += c[key]
                row.append(c["f1"])
            row.append(core["exact"]["gold"])
            rows.append(row)

    print("%-45s %4s %5s  %7s  %7s" % ("held-out subset", "docs", "gold", "exact", "overlap"))
    for sub, n, fe, fo, g in rows:
        print("%-45s %4d %5d  %7.3f  %7.3f" % (sub, n, g, fe, fo))
    pe, po = pooled["exact"], pooled["overlap"]
    print("%-45s %4d %5d  %7.3f  %7.3f" % ("pooled (micro over all folds)", len(docs), pe[1],
                                           f1(*pe), f1(*po)))
    print("pooled exact: P %.3f R %.3f; overlap: P %.3f R %.3f" % (
        pe[0] / pe[2] if pe[2] else 0, pe[0] / pe[1] if pe[1] else 0,
        po[0] / po[2] if po[2] else 0, po[0] / po[1] if po[1] else 0))


if __name__ == "__main__":
    main()
