#include "engine/csr_graph.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

struct Arc {
  NodeId target;
  double weight;
};

}  // namespace

CsrGraph CsrGraph::Build(NodeId num_nodes, std::span<const WeightedEdge> edges,
                         const CsrBuildOptions& options) {
  if (num_nodes == kNoId) throw InvalidInput("graph", "node count must be below 2^32 - 1");
  std::vector<EdgeOffset> offsets(static_cast<std::size_t>(num_nodes) + 1, 0);
  for (std::size_t i = 0; i < edges.size(); ++i) {
    const WeightedEdge& e = edges[i];
    if (e.source >= num_nodes || e.target >= num_nodes) {
      throw InvalidInput("graph", "edge " + std::to_string(i) + " names node " +
                                      std::to_string(std::max(e.source, e.target)) +
                                      " but the graph has " + std::to_string(num_nodes));
    }
    if (!std::isfinite(e.weight)) {
      throw InvalidInput("graph", "edge " + std::to_string(i) + " has a non-finite weight");
    }
    if (e.source == e.target) {
      if (options.keep_self_loops) ++offsets[e.source + 1];
      continue;
    }
    ++offsets[e.source + 1];
    if (!options.directed) ++offsets[e.target + 1];
  }
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());

  std::vector<Arc> arcs(offsets.back());
  std::vector<EdgeOffset> cursor(offsets.begin(), offsets.end() - 1);
  for (const WeightedEdge& e : edges) {
    if (e.source == e.target && !options.keep_self_loops) continue;
    arcs[cursor[e.source]++] = {e.target, e.weight};
    if (!options.directed && e.source != e.target) arcs[cursor[e.target]++] = {e.source, e.weight};
  }

  // Sort and fold each list in place; `kept[v]` is the list's length after folding.
  std::vector<EdgeOffset> kept(num_nodes, 0);
  parallel::For(0, num_nodes, parallel::kGrainMedium, [&](std::size_t v) {
    const auto first = arcs.begin() + static_cast<std::ptrdiff_t>(offsets[v]);
    const auto last = arcs.begin() + static_cast<std::ptrdiff_t>(offsets[v + 1]);
    std::stable_sort(first, last, [](const Arc& a, const Arc& b) { return a.target < b.target; });
    if (!options.merge_duplicates || first == last) {
      kept[v] = static_cast<EdgeOffset>(last - first);
      return;
    }
    auto out = first;
    for (auto it = first + 1; it != last; ++it) {
      if (it->target == out->target) {
        out->weight += it->weight;
      } else {
        *++out = *it;
      }
    }
    kept[v] = static_cast<EdgeOffset>(out - first) + 1;
  });

  CsrGraph graph;
  graph.options_ = options;
  graph.offsets_.assign(static_cast<std::size_t>(num_nodes) + 1, 0);
  for (NodeId v = 0; v < num_nodes; ++v) graph.offsets_[v + 1] = graph.offsets_[v] + kept[v];
  graph.targets_.resize(graph.offsets_.back());
  graph.weights_.resize(graph.offsets_.back());
  parallel::For(0, num_nodes, parallel::kGrainMedium, [&](std::size_t v) {
    for (EdgeOffset k = 0; k < kept[v]; ++k) {
      const Arc& arc = arcs[offsets[v] + k];
      graph.targets_[graph.offsets_[v] + k] = arc.target;
      graph.weights_[graph.offsets_[v] + k] = arc.weight;
    }
  });
  return graph;
}

CsrGraph CsrGraph::FromArrays(std::vector<EdgeOffset> offsets, std::vector<NodeId> targets,
                              std::vector<double> weights, const CsrBuildOptions& options) {
  CsrGraph graph;
  graph.offsets_ = std::move(offsets);
  graph.targets_ = std::move(targets);
  graph.weights_ = std::move(weights);
  graph.options_ = options;
  graph.Validate();
  return graph;
}

EdgeOffset CsrGraph::num_edges() const {
  if (options_.directed) return num_arcs();
  EdgeOffset self_loops = 0;
  for (NodeId v = 0; v < num_nodes(); ++v) {
    for (const NodeId u : Neighbors(v)) self_loops += (u == v);
  }
  return (num_arcs() - self_loops) / 2 + self_loops;
}

void CsrGraph::Validate() const {
  const auto fail = [](const std::string& what) { throw InternalError("CsrGraph: " + what); };
  if (offsets_.empty()) fail("offsets array is empty");
  if (offsets_.size() - 1 >= kNoId) fail("too many nodes");
  if (offsets_.front() != 0) fail("offsets[0] is " + std::to_string(offsets_.front()));
  if (offsets_.back() != targets_.size()) {
    fail("last offset " + std::to_string(offsets_.back()) + " != arc count " +
         std::to_string(targets_.size()));
  }
  if (weights_.size() != targets_.size()) fail("weights and targets differ in length");
  const NodeId n = num_nodes();
  for (NodeId v = 0; v < n; ++v) {
    if (offsets_[v] > offsets_[v + 1]) fail("offsets decrease at node " + std::to_string(v));
  }
  for (NodeId v = 0; v < n; ++v) {
    const auto list = Neighbors(v);
    const auto w = Weights(v);
    for (std::size_t k = 0; k < list.size(); ++k) {
      const auto where = [&] {
        return "arc " + std::to_string(v) + "->" + std::to_string(list[k]);
      };
      if (list[k] >= n) fail(where() + " leaves the node range");
      if (!std::isfinite(w[k])) fail(where() + " has a non-finite weight");
      if (list[k] == v && !options_.keep_self_loops) fail(where() + " is a self-loop");
      if (k > 0 &&
          (list[k - 1] > list[k] || (options_.merge_duplicates && list[k - 1] == list[k]))) {
        fail("neighbours of " + std::to_string(v) + " are not sorted and unique");
      }
    }
  }
  if (options_.directed) return;
  // Symmetry is checked only once every list is known to be sorted and in range.
  for (NodeId v = 0; v < n; ++v) {
    const auto list = Neighbors(v);
    const auto w = Weights(v);
    for (std::size_t k = 0; k < list.size(); ++k) {
      const auto where = [&] {
        return "arc " + std::to_string(v) + "->" + std::to_string(list[k]);
      };
      if (list[k] != v && (k == 0 || list[k - 1] != list[k])) {
        // Parallel arcs u->v must be matched by as many v->u; with merged lists there is one
        // of each and their weights must agree.
        const auto forward = std::equal_range(list.begin(), list.end(), list[k]);
        const auto back = Neighbors(list[k]);
        const auto reverse = std::equal_range(back.begin(), back.end(), v);
        if (reverse.second - reverse.first != forward.second - forward.first) {
          fail(where() + " has no matching reverse arc");
        }
        if (options_.merge_duplicates &&
            Weights(list[k])[static_cast<std::size_t>(reverse.first - back.begin())] != w[k]) {
          fail(where() + " and its reverse differ in weight");
        }
      }
    }
  }
}

}  // namespace corridor
