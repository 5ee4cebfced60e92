#!/usr/bin/env bash
# Leiden quality and speed beside igraph's Leiden (python3-igraph, a bench-only peer).
#
# Quality: karate, football, dolphins and polbooks from ../shared/data (GML converted to
# edge-list CSV with networkx; football's one duplicated edge is dropped). Both tools optimise
# modularity (resolution 1, theta 0.01, iterate until stable: ours with --tolerance 0) on the
# same CSV with seeds 1..SEEDS; the best modularity of each is printed side by side, with the
# NMI of each best partition against the known groups (the GML node attribute `value`:
# karate's factions, football's conferences, dolphins' two groups, polbooks' political
# leaning).
#
# Speed: a planted-partition graph (100k nodes, 1M edges, 100 blocks, 80% of edges inside a
# block) written once as CSV and given to both; times exclude loading. Ours at 1 and 2
# threads, igraph (single-threaded) with n_iterations=-1 (until stable) and 2 (its default).
#
# usage: bench/community_quality.sh LEIDEN_BENCH [WORK_DIR] [SEEDS] [TRIALS]
#   e.g. bench/community_quality.sh build/release/bench/corridor_leiden_bench
set -euo pipefail
shopt -s inherit_errexit

bench=$(realpath "${1:?usage: bench/community_quality.sh LEIDEN_BENCH [WORK_DIR] [SEEDS] [TRIALS]}")
work=${2:-/tmp/corridor-community-quality}
seeds=${3:-10}
trials=${4:-5}
here=$(cd "$(dirname "$0")" && pwd)
data=$(realpath "$here/../../shared/data")
python=/usr/bin/python3  # Debian's, where python3-igraph and python3-networkx live
mkdir -p "$work"
until_stable=(--tolerance 0)

# GML -> NAME.csv (source,target) and NAME-truth.csv (node,group).
"$python" - "$data" "$work" <<'EOF'
import csv, re, sys
import networkx as nx
data, work = sys.argv[1:]
for name in ("karate", "football", "dolphins", "polbooks"):
    text = open(f"{data}/{name}/{name}.gml").read()
    # football.gml repeats an edge; read it as a multigraph and keep one copy.
    graph = nx.Graph(nx.parse_gml(re.sub(r"graph\s*\[", "graph [ multigraph 1", text, count=1),
                                  label="id"))
    with open(f"{work}/{name}.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["source", "target"])
        out.writerows(graph.edges())
    with open(f"{work}/{name}-truth.csv", "w", newline="") as f:
        out = csv.writer(f)
        out.writerow(["node", "group"])
        out.writerows((v, d["value"]) for v, d in graph.nodes(data=True))
EOF

# igraph's Leiden on a CSV: JSON lines like ours. Loading is outside the timer.
cat >"$work/igraph_leiden.py" <<'EOF'
import csv, json, random, sys, time
import igraph as ig
path, seeds, iterations, labels = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
with open(path) as f:
    rows = list(csv.reader(f))[1:]
graph = ig.Graph.TupleList(rows, directed=False)
best = None
for seed in range(1, seeds + 1):
    random.seed(seed)
    start = time.perf_counter()
    clustering = graph.community_leiden(objective_function="modularity", resolution_parameter=1.0,
                                        beta=0.01, n_iterations=iterations)
    seconds = time.perf_counter() - start
    q = graph.modularity(clustering.membership)
    print(json.dumps({"graph": path, "nodes": graph.vcount(), "edges": graph.ecount(),
                      "seed": seed, "communities": len(clustering), "modularity": q,
                      "n_iterations": iterations, "seconds": seconds}), flush=True)
    if best is None or q > best[0]:
        best = (q, clustering.membership)
if labels != "-":
    with open(labels, "w") as f:
        f.write("node,community\n")
        for v, c in zip(graph.vs["name"], best[1]):
            f.write(f"{v},{c}\n")
EOF

# NMI (arithmetic normalisation) of a labels CSV against a truth CSV.
nmi() {
  "$python" - "$1" "$2" <<'EOF'
import csv, math, sys
from collections import Counter
found = dict(list(csv.reader(open(sys.argv[1])))[1:])
truth = dict(list(csv.reader(open(sys.argv[2])))[1:])
pairs = [(found[v], truth[v]) for v in truth]
n = len(pairs)
joint, a, b = Counter(pairs), Counter(p[0] for p in pairs), Counter(p[1] for p in pairs)
h = lambda c: -sum(k / n * math.log(k / n) for k in c.values())
mi = sum(k / n * math.log(k * n / (a[x] * b[y])) for (x, y), k in joint.items())
print("%.4f" % (2 * mi / (h(a) + h(b))))
EOF
}

best_of() {  # JSON lines on stdin -> best modularity
  "$python" -c '
import json, sys
print("%.4f" % max(json.loads(l)["modularity"] for l in sys.stdin if l.startswith("{")))'
}

printf '%-10s %6s %6s %10s %10s %8s %9s %9s\n' graph nodes edges corridor igraph diff nmi_ours \
  nmi_igraph
for name in karate football dolphins polbooks; do
  csv=$work/$name.csv
  ours=$("$bench" --csv "$csv" --trials "$seeds" "${until_stable[@]}" \
           --labels "$work/$name-ours.csv" | best_of)
  theirs=$("$python" "$work/igraph_leiden.py" "$csv" "$seeds" -1 "$work/$name-igraph.csv" |
    best_of)
  "$python" -c '
import csv, sys
name, path, ours, theirs, nmi_ours, nmi_igraph = sys.argv[1:]
rows = list(csv.reader(open(path)))[1:]
nodes = len({v for r in rows for v in r})
print("%-10s %6d %6d %10s %10s %+8.4f %9s %9s" % (name, nodes, len(rows), ours, theirs,
      float(ours) - float(theirs), nmi_ours, nmi_igraph))' \
    "$name" "$csv" "$ours" "$theirs" "$(nmi "$work/$name-ours.csv" "$work/$name-truth.csv")" \
    "$(nmi "$work/$name-igraph.csv" "$work/$name-truth.csv")"
done

planted=$work/planted-100k-1m.csv
[[ -f $planted ]] ||
  "$bench" --planted 100000,1000000,100,0.8 --graph-seed 1 --write-csv "$planted" --trials 0
echo
echo "planted partition, 100k nodes, 1M edges (median of $trials runs; seconds exclude loading)"
summary() {  # LABEL, JSON lines on stdin
  "$python" -c '
import json, statistics, sys
runs = [json.loads(l) for l in sys.stdin if l.startswith("{")]
print("%-28s %8.3f s  modularity %.4f (best %.4f)  communities %d" % (sys.argv[1],
      statistics.median(r["seconds"] for r in runs), statistics.median(r["modularity"] for r in runs),
      max(r["modularity"] for r in runs), runs[0]["communities"]))' "$1"
}
"$bench" --csv "$planted" --trials "$trials" "${until_stable[@]}" --threads 1 |
  summary "corridor, 1 thread"
"$bench" --csv "$planted" --trials "$trials" "${until_stable[@]}" --threads 2 |
  summary "corridor, 2 threads"
"$python" "$work/igraph_leiden.py" "$planted" "$trials" -1 - | summary "igraph, until stable"
"$python" "$work/igraph_leiden.py" "$planted" "$trials" 2 - | summary "igraph, 2 iterations"
