#include "algorithms/centrality/centrality.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/core_numbers.hpp>
#include <boost/graph/page_rank.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

constexpr double kEps = 1e-12;

// Element-wise comparison of a result with expected values, exact unless a tolerance is given.
template <typename T>
void ExpectValues(const std::vector<T>& got, const std::vector<double>& want,
                  double tolerance = 0.0) {
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_NEAR(static_cast<double>(got[i]), want[i], tolerance) << "at index " << i;
  }
}

CsrGraph Undirected(NodeId n, const std::vector<WeightedEdge>& edges) {
  return CsrGraph::Build(n, edges);
}

CsrGraph Directed(NodeId n, const std::vector<WeightedEdge>& edges) {
  CsrBuildOptions options;
  options.directed = true;
  return CsrGraph::Build(n, edges, options);
}

CsrGraph Multigraph(NodeId n, const std::vector<WeightedEdge>& edges) {
  CsrBuildOptions options;
  options.keep_self_loops = true;
  options.merge_duplicates = false;
  return CsrGraph::Build(n, edges, options);
}

//  0 --- 1
//   \   /
//     2 --- 3      weights: 0-1: 1, 0-2: 2, 1-2: 1, 2-3: 3
const std::vector<WeightedEdge> kTriangleTail = {{0, 1, 1}, {0, 2, 2}, {1, 2, 1}, {2, 3, 3}};

std::vector<WeightedEdge> RandomEdges(std::mt19937& rng, NodeId n, std::size_t m, bool weighted) {
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::uniform_int_distribution<int> weight(1, 4);
  std::vector<WeightedEdge> edges(m);
  for (auto& e : edges)
    e = {node(rng), node(rng), weighted ? static_cast<double>(1 << (weight(rng) - 1)) : 1.0};
  return edges;
}

// Runs `compute` at 1 thread and at 2, asserts bit-identical results, returns them.
template <typename Compute>
auto AtOneAndTwoThreads(Compute&& compute) {
  decltype(compute()) one;
  {
    const parallel::ThreadLimit limit(1);
    one = compute();
  }
  const parallel::ThreadLimit limit(2);
  auto two = compute();
  EXPECT_EQ(one, two) << "result depends on the thread count";
  return two;
}

// ---------------------------------------------------------------- Degree and strength

TEST(CentralityDegree, EmptySingleAndIsolated) {
  EXPECT_TRUE(Degree(Undirected(0, {})).empty());
  ExpectValues(Degree(Undirected(1, {})), {0u});
  ExpectValues(Strength(Undirected(3, {})), {0.0, 0.0, 0.0});
}

TEST(CentralityDegree, SelfLoopsCountTwiceAndParallelArcsEach) {
  // 0-1 twice (unmerged), a loop at 1 of weight 5, 1-2 of weight 2.
  const CsrGraph g = Multigraph(3, {{0, 1, 1}, {1, 0, 1}, {1, 1, 5}, {1, 2, 2}});
  ExpectValues(Degree(g), {2u, 5u, 1u});
  ExpectValues(Strength(g), {2.0, 14.0, 2.0});
  // Merged, the two 0-1 edges become one of weight 2.
  const CsrGraph merged = Undirected(3, {{0, 1, 1}, {1, 0, 1}, {1, 2, 2}});
  ExpectValues(Degree(merged), {1u, 2u, 1u});
  ExpectValues(Strength(merged), {2.0, 4.0, 2.0});
}

TEST(CentralityDegree, DirectedByDirection) {
  CsrBuildOptions options;
  options.directed = true;
  options.keep_self_loops = true;
  // 0->1 (w 1), 0->2 (w 2), 2->2 (w 4)
  const CsrGraph g =
      CsrGraph::Build(3, std::vector<WeightedEdge>{{0, 1, 1}, {0, 2, 2}, {2, 2, 4}}, options);
  ExpectValues(Degree(g, {.direction = Direction::kOut}), {2u, 0u, 1u});
  ExpectValues(Degree(g, {.direction = Direction::kIn}), {0u, 1u, 2u});
  ExpectValues(Degree(g, {.direction = Direction::kAll}), {2u, 1u, 3u});
  ExpectValues(Strength(g, {.direction = Direction::kIn}), {0.0, 1.0, 6.0});
  ExpectValues(Strength(g, {.direction = Direction::kAll}), {3.0, 1.0, 10.0});
}

// ---------------------------------------------------------------- Betweenness

TEST(Betweenness, EmptySingleAndIsolated) {
  EXPECT_TRUE(Betweenness(Undirected(0, {})).empty());
  ExpectValues(Betweenness(Undirected(1, {}), {.normalized = true}), {0.0});
  ExpectValues(Betweenness(Undirected(4, {})), {0.0, 0.0, 0.0, 0.0});
  // n = 2: no pair avoids either node, so normalising must not divide by zero.
  ExpectValues(Betweenness(Undirected(2, {{0, 1, 1}}), {.normalized = true}), {0.0, 0.0});
}

TEST(Betweenness, HandDrawnGraphs) {
  // Path 0-1-2-3-4: node 1 lies on the paths of pairs (0,2) (0,3) (0,4): 3; node 2 on
  // (0,3) (0,4) (1,3) (1,4): 4. Normalised by (n-1)(n-2)/2 = 6: 1/2, 2/3, 1/2.
  const CsrGraph path = Undirected(5, {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 4, 1}});
  ExpectValues(Betweenness(path), {0.0, 3.0, 4.0, 3.0, 0.0});
  ExpectValues(Betweenness(path, {.normalized = true}), {0.0, 0.5, 2.0 / 3.0, 0.5, 0.0}, kEps);
  // Star with centre 0 and four leaves: the centre is on all C(4,2) = 6 leaf pairs, which is
  // every pair it could be on, so normalised 1.
  const CsrGraph star = Undirected(5, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}, {0, 4, 1}});
  ExpectValues(Betweenness(star), {6.0, 0.0, 0.0, 0.0, 0.0});
  ExpectValues(Betweenness(star, {.normalized = true}), {1.0, 0.0, 0.0, 0.0, 0.0});
  // Triangle 0-1-2 with tail 2-3: only node 2 is between, for the pairs (0,3) and (1,3).
  ExpectValues(Betweenness(Undirected(4, kTriangleTail)), {0.0, 0.0, 2.0, 0.0});
  // 4-cycle: opposite nodes are joined by two shortest paths, each through one of the other
  // two nodes, so every node gets half of one pair.
  const CsrGraph square = Undirected(4, {{0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}});
  ExpectValues(Betweenness(square), {0.5, 0.5, 0.5, 0.5});
}

TEST(Betweenness, DirectedPairsAreOrdered) {
  // 0 -> 1 -> 2: only the ordered pair (0, 2) passes through 1; normalised by (n-1)(n-2) = 2.
  const CsrGraph g = Directed(3, {{0, 1, 1}, {1, 2, 1}});
  ExpectValues(Betweenness(g), {0.0, 1.0, 0.0});
  ExpectValues(Betweenness(g, {.normalized = true}), {0.0, 0.5, 0.0});
}

