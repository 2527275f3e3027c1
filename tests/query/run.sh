#!/usr/bin/env bash
# query/run.sh — `newsgraph query` and what the RDF output holds.
#  - The README's five SPARQL queries (extracted from README.md) give the
#    answers in tests/query/expected/ over the corpus written as Turtle,
#    N-Triples, N-Quads, RDF/XML and RDF/JSON (UPDATE_GOLDEN=1 rewrites the
#    expected answers: review the diff, and the README's tables).
#    QUERY_FORMATS (default "nt nq rdf rj") names the other formats; .ci/run
#    trims it under ASan, where each query costs seconds.
#  - Results formats (TSV, CSV, JSON, XML), ASK, CONSTRUCT.
#  - Bad queries and unreadable graph files: a positioned NG-nnn message and
#    exit status 2 (query) or 1 (graph file, skipped; the rest is queried).
#  - The PROV run description (times, tool, options, one prov:used per article
#    with the input's SHA-256), --no-mentions / --no-claims / --with-vocab,
#    every ng: term of the output defined in the vocabulary, every direct
#    triple backed by a claim that is not negated.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# expect NAME STATUS CODE-REGEX -- CMD...: exit status and a diagnostic line
expect() {
  local name=$1 want=$2 pat=$3; shift 4
  "$@" >"$tmp/out" 2>"$tmp/err"; local got=$?
  if [ "$got" != "$want" ]; then bad "$name: exit $got, wanted $want"; cat "$tmp/err"; return; fi
  if [ -n "$pat" ] && ! grep -Eq "$pat" "$tmp/err"; then bad "$name: no diagnostic like /$pat/"; cat "$tmp/err"; return; fi
  ok
}
norm() { python3 "$src/tests/query/normalize.py" "$@"; }
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1442000000}

for e in ttl nt nq rdf rj; do
  "$ng" build -q "$src/corpus" -o "$tmp/g.$e" || { echo "FAIL: build -o g.$e"; exit 1; }
done
n=$(python3 "$src/tests/query/readme_queries.py" "$src/README.md" "$tmp/q")
check "the README shows five SPARQL queries (found $n)" '[ "$n" = 5 ]'

# ---- the five README queries, over every format ----
for i in 1 2 3 4 5; do
  q="$tmp/q/q$i.rq"
  "$ng" query -f json "$tmp/g.ttl" "$q" > "$tmp/r$i.json" 2>"$tmp/err" || { bad "q$i: exit $?"; cat "$tmp/err"; continue; }
  norm "$tmp/r$i.json" > "$tmp/r$i.tsv"
  if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then cp "$tmp/r$i.tsv" "$src/tests/query/expected/q$i.tsv"; fi
  check "q$i has an answer" '[ "$(wc -l < "$tmp/r$i.tsv")" -ge 2 ]'
  if diff -u "$src/tests/query/expected/q$i.tsv" "$tmp/r$i.tsv" > "$tmp/d"; then ok
  else bad "q$i: answer differs from tests/query/expected/q$i.tsv (UPDATE_GOLDEN=1 if the graph changed on purpose)"; head -20 "$tmp/d"; fi
  for e in ${QUERY_FORMATS-nt nq rdf rj}; do
    "$ng" query -f json "$tmp/g.$e" "$q" | norm > "$tmp/r$i.$e.tsv"
    check "q$i: same answer over .$e as over .ttl" 'cmp -s "$tmp/r$i.tsv" "$tmp/r$i.$e.tsv"'
  done
done
# the query as text on the command line and on stdin
check "query text as an argument" \
  '[ "$("$ng" query -f json "$tmp/g.ttl" "$(cat "$tmp/q/q1.rq")" | norm)" = "$(cat "$tmp/r1.tsv")" ]'
check "query from stdin (-)" \
  '[ "$("$ng" query -f json "$tmp/g.ttl" - < "$tmp/q/q1.rq" | norm)" = "$(cat "$tmp/r1.tsv")" ]'
