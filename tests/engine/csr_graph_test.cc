#include "engine/csr_graph.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

std::vector<NodeId> Targets(const CsrGraph& g, NodeId v) {
  const auto list = g.Neighbors(v);
  return {list.begin(), list.end()};
}

TEST(CsrGraph, EmptyGraphIsValid) {
  const CsrGraph g = CsrGraph::Build(0, {});
  EXPECT_EQ(g.num_nodes(), 0u);
  EXPECT_EQ(g.num_arcs(), 0u);
  EXPECT_EQ(g.num_edges(), 0u);
  g.Validate();
  CsrGraph().Validate();
}

TEST(CsrGraph, IsolatedNodesHaveNoNeighbours) {
  const CsrGraph g = CsrGraph::Build(3, {});
  EXPECT_EQ(g.num_nodes(), 3u);
  for (NodeId v = 0; v < 3; ++v) EXPECT_EQ(g.Degree(v), 0u);
}

//   0 --- 1
//   |   / |
//   |  /  |
//   2     3
TEST(CsrGraph, UndirectedSmallGraphHasSortedSymmetricLists) {
  const std::vector<WeightedEdge> edges = {{1, 0, 1}, {0, 2, 2}, {2, 1, 3}, {3, 1, 4}};
  const CsrGraph g = CsrGraph::Build(4, edges);
  g.Validate();
  EXPECT_EQ(g.num_arcs(), 8u);
  EXPECT_EQ(g.num_edges(), 4u);
  EXPECT_EQ(Targets(g, 0), (std::vector<NodeId>{1, 2}));
  EXPECT_EQ(Targets(g, 1), (std::vector<NodeId>{0, 2, 3}));
  EXPECT_EQ(Targets(g, 3), (std::vector<NodeId>{1}));
  EXPECT_DOUBLE_EQ(g.Weights(1)[2], 4.0);
}

TEST(CsrGraph, DuplicatesAreMergedBySummingWeights) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1.5}, {1, 0, 2.0}, {0, 1, 0.5}};
  const CsrGraph g = CsrGraph::Build(2, edges);
  g.Validate();
  ASSERT_EQ(g.num_edges(), 1u);
  EXPECT_DOUBLE_EQ(g.Weights(0)[0], 4.0);
  EXPECT_DOUBLE_EQ(g.Weights(1)[0], 4.0);
}

// Floating-point sums depend on their order; parallel edges are summed in input order, so a
// graph is the same however its lists are sorted. 1e16 + 1 rounds back to 1e16, so only the
// input order gives 0 here, and a later neighbour keeps the lists from being trivial.
TEST(CsrGraph, ParallelEdgesAreSummedInInputOrder) {
  const std::vector<WeightedEdge> edges = {
      {0, 2, 1.0}, {0, 1, 1e16}, {1, 0, 1.0}, {0, 1, -1e16}, {2, 1, 3.0}};
  const CsrGraph g = CsrGraph::Build(3, edges);
  g.Validate();
  EXPECT_EQ(Targets(g, 0), (std::vector<NodeId>{1, 2}));
  EXPECT_EQ(g.Weights(0)[0], 0.0);
  EXPECT_EQ(g.Weights(1)[0], 0.0);
  EXPECT_EQ(g.Weights(1)[1], 3.0);
}

TEST(CsrGraph, DuplicatesCanBeKept) {
  CsrBuildOptions options;
  options.merge_duplicates = false;
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {0, 1, 2}};
  const CsrGraph g = CsrGraph::Build(2, edges, options);
  g.Validate();
  EXPECT_EQ(g.num_edges(), 2u);
  EXPECT_EQ(Targets(g, 1), (std::vector<NodeId>{0, 0}));
}

TEST(CsrGraph, SelfLoopsDroppedByDefaultAndStoredOnceWhenKept) {
  const std::vector<WeightedEdge> edges = {{0, 0, 1}, {0, 1, 1}, {1, 1, 5}};
  const CsrGraph dropped = CsrGraph::Build(2, edges);
  dropped.Validate();
  EXPECT_EQ(dropped.num_edges(), 1u);

  CsrBuildOptions keep;
  keep.keep_self_loops = true;
  const CsrGraph kept = CsrGraph::Build(2, edges, keep);
  kept.Validate();
  EXPECT_EQ(kept.num_edges(), 3u);
  EXPECT_EQ(Targets(kept, 1), (std::vector<NodeId>{0, 1}));
  EXPECT_DOUBLE_EQ(kept.Weights(1)[1], 5.0);
}

