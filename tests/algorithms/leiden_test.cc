#include "algorithms/community/leiden.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "algorithms/paths/components.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

CsrGraph Undirected(NodeId n, const std::vector<WeightedEdge>& edges, bool self_loops = false,
                    bool merge = true) {
  CsrBuildOptions options;
  options.keep_self_loops = self_loops;
  options.merge_duplicates = merge;
  return CsrGraph::Build(n, edges, options);
}

// Cliques of `size` nodes (0..size-1, size..2size-1, ...), clique i's first node joined to
// clique i+1's last node; `ring` closes the chain.
std::vector<WeightedEdge> CliqueChain(NodeId cliques, NodeId size, bool ring) {
  std::vector<WeightedEdge> edges;
  for (NodeId c = 0; c < cliques; ++c) {
    for (NodeId i = 0; i < size; ++i) {
      for (NodeId j = i + 1; j < size; ++j) edges.push_back({c * size + i, c * size + j, 1.0});
    }
    if (c + 1 < cliques || (ring && cliques > 2)) {
      edges.push_back({c * size, ((c + 1) % cliques) * size + size - 1, 1.0});
    }
  }
  return edges;
}

// Normalised mutual information (arithmetic-mean normalisation) of two labellings: 1 when
// they are the same partition up to relabelling.
double Nmi(const std::vector<NodeId>& a, const std::vector<NodeId>& b) {
  const double n = static_cast<double>(a.size());
  std::map<std::pair<NodeId, NodeId>, double> joint;
  std::map<NodeId, double> pa;
  std::map<NodeId, double> pb;
  for (std::size_t i = 0; i < a.size(); ++i) {
    joint[{a[i], b[i]}] += 1.0;
    pa[a[i]] += 1.0;
    pb[b[i]] += 1.0;
  }
  const auto entropy = [n](const std::map<NodeId, double>& p) {
    double h = 0.0;
    for (const auto& [label, count] : p) h -= count / n * std::log(count / n);
    return h;
  };
  double mutual = 0.0;
  for (const auto& [key, count] : joint) {
    mutual += count / n * std::log(count * n / (pa[key.first] * pb[key.second]));
  }
  const double ha = entropy(pa);
  const double hb = entropy(pb);
  return ha + hb == 0.0 ? 1.0 : 2.0 * mutual / (ha + hb);
}

struct Planted {
  CsrGraph graph;
  std::vector<NodeId> block;
};

// n nodes in `blocks` equal blocks (node v in block v % blocks); each of m edges stays inside
// a random block with probability p_in, else joins two uniform nodes. Weights 1..3.
Planted PlantedPartition(NodeId n, std::size_t m, NodeId blocks, double p_in, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::uniform_int_distribution<NodeId> member(0, n / blocks - 1);
  std::uniform_int_distribution<NodeId> block(0, blocks - 1);
  std::uniform_int_distribution<int> weight(1, 3);
  std::bernoulli_distribution inside(p_in);
  std::vector<WeightedEdge> edges(m);
  for (auto& e : edges) {
    if (inside(rng)) {
      const NodeId b = block(rng);
      e = {member(rng) * blocks + b, member(rng) * blocks + b, 1.0};
    } else {
      e = {node(rng), node(rng), 1.0};
    }
    e.weight = weight(rng);
  }
  Planted planted{Undirected(n, edges), std::vector<NodeId>(n)};
  for (NodeId v = 0; v < n; ++v) planted.block[v] = v % blocks;
  return planted;
}

TEST(Leiden, EmptyGraph) {
  const CsrGraph g = CsrGraph::Build(0, {});
  const LeidenResult r = Leiden(g);
  VerifyLeiden(g, r, {});
  EXPECT_EQ(r.count, 0u);
  EXPECT_TRUE(r.label.empty());
  EXPECT_EQ(r.quality, 0.0);
}

