#include "algorithms/analysis.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "engine/errors.h"

namespace corridor {
namespace {

// Two triangles (0-1-2, 3-4-5) and a hub (6) tied to all six with heavy weights: on the whole
// graph the hub's weight pulls everything into one community; on the cell graph, without the
// hub's ties, the triangles are two cells. Measures stay those of the whole graph.
TEST(Analysis, CommunitiesComeFromTheCellGraphAndMeasuresFromTheGraph) {
  std::vector<WeightedEdge> triangles = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1},
                                         {3, 4, 1}, {4, 5, 1}, {3, 5, 1}};
  std::vector<WeightedEdge> all = triangles;
  for (NodeId v = 0; v < 6; ++v) all.push_back({v, 6, 5});
  const CsrGraph graph = CsrGraph::Build(7, all);
  const CsrGraph cells = CsrGraph::Build(7, triangles);

  const Analysis whole = Analyse(graph);
  EXPECT_EQ(whole.communities.count, 1u);

  const Analysis split = Analyse(graph, {}, &cells);
  const std::vector<std::uint32_t>& label = split.communities.label;
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[1], label[2]);
  EXPECT_EQ(label[3], label[4]);
  EXPECT_EQ(label[4], label[5]);
  EXPECT_NE(label[0], label[3]);
  EXPECT_NE(label[6], label[0]);
  EXPECT_NE(label[6], label[3]);
  EXPECT_EQ(split.communities.count, 3u);
  EXPECT_EQ((*split.Measure("degree"))[6], 6.0);
  // The hub ties both cells evenly: its participation against them is 1 - 2 * (1/2)^2.
  EXPECT_DOUBLE_EQ((*split.Measure("participation"))[6], 0.5);

  const CsrGraph fewer = CsrGraph::Build(6, triangles);
  EXPECT_THROW(Analyse(graph, {}, &fewer), InternalError);
  CsrBuildOptions directed;
  directed.directed = true;
  const CsrGraph one_way = CsrGraph::Build(7, triangles, directed);
  EXPECT_THROW(Analyse(graph, {}, &one_way), InternalError);
}

// Harmonic closeness comes with the betweenness: exact up to the limit, estimated from the
// same pivots beyond it with its bound, and left out only for a sampled directed graph. Each
// stage is reported as it ends.
TEST(Analysis, HarmonicClosenessIsEstimatedBeyondTheExactLimit) {
  std::mt19937 rng(131);
  std::uniform_int_distribution<NodeId> node(0, 299);
  std::vector<WeightedEdge> edges;
  for (int k = 0; k < 900; ++k) edges.push_back({node(rng), node(rng), 1.0 + k % 3});
  const CsrGraph graph = CsrGraph::Build(300, edges);
  AnalysisOptions options;
  std::vector<std::string> stages;
  options.on_stage = [&stages](const std::string& stage, double) { stages.push_back(stage); };

  const Analysis exact = Analyse(graph, options);
  ASSERT_NE(exact.Measure("harmonic"), nullptr);
  EXPECT_EQ(*exact.Measure("harmonic"), Harmonic(graph, {.length = PathLength::kInverseWeight}));
  EXPECT_EQ(exact.harmonic_error_bound, 0.0);
  ASSERT_EQ(stages.size(), exact.timings_s.size());
  for (std::size_t i = 0; i < stages.size(); ++i) EXPECT_EQ(stages[i], exact.timings_s[i].first);

  options.exact_limit = 100;
  options.samples = 40;
  const Analysis sampled = Analyse(graph, options);
  EXPECT_TRUE(sampled.harmonic_computed);
  ASSERT_NE(sampled.Measure("harmonic"), nullptr);
  const BetweennessOptions pivots{.length = PathLength::kInverseWeight,
                                  .normalized = true,
                                  .samples = 40,
                                  .seed = options.leiden.seed};
  EXPECT_EQ(*sampled.Measure("harmonic"), BetweennessAndHarmonic(graph, pivots).harmonic);
  EXPECT_EQ(sampled.harmonic_error_bound,
            HarmonicSampleError(graph, pivots, options.sample_failure_probability));
  EXPECT_GT(sampled.harmonic_error_bound, 0.0);

  const Analysis empty = Analyse(CsrGraph::Build(0, std::vector<WeightedEdge>{}), options);
  EXPECT_TRUE(empty.harmonic_computed);
  EXPECT_NE(empty.Measure("harmonic"), nullptr);

  CsrBuildOptions directed;
  directed.directed = true;
  const Analysis arcs = Analyse(CsrGraph::Build(300, edges, directed), options);
  EXPECT_FALSE(arcs.harmonic_computed);
  EXPECT_EQ(arcs.Measure("harmonic"), nullptr);
  EXPECT_NE(arcs.Measure("betweenness"), nullptr);
}

