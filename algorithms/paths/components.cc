#include "algorithms/paths/components.h"

#include <string>

#include "algorithms/union_find.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {

Components ConnectedComponents(const CsrGraph& graph, const ComponentsOptions& options) {
  const NodeId n = graph.num_nodes();
  ConcurrentUnionFind sets(n);
  parallel::For(0, n, options.grain, [&](std::size_t v) {
    for (const NodeId u : graph.Neighbors(static_cast<NodeId>(v))) {
      sets.Unite(static_cast<NodeId>(v), u);
    }
  });
  Components result;
  result.label.resize(n);
  parallel::For(0, n, options.grain,
                [&](std::size_t v) { result.label[v] = sets.Find(static_cast<NodeId>(v)); });
  for (NodeId v = 0; v < n; ++v) result.count += (result.label[v] == v);
  return result;
}

void VerifyComponents(const CsrGraph& graph, const Components& components) {
  const auto fail = [](const std::string& what) {
    throw InternalError("VerifyComponents: " + what);
  };
  const NodeId n = graph.num_nodes();
  if (components.label.size() != n) fail("label array has the wrong size");
  // Undirected view of the arcs, so a BFS can walk a directed graph's weak components.
  std::vector<std::vector<NodeId>> adjacent(n);
  for (NodeId v = 0; v < n; ++v) {
    for (const NodeId u : graph.Neighbors(v)) {
      if (components.label[u] != components.label[v]) {
        fail("arc " + std::to_string(v) + "->" + std::to_string(u) + " crosses components");
      }
      adjacent[v].push_back(u);
      adjacent[u].push_back(v);
    }
  }
  std::vector<bool> reached(n, false);
  NodeId classes = 0;
  for (NodeId v = 0; v < n; ++v) {
    const NodeId label = components.label[v];
    if (label >= n || label > v) fail("node " + std::to_string(v) + " has label above itself");
    if (label != v) {
      if (!reached[v]) fail("node " + std::to_string(v) + " not reachable from its label");
      continue;
    }
    ++classes;
    std::vector<NodeId> frontier{v};
    reached[v] = true;
    while (!frontier.empty()) {
      const NodeId x = frontier.back();
      frontier.pop_back();
      for (const NodeId y : adjacent[x]) {
        if (!reached[y]) {
          reached[y] = true;
          frontier.push_back(y);
        }
      }
    }
  }
  if (classes != components.count) fail("count differs from the number of label classes");
}

}  // namespace corridor
