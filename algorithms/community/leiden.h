#pragma once
// Leiden community detection on an undirected weighted CsrGraph, optimising modularity (with a
// resolution parameter) or the constant Potts model (CPM).
//
// Method: Traag, Waltman & van Eck (2019), "From Louvain to Leiden: guaranteeing
// well-connected communities", Sci. Rep. 9:5233. Each iteration repeats, level by level:
//   1. fast local moving: a queue of nodes in random order; a node moves to the neighbouring
//      (or an empty) community of largest gain, and its neighbours outside that community
//      rejoin the queue;
//   2. refinement: inside each community, nodes start as singletons and a well-connected
//      singleton joins a well-connected sub-community T with probability proportional to
//      exp(gain / theta) over the moves of non-negative gain, so every refined community is
//      connected;
//   3. aggregation: one node per refined community, the community of step 1 as its start,
//   until local moving leaves every node of the current level alone. Iterations repeat from
//   the last partition until one changes nothing, or raises the quality by less than
//   `tolerance` of its value, or max_iterations have run.
// Guarantee: every community returned is connected; after an iteration that changes nothing
// (LeidenResult::stable) no single node can improve the objective by moving.
// Why a tolerance: on a large sparse graph the partition keeps changing long after the quality
// has settled. On the 7M-node projection of a million-person case, iterations 11 to 30 each
// take 8 s and add 1.3e-5 to 5e-7 of the modularity, and `corridor analyse` waiting for an
// iteration that changed nothing had not finished after 13 minutes. The default 1e-5 stops
// there at the tenth or eleventh.
//
// Objectives, with m the total edge weight, k the weighted degree (a self-loop counts twice),
// L_c the weight of edges inside community c (a self-loop once), K_c the sum of k over c and
// n_c its node count:
//   modularity  Q = sum_c [ L_c / m - gamma (K_c / 2m)^2 ]       (0 when m = 0)
//   CPM         H = sum_c [ L_c - gamma n_c (n_c - 1) / 2 ]
// Gains inside the algorithm are in edge-weight units (m * dQ for modularity), as in igraph,
// so theta is relative to edge weights.
//
// Input: undirected graph, finite non-negative weights; self-loops and unmerged duplicate arcs
// are allowed (duplicates add up). Throws InvalidInput otherwise.
// Complexity: O(m) per pass of local moving, refinement and aggregation; a node re-enters the
// local-moving queue only when a neighbour moves. Levels shrink geometrically in practice, and
// iterations are few (3 until stable on a 100k-node planted partition). Memory O(n + m).
//
// Determinism: local moving follows one queue (one random stream per level); on large levels
// the arcs of the next batch of queued nodes are read in parallel, but moves are made one at
// a time in queue order, a node re-read when a neighbour moved since. Refinement runs per
// community in parallel, each community drawing from its own stream seeded by (seed,
// iteration, level, community); aggregation and the quality sums are computed per node and
// combined in node order. Labels, quality and iteration count are therefore identical for a
// given seed at any thread count and any grain.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/csr_graph.h"
#include "engine/ids.h"

namespace corridor {

enum class LeidenObjective { kModularity, kCpm };

struct LeidenOptions {
  LeidenObjective objective = LeidenObjective::kModularity;
  // gamma >= 0. Modularity: above 1 gives more, smaller communities. CPM: the edge density a
  // community must exceed (for unit weights, 0 < gamma < 1 is the useful range).
  double resolution = 1.0;
  std::uint64_t seed = 1;
  // theta >= 0, the refinement's randomness (0.01 in the paper); 0 merges greedily.
  double randomness = 0.01;
  // Outer iterations; 0 has no cap: iterations repeat until one leaves the partition unchanged
  // or gains less than `tolerance`.
  std::uint32_t max_iterations = 0;
  // An iteration after the first whose quality gain is below tolerance * max(|quality|,
  // floor) is the last; the floor, 1% of the most the objective can reach (1 for modularity,
  // the total edge weight for CPM), keeps the rule working when the quality is near 0.
  // 0 waits for an iteration that changes nothing.
  double tolerance = 1e-5;
  // Nodes per refinement task (whole communities) and per aggregation task: cost knobs,
  // never result-changing ones.
  std::size_t refine_grain = 2048;
  std::size_t grain = 4096;
};

struct LeidenResult {
  // Community of each node, numbered 0..count-1 in order of each community's smallest node.
  std::vector<NodeId> label;
  NodeId count = 0;
  // The objective of `label`, computed from scratch (Modularity or CpmQuality).
  double quality = 0.0;
  std::uint32_t iterations = 0;
  // Quality after each iteration; never decreases.
  std::vector<double> quality_per_iteration;
  // The last iteration left the partition unchanged.
  bool stable = false;
};

LeidenResult Leiden(const CsrGraph& graph, const LeidenOptions& options = {});

// The objectives above from scratch, for any partition given as one label per node, each
// label < num_nodes. O(n + m). Throw InvalidInput on a directed graph or bad labels.
double Modularity(const CsrGraph& graph, std::span<const NodeId> labels, double resolution = 1.0);
double CpmQuality(const CsrGraph& graph, std::span<const NodeId> labels, double resolution);

// Serial check: one label per node, dense in [0, count) and numbered by smallest member; each
// community connected; quality equal to the objective recomputed from scratch (up to 1e-9
// relative); the quality history non-decreasing and ending at `quality`; the run stopped by
// the first of the rules above that held; and, when `stable`, no node with a strictly better
// single move. Throws InternalError naming the first violation.
void VerifyLeiden(const CsrGraph& graph, const LeidenResult& result, const LeidenOptions& options);

}  // namespace corridor
