#!/usr/bin/env bash
# Generator throughput and memory: `corridor generate` at 1 and 2 threads for a given number
# of persons, under /usr/bin/time. Prints wall time, source rows written per second, output
# size and peak resident memory, and checks the two outputs are byte-identical.
# Usage: bench/generate_bench.sh CORRIDOR_BINARY PERSONS [OUT_DIR]
set -euo pipefail
corridor=${1:?usage: bench/generate_bench.sh CORRIDOR_BINARY PERSONS [OUT_DIR]}
persons=${2:?usage: bench/generate_bench.sh CORRIDOR_BINARY PERSONS [OUT_DIR]}
out=${3:-/tmp/corridor-generate-bench}
[ -x /usr/bin/time ] || { echo "needs /usr/bin/time (Debian package 'time')" >&2; exit 1; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %10s %12s %14s %10s %12s\n' threads wall_s source_rows rows_per_s output_MB peak_RSS_MB
for threads in 1 2; do
  dir="$out/t$threads"
  rm -rf "$dir"
  report=$(mktemp)
  /usr/bin/time -f '%e %M' -o "$report.time" \
    "$corridor" --threads "$threads" --quiet generate --persons "$persons" --seed 1 --out "$dir" >"$report"
  read -r wall rss_kb <"$report.time"
  rows=$(awk '/^  sources\//{s += $2} END {print s}' "$report")
  mb=$(du -sm "$dir" | cut -f1)
  awk -v t="$threads" -v w="$wall" -v r="$rows" -v m="$mb" -v k="$rss_kb" \
    'BEGIN {printf "%-8s %10s %12s %14.0f %10s %12.0f\n", t, w, r, r / w, m, k / 1024}'
  rm -f "$report" "$report.time"
done
if diff -rq "$out/t1" "$out/t2" >/dev/null; then
  echo "outputs at 1 and 2 threads: byte-identical"
else
  echo "outputs at 1 and 2 threads: DIFFER" && exit 1
fi