TEST(Leiden, SingleNode) {
  const CsrGraph g = CsrGraph::Build(1, {});
  const LeidenResult r = Leiden(g);
  VerifyLeiden(g, r, {});
  EXPECT_EQ(r.label, std::vector<NodeId>{0});
  EXPECT_EQ(r.count, 1u);
  EXPECT_TRUE(r.stable);
}

//  0 - 1 - 2     3   4   5   (isolated)
TEST(Leiden, IsolatedNodesStayAlone) {
  const CsrGraph g = Undirected(6, {{0, 1, 1}, {1, 2, 1}});
  for (const auto objective : {LeidenObjective::kModularity, LeidenObjective::kCpm}) {
    LeidenOptions options;
    options.objective = objective;
    options.resolution = objective == LeidenObjective::kCpm ? 0.1 : 1.0;
    const LeidenResult r = Leiden(g, options);
    VerifyLeiden(g, r, options);
    EXPECT_EQ(r.label, (std::vector<NodeId>{0, 0, 0, 1, 2, 3}));
  }
}

// Two triangles joined by an edge, each triangle edge given as several parallel copies: kept
// as parallel arcs, the result must equal that of the merged graph with summed weights.
TEST(Leiden, DuplicateEdgesAddUp) {
  std::vector<WeightedEdge> copies;
  std::vector<WeightedEdge> merged;
  for (const auto& [u, v] :
       std::vector<std::pair<NodeId, NodeId>>{{0, 1}, {1, 2}, {0, 2}, {3, 4}, {4, 5}, {3, 5}}) {
    for (int k = 0; k < 3; ++k) copies.push_back({u, v, 0.5});
    merged.push_back({u, v, 1.5});
  }
  copies.push_back({2, 3, 1.0});
  merged.push_back({2, 3, 1.0});
  const CsrGraph with_copies = Undirected(6, copies, false, false);
  const CsrGraph folded = Undirected(6, merged);
  ASSERT_EQ(with_copies.num_arcs(), 38u);
  const LeidenResult a = Leiden(with_copies);
  const LeidenResult b = Leiden(folded);
  VerifyLeiden(with_copies, a, {});
  VerifyLeiden(folded, b, {});
  EXPECT_EQ(a.label, b.label);
  EXPECT_EQ(a.label, (std::vector<NodeId>{0, 0, 0, 1, 1, 1}));
  EXPECT_NEAR(a.quality, b.quality, 1e-12);
}

// 0 - 1 with a loop on 0: m = 2, k0 = 3 (a loop counts twice), k1 = 1.
//   together: Q = 2/2 - (4/4)^2 = 0;   apart: Q = 1/2 - (3/4)^2 - (1/4)^2 = -1/8
// (networkx and igraph agree). CPM with gamma 0.5: together 2 - 0.5 = 1.5, apart 1.
TEST(Leiden, SelfLoopsCountTwiceInDegreeOnceInside) {
  const CsrGraph g = Undirected(2, {{0, 1, 1}, {0, 0, 1}}, true);
  EXPECT_DOUBLE_EQ(Modularity(g, std::vector<NodeId>{0, 0}), 0.0);
  EXPECT_DOUBLE_EQ(Modularity(g, std::vector<NodeId>{0, 1}), -0.125);
  EXPECT_DOUBLE_EQ(CpmQuality(g, std::vector<NodeId>{0, 0}, 0.5), 1.5);
  EXPECT_DOUBLE_EQ(CpmQuality(g, std::vector<NodeId>{1, 0}, 0.5), 1.0);
  const LeidenResult r = Leiden(g);
  VerifyLeiden(g, r, {});
  EXPECT_EQ(r.label, (std::vector<NodeId>{0, 0}));

  // Heavy loops on a triangle's nodes make each node its own best community.
  std::vector<WeightedEdge> edges = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1}};
  for (NodeId v = 0; v < 3; ++v) edges.push_back({v, v, 10});
  const CsrGraph loops = Undirected(3, edges, true);
  const LeidenResult apart = Leiden(loops);
  VerifyLeiden(loops, apart, {});
  EXPECT_EQ(apart.count, 3u);
  EXPECT_GT(apart.quality, Modularity(loops, std::vector<NodeId>{0, 0, 0}));
}

