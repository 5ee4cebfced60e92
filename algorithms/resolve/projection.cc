#include "algorithms/resolve/projection.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <utility>

#include "engine/csr_graph.h"
#include "engine/parallel.h"
#include "engine/release.h"

namespace corridor {

ProjectionBuilder::ProjectionBuilder(std::size_t max_group, std::uint64_t& skipped,
                                     std::size_t first_fold)
    : max_group_(max_group), skipped_(skipped), first_fold_(first_fold) {}

namespace {

std::uint32_t Saturated(std::uint64_t value, std::uint32_t most) {
  return static_cast<std::uint32_t>(std::min<std::uint64_t>(value, most));
}

}  // namespace

void ProjectionBuilder::Add(std::uint32_t a, std::uint32_t b, Tie tie, std::uint32_t count) {
  Add(a, b, tie, count, std::uint64_t{count} * kShareUnit);
}

void ProjectionBuilder::Add(std::uint32_t a, std::uint32_t b, Tie tie, std::uint32_t count,
                            std::uint64_t share, bool service) {
  if (a == b) return;
  if (a > b) std::swap(a, b);
  const std::uint32_t kind = (static_cast<std::uint32_t>(tie) | (service ? Entry::kServiceKind : 0))
                             << Entry::kCountBits;
  evidence_.push_back({std::uint64_t{a} << 32 | b, kind | Saturated(count, Entry::kMaxCount),
                       Saturated(share, std::numeric_limits<std::uint32_t>::max())});
  if (evidence_.size() >= 2 * folded_ + first_fold_) Fold();
}

void ProjectionBuilder::AddGroup(std::vector<std::uint32_t>& members, Tie tie) {
  std::sort(members.begin(), members.end());
  members.erase(std::unique(members.begin(), members.end()), members.end());
  if (members.size() < 2) return;
  if (members.size() > max_group_) {
    ++skipped_;
    return;
  }
  // At least one unit: rounding must not take a tie away.
  const std::uint64_t share = std::max<std::uint64_t>(1, kShareUnit / (members.size() - 1));
  for (std::size_t i = 0; i < members.size(); ++i) {
    for (std::size_t j = i + 1; j < members.size(); ++j) {
      Add(members[i], members[j], tie, 1, share);
    }
  }
}

// Sorts the evidence and sums the counts of each (pair, kind). Entries that compare equal are
// identical, so the parallel sort's order among them cannot show.
void ProjectionBuilder::Fold() {
  parallel::Sort(evidence_.begin(), evidence_.end());
  std::size_t kept = 0;
  for (std::size_t i = 0; i < evidence_.size(); ++i) {
    if (kept == 0 || evidence_[kept - 1].pair != evidence_[i].pair ||
        evidence_[kept - 1].kind() != evidence_[i].kind()) {
      evidence_[kept++] = evidence_[i];
    } else {
      Entry& last = evidence_[kept - 1];
      const std::uint32_t kind = last.kind_count & ~Entry::kMaxCount;
      last.kind_count =
          kind | Saturated(std::uint64_t{last.count()} + evidence_[i].count(), Entry::kMaxCount);
      last.share = Saturated(std::uint64_t{last.share} + evidence_[i].share,
                             std::numeric_limits<std::uint32_t>::max());
    }
  }
  evidence_.resize(kept);
  folded_ = kept;
}

PersonProjection ProjectionBuilder::Finish(std::vector<NodeId> node_of_person,
                                           const ProjectionWeights& weights,
                                           std::vector<bool> money_service) {
  Fold();
  PersonProjection out;
  out.node_of_person = std::move(node_of_person);
  out.money_service = std::move(money_service);
  const auto whole = [](std::uint64_t units) {
    return static_cast<double>(Saturated(units, std::numeric_limits<std::uint32_t>::max())) /
           kShareUnit;
  };
  // Two passes, counting ties and then filling them, so the columns are allocated once at
  // their size rather than grown by doubling. A pair's service and other shares of one kind
  // are summed before the logarithm, so marking evidence never changes the weight.
  const auto each_tie = [&](auto&& visit) {
    for (std::size_t i = 0; i < evidence_.size();) {
      const std::uint64_t pair = evidence_[i].pair;
      std::array<std::uint32_t, kTieCount> counts{};
      std::array<std::uint64_t, kTieCount> shares{}, cell_shares{};
      for (; i < evidence_.size() && evidence_[i].pair == pair; ++i) {
        const auto t = static_cast<std::size_t>(evidence_[i].tie());
        counts[t] = Saturated(std::uint64_t{counts[t]} + evidence_[i].count(), Entry::kMaxCount);
        shares[t] += evidence_[i].share;
        if (!evidence_[i].service()) cell_shares[t] += evidence_[i].share;
      }
      double weight = 0, cell_weight = 0;
      for (std::size_t t = 0; t < kTieCount; ++t) {
        weight += weights.weight[t] * std::log2(1.0 + whole(shares[t]));
        cell_weight += weights.weight[t] * std::log2(1.0 + whole(cell_shares[t]));
      }
      // Kinds weighted 0 by the analyst are not evidence of a tie.
      if (weight != 0) visit(pair, counts, weight, cell_weight);
    }
  };
  std::size_t ties = 0;
  each_tie([&](std::uint64_t, const auto&, double, double) { ++ties; });
  out.first.reserve(ties);
  out.second.reserve(ties);
  out.ties.reserve(ties);
  out.weights.reserve(ties);
  out.cell_weights.reserve(ties);
  each_tie([&](std::uint64_t pair, const std::array<std::uint32_t, kTieCount>& counts,
               double weight, double cell_weight) {
    out.first.push_back(static_cast<NodeId>(pair >> 32));
    out.second.push_back(static_cast<NodeId>(pair & 0xffffffffu));
    out.ties.push_back(counts);
    out.weights.push_back(weight);
    out.cell_weights.push_back(cell_weight);
  });
  Release(evidence_);
  folded_ = 0;
  std::vector<WeightedEdge> edges(out.size());
  for (std::size_t e = 0; e < out.size(); ++e) {
    edges[e] = {out.first[e], out.second[e], out.weights[e]};
  }
  out.graph = CsrGraph::Build(static_cast<NodeId>(out.node_of_person.size()), edges);
  return out;
}

CsrGraph CellGraph(const PersonProjection& projection) {
  if (projection.cell_weights == projection.weights) return CsrGraph();
  std::vector<WeightedEdge> edges;
  for (std::size_t e = 0; e < projection.size(); ++e) {
    if (projection.cell_weights[e] != 0) {
      edges.push_back({projection.first[e], projection.second[e], projection.cell_weights[e]});
    }
  }
  return CsrGraph::Build(static_cast<NodeId>(projection.node_of_person.size()), edges);
}

}  // namespace corridor
