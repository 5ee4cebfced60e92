#include "engine/network.h"

#include <algorithm>
#include <array>
#include <string>
#include <tuple>

#include "engine/errors.h"

namespace corridor {
namespace {

constexpr std::array<std::string_view, kTieCount> kTieNames = {
    "call",           "contact", "shared_phone", "shared_document",
    "shared_address", "payment", "co_travel",    "associate"};

}  // namespace

std::string_view TieName(Tie tie) { return kTieNames[static_cast<std::size_t>(tie)]; }

std::optional<Tie> ParseTie(std::string_view name) {
  for (std::size_t t = 0; t < kTieNames.size(); ++t) {
    if (kTieNames[t] == name) return static_cast<Tie>(t);
  }
  return std::nullopt;
}

void Network::BuildGraph() {
  std::vector<std::uint64_t> order(links.size());
  for (std::uint64_t l = 0; l < order.size(); ++l) order[l] = l;
  std::sort(order.begin(), order.end(), [this](std::uint64_t a, std::uint64_t b) {
    return std::tie(links.sources[a], links.targets[a], links.types[a]) <
           std::tie(links.sources[b], links.targets[b], links.types[b]);
  });
  std::vector<EdgeOffset> offsets(nodes.size() + 1, 0);
  std::vector<NodeId> targets(order.size());
  std::vector<double> weights(order.size());
  for (std::size_t i = 0; i < order.size(); ++i) {
    ++offsets[links.sources[order[i]] + 1];
    targets[i] = links.targets[order[i]];
    weights[i] = links.counts[order[i]];
  }
  for (std::size_t v = 0; v < nodes.size(); ++v) offsets[v + 1] += offsets[v];
  CsrBuildOptions options;
  options.directed = true;
  options.keep_self_loops = true;
  options.merge_duplicates = false;
  graph = CsrGraph::FromArrays(std::move(offsets), std::move(targets), std::move(weights), options);
  link_of_arc = std::move(order);
}

void Network::Validate() const {
  const auto fail = [](const std::string& what) { throw InternalError("network: " + what); };
  const std::size_t n = nodes.size();
  if (nodes.keys.size() != n || nodes.labels.size() != n || nodes.entity.size() != n ||
      nodes.evidence_begin.size() != n + 1) {
    fail("node columns differ in length");
  }
  bool identifiers_started = false;
  for (NodeId v = 0; v < n; ++v) {
    if (nodes.entity[v] == kNoId) {
      identifiers_started = true;
    } else if (identifiers_started || nodes.entity[v] != v) {
      fail("entity node " + std::to_string(v) + " is not numbered as its entity");
    }
    const auto evidence = nodes.Evidence(v);
    if (evidence.empty()) fail("node " + nodes.keys[v] + " has no evidence");
    if (!std::is_sorted(evidence.begin(), evidence.end())) {
      fail("evidence of node " + nodes.keys[v] + " is not sorted");
    }
  }
  for (NodeId v = 1; v < n; ++v) {
    if (nodes.entity[v] == kNoId && nodes.entity[v - 1] == kNoId &&
        !(nodes.keys[v - 1] < nodes.keys[v])) {
      fail("identifier nodes are not in key order at " + nodes.keys[v]);
    }
  }
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (links.sources[l] >= n || links.targets[l] >= n) {
      fail("link " + std::to_string(l) + " names a node out of range");
    }
    if (links.Evidence(l).empty()) fail("link " + std::to_string(l) + " has no evidence");
  }
  if (graph.num_nodes() != n || graph.num_arcs() != links.size() ||
      link_of_arc.size() != links.size()) {
    fail("graph does not hold one arc per link");
  }
  for (NodeId v = 0; v < n; ++v) {
    const auto targets = graph.Neighbors(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      const std::uint64_t l = link_of_arc[graph.offsets()[v] + i];
      if (l >= links.size() || links.sources[l] != v || links.targets[l] != targets[i]) {
        fail("arc " + std::to_string(graph.offsets()[v] + i) + " is not its link");
      }
    }
  }
}

}  // namespace corridor