check "two graph files are merged" \
  '[ "$("$ng" query "$tmp/g.ttl" "$tmp/g.nt" "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" | tail -1)" = "$("$ng" query "$tmp/g.ttl" "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }" | tail -1)" ]'

# ---- results formats ----
"$ng" query "$tmp/g.ttl" "$tmp/q/q3.rq" > "$tmp/f.tsv"
check "TSV: header of ?variables, then rows" \
  '[ "$(head -1 "$tmp/f.tsv")" = "$(printf "?person\t?office\t?country")" ] && [ "$(wc -l < "$tmp/f.tsv")" -eq "$(wc -l < "$tmp/r3.tsv")" ]'
"$ng" query -f csv "$tmp/g.ttl" "$tmp/q/q5.rq" > "$tmp/f.csv"
check "CSV: parses, one row per answer" 'python3 -c "
import csv, sys
rows = list(csv.reader(open(sys.argv[1], newline=\"\")))
assert rows[0] == [\"claim\", \"article\", \"trigger\", \"confidence\", \"hedged\", \"evidence\"], rows[0]
assert len(rows) == int(sys.argv[2]), len(rows)" "$tmp/f.csv" "$(wc -l < "$tmp/r5.tsv")"'
check "XML results are well-formed" '"$ng" query -f xml "$tmp/g.ttl" "$tmp/q/q2.rq" | xmllint --noout -'
check "no rows: the variables still in the head" \
  '"$ng" query -f json "$tmp/g.ttl" "SELECT ?x ?y WHERE { ?x <http://example.org/none> ?y }" | python3 -c "import json,sys; d=json.load(sys.stdin); assert d[\"head\"][\"vars\"]==[\"x\",\"y\"] and d[\"results\"][\"bindings\"]==[]"'
check "ASK true" '[ "$("$ng" query "$tmp/g.ttl" "ASK { ?s a <https://w3id.org/newsgraph/ns#Claim> }")" = true ]'
check "ASK false" '[ "$("$ng" query "$tmp/g.ttl" "ASK { ?s a <http://example.org/Nothing> }")" = false ]'
check "ASK as JSON" '"$ng" query -f json "$tmp/g.ttl" "ASK {}" | python3 -c "import json,sys; assert json.load(sys.stdin)[\"boolean\"] is True"'
check "CONSTRUCT gives N-Triples rapper reads" \
  '"$ng" query "$tmp/g.ttl" "CONSTRUCT { ?s <http://example.org/p> ?o } WHERE { ?s <https://w3id.org/newsgraph/ns#supports> ?o }" > "$tmp/c.nt" && [ -s "$tmp/c.nt" ] && rapper -q -i ntriples -c "$tmp/c.nt" 2>/dev/null'
check "CONSTRUCT as Turtle" \
  '"$ng" query -f ttl "$tmp/g.ttl" "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 5" | rapper -q -i turtle -c - http://x/ 2>/dev/null'

# ---- errors ----
printf '@prefix ex: <http://example.org/x#> .\nex:a ex:b ex:c .\nex:a ex:b "unterminated .\n' > "$tmp/broken.ttl"
printf 'SELECT ?x\nWHERE {\n  ?x ?y ?z\n  FILTER (?x = )\n}\n' > "$tmp/bad.rq"
expect query-syntax 2 '^<query>:1:[0-9]+: error\[NG-053\]: ' -- "$ng" query "$tmp/g.ttl" 'SELECT ?x WHERE { ?x ?y }'
expect query-file-syntax 2 "^$tmp/bad.rq:4:[0-9]+: error\\[NG-053\\]: " -- "$ng" query "$tmp/g.ttl" "$tmp/bad.rq"
expect query-file-missing 2 "^$tmp/nope.rq:0:0: error\\[NG-009\\]: " -- "$ng" query "$tmp/g.ttl" "$tmp/nope.rq"
expect query-from 2 'error\[NG-053\]: FROM and FROM NAMED are not supported' -- "$ng" query "$tmp/g.ttl" 'SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }'
expect query-service 2 'error\[NG-053\]: SERVICE is not supported' -- "$ng" query "$tmp/g.ttl" 'SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }'
expect graph-missing 1 "^$tmp/none.ttl:0:0: error\\[NG-009\\]: " -- "$ng" query "$tmp/none.ttl" 'ASK {}'
expect graph-syntax 1 "^$tmp/broken.ttl:3:[0-9]+: error\\[NG-054\\]: " -- "$ng" query "$tmp/broken.ttl" 'ASK {}'
check "graph-syntax: no results written" '[ ! -s "$tmp/out" ]'
expect graph-directory 1 "^$tmp:0:0: error\\[NG-001\\]: " -- "$ng" query "$tmp" 'ASK {}'
expect graph-not-rdf 1 "error\\[NG-054\\]" -- "$ng" query "$src/corpus/000_b2191d97fa7ee836.txt" 'ASK {}'
expect graph-one-bad 1 "^$tmp/broken.ttl:3:[0-9]+: error\\[NG-054\\]: " -- "$ng" query "$tmp/broken.ttl" "$tmp/g.ttl" "$tmp/q/q1.rq"
check "graph-one-bad: the good graph is still queried" '[ "$(wc -l < "$tmp/out")" = "$(wc -l < "$tmp/r1.tsv")" ]'
chmod 000 "$tmp/broken.ttl"
if [ ! -r "$tmp/broken.ttl" ]; then # (root reads it anyway)
  expect graph-unreadable 1 "^$tmp/broken.ttl:0:0: error\\[NG-001\\]: cannot open" -- "$ng" query "$tmp/broken.ttl" 'ASK {}'
fi
chmod 644 "$tmp/broken.ttl"
expect no-query 2 'error\[NG-030\]' -- "$ng" query "$tmp/g.ttl"
expect bad-format 2 'error\[NG-030\].*bogus' -- "$ng" query -f bogus "$tmp/g.ttl" 'ASK {}'
expect format-mismatch 2 'error\[NG-030\]' -- "$ng" query -f tsv "$tmp/g.ttl" 'CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }'
expect bad-option 2 'error\[NG-030\]' -- "$ng" query --frobnicate "$tmp/g.ttl" 'ASK {}'

# ---- the PROV run description ----
P='PREFIX ng: <https://w3id.org/newsgraph/ns#> PREFIX prov: <http://www.w3.org/ns/prov#> PREFIX schema: <http://schema.org/>'
q() { "$ng" query "$1" "$P $2" | sed 1d; }
check "one run, started and ended at SOURCE_DATE_EPOCH" \
  '[ "$(q "$tmp/g.ttl" "SELECT ?s ?e WHERE { ?r a ng:Run, prov:Activity ; prov:startedAtTime ?s ; prov:endedAtTime ?e }")" = "$(printf "\"2015-09-11T19:33:20Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime>\t\"2015-09-11T19:33:20Z\"^^<http://www.w3.org/2001/XMLSchema#dateTime>")" ]'
check "the run was done by this newsgraph version" \
  '[ "$(q "$tmp/g.ttl" "SELECT ?v WHERE { ?r a ng:Run ; ng:command \"build\" ; prov:wasAssociatedWith ?a . ?a a prov:SoftwareAgent ; schema:softwareVersion ?v }")" = "\"$("$ng" --version | cut -d" " -f2)\"" ]'
# (the article name is cut from the IRI by sed: Rasqal 0.9.33's STRAFTER
# reads freed memory, which ASan reports)
q "$tmp/g.ttl" "SELECT ?a ?sha WHERE { ?r a ng:Run ; prov:used ?a . ?a ng:sha256 ?sha }" |
  sed 's|^<[^\t]*/doc/\([^>]*\)>|\1|' | tr -d '"' | LC_ALL=C sort > "$tmp/used"
(cd "$src/corpus" && for f in *.txt; do printf '%s\t%s\n' "${f%.txt}" "$(sha256sum < "$f" | cut -d" " -f1)"; done) | LC_ALL=C sort > "$tmp/sums"
check "the run used every article, each with the SHA-256 of its input" 'diff -u "$tmp/sums" "$tmp/used"'
run_iri=$(q "$tmp/g.ttl" "SELECT ?r WHERE { ?r a ng:Run }")
n_cq=$(q "$tmp/g.ttl" "SELECT ?x WHERE { ?x a ?t . FILTER (?t IN (ng:Claim, ng:Quote)) }" | wc -l)
n_gen=$(q "$tmp/g.ttl" "SELECT ?x WHERE { ?x a ?t ; prov:wasGeneratedBy $run_iri . FILTER (?t IN (ng:Claim, ng:Quote)) }" | wc -l)
check "every claim and quote ($n_cq) was generated by the run ($n_gen)" '[ "$n_cq" -gt 50 ] && [ "$n_cq" = "$n_gen" ]'
check "options that shape the graph are recorded" \
  '"$ng" build -q "$src/corpus" --base http://ex.org/kg/ --no-mentions -o - -f ttl > "$tmp/o.ttl" && [ "$(q "$tmp/o.ttl" "SELECT ?o WHERE { ?r ng:option ?o } ORDER BY ?o" | tr "\n" "|")" = "\"--base http://ex.org/kg/\"|\"--no-mentions\"|" ]'
before=$(date -u +%s)
env -u SOURCE_DATE_EPOCH "$ng" build -q "$src/corpus" -o "$tmp/now.ttl"
after=$(date -u +%s)
t=$(q "$tmp/now.ttl" "SELECT ?s WHERE { ?r a ng:Run ; prov:startedAtTime ?s }" | sed 's/^"\([^"]*\)".*/\1/')
check "without SOURCE_DATE_EPOCH the run has the real time ($t)" \
  'ts=$(date -u -d "$t" +%s) && [ "$ts" -ge "$before" ] && [ "$ts" -le "$after" ]'

# ---- layers: --no-mentions, --no-claims, --with-vocab ----
# (rows rather than COUNT: Rasqal 0.9.33 gives no row at all for a COUNT over nothing)
count() { "$ng" query "$1" "$P SELECT * WHERE { $2 }" | sed 1d | wc -l; }
full_m=$(count "$tmp/g.ttl" "?m a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase>")
full_c=$(count "$tmp/g.ttl" "?c a ng:Claim")
full_e=$(count "$tmp/g.ttl" "?s ng:supports ?o")
check "the full output has mentions ($full_m) and claims ($full_c)" '[ "$full_m" -gt 100 ] && [ "$full_c" -gt 10 ]'
"$ng" build -q "$src/corpus" --no-mentions -o "$tmp/nm.ttl"
"$ng" build -q "$src/corpus" --no-claims -o "$tmp/nc.nq"
"$ng" build -q "$src/corpus" --no-mentions --no-claims -o "$tmp/edges.nt"
check "--no-mentions: no NIF phrases, claims kept" \
  '[ "$(count "$tmp/nm.ttl" "?m a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase>")" = 0 ] && [ "$(count "$tmp/nm.ttl" "?c a ng:Claim")" = "$full_c" ] && ! grep -q "taIdentRef" "$tmp/nm.ttl"'
check "--no-claims: no claims, mentions kept (N-Quads)" \
  '[ "$(count "$tmp/nc.nq" "?c a ng:Claim")" = 0 ] && [ "$(count "$tmp/nc.nq" "?m a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase>")" = "$full_m" ]'
check "--no-mentions --no-claims: edges, entities and articles only" \
  '[ "$(count "$tmp/edges.nt" "?c a ng:Claim")" = 0 ] && [ "$(count "$tmp/edges.nt" "?m a <http://persistence.uni-leipzig.org/nlp2rdf/ontologies/nif-core#Phrase>")" = 0 ] && [ "$(count "$tmp/edges.nt" "?s ng:supports ?o")" = "$full_e" ] && [ "$(count "$tmp/edges.nt" "?a a schema:NewsArticle")" = 5 ] && [ "$(wc -l < "$tmp/edges.nt")" -lt "$(($(wc -l < "$tmp/g.nt") / 3))" ]'
check "newsgraph vocab prints output/vocab/newsgraph.ttl" '"$ng" vocab | cmp -s - "$src/output/vocab/newsgraph.ttl"'
check "newsgraph vocab --shapes prints output/vocab/shapes.ttl" '"$ng" vocab --shapes | cmp -s - "$src/output/vocab/shapes.ttl"'
"$ng" build -q "$src/corpus" --with-vocab -o "$tmp/v.rdf"
check "--with-vocab: the ontology and its terms are in the output (RDF/XML)" \
  '[ "$(count "$tmp/v.rdf" "<https://w3id.org/newsgraph/ns> a <http://www.w3.org/2002/07/owl#Ontology>")" = 1 ] && [ "$(count "$tmp/v.rdf" "ng:deploys a <http://www.w3.org/2002/07/owl#ObjectProperty>")" = 1 ]'

# ---- every ng: term used is defined; direct triples are backed by claims ----
"$ng" vocab > "$tmp/vocab.ttl"
rapper -q -i turtle -o ntriples "$tmp/vocab.ttl" > "$tmp/vocab.nt" 2>/dev/null
rapper -q -i nquads -o ntriples "$tmp/g.nq" > "$tmp/all.nt" 2>/dev/null
check "every ng: term of the output is defined in the vocabulary" 'python3 - "$tmp/vocab.nt" "$tmp/all.nt" <<"PY"
import re, sys
NG = "https://w3id.org/newsgraph/ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
label, comment = set(), set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"<([^>]*)> <([^>]*)> ", line)
    if m and m.group(2) == RDFS + "label": label.add(m.group(1))
    if m and m.group(2) == RDFS + "comment": comment.add(m.group(1))
used = set()
for line in open(sys.argv[2], encoding="utf-8"):
    used.update(re.findall(r"<(" + re.escape(NG) + r"[^>]*)>", line))
missing = sorted(t for t in used if t not in label or t not in comment)
assert not missing, missing
assert len(used) > 30, len(used)
PY'
check "every direct triple has a claim that is not negated; communicatedWith written once" 'python3 - "$tmp/all.nt" <<"PY"
import re, sys, collections
NG = "https://w3id.org/newsgraph/ns#"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
preds = {NG + p for p in "officialOf memberOf partOf communicatedWith supports opposes fightsAgainst supplies deploys operates locatedAt".split()}
direct, claim = set(), collections.defaultdict(dict)
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"<([^>]*)> <([^>]*)> (<([^>]*)>|\"(.*)\"(\^\^<[^>]*>)?) \.$", line.rstrip("\n"))
    if not m: continue
    s, p, o = m.group(1), m.group(2), m.group(4) or m.group(5)
    if p in preds: direct.add((s, p, o))
    if p in (RDF + "subject", RDF + "predicate", RDF + "object", NG + "negated"): claim[s][p] = o
backed = {(c[RDF + "subject"], c[RDF + "predicate"], c[RDF + "object"]) for c in claim.values()
          if RDF + "subject" in c and c.get(NG + "negated") != "true"}
assert direct, "no direct triples"
unbacked = sorted(direct - backed)
assert not unbacked, unbacked[:5]
both = [t for t in direct if t[1] == NG + "communicatedWith" and (t[2], t[1], t[0]) in direct]
assert not both, both[:3]
PY'

echo "query: $pass passed, $fail failed"
[ $fail -eq 0 ]
