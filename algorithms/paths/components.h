#pragma once
// Weakly connected components of a CsrGraph.
//
// Method: concurrent union-find over all arcs (algorithms/union_find.h), arcs split into
// chunks across threads, then one pass of Find. Each component is labelled by its smallest
// node id, so labels are a function of the graph alone, at any thread count.
// O((n + m) α(n)) work. Directed arcs are treated as undirected.

#include <vector>

#include "engine/csr_graph.h"
#include "engine/ids.h"

namespace corridor {

struct ComponentsOptions {
  // Nodes per parallel task; a cost knob, never a result-changing one.
  std::size_t grain = 1024;
};

struct Components {
  std::vector<NodeId> label;  // smallest node id of the node's component
  NodeId count = 0;
};

Components ConnectedComponents(const CsrGraph& graph, const ComponentsOptions& options = {});

// Serial check: every arc joins nodes of one label, every label is the smallest node carrying
// it, every label class is connected (BFS ignoring direction), and `count` is the number of
// classes. Throws InternalError naming the first violation.
void VerifyComponents(const CsrGraph& graph, const Components& components);

}  // namespace corridor