TEST(Leiden, DisconnectedGraphNeverSharesCommunities) {
  // Three cliques with no edges between them, plus a path.
  std::vector<WeightedEdge> edges = CliqueChain(1, 6, false);
  for (const auto& e : CliqueChain(1, 4, false)) edges.push_back({e.source + 6, e.target + 6, 1});
  for (const auto& e : CliqueChain(1, 5, false)) edges.push_back({e.source + 10, e.target + 10, 1});
  for (NodeId v = 15; v < 29; ++v) edges.push_back({v, v + 1, 1});
  const CsrGraph g = Undirected(30, edges);
  const Components components = ConnectedComponents(g);
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    LeidenOptions options;
    options.seed = seed;
    const LeidenResult r = Leiden(g, options);
    VerifyLeiden(g, r, options);
    // Each community lies within one component; the cliques are communities of their own.
    std::vector<NodeId> component_of(r.count, kNoId);
    for (NodeId v = 0; v < 30; ++v) {
      NodeId& c = component_of[r.label[v]];
      if (c == kNoId) c = components.label[v];
      EXPECT_EQ(c, components.label[v]);
    }
    for (NodeId v = 0; v < 15; ++v) {
      const NodeId first = v < 6 ? 0 : v < 10 ? 6 : 10;
      EXPECT_EQ(r.label[v], r.label[first]);
    }
    EXPECT_NE(r.label[0], r.label[6]);
    EXPECT_GE(r.count, 5u);  // the 15-node path splits too
  }
}

//  K5 (0-4) -- K5 (5-9), joined by 0 - 9
TEST(Leiden, TwoCliquesJoinedByOneEdge) {
  const CsrGraph g = Undirected(10, CliqueChain(2, 5, false));
  const LeidenResult r = Leiden(g);
  VerifyLeiden(g, r, {});
  EXPECT_EQ(r.label, (std::vector<NodeId>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  // m = 21; each side has L = 10, K = 21: Q = 2 (10/21 - 1/4).
  EXPECT_NEAR(r.quality, 2.0 * (10.0 / 21.0 - 0.25), 1e-12);
}

// Ten K5 cliques in a ring: each clique alone (Q = 10 (10/110 - (22/220)^2) = 0.80909) beats
// merging neighbouring pairs (Q = 5 (21/110 - (44/220)^2) = 0.75455).
TEST(Leiden, RingOfCliquesFindsEachClique) {
  const CsrGraph g = Undirected(50, CliqueChain(10, 5, true));
  std::vector<NodeId> cliques(50);
  for (NodeId v = 0; v < 50; ++v) cliques[v] = v / 5;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    LeidenOptions options;
    options.seed = seed;
    const LeidenResult r = Leiden(g, options);
    VerifyLeiden(g, r, options);
    EXPECT_EQ(r.label, cliques);
    EXPECT_NEAR(r.quality, 10.0 * (10.0 / 110.0 - 0.01), 1e-12);
  }
}

// Zachary's karate club, 0-based (Zachary 1977; as in networkx.karate_club_graph()).
const std::vector<std::pair<NodeId, NodeId>> kKarate = {
    {0, 1},   {0, 2},   {0, 3},   {0, 4},   {0, 5},   {0, 6},   {0, 7},   {0, 8},   {0, 10},
    {0, 11},  {0, 12},  {0, 13},  {0, 17},  {0, 19},  {0, 21},  {0, 31},  {1, 2},   {1, 3},
    {1, 7},   {1, 13},  {1, 17},  {1, 19},  {1, 21},  {1, 30},  {2, 3},   {2, 7},   {2, 8},
    {2, 9},   {2, 13},  {2, 27},  {2, 28},  {2, 32},  {3, 7},   {3, 12},  {3, 13},  {4, 6},
    {4, 10},  {5, 6},   {5, 10},  {5, 16},  {6, 16},  {8, 30},  {8, 32},  {8, 33},  {9, 33},
    {13, 33}, {14, 32}, {14, 33}, {15, 32}, {15, 33}, {18, 32}, {18, 33}, {19, 33}, {20, 32},
    {20, 33}, {22, 32}, {22, 33}, {23, 25}, {23, 27}, {23, 29}, {23, 32}, {23, 33}, {24, 25},
    {24, 27}, {24, 31}, {25, 31}, {26, 29}, {26, 33}, {27, 33}, {28, 31}, {28, 33}, {29, 32},
    {29, 33}, {30, 32}, {30, 33}, {31, 32}, {31, 33}, {32, 33}};

TEST(Leiden, KarateClubModularity) {
  ASSERT_EQ(kKarate.size(), 78u);
  std::vector<WeightedEdge> edges;
  for (const auto& [u, v] : kKarate) edges.push_back({u, v, 1.0});
  const CsrGraph g = Undirected(34, edges);
  double best = 0.0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    LeidenOptions options;
    options.seed = seed;
    const LeidenResult r = Leiden(g, options);
    VerifyLeiden(g, r, options);
    EXPECT_GE(r.quality, 0.41);
    best = std::max(best, r.quality);
  }
  // The maximum modularity of the karate club is 0.41979 (Brandes et al. 2008).
  EXPECT_NEAR(best, 0.41979, 1e-5);
}