TEST(Betweenness, WeightedLengths) {
  // Triangle with 0-1 and 1-2 of weight 1 and 0-2 of weight 3.
  const CsrGraph g = Undirected(3, {{0, 1, 1}, {1, 2, 1}, {0, 2, 3}});
  // Weights as distances: 0-1-2 has length 2 < 3, so node 1 carries the pair (0, 2).
  ExpectValues(Betweenness(g, {.length = PathLength::kWeightIsDistance}), {0.0, 1.0, 0.0});
  // Weights as strengths, lengths 1, 1, 1/3: every direct edge is shortest (0-2-1 has length
  // 4/3 > 1), so nobody is between.
  ExpectValues(Betweenness(g, {.length = PathLength::kInverseWeight}), {0.0, 0.0, 0.0});
  ExpectValues(Betweenness(g), {0.0, 0.0, 0.0});
}

TEST(Betweenness, RejectsNonPositiveWeightsForWeightedLengths) {
  const CsrGraph g = Undirected(2, {{0, 1, 0.0}});
  EXPECT_THROW(Betweenness(g, {.length = PathLength::kWeightIsDistance}), InvalidInput);
  EXPECT_THROW(Betweenness(g, {.length = PathLength::kInverseWeight}), InvalidInput);
  EXPECT_NO_THROW(Betweenness(g));
}

TEST(Betweenness, ParallelArcsAreSeparatePathsAndSelfLoopsNone) {
  // 0=1-2-3-0 with 0-1 doubled and a loop at 2, kept unmerged. Pair (0,2): paths 0-1-2 twice
  // (once per parallel arc) and 0-3-2 once, so node 1 gets 2/3 and node 3 gets 1/3. Pair
  // (1,3): 1-0-3 twice and 1-2-3 once: node 0 gets 2/3, node 2 gets 1/3.
  const std::vector<WeightedEdge> edges = {{0, 1, 1}, {0, 1, 1}, {1, 2, 1},
                                           {2, 3, 1}, {3, 0, 1}, {2, 2, 1}};
  const CsrGraph multi = Multigraph(4, edges);
  ExpectValues(Betweenness(multi), {2 / 3., 2 / 3., 1 / 3., 1 / 3.}, kEps);
  VerifyBetweenness(multi, {}, Betweenness(multi));
  // Merged and loop-free it is the plain 4-cycle.
  ExpectValues(Betweenness(Undirected(4, edges)), {0.5, 0.5, 0.5, 0.5});
}

TEST(Betweenness, DisconnectedComponentsAreIndependent) {
  // Two paths 0-1-2 and 3-4-5 and an isolated node 6.
  const CsrGraph g = Undirected(7, {{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {4, 5, 1}});
  ExpectValues(Betweenness(g), {0.0, 1.0, 0.0, 0.0, 1.0, 0.0, 0.0});
}

using BoostUndirected =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;
using BoostDirected =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS, boost::no_property,
                          boost::property<boost::edge_weight_t, double>>;

// Boost's Brandes over the same arcs, each edge given once, its length derived from the weight
// as `length` says.
template <typename BoostGraph>
std::vector<double> BoostBetweenness(const CsrGraph& g, PathLength length) {
  BoostGraph oracle(g.num_nodes());
  for (NodeId v = 0; v < g.num_nodes(); ++v) {
    const auto targets = g.Neighbors(v);
    const auto weights = g.Weights(v);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      if (!g.directed() && targets[k] < v) continue;  // stored both ways
      boost::add_edge(v, targets[k],
                      length == PathLength::kInverseWeight ? 1.0 / weights[k] : weights[k], oracle);
    }
  }
  std::vector<double> centrality(g.num_nodes(), 0.0);
  const auto centrality_map = boost::make_iterator_property_map(
      centrality.begin(), boost::get(boost::vertex_index, oracle));
  if (length == PathLength::kHops) {
    boost::brandes_betweenness_centrality(oracle, boost::centrality_map(centrality_map));
  } else {
    boost::brandes_betweenness_centrality(
        oracle,
        boost::centrality_map(centrality_map).weight_map(boost::get(boost::edge_weight, oracle)));
  }
  return centrality;
}

TEST(Betweenness, RandomGraphsMatchBoostAtAnyThreadCount) {
  for (const std::uint32_t seed : {21u, 22u, 23u}) {
    for (const bool directed : {false, true}) {
      for (const PathLength length :
           {PathLength::kHops, PathLength::kWeightIsDistance, PathLength::kInverseWeight}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + (directed ? " directed" : " undirected") +
                     " length " + std::to_string(static_cast<int>(length)));
        std::mt19937 rng(seed);
        const NodeId n = 150;
        // Weights 1, 2, 4, 8: their inverses and all path sums are exact in binary, so ties
        // are the same for Boost and us.
        const auto edges = RandomEdges(rng, n, 450, length != PathLength::kHops);
        const CsrGraph g = directed ? Directed(n, edges) : Undirected(n, edges);
        const BetweennessOptions options{.length = length, .grain = 4};
        const auto ours = AtOneAndTwoThreads([&] { return Betweenness(g, options); });
        VerifyBetweenness(g, options, ours);
        const std::vector<double> oracle = directed ? BoostBetweenness<BoostDirected>(g, length)
                                                    : BoostBetweenness<BoostUndirected>(g, length);
        ASSERT_EQ(ours.size(), oracle.size());
        for (NodeId v = 0; v < n; ++v) {
          ASSERT_NEAR(ours[v], oracle[v], 1e-9 * std::max(1.0, oracle[v])) << "node " << v;
        }
      }
    }
  }
}

TEST(Betweenness, PivotsAreSeededDistinctAndSorted) {
  const BetweennessOptions options{.samples = 20, .seed = 7};
  const auto pivots = BetweennessPivots(100, options);
  ASSERT_EQ(pivots.size(), 20u);
  EXPECT_TRUE(std::is_sorted(pivots.begin(), pivots.end()));
  EXPECT_EQ(std::adjacent_find(pivots.begin(), pivots.end()), pivots.end());
  EXPECT_EQ(pivots, BetweennessPivots(100, options));
  EXPECT_NE(pivots, BetweennessPivots(100, {.samples = 20, .seed = 8}));
  // samples >= n falls back to the exact run over every node.
  EXPECT_EQ(BetweennessPivots(5, {.samples = 9}), (std::vector<NodeId>{0, 1, 2, 3, 4}));
}

TEST(Betweenness, SampledEstimateIsWithinItsBound) {
  const std::uint32_t seed = 31;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const NodeId n = 400;
  const CsrGraph g = Undirected(n, RandomEdges(rng, n, 1200, false));
  const auto exact = Betweenness(g, {.normalized = true});
  const BetweennessOptions sampled{.normalized = true, .samples = 100, .seed = 5};
  const auto estimate = AtOneAndTwoThreads([&] { return Betweenness(g, sampled); });
  VerifyBetweenness(g, sampled, estimate);
  const double bound = BetweennessSampleError(n, 100, 0.01);
  // n/(n-1) * sqrt(ln(2 * 400 / 0.01) / 200)
  EXPECT_NEAR(bound, 400.0 / 399.0 * std::sqrt(std::log(80000.0) / 200.0), 1e-12);
  double worst = 0.0;
  for (NodeId v = 0; v < n; ++v) worst = std::max(worst, std::abs(estimate[v] - exact[v]));
  EXPECT_LE(worst, bound);
  EXPECT_GT(worst, 0.0);                               // it really is an estimate
  EXPECT_EQ(BetweennessSampleError(n, 0, 0.01), 0.0);  // exact run
  EXPECT_THROW(BetweennessSampleError(n, 10, 0.0), InvalidInput);
}

