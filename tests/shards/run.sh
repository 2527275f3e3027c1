#!/usr/bin/env bash
# shards/run.sh — `newsgraph merge` of builds over any split of the input
# gives exactly the graph of one build over all of it (sorted, distinct
# N-Quads compared), and -j never changes a byte of any output.
#
# Input: corpus/, tests/shards/data/ (articles whose entities change when the
# input is split: a surname named in full elsewhere, a label decided by name
# counts across articles, a surname that is ambiguous only over everything)
# and ../shared/eval/re3d-dev/docs when present. Splits: halves, round robin
# in three, one part per article and four parts by hash — the parts built with
# GNU parallel, as the README's recipe does — plus a merge of merges. Also:
# merge to Turtle equals build to Turtle, and parts merge can't use exactly
# are refused with exit 1.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
command -v parallel >/dev/null || { echo "FAIL: GNU parallel is not installed (apt-get install parallel)"; exit 1; }
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export SOURCE_DATE_EPOCH=1 # the PROV run description is then the same in every run
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }
same() { # same distinct quads in two N-Quads files
  cmp -s <(LC_ALL=C sort -u "$1") <(LC_ALL=C sort -u "$2")
}

files=("$src"/corpus/*.txt "$src"/tests/shards/data/*.txt)
[ -d "$src/../shared/eval/re3d-dev/docs" ] && files+=("$src"/../shared/eval/re3d-dev/docs/*.txt)
n=${#files[@]}
"$ng" build -q "${files[@]}" -o "$tmp/all.nq" || { echo "FAIL: build of all $n articles"; exit 1; }
"$ng" build -q "${files[@]}" -o "$tmp/all.ttl" || { echo "FAIL: build of all to Turtle"; exit 1; }

# builds every part listed in $tmp/$1/list.* with GNU parallel, merges them
split_check() {
  local name=$1 dir="$tmp/$1"
  ls "$dir"/list.* >/dev/null 2>&1 || { bad "$name: no parts"; return; }
  # one build per part list, two at a time
  if ! parallel --will-cite -j 2 --halt now,fail=1 "xargs -0 '$ng' build -q -o {}.nq < {}" ::: "$dir"/list.*; then
    bad "$name: a part build failed"; return
  fi
  if ! "$ng" merge -q "$dir"/list.*.nq -o "$dir/merged.nq"; then bad "$name: merge exited $?"; return; fi
  if same "$tmp/all.nq" "$dir/merged.nq"; then ok; else
    bad "$name: merged graph differs from the single build"
    diff <(LC_ALL=C sort -u "$tmp/all.nq") <(LC_ALL=C sort -u "$dir/merged.nq") | head -10
  fi
  # parts in reverse order merge to the same graph
  mapfile -t rev < <(ls "$dir"/list.*.nq | sort -r)
  if "$ng" merge -q "${rev[@]}" -o "$dir/rev.nq" && same "$tmp/all.nq" "$dir/rev.nq"; then ok
  else bad "$name: merge in reverse part order differs"; fi
}

# halves
mkdir "$tmp/halves"
printf '%s\0' "${files[@]:0:n/2}" > "$tmp/halves/list.1"
printf '%s\0' "${files[@]:n/2}" > "$tmp/halves/list.2"
split_check halves

# round robin in three
mkdir "$tmp/rr3"
for i in "${!files[@]}"; do printf '%s\0' "${files[$i]}" >> "$tmp/rr3/list.$((i % 3))"; done
split_check rr3

# one part per article
mkdir "$tmp/each"
for i in "${!files[@]}"; do printf '%s\0' "${files[$i]}" > "$tmp/each/list.$i"; done
split_check each

# four parts by a hash of the file name
mkdir "$tmp/hash4"
for f in "${files[@]}"; do
  h=$(printf '%s' "${f##*/}" | cksum | cut -d' ' -f1)
  printf '%s\0' "$f" >> "$tmp/hash4/list.$((h % 4))"
