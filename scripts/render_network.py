#!/usr/bin/python3
"""Draws a person network written by `corridor run` (persons.graphml) as a PNG.

usage: scripts/render_network.py PERSONS.graphml OUT.png [CELLS]

Keeps the CELLS largest cells (default 6), sizes nodes by betweenness, colours them with the
r, g, b attributes Corridor wrote (by cell), and names the most central person of each cell.
Reads the GraphML with networkx and draws with matplotlib (python3-networkx,
python3-matplotlib); nothing in the build or the tests needs it.
"""
import sys
from collections import Counter

import matplotlib
matplotlib.use('Agg')
import matplotlib.pyplot as plt
import networkx as nx


def main():
    source, target = sys.argv[1], sys.argv[2]
    cells = int(sys.argv[3]) if len(sys.argv) > 3 else 6
    graph = nx.read_graphml(source)
    sizes = Counter(data['community'] for _, data in graph.nodes(data=True))
    kept = {c for c, _ in sizes.most_common(cells)}
    sub = graph.subgraph(n for n, d in graph.nodes(data=True) if d['community'] in kept)
    layout = nx.spring_layout(sub, seed=1, k=0.08, iterations=80, weight='weight')
    colours = [(d['r'] / 255, d['g'] / 255, d['b'] / 255) for _, d in sub.nodes(data=True)]
    top = max(d['betweenness'] for _, d in sub.nodes(data=True)) or 1.0
    node_sizes = [8 + 400 * d['betweenness'] / top for _, d in sub.nodes(data=True)]
    leaders = {}
    for node, data in sub.nodes(data=True):
        best = leaders.get(data['community'])
        if best is None or data['betweenness'] > sub.nodes[best]['betweenness']:
            leaders[data['community']] = node
    plt.figure(figsize=(12, 9), dpi=100)
    nx.draw_networkx_edges(sub, layout, width=0.3, alpha=0.25)
    nx.draw_networkx_nodes(sub, layout, node_color=colours, node_size=node_sizes, linewidths=0)
    nx.draw_networkx_labels(sub, layout, {n: sub.nodes[n]['label'] for n in leaders.values()},
                            font_size=9)
    plt.title('%s: the %d largest cells (%d persons, %d ties); size = betweenness'
              % (source.split('/')[-2], len(kept), sub.number_of_nodes(), sub.number_of_edges()))
    plt.axis('off')
    plt.tight_layout()
    plt.savefig(target)


if __name__ == '__main__':
    main()