// A ring of `cliques` five-node cliques, each joined to the next by one edge: Fortunato and
// Barthelemy's example of the resolution limit. Modularity at resolution 1 merges neighbouring
// cliques once the ring has more than 22 of them.
CsrGraph RingOfCliques(NodeId cliques) {
  std::vector<WeightedEdge> edges;
  for (NodeId c = 0; c < cliques; ++c) {
    for (NodeId a = 0; a < 5; ++a) {
      for (NodeId b = a + 1; b < 5; ++b) edges.push_back({5 * c + a, 5 * c + b, 1.0});
    }
    edges.push_back({5 * c + 4, 5 * ((c + 1) % cliques), 1.0});
  }
  return CsrGraph::Build(5 * cliques, edges);
}

// Whether every community is exactly one clique of the ring.
bool OneCommunityPerClique(const Analysis& analysis, NodeId cliques) {
  const std::vector<NodeId>& label = analysis.communities.label;
  for (NodeId v = 0; v < 5 * cliques; ++v) {
    if (label[v] != label[v - v % 5]) return false;
    if (v % 5 == 0 && v > 0 && label[v] == label[v - 5]) return false;
  }
  return analysis.communities.count == cliques;
}

// With a reference weight the resolution grows with the total weight of the graph communities
// are found on, so a ring of 10 cliques (m = 110) and one of 60 (m = 660) both come out one
// community per clique, where resolution 1 merges the larger ring's cliques. The rule raises,
// never lowers, the resolution given, and leaves CPM alone.
TEST(Analysis, ResolutionGrowsWithTheCellGraphUnderAReferenceWeight) {
  const CsrGraph small = RingOfCliques(10);
  const CsrGraph large = RingOfCliques(60);

  const Analysis fixed = Analyse(large, {}, &large);
  EXPECT_EQ(fixed.resolution, 1.0);
  EXPECT_LT(fixed.communities.count, 60u);
  EXPECT_TRUE(OneCommunityPerClique(Analyse(small, {}, &small), 10));

  AnalysisOptions options;
  options.reference_weight = 110.0;
  const Analysis small_auto = Analyse(small, options, &small);
  EXPECT_EQ(small_auto.resolution, 1.0);
  EXPECT_TRUE(OneCommunityPerClique(small_auto, 10));
  const Analysis large_auto = Analyse(large, options, &large);
  EXPECT_DOUBLE_EQ(large_auto.resolution, 6.0);
  EXPECT_TRUE(OneCommunityPerClique(large_auto, 60));

  options.leiden.resolution = 8.0;
  EXPECT_EQ(Analyse(large, options, &large).resolution, 8.0);
  options.leiden.resolution = 1.0;
  // Without a cell graph the rule takes the weight of the graph itself; a self-loop is one
  // edge of m, as in modularity.
  EXPECT_DOUBLE_EQ(Analyse(large, options).resolution, 6.0);
  CsrBuildOptions loops;
  loops.keep_self_loops = true;
  const CsrGraph looped =
      CsrGraph::Build(2, std::vector<WeightedEdge>{{0, 1, 3.0}, {1, 1, 2.0}}, loops);
  options.reference_weight = 1.0;
  EXPECT_DOUBLE_EQ(Analyse(looped, options).resolution, 5.0);
  options.reference_weight = 110.0;
  options.leiden.objective = LeidenObjective::kCpm;
  options.leiden.resolution = 0.5;
  EXPECT_EQ(Analyse(large, options, &large).resolution, 0.5);
}

}  // namespace
}  // namespace corridor