// Two K5 joined by an edge. CPM gamma 0.5: each clique 10 - 0.5 * 10 = 5, total 10; merged
// 21 - 0.5 * 45 = -1.5. gamma 1.5: every edge costs more than it brings, so singletons (0).
// gamma 0: any edge is worth taking, so each connected component is one community.
TEST(Leiden, CpmKnownCases) {
  const CsrGraph g = Undirected(10, CliqueChain(2, 5, false));
  LeidenOptions options;
  options.objective = LeidenObjective::kCpm;
  options.resolution = 0.5;
  LeidenResult r = Leiden(g, options);
  VerifyLeiden(g, r, options);
  EXPECT_EQ(r.label, (std::vector<NodeId>{0, 0, 0, 0, 0, 1, 1, 1, 1, 1}));
  EXPECT_DOUBLE_EQ(r.quality, 10.0);

  options.resolution = 1.5;
  r = Leiden(g, options);
  VerifyLeiden(g, r, options);
  EXPECT_EQ(r.count, 10u);
  EXPECT_EQ(r.quality, 0.0);

  const Planted planted = PlantedPartition(400, 300, 4, 0.5, 7);
  const Components components = ConnectedComponents(planted.graph);
  options.resolution = 0.0;
  r = Leiden(planted.graph, options);
  VerifyLeiden(planted.graph, r, options);
  EXPECT_NEAR(Nmi(r.label, components.label), 1.0, 1e-12);
  EXPECT_EQ(r.count, components.count);
}

TEST(Leiden, PlantedPartitionsIdenticalAtOneAndTwoThreads) {
  for (const std::uint32_t seed : {21u, 22u, 23u}) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    const Planted planted = PlantedPartition(3000, 15000, 30, 0.8, seed);
    for (const auto objective : {LeidenObjective::kModularity, LeidenObjective::kCpm}) {
      LeidenOptions options;
      options.objective = objective;
      options.resolution = objective == LeidenObjective::kCpm ? 0.05 : 1.0;
      options.seed = seed;
      options.tolerance = 0.0;  // until stable, so the verifier checks local optimality
      LeidenResult one;
      {
        const parallel::ThreadLimit limit(1);
        one = Leiden(planted.graph, options);
      }
      options.refine_grain = 1;
      options.grain = 7;
      const parallel::ThreadLimit limit(2);
      const LeidenResult two = Leiden(planted.graph, options);
      VerifyLeiden(planted.graph, two, options);
      EXPECT_TRUE(two.stable);
      EXPECT_EQ(one.label, two.label);
      EXPECT_EQ(one.quality, two.quality);
      EXPECT_EQ(one.iterations, two.iterations);
      // A strong planted structure is found up to relabelling.
      EXPECT_GT(Nmi(two.label, planted.block), 0.95);
    }
  }
}

