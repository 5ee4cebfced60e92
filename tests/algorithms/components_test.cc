#include "algorithms/paths/components.h"

#include <gtest/gtest.h>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <random>

#include "algorithms/union_find.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

TEST(Components, EmptyAndIsolated) {
  const Components none = ConnectedComponents(CsrGraph::Build(0, {}));
  EXPECT_EQ(none.count, 0u);
  const CsrGraph isolated = CsrGraph::Build(4, {});
  const Components each = ConnectedComponents(isolated);
  VerifyComponents(isolated, each);
  EXPECT_EQ(each.count, 4u);
  EXPECT_EQ(each.label, (std::vector<NodeId>{0, 1, 2, 3}));
}

//  0 - 3     1 - 4 - 5     2 (self-loop)
TEST(Components, HandDrawnGraphLabelledBySmallestMember) {
  const std::vector<WeightedEdge> edges = {{3, 0, 1}, {5, 4, 1}, {4, 1, 1}, {2, 2, 1}};
  CsrBuildOptions options;
  options.keep_self_loops = true;
  const CsrGraph g = CsrGraph::Build(6, edges, options);
  const Components c = ConnectedComponents(g);
  VerifyComponents(g, c);
  EXPECT_EQ(c.count, 3u);
  EXPECT_EQ(c.label, (std::vector<NodeId>{0, 1, 2, 0, 1, 1}));
}

TEST(Components, DirectedArcsJoinWeakly) {
  CsrBuildOptions options;
  options.directed = true;
  const std::vector<WeightedEdge> edges = {{2, 0, 1}, {2, 1, 1}};
  const CsrGraph g = CsrGraph::Build(3, edges, options);
  const Components c = ConnectedComponents(g);
  VerifyComponents(g, c);
  EXPECT_EQ(c.count, 1u);
}

TEST(Components, VerifierCatchesWrongLabels) {
  const std::vector<WeightedEdge> edges = {{0, 1, 1}};
  const CsrGraph g = CsrGraph::Build(3, edges);
  EXPECT_THROW(VerifyComponents(g, {{0, 1, 2}, 3}), InternalError);  // arc crosses
  EXPECT_THROW(VerifyComponents(g, {{0, 0, 0}, 1}), InternalError);  // 2 not reachable
  EXPECT_THROW(VerifyComponents(g, {{0, 0, 2}, 3}), InternalError);  // wrong count
  EXPECT_NO_THROW(VerifyComponents(g, {{0, 0, 2}, 2}));
}

TEST(Components, RandomGraphsMatchBoostAtAnyThreadCount) {
  for (const std::uint32_t seed : {11u, 12u, 13u, 14u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 3000;
    std::uniform_int_distribution<NodeId> node(0, n - 1);
    std::vector<WeightedEdge> edges(2500);  // sparse: many components
    for (auto& e : edges) e = {node(rng), node(rng), 1.0};
    const CsrGraph g = CsrGraph::Build(n, edges);

    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> oracle(n);
    for (const auto& e : edges) boost::add_edge(e.source, e.target, oracle);
    std::vector<int> oracle_component(n);
    const int oracle_count = boost::connected_components(oracle, oracle_component.data());

    Components one;
    {
      const parallel::ThreadLimit limit(1);
      one = ConnectedComponents(g, {.grain = 16});
    }
    const Components many = ConnectedComponents(g, {.grain = 16});
    VerifyComponents(g, many);
    EXPECT_EQ(one.label, many.label);
    EXPECT_EQ(many.count, static_cast<NodeId>(oracle_count));
    // Same partition as Boost, up to relabelling.
    for (const auto& e : edges) {
      EXPECT_EQ(many.label[e.source] == many.label[e.target],
                oracle_component[e.source] == oracle_component[e.target]);
    }
    std::vector<int> oracle_of_label(n, -1);
    for (NodeId v = 0; v < n; ++v) {
      int& seen = oracle_of_label[many.label[v]];
      if (seen == -1) seen = oracle_component[v];
      ASSERT_EQ(seen, oracle_component[v]);
    }
  }
}

TEST(UnionFind, ConcurrentUnionsGiveMinimumRoots) {
  const std::uint32_t n = 100000;
  ConcurrentUnionFind sets(n);
  // Join i with i + 10 for every i: classes are residues mod 10, root = residue.
  parallel::For(0, n - 10, 128, [&](std::size_t i) {
    sets.Unite(static_cast<std::uint32_t>(i + 10), static_cast<std::uint32_t>(i));
  });
  for (std::uint32_t v = 0; v < n; ++v) ASSERT_EQ(sets.Find(v), v % 10);
  EXPECT_FALSE(sets.Unite(5, 15));
  EXPECT_TRUE(sets.Unite(5, 6));
  EXPECT_EQ(sets.Find(99996), 5u);
}

}  // namespace
}  // namespace corridor