done
split_check hash4

# the split matters: a part alone resolves some entities differently
if grep -q '/entity/person/lavrov>' "$tmp/each/list."*.nq 2>/dev/null &&
   ! grep -q '/entity/person/lavrov>' "$tmp/all.nq"; then ok
else bad "the parts do not exercise cross-article resolution (no lone 'Lavrov' entity in a part)"; fi

# merge of merges
"$ng" merge -q "$tmp"/rr3/list.0.nq "$tmp"/rr3/list.1.nq -o "$tmp/m01.nq" &&
  "$ng" merge -q "$tmp/m01.nq" "$tmp"/rr3/list.2.nq -o "$tmp/m012.nq" &&
  same "$tmp/all.nq" "$tmp/m012.nq" && ok || bad "a merge of merges differs"

# merge to Turtle is the build to Turtle
if "$ng" merge -q "$tmp"/halves/list.*.nq -o "$tmp/m.ttl" &&
   cmp -s <(rapper -q -i turtle -o ntriples "$tmp/all.ttl" | LC_ALL=C sort) \
          <(rapper -q -i turtle -o ntriples "$tmp/m.ttl" | LC_ALL=C sort); then ok
else bad "merge -o .ttl differs from build -o .ttl"; fi

# parts merge cannot use exactly are refused (exit 1, a message, no output)
"$ng" build -q --no-mentions "${files[@]:0:3}" -o "$tmp/nolayer.nq"
"$ng" merge -q "$tmp/nolayer.nq" -o "$tmp/x.nq" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'analysis layer' "$tmp/err" && ok || bad "a part without the analysis layer: exit $rc"
"$ng" merge -q "$tmp"/halves/list.1.nq "$tmp"/halves/list.1.nq -o "$tmp/x.nq" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'earlier part' "$tmp/err" && ok || bad "the same part twice: exit $rc"
"$ng" merge -q --base http://other.example/ "$tmp"/halves/list.1.nq -o "$tmp/x.nq" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'another --base' "$tmp/err" && ok || bad "a part of another base: exit $rc"
printf '<a> <b> "unterminated .\n' > "$tmp/broken.nq"
"$ng" merge -q "$tmp/broken.nq" "$tmp"/halves/list.1.nq -o "$tmp/x.nq" 2> "$tmp/err"; rc=$?
[ $rc = 1 ] && grep -q 'broken.nq' "$tmp/err" && [ -s "$tmp/x.nq" ] && ok || bad "a broken part: exit $rc"

# -j: byte-identical outputs
for out in nq nt ttl json; do
  "$ng" build -q -j 1 "${files[@]}" -o "$tmp/j1.$out" && "$ng" build -q -j 2 "${files[@]}" -o "$tmp/j2.$out" &&
    cmp -s "$tmp/j1.$out" "$tmp/j2.$out" && ok || bad "build -o .$out differs between -j 1 and -j 2"
done
for cmd in mentions relations; do
  cmp -s <("$ng" $cmd -j 1 "${files[@]}") <("$ng" $cmd -j 2 "${files[@]}") && ok || bad "$cmd differs between -j 1 and -j 2"
done
"$ng" merge -q -j 2 "$tmp"/rr3/list.*.nq -o "$tmp/mj2.nq" && "$ng" merge -q -j 1 "$tmp"/rr3/list.*.nq -o "$tmp/mj1.nq" &&
  cmp -s "$tmp/mj1.nq" "$tmp/mj2.nq" && ok || bad "merge differs between -j 1 and -j 2"

# streamed .nt holds the triples of the in-memory Turtle
cmp -s <(rapper -q -i turtle -o ntriples "$tmp/all.ttl" | LC_ALL=C sort) <(LC_ALL=C sort "$tmp/j1.nt") && ok ||
  bad "streamed N-Triples differ from Turtle"

echo "shards: $pass passed, $fail failed ($n articles)"
[ $fail = 0 ]