// Levels of 8192 nodes and more read local-moving batches in parallel: still identical.
TEST(Leiden, LargeLevelsIdenticalAtOneAndTwoThreads) {
  const Planted planted = PlantedPartition(12000, 60000, 60, 0.7, 24);
  for (const auto objective : {LeidenObjective::kModularity, LeidenObjective::kCpm}) {
    LeidenOptions options;
    options.objective = objective;
    options.resolution = objective == LeidenObjective::kCpm ? 0.05 : 1.0;
    options.seed = 5;
    options.tolerance = 0.0;  // until stable, so the verifier checks local optimality
    LeidenResult one;
    {
      const parallel::ThreadLimit limit(1);
      one = Leiden(planted.graph, options);
    }
    options.grain = 100;
    const parallel::ThreadLimit limit(2);
    const LeidenResult two = Leiden(planted.graph, options);
    VerifyLeiden(planted.graph, two, options);
    EXPECT_TRUE(two.stable);
    EXPECT_EQ(one.label, two.label);
    EXPECT_EQ(one.quality, two.quality);
    EXPECT_EQ(one.iterations, two.iterations);
  }
}

TEST(Leiden, QualityNeverDropsAcrossIterations) {
  const Planted planted = PlantedPartition(5000, 20000, 50, 0.5, 31);
  LeidenOptions options;
  options.seed = 31;
  options.tolerance = 0.0;
  const LeidenResult full = Leiden(planted.graph, options);
  VerifyLeiden(planted.graph, full, options);
  ASSERT_GE(full.iterations, 2u);
  for (std::size_t i = 1; i < full.quality_per_iteration.size(); ++i) {
    EXPECT_GE(full.quality_per_iteration[i], full.quality_per_iteration[i - 1]);
  }
  // Capping the iterations replays the same first iterations.
  for (const std::uint32_t cap : {1u, 2u, full.iterations / 2 + 1}) {
    SCOPED_TRACE("cap " + std::to_string(cap));
    options.max_iterations = cap;
    const LeidenResult capped = Leiden(planted.graph, options);
    VerifyLeiden(planted.graph, capped, options);
    EXPECT_EQ(capped.iterations, cap);
    EXPECT_EQ(capped.quality_per_iteration,
              std::vector<double>(full.quality_per_iteration.begin(),
                                  full.quality_per_iteration.begin() + cap));
  }
}