// Both measures from one pass, at any thread count: exact, each to the bit what its own
// function gives; sampled, the estimate of each pivot's distances, within its bound.
std::pair<std::vector<double>, std::vector<double>> BothPaths(const CsrGraph& g,
                                                              const BetweennessOptions& options) {
  PathCentralities paths = BetweennessAndHarmonic(g, options);
  return {std::move(paths.betweenness), std::move(paths.harmonic)};
}

TEST(BetweennessAndHarmonic, ExactEqualsEachMeasureAlone) {
  for (const std::uint32_t seed : {121u, 122u}) {
    for (const bool directed : {false, true}) {
      for (const PathLength length : {PathLength::kHops, PathLength::kInverseWeight}) {
        SCOPED_TRACE("seed " + std::to_string(seed) + (directed ? " directed" : " undirected") +
                     " length " + std::to_string(static_cast<int>(length)));
        std::mt19937 rng(seed);
        const NodeId n = 200;
        const auto edges = RandomEdges(rng, n, 400, true);  // several components
        const CsrGraph g = directed ? Directed(n, edges) : Undirected(n, edges);
        const BetweennessOptions options{.length = length, .normalized = true, .grain = 8};
        const auto [betweenness, harmonic] =
            AtOneAndTwoThreads([&] { return BothPaths(g, options); });
        EXPECT_EQ(betweenness, Betweenness(g, options));
        EXPECT_EQ(harmonic, Harmonic(g, {.length = length}));
      }
    }
  }
}

TEST(BetweennessAndHarmonic, SampledHarmonicIsThePivotsEstimateWithinItsBound) {
  const std::uint32_t seed = 123;
  SCOPED_TRACE("seed " + std::to_string(seed));
  std::mt19937 rng(seed);
  const NodeId n = 400;
  auto edges = RandomEdges(rng, n, 1200, false);
  edges.push_back({0, 1, 1});  // and some isolated nodes beyond n: they score 0
  const NodeId with_isolated = n + 3;
  const CsrGraph g = Undirected(with_isolated, edges);
  const BetweennessOptions sampled{.samples = 60, .seed = 9};
  const auto [betweenness, harmonic] = AtOneAndTwoThreads([&] { return BothPaths(g, sampled); });
  EXPECT_EQ(betweenness, Betweenness(g, sampled));
  // The estimate by its definition: breadth-first distances from each pivot, summed at the
  // nodes reached, scaled by n / (k (n - 1)).
  std::vector<double> expected(with_isolated, 0.0);
  for (const NodeId s : BetweennessPivots(with_isolated, sampled)) {
    std::vector<int> hops(with_isolated, -1);
    std::vector<NodeId> queue = {s};
    hops[s] = 0;
    for (std::size_t i = 0; i < queue.size(); ++i) {
      for (const NodeId u : g.Neighbors(queue[i])) {
        if (hops[u] < 0) {
          hops[u] = hops[queue[i]] + 1;
          queue.push_back(u);
        }
      }
    }
    for (NodeId v = 0; v < with_isolated; ++v) {
      if (hops[v] > 0) expected[v] += 1.0 / hops[v];
    }
  }
  const double scale = with_isolated / (60.0 * (with_isolated - 1.0));
  for (double& value : expected) value *= scale;
  ExpectValues(harmonic, expected, 1e-12);
  for (NodeId v = n; v < with_isolated; ++v) EXPECT_EQ(harmonic[v], 0.0);
  const std::vector<double> exact = Harmonic(g);
  const double bound = HarmonicSampleError(g, sampled, 0.01);
  EXPECT_EQ(bound, BetweennessSampleError(with_isolated, 60, 0.01));  // hops: terms in [0, 1]
  double worst = 0.0;
  for (NodeId v = 0; v < with_isolated; ++v)
    worst = std::max(worst, std::abs(harmonic[v] - exact[v]));
  EXPECT_LE(worst, bound);
  EXPECT_GT(worst, 0.0);  // it really is an estimate
  // Lengths 1/weight: a term can reach the largest weight (repeated edges merged into one
  // add up), and the bound with it.
  const CsrGraph weighted = Undirected(n, RandomEdges(rng, n, 1200, true));
  const double heaviest = *std::max_element(weighted.weights().begin(), weighted.weights().end());
  ASSERT_GT(heaviest, 8.0);
  const BetweennessOptions inverse{.length = PathLength::kInverseWeight, .samples = 60};
  EXPECT_DOUBLE_EQ(HarmonicSampleError(weighted, inverse, 0.01),
                   heaviest * BetweennessSampleError(n, 60, 0.01));
  EXPECT_EQ(HarmonicSampleError(weighted, {.length = PathLength::kInverseWeight}, 0.01), 0.0);
  // Two nodes, one pivot: the estimate is 2 at the one reached and 0 at the pivot where both
  // are 1, and the bound says so (betweenness, 0 on any two nodes, has none).
  const CsrGraph pair = Undirected(2, {{0, 1, 1}});
  const BetweennessOptions one{.samples = 1};
  const std::vector<double> estimate = BetweennessAndHarmonic(pair, one).harmonic;
  EXPECT_EQ(estimate[0] + estimate[1], 2.0);
  EXPECT_GE(HarmonicSampleError(pair, one, 0.01), 1.0);
  // Directed: the pivots' searches measure distances to nodes, not from them.
  EXPECT_TRUE(BetweennessAndHarmonic(Directed(n, edges), sampled).harmonic.empty());
}

