#!/usr/bin/env bash
# shacl/run.sh — the corpus output parses with rapper in every RDF format and
# conforms to output/vocab/shapes.ttl under a real SHACL engine
# (rdf-validate-shacl with n3 under node, tests/shacl/validate.mjs); and the
# shapes do reject broken graphs: each mutation below of the corpus graph
# must fail validation, naming the node at fault. node and the npm packages
# are required (`cd tests/shacl && npm ci`; .ci/run does it): without them
# this test fails, it does not skip.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
here="$src/tests/shacl"
shapes="$src/output/vocab/shapes.ttl"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
command -v node >/dev/null || { echo "FAIL: node is not installed (apt-get install nodejs npm)"; exit 1; }
command -v rapper >/dev/null || { echo "FAIL: rapper is not installed (apt-get install raptor2-utils)"; exit 1; }
for m in rdf-validate-shacl n3 @rdfjs/dataset; do
  [ -d "$here/node_modules/$m" ] || { echo "FAIL: npm package $m missing: run 'npm ci' in tests/shacl"; exit 1; }
done
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
validate() { node "$here/validate.mjs" "$shapes" "$@"; }
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1442000000}

# every format parses with rapper, and all hold the same triples
for e in ttl nt nq rdf rj; do
  "$ng" build -q "$src/corpus" -o "$tmp/g.$e" || { echo "FAIL: build -o g.$e"; exit 1; }
done
declare -A syntax=([ttl]=turtle [nt]=ntriples [nq]=nquads [rdf]=rdfxml [rj]=json)
for e in ttl nt nq rdf rj; do
  if rapper -q -i "${syntax[$e]}" -o ntriples "$tmp/g.$e" 2>"$tmp/rapper.err" | LC_ALL=C sort -u > "$tmp/$e.nt" &&
     [ ! -s "$tmp/rapper.err" ] && [ "$(wc -l < "$tmp/$e.nt")" -gt 1000 ]; then ok
  else bad "rapper cannot read g.$e"; head -5 "$tmp/rapper.err"; fi
done
for e in nt rdf rj; do
  cmp -s "$tmp/ttl.nt" "$tmp/$e.nt" && ok || bad "g.$e and g.ttl hold different triples"
done
# N-Quads: the same triples plus the article-local analysis layer
comm -23 "$tmp/ttl.nt" "$tmp/nq.nt" | grep -q . && bad "g.nq lacks triples of g.ttl" || ok

# the outputs conform to the shapes
for e in ttl nt nq; do
  if validate "$tmp/g.$e" > "$tmp/report"; then ok; else bad "g.$e does not conform:"; head -20 "$tmp/report"; fi
done
if validate - < "$tmp/rdf.nt" > "$tmp/report"; then ok; else bad "g.rdf (read back by rapper) does not conform:"; head -20 "$tmp/report"; fi
"$ng" build -q "$src/corpus" --no-mentions --no-claims -o "$tmp/edges.ttl"
if validate "$tmp/edges.ttl" > "$tmp/report"; then ok; else bad "--no-mentions --no-claims output does not conform:"; head -20 "$tmp/report"; fi
"$ng" build -q "$src/corpus" --with-vocab -o "$tmp/v.nq"
if validate "$tmp/v.nq" > "$tmp/report"; then ok; else bad "--with-vocab output does not conform:"; head -20 "$tmp/report"; fi
if validate "$src/output/vocab/newsgraph.ttl" > "$tmp/report"; then ok; else bad "the vocabulary does not conform to its own term shapes:"; head -20 "$tmp/report"; fi
grep -q "conforms: true" "$tmp/report" && ok || bad "validate.mjs printed no verdict"

# broken graphs are rejected: mutate CASE expects a violation naming FOCUS
B=http://example.org/newsgraph
NG=https://w3id.org/newsgraph/ns#
mutate() { # mutate NAME FOCUS-REGEX PYTHON-EXPRESSION-ON-lines
  local name=$1 focus=$2 code=$3
  python3 - "$tmp/nt.nt" "$tmp/bad-$name.nt" <<PY || { bad "$name: mutation failed"; return; }
import re, sys
B, NG = "$B", "$NG"
lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
before = list(lines)
$code
assert lines != before, "the mutation changed nothing"
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(lines) + "\n")
PY
  validate "$tmp/bad-$name.nt" > "$tmp/report-$name"; local rc=$?
  if [ $rc -ne 1 ]; then bad "$name: the broken graph was not rejected (exit $rc)"; head -5 "$tmp/report-$name"; return; fi
  if grep -Eq "^Violation .*$focus" "$tmp/report-$name"; then ok
  else bad "$name: no violation at /$focus/"; head -5 "$tmp/report-$name"; fi
}
cp "$tmp/nt.nt" "$tmp/nt.orig"
mutate no-label 'person/sergei-lavrov .*shapes#Entity' \
  'lines = [l for l in lines if not (l.startswith(f"<{B}/entity/person/sergei-lavrov> <http://www.w3.org/2000/01/rdf-schema#label>"))]'
