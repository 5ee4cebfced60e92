#include "engine/network.h"

#include <algorithm>
#include <array>
#include <string>

#include "engine/errors.h"

namespace corridor {
namespace {

constexpr std::array<std::string_view, kTieCount> kTieNames = {
    "call",           "contact", "shared_phone", "shared_document",
    "shared_address", "payment", "co_travel",    "associate"};

}  // namespace

std::string_view TieName(Tie tie) { return kTieNames[static_cast<std::size_t>(tie)]; }

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
}

}  // namespace corridor