TEST(Betweenness, SampledOnEmptyIsolatedParallelAndDisconnectedGraphs) {
  const BetweennessOptions two{.samples = 2, .seed = 3};
  EXPECT_TRUE(Betweenness(Undirected(0, {}), two).empty());
  ExpectValues(Betweenness(Undirected(1, {}), two), {0.0});  // samples >= n: the exact run
  ExpectValues(Betweenness(Undirected(5, {}), two), {0.0, 0.0, 0.0, 0.0, 0.0});
  const CsrGraph multi =
      Multigraph(4, {{0, 1, 1}, {0, 1, 1}, {1, 2, 1}, {2, 3, 1}, {3, 0, 1}, {2, 2, 1}});
  VerifyBetweenness(multi, two, Betweenness(multi, two));
  // Paths 0-1-2 and 3-4-5 and the isolated node 6. A pivot at either end of a path adds its
  // one pair through the middle (halved, as each pair is met from both ends), scaled by n/k.
  const CsrGraph g = Undirected(7, {{0, 1, 1}, {1, 2, 1}, {3, 4, 1}, {4, 5, 1}});
  for (const std::uint64_t seed : {1u, 2u, 3u, 4u, 5u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const BetweennessOptions three{.samples = 3, .seed = seed};
    const std::vector<NodeId> pivots = BetweennessPivots(7, three);
    const auto ends_among_pivots = [&](NodeId a, NodeId b) {
      return static_cast<double>(std::count(pivots.begin(), pivots.end(), a) +
                                 std::count(pivots.begin(), pivots.end(), b));
    };
    const double scale = 7.0 / 3.0 / 2.0;
    const auto estimate = AtOneAndTwoThreads([&] { return Betweenness(g, three); });
    ExpectValues(
        estimate,
        {0.0, scale * ends_among_pivots(0, 2), 0.0, 0.0, scale * ends_among_pivots(3, 5), 0.0, 0.0},
        kEps);
    VerifyBetweenness(g, three, estimate);
  }
}

TEST(Betweenness, VerifierCatchesWrongValues) {
  const CsrGraph star = Undirected(4, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  EXPECT_NO_THROW(VerifyBetweenness(star, {}, std::vector<double>{3, 0, 0, 0}));
  EXPECT_THROW(VerifyBetweenness(star, {}, std::vector<double>{2, 0, 0, 0}), InternalError);
  EXPECT_THROW(VerifyBetweenness(star, {}, std::vector<double>{3, 0, 0}), InternalError);
}

// ---------------------------------------------------------------- Closeness and harmonic

TEST(CentralityCloseness, EmptySingleAndIsolated) {
  EXPECT_TRUE(Closeness(Undirected(0, {})).empty());
  EXPECT_TRUE(Harmonic(Undirected(0, {})).empty());
  ExpectValues(Closeness(Undirected(1, {})), {0.0});
  ExpectValues(Harmonic(Undirected(1, {})), {0.0});
  ExpectValues(Harmonic(Undirected(3, {})), {0.0, 0.0, 0.0});
}

TEST(CentralityCloseness, HandDrawnGraphs) {
  // Path 0-1-2: node 0 reaches 2 nodes at total distance 3: (2/2)(2/3) = 2/3; node 1 reaches
  // both at distance 1: 1. Harmonic: node 0 (1 + 1/2)/2 = 3/4, node 1 (1 + 1)/2 = 1.
  const CsrGraph path = Undirected(3, {{0, 1, 1}, {1, 2, 1}});
  ExpectValues(Closeness(path), {2 / 3., 1.0, 2 / 3.}, kEps);
  ExpectValues(Harmonic(path), {0.75, 1.0, 0.75}, kEps);
  // Edge 0-1 and isolated node 2: node 0 reaches 1 of 2 others at total distance 1:
  // (1/2)(1/1) = 1/2; harmonic 1/2.
  const CsrGraph split = Undirected(3, {{0, 1, 1}});
  ExpectValues(Closeness(split), {0.5, 0.5, 0.0});
  ExpectValues(Harmonic(split), {0.5, 0.5, 0.0});
  // Directed 0 -> 1 -> 2, distances along out-arcs: node 0 as the path's end above, 2/3;
  // node 1 reaches only 2: (1/2)(1/1) = 1/2; node 2 reaches nobody.
  const CsrGraph chain = Directed(3, {{0, 1, 1}, {1, 2, 1}});
  ExpectValues(Closeness(chain), {2 / 3., 0.5, 0.0}, kEps);
  ExpectValues(Harmonic(chain), {0.75, 0.5, 0.0}, kEps);
}

TEST(CentralityCloseness, WeightedLengths) {
  // Path 0-1-2 with both weights 2. As distances node 0 is at 2 and 4: (2/2)(2/6) = 1/3.
  // As strengths (lengths 1/2) at 1/2 and 1: 2/1.5 = 4/3; harmonic (2 + 1)/2 = 3/2.
  const CsrGraph g = Undirected(3, {{0, 1, 2}, {1, 2, 2}});
  EXPECT_NEAR(Closeness(g, {.length = PathLength::kWeightIsDistance})[0], 1 / 3., kEps);
  EXPECT_NEAR(Closeness(g, {.length = PathLength::kInverseWeight})[0], 4 / 3., kEps);
  EXPECT_NEAR(Harmonic(g, {.length = PathLength::kInverseWeight})[0], 1.5, kEps);
}

TEST(CentralityCloseness, DuplicatesAndSelfLoopsChangeNothing) {
  const CsrGraph multi = Multigraph(3, {{0, 1, 1}, {0, 1, 1}, {1, 1, 1}, {1, 2, 1}});
  ExpectValues(Closeness(multi), {2 / 3., 1.0, 2 / 3.}, kEps);
  ExpectValues(Harmonic(multi), {0.75, 1.0, 0.75}, kEps);
}

TEST(CentralityCloseness, RandomGraphsMatchVerifierAtAnyThreadCount) {
  for (const std::uint32_t seed : {41u, 42u}) {
    for (const PathLength length : {PathLength::kHops, PathLength::kInverseWeight}) {
      SCOPED_TRACE("seed " + std::to_string(seed));
      std::mt19937 rng(seed);
      const NodeId n = 200;
      const CsrGraph g = Undirected(n, RandomEdges(rng, n, 300, true));  // several components
      const ClosenessOptions options{.length = length, .grain = 8};
      VerifyCloseness(g, options, AtOneAndTwoThreads([&] { return Closeness(g, options); }));
      VerifyHarmonic(g, options, AtOneAndTwoThreads([&] { return Harmonic(g, options); }));
    }
  }
}

// ---------------------------------------------------------------- PageRank

TEST(PageRank, EmptySingleAndIsolated) {
  const PowerIteration none = PageRank(Undirected(0, {}));
  EXPECT_TRUE(none.score.empty());
  EXPECT_TRUE(none.converged);
  ExpectValues(PageRank(Undirected(1, {})).score, {1.0}, kEps);
  // Isolated nodes are all dangling: rank stays uniform.
  ExpectValues(PageRank(Undirected(4, {})).score, {.25, .25, .25, .25}, kEps);
}

TEST(PageRank, HandDrawnGraphs) {
  // Star with centre c and three leaves l, d = 0.85, n = 4. Each leaf sends all its rank to
  // the centre, the centre a third to each leaf:
  //   c = 0.0375 + 0.85 * 3l,  l = 0.0375 + 0.85 c / 3.
  // Substituting, c = 0.133125 + 0.7225 c, so c = 0.133125 / 0.2775 = 71/148 and
  // l = (1 - c) / 3 = 77/444.
  const PowerIteration star = PageRank(Undirected(4, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}}));
  EXPECT_TRUE(star.converged);
  ExpectValues(star.score, {71 / 148., 77 / 444., 77 / 444., 77 / 444.}, 1e-9);
  // Directed 0 -> 1; node 1 dangles and spreads its rank over both nodes:
  //   x0 = 0.075 + 0.425 x1,  x1 = 0.075 + 0.425 x1 + 0.85 x0;
  // with x0 + x1 = 1, 1.425 x0 = 0.5: x0 = 20/57, x1 = 37/57.
  const PowerIteration dangling = PageRank(Directed(2, {{0, 1, 1}}));
  ExpectValues(dangling.score, {20 / 57., 37 / 57.}, 1e-9);
  // Weights split a node's rank: 0 -> 1 (w 3), 0 -> 2 (w 1), 1 -> 0, 2 -> 0; n = 3:
  //   x0 = 0.05 + 0.85 (x1 + x2),  x1 = 0.05 + 0.85 * 3/4 x0,  x2 = 0.05 + 0.85 * 1/4 x0.
  // Then x1 + x2 = 0.1 + 0.85 x0, so x0 = 0.135 / 0.2775 = 18/37, x1 = 533/1480 and
  // x2 = 227/1480. Unweighted, the split is even: x1 = x2 = 0.05 + 0.425 * 18/37 = 19/74.
  const CsrGraph split = Directed(3, {{0, 1, 3}, {0, 2, 1}, {1, 0, 1}, {2, 0, 1}});
  ExpectValues(PageRank(split).score, {18 / 37., 533 / 1480., 227 / 1480.}, 1e-9);
  ExpectValues(PageRank(split, {.weighted = false}).score, {18 / 37., 19 / 74., 19 / 74.}, 1e-9);
}

