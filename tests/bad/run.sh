#!/usr/bin/env bash
# bad/run.sh — hostile inputs and outputs that must fail cleanly: the
# documented exit status (0 success, 1 an input was reported and skipped,
# 2 usage error or unwritable output), a diagnostic `path:line:col:
# error[NG-nnn]` naming the file, no crash (no signal exit, no sanitizer
# report), no hang (every command runs under `timeout`), and no output file
# left behind half written (no target, no *.tmp.* beside it) — or, when good
# inputs came with the bad ones, the complete graph of the good ones.
#
# Cases: empty/blank, NUL bytes, control bytes, invalid UTF-8 of every kind
# (bad continuation, overlong, surrogate, above U+10FFFF, truncated), a
# 100 MB file (generated here and deleted), a 10 MB line, 100,000-deep
# nested HTML, HTML with external entities (XXE, checked against a local
# HTTP listener and a local secret file) and <script>, an entity bomb,
# directory loops and self-referencing symlinks, unreadable files and
# directories, the --max-file-size and --max-article limits, usage errors,
# unwritable outputs (missing dir, read-only dir, /dev/full, a full tmpfs),
# a FIFO or device as the output (written in place, never replaced), and a
# closed pipe on -o - (SIGPIPE).
#
# Cases that cannot run on this machine say SKIP and why; they never pass
# silently.
set -u
ng=${NEWSGRAPH:?} ; src=${SRC:-.}
tmp=$(mktemp -d)
pub=$(mktemp -d)   # world-readable scratch for the case run as user nobody
listener=
cleanup() {
  [ -n "$listener" ] && kill "$listener" 2>/dev/null
  chmod -R u+rwx "$tmp" "$pub" 2>/dev/null
  rm -rf "$tmp" "$pub"
}
trap cleanup EXIT
pass=0 fail=0 skip=0
ok() { pass=$((pass+1)); }
bad() { fail=$((fail+1)); echo "FAIL: $*"; }
skipped() { skip=$((skip+1)); echo "SKIP: $*"; }
good="$src/corpus/000_b2191d97fa7ee836.txt"

# expect NAME STATUS CODE FILE-IN-MESSAGE -- command...
# Runs the command (stdout/stderr to $tmp/NAME.out/.err) under a timeout and
# checks the exit status and, when CODE is given, a diagnostic naming FILE
# with that code. TIMEOUT (seconds, default 120) may be set per call.
expect() {
  local name=$1 want=$2 code=$3 file=$4; shift 5
  local out="$tmp/$name.out" err="$tmp/$name.err"
  timeout "${TIMEOUT:-120}" "$@" > "$out" 2> "$err"; local rc=$?
  if [ $rc -ge 124 ]; then bad "$name: crashed, hung or killed (status $rc)"; head -5 "$err"; return 1; fi
  [ $rc -eq "$want" ] || { bad "$name: exit status $rc, expected $want"; head -5 "$err"; return 1; }
  if grep -q 'Sanitizer\|runtime error' "$err"; then bad "$name: sanitizer report"; head -20 "$err"; return 1; fi
  if [ -n "$code" ]; then
    grep -qF -- "$file:" "$err" && grep -q -- ":[0-9]*:[0-9]*: error\[$code\]" "$err" ||
      { bad "$name: no '$file:L:C: error[$code]' in stderr:"; head -5 "$err"; return 1; }
  fi
  ok
}
# check NAME CONDITION — one more assertion about the last case
check() { if eval "$2"; then ok; else bad "$1"; fi; }
# nothing at the target and no temporary beside it
no_output() { [ ! -e "$1" ] && ! ls "$(dirname "$1")" 2>/dev/null | grep -q '\.tmp\.'; }

