#!/usr/bin/env bash
# bad/run.sh — inputs that must fail cleanly: the documented exit status, a
# diagnostic naming the file with the expected code, no crash (no signal exit),
# and no output file left behind (or the complete graph of the good inputs).
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d); trap 'chmod -R u+rwx "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0 fail=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }

# expect NAME STATUS CODE FILE-IN-MESSAGE -- command...
expect() {
  local name=$1 want=$2 code=$3 file=$4; shift 5
  local out="$tmp/$name.out" err="$tmp/$name.err"
  timeout 120 "$@" > "$out" 2> "$err"; local rc=$?
  if [ $rc -ge 124 ]; then bad "$name: crashed, hung or killed (status $rc)"; cat "$err" | head -5; return; fi
  [ $rc -eq "$want" ] || { bad "$name: exit status $rc, expected $want"; head -5 "$err"; return; }
  if [ -n "$code" ]; then
    grep -q -- "$file:[0-9]*:[0-9]*: error\[$code\]" "$err" || { bad "$name: no '$file:L:C: error[$code]' in stderr:"; head -5 "$err"; return; }
  fi
  ok
}

printf '' > "$tmp/empty.txt"
printf '   \n\n  \t\n' > "$tmp/blank.txt"
printf 'Kerry met Lavrov in \xC3\x28 Geneva.\n' > "$tmp/badutf8.txt"
printf 'overlong \xC0\xAF slash\n' > "$tmp/overlong.txt"
printf 'surrogate \xED\xA0\x80 here\n' > "$tmp/surrogate.txt"
printf 'truncated at end \xE2\x82' > "$tmp/truncated.txt"
printf 'ELF\x00\x01\x02\x03binary\x00\x00' > "$tmp/binary.txt"
head -c 5000000 /dev/zero | tr '\0' 'a' > "$tmp/longline.txt"   # 5 MB, no newline
printf '<html><body><p>Russian Foreign Minister Sergei Lavrov met <b>John Kerry<p>in Geneva.<div><span>unclosed' > "$tmp/malformed.html"
python3 -c "import sys; sys.stdout.write('<html><body><p>Sergei Lavrov met John Kerry.</p>' + '<div>'*100000 + 'deep text' + '</div>'*100000 + '</body></html>')" > "$tmp/deep.html"
mkdir -p "$tmp/noarticles" && echo x > "$tmp/noarticles/readme.pdf"
good="$src/corpus/000_b2191d97fa7ee836.txt"

expect missing 1 NG-009 "$tmp/nope.txt" -- "$ng" build "$tmp/nope.txt" -o "$tmp/missing.ttl"
expect noarticles 1 NG-002 "$tmp/noarticles" -- "$ng" build "$tmp/noarticles" -o "$tmp/noart.ttl"
expect empty 1 NG-003 "$tmp/empty.txt" -- "$ng" mentions "$tmp/empty.txt"
expect blank 1 NG-003 "$tmp/blank.txt" -- "$ng" mentions "$tmp/blank.txt"
expect badutf8 1 NG-004 "$tmp/badutf8.txt" -- "$ng" mentions "$tmp/badutf8.txt"
grep -q "badutf8.txt:1:21: error\[NG-004\]" "$tmp/badutf8.err" && ok || bad "badutf8: position should be 1:21: $(cat "$tmp/badutf8.err")"
expect overlong 1 NG-004 "$tmp/overlong.txt" -- "$ng" mentions "$tmp/overlong.txt"
expect surrogate 1 NG-004 "$tmp/surrogate.txt" -- "$ng" mentions "$tmp/surrogate.txt"
expect truncated 1 NG-004 "$tmp/truncated.txt" -- "$ng" mentions "$tmp/truncated.txt"
expect binary 1 NG-005 "$tmp/binary.txt" -- "$ng" mentions "$tmp/binary.txt"
expect longline 0 "" "" -- "$ng" build -q "$tmp/longline.txt" -o "$tmp/longline.ttl"
expect malformed 0 "" "" -- "$ng" mentions "$tmp/malformed.html"
grep -q 'person/sergei-lavrov"' "$tmp/malformed.out" && ok || bad "malformed HTML: Lavrov not found in $(head -c 300 "$tmp/malformed.out")"
expect deep 0 "" "" -- "$ng" mentions "$tmp/deep.html"
grep -q '"text":"John Kerry"' "$tmp/deep.out" && ok || bad "deeply nested HTML: Kerry not found"
expect toobig 1 NG-006 "$tmp/longline.txt" -- "$ng" mentions --max-file-size 1M "$tmp/longline.txt"

# a bad input among good ones: status 1, and the graph of the rest is written whole
expect mixed 1 NG-004 "$tmp/badutf8.txt" -- "$ng" build -q "$good" "$tmp/badutf8.txt" -o "$tmp/mixed.ttl"
rapper -q -i turtle -c "$tmp/mixed.ttl" 2>/dev/null && ok || bad "mixed: the graph of the good input was not written completely"
grep -q "Lavrov" "$tmp/mixed.ttl" && ok || bad "mixed: good article missing from the graph"

# usage errors: status 2, nothing written
expect usage-noout 2 NG-030 newsgraph -- "$ng" build "$good"
expect usage-ext 2 NG-030 newsgraph -- "$ng" build "$good" -o "$tmp/g.xyz"
expect usage-cmd 2 NG-030 newsgraph -- "$ng" frobnicate "$good"
expect usage-j 2 NG-030 newsgraph -- "$ng" build -j zero "$good" -o "$tmp/j.ttl"
[ ! -e "$tmp/g.xyz" ] && ok || bad "usage error left an output file"

# unwritable outputs: status 2, no file, no temporary left behind
expect outdir 2 NG-020 "$tmp/nodir/g.ttl" -- "$ng" build -q "$good" -o "$tmp/nodir/g.ttl"
mkdir -p "$tmp/ro"; chmod 555 "$tmp/ro"
if [ "$(id -u)" != 0 ]; then
  expect readonly 2 NG-020 "$tmp/ro/g.ttl" -- "$ng" build -q "$good" -o "$tmp/ro/g.ttl"
fi
expect devfull 2 NG-020 "-" -- sh -c "'$ng' build -q '$good' -o - -f nt > /dev/full"
ls "$tmp"/ro "$tmp" | grep -q '\.tmp\.' && bad "a temporary output file was left behind" || ok
# SIGPIPE on -o -: a clean error, no crash
( "$ng" build -q "$src/corpus" -o - -f nt 2> "$tmp/pipe.err" | head -c 10 > /dev/null ); rc=${PIPESTATUS[0]}
[ "$rc" -lt 128 ] && ok || bad "SIGPIPE killed newsgraph (status $rc)"

# a directory loop through a symbolic link terminates
mkdir -p "$tmp/loop/a" && cp "$good" "$tmp/loop/a/" && ln -s .. "$tmp/loop/a/up"
expect loop 0 "" "" -- "$ng" build -q "$tmp/loop" -o "$tmp/loop.ttl"
# an unreadable file is reported and skipped
if [ "$(id -u)" != 0 ]; then
  cp "$good" "$tmp/secret.txt"; chmod 000 "$tmp/secret.txt"
  expect unreadable 1 NG-001 "$tmp/secret.txt" -- "$ng" mentions "$tmp/secret.txt"
fi
echo "bad inputs: $pass passed, $fail failed"
[ $fail -eq 0 ]
