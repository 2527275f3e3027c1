#!/usr/bin/env python3
"""readme_queries.py README.md OUTDIR — writes the README's SPARQL examples
(the ```sparql blocks, in order) to OUTDIR/q1.rq, q2.rq, ... and prints how
many there are. The README is the one source of the five queries that
tests/query and tests/store run, so the documented queries are the tested
ones."""
import os
import re
import sys


def main():
    readme, out = sys.argv[1], sys.argv[2]
    text = open(readme, encoding="utf-8").read()
    blocks = re.findall(r"^```sparql\n(.*?)^```", text, re.S | re.M)
    os.makedirs(out, exist_ok=True)
    for i, q in enumerate(blocks, 1):
        with open(os.path.join(out, "q%d.rq" % i), "w", encoding="utf-8") as f:
            f.write(q)
    print(len(blocks))


if __name__ == "__main__":
    main()