TEST(PageRank, DuplicateArcsAddWeightAndSelfLoopsAreArcs) {
  // Unmerged 0-1 twice equals merged 0-1 of weight 2; on a 2-node graph either gives 1/2 each.
  const CsrGraph multi = Multigraph(3, {{0, 1, 1}, {0, 1, 1}, {1, 2, 2}});
  const CsrGraph merged = Undirected(3, {{0, 1, 2}, {1, 2, 2}});
  ExpectValues(PageRank(multi).score, PageRank(merged).score, 1e-12);
  // A self-loop keeps rank at home: with a loop of weight 1 beside the edge, node 0 keeps half.
  CsrBuildOptions loops;
  loops.keep_self_loops = true;
  const CsrGraph looped =
      CsrGraph::Build(2, std::vector<WeightedEdge>{{0, 0, 1}, {0, 1, 1}}, loops);
  const PowerIteration result = PageRank(looped);
  VerifyPageRank(looped, {}, result.score, 1e-9);
  EXPECT_GT(result.score[0], result.score[1]);
}

TEST(PageRank, RejectsNegativeWeightsAndBadDamping) {
  EXPECT_THROW(PageRank(Undirected(2, {{0, 1, -1}})), InvalidInput);
  EXPECT_THROW(PageRank(Undirected(2, {{0, 1, 1}}), {.damping = 1.5}), InvalidInput);
}

