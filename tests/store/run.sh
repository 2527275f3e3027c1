#!/usr/bin/env bash
# store/run.sh — the corpus graph in a real SPARQL store. Starts a private
# Virtuoso (virtuoso-t from Debian's virtuoso-opensource-7-bin) in a temporary
# directory with its own virtuoso.ini, listening on 127.0.0.1 only on two free
# ports; bulk-loads the corpus N-Quads (one named graph per article); checks
# the load (isql-vt exits 0 even when SQL fails, so its output is read) and
# the quad count; runs the README's five queries over HTTP (/sparql, JSON
# results) and compares the answers with tests/query/expected/ and with
# `newsgraph query` over the Turtle of the same corpus; then stops the server
# by its process id and checks that nothing is left running. A missing tool
# is a failure, not a skip.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
for tool in virtuoso-t isql-vt curl python3 rapper; do
  command -v "$tool" >/dev/null || { echo "FAIL: $tool is not installed (apt-get install virtuoso-opensource-7-bin curl raptor2-utils)"; exit 1; }
done

tmp=$(mktemp -d)
pid=
stop() { # stop the server by its pid: TERM, wait up to 30 s, KILL as a last resort
  [ -n "$pid" ] || return 0
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 120); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  if kill -0 "$pid" 2>/dev/null; then echo "FAIL: virtuoso did not stop on TERM; killed"; kill -KILL "$pid" 2>/dev/null; sleep 0.5; fi
  wait "$pid" 2>/dev/null
  pid=
}
trap 'stop; rm -rf "$tmp"' EXIT
trap 'exit 1' INT TERM