TEST(CsrGraph, DirectedKeepsDirection) {
  CsrBuildOptions options;
  options.directed = true;
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {2, 1, 1}};
  const CsrGraph g = CsrGraph::Build(3, edges, options);
  g.Validate();
  EXPECT_EQ(Targets(g, 0), (std::vector<NodeId>{1}));
  EXPECT_TRUE(Targets(g, 1).empty());
  EXPECT_EQ(g.num_edges(), 2u);
}

TEST(CsrGraph, BuildRejectsBadEdges) {
  const std::vector<WeightedEdge> out_of_range = {{0, 5, 1}};
  EXPECT_THROW(CsrGraph::Build(2, out_of_range), InvalidInput);
  const std::vector<WeightedEdge> not_finite = {{0, 1, std::numeric_limits<double>::infinity()}};
  EXPECT_THROW(CsrGraph::Build(2, not_finite), InvalidInput);
}

TEST(CsrGraph, ValidationCatchesEachBrokenInvariant) {
  CsrBuildOptions directed;
  directed.directed = true;
  const CsrBuildOptions undirected;
  // offsets must start at zero
  EXPECT_THROW(CsrGraph::FromArrays({1, 1}, {0}, {1}, directed), InternalError);
  // last offset must equal the arc count
  EXPECT_THROW(CsrGraph::FromArrays({0, 2}, {1}, {1}, directed), InternalError);
  // offsets may not decrease
  EXPECT_THROW(CsrGraph::FromArrays({0, 2, 1, 2}, {1, 2}, {1, 1}, directed), InternalError);
  // targets in range
  EXPECT_THROW(CsrGraph::FromArrays({0, 1, 1}, {7}, {1}, directed), InternalError);
  // sorted and unique
  EXPECT_THROW(CsrGraph::FromArrays({0, 2, 2, 2}, {2, 1}, {1, 1}, directed), InternalError);
  EXPECT_THROW(CsrGraph::FromArrays({0, 2, 2}, {1, 1}, {1, 1}, directed), InternalError);
  // self-loops only when kept
  EXPECT_THROW(CsrGraph::FromArrays({0, 1}, {0}, {1}, directed), InternalError);
  // weights parallel to targets and finite
  EXPECT_THROW(CsrGraph::FromArrays({0, 1, 1}, {1}, {}, directed), InternalError);
  EXPECT_THROW(CsrGraph::FromArrays({0, 1, 1}, {1}, {std::nan("")}, directed), InternalError);
  // undirected: reverse arc present, with the same weight
  EXPECT_THROW(CsrGraph::FromArrays({0, 1, 1}, {1}, {1}, undirected), InternalError);
  EXPECT_THROW(CsrGraph::FromArrays({0, 1, 2}, {1, 0}, {1, 2}, undirected), InternalError);
  EXPECT_NO_THROW(CsrGraph::FromArrays({0, 1, 2}, {1, 0}, {2, 2}, undirected));
}

TEST(CsrGraph, RandomGraphsValidAndIdenticalAcrossThreadCounts) {
  for (const std::uint32_t seed : {1u, 2u, 3u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 2000;
    std::uniform_int_distribution<NodeId> node(0, n - 1);
    std::uniform_real_distribution<double> weight(0.1, 3.0);
    std::vector<WeightedEdge> edges(20000);
    for (auto& e : edges) e = {node(rng), node(rng), weight(rng)};

    CsrGraph one;
    {
      const parallel::ThreadLimit limit(1);
      one = CsrGraph::Build(n, edges);
    }
    const CsrGraph many = CsrGraph::Build(n, edges);
    one.Validate();
    many.Validate();
    ASSERT_TRUE(std::equal(one.offsets().begin(), one.offsets().end(), many.offsets().begin()));
    ASSERT_TRUE(std::equal(one.targets().begin(), one.targets().end(), many.targets().begin()));
    ASSERT_TRUE(std::equal(one.weights().begin(), one.weights().end(), many.weights().begin()));

    // Total weight is preserved: each non-loop edge appears twice.
    double input = 0, stored = 0;
    for (const auto& e : edges) input += e.source == e.target ? 0 : 2 * e.weight;
    for (const double w : many.weights()) stored += w;
    EXPECT_NEAR(input, stored, 1e-6 * input);
  }
}

}  // namespace
}  // namespace corridor
