#pragma once
// Centrality and structural-position measures on a CsrGraph: who is well connected (degree,
// strength, k-core, PageRank, eigenvector), who sits on many shortest paths (betweenness,
// closeness, harmonic), and who bridges otherwise separate groups (Burt's constraint,
// participation coefficient, local clustering). Every result is a plain vector indexed by
// NodeId, and is bit-identical at any thread count. Methods, citations and complexities are in
// the opening comments of betweenness.cc (shortest-path measures), spectral.cc (PageRank,
// eigenvector) and structure.cc (the local measures).
//
// Graph conventions. Undirected graphs are the default. Where a measure is defined only for
// undirected graphs (k-core, clustering, constraint, participation) a directed graph is
// rejected with InvalidInput: build the undirected view with CsrGraph::Build(directed=false),
// which also sums the two directions' weights, as networkx's "mutual weight" does. Graphs
// built with merge_duplicates=false keep parallel arcs; each measure says how it treats them.

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/csr_graph.h"
#include "engine/ids.h"

namespace corridor {

// ----- Degree and strength (structure.cc) -----

enum class Direction {
  kOut,  // arcs leaving the node
  kIn,   // arcs entering the node
  kAll,  // both; a directed self-loop counts twice
};

struct DegreeOptions {
  // Which arcs count on a directed graph; ignored on undirected graphs.
  Direction direction = Direction::kOut;
};

// Incident arcs per node. On undirected graphs a self-loop counts twice (the usual convention,
// so degrees sum to twice the edge count, as in networkx and igraph) and every parallel arc of
// an unmerged graph counts. O(n + m).
std::vector<std::uint64_t> Degree(const CsrGraph& graph, const DegreeOptions& options = {});

// Weighted degree: the sum of incident arc weights, with the same self-loop rule. O(n + m).
std::vector<double> Strength(const CsrGraph& graph, const DegreeOptions& options = {});

// ----- Shortest-path centralities (betweenness.cc) -----

// How an arc's weight turns into a path length.
enum class PathLength {
  kHops,              // every arc has length 1 (weights ignored): BFS
  kWeightIsDistance,  // length = weight (weights must be > 0): Dijkstra
  kInverseWeight,     // length = 1 / weight, for weights that measure tie strength (calls,
                      // payments), where a strong tie is a short one (weights must be > 0)
};

struct BetweennessOptions {
  PathLength length = PathLength::kHops;
  // false: the raw sum over pairs of the share of their shortest paths through the node, pairs
  // of an undirected graph counted once (Boost's and igraph's value; networkx's with
  // normalized=False).
  // true: divided by the number of pairs not involving the node, (n-1)(n-2) ordered pairs on a
  // directed graph and (n-1)(n-2)/2 unordered ones on an undirected graph, so values lie in
  // [0, 1] (networkx's normalized=True). Graphs with n <= 2 give all zeros either way.
  bool normalized = false;
  // 0 or >= n: exact, every node a source. Otherwise the Brandes & Pich (2007) estimate from
  // this many distinct sources (pivots) drawn uniformly with `seed`, the sums scaled by n/k;
  // see BetweennessSampleError for the accuracy this buys.
  NodeId samples = 0;
  std::uint64_t seed = 1;
  // Sources per parallel task. Changes only the last-bit rounding of the sums (chunks are
  // added in order), never with the thread count.
  std::size_t grain = 16;
};

// Brandes (2001) betweenness: for every node v, sum over pairs s != v != t of the share of
// shortest s-t paths through v. Parallel over sources; O(n m) for kHops, O(n m log n) with
// weighted lengths; O(k m) or O(k m log n) when sampled. Throws InvalidInput when a weighted
// length meets a weight <= 0.
std::vector<double> Betweenness(const CsrGraph& graph, const BetweennessOptions& options = {});

// The sources a sampled run uses, ascending: `options.samples` distinct nodes drawn by a partial
// Fisher-Yates shuffle seeded with `options.seed`; all nodes when the run is exact.
std::vector<NodeId> BetweennessPivots(NodeId num_nodes, const BetweennessOptions& options);

// A bound eps such that, with probability at least 1 - failure_probability, every node's
// sampled *normalized* betweenness from `samples` pivots is within eps of the exact one:
// eps = n/(n-1) * sqrt(ln(2n / failure_probability) / (2 samples)). Each pivot's dependency
// divided by n-2 lies in [0, 1] and its mean over all sources is the normalized value times
// (n-1)/n, so Hoeffding's inequality (which also holds for sampling without replacement,
// Hoeffding 1963, section 6) bounds one node's error, and a union bound covers all n nodes.
// Example: n = 1e6, k = 5000, failure probability 0.01 gives eps ~ 0.04; the bound is
// worst-case, typical errors are far smaller.
double BetweennessSampleError(NodeId num_nodes, NodeId samples, double failure_probability);

// Betweenness (as Betweenness) and harmonic closeness (as Harmonic, over the same path lengths)
// from one set of single-source searches, which are nearly all the cost of either: on a large
// graph both come for the price of the sampled betweenness.
// - Exact (every node a source): `harmonic` equals Harmonic's, to the bit, on any graph.
// - Sampled, undirected: distances from the pivots are distances to them, so H(v) is estimated
//   by n / (k (n - 1)) times the sum over pivots s != v of 1 / d(s, v), an unbiased estimate
//   (Eppstein & Wang 2004); HarmonicSampleError bounds its error.
// - Sampled, directed: a search from a pivot measures no distance from v, and `harmonic` is
//   left empty.
struct PathCentralities {
  std::vector<double> betweenness;
  std::vector<double> harmonic;
};
PathCentralities BetweennessAndHarmonic(const CsrGraph& graph,
                                        const BetweennessOptions& options = {});

// A bound eps such that, with probability at least 1 - failure_probability, every node's
// sampled harmonic closeness is within eps of the exact one. Each pivot's term 1/d(s, v) lies
// in [0, L], L the inverse of the shortest arc length (1 for hops, the largest weight for
// kInverseWeight), and the estimate is n/(n-1) times the terms' mean, so the bound of
// BetweennessSampleError scales by L: eps = n/(n-1) * L * sqrt(ln(2n / failure_probability) /
// (2 samples)). 0 for an exact run.
double HarmonicSampleError(const CsrGraph& graph, const BetweennessOptions& options,
                           double failure_probability);

// Serial check against an independent textbook Brandes (predecessor lists, a FIFO queue or a
// binary heap, push-style dependency accumulation) over the same sources: every value must
// agree within `relative_tolerance` of the largest value. O(n m) or O(k m); throws
// InternalError naming the first disagreeing node.
void VerifyBetweenness(const CsrGraph& graph, const BetweennessOptions& options,
                       std::span<const double> betweenness, double relative_tolerance = 1e-9);

struct ClosenessOptions {
  PathLength length = PathLength::kHops;
  // Sources per parallel task; a cost knob only (each node's value is computed by one task).
  std::size_t grain = 16;
};

// Closeness with the Wasserman & Faust (1994) correction for disconnected graphs, networkx's
// default: with r nodes reachable from v (v included) and D the sum of their distances,
// C(v) = ((r-1)/(n-1)) * ((r-1)/D), and 0 when nothing is reachable. On directed graphs
// distances run along out-arcs, from v (networkx uses in-arcs: pass the reversed graph to
// match it). O(n m) for kHops, O(n m log n) weighted.
std::vector<double> Closeness(const CsrGraph& graph, const ClosenessOptions& options = {});

// Harmonic centrality (Marchiori & Latora 2000; Boldi & Vigna 2014): H(v) = (1/(n-1)) times
// the sum of 1/d(v,u) over nodes u != v reachable from v (unreachable ones add 0), so a node
// adjacent to all others scores 1 under kHops. Same directions and costs as Closeness.
std::vector<double> Harmonic(const CsrGraph& graph, const ClosenessOptions& options = {});

// Serial checks by the verifier's own BFS / Dijkstra; throw InternalError on a value off by
// more than 1e-9 relative.
void VerifyCloseness(const CsrGraph& graph, const ClosenessOptions& options,
                     std::span<const double> closeness);
void VerifyHarmonic(const CsrGraph& graph, const ClosenessOptions& options,
                    std::span<const double> harmonic);

// ----- Spectral centralities (spectral.cc) -----

// An iterative eigenvector's answer and how it ended.
struct PowerIteration {
  std::vector<double> score;
  std::uint32_t iterations = 0;  // products of the matrix with a vector
  // false when max_iterations ran out first; `score` is then the last iterate.
  bool converged = false;

