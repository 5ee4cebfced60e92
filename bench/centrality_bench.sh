#!/usr/bin/env bash
# Exact betweenness, Corridor against igraph (python3-igraph, single-threaded), on one
# planted-partition graph: 20k nodes, 200k edges, 20 communities, 80% of edges inside. The
# graph is generated once from a seed and written as a `source,target` CSV that both read.
# Prints each side's JSON lines, the median seconds, the igraph / Corridor ratio at 1 and 2
# threads, and the largest difference between the two sides' values. Builds nothing.
#
# usage: bench/centrality_bench.sh BETWEENNESS_BENCH [WORK_DIR] [TRIALS]
#   e.g. bench/centrality_bench.sh build/release/bench/corridor_betweenness_bench
# Target (project bench bar): Corridor at 2 threads >= 3x faster than igraph.
set -euo pipefail

if [[ $# -lt 1 || $# -gt 3 ]]; then
  sed -n '8,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 1
fi
bench=$(realpath "$1")
work=${2:-/tmp/corridor-centrality-bench}
trials=${3:-3}
# igraph comes from Debian's package, so use the system interpreter rather than any other
# python3 on PATH.
python=/usr/bin/python3
mkdir -p "$work"
csv=$work/planted_20k_200k.csv

if ! "$python" -c 'import igraph' 2>/dev/null; then
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get install -y -qq python3-igraph >/dev/null
fi

"$bench" --nodes 20000 --edges 200000 --communities 20 --inside 0.8 --seed 1 \
  --write-csv "$csv" --trials 0

echo "igraph: $trials trial(s), 1 thread"
"$python" - "$csv" "$work/igraph_values.csv" "$trials" >"$work/igraph.jsonl" <<'EOF'
import csv, json, sys, time
import igraph

path, values_path, trials = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(path) as f:
    rows = csv.reader(f)
    next(rows)
    edges = [(int(s), int(t)) for s, t in rows]
n = max(max(e) for e in edges) + 1
g = igraph.Graph(n=n, edges=edges, directed=False)
for trial in range(trials):
    start = time.perf_counter()
    values = g.betweenness(directed=False)
    seconds = time.perf_counter() - start
    print(json.dumps({"bench": "igraph_betweenness", "nodes": n, "edges": g.ecount(),
                      "threads": 1, "trial": trial, "seconds": round(seconds, 3)}), flush=True)
with open(values_path, "w") as f:
    f.write("node,betweenness\n")
    for v, value in enumerate(values):
        f.write(f"{v},{value!r}\n")
EOF
cat "$work/igraph.jsonl"

echo "corridor: $trials trial(s) each at 1 and 2 threads"
"$bench" --csv "$csv" --threads 1,2 --trials "$trials" --values "$work/corridor_values.csv" |
  tee "$work/corridor.jsonl"

"$python" - "$work" <<'EOF'
import json, statistics, sys

work = sys.argv[1]
def medians(name):
    by_threads = {}
    for line in open(f"{work}/{name}.jsonl"):
        row = json.loads(line)
        by_threads.setdefault(row["threads"], []).append(row["seconds"])
    return {t: statistics.median(s) for t, s in by_threads.items()}
def values(name):
    lines = open(f"{work}/{name}_values.csv").read().split("\n")[1:]
    return [float(line.split(",")[1]) for line in lines if line]
igraph = medians("igraph")[1]
ours = medians("corridor")
for threads in sorted(ours):
    verdict = ""
    if threads == 2:
        verdict = "  (target >= 3x: %s)" % ("met" if igraph / ours[2] >= 3 else "NOT met")
    print(f"threads {threads}: corridor {ours[threads]:.2f} s, igraph {igraph:.2f} s, "
          f"ratio {igraph / ours[threads]:.2f}x{verdict}")
a, b = values("corridor"), values("igraph")
largest = max(max(b), 1.0)
difference = max(abs(x - y) for x, y in zip(a, b)) / largest
print(f"largest |corridor - igraph| / max value: {difference:.2e}")
EOF