// The tolerance ends the run at the first iteration after the first whose gain is below
// tolerance * max(|quality|, floor), the floor being 1% of the objective's largest value (1
// for modularity, the total edge weight for CPM); the iterations before it are those of a
// run without a tolerance.
TEST(Leiden, ToleranceEndsTheRunAtTheFirstSmallGain) {
  const Planted planted = PlantedPartition(5000, 20000, 50, 0.3, 32);
  double total_weight = 0.0;
  for (NodeId v = 0; v < planted.graph.num_nodes(); ++v) {
    const auto targets = planted.graph.Neighbors(v);
    const auto weights = planted.graph.Weights(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      total_weight += (targets[i] == v ? 2.0 : 1.0) * weights[i] / 2.0;
    }
  }
  for (const auto objective : {LeidenObjective::kModularity, LeidenObjective::kCpm}) {
    SCOPED_TRACE(objective == LeidenObjective::kCpm ? "cpm" : "modularity");
    LeidenOptions options;
    options.objective = objective;
    options.resolution = objective == LeidenObjective::kCpm ? 0.05 : 1.0;
    options.seed = 32;
    options.tolerance = 0.0;
    const LeidenResult full = Leiden(planted.graph, options);
    VerifyLeiden(planted.graph, full, options);
    ASSERT_TRUE(full.stable);
    const std::vector<double>& history = full.quality_per_iteration;
    ASSERT_GE(history.size(), 4u);
    const double floor = 0.01 * (objective == LeidenObjective::kCpm ? total_weight : 1.0);
    const auto scale = [&](std::size_t i) { return std::max(std::abs(history[i]), floor); };
    // Tolerances just above the second and third iterations' relative gains stop the run at
    // the first iteration whose gain is that small, whichever that is; two fixed ones too.
    std::vector<double> tolerances = {1e-3, 1e-5};
    for (const std::size_t i : {std::size_t{1}, std::size_t{2}}) {
      tolerances.push_back((history[i] - history[i - 1]) / scale(i) * 1.001);
    }
    for (const double tolerance : tolerances) {
      SCOPED_TRACE("tolerance " + std::to_string(tolerance));
      std::size_t expected = history.size();
      for (std::size_t i = 1; i < history.size(); ++i) {
        if (history[i] - history[i - 1] < tolerance * scale(i)) {
          expected = i + 1;
          break;
        }
      }
      options.tolerance = tolerance;
      const LeidenResult stopped = Leiden(planted.graph, options);
      VerifyLeiden(planted.graph, stopped, options);
      EXPECT_EQ(stopped.iterations, expected);
      EXPECT_EQ(stopped.quality_per_iteration,
                std::vector<double>(history.begin(), history.begin() + expected));
      EXPECT_EQ(stopped.stable, expected == history.size());
    }
  }
}

// A complete graph is one community of modularity 0. A gain of 1e-6 there is no fraction of
// |quality| at all, but is under 1e-3 of the floor (1% of modularity's largest value, 1), so
// a run may stop on it; without the floor a quality near 0 would wait for a stable iteration.
TEST(Leiden, ToleranceHasAFloorWhenTheQualityIsNearZero) {
  std::vector<WeightedEdge> edges;
  for (NodeId a = 0; a < 5; ++a) {
    for (NodeId b = a + 1; b < 5; ++b) edges.push_back({a, b, 1.0});
  }
  const CsrGraph g = Undirected(5, edges);
  LeidenResult r = Leiden(g);
  ASSERT_EQ(r.count, 1u);
  ASSERT_LT(std::abs(r.quality), 1e-12);
  r.stable = false;
  r.iterations = 2;
  r.quality_per_iteration = {r.quality - 1e-6, r.quality};
  LeidenOptions options;
  options.tolerance = 1e-3;
  VerifyLeiden(g, r, options);
  options.tolerance = 1e-7;
  EXPECT_THROW(VerifyLeiden(g, r, options), InternalError);
}

TEST(Leiden, SeedAndResolutionChangeTheSearch) {
  const Planted planted = PlantedPartition(2000, 6000, 20, 0.4, 41);
  LeidenOptions options;
  const LeidenResult base = Leiden(planted.graph, options);
  options.seed = 2;
  const LeidenResult other_seed = Leiden(planted.graph, options);
  VerifyLeiden(planted.graph, other_seed, options);
  EXPECT_NE(base.label, other_seed.label);
  // Weak structure has many near-optimal partitions; both seeds reach one.
  EXPECT_NEAR(other_seed.quality, base.quality, 0.02 * base.quality);
  options.resolution = 4.0;
  const LeidenResult fine = Leiden(planted.graph, options);
  VerifyLeiden(planted.graph, fine, options);
  EXPECT_GT(fine.count, base.count);
}