  bool operator==(const PowerIteration&) const = default;
};

struct PageRankOptions {
  // Probability of following an arc rather than jumping to a uniformly random node.
  double damping = 0.85;
  // true: a node passes rank along its out-arcs in proportion to their weights (which must be
  // >= 0); false: equally to every out-arc.
  bool weighted = true;
  // Stop once the L1 change of the score vector in one iteration is below this.
  double tolerance = 1e-10;
  std::uint32_t max_iterations = 1000;
};

// PageRank (Brin & Page 1998) by power iteration, scores summing to 1. A dangling node (no
// out-arcs, or zero out-strength) spreads its rank uniformly over all nodes, networkx's
// default. Undirected edges are followed both ways; a self-loop is an out-arc to the node
// itself. O(m) per iteration; directed graphs build a transpose first (O(n + m) memory).
PowerIteration PageRank(const CsrGraph& graph, const PageRankOptions& options = {});

// Checks that `score` is a probability vector and a fixed point of one PageRank step within
// `tolerance` in L1. Serial, O(n + m); throws InternalError.
void VerifyPageRank(const CsrGraph& graph, const PageRankOptions& options,
                    std::span<const double> score, double tolerance);

enum class EigenvectorScale {
  kUnitNorm,  // Euclidean norm 1 (networkx)
  kMaxOne,    // largest score 1 (igraph's scale=True)
};

struct EigenvectorOptions {
  // Use arc weights (which must be >= 0) as the adjacency matrix entries, or 1 for each arc.
  bool weighted = true;
  EigenvectorScale scale = EigenvectorScale::kUnitNorm;
  // Stop once a power step would change the unit-norm vector by less than this in L1.
  double tolerance = 1e-10;
  std::uint32_t max_iterations = 1000;
};

// Eigenvector centrality (Bonacich 1972): the Perron eigenvector of the adjacency matrix, where
// x(v) is proportional to the sum of x(u) * w(u, v) over arcs u -> v (in-arcs, as networkx does
// on directed graphs), found for A + I from the all-ones vector: the shift leaves the
// eigenvectors alone but stops the oscillation a bipartite graph causes with A alone.
// Undirected graphs use restarted Lanczos (twelve products a cycle; on the generated 100k
// case's projection 61 products, where power iteration had not converged after 1000);
// directed graphs power iteration. `tolerance` bounds the L1 change one power step would still
// make, for both. Caveat: on a disconnected graph the answer is the eigenvector of the
// component with the largest eigenvalue and every other component tends to 0 (slowly for
// power iteration, if the eigenvalues are close); ties between components keep the starting
// proportions. Score one component at a time when each component's ranking matters. The same
// holds for directed graphs that are not strongly connected. O(m) per product.
PowerIteration EigenvectorCentrality(const CsrGraph& graph, const EigenvectorOptions& options = {});

// Checks non-negativity, the requested scale, and the eigen-equation A x = lambda x within
// `tolerance` (L1, on the unit-norm vector, lambda its Rayleigh quotient). Throws InternalError.
void VerifyEigenvector(const CsrGraph& graph, const EigenvectorOptions& options,
                       std::span<const double> score, double tolerance);

// ----- Local structure (structure.cc) -----

// k-core numbers (Batagelj & Zaversnik 2003, bucket peeling, O(n + m)): the largest k such that
// the node belongs to a subgraph where every node has at least k neighbours. Computed on the
// simple graph: self-loops ignored, parallel arcs count once. Undirected graphs only.
std::vector<std::uint32_t> CoreNumbers(const CsrGraph& graph);

// Checks the definition by direct peeling at every level k: the nodes numbered >= k are exactly
// the k-core. O(k_max (n + m)); throws InternalError.
void VerifyCoreNumbers(const CsrGraph& graph, std::span<const std::uint32_t> core);

// Local clustering coefficient (Watts & Strogatz 1998), unweighted: the share of pairs of a
// node's neighbours that are adjacent, 2T / (k (k - 1)) with k distinct neighbours other than
// the node itself; 0 when k < 2. Self-loops and parallel arcs are ignored. Undirected graphs
// only. O(sum over arcs (u, v) of d(u) + d(v)) by merging sorted neighbour lists.
std::vector<double> LocalClustering(const CsrGraph& graph);

// Recounts triangles pair by pair with binary search; throws InternalError on a difference.
void VerifyLocalClustering(const CsrGraph& graph, std::span<const double> clustering);

struct ConstraintOptions {
  // Use arc weights (which must be >= 0), or 1 for every neighbour.
  bool weighted = true;
};

// Burt's (1992, 2004) constraint, as networkx's `constraint` defines it: with p(i, j) the
// weight between i and j divided by i's strength,
//   c(v) = sum over neighbours w of (p(v, w) + sum over neighbours q of v of p(v, q) p(q, w))^2.
// Low constraint marks a broker whose contacts are not tied to each other. Isolated nodes get
// NaN (undefined, as in networkx); a node whose ties all weigh 0 gets 0. Self-loops are
// ignored (networkx would count them in the strength); parallel arcs add their weights.
// Undirected graphs only. O(sum over arcs (u, v) of d(u) + d(v)).
std::vector<double> BurtConstraint(const CsrGraph& graph, const ConstraintOptions& options = {});

// Recomputes the definition term by term with ordered maps; throws InternalError on a value
// off by more than 1e-9 relative (NaN must match NaN).
void VerifyBurtConstraint(const CsrGraph& graph, const ConstraintOptions& options,
                          std::span<const double> constraint);

struct ParticipationOptions {
  // false: k counts neighbours (distinct, self excluded); true: k sums arc weights (>= 0).
  bool weighted = false;
};

// Participation coefficient (Guimerà & Amaral 2005): P(v) = 1 - sum over communities s of
// (k_s(v) / k(v))^2, where k_s(v) is v's ties into community s. 0 for a node whose ties all
// stay in one community (or with no ties); near 1 for a node spread over many. `community`
// holds one label per node (any integers). Self-loops are ignored; undirected graphs only.
// Throws InvalidInput when the label count differs from the node count. O(m log d_max).
std::vector<double> ParticipationCoefficient(const CsrGraph& graph,
                                             std::span<const std::uint32_t> community,
                                             const ParticipationOptions& options = {});

// Recomputes with ordered maps; throws InternalError on a value off by more than 1e-9.
void VerifyParticipation(const CsrGraph& graph, std::span<const std::uint32_t> community,
                         const ParticipationOptions& options,
                         std::span<const double> participation);

}  // namespace corridor
