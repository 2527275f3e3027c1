#!/usr/bin/env bash
# cli/run.sh — the command line as the contract describes it: every output
# format is written and readable by its reference tool, the DOT lays out with
# dot/neato/sfdp without warnings, JSONL offsets point at the text, stdin and
# explain work.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
check() { if eval "$2"; then pass=$((pass+1)); else fail=$((fail+1)); echo "FAIL: $1"; fi; }

check "--help exits 0 and shows usage" '"$ng" --help | grep -q "newsgraph build"'
check "--version" '"$ng" --version | grep -Eq "^newsgraph [0-9]+\.[0-9]+"'

for ext in ttl nt nq rdf rj dot svg png pdf graphml json; do
  check "build -o g.$ext" '"$ng" build -q "$src/corpus" -o "$tmp/g.$ext" && [ -s "$tmp/g.$ext" ]'
done
check "Turtle parses (rapper)" 'rapper -q -i turtle -c "$tmp/g.ttl" 2>/dev/null'
check "Turtle has no @base" '! grep -q "@base" "$tmp/g.ttl"'
check "N-Triples parses" 'rapper -q -i ntriples -c "$tmp/g.nt" 2>/dev/null'
check "N-Quads parses" 'rapper -q -i nquads -c "$tmp/g.nq" 2>/dev/null'
check "RDF/XML parses" 'rapper -q -i rdfxml -c "$tmp/g.rdf" 2>/dev/null'
check "RDF/JSON parses" 'rapper -q -i json -c "$tmp/g.rj" 2>/dev/null'
check "Turtle and N-Triples hold the same triples" \
  'diff <(rapper -q -i turtle -o ntriples "$tmp/g.ttl" | LC_ALL=C sort) <(LC_ALL=C sort "$tmp/g.nt") >/dev/null'
check "N-Quads has one named graph per article" \
  '[ "$(grep -o "<http://example.org/newsgraph/doc/[^>#]*> \.$" "$tmp/g.nq" | sort -u | wc -l)" -eq 5 ]'
for layout in dot neato sfdp; do
  check "DOT lays out with $layout without warnings" \
    '[ -z "$(dot -K$layout -Tsvg "$tmp/g.dot" 2>&1 >/dev/null)" ]'
done
check "SVG is well-formed XML" 'xmllint --noout "$tmp/g.svg"'
check "PNG signature" '[ "$(head -c 8 "$tmp/g.png" | od -An -tx1 | tr -d " \n")" = "89504e470d0a1a0a" ]'
check "PDF signature" 'head -c 5 "$tmp/g.pdf" | grep -q "%PDF-"'
check "GraphML is well-formed XML" 'xmllint --noout "$tmp/g.graphml"'
check "JSON parses" 'python3 -c "import json,sys; d=json.load(open(sys.argv[1])); assert d[\"nodes\"] and d[\"edges\"]" "$tmp/g.json"'
check "-o - -f ttl writes to stdout" '"$ng" build -q "$src/corpus" -o - -f ttl | rapper -q -i turtle -c - http://x/ 2>/dev/null'
check "--base changes minted IRIs" '"$ng" build -q "$src/corpus" --base http://ex.com/kg/ -o - -f nt | grep -q "<http://ex.com/kg/entity/person/"'

"$ng" mentions "$src/corpus" > "$tmp/m.jsonl"
check "mentions: JSON lines whose offsets point at their text" 'python3 - "$tmp/m.jsonl" "$src/corpus" <<"PY"
import json, sys, os
n = linked = 0
for line in open(sys.argv[1], encoding="utf-8"):
    m = json.loads(line)
    data = open(os.path.join(sys.argv[2], m["doc"] + ".txt"), "rb").read()
    assert data[m["begin"]:m["end"]].decode("utf-8") == m["text"], m
    assert m["type"] in {"Person","Organisation","Location","Nationality","MilitaryPlatform","Weapon","Temporal","Quantity","Money"}
    if m["type"] in {"Temporal","Quantity","Money"}:
        assert "entity" not in m, m
    elif "entity" in m:
        assert m["entity"].startswith("http://example.org/newsgraph/entity/"), m
        linked += 1
    n += 1
assert n > 100 and linked > 0.8 * n, (n, linked)
PY'
"$ng" relations "$src/corpus" > "$tmp/r.jsonl"
check "relations: JSON lines with spans and re3d types" 'python3 - "$tmp/r.jsonl" <<"PY"
import json, sys
n = 0
for line in open(sys.argv[1]):
    r = json.loads(line)
    assert r["type"] in {"CommWith","AlliesOf","Dislikes","FightingAgainst","CoLocated","BelongsTo","IsSynonymOf"}, r
    assert r["source_begin"] < r["source_end"] and r["target_begin"] < r["target_end"], r
    n += 1
assert n > 10, n
PY'
check "stdin input" 'cat "$src/corpus/000_b2191d97fa7ee836.txt" | "$ng" mentions - | grep -q "\"doc\":\"stdin\""'
check "explain names the rule" '"$ng" explain Lavrov "$src/corpus" | grep -q "surname of"'
check "explain finds the Kremlin as Russia" '"$ng" explain Russia "$src/corpus" | grep -q "Kremlin"'
check "mentions of the scorer format score" 'python3 "$src/../shared/eval/score.py" "$src/../shared/eval/re3d-dev" <("$ng" mentions "$src/../shared/eval/re3d-dev/docs") >/dev/null 2>&1 || [ ! -d "$src/../shared/eval" ]'
echo "cli: $pass passed, $fail failed"
[ $fail -eq 0 ]