TEST(PageRank, RandomDirectedGraphsMatchBoostAtAnyThreadCount) {
  for (const std::uint32_t seed : {51u, 52u, 53u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 500;
    auto edges = RandomEdges(rng, n, 2000, false);
    // Boost's PageRank leaks the rank of dangling nodes: give every node an out-arc.
    for (NodeId v = 0; v < n; ++v) edges.push_back({v, (v + 1) % n, 1.0});
    const CsrGraph g = Directed(n, edges);
    const PageRankOptions options{.weighted = false, .tolerance = 1e-14};
    const PowerIteration ours = AtOneAndTwoThreads([&] { return PageRank(g, options); });
    EXPECT_TRUE(ours.converged);
    VerifyPageRank(g, options, ours.score, 1e-12);

    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS> oracle(n);
    for (NodeId v = 0; v < n; ++v) {
      for (const NodeId u : g.Neighbors(v)) boost::add_edge(v, u, oracle);
    }
    std::vector<double> rank(n);
    boost::graph::page_rank(
        oracle,
        boost::make_iterator_property_map(rank.begin(), boost::get(boost::vertex_index, oracle)),
        boost::graph::n_iterations(300));
    // Boost's ranks sum to n.
    for (NodeId v = 0; v < n; ++v) ASSERT_NEAR(ours.score[v], rank[v] / n, 1e-12) << "node " << v;
  }
}

TEST(PageRank, RandomGraphsWithDanglingNodesAreFixedPoints) {
  for (const std::uint32_t seed : {54u, 55u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 800;
    const auto edges = RandomEdges(rng, n, 1200, true);
    for (const CsrGraph& g : {Directed(n, edges), Undirected(n + 10, edges)}) {
      const PowerIteration result = AtOneAndTwoThreads([&] { return PageRank(g); });
      EXPECT_TRUE(result.converged);
      VerifyPageRank(g, {}, result.score, 1e-9);
    }
  }
  EXPECT_THROW(VerifyPageRank(Undirected(2, {{0, 1, 1}}), {}, std::vector<double>{0.7, 0.3}, 1e-9),
               InternalError);
}

// ---------------------------------------------------------------- Eigenvector

TEST(CentralityEigenvector, EmptyAndSingle) {
  EXPECT_TRUE(EigenvectorCentrality(Undirected(0, {})).score.empty());
  ExpectValues(EigenvectorCentrality(Undirected(1, {})).score, {1.0});
}

TEST(CentralityEigenvector, HandDrawnGraphs) {
  // Star with three leaves: A x = lambda x gives lambda c = 3 l and lambda l = c, so
  // lambda = sqrt(3) and c = sqrt(3) l. Unit norm: c^2 + 3 l^2 = 6 l^2 = 1, l = 1/sqrt(6),
  // c = 1/sqrt(2). Max one: c = 1, l = 1/sqrt(3). The star is bipartite: plain power
  // iteration on A would oscillate between centre-heavy and leaf-heavy vectors.
  const CsrGraph star = Undirected(4, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  const PowerIteration unit = EigenvectorCentrality(star, {.tolerance = 1e-13});
  EXPECT_TRUE(unit.converged);
  const double l = 1 / std::sqrt(6.0);
  ExpectValues(unit.score, {1 / std::sqrt(2.0), l, l, l}, 1e-9);
  const PowerIteration max_one =
      EigenvectorCentrality(star, {.scale = EigenvectorScale::kMaxOne, .tolerance = 1e-13});
  const double m = 1 / std::sqrt(3.0);
  ExpectValues(max_one.score, {1.0, m, m, m}, 1e-9);
  // Weighted path 0 -(4)- 1 -(1)- 2: lambda^2 = 17, x0 : x1 : x2 = 4 : sqrt(17) : 1.
  const PowerIteration path =
      EigenvectorCentrality(Undirected(3, {{0, 1, 4}, {1, 2, 1}}), {.tolerance = 1e-13});
  const double norm = std::sqrt(16 + 17 + 1.0);
  ExpectValues(path.score, {4 / norm, std::sqrt(17.0) / norm, 1 / norm}, 1e-9);
}

TEST(CentralityEigenvector, DisconnectedGraphFavoursTheDominantComponent) {
  // Triangle (lambda 2) and a separate edge (lambda 1): the edge's share decays like
  // ((1+1)/(1+2))^t and is gone at convergence.
  const CsrGraph g = Undirected(5, {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}, {3, 4, 1}});
  const PowerIteration result = EigenvectorCentrality(g, {.tolerance = 1e-13});
  EXPECT_TRUE(result.converged);
  const double t = 1 / std::sqrt(3.0);
  ExpectValues(result.score, {t, t, t, 0.0, 0.0}, 1e-9);
}

TEST(CentralityEigenvector, RandomGraphsSatisfyTheEigenEquation) {
  for (const std::uint32_t seed : {61u, 62u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 600;
    auto edges = RandomEdges(rng, n, 3000, true);
    for (NodeId v = 0; v + 1 < n; ++v) edges.push_back({v, v + 1, 1.0});  // connected
    for (const CsrGraph& g : {Undirected(n, edges), Directed(n, edges)}) {
      const EigenvectorOptions options{.tolerance = 1e-13, .max_iterations = 5000};
      const PowerIteration result =
          AtOneAndTwoThreads([&] { return EigenvectorCentrality(g, options); });
      EXPECT_TRUE(result.converged);
      VerifyEigenvector(g, options, result.score, 1e-8);
    }
  }
}

TEST(CentralityEigenvector, IsolatedNodesDuplicatesAndSelfLoops) {
  const EigenvectorOptions options{.tolerance = 1e-13};
  // Isolated nodes beside a triangle take no share of it.
  const PowerIteration isolated =
      EigenvectorCentrality(Undirected(5, {{0, 1, 1}, {1, 2, 1}, {2, 0, 1}}), options);
  const double t = 1 / std::sqrt(3.0);
  ExpectValues(isolated.score, {t, t, t, 0.0, 0.0}, 1e-9);
  // Parallel arcs add: the weighted path 0 -(4)- 1 -(1)- 2 of HandDrawnGraphs, its heavy edge
  // given as four unit edges, gives x0 : x1 : x2 = 4 : sqrt(17) : 1.
  const CsrGraph multi = Multigraph(3, {{0, 1, 1}, {1, 0, 1}, {0, 1, 1}, {0, 1, 1}, {1, 2, 1}});
  const double norm = std::sqrt(16 + 17 + 1.0);
  ExpectValues(EigenvectorCentrality(multi, options).score,
               {4 / norm, std::sqrt(17.0) / norm, 1 / norm}, 1e-9);
  // A self-loop is the node's own entry of the adjacency matrix, counted once as networkx
  // does: A = [[1, 1], [1, 0]] has lambda = phi (the golden ratio) and x0 = phi x1.
  const CsrGraph looped = Multigraph(2, {{0, 1, 1}, {0, 0, 1}});
  const PowerIteration loop = EigenvectorCentrality(looped, options);
  VerifyEigenvector(looped, options, loop.score, 1e-9);
  const double phi = (1 + std::sqrt(5.0)) / 2;
  const double loop_norm = std::sqrt(phi * phi + 1);
  ExpectValues(loop.score, {phi / loop_norm, 1 / loop_norm}, 1e-9);
}

// Two hubs of 50 and 49 leaves whose centres are joined through two intermediaries, every
// leaf's tie a little heavier than the last and a few leaves tied in pairs, so that no symmetry
// keeps the Krylov space small and the cycles must restart: the two largest eigenvalues of
// A + I are 9.9639 and 9.8079 (Eigen's dense solver), so a power step keeps 98.4% of the
// error, some 1,750 steps to 1e-12. Lanczos's cycles must get there within 200 products, at
// any thread count.
TEST(CentralityEigenvector, TwoNearlyEqualHubsConvergeQuickly) {
  std::vector<WeightedEdge> edges = {{0, 2, 1.0}, {2, 3, 1.0}, {3, 1, 1.0},   {4, 5, 1.0},
                                     {6, 7, 1.0}, {8, 9, 1.0}, {54, 55, 0.5}, {56, 57, 0.5}};
  NodeId next = 4;
  for (const auto& [centre, leaves] : {std::pair<NodeId, int>{0, 50}, {1, 49}}) {
    for (int k = 0; k < leaves; ++k) edges.push_back({centre, next++, 1.0 + k / 100.0});
  }
  const CsrGraph g = Undirected(next, edges);
  const EigenvectorOptions options{.tolerance = 1e-12, .max_iterations = 200};
  const PowerIteration result =
      AtOneAndTwoThreads([&] { return EigenvectorCentrality(g, options); });
  EXPECT_TRUE(result.converged) << result.iterations << " products";
  EXPECT_GT(result.iterations, 12u);  // more than one cycle
  VerifyEigenvector(g, options, result.score, 1e-9);
  EXPECT_GT(result.score[0], result.score[1]);  // the larger hub leads
  EXPECT_GT(result.score[1], result.score[next - 1]);
}

// Where the start is all but an eigenvector, a cycle has one direction and its Ritz vector is
// the start: the method must then step as the power method does, not stall until the budget
// runs out. A star's all-ones start is not, but one product per budget is the same case.
TEST(CentralityEigenvector, OneProductIsOnePowerStep) {
  const CsrGraph star = Undirected(4, {{0, 1, 1}, {0, 2, 1}, {0, 3, 1}});
  const PowerIteration result = EigenvectorCentrality(star, {.max_iterations = 1});
  EXPECT_FALSE(result.converged);
  // (A + I) * (1, 1, 1, 1) = (4, 2, 2, 2), unit norm.
  const double norm = std::sqrt(16.0 + 3 * 4.0);
  ExpectValues(result.score, {4 / norm, 2 / norm, 2 / norm, 2 / norm}, 1e-12);
}

// ---------------------------------------------------------------- k-core

TEST(CentralityCore, EmptySingleIsolatedAndDirected) {
  EXPECT_TRUE(CoreNumbers(Undirected(0, {})).empty());
  ExpectValues(CoreNumbers(Undirected(3, {})), {0u, 0u, 0u});
  EXPECT_THROW(CoreNumbers(Directed(2, {{0, 1, 1}})), InvalidInput);
}

TEST(CentralityCore, HandDrawnGraph) {
  // K4 on 0-3, node 4 tied to 0 and 1 (a triangle 0-1-4), node 5 a pendant of 4, 6 isolated.
  // K4 is a 3-core; 4 keeps two neighbours in the 2-core; 5 has one; 6 none.
  const CsrGraph g = Undirected(7, {{0, 1, 1},
                                    {0, 2, 1},
                                    {0, 3, 1},
                                    {1, 2, 1},
                                    {1, 3, 1},
                                    {2, 3, 1},
                                    {4, 0, 1},
                                    {4, 1, 1},
                                    {5, 4, 1}});
  const auto core = CoreNumbers(g);
  ExpectValues(core, {3u, 3u, 3u, 3u, 2u, 1u, 0u});
  VerifyCoreNumbers(g, core);
  EXPECT_THROW(VerifyCoreNumbers(g, std::vector<std::uint32_t>{3, 3, 3, 3, 3, 1, 0}),
               InternalError);
  EXPECT_THROW(VerifyCoreNumbers(g, std::vector<std::uint32_t>{3, 3, 3, 2, 2, 1, 0}),
               InternalError);
}

TEST(CentralityCore, DuplicatesAndSelfLoopsIgnored) {
  // A path 0-1-2 is a 1-core however many times its edges repeat or loops are added.
  const CsrGraph g =
      Multigraph(3, {{0, 1, 1}, {0, 1, 1}, {1, 0, 1}, {1, 2, 1}, {1, 1, 1}, {2, 2, 1}});
  ExpectValues(CoreNumbers(g), {1u, 1u, 1u});
}

TEST(CentralityCore, RandomGraphsMatchBoost) {
  for (const std::uint32_t seed : {71u, 72u, 73u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 2000;
    const CsrGraph g = Undirected(n, RandomEdges(rng, n, 9000, false));
    const auto core = AtOneAndTwoThreads([&] { return CoreNumbers(g); });
    VerifyCoreNumbers(g, core);
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS> oracle(n);
    for (NodeId v = 0; v < n; ++v) {
      for (const NodeId u : g.Neighbors(v)) {
        if (u > v) boost::add_edge(v, u, oracle);
      }
    }
    std::vector<std::uint32_t> expected(n);
    boost::core_numbers(oracle, boost::make_iterator_property_map(
                                    expected.begin(), boost::get(boost::vertex_index, oracle)));
    EXPECT_EQ(core, expected);
  }
}

// ---------------------------------------------------------------- Local clustering

TEST(CentralityClustering, EmptySingleAndIsolated) {
  EXPECT_TRUE(LocalClustering(Undirected(0, {})).empty());
  ExpectValues(LocalClustering(Undirected(2, {})), {0.0, 0.0});
  EXPECT_THROW(LocalClustering(Directed(2, {{0, 1, 1}})), InvalidInput);
}

TEST(CentralityClustering, HandDrawnGraph) {
  // Triangle plus tail: nodes 0 and 1 have two neighbours, adjacent: 1. Node 2 has three
  // neighbours (0, 1, 3) and one adjacent pair of three: 1/3. Node 3 has one neighbour: 0.
  const CsrGraph g = Undirected(4, kTriangleTail);
  ExpectValues(LocalClustering(g), {1.0, 1.0, 1 / 3., 0.0}, kEps);
  // The same with every edge doubled and loops everywhere: unchanged.
  std::vector<WeightedEdge> noisy = kTriangleTail;
  noisy.insert(noisy.end(), kTriangleTail.begin(), kTriangleTail.end());
  for (NodeId v = 0; v < 4; ++v) noisy.push_back({v, v, 1});
  const CsrGraph multi = Multigraph(4, noisy);
  const auto clustering = LocalClustering(multi);
  ExpectValues(clustering, {1.0, 1.0, 1 / 3., 0.0}, kEps);
  VerifyLocalClustering(multi, clustering);
  EXPECT_THROW(VerifyLocalClustering(g, std::vector<double>{1, 1, 0.5, 0}), InternalError);
}

TEST(CentralityClustering, RandomGraphsMatchVerifierAtAnyThreadCount) {
  for (const std::uint32_t seed : {81u, 82u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 300;
    const CsrGraph g = Multigraph(n, RandomEdges(rng, n, 3000, false));
    VerifyLocalClustering(g, AtOneAndTwoThreads([&] { return LocalClustering(g); }));
  }
}

// ---------------------------------------------------------------- Burt's constraint

TEST(CentralityConstraint, EmptyIsolatedAndDirected) {
  EXPECT_TRUE(BurtConstraint(Undirected(0, {})).empty());
  const auto isolated = BurtConstraint(Undirected(2, {}));
  EXPECT_TRUE(std::isnan(isolated[0]) && std::isnan(isolated[1]));
  EXPECT_THROW(BurtConstraint(Directed(2, {{0, 1, 1}})), InvalidInput);
  EXPECT_THROW(BurtConstraint(Undirected(2, {{0, 1, -1}})), InvalidInput);
  // Zero-weight ties give p = 0 (networkx's convention), so constraint 0 rather than NaN.
  ExpectValues(BurtConstraint(Undirected(2, {{0, 1, 0}})), {0.0, 0.0});
}

TEST(CentralityConstraint, HandDrawnGraphUnweighted) {
  // Triangle plus tail, every tie 1. p(0,1) = p(0,2) = 1/2; p(2, .) = 1/3; p(3,2) = 1.
  //   c(0) = (p01 + p02 p21)^2 + (p02 + p01 p12)^2 = (1/2 + 1/6)^2 + (1/2 + 1/4)^2
  //        = 4/9 + 9/16 = 145/144 = c(1)
  //   c(2) = (1/3 + 1/3 * 1/2)^2 * 2 + (1/3)^2 = 1/2 + 1/9 = 11/18
  //   c(3) = (p32)^2 = 1
  // (networkx: 1.00694, 1.00694, 0.61111, 1.0.)
  const CsrGraph g = Undirected(4, kTriangleTail);
  const ConstraintOptions unweighted{.weighted = false};
  const auto c = BurtConstraint(g, unweighted);
  ExpectValues(c, {145 / 144., 145 / 144., 11 / 18., 1.0}, kEps);
  VerifyBurtConstraint(g, unweighted, c);
}

TEST(CentralityConstraint, HandDrawnGraphWeighted) {
  // Strengths 3, 2, 6, 3. p01 = 1/3, p02 = 2/3, p10 = p12 = 1/2, p20 = 1/3, p21 = 1/6,
  // p23 = 1/2, p32 = 1.
  //   c(0) = (1/3 + 2/3 * 1/6)^2 + (2/3 + 1/3 * 1/2)^2 = (4/9)^2 + (5/6)^2 = 289/324
  //   c(1) = (1/2 + 1/2 * 1/3)^2 + (1/2 + 1/2 * 2/3)^2 = 4/9 + 25/36 = 41/36
  //   c(2) = (1/3 + 1/6 * 1/2)^2 + (1/6 + 1/3 * 1/3)^2 + (1/2)^2 = 25/144 + 25/324 + 1/4
  //        = 649/1296
  // (networkx with weight="weight": 0.891975, 1.138889, 0.500772, 1.0.)
  const CsrGraph g = Undirected(4, kTriangleTail);
  const auto c = BurtConstraint(g);
  ExpectValues(c, {289 / 324., 41 / 36., 649 / 1296., 1.0}, kEps);
  // Parallel arcs add: 0-2 given as two ties of weight 1 is the same as one of weight 2, and
  // self-loops are ignored.
  const CsrGraph multi =
      Multigraph(4, {{0, 1, 1}, {0, 2, 1}, {2, 0, 1}, {1, 2, 1}, {2, 3, 3}, {3, 3, 7}});
  ExpectValues(BurtConstraint(multi), c, kEps);
  VerifyBurtConstraint(multi, {}, BurtConstraint(multi));
}

TEST(CentralityConstraint, RandomGraphsMatchVerifierAtAnyThreadCount) {
  for (const std::uint32_t seed : {91u, 92u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 300;
    const CsrGraph g = Multigraph(n, RandomEdges(rng, n, 1500, true));
    for (const bool weighted : {true, false}) {
      const ConstraintOptions options{.weighted = weighted};
      const auto c = AtOneAndTwoThreads([&] { return BurtConstraint(g, options); });
      VerifyBurtConstraint(g, options, c);
    }
  }
}

// Hubs tied to most nodes among sparse random ties: a hub's list is far longer than a leaf's,
// so the neighbour intersections of clustering and constraint gallop through the longer list
// (both ways round) instead of merging. Parallel arcs and self-loops included.
TEST(CentralityStructure, HubsMatchVerifierAtAnyThreadCount) {
  std::mt19937 rng(93);
  const NodeId n = 600;
  std::vector<WeightedEdge> edges = RandomEdges(rng, n, 900, true);
  for (const NodeId hub : {NodeId{0}, NodeId{1}}) {
    for (NodeId v = 2; v < n; ++v) {
      if (v % 5 != hub) edges.push_back({hub, v, 1.0 + v % 3});
    }
    edges.push_back({hub, hub, 2.0});
    edges.push_back({hub, 7, 1.0});
  }
  const CsrGraph g = Multigraph(n, edges);
  ASSERT_GT(g.Neighbors(0).size(), 16 * g.Neighbors(7).size());
  VerifyLocalClustering(g, AtOneAndTwoThreads([&] { return LocalClustering(g); }));
  for (const bool weighted : {true, false}) {
    const ConstraintOptions options{.weighted = weighted};
    VerifyBurtConstraint(g, options,
                         AtOneAndTwoThreads([&] { return BurtConstraint(g, options); }));
  }
}

// ---------------------------------------------------------------- Participation coefficient

TEST(CentralityParticipation, EmptyIsolatedAndMismatchedLabels) {
  EXPECT_TRUE(ParticipationCoefficient(Undirected(0, {}), {}).empty());
  const std::vector<std::uint32_t> labels = {0, 1};
  ExpectValues(ParticipationCoefficient(Undirected(2, {}), labels), {0.0, 0.0});
  EXPECT_THROW(ParticipationCoefficient(Undirected(3, {}), labels), InvalidInput);
  EXPECT_THROW(ParticipationCoefficient(Directed(2, {{0, 1, 1}}), labels), InvalidInput);
}

TEST(CentralityParticipation, HandDrawnGraph) {
  // Triangle plus tail with communities {0, 1, 2} and {3}. Node 2 has 2 ties inside and 1 out:
  // 1 - (2/3)^2 - (1/3)^2 = 4/9. By weight its ties are 2 + 1 inside and 3 out:
  // 1 - (1/2)^2 - (1/2)^2 = 1/2. Nodes 0 and 1 tie only into their own community (0), node 3
  // only into the other (also 0: participation is about spread, not about crossing).
  const CsrGraph g = Undirected(4, kTriangleTail);
  const std::vector<std::uint32_t> labels = {7, 7, 7, 9};
  ExpectValues(ParticipationCoefficient(g, labels), {0.0, 0.0, 4 / 9., 0.0}, kEps);
  const ParticipationOptions weighted{.weighted = true};
  ExpectValues(ParticipationCoefficient(g, labels, weighted), {0.0, 0.0, 0.5, 0.0}, kEps);
  // Duplicates count once unweighted and add weight when weighted; loops are ignored.
  const CsrGraph multi =
      Multigraph(4, {{0, 1, 1}, {0, 2, 1}, {0, 2, 1}, {1, 2, 1}, {2, 3, 3}, {2, 2, 5}});
  ExpectValues(ParticipationCoefficient(multi, labels), {0.0, 0.0, 4 / 9., 0.0}, kEps);
  ExpectValues(ParticipationCoefficient(multi, labels, weighted), {0.0, 0.0, 0.5, 0.0}, kEps);
}

TEST(CentralityParticipation, RandomGraphsMatchVerifierAtAnyThreadCount) {
  for (const std::uint32_t seed : {101u, 102u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 500;
    const CsrGraph g = Multigraph(n, RandomEdges(rng, n, 2500, true));
    std::vector<std::uint32_t> labels(n);
    for (auto& label : labels) label = rng() % 7;
    for (const bool weighted : {false, true}) {
      const ParticipationOptions options{.weighted = weighted};
      const auto p =
          AtOneAndTwoThreads([&] { return ParticipationCoefficient(g, labels, options); });
      VerifyParticipation(g, labels, options, p);
    }
  }
}

// ---------------------------------------------------------------- Cases all measures meet

// Degree and strength counted straight from the edge list (parallel arcs each, a self-loop at
// both its ends, as an adjacency matrix's row sums with a doubled diagonal): an oracle that
// shares nothing with the CSR build.
TEST(CentralityDegree, RandomMultigraphsMatchTheEdgeListAtAnyThreadCount) {
  for (const std::uint32_t seed : {111u, 112u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 400;
    const auto edges = RandomEdges(rng, n, 1500, true);
    const CsrGraph g = Multigraph(n, edges);
    std::vector<double> degree(n, 0.0), strength(n, 0.0);
    for (const WeightedEdge& e : edges) {
      degree[e.source] += 1;
      degree[e.target] += 1;
      strength[e.source] += e.weight;
      strength[e.target] += e.weight;
    }
    ExpectValues(AtOneAndTwoThreads([&] { return Degree(g); }), degree);
    ExpectValues(AtOneAndTwoThreads([&] { return Strength(g); }), strength);
  }
}

TEST(CentralityLocal, OneNodeHasNoNeighbourhood) {
  CsrBuildOptions loops;
  loops.keep_self_loops = true;
  const std::vector<std::uint32_t> label = {0};
  // Alone, and alone with a loop: a loop is no neighbour for any of these measures.
  for (const CsrGraph& one :
       {Undirected(1, {}), CsrGraph::Build(1, std::vector<WeightedEdge>{{0, 0, 3}}, loops)}) {
    ExpectValues(CoreNumbers(one), {0.0});
    ExpectValues(LocalClustering(one), {0.0});
    EXPECT_TRUE(std::isnan(BurtConstraint(one)[0]));
    ExpectValues(ParticipationCoefficient(one, label), {0.0});
  }
}

// On a disjoint union every local measure gives each node its value on its own component:
// the triangle with its tail (nodes 0-3), a weighted path (4-6) and an isolated node (7).
TEST(CentralityLocal, DisconnectedGraphsScoreEachComponentAlone) {
  const std::vector<WeightedEdge> path = {{0, 1, 2}, {1, 2, 1}};
  std::vector<WeightedEdge> edges = kTriangleTail;
  for (const WeightedEdge& e : path) edges.push_back({e.source + 4, e.target + 4, e.weight});
  const CsrGraph whole = Undirected(8, edges);
  const CsrGraph triangle = Undirected(4, kTriangleTail);
  const CsrGraph line = Undirected(3, path);
  const auto parts = [](const auto& first, const auto& second, double isolated) {
    std::vector<double> out(first.begin(), first.end());
    out.insert(out.end(), second.begin(), second.end());
    out.push_back(isolated);
    return out;
  };
  ExpectValues(CoreNumbers(whole), parts(CoreNumbers(triangle), CoreNumbers(line), 0.0));
  ExpectValues(LocalClustering(whole), parts(LocalClustering(triangle), LocalClustering(line), 0.0),
               kEps);
  const std::vector<std::uint32_t> labels = {0, 0, 0, 1, 2, 2, 3, 4};
  const std::vector<std::uint32_t> triangle_labels = {0, 0, 0, 1}, line_labels = {2, 2, 3};
  for (const bool weighted : {false, true}) {
    const ParticipationOptions options{.weighted = weighted};
    ExpectValues(ParticipationCoefficient(whole, labels, options),
                 parts(ParticipationCoefficient(triangle, triangle_labels, options),
                       ParticipationCoefficient(line, line_labels, options), 0.0),
                 kEps);
  }
  const auto constraint = BurtConstraint(whole);
  const auto expected = parts(BurtConstraint(triangle), BurtConstraint(line), 0.0);
  for (NodeId v = 0; v < 7; ++v) EXPECT_NEAR(constraint[v], expected[v], kEps) << "node " << v;
  EXPECT_TRUE(std::isnan(constraint[7]));
}

}  // namespace
}  // namespace corridor