TEST(Leiden, VerifierCatchesBadResults) {
  const CsrGraph g = Undirected(10, CliqueChain(2, 5, false));
  const LeidenResult good = Leiden(g);
  VerifyLeiden(g, good, {});
  const auto broken = [&](auto change) {
    LeidenResult r = good;
    change(r);
    return r;
  };
  // Labels not numbered by smallest member.
  EXPECT_THROW(VerifyLeiden(g, broken([](LeidenResult& r) {
                              for (NodeId& l : r.label) l = 1 - l;
                            }),
                            {}),
               InternalError);
  // Nodes 4 and 6 swapped: 6 has no edge into {0..3}, nor 4 into {5, 7, 8, 9}.
  EXPECT_THROW(
      VerifyLeiden(g, broken([](LeidenResult& r) { r.label = {0, 0, 0, 0, 1, 1, 0, 1, 1, 1}; }),
                   {}),
      InternalError);
  EXPECT_THROW(VerifyLeiden(g, broken([](LeidenResult& r) { r.quality += 0.01; }), {}),
               InternalError);
  EXPECT_THROW(VerifyLeiden(g, broken([](LeidenResult& r) { r.count = 3; }), {}), InternalError);
  // Every node alone is connected and canonical, but not locally optimal.
  EXPECT_THROW(VerifyLeiden(g, broken([&](LeidenResult& r) {
                              for (NodeId v = 0; v < 10; ++v) r.label[v] = v;
                              r.count = 10;
                              r.quality = Modularity(g, r.label);
                              r.quality_per_iteration = {r.quality};
                              r.iterations = 1;
                            }),
                            {}),
               InternalError);
  // Stopping: with no rule met, and going on after one was.
  const Planted planted = PlantedPartition(2000, 8000, 20, 0.3, 33);
  LeidenOptions endless;
  endless.tolerance = 0.0;
  const LeidenResult full = Leiden(planted.graph, endless);
  ASSERT_GE(full.iterations, 3u);
  LeidenOptions capped = endless;
  capped.max_iterations = 2;
  const LeidenResult cut = Leiden(planted.graph, capped);
  VerifyLeiden(planted.graph, cut, capped);
  const auto complaint = [&](const LeidenResult& r, const LeidenOptions& options) {
    try {
      VerifyLeiden(planted.graph, r, options);
    } catch (const InternalError& error) {
      return std::string(error.what());
    }
    return std::string("no complaint");
  };
  EXPECT_NE(complaint(cut, endless).find("no stopping rule met"), std::string::npos)
      << complaint(cut, endless);
  LeidenOptions lenient = endless;
  lenient.tolerance = 1.0;
  EXPECT_NE(complaint(full, lenient).find("went on after iteration 2"), std::string::npos)
      << complaint(full, lenient);
}

TEST(Leiden, RejectsBadInput) {
  CsrBuildOptions directed;
  directed.directed = true;
  const std::vector<WeightedEdge> edge = {{0, 1, 1.0}};
  EXPECT_THROW(Leiden(CsrGraph::Build(2, edge, directed)), InvalidInput);
  const std::vector<WeightedEdge> negative = {{0, 1, -1.0}};
  EXPECT_THROW(Leiden(Undirected(2, negative)), InvalidInput);
  LeidenOptions options;
  options.resolution = -1.0;
  EXPECT_THROW(Leiden(Undirected(2, edge), options), InvalidInput);
  options.resolution = 1.0;
  options.tolerance = -1e-6;
  EXPECT_THROW(Leiden(Undirected(2, edge), options), InvalidInput);
  EXPECT_THROW(Modularity(Undirected(2, edge), std::vector<NodeId>{0, 2}), InvalidInput);
  EXPECT_THROW(Modularity(Undirected(2, edge), std::vector<NodeId>{0}), InvalidInput);
}

}  // namespace
}  // namespace corridor
