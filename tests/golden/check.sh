#!/usr/bin/env bash
# golden/check.sh — the corpus graph as sorted N-Triples, compared with the
# reviewed golden file (read back through rapper, so serialisation layout
# never matters). UPDATE_GOLDEN=1 rewrites the golden file: review the diff.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
golden="$src/tests/golden/corpus.nt"
"$ng" build -q "$src/corpus" -o "$tmp/g.ttl" || { echo "FAIL: build exited $?"; exit 1; }
rapper -q -i turtle -o ntriples "$tmp/g.ttl" | LC_ALL=C sort > "$tmp/g.nt" \
  || { echo "FAIL: rapper could not read the Turtle output"; exit 1; }
if [ "${UPDATE_GOLDEN:-0}" = 1 ]; then
  cp "$tmp/g.nt" "$golden"; echo "golden file rewritten: $golden"; exit 0
fi
[ -f "$golden" ] || { echo "FAIL: no golden file $golden (run with UPDATE_GOLDEN=1 and review)"; exit 1; }
if ! diff -u "$golden" "$tmp/g.nt" > "$tmp/diff"; then
  echo "FAIL: corpus graph differs from $golden:"; head -60 "$tmp/diff"; exit 1
fi
# the same corpus in reverse order, and on two threads, gives the same graph
mapfile -t files < <(ls "$src"/corpus/*.txt | sort -r)
"$ng" build -q -j 2 "${files[@]}" -o "$tmp/r.nt" || { echo "FAIL: reverse build"; exit 1; }
LC_ALL=C sort "$tmp/r.nt" > "$tmp/r.sorted"
if ! diff -q "$golden" "$tmp/r.sorted" >/dev/null; then
  echo "FAIL: input order or -j changed the graph"; diff -u "$golden" "$tmp/r.sorted" | head -30; exit 1
fi
echo "golden: $(wc -l < "$golden") triples identical (any order, -j 2)"