# ---- unusable text: status 1, the file and the position named ----
printf '' > "$tmp/empty.txt"
printf '   \n\n  \t\n' > "$tmp/blank.txt"
printf 'Kerry met Lavrov in \xC3\x28 Geneva.\n' > "$tmp/badutf8.txt"
printf 'overlong \xC0\xAF slash\n' > "$tmp/overlong.txt"
printf 'overlong four \xF0\x8F\xBF\xBF bytes\n' > "$tmp/overlong4.txt"
printf 'surrogate \xED\xA0\x80 here\n' > "$tmp/surrogate.txt"
printf 'low surrogate \xED\xBF\xBF here\n' > "$tmp/surrogate2.txt"
printf 'beyond \xF4\x90\x80\x80 U+10FFFF\n' > "$tmp/above.txt"
printf 'lone \x80 continuation\n' > "$tmp/lone.txt"
printf 'five-byte \xF8\x88\x80\x80\x80 lead\n' > "$tmp/fivebyte.txt"
printf 'truncated at end \xE2\x82' > "$tmp/truncated.txt"
printf 'ELF\x00\x01\x02\x03binary\x00\x00' > "$tmp/binary.txt"
printf 'Sergei Lavrov met John Kerry.\nSecond line.\nA NUL\x00 on line three.\n' > "$tmp/nul.txt"
printf '<html><body><p>Lavrov\x00</p></body></html>' > "$tmp/nul.html"
head -c 4000 /dev/zero > "$tmp/zeros.txt"
printf 'a\x01b\x02c\x03d\x04e\x05f\x06g\x07h\x08i\x0bj\x0ek\x0fl\n' > "$tmp/controls.txt"
mkdir -p "$tmp/noarticles" && echo x > "$tmp/noarticles/readme.pdf"

expect missing 1 NG-009 "$tmp/nope.txt" -- "$ng" build "$tmp/nope.txt" -o "$tmp/missing.ttl"
expect noarticles 1 NG-002 "$tmp/noarticles" -- "$ng" build "$tmp/noarticles" -o "$tmp/noart.ttl"
expect empty 1 NG-003 "$tmp/empty.txt" -- "$ng" mentions "$tmp/empty.txt"
expect blank 1 NG-003 "$tmp/blank.txt" -- "$ng" mentions "$tmp/blank.txt"
expect badutf8 1 NG-004 "$tmp/badutf8.txt" -- "$ng" mentions "$tmp/badutf8.txt"
check "badutf8: position 1:21" 'grep -q "badutf8.txt:1:21: error\[NG-004\]" "$tmp/badutf8.err"'
expect overlong 1 NG-004 "$tmp/overlong.txt" -- "$ng" mentions "$tmp/overlong.txt"
check "overlong: named as overlong at 1:10" 'grep -q "overlong.txt:1:10: error\[NG-004\].*overlong" "$tmp/overlong.err"'
expect overlong4 1 NG-004 "$tmp/overlong4.txt" -- "$ng" mentions "$tmp/overlong4.txt"
expect surrogate 1 NG-004 "$tmp/surrogate.txt" -- "$ng" mentions "$tmp/surrogate.txt"
check "surrogate: named as surrogate" 'grep -q "surrogate" "$tmp/surrogate.err"'
expect surrogate2 1 NG-004 "$tmp/surrogate2.txt" -- "$ng" mentions "$tmp/surrogate2.txt"
expect above 1 NG-004 "$tmp/above.txt" -- "$ng" mentions "$tmp/above.txt"
expect lone 1 NG-004 "$tmp/lone.txt" -- "$ng" mentions "$tmp/lone.txt"
expect fivebyte 1 NG-004 "$tmp/fivebyte.txt" -- "$ng" mentions "$tmp/fivebyte.txt"
expect truncated 1 NG-004 "$tmp/truncated.txt" -- "$ng" mentions "$tmp/truncated.txt"
expect binary 1 NG-005 "$tmp/binary.txt" -- "$ng" mentions "$tmp/binary.txt"
expect nul 1 NG-005 "$tmp/nul.txt" -- "$ng" mentions "$tmp/nul.txt"
check "nul: position 3:6" 'grep -q "nul.txt:3:6: error\[NG-005\]" "$tmp/nul.err"'
expect nul-html 1 NG-005 "$tmp/nul.html" -- "$ng" mentions "$tmp/nul.html"
expect zeros 1 NG-005 "$tmp/zeros.txt" -- "$ng" mentions "$tmp/zeros.txt"
expect controls 1 NG-005 "$tmp/controls.txt" -- "$ng" mentions "$tmp/controls.txt"
for f in nul binary overlong surrogate; do
  expect "build-$f" 1 "" "" -- "$ng" build -q "$tmp/$f.txt" -o "$tmp/out-$f.nt"
  check "build-$f: the (empty) graph of no good input is complete" 'rapper -q -i ntriples -c "$tmp/out-$f.nt" 2>/dev/null'
