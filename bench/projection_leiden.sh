#!/usr/bin/env bash
# Leiden on a run's cell graph beside igraph's Leiden (python3-igraph, a bench-only peer).
#
# The cell graph is the person projection by its cell weights (the ties Leiden runs on in
# `corridor analyse`, money services' evidence left out), written by corridor_cell_graph from
# the case (loaded, resolved and built with the defaults) as source,target,weight CSV for
# corridor_leiden_bench, and as an .ncol file for igraph's C reader. Both optimise modularity
# on the weighted graph, theta 0.01, with two iterations (igraph's default) and, for ours,
# also until the default tolerance; times exclude loading. Modularity is each tool's own
# figure on the same weighted graph.
#
# usage: bench/projection_leiden.sh CASE.json CELL_GRAPH LEIDEN_BENCH [WORK_DIR] [TRIALS]
#   e.g. bench/projection_leiden.sh /tmp/g1m/case.json build/release/bench/corridor_cell_graph \
#          build/release/bench/corridor_leiden_bench
# TRIALS seeds (default 3) for each tool at two iterations, with a summary of both at the end.
set -euo pipefail
shopt -s inherit_errexit

usage="usage: bench/projection_leiden.sh CASE.json CELL_GRAPH LEIDEN_BENCH [WORK_DIR] [TRIALS]"
case_file=$(realpath "${1:?$usage}")
cell_graph=$(realpath "${2:?$usage}")
bench=$(realpath "${3:?$usage}")
work=${4:-/tmp/corridor-projection-leiden}
trials=${5:-3}
python=/usr/bin/python3  # Debian's, where python3-igraph lives
mkdir -p "$work"

if [[ ! -s $work/cells.csv || $work/cells.csv -ot $case_file ]]; then
  "$cell_graph" "$case_file" "$work/cells.csv"
  tail -n +2 "$work/cells.csv" | tr ',' ' ' >"$work/cells.ncol"
fi
echo "cell graph: $(($(wc -l <"$work/cells.csv") - 1)) weighted edges ($work/cells.csv)"

echo "== corridor, 2 threads, 2 iterations"
"$bench" --csv "$work/cells.csv" --threads 2 --trials "$trials" --max-iterations 2 |
  tee "$work/corridor-2.jsonl"
echo "== corridor, 2 threads, until the default tolerance"
"$bench" --csv "$work/cells.csv" --threads 2 --trials 1
echo "== igraph, 1 thread, 2 iterations (its default)"
"$python" - "$work/cells.ncol" "$trials" <<'PY' | tee "$work/igraph-2.txt"
import random, sys, time
import igraph
start = time.perf_counter()
g = igraph.Graph.Read_Ncol(sys.argv[1], names=True, weights=True, directed=False)
print(f"read {g.vcount()} nodes, {g.ecount()} edges in {time.perf_counter() - start:.1f} s")
for seed in range(1, int(sys.argv[2]) + 1):
    random.seed(seed)
    start = time.perf_counter()
    parts = g.community_leiden(objective_function="modularity", weights="weight", beta=0.01,
                               n_iterations=2)
    took = time.perf_counter() - start
    print(f"seed {seed}: {took:.1f} s, modularity {g.modularity(parts.membership, weights='weight'):.9f}, "
          f"{len(parts)} communities")
PY

# Two iterations each, seed by seed: the spread matters, since the modularities of the two
# tools differ by less than either's seeds do on a large graph.
echo "== two iterations, $trials seeds each"
"$python" - "$work/corridor-2.jsonl" "$work/igraph-2.txt" <<'PY'
import json, re, statistics, sys
ours = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
theirs = [m.groups() for line in open(sys.argv[2])
          for m in [re.match(r"seed \d+: ([0-9.]+) s, modularity ([0-9.]+)", line)] if m]
runs = {"corridor": ([r["seconds"] for r in ours], [r["modularity"] for r in ours]),
        "igraph": ([float(s) for s, _ in theirs], [float(q) for _, q in theirs])}
for name, (seconds, quality) in runs.items():
    spread = statistics.stdev(quality) if len(quality) > 1 else 0.0
    print(f"{name:9s} seconds {min(seconds):.1f}-{max(seconds):.1f} (mean {statistics.mean(seconds):.1f}, "
          f"median {statistics.median(seconds):.1f})  modularity {min(quality):.6f}-{max(quality):.6f} "
          f"(mean {statistics.mean(quality):.7f}, sd {spread:.1e}, median {statistics.median(quality):.7f})")
print(f"igraph / corridor time: {statistics.mean(runs['igraph'][0]) / statistics.mean(runs['corridor'][0]):.2f}x "
      "on the means")
# Whether the modularities differ beyond the seeds' spread: the difference of the means against
# its standard error (Welch's t; about 2 or more in size is a difference worth believing).
(_, ours_q), (_, theirs_q) = runs["corridor"], runs["igraph"]
if len(ours_q) > 1 and len(theirs_q) > 1:
    error = (statistics.variance(ours_q) / len(ours_q) + statistics.variance(theirs_q) / len(theirs_q)) ** 0.5
    difference = statistics.mean(ours_q) - statistics.mean(theirs_q)
    welch = f"Welch's t {difference / error:.2f}" if error > 0 else "no spread"
    print(f"corridor - igraph modularity: {difference:+.2e} on the means (standard error {error:.1e}, {welch})")
PY
