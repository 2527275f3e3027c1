#!/usr/bin/env python3
"""normalize.py [RESULTS.json] — SPARQL 1.1 JSON results (from newsgraph
query -f json or a store's /sparql endpoint) to a canonical TSV, so that two
engines' answers compare with diff: a header of the variables, then the rows
sorted; an IRI as <iri>, a literal as its value (with @lang), numbers by
value (Virtuoso writes 0.8 where Rasqal keeps 0.80, and COUNT as an old-style
typed-literal), booleans as true/false, blank nodes as _:, unbound as empty.
ASK results print true or false."""
import json
import sys
from decimal import Decimal, InvalidOperation

XSD = "http://www.w3.org/2001/XMLSchema#"
NUMERIC = {XSD + t for t in ("integer", "decimal", "double", "float", "int", "long",
                             "short", "byte", "nonNegativeInteger", "positiveInteger",
                             "negativeInteger", "nonPositiveInteger", "unsignedInt",
                             "unsignedLong")}


def value(b):
    if b is None:
        return ""
    kind, v = b.get("type"), b.get("value", "")
    if kind == "uri":
        return "<%s>" % v
    if kind == "bnode":
        return "_:"
    dt = b.get("datatype")
    if dt in NUMERIC:
        try:
            d = Decimal(v)
            return str(d.quantize(Decimal(1))) if d == d.to_integral_value() else str(d.normalize())
        except InvalidOperation:
            return v
    if dt == XSD + "boolean":
        return "true" if v in ("true", "1") else "false"
    s = v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    lang = b.get("xml:lang")
    return s + ("@" + lang if lang else "")


def main():
    data = json.load(open(sys.argv[1], encoding="utf-8") if len(sys.argv) > 1 else sys.stdin)
    if "boolean" in data:
        print("true" if data["boolean"] else "false")
        return
    names = data["head"]["vars"]
    rows = ["\t".join(value(r.get(n)) for n in names) for r in data["results"]["bindings"]]
    print("\t".join(names))
    for r in sorted(rows):
        print(r)


if __name__ == "__main__":
    main()
