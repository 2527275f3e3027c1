#!/usr/bin/env python3
"""draw_claims.py — draw claims at random from a newsgraph graph for a hand check.

usage: draw_claims.py GRAPH.ttl [--n 50] [--seed 1]

Reads the graph through rapper (raptor2-utils), collects every ng:Claim with
its subject, predicate, object (by label), role, trigger, hedged/negated
flags, article and publisher, sorts them by IRI (so the draw depends only on
the graph and the seed) and prints N of them drawn with Python's
random.Random(seed).sample as a Markdown list to be judged by hand.
"""
import argparse
import json
import random
import re
import subprocess
import sys

NG = "https://w3id.org/newsgraph/ns#"
NT = re.compile(r'^(<[^>]*>|_:\S+)\s+<([^>]*)>\s+(<[^>]*>|_:\S+|"(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]*>)?)\s*\.\s*$')


def literal(o):
    body = o[1:o.rindex('"')]
    return json.loads('"' + body.replace('\\U', '\\u') + '"') if '\\' in body else body


def local(iri):
    return re.split(r'[#/]', iri.strip('<>'))[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("graph")
    ap.add_argument("--n", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    fmt = "ntriples" if a.graph.endswith(".nt") else "turtle"
    out = subprocess.run(["rapper", "-q", "-i", fmt, "-o", "ntriples", a.graph],
                         check=True, capture_output=True, text=True).stdout
    props, label = {}, {}
    for line in out.splitlines():
        m = NT.match(line)
        if not m:
            continue
        s, p, o = m.groups()
        if p.endswith("rdf-schema#label") and o.startswith('"'):
            label[s] = literal(o)
        props.setdefault(s, {}).setdefault(local(p), []).append(o)
    claims = []
    for s, pr in props.items():
        if "<" + NG + "Claim>" not in pr.get("type", []):
            continue
        one = lambda k: pr.get(k, [None])[0]
        art = one("wasDerivedFrom")
        pub = props.get(art, {}).get("publisher", [None])[0]
        claims.append({
            "iri": s.strip("<>"), "article": local(art),
            "s": label.get(one("subject"), local(one("subject"))),
            "p": local(one("predicate")),
            "o": label.get(one("object"), local(one("object"))),
            "role": literal(one("role")) if one("role") else "",
            "trigger": literal(one("trigger")) if one("trigger") else "",
            "hedged": "hedged" in pr, "negated": "negated" in pr,
            "publisher": literal(pub) if pub else "",
            "evidence": literal(one("evidence")),
        })
    claims.sort(key=lambda c: c["iri"])
    if a.n > len(claims):
        sys.exit("only %d claims in the graph" % len(claims))
    drawn = random.Random(a.seed).sample(claims, a.n)
    print("%d claims in the graph; %d drawn with seed %d\n" % (len(claims), a.n, a.seed))
    for i, c in enumerate(drawn, 1):
        flags = "".join([" *hedged*" if c["hedged"] else "", " *negated*" if c["negated"] else ""])
        role = " (%s)" % c["role"] if c["role"] else ""
        print("%d. **%s —%s%s→ %s**%s — trigger “%s”, %s%s" % (
            i, c["s"], c["p"], role, c["o"], flags, c["trigger"], c["article"],
            ", " + c["publisher"] if c["publisher"] else ""))
        print("   > %s" % c["evidence"])
        print("   - verdict: ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