# two free ports on the loopback interface
read -r http sql < <(python3 -c '
import socket
s = [socket.socket() for _ in range(2)]
for x in s: x.bind(("127.0.0.1", 0))
print(*[x.getsockname()[1] for x in s])
for x in s: x.close()')

mkdir -p "$tmp/data"
cat > "$tmp/virtuoso.ini" <<INI
[Database]
DatabaseFile = $tmp/virtuoso.db
ErrorLogFile = $tmp/virtuoso.log
LockFile = $tmp/virtuoso.lck
TransactionFile = $tmp/virtuoso.trx
xa_persistent_file = $tmp/virtuoso.pxa
Striping = 0
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = $tmp/virtuoso-temp.db
TransactionFile = $tmp/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:$sql
DisableUnixSocket = 1
CaseMode = 2
DirsAllowed = ., $tmp/data
NumberOfBuffers = 2000
MaxDirtyBuffers = 1200
ThreadsPerQuery = 2
[HTTPServer]
ServerPort = 127.0.0.1:$http
ServerRoot = $tmp
ServerThreads = 4
Charset = UTF-8
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
INI

# the corpus graph, and the queries from the README
"$ng" build -q "$src/corpus" -o "$tmp/data/corpus.nq" || { echo "FAIL: build -o .nq"; exit 1; }
"$ng" build -q "$src/corpus" -o "$tmp/corpus.ttl" || { echo "FAIL: build -o .ttl"; exit 1; }
nq=$(LC_ALL=C sort -u "$tmp/data/corpus.nq" | wc -l)
n=$(python3 "$src/tests/query/readme_queries.py" "$src/README.md" "$tmp/q")
[ "$n" = 5 ] && ok || bad "the README has $n SPARQL queries, not 5"

# start in the foreground (so $! is the server itself), wait until HTTP answers
(cd "$tmp" && exec virtuoso-t +configfile "$tmp/virtuoso.ini" +foreground >"$tmp/stdout.log" 2>&1) &
pid=$!
up=0
for _ in $(seq 1 240); do
  if curl -sf -o /dev/null "http://127.0.0.1:$http/sparql?query=ASK%7B%7D"; then up=1; break; fi
  kill -0 "$pid" 2>/dev/null || break
  sleep 0.25
done
if [ $up != 1 ]; then
  bad "virtuoso did not come up on 127.0.0.1:$http"; tail -20 "$tmp/virtuoso.log" "$tmp/stdout.log"
  echo "store: $pass passed, $fail failed"; exit 1
fi
ok

isql() { # isql-vt exits 0 even when the SQL fails: an error line fails the call
  isql-vt "127.0.0.1:$sql" dba dba exec="$1" >"$tmp/isql.log" 2>&1
  ! grep -q -e '^\*\*\* Error' -e 'SQLState' "$tmp/isql.log"
}
# the bulk loader; LOAD_LIST must then show the file done (state 2), no error
if isql "ld_dir('$tmp/data', 'corpus.nq', 'http://example.org/newsgraph/'); rdf_loader_run(); checkpoint;" &&
   isql "SELECT ll_file, ll_state, ll_error FROM DB.DBA.LOAD_LIST;" &&
   grep -Eq '/corpus\.nq +2 +NULL *$' "$tmp/isql.log"; then ok
else bad "bulk load of the N-Quads failed:"; cat "$tmp/isql.log"; fi

# and the check of isql's output does catch a failing statement
printf '@prefix ex: <http://example.org/x#> .\nex:a ex:b "unterminated .\n' > "$tmp/data/broken.ttl"
if isql "DB.DBA.TTLP_MT(file_to_string_output('$tmp/data/broken.ttl'), '', 'http://example.org/broken');"; then
  bad "isql-vt: a Turtle syntax error went unnoticed"; else ok; fi

sparql() { # sparql QUERY-FILE OUT.json
  curl -sf -G "http://127.0.0.1:$http/sparql" -H 'Accept: application/sparql-results+json' \
    --data-urlencode "query@$1" -o "$2"
}
# every quad arrived, graph names and all (the store's own graphs left out)
printf '%s\n' 'SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER (STRSTARTS(STR(?g), "http://example.org/newsgraph/")) }' > "$tmp/count.rq"
if sparql "$tmp/count.rq" "$tmp/count.json" &&
   [ "$(python3 "$src/tests/query/normalize.py" "$tmp/count.json" | tail -1)" = "$nq" ]; then ok
else bad "the store holds $(python3 "$src/tests/query/normalize.py" "$tmp/count.json" 2>/dev/null | tail -1) quads, the file $nq"; fi
printf '%s\n' 'SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?a a <http://schema.org/NewsArticle> } }' > "$tmp/graphs.rq"
if sparql "$tmp/graphs.rq" "$tmp/graphs.json" && [ "$(python3 "$src/tests/query/normalize.py" "$tmp/graphs.json" | tail -1)" = 5 ]; then ok
else bad "not one named graph per article in the store"; fi

# the five README queries: store = expected = newsgraph query
for i in 1 2 3 4 5; do
  q="$tmp/q/q$i.rq"
  if ! sparql "$q" "$tmp/s$i.json"; then bad "q$i: the store refused the query"; continue; fi
  python3 "$src/tests/query/normalize.py" "$tmp/s$i.json" > "$tmp/s$i.tsv"
  "$ng" query -f json "$tmp/corpus.ttl" "$q" | python3 "$src/tests/query/normalize.py" > "$tmp/n$i.tsv"
  if [ "$(wc -l < "$tmp/s$i.tsv")" -ge 2 ]; then ok; else bad "q$i: no answer from the store"; fi
  if diff -u "$src/tests/query/expected/q$i.tsv" "$tmp/s$i.tsv" > "$tmp/d$i"; then ok
  else bad "q$i: the store's answer differs from tests/query/expected/q$i.tsv"; head -20 "$tmp/d$i"; fi
  if diff -u "$tmp/s$i.tsv" "$tmp/n$i.tsv" > "$tmp/e$i"; then ok
  else bad "q$i: newsgraph query and the store disagree"; head -20 "$tmp/e$i"; fi
done

# clean stop by pid, nothing left running, ports closed
spid=$pid
stop
if kill -0 "$spid" 2>/dev/null; then bad "virtuoso ($spid) still running"; else ok; fi
if pgrep -f -- "$tmp/virtuoso.ini" >/dev/null; then bad "a virtuoso process of this test is still running"; else ok; fi
if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$http/sparql"; then bad "port $http still answers"; else ok; fi
cat "$tmp/virtuoso.log" "$tmp/stdout.log" 2>/dev/null | grep -q 'Server shutdown complete' && ok ||
  bad "no clean shutdown in the server log"

echo "store: $pass passed, $fail failed"
[ $fail -eq 0 ]
