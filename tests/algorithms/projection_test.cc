#include "algorithms/resolve/projection.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <map>
#include <random>
#include <utility>
#include <vector>

namespace corridor {
namespace {

constexpr std::size_t kAt(Tie tie) { return static_cast<std::size_t>(tie); }

TEST(Projection, SumsEachKindPerPairInEitherOrder) {
  std::uint64_t skipped = 0;
  ProjectionBuilder builder(3, skipped);
  builder.Add(0, 1, Tie::kCall, 2);
  builder.Add(1, 0, Tie::kCall, 3);
  builder.Add(0, 1, Tie::kPayment, 1);
  builder.Add(2, 2, Tie::kCall, 5);  // oneself: no tie
  std::vector<std::uint32_t> bus = {3, 1, 3, 2};
  builder.AddGroup(bus, Tie::kCoTravel);
  std::vector<std::uint32_t> crowd = {0, 1, 2, 3};
  builder.AddGroup(crowd, Tie::kSharedAddress);  // over max_group 3: skipped
  const PersonProjection p = builder.Finish({10, 11, 12, 13}, ProjectionWeights{});

  EXPECT_EQ(skipped, 1u);
  ASSERT_EQ(p.size(), 4u);
  EXPECT_EQ(p.first, (std::vector<NodeId>{0, 1, 1, 2}));
  EXPECT_EQ(p.second, (std::vector<NodeId>{1, 2, 3, 3}));
  EXPECT_EQ(p.ties[0][kAt(Tie::kCall)], 5u);
  EXPECT_EQ(p.ties[0][kAt(Tie::kPayment)], 1u);
  EXPECT_EQ(p.ties[0][kAt(Tie::kCoTravel)], 0u);
  EXPECT_DOUBLE_EQ(p.weights[0], 1.0 * std::log2(6.0) + 2.0 * std::log2(2.0));
  for (std::size_t e = 1; e < 4; ++e) {  // one bus of three: half a tie to each other
    EXPECT_EQ(p.ties[e][kAt(Tie::kCoTravel)], 1u);
    EXPECT_DOUBLE_EQ(p.weights[e], 0.5 * std::log2(1.5));
  }
  EXPECT_EQ(p.node_of_person, (std::vector<NodeId>{10, 11, 12, 13}));
  EXPECT_EQ(p.graph.num_nodes(), 4u);
  EXPECT_EQ(p.graph.num_edges(), 4u);
}

TEST(Projection, KindsWeightedZeroMakeNoTie) {
  std::uint64_t skipped = 0;
  ProjectionBuilder builder(50, skipped);
  builder.Add(0, 1, Tie::kCoTravel, 4);
  builder.Add(1, 2, Tie::kCall, 1);
  ProjectionWeights weights;
  weights.weight[kAt(Tie::kCoTravel)] = 0;
  const PersonProjection p = builder.Finish({0, 1, 2}, weights);
  ASSERT_EQ(p.size(), 1u);
  EXPECT_EQ(p.first[0], 1u);
  EXPECT_EQ(p.second[0], 2u);
}

// Newman's weighting: a group of m gives each member one whole tie, 1/(m - 1) to each other
// member, and a pair sums its shares over the groups it is in; the counts stay whole.
TEST(Projection, GroupsShareOneTiePerMember) {
  std::uint64_t skipped = 0;
  ProjectionBuilder builder(50, skipped);
  std::vector<std::uint32_t> street = {0, 1, 2, 3, 4};
  builder.AddGroup(street, Tie::kSharedAddress);
  std::vector<std::uint32_t> house = {0, 1, 5};
  builder.AddGroup(house, Tie::kSharedAddress);
  std::vector<std::uint32_t> couple = {2, 6};
  builder.AddGroup(couple, Tie::kSharedAddress);
  const PersonProjection p = builder.Finish({0, 1, 2, 3, 4, 5, 6}, ProjectionWeights{});
  ASSERT_EQ(p.size(), 10u + 2u + 1u);
  ASSERT_EQ(p.first[0], 0u);
  ASSERT_EQ(p.second[0], 1u);
  EXPECT_EQ(p.ties[0][kAt(Tie::kSharedAddress)], 2u);
  EXPECT_DOUBLE_EQ(p.weights[0], std::log2(1.0 + 1.0 / 4 + 1.0 / 2));
  for (std::size_t e = 1; e < p.size(); ++e) {
    const bool in_house = p.second[e] == 5;
    const bool couple_tie = p.first[e] == 2 && p.second[e] == 6;
    EXPECT_EQ(p.ties[e][kAt(Tie::kSharedAddress)], 1u);
    EXPECT_DOUBLE_EQ(p.weights[e], couple_tie ? 1.0 : std::log2(in_house ? 1.5 : 1.25))
        << p.first[e] << "-" << p.second[e];
  }
}

// An event that may be any of several persons' gives each the part its caller says; the
// events are counted whole, and sums saturate rather than wrap.
TEST(Projection, EventsCanBeSpreadAndSumsSaturate) {
  std::uint64_t skipped = 0;
  ProjectionBuilder builder(50, skipped);
  builder.Add(0, 1, Tie::kCall, 3, 3 * ProjectionBuilder::kShareUnit / 2);
  builder.Add(1, 0, Tie::kCall, 1);
  builder.Add(2, 3, Tie::kPayment, 0xFFFFFFFFu);
  builder.Add(2, 3, Tie::kPayment, 0xFFFFFFFFu);
  const PersonProjection p = builder.Finish({0, 1, 2, 3}, ProjectionWeights{});
  ASSERT_EQ(p.size(), 2u);
  EXPECT_EQ(p.ties[0][kAt(Tie::kCall)], 4u);
  EXPECT_DOUBLE_EQ(p.weights[0], std::log2(1.0 + 1.5 + 1.0));
  EXPECT_EQ(p.ties[1][kAt(Tie::kPayment)], (1u << 28) - 1);
  EXPECT_DOUBLE_EQ(p.weights[1], 2.0 * std::log2(1.0 + 65536.0 - 1.0 / 65536));
}

// Folding early and often must give the projection a single fold at the end gives, and both
// must hold the counts a plain map of (pair, kind) sums.
TEST(Projection, FoldingOftenChangesNothing) {
  std::mt19937 rng(11);
  std::uint64_t skipped_often = 0, skipped_once = 0;
  ProjectionBuilder often(8, skipped_often, 5), once(8, skipped_once);
  std::map<std::pair<std::uint32_t, std::uint32_t>, std::array<std::uint32_t, kTieCount>> sums;
  constexpr std::uint32_t kPersons = 40;
  for (int i = 0; i < 5000; ++i) {
    const std::uint32_t a = rng() % kPersons, b = rng() % kPersons;
    const Tie tie = static_cast<Tie>(rng() % kTieCount);
    const std::uint32_t count = 1 + rng() % 4;
    often.Add(a, b, tie, count);
    once.Add(a, b, tie, count);
    if (a != b) sums[std::minmax(a, b)][kAt(tie)] += count;
    if (i % 500 == 0) {
      std::vector<std::uint32_t> group(1 + rng() % 10);
      for (std::uint32_t& m : group) m = rng() % kPersons;
      std::vector<std::uint32_t> copy = group;
      often.AddGroup(group, Tie::kSharedPhone);
      once.AddGroup(copy, Tie::kSharedPhone);
      if (group.size() >= 2 && group.size() <= 8) {
        for (std::size_t x = 0; x < group.size(); ++x)
          for (std::size_t y = x + 1; y < group.size(); ++y)
            ++sums[{group[x], group[y]}][kAt(Tie::kSharedPhone)];
      }
    }
  }
  std::vector<NodeId> nodes(kPersons);
  for (std::uint32_t p = 0; p < kPersons; ++p) nodes[p] = p;
  const PersonProjection x = often.Finish(nodes, ProjectionWeights{});
  const PersonProjection y = once.Finish(nodes, ProjectionWeights{});
  EXPECT_EQ(skipped_often, skipped_once);
  EXPECT_EQ(x.first, y.first);
  EXPECT_EQ(x.second, y.second);
  EXPECT_EQ(x.ties, y.ties);
  EXPECT_EQ(x.weights, y.weights);
  ASSERT_EQ(x.size(), sums.size());
  std::size_t e = 0;
  for (const auto& [pair, counts] : sums) {
    EXPECT_EQ(x.first[e], pair.first);
    EXPECT_EQ(x.second[e], pair.second);
    EXPECT_EQ(x.ties[e], counts);
    ++e;
  }
  for (NodeId v = 0; v < kPersons; ++v) {
    const auto nx = x.graph.Neighbors(v), ny = y.graph.Neighbors(v);
    EXPECT_EQ(std::vector<NodeId>(nx.begin(), nx.end()), std::vector<NodeId>(ny.begin(), ny.end()));
  }
}

// Marking evidence as a service's changes no weight and no count: a pair's service and other
// shares of one kind are summed before the logarithm. The cell weights are the weights of the
// unmarked evidence alone, whenever and however often the builder folds.
TEST(Projection, ServiceEvidenceCountsInTheWeightsAndNotInTheCellWeights) {
  std::mt19937 rng(5);
  std::uint64_t skipped = 0;
  ProjectionBuilder marked(50, skipped, 7), unmarked(50, skipped), others_only(50, skipped);
  constexpr std::uint32_t kPersons = 30;
  // Persons 25..29 are tied by services' evidence alone.
  for (std::uint32_t a = 25; a + 1 < kPersons; ++a) {
    marked.Add(a, a + 1, Tie::kPayment, 2, 2 * ProjectionBuilder::kShareUnit, true);
    unmarked.Add(a, a + 1, Tie::kPayment, 2, 2 * ProjectionBuilder::kShareUnit);
  }
  for (int i = 0; i < 20000; ++i) {
    const std::uint32_t a = rng() % 25, b = rng() % 25;
    const Tie tie = static_cast<Tie>(rng() % kTieCount);
    const std::uint32_t count = 1 + rng() % 3;
    const std::uint64_t share = 1 + rng() % (2 * ProjectionBuilder::kShareUnit);
    const bool service = rng() % 2 == 0;
    marked.Add(a, b, tie, count, share, service);
    unmarked.Add(a, b, tie, count, share);
    if (!service) others_only.Add(a, b, tie, count, share);
  }
  std::vector<NodeId> nodes(kPersons);
  for (std::uint32_t p = 0; p < kPersons; ++p) nodes[p] = p;
  const PersonProjection x = marked.Finish(nodes, ProjectionWeights{});
  const PersonProjection y = unmarked.Finish(nodes, ProjectionWeights{});
  const PersonProjection z = others_only.Finish(nodes, ProjectionWeights{});
  EXPECT_EQ(x.first, y.first);
  EXPECT_EQ(x.second, y.second);
  EXPECT_EQ(x.ties, y.ties);
  EXPECT_EQ(x.weights, y.weights);
  EXPECT_EQ(y.cell_weights, y.weights);
  EXPECT_EQ(CellGraph(y).num_nodes(), 0u);
  std::size_t in_z = 0, service_only = 0;
  for (std::size_t e = 0; e < x.size(); ++e) {
    if (in_z < z.size() && z.first[in_z] == x.first[e] && z.second[in_z] == x.second[e]) {
      EXPECT_DOUBLE_EQ(x.cell_weights[e], z.weights[in_z]) << x.first[e] << "-" << x.second[e];
      ++in_z;
    } else {
      EXPECT_EQ(x.cell_weights[e], 0.0) << x.first[e] << "-" << x.second[e];
      ++service_only;
    }
  }
  EXPECT_EQ(in_z, z.size());
  EXPECT_EQ(service_only, 4u);
  const CsrGraph cells = CellGraph(x);
  ASSERT_EQ(cells.num_nodes(), kPersons);
  EXPECT_EQ(cells.num_edges(), x.size() - service_only);
}

}  // namespace
}  // namespace corridor
