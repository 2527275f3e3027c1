#!/usr/bin/env bash
# valgrind/run.sh — memcheck over whole runs of the command line on the demo
# corpus: `build -o x.ttl` (Raptor), `-o x.svg` (Graphviz layout and render
# through gvc with its pango/fontconfig plugin), `-o x.nq`, `-o x.graphml`,
# `-o x.json`, `mentions` on text and on an HTML page (libxml2), `query`
# (Rasqal) with two of the README's queries and a broken one. Each must
# exit with its normal status and valgrind must report no error: no invalid
# access, no use of uninitialised memory, no definitely or possibly lost
# block — apart from the library noise in newsgraph.supp (each entry says
# what and why).
#
# Run by `meson test --suite valgrind` (on a build WITHOUT sanitizers), or by
# hand: NEWSGRAPH=build/cli/newsgraph SRC=. tests/valgrind/run.sh
# Exit status 77 (meson: skipped) when valgrind is not installed.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
here=$(cd "$(dirname "$0")" && pwd)
if ! command -v valgrind >/dev/null; then
  echo "SKIP: valgrind is not installed (apt-get install valgrind)"
  exit 77
fi
if nm -D "$ng" 2>/dev/null | grep -q '__asan_init\|__ubsan_handle'; then
  echo "SKIP: $ng is built with sanitizers; valgrind needs a plain build"
  exit 77
fi
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
# indirectly lost blocks hang off a definitely lost one, which is reported
vg=(valgrind -q --leak-check=full --show-leak-kinds=definite,possible
    --errors-for-leak-kinds=definite,possible --track-origins=yes
    --error-exitcode=99 --num-callers=40 --suppressions="$here/newsgraph.supp")

# memcheck NAME WANT-STATUS -- command...
memcheck() {
  local name=$1 want=$2; shift 3
  timeout 600 "${vg[@]}" --log-file="$tmp/$name.vg" "$@" > "$tmp/$name.out" 2> "$tmp/$name.err"
  local rc=$?
  if [ $rc -eq "$want" ] && [ ! -s "$tmp/$name.vg" ]; then
    pass=$((pass+1)); echo "ok: $name"
  else
    fail=$((fail+1)); echo "FAIL: $name: status $rc (want $want; 99 = valgrind found errors)"
    head -60 "$tmp/$name.vg"; head -5 "$tmp/$name.err"
  fi
}

html="$src/tests/fuzz/seeds/html/article.html"
memcheck build-ttl 0 -- "$ng" build -q "$src/corpus" -o "$tmp/x.ttl"
memcheck build-svg 0 -- "$ng" build -q "$src/corpus" -o "$tmp/x.svg"
memcheck build-nq 0 -- "$ng" build -q "$src/corpus" -o "$tmp/x.nq"
memcheck build-graphml 0 -- "$ng" build -q "$src/corpus" -o "$tmp/x.graphml"
memcheck build-json 0 -- "$ng" build -q "$src/corpus" "$html" -o "$tmp/x.json"
memcheck mentions 0 -- "$ng" mentions "$src/corpus" "$html"
# `newsgraph query` (Raptor + Rasqal) with an aggregate, ORDER BY and OPTIONAL:
# the precise leak check of the query path (under ASan, tests/lsan.supp has to
# suppress all of Rasqal, whose frames its fast unwinder cannot name)
"$ng" build -q "$src/corpus" -o "$tmp/q.ttl"
python3 "$src/tests/query/readme_queries.py" "$src/README.md" "$tmp/q" > /dev/null
memcheck query-q4 0 -- "$ng" query "$tmp/q.ttl" "$tmp/q/q4.rq"
memcheck query-q5 0 -- "$ng" query -f json "$tmp/q.ttl" "$tmp/q/q5.rq"
memcheck query-bad 2 -- "$ng" query "$tmp/q.ttl" "SELECT ?x WHERE { ?x"
# a bad input among good ones takes the error paths
printf 'bad \xC0\xAF utf-8\n' > "$tmp/bad.txt"
memcheck build-bad 1 -- "$ng" build -q "$src/corpus/000_b2191d97fa7ee836.txt" "$tmp/bad.txt" -o "$tmp/y.ttl"
for f in ttl svg nq graphml json; do [ -s "$tmp/x.$f" ] || { fail=$((fail+1)); echo "FAIL: x.$f is empty"; }; done
echo "valgrind: $pass passed, $fail failed"
[ $fail -eq 0 ]
