#!/usr/bin/env bash
# scale/run.sh — streamed output keeps memory flat, and the progress line
# shows only on a terminal.
#
# Memory: the same articles copied 20 and 80 times (distinct file names, so
# distinct articles); peak resident memory of `build -o - -f nq` and of
# `mentions` on the larger input must stay within 20% (+4 MB) of the smaller
# one, while the output grows fourfold. Not run under sanitizers (their
# shadow memory is no measure of ours). One big article's peak with -j 2
# stays that of -j 1 (its part is written straight out).
# Progress: under script(1) (a terminal) a progress line with files, MB,
# entities, claims and MB/s appears on stderr; --quiet removes it; with stderr
# a pipe there is none, only the summary line.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { echo "FAIL: $*"; fail=$((fail + 1)); }

seed=("$src"/corpus/*.txt "$src"/tests/shards/data/*.txt)
copies() { # copies N DIR
  mkdir -p "$2"
  for ((k = 0; k < $1; k++)); do
    for f in "${seed[@]}"; do cp "$f" "$2/$(printf '%03d' "$k")_${f##*/}"; done
  done
}
copies 20 "$tmp/x20"
copies 80 "$tmp/x80"

peak() { # peak_kb OUTFILE CMD... : runs CMD with stdout to OUTFILE, prints its peak RSS in kB
  python3 - "$@" <<'PY'
import resource, subprocess, sys
with open(sys.argv[1], "wb") as out:
    rc = subprocess.run(sys.argv[2:], stdout=out).returncode
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss if rc == 0 else -1)
PY
}
flat() { # flat NAME kB20 kB80 bytes20 bytes80
  if [ "$2" -le 0 ] || [ "$3" -le 0 ]; then bad "$1: a run failed"; return; fi
  if [ "$5" -lt $(( $4 * 3 )) ]; then bad "$1: output did not grow ($4 -> $5 bytes)"; return; fi
  if [ "$3" -le $(( $2 * 12 / 10 + 4096 )) ]; then ok; else bad "$1: peak memory grew from $2 kB to $3 kB"; fi
  echo "$1: peak $2 kB at 20 copies, $3 kB at 80 copies (output $4 -> $5 bytes)"
}
a=$(peak "$tmp/o20.nq" "$ng" build -q "$tmp/x20" -o - -f nq)
b=$(peak "$tmp/o80.nq" "$ng" build -q "$tmp/x80" -o - -f nq)
flat "build -o - -f nq" "$a" "$b" "$(wc -c < "$tmp/o20.nq")" "$(wc -c < "$tmp/o80.nq")"
a=$(peak "$tmp/m20" "$ng" mentions "$tmp/x20")
b=$(peak "$tmp/m80" "$ng" mentions "$tmp/x80")
flat "mentions" "$a" "$b" "$(wc -c < "$tmp/m20")" "$(wc -c < "$tmp/m80")"
a=$(peak "$tmp/n20" "$ng" build -q -j 2 "$tmp/x20" -o - -f nt)
b=$(peak "$tmp/n80" "$ng" build -q -j 2 "$tmp/x80" -o - -f nt)
flat "build -j 2 -o - -f nt" "$a" "$b" "$(wc -c < "$tmp/n20")" "$(wc -c < "$tmp/n80")"

# one big article (all 80 copies in one file): its part is far larger than
# parts are made, so with threads it is written straight out, not held in a
# writer's memory first (that was 3x the peak of -j 1 for 20 MB)
cat "$tmp"/x80/* > "$tmp/one.txt"
a=$(peak "$tmp/one1.nt" "$ng" build -q -j 1 --max-file-size 1G "$tmp/one.txt" -o - -f nt)
b=$(peak "$tmp/one2.nt" "$ng" build -q -j 2 --max-file-size 1G "$tmp/one.txt" -o - -f nt)
if [ "$a" -gt 0 ] && [ "$b" -gt 0 ] && [ "$b" -le $(( a * 12 / 10 + 4096 )) ]; then ok
else bad "one big article: peak $a kB with -j 1, $b kB with -j 2"; fi
echo "one big article ($(wc -c < "$tmp/one.txt") bytes, $(wc -c < "$tmp/one1.nt") bytes of N-Triples): peak $a kB with -j 1, $b kB with -j 2"

# streamed N-Quads are complete: one named graph per article, entities at the end
[ "$(grep -c "ns#articleEntities>" "$tmp/o80.nq")" = $(( 80 * ${#seed[@]} )) ] && ok || bad "streamed N-Quads lack articles"
rapper -q -i nquads -c "$tmp/o20.nq" 2>/dev/null && ok || bad "streamed N-Quads do not parse"

# no temporary file possible: records stay in memory, with a warning
TMPDIR="$tmp/none" "$ng" build -q "$src/corpus" -o "$tmp/t.nt" 2> "$tmp/err"; rc=$?
[ $rc = 0 ] && grep -q 'warning\[NG-020\].*kept in memory' "$tmp/err" && rapper -q -i ntriples -c "$tmp/t.nt" 2>/dev/null &&
  ok || bad "no temporary directory: exit $rc, $(head -c 200 "$tmp/err")"

# progress: on a terminal only, and never when CI is set (CI logs are
# captured through a terminal by some runners); CI itself sets CI, so the
# terminal checks run with it unset
env -u CI script -qfec "'$ng' build '$tmp/x20' -o '$tmp/p.nt'" /dev/null > "$tmp/tty.out" 2>&1
grep -q 'files, [0-9.]* MB, [0-9]* entities, [0-9]* claims, [0-9.]* MB/s' "$tmp/tty.out" && ok ||
  bad "no progress line on a terminal"
grep -q "newsgraph: $(( 20 * ${#seed[@]} )) articles, " "$tmp/tty.out" && ok || bad "no summary line on a terminal"
env -u CI script -qfec "'$ng' build --quiet '$tmp/x20' -o '$tmp/p.nt'" /dev/null > "$tmp/tty.out" 2>&1
[ ! -s "$tmp/tty.out" ] && ok || bad "--quiet still printed: $(head -c 200 "$tmp/tty.out")"
CI=true script -qfec "'$ng' build '$tmp/x20' -o '$tmp/p.nt'" /dev/null > "$tmp/tty.out" 2>&1
! grep -q 'MB/s' "$tmp/tty.out" && grep -q 'articles, .* entities, .* relations' "$tmp/tty.out" && ok ||
  bad "CI set: progress shown on a terminal or summary missing"
"$ng" build "$tmp/x20" -o "$tmp/p.nt" 2> "$tmp/pipe.err"
! grep -q 'MB/s' "$tmp/pipe.err" && grep -q 'articles, .* entities, .* relations' "$tmp/pipe.err" && ok ||
  bad "stderr to a pipe: progress shown or summary missing"

echo "scale: $pass passed, $fail failed"
[ $fail = 0 ]
