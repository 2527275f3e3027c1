#!/usr/bin/env bash
# bench/run.sh — throughput and peak memory of newsgraph on a large input.
#
# Builds a ≥ 20 MB article by repeating corpus/ and ../shared/eval/re3d-dev/docs
# (one big file, and the same text as many small files), then times
# `mentions` and `build -o .nt` (median of 3 runs each) and reports MB/s,
# words/s and peak resident memory (from /usr/bin/time or getrusage via
# python), with `wc -w` on the same file as a yardstick.
#   usage: bench/run.sh [BUILD_DIR] [SCALE...]     (default: build, scales 1 4 16)
set -eu
cd "$(dirname "$0")/.."
bdir=${1:-build}; shift || true
scales=${*:-1}
ng="$PWD/$bdir/cli/newsgraph"
[ -x "$ng" ] || { echo "no $ng: build first (meson setup $bdir && ninja -C $bdir)"; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
seed="$work/seed.txt"
: > "$seed"
for f in corpus/*.txt ../shared/eval/re3d-dev/docs/*.txt; do
  [ -f "$f" ] && { cat "$f"; printf '\n\n'; } >> "$seed"
done
seed_bytes=$(wc -c < "$seed")

measure() { # prints "seconds maxrss_kb" of running "$@"
  python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
dt = time.perf_counter() - t
print("%.4f %d" % (dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss))
PY
}
median3() { sort -n | sed -n 2p; }

printf '%-8s %-10s %-16s %10s %10s %12s %10s\n' scale MB task seconds MB/s Mwords/s peak_MB
for scale in $scales; do
  target=$((20 * 1000 * 1000 * scale))
  dir="$work/s$scale"; mkdir -p "$dir"
  big="$dir/big.txt"; : > "$big"
  while [ "$(wc -c < "$big")" -lt "$target" ]; do cat "$seed" "$seed" "$seed" "$seed" >> "$big"; done
  bytes=$(wc -c < "$big"); mb=$(python3 -c "print(round($bytes/1e6,1))")
  words=$(wc -w < "$big")
  wc_t=$( (for i in 1 2 3; do measure wc -w "$big" | cut -d' ' -f1; done) | median3)
  printf '%-8s %-10s %-16s %10.3f %10.1f %12.2f %10s\n' "$scale" "$mb" "wc -w" "$wc_t" \
    "$(python3 -c "print($bytes/1e6/$wc_t)")" "$(python3 -c "print($words/1e6/$wc_t)")" -
  for task in mentions build-nt; do
    if [ $task = mentions ]; then cmd=("$ng" mentions "$big"); else cmd=("$ng" build -q "$big" -o "$dir/out.nt"); fi
    res=$(for i in 1 2 3; do measure "${cmd[@]}"; done | sort -n | sed -n 2p)
    t=${res% *}; rss=${res#* }
    printf '%-8s %-10s %-16s %10.3f %10.1f %12.2f %10.1f\n' "$scale" "$mb" "$task" "$t" \
      "$(python3 -c "print($bytes/1e6/$t)")" "$(python3 -c "print($words/1e6/$t)")" "$(python3 -c "print($rss/1024)")"
  done
done
echo "(input: corpus/ + re3d-dev docs repeated; seed $seed_bytes bytes; medians of 3 runs)"