done

# a bad input among good ones: status 1, and the graph of the rest is written whole
expect mixed 1 NG-004 "$tmp/badutf8.txt" -- "$ng" build -q "$good" "$tmp/badutf8.txt" -o "$tmp/mixed.ttl"
check "mixed: the graph of the good input parses" 'rapper -q -i turtle -c "$tmp/mixed.ttl" 2>/dev/null'
check "mixed: the good article is in the graph" 'grep -q "Lavrov" "$tmp/mixed.ttl"'

# ---- size: a 100 MB file, one 10 MB line, the limits ----
# 100 MB of real articles in one file, built with appends and deleted after
: > "$tmp/big.txt"
while [ "$(stat -c %s "$tmp/big.txt")" -lt 100000000 ]; do
  cat "$src"/corpus/*.txt "$src"/corpus/*.txt "$src"/corpus/*.txt "$src"/corpus/*.txt >> "$tmp/big.txt"
done
TIMEOUT=600 expect big-limit 1 NG-006 "$tmp/big.txt" -- "$ng" build -q --max-file-size 64M "$tmp/big.txt" -o "$tmp/big-limit.nt"
check "100 MB over --max-file-size 64M: said so" 'grep -q "larger than the limit of 64 MB (--max-file-size)" "$tmp/big-limit.err"'
TIMEOUT=600 expect big 0 "" "" -- "$ng" mentions "$tmp/big.txt"
check "100 MB file: mentions found throughout" \
  '[ "$(wc -l < "$tmp/big.out")" -gt 100000 ] && [ "$(tail -1 "$tmp/big.out" | jq ".begin > 99000000")" = true ]'
rm -f "$tmp/big.txt" "$tmp/big.out"

# one 10 MB line: a single 10 MB word, and 10 MB of prose with names and no
# sentence end (the tokenizer cuts such runs, so relations stay linear)
head -c 10485760 /dev/zero | tr '\0' 'a' > "$tmp/longword.txt"
TIMEOUT=300 expect longword 0 "" "" -- "$ng" build -q "$tmp/longword.txt" -o "$tmp/longword.ttl"
check "10 MB word: a graph is written" 'rapper -q -i turtle -c "$tmp/longword.ttl" 2>/dev/null'
python3 - "$tmp/longline.txt" <<'PY'
import sys
block = ('Sergei Lavrov met John Kerry in Geneva, and ' +
         'the talks went on for hours without a word about the weather or the roads, ' * 12)
with open(sys.argv[1], 'w') as f:
    n = 0
    while n < 10 * 1024 * 1024:
        f.write(block); n += len(block)
PY
TIMEOUT=600 expect longline 0 "" "" -- "$ng" build -q "$tmp/longline.txt" -o "$tmp/longline.nt"
check "10 MB line: the graph is complete N-Triples with the relation" \
  '[ "$(tail -c 3 "$tmp/longline.nt")" = " ." ] && grep -q "ns#communicatedWith" "$tmp/longline.nt"'
rm -f "$tmp/longword.txt" "$tmp/longline.txt" "$tmp/longline.nt"

expect toobig 1 NG-006 "$good" -- "$ng" mentions --max-file-size 4k "$good"
check "toobig: names the limit option" 'grep -q "larger than the limit of 4096 bytes (--max-file-size)" "$tmp/toobig.err"'
check "toobig: nothing written" '[ ! -s "$tmp/toobig.out" ]'
expect toobig-dir 1 NG-006 "$src/corpus/004_8a1e4f187857fb20.txt" -- "$ng" build -q --max-file-size 8000 "$src/corpus" -o "$tmp/limited.ttl"
check "toobig-dir: one file skipped, the rest written" \
  '[ "$(grep -c "error\[NG-006\]" "$tmp/toobig-dir.err")" -eq 1 ] && rapper -q -i turtle -c "$tmp/limited.ttl" 2>/dev/null && grep -q "doc/003_c473f54173712cb4>" "$tmp/limited.ttl" && ! grep -q "doc/004_8a1e4f187857fb20>" "$tmp/limited.ttl"'
# --max-article: a warning naming the file, the article's start is analysed
expect maxarticle 0 "" "" -- "$ng" mentions --max-article 600 "$good"
check "max-article: warning names the file and the limit" \
  'grep -q "000_b2191d97fa7ee836.txt:[0-9]*:[0-9]*: warning\[NG-006\].*only the first 600 are analysed (--max-article)" "$tmp/maxarticle.err"'
check "max-article: mentions only before byte 600" \
  '[ -s "$tmp/maxarticle.out" ] && [ "$(jq -s "map(.end) | max <= 600" "$tmp/maxarticle.out")" = true ]'
expect badsize 2 NG-030 newsgraph -- "$ng" mentions --max-file-size lots "$good"
expect badarticle 2 NG-030 newsgraph -- "$ng" mentions --max-article 12Q "$good"

# ---- HTML: malformed, deep, external entities, script, entity bomb ----
printf '<html><body><p>Russian Foreign Minister Sergei Lavrov met <b>John Kerry<p>in Geneva.<div><span>unclosed' > "$tmp/malformed.html"
python3 -c "import sys; sys.stdout.write('<html><body><p>Sergei Lavrov met John Kerry.</p>' + '<div>'*100000 + 'deep text' + '</div>'*100000 + '</body></html>')" > "$tmp/deep.html"
python3 -c "import sys; sys.stdout.write('<html><body><p>Sergei Lavrov met John Kerry.</p>' + '<span><b>'*100000 + 'deep inline text')" > "$tmp/deepinline.html"
expect malformed 0 "" "" -- "$ng" mentions "$tmp/malformed.html"
check "malformed HTML: Lavrov found" 'grep -q "person/sergei-lavrov\"" "$tmp/malformed.out"'
expect deep 0 "" "" -- "$ng" mentions "$tmp/deep.html"
check "100,000-deep HTML: Kerry found" 'grep -q "\"text\":\"John Kerry\"" "$tmp/deep.out"'
expect deepinline 0 "" "" -- "$ng" build -q "$tmp/deepinline.html" -o "$tmp/deepinline.ttl"
check "100,000-deep unclosed inline HTML: graph written" 'rapper -q -i turtle -c "$tmp/deepinline.ttl" 2>/dev/null'

# XXE: entities naming a local secret file and a local HTTP listener; neither
# may be read or contacted, and <script>/<style> text is never analysed
echo "XXESECRET Vladimir Putin" > "$tmp/secret.txt"
port=
if command -v python3 >/dev/null; then
  python3 - "$tmp/hits" "$tmp/port" <<'PY' &
import http.server, sys
hits, portfile = sys.argv[1], sys.argv[2]
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        open(hits, 'a').write(self.path + '\n')
        self.send_response(200); self.end_headers()
        self.wfile.write(b'<!ENTITY leak "XXENETWORK Barack Obama">')
    def log_message(self, *a): pass
s = http.server.HTTPServer(('127.0.0.1', 0), H)
open(portfile + '.tmp', 'w').write(str(s.server_address[1])); __import__('os').rename(portfile + '.tmp', portfile)
s.serve_forever()
PY
  listener=$!
  for _ in $(seq 50); do [ -s "$tmp/port" ] && break; sleep 0.1; done
  port=$(cat "$tmp/port" 2>/dev/null)
fi
if [ -n "$port" ]; then
  cat > "$tmp/xxe.html" <<EOF
<?xml version="1.0"?>
<!DOCTYPE html [
  <!ENTITY xxe SYSTEM "file://$tmp/secret.txt">
  <!ENTITY net SYSTEM "http://127.0.0.1:$port/entity">
  <!ENTITY % pe SYSTEM "http://127.0.0.1:$port/dtd"> %pe;
]>
<html><head><title>XXE</title>
<link rel="stylesheet" href="http://127.0.0.1:$port/style.css">
<script src="http://127.0.0.1:$port/x.js"></script>
<script>var name = "Donald Trump"; // script text must not be read</script>
<style>.x { content: "Angela Merkel"; }</style></head>
<body><p>Russian Foreign Minister Sergei Lavrov met John Kerry in Geneva. &xxe; &net; &leak;</p>
<iframe src="file://$tmp/secret.txt"></iframe><img src="http://127.0.0.1:$port/i.png">
<object data="http://127.0.0.1:$port/o"></object></body></html>
EOF
  expect xxe 0 "" "" -- "$ng" build -q "$tmp/xxe.html" -o "$tmp/xxe.nt"
  check "XXE: the article is read" 'grep -q "person/sergei-lavrov>" "$tmp/xxe.nt"'
  check "XXE: no local file expanded" '! grep -q "XXESECRET\|Putin" "$tmp/xxe.nt"'
  check "XXE: no network entity expanded" '! grep -q "XXENETWORK\|Obama" "$tmp/xxe.nt"'
  check "script and style text not analysed" '! grep -q "Trump\|Merkel" "$tmp/xxe.nt"'
  "$ng" mentions "$tmp/xxe.html" > "$tmp/xxe.jsonl" 2>/dev/null
  check "XXE: no mention from entities or scripts" '! grep -q "Putin\|Obama\|Trump\|Merkel" "$tmp/xxe.jsonl"'
  sleep 0.2
  check "XXE: nothing contacted the local HTTP listener" '[ ! -s "$tmp/hits" ]' || cat "$tmp/hits"
else
  skipped "XXE network check: no local HTTP listener could be started (python3 missing?)"
fi
# an entity bomb must neither expand nor take long
{ echo '<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol "lol">'
  prev=lol; for i in 1 2 3 4 5 6 7 8 9; do echo "<!ENTITY lol$i \"$(printf "&$prev;%.0s" 1 2 3 4 5 6 7 8 9 10)\">"; prev=lol$i; done
  echo ']><html><body><p>Sergei Lavrov met John Kerry. &lol9;</p></body></html>'; } > "$tmp/bomb.html"
TIMEOUT=20 expect bomb 0 "" "" -- "$ng" build -q "$tmp/bomb.html" -o "$tmp/bomb.ttl"
check "entity bomb: not expanded" '[ "$(stat -c %s "$tmp/bomb.ttl")" -lt 100000 ] && ! grep -q "lollollol" "$tmp/bomb.ttl"'

# ---- directories: loops, self-referencing links, unreadable entries ----
mkdir -p "$tmp/loop/a/b" && cp "$good" "$tmp/loop/a/" && ln -s .. "$tmp/loop/a/b/up" && ln -s "$tmp/loop" "$tmp/loop/a/root"
expect loop 0 "" "" -- "$ng" build "$tmp/loop" -o "$tmp/loop.ttl"
check "loop: reported as a warning naming the link" 'grep -q "loop/a/b/up:[0-9]*:[0-9]*: warning\[NG-008\]" "$tmp/loop.err"'
check "loop: the article is read once" '[ "$(grep -c "a schema:NewsArticle\|schema:NewsArticle" "$tmp/loop.ttl")" -eq 1 ]'
mkdir -p "$tmp/links" && cp "$good" "$tmp/links/" && ln -s self.txt "$tmp/links/self.txt" && ln -s nowhere.txt "$tmp/links/dangling.txt"
expect selflink 1 NG-001 "$tmp/links/self.txt" -- "$ng" build -q "$tmp/links" -o "$tmp/links.ttl"
check "dangling link reported as missing" 'grep -q "links/dangling.txt:[0-9]*:[0-9]*: error\[NG-009\]" "$tmp/selflink.err"'
check "links: the good article is still written" 'grep -q "Lavrov" "$tmp/links.ttl"'

# unreadable file and directory: chmod 000 stops every user but root, so as
# root the case runs as user nobody (setpriv) in a world-readable scratch dir
as_user=()
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null && setpriv --reuid=nobody --regid=nogroup --clear-groups true 2>/dev/null &&
     setpriv --reuid=nobody --regid=nogroup --clear-groups test -x "$ng"; then
    as_user=(setpriv --reuid=nobody --regid=nogroup --clear-groups)
  fi
fi
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  chmod 755 "$pub"
  mkdir -p "$pub/in/closed" && cp "$good" "$pub/in/" && cp "$good" "$pub/in/secret.txt" && cp "$good" "$pub/in/closed/x.txt"
  chmod 000 "$pub/in/secret.txt" "$pub/in/closed"; chmod 777 "$pub"
  expect unreadable 1 NG-001 "$pub/in/secret.txt" -- "${as_user[@]}" "$ng" build -q "$pub/in" -o "$pub/unreadable.ttl"
  check "unreadable directory reported" 'grep -q "in/closed:[0-9]*:[0-9]*: error\[NG-001\]" "$tmp/unreadable.err"'
  check "unreadable: the readable article is written" 'grep -q "Lavrov" "$pub/unreadable.ttl"'
  expect unreadable-file 1 NG-001 "$pub/in/secret.txt" -- "${as_user[@]}" "$ng" mentions "$pub/in/secret.txt"
else
  skipped "unreadable files: running as root and cannot drop to user nobody (setpriv), so chmod 000 stops nothing"
fi

# ---- usage errors: status 2, nothing written ----
expect usage-noout 2 NG-030 newsgraph -- "$ng" build "$good"
expect usage-ext 2 NG-030 newsgraph -- "$ng" build "$good" -o "$tmp/g.xyz"
check "usage error left no output file" '[ ! -e "$tmp/g.xyz" ]'
expect usage-cmd 2 NG-030 newsgraph -- "$ng" frobnicate "$good"
expect usage-j 2 NG-030 newsgraph -- "$ng" build -j zero "$good" -o "$tmp/j.ttl"
expect usage-opt 2 NG-030 newsgraph -- "$ng" build --no-such-option "$good" -o "$tmp/o.ttl"
expect usage-noarg 2 NG-030 newsgraph -- "$ng" build "$good" -o

# ---- unwritable outputs: status 2, the target named, nothing left ----
expect outdir 2 NG-020 "$tmp/nodir/g.ttl" -- "$ng" build -q "$good" -o "$tmp/nodir/g.ttl"
check "outdir: nothing left" 'no_output "$tmp/nodir/g.ttl"'
mkdir -p "$tmp/isdir.ttl"
expect outisdir 2 NG-020 "$tmp/isdir.ttl" -- "$ng" build -q "$good" -o "$tmp/isdir.ttl"
check "output is a directory: no temporary left" '! ls "$tmp" | grep -q "isdir.ttl.tmp"'
if [ "$(id -u)" != 0 ] || [ ${#as_user[@]} -gt 0 ]; then
  mkdir -p "$pub/ro"; chmod 555 "$pub/ro"
  expect readonly 2 NG-020 "$pub/ro/g.ttl" -- "${as_user[@]}" "$ng" build -q "$good" -o "$pub/ro/g.ttl"
  check "read-only dir: nothing left" 'no_output "$pub/ro/g.ttl"'
else
  skipped "read-only output directory: running as root without setpriv"
fi
# a full disk: /dev/full behind -o -, then a 64 KB tmpfs in a private mount namespace
expect devfull 2 NG-020 "-" -- sh -c "'$ng' build -q '$good' -o - -f nt > /dev/full"
expect devfull-mentions 2 NG-020 "-" -- sh -c "'$ng' mentions '$good' > /dev/full"
mkdir -p "$tmp/small"
if [ "$(id -u)" = 0 ]; then ns=(unshare -m); else ns=(unshare -rm); fi
if "${ns[@]}" sh -c 'mount -t tmpfs -o size=64k none "$1"' sh "$tmp/small" 2>/dev/null; then
  expect fulldisk 2 NG-020 "$tmp/small/g.nt" -- "${ns[@]}" sh -c \
    'mount -t tmpfs -o size=64k none "$1" || exit 99; "$2" build -q "$3" -o "$1/g.nt"; rc=$?; ls -A "$1" > "$4"; exit $rc' \
    sh "$tmp/small" "$ng" "$src/corpus" "$tmp/small.ls"
  check "full tmpfs: said 'No space left on device'" 'grep -q "No space left on device" "$tmp/fulldisk.err"'
  check "full tmpfs: nothing left on it" '[ -f "$tmp/small.ls" ] && [ ! -s "$tmp/small.ls" ]'
else
  skipped "full tmpfs: cannot mount a tmpfs in a private mount namespace here (needs root or user namespaces)"
fi
# an existing FIFO (or device) as the output is written in place, not replaced
mkfifo "$tmp/fifo.nt"
( timeout 30 cat "$tmp/fifo.nt" > "$tmp/fifo.got" ) &
reader=$!
expect fifo 0 "" "" -- "$ng" build -q "$good" -o "$tmp/fifo.nt"
wait $reader
check "FIFO output: still a FIFO, and the reader got the graph" \
  '[ -p "$tmp/fifo.nt" ] && rapper -q -i ntriples -c "$tmp/fifo.got" 2>/dev/null && grep -q Lavrov "$tmp/fifo.got"'
[ -p "$tmp/fifo.nt" ] || rm -f "$tmp/fifo.nt"
# devices as -o: private nodes for /dev/full and /dev/null (never the real
# ones: a regression would rename a file over them), root only
if [ "$(id -u)" = 0 ] && mknod "$tmp/full.nt" c 1 7 2>/dev/null && mknod "$tmp/null.ttl" c 1 3 2>/dev/null; then
  expect devfull-node 2 NG-020 "$tmp/full.nt" -- "$ng" build -q "$good" -o "$tmp/full.nt"
  check "full device: said 'No space left on device', still a device" \
    'grep -q "No space left on device" "$tmp/devfull-node.err" && [ -c "$tmp/full.nt" ]'
  expect devnull-node 0 "" "" -- "$ng" build -q "$good" -o "$tmp/null.ttl"
  check "null device: still a device" '[ -c "$tmp/null.ttl" ]'
else
  skipped "device nodes as output: mknod needs root"
fi

# SIGPIPE: a reader that goes away must give a clean error, not a signal.
# The corpus graph (over 1 MB) is far beyond a pipe's buffer, so the write
# after `head` has gone must fail.
mkdir -p "$tmp/many"
for i in 1 2 3 4 5 6 7 8; do for f in "$src"/corpus/*.txt; do cp "$f" "$tmp/many/$i-$(basename "$f")"; done; done
for cmd in "build -q $src/corpus -o - -f nt" "build -q $src/corpus -o - -f ttl" "mentions $tmp/many" "relations $tmp/many"; do
  name="pipe-${cmd%% *}-${cmd##* }"; name=${name//\//_}
  timeout 120 "$ng" $cmd 2> "$tmp/$name.err" | head -c 10 > /dev/null
  rc=${PIPESTATUS[0]}
  if [ "$rc" -eq 2 ] && grep -q "^-:[0-9]*:[0-9]*: error\[NG-020\].*Broken pipe" "$tmp/$name.err"; then ok
  else bad "$name: closed pipe gave status $rc (want 2 and an NG-020 'Broken pipe' report): $(head -3 "$tmp/$name.err")"; fi
done

echo "bad inputs: $pass passed, $fail failed, $skip skipped"
[ $fail -eq 0 ]
