#!/usr/bin/env bash
# Loader benchmark: `corridor load` on a generated ~1 GB CDR case (one CSV source, or FILES
# sources sharing the bytes) with 1 and 2 threads, each under /usr/bin/time -v, in rounds.
# Prints each run's wall time, load stage, MB/s per core and peak RSS, then the medians and
# bests, the 1->2 thread speedup of the medians, and checks that both runs wrote
# byte-identical records. Builds nothing: pass the binaries.
#
# usage: bench/load_bench.sh CORRIDOR MAKE_CDR_CASE [WORK_DIR] [TOTAL_MB] [ROUNDS] [FILES]
#   e.g. bench/load_bench.sh build/release/cli/corridor build/release/bench/make_cdr_case
# WORK_DIR (default /tmp/corridor-load-bench) holds the case, reused while its parameters
# match, and each run's output folder. FILES (default 1): one file loads on both threads
# only if the loader cuts it between them. ROUNDS (default 3) pairs of runs, 1 then 2 threads:
# on a shared virtual machine one run can take half as long again as the next, so the
# verdicts use the medians. Targets (issue): >= 150 MB/s per core parse and intern, taken
# as the load stage on 1 thread; near-linear scaling, taken as a speedup >= 1.8 on 2 threads.
set -euo pipefail
shopt -s inherit_errexit  # a failed run inside $(run N) stops the script

if [[ $# -lt 2 || $# -gt 6 ]]; then
  sed -n '8,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 1
fi
corridor=$(realpath "$1")
make_case=$(realpath "$2")
work=${3:-/tmp/corridor-load-bench}
total_mb=${4:-1000}
rounds=${5:-3}
files=${6:-1}
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

echo "case: $case_file ($input_bytes bytes, $files sources), $rounds rounds"
printf "%-6s %-8s %9s %9s %12s %10s %12s\n" round threads wall_s load_s "MB/s/core" peak_RSS \
  "other_cpu_s"
results=()
for round in $(seq "$rounds"); do
  for threads in 1 2; do
    result=$(run "$threads")
    read -r wall rss load other <<<"$result"
    results+=("$threads $wall $load $rss")
    awk -v r="$round" -v t="$threads" -v w="$wall" -v l="$load" -v m="$rss" -v o="$other" \
      -v b="$input_bytes" 'BEGIN {
        printf "%-6d %-8d %9.2f %9.2f %12.1f %6.0f MiB %12.1f\n", r, t, w, l, b / 1e6 / l / t,
               m / 1024, o }'
  done
done

# Medians and bests per thread count, the speedup of the medians, and the verdicts.
printf "%s\n" "${results[@]}" | awk -v b="$input_bytes" '
  function median(list, n,   i, j, x, sorted) {
    for (i = 1; i <= n; ++i) sorted[i] = list[i]
    for (i = 2; i <= n; ++i) { x = sorted[i]; for (j = i - 1; j >= 1 && sorted[j] > x; --j)
      sorted[j + 1] = sorted[j]; sorted[j + 1] = x }
    return n % 2 ? sorted[(n + 1) / 2] : (sorted[n / 2] + sorted[n / 2 + 1]) / 2
  }
  { n[$1]++; wall[$1, n[$1]] = $2; load[$1, n[$1]] = $3 }
  END {
    mb = b / 1e6
    for (t = 1; t <= 2; ++t) {
      for (i = 1; i <= n[t]; ++i) { w[i] = wall[t, i]; l[i] = load[t, i] }
      mw[t] = median(w, n[t]); ml[t] = median(l, n[t]); best = l[1]
      for (i = 2; i <= n[t]; ++i) if (l[i] < best) best = l[i]
      printf "%d thread(s): median wall %.2f s, median load stage %.2f s (%.1f MB/s per core), best load stage %.2f s (%.1f MB/s per core)\n",
             t, mw[t], ml[t], mb / ml[t] / t, best, mb / best / t
    }
    printf "speedup 1->2 threads (medians): %.2fx wall, %.2fx load stage\n", mw[1] / mw[2],
           ml[1] / ml[2]
    printf "target >= 150 MB/s per core (median load stage, 1 thread): %s\n",
           (mb / ml[1] >= 150 ? "met" : "NOT met")
    printf "target near-linear scaling (median speedup >= 1.8, wall and load stage): %s\n",
           (mw[1] / mw[2] >= 1.8 && ml[1] / ml[2] >= 1.8 ? "met" : "NOT met")
  }'
if cmp -s "$work/out-t1/records.csv" "$work/out-t2/records.csv" &&
  cmp -s "$work/out-t1/rejects.csv" "$work/out-t2/rejects.csv"; then
  echo "records.csv and rejects.csv: byte-identical at 1 and 2 threads"
else
  echo "records.csv or rejects.csv DIFFER between 1 and 2 threads" >&2
  exit 1
fi