mutate two-classes 'person/sergei-lavrov .*(shapes#Entity|/entity/country/)' \
  'lines.append(f"<{B}/entity/person/sergei-lavrov> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{NG}Country> .")'
mutate officialOf-from-place 'place/latakia' \
  'lines.append(f"<{B}/entity/place/latakia> <{NG}officialOf> <{B}/entity/country/syria> .")'
mutate deploys-a-person 'country/russia .*deploys' \
  'lines.append(f"<{B}/entity/country/russia> <{NG}deploys> <{B}/entity/person/john-kerry> .")'
mutate begin-after-end '#char=[0-9]+,[0-9]+ .*beginIndex' '
i = next(i for i, l in enumerate(lines) if "#char=" in l.split(" ")[0] and "nif-core#beginIndex>" in l)
lines[i] = re.sub(r"\"[0-9]+\"", "\"999999\"", lines[i])'
mutate offset-not-a-number '#char=[0-9]+,[0-9]+ .*endIndex' '
i = next(i for i, l in enumerate(lines) if "#char=" in l.split(" ")[0] and "nif-core#endIndex>" in l)
lines[i] = re.sub(r"\"[0-9]+\"\^\^<[^>]*>", "\"twelve\"", lines[i])'
mutate unknown-predicate 'claim/[0-9a-f]{16} .*predicate' '
i = next(i for i, l in enumerate(lines) if "22-rdf-syntax-ns#predicate>" in l)
lines[i] = re.sub(r"> <[^>]*> \.$", f"> <{NG}likes> .", lines[i])'
mutate confidence-above-1 'claim/[0-9a-f]{16} .*confidence' '
i = next(i for i, l in enumerate(lines) if f"<{NG}confidence>" in l)
lines[i] = re.sub(r"\"[0-9.]+\"", "\"1.50\"", lines[i])'
mutate claim-without-article 'claim/[0-9a-f]{16} .*wasDerivedFrom' '
i = next(i for i, l in enumerate(lines) if l.startswith(f"<{B}/claim/") and "prov#wasDerivedFrom>" in l)
del lines[i]'
mutate no-checksum 'doc/[^ ]+ .*sha256' \
  'lines = [l for l in lines if not (l.startswith(f"<{B}/doc/002_") and f"<{NG}sha256>" in l)]'
mutate bad-checksum 'doc/[^ ]+ .*sha256' '
i = next(i for i, l in enumerate(lines) if f"<{NG}sha256>" in l)
lines[i] = re.sub(r"\"[0-9a-f]{64}\"", "\"not-a-checksum\"", lines[i])'
mutate article-not-used-by-run 'doc/001_' \
  'lines = [l for l in lines if not ("prov#used>" in l and l.endswith(f"<{B}/doc/001_5af5dcd003470b05> ."))]'
mutate run-without-end '/run/[0-9a-f]{16} .*endedAtTime' \
  'lines = [l for l in lines if "prov#endedAtTime>" not in l]'
mutate claim-not-from-run 'claim/[0-9a-f]{16} .*wasGeneratedBy' '
i = next(i for i, l in enumerate(lines) if l.startswith(f"<{B}/claim/") and "prov#wasGeneratedBy>" in l)
del lines[i]'
mutate bad-entity-iri 'entity/person/Sergei_Lavrov' \
  'lines = [l.replace("/entity/person/sergei-lavrov>", "/entity/person/Sergei_Lavrov>") for l in lines]'
cmp -s "$tmp/nt.nt" "$tmp/nt.orig" && ok || bad "a mutation changed the original"
# a file that is not RDF is an error (2), not a verdict
printf '<http://a> <http://b> "unterminated .\n' > "$tmp/broken.nt"
validate "$tmp/broken.nt" >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] && ok || bad "an unparseable file gave exit $rc, not 2"

echo "shacl: $pass passed, $fail failed"
[ $fail -eq 0 ]
