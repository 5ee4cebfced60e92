#!/usr/bin/env bash
# Loader benchmark: `corridor load` on a generated ~1 GB CDR case (two ~500 MB CSV sources) with
# 1 and 2 threads, each under /usr/bin/time -v. Prints wall time, MB/s, MB/s per core, the
# 1->2 thread speedup and peak RSS, and checks that both runs wrote byte-identical records.
# Builds nothing: pass the binaries.
#
# usage: bench/load_bench.sh CORRIDOR MAKE_CDR_CASE [WORK_DIR] [TOTAL_MB]
#   e.g. bench/load_bench.sh build/release/cli/corridor build/release/bench/make_cdr_case
# WORK_DIR (default /tmp/corridor-load-bench) holds the case, reused while its parameters
# match, and each run's output folder. Targets (issue): >= 150 MB/s per core; near-linear
# scaling, taken here as a speedup >= 1.8 on 2 threads.
set -euo pipefail
shopt -s inherit_errexit  # a failed run inside $(run N) stops the script

if [[ $# -lt 2 || $# -gt 4 ]]; then
  sed -n '7,8p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 1
fi
corridor=$(realpath "$1")
make_case=$(realpath "$2")
work=${3:-/tmp/corridor-load-bench}
total_mb=${4:-1000}
files=2
seed=1
case_dir=$work/case
case_file=$case_dir/case.json

if [[ ! -x /usr/bin/time ]]; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq time >/dev/null
fi

# The parameters are stamped next to the case so a changed size regenerates it.
params="mb=$total_mb files=$files seed=$seed"
if [[ ! -f $case_file || "$(cat "$case_dir/params" 2>/dev/null)" != "$params" ]]; then
  rm -rf "$case_dir"
  "$make_case" "$case_dir" --mb "$total_mb" --files "$files" --seed "$seed"
  echo "$params" >"$case_dir/params"
fi
input_bytes=$(cat "$case_dir"/sources/*.csv | wc -c)
# Both runs read from the page cache, so neither pays for the disk and they compare fairly.
cat "$case_dir"/sources/*.csv >/dev/null

# CPU seconds the whole machine has spent busy since boot.
busy_seconds() {
  awk -v hz="$(getconf CLK_TCK)" '/^cpu / { printf "%.2f", ($2 + $3 + $4 + $7 + $8) / hz }' /proc/stat
}

# Prints "WALL_S PEAK_KB LOAD_S OTHER_CPU_S" for one run. OTHER_CPU_S is CPU time the rest of
# the machine used meanwhile: other work on a 2-core machine skews the figures, so say how much.
run() {
  local threads=$1 out=$work/out-t$1 before after
  rm -rf "$out"
  before=$(busy_seconds)
  /usr/bin/time -v -o "$work/time-t$threads.txt" \
    "$corridor" --threads "$threads" --quiet load "$case_file" --out "$out" >"$work/load-t$threads.log"
  after=$(busy_seconds)
  awk -F': ' -v before="$before" -v after="$after" '
    /Elapsed \(wall clock\)/ {
      n = split($2, t, ":"); s = 0; for (i = 1; i <= n; ++i) s = s * 60 + t[i]; wall = s }
    /Maximum resident set size/ { rss = $2 }
    /User time|System time/ { cpu += $2 }
    END {
      # The load stage alone (parse, intern, merge), from the manifest: no output writing.
      while ((getline line < manifest) > 0) {
        if (line ~ /"load":/) { gsub(/[^0-9.]/, "", line); load = line; break }
      }
      other = after - before - cpu
      printf "%s %s %s %.1f\n", wall, rss, load, other < 0 ? 0 : other
    }' manifest="$out/manifest.json" "$work/time-t$threads.txt"
}

echo "case: $case_file ($input_bytes bytes, $files sources)"
result1=$(run 1)
result2=$(run 2)
read -r wall1 rss1 load1 other1 <<<"$result1"
read -r wall2 rss2 load2 other2 <<<"$result2"

awk -v b="$input_bytes" -v w1="$wall1" -v w2="$wall2" -v l1="$load1" -v l2="$load2" \
    -v r1="$rss1" -v r2="$rss2" -v o1="$other1" -v o2="$other2" 'BEGIN {
  mb = b / 1e6
  printf "%-9s %9s %9s %12s %9s %9s %12s %10s\n", "threads", "wall_s", "MB/s", "MB/s/core",
         "load_s", "MB/s", "MB/s/core", "peak_RSS"
  printf "%-9d %9.2f %9.1f %12.1f %9.2f %9.1f %12.1f %7.0f MiB\n", 1, w1, mb / w1, mb / w1,
         l1, mb / l1, mb / l1, r1 / 1024
  printf "%-9d %9.2f %9.1f %12.1f %9.2f %9.1f %12.1f %7.0f MiB\n", 2, w2, mb / w2, mb / w2 / 2,
         l2, mb / l2, mb / l2 / 2, r2 / 1024
  printf "speedup 1->2 threads: %.2fx wall, %.2fx load stage\n", w1 / w2, l1 / l2
  printf "CPU used by other processes during the runs: %.1f s (1 thread), %.1f s (2 threads)\n",
         o1, o2
  printf "target >= 150 MB/s per core (wall, 1 thread): %s\n", (mb / w1 >= 150 ? "met" : "NOT met")
  printf "target near-linear scaling (wall speedup >= 1.8): %s\n", (w1 / w2 >= 1.8 ? "met" : "NOT met")
}'
if cmp -s "$work/out-t1/records.csv" "$work/out-t2/records.csv" &&
  cmp -s "$work/out-t1/rejects.csv" "$work/out-t2/rejects.csv"; then
  echo "records.csv and rejects.csv: byte-identical at 1 and 2 threads"
else
  echo "records.csv or rejects.csv DIFFER between 1 and 2 threads" >&2
  exit 1
fi
