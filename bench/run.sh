#!/usr/bin/env bash
# bench/run.sh — throughput, scaling and peak memory of newsgraph.
#
# Input: the articles of corpus/ and ../shared/eval/re3d-dev/docs copied
# under distinct names (so each copy is its own article, as news arrives)
# until they hold >= 20 MB, and the same at 4x and 16x. `wc -w` over the
# concatenation of the same text is the yardstick. For each scale: `wc -w`,
# `mentions`, `build -o .nt` (default -j: one thread per CPU, at most 8),
# and at 1x also -j 1 for both, the streamed `build -o .nq`, and the same
# 20 MB as one single article file.
# Wall seconds are medians of RUNS runs (default 3) at 1x — the tasks taken
# round robin — and one run at larger scales; peak memory is the maximum resident set size (/usr/bin/time -v, or
# getrusage without it). The machine's load average is printed with the
# figures: other processes on a 2-core machine slow the threaded runs most.
#   usage: bench/run.sh [BUILD_DIR] [SCALE...]   (default: build, scales 1 4 16)
#   env:   RUNS=3  BENCH_DIR=<a temporary directory>  KEEP=1 keeps it
set -eu
cd "$(dirname "$0")/.."
bdir=${1:-build}; shift || true
scales=${*:-1 4 16}
runs=${RUNS:-3}
ng="$PWD/$bdir/cli/newsgraph"
[ -x "$ng" ] || { echo "no $ng: build first (meson setup $bdir -Dbuildtype=release && ninja -C $bdir)"; exit 2; }
work=${BENCH_DIR:-$(mktemp -d)}
mkdir -p "$work"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
seed=(corpus/*.txt)
[ -d ../shared/eval/re3d-dev/docs ] && seed+=(../shared/eval/re3d-dev/docs/*.txt)
seed_bytes=$(cat "${seed[@]}" | wc -c)

# measure CMD... -> "wall_s cpu_s peak_kB" (stdout of CMD discarded)
measure() {
  if [ -x /usr/bin/time ]; then
    local t0 t1 out
    out=$(mktemp)
    t0=$(date +%s.%N)
    /usr/bin/time -v -o "$out" "$@" > /dev/null
    t1=$(date +%s.%N)
    awk -v w="$(calc "$t1 - $t0")" '
      /User time/ {u = $NF} /System time/ {s = $NF} /Maximum resident/ {m = $NF}
      END {printf "%.4f %.3f %d\n", w, u + s, m}' "$out"
    rm -f "$out"
  else
    python3 - "$@" <<'PY'
import resource, subprocess, sys, time
t = time.perf_counter()
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True)
w = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
print("%.4f %.3f %d" % (w, r.ru_utime + r.ru_stime, r.ru_maxrss))
PY
  fi
}

calc() { awk "BEGIN { printf \"%.6f\", $* }"; }
declare -A wall
row() { # row SCALE MB WORDS TASK "wall cpu peak"
  local w c m
  read -r w c m <<< "$5"
  wall["$1 $4"]=$w
  printf '%-6s %8s  %-22s %8.2f %8.2f %9.1f %9.2f %9.1f\n' "$1" "$2" "$4" "$w" "$c" \
    "$(calc "$2 / $w")" "$(calc "$3 / 1000000 / $w")" "$(calc "$m / 1024")"
}

jobs=$(nproc); [ "$jobs" -gt 8 ] && jobs=8 # newsgraph's default -j: the CPUs it may use, at most 8
echo "newsgraph benchmark: $(nproc) cores (default -j $jobs), load average $(cut -d' ' -f1-3 /proc/loadavg), $ng"
printf '%-6s %8s  %-22s %8s %8s %9s %9s %9s\n' scale MB task wall_s cpu_s MB/s Mwords/s peak_MB
for scale in $scales; do
  target=$((20 * 1000 * 1000 * scale))
  dir="$work/x$scale"; all="$work/x$scale.txt"
  if [ ! -d "$dir" ]; then
    # copies K of every seed article as DIR/KKKKK_NAME until >= target bytes,
    # and their concatenation in name order (python: a cp per file took
    # half an hour at 16x)
    python3 - "$dir" "$all" "$target" "${seed[@]}" <<'PY'
import os, sys
d, all_path, target, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4:]
data = [(os.path.basename(f), open(f, "rb").read()) for f in seed]
os.makedirs(d, exist_ok=True)
names, k, size = [], 0, 0
while size < target:
    k += 1
    for name, text in data:
        path = "%s/%05d_%s" % (d, k, name)
        with open(path, "wb") as f:
            f.write(text)
        names.append(path)
        size += len(text)
with open(all_path, "wb") as out:
    for path in sorted(names):
        with open(path, "rb") as f:
            out.write(f.read())
PY
  fi
  bytes=$(wc -c < "$all"); words=$(wc -w < "$all")
  mb=$(awk "BEGIN { printf \"%.1f\", $bytes / 1000000 }")
  n=$([ "$scale" = 1 ] && echo "$runs" || echo 1)
  # the tasks of this scale, run round robin so that a change in the load
  # of the machine spreads over all of them rather than hitting one
  tasks=("wc -w|wc -w $all"
         "mentions|$ng mentions $dir"
         "build -o .nt|$ng build -q $dir -o $work/out.nt")
  if [ "$scale" = 1 ]; then
    tasks+=("mentions -j 1|$ng mentions -j 1 $dir"
            "build -j 1 -o .nt|$ng build -q -j 1 $dir -o $work/out.nt"
            "build -o .nq (stream)|$ng build -q $dir -o $work/out.nq"
            "mentions, 1 file|$ng mentions --max-file-size 1G $all"
            "build .nt, 1 file|$ng build -q --max-file-size 1G $all -o $work/out.nt")
  fi
  rm -f "$work"/res.*
  for ((r = 0; r < n; r++)); do
    for k in "${!tasks[@]}"; do
      # shellcheck disable=SC2086 # the command is split on purpose
      measure ${tasks[$k]#*|} >> "$work/res.$k"
      rm -f "$work/out.nt" "$work/out.nq"
    done
  done
  for k in "${!tasks[@]}"; do
    row "$scale" "$mb" "$words" "${tasks[$k]%%|*}" "$(sort -n "$work/res.$k" | sed -n "$(( (n + 1) / 2 ))p")"
  done
done
echo
r() { awk "BEGIN { printf \"%.2f\", ${wall[$1]} / ${wall[$2]} }"; }
[ -n "${wall[1 mentions -j 1]:-}" ] && echo "default -j ($jobs threads) against -j 1: mentions $(r '1 mentions -j 1' '1 mentions')x, build -o .nt $(r '1 build -j 1 -o .nt' '1 build -o .nt')x faster"
for s in $scales; do
  [ "$s" = 1 ] || [ -z "${wall[1 mentions]:-}" ] && continue
  echo "${s}x input: mentions $(r "$s mentions" '1 mentions')x the time, build -o .nt $(r "$s build -o .nt" '1 build -o .nt')x (linear: $s)"
done
echo "(seed $seed_bytes bytes: ${#seed[@]} articles; medians of $runs runs at 1x; load average now $(cut -d' ' -f1-3 /proc/loadavg))"
