// Shortest-path centralities: betweenness (exact and sampled), closeness and harmonic.
//
// Betweenness: Brandes (2001), "A faster algorithm for betweenness centrality", J. Math.
// Sociology 25(2). From each source s a BFS (or Dijkstra, for weighted lengths) gives the
// distances and the number sigma(v) of shortest s-v paths; the nodes are then visited farthest
// first, accumulating the dependency
//   delta(v) = sum over successors w of v on shortest paths of sigma(v)/sigma(w) (1 + delta(w)),
// and betweenness(v) is the sum of delta(v) over sources. Sampling: Brandes & Pich (2007),
// "Centrality estimation in large networks", Int. J. Bifurcation and Chaos 17(7): the same sum
// over k uniformly drawn sources, scaled by n/k. O(n m) unweighted, O(n m log n) weighted, O(n)
// working memory per concurrent task. Path counts are doubles, as in every common
// implementation: exact up to 2^53 paths per pair, then rounded.
//
// Tricks that are not obvious:
// - Pull-style accumulation: each node sums over its own out-arcs and writes only its own
//   delta, reading coef(w) = (1 + delta(w)) / sigma(w) of its successors, so
//   delta(v) = sigma(v) * (sum of coef over successors) with one division per node.
// - BFS only: a level's coefficients are published after the whole level is processed. While
//   level d is processed every neighbour at level <= d still has coef 0 and every one at level
//   d + 1 has its final coef; no arc reaches a deeper level (an undirected edge joins adjacent
//   or equal levels, an out-arc climbs at most one level). So the successor test vanishes and
//   the inner loop is a branch-free sum over all arcs. The deepest level has no successors and
//   is not scanned at all.
// - BFS on undirected graphs: the same trick runs the forward pass bottom-up (Beamer, Asanovic
//   & Patterson 2012, "Direction-optimizing breadth-first search") when the unreached nodes have
//   few arcs against the frontier's (kBottomUpRatio): each unreached node sums sigma over all its
//   arcs (reached neighbours can only be on the frontier; unreached ones still hold 0), and a
//   positive sum puts it on the next level. On small-world graphs the last levels hold few nodes,
//   so this skips most of the arcs a top-down pass would scan from the large middle levels.
// - Weighted lengths: Dijkstra with a binary heap of (distance, node) and lazy deletion; w is a
//   successor of v when dist(v) + len(v, w) == dist(w) exactly, the same sum the forward pass
//   compared, so both passes agree on the shortest-path DAG. Ties are exact floating-point
//   equality (as Boost and networkx): with 1/w lengths, paths equal in exact arithmetic may
//   round apart. Lengths must be positive, so a successor is always settled after its source.
// - Parallel over sources in chunks of `grain`; each chunk sums its sources into its own vector
//   and chunks are added into the total in index order (parallel::OrderedPipeline, which bounds
//   how many chunk vectors are alive), so results are bit-identical at any thread count. A
//   chunk allocates one workspace and reuses it for all its sources, resetting only the nodes a
//   search reached.
//
// Closeness and harmonic centrality reuse the same single-source searches, one per node (path
// counts included, which they do not need: one search routine is worth the few percent).
// BetweennessAndHarmonic takes harmonic closeness from betweenness's own searches: exact, at
// each source; sampled, on undirected graphs, as Eppstein & Wang's (2004) estimate, each pivot
// s adding 1/d(s, v) at every node v it reaches, the sums scaled by n / (k (n - 1)).

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <queue>
#include <string>
#include <utility>

#include "algorithms/centrality/centrality.h"
#include "algorithms/generate/random.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

constexpr std::uint32_t kUnreached = std::numeric_limits<std::uint32_t>::max();
constexpr double kInfinity = std::numeric_limits<double>::infinity();
// A BFS level goes bottom-up when the unreached nodes have fewer than this many times the
// frontier's arcs: a branch-free arc of the bottom-up sum is that much cheaper than a top-down
// arc's two unpredictable tests. On an 8k-node planted-partition graph run time was flat for
// ratios 3 to 12 and about a third below that of ratio 1.
constexpr EdgeOffset kBottomUpRatio = 4;

// Per-arc lengths for a weighted PathLength, parallel to graph.targets(); empty for kHops.
std::vector<double> ArcLengths(const CsrGraph& graph, PathLength length) {
  if (length == PathLength::kHops) return {};
  std::vector<double> lengths(graph.weights().begin(), graph.weights().end());
  for (double& value : lengths) {
    if (!(value > 0.0)) {
      throw InvalidInput(
          "graph", "weighted path lengths need arc weights > 0, found " + std::to_string(value));
    }
    if (length == PathLength::kInverseWeight) value = 1.0 / value;
    if (!std::isfinite(value)) {
      throw InvalidInput("graph", "arc weight too small to invert: " + std::to_string(value));
    }
  }
  return lengths;
}

// Scratch for single-source searches, sized once per task and reset after each search.
class Workspace {
 public:
  Workspace(NodeId n, bool weighted)
      : sigma_(n, 0.0), coef_(n, 0.0), order_(n), delta_(weighted ? 0 : n) {
    if (weighted) {
      distance_.assign(n, kInfinity);
    } else {
      level_.assign(n, kUnreached);
    }
  }

  // Shortest paths from s: order_[0, reached_) in non-decreasing distance, sigma_ counts.
  void Search(const CsrGraph& graph, std::span<const double> lengths, NodeId s) {
    if (lengths.empty()) {
      Bfs(graph, s);
    } else {
      Dijkstra(graph, lengths, s);
    }
  }

  // Adds this source's dependencies into `sum` (s itself excluded).
  void Accumulate(const CsrGraph& graph, std::span<const double> lengths, double* sum) {
    if (lengths.empty()) {
      AccumulateLevels(graph, sum);
    } else {
      AccumulateWeighted(graph, lengths, sum);
    }
  }

  std::size_t reached() const { return reached_; }
  NodeId node_at(std::size_t i) const { return order_[i]; }
  double Distance(NodeId v) const { return level_.empty() ? distance_[v] : level_[v]; }

  void Reset() {
    for (std::size_t i = 0; i < reached_; ++i) {
      const NodeId v = order_[i];
      sigma_[v] = 0.0;
      coef_[v] = 0.0;
      if (level_.empty()) {
        distance_[v] = kInfinity;
      } else {
        level_[v] = kUnreached;
      }
    }
    reached_ = 0;
    level_end_.clear();
  }

 private:
  // Level-synchronous BFS counting shortest paths. Each level is expanded top-down (scan the
  // frontier's arcs) or, on undirected graphs when the unreached nodes have few arcs against
  // the frontier's, bottom-up (see the file comment).
  void Bfs(const CsrGraph& graph, NodeId s) {
    const EdgeOffset* offsets = graph.offsets().data();
    const NodeId* targets = graph.targets().data();
    std::uint32_t* level = level_.data();
    double* sigma = sigma_.data();
    NodeId* order = order_.data();
    std::size_t tail = 0;
    order[tail++] = s;
    level[s] = 0;
    sigma[s] = 1.0;
    EdgeOffset unreached_arcs = graph.num_arcs() - graph.Degree(s);
    unreached_.clear();
    bool listed = false;  // unreached_ holds a superset of the unreached nodes
    std::size_t begin = 0;
    for (std::uint32_t next = 1; begin < tail; ++next) {
      const std::size_t end = tail;
      EdgeOffset frontier_arcs = 0;
      for (std::size_t i = begin; i < end; ++i) frontier_arcs += graph.Degree(order[i]);
      if (!graph.directed() && unreached_arcs < kBottomUpRatio * frontier_arcs) {
        if (!listed) {
          for (NodeId v = 0; v < graph.num_nodes(); ++v) {
            if (level[v] == kUnreached) unreached_.push_back(v);
          }
          listed = true;
        }
        // An unreached node's reached neighbours are all on the frontier, and unreached ones
        // have sigma 0 until this level is published, so the plain sum over all its arcs is
        // its path count, and a positive count puts it on the next level.
        std::size_t kept = 0;
        for (const NodeId x : unreached_) {
          if (level[x] != kUnreached) continue;  // reached by an earlier top-down level
          double paths = 0.0;
          for (EdgeOffset k = offsets[x]; k < offsets[x + 1]; ++k) paths += sigma[targets[k]];
          if (paths > 0.0) {
            delta_[tail] = paths;
            order[tail++] = x;
          } else {
            unreached_[kept++] = x;
          }
        }
        unreached_.resize(kept);
        for (std::size_t i = end; i < tail; ++i) {
          level[order[i]] = next;
          sigma[order[i]] = delta_[i];
          unreached_arcs -= graph.Degree(order[i]);
        }
      } else {
        for (std::size_t i = begin; i < end; ++i) {
          const NodeId u = order[i];
          const double paths = sigma[u];
          for (EdgeOffset k = offsets[u]; k < offsets[u + 1]; ++k) {
            const NodeId x = targets[k];
            if (level[x] == kUnreached) {
              level[x] = next;
              order[tail++] = x;
              unreached_arcs -= graph.Degree(x);
            }
            if (level[x] == next) sigma[x] += paths;
          }
        }
      }
      level_end_.push_back(end);
      begin = end;
    }
    reached_ = tail;
  }

  void Dijkstra(const CsrGraph& graph, std::span<const double> lengths, NodeId s) {
    const EdgeOffset* offsets = graph.offsets().data();
    const NodeId* targets = graph.targets().data();
    using Entry = std::pair<double, NodeId>;
    const auto later = std::greater<Entry>();
    heap_.clear();
    distance_[s] = 0.0;
    sigma_[s] = 1.0;
    heap_.emplace_back(0.0, s);
    while (!heap_.empty()) {
      std::pop_heap(heap_.begin(), heap_.end(), later);
      const auto [d, u] = heap_.back();
      heap_.pop_back();
      if (d > distance_[u]) continue;  // stale entry: u was reached by a shorter path since
      order_[reached_++] = u;
      const double paths = sigma_[u];
      for (EdgeOffset k = offsets[u]; k < offsets[u + 1]; ++k) {
        const NodeId x = targets[k];
        const double through = d + lengths[k];
        if (through < distance_[x]) {
          distance_[x] = through;
          sigma_[x] = paths;
          heap_.emplace_back(through, x);
          std::push_heap(heap_.begin(), heap_.end(), later);
        } else if (through == distance_[x]) {
          sigma_[x] += paths;
        }
      }
    }
  }

  void AccumulateLevels(const CsrGraph& graph, double* sum) {
    const EdgeOffset* offsets = graph.offsets().data();
    const NodeId* targets = graph.targets().data();
    const double* sigma = sigma_.data();
    double* coef = coef_.data();
    const NodeId* order = order_.data();
    // Level l occupies order[level_end_[l-1], level_end_[l]); level 0 is the source alone.
    const std::size_t levels = level_end_.size();
    for (std::size_t l = levels - 1; l >= 1; --l) {
      const std::size_t lo = level_end_[l - 1];
      const std::size_t hi = level_end_[l];
      if (l == levels - 1) {
        for (std::size_t i = lo; i < hi; ++i) coef[order[i]] = 1.0 / sigma[order[i]];
        continue;
      }
      for (std::size_t i = lo; i < hi; ++i) {
        const NodeId v = order[i];
        double successors = 0.0;
        for (EdgeOffset k = offsets[v]; k < offsets[v + 1]; ++k) successors += coef[targets[k]];
        delta_[i] = sigma[v] * successors;
        sum[v] += delta_[i];
      }
      for (std::size_t i = lo; i < hi; ++i) {
        coef[order[i]] = (1.0 + delta_[i]) / sigma[order[i]];
      }
    }
  }

  void AccumulateWeighted(const CsrGraph& graph, std::span<const double> lengths, double* sum) {
    const EdgeOffset* offsets = graph.offsets().data();
    const NodeId* targets = graph.targets().data();
    for (std::size_t i = reached_; i-- > 1;) {
      const NodeId v = order_[i];
      const double d = distance_[v];
      double successors = 0.0;
      for (EdgeOffset k = offsets[v]; k < offsets[v + 1]; ++k) {
        const NodeId x = targets[k];
        if (d + lengths[k] == distance_[x]) successors += coef_[x];
      }
      const double delta = sigma_[v] * successors;
      sum[v] += delta;
      coef_[v] = (1.0 + delta) / sigma_[v];
    }
  }

  std::vector<std::uint32_t> level_;  // BFS level, kUnreached when not reached (kHops only)
  std::vector<double> distance_;      // tentative distance, +inf when not reached (weighted)
  std::vector<double> sigma_;         // shortest-path counts from the source
  std::vector<double> coef_;          // (1 + delta) / sigma, published farthest first
  std::vector<NodeId> order_;         // reached nodes in non-decreasing distance
  std::vector<double> delta_;         // BFS: dependencies by position in order_, one level
  std::vector<std::size_t> level_end_;
  std::vector<NodeId> unreached_;  // BFS bottom-up: candidates for the next level
  std::vector<std::pair<double, NodeId>> heap_;
  std::size_t reached_ = 0;
};

// The factor turning summed dependencies over `sources` into the requested betweenness.
double BetweennessScale(const CsrGraph& graph, const BetweennessOptions& options,
                        std::size_t sources) {
  const double n = graph.num_nodes();
  double scale = graph.directed() ? 1.0 : 0.5;  // an undirected pair was seen from both ends
  if (sources < graph.num_nodes()) scale *= n / static_cast<double>(sources);
  if (options.normalized && graph.num_nodes() > 2) {
    scale *= (graph.directed() ? 1.0 : 2.0) / ((n - 1.0) * (n - 2.0));
  }
  return scale;
}

// Applies `per_node(v, workspace)` after a search from every node, in parallel chunks.
template <typename PerNode>
void ForEachSearch(const CsrGraph& graph, PathLength length, std::size_t grain,
                   PerNode&& per_node) {
  const NodeId n = graph.num_nodes();
  const std::vector<double> lengths = ArcLengths(graph, length);
  parallel::ForChunks(0, n, std::max<std::size_t>(grain, 1), [&](std::size_t lo, std::size_t hi) {
    Workspace workspace(n, !lengths.empty());
    for (std::size_t v = lo; v < hi; ++v) {
      workspace.Search(graph, lengths, static_cast<NodeId>(v));
      per_node(static_cast<NodeId>(v), workspace);
      workspace.Reset();
    }
  });
}

// ----- The verifier's independent textbook implementation -----

struct TextbookSearch {
  std::vector<double> distance;
  std::vector<double> sigma;
  std::vector<std::vector<NodeId>> predecessors;
  std::vector<NodeId> settled;  // in order of settling
};

TextbookSearch TextbookSingleSource(const CsrGraph& graph, std::span<const double> lengths,
                                    NodeId s) {
  const NodeId n = graph.num_nodes();
  TextbookSearch r{std::vector<double>(n, kInfinity),
                   std::vector<double>(n, 0.0),
                   std::vector<std::vector<NodeId>>(n),
                   {}};
  r.distance[s] = 0.0;
  r.sigma[s] = 1.0;
  const auto relax = [&](NodeId v, NodeId w, double length, auto&& on_improve) {
    const double through = r.distance[v] + length;
    if (through < r.distance[w]) {
      r.distance[w] = through;
      r.sigma[w] = 0.0;
      r.predecessors[w].clear();
      on_improve(w, through);
    }
    if (through == r.distance[w]) {
      r.sigma[w] += r.sigma[v];
      r.predecessors[w].push_back(v);
    }
  };
  if (lengths.empty()) {
    std::queue<NodeId> queue;
    queue.push(s);
    while (!queue.empty()) {
      const NodeId v = queue.front();
      queue.pop();
      r.settled.push_back(v);
      const auto neighbours = graph.Neighbors(v);
      for (const NodeId w : neighbours) {
        if (r.distance[w] <= r.distance[v]) continue;
        relax(v, w, 1.0, [&](NodeId x, double) { queue.push(x); });
      }
    }
    return r;
  }
  using Entry = std::pair<double, NodeId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> heap;
  std::vector<bool> done(n, false);
  heap.emplace(0.0, s);
  while (!heap.empty()) {
    const NodeId v = heap.top().second;
    heap.pop();
    if (done[v]) continue;
    done[v] = true;
    r.settled.push_back(v);
    const auto neighbours = graph.Neighbors(v);
    const EdgeOffset first = graph.offsets()[v];
    for (std::size_t k = 0; k < neighbours.size(); ++k) {
      if (done[neighbours[k]]) continue;
      relax(v, neighbours[k], lengths[first + k],
            [&](NodeId x, double through) { heap.emplace(through, x); });
    }
  }
  return r;
}

void CheckClose(const char* what, NodeId v, double got, double want, double tolerance) {
  if (std::abs(got - want) <= tolerance) return;
  throw InternalError(std::string(what) + ": node " + std::to_string(v) + " has " +
                      std::to_string(got) + ", expected " + std::to_string(want));
}

// One search from each source serves betweenness and, when asked, harmonic closeness.
// Exact: a node's harmonic value comes from its own search (the sum Harmonic takes), written by
// the one task that runs it. Sampled, on an undirected graph: 1/d(s, v) is summed at every
// node v a pivot s reaches, per chunk, and chunks are added in order like the betweenness.
PathCentralities SearchFromSources(const CsrGraph& graph, const BetweennessOptions& options,
                                   bool with_harmonic) {
  const NodeId n = graph.num_nodes();
  const std::vector<double> lengths = ArcLengths(graph, options.length);
  const std::vector<NodeId> sources = BetweennessPivots(n, options);
  const bool exact = sources.size() == n;
  const bool harmonic_at_source = with_harmonic && exact;
  const bool harmonic_at_targets = with_harmonic && !exact && !graph.directed();
  PathCentralities out;
  out.betweenness.assign(n, 0.0);
  if (harmonic_at_source || harmonic_at_targets) out.harmonic.assign(n, 0.0);
  struct Sums {
    std::vector<double> betweenness, harmonic;
  };
  const std::size_t grain = std::max<std::size_t>(options.grain, 1);
  const std::size_t chunks = (sources.size() + grain - 1) / grain;
  parallel::OrderedPipeline(
      chunks, 2 * static_cast<std::size_t>(parallel::MaxThreads()),
      [&](std::size_t chunk) {
        Sums sums{std::vector<double>(n, 0.0),
                  std::vector<double>(harmonic_at_targets ? n : 0, 0.0)};
        Workspace workspace(n, !lengths.empty());
        const std::size_t end = std::min(sources.size(), (chunk + 1) * grain);
        for (std::size_t i = chunk * grain; i < end; ++i) {
          const NodeId s = sources[i];
          workspace.Search(graph, lengths, s);
          if (harmonic_at_source) {
            double total = 0.0;
            for (std::size_t k = 1; k < workspace.reached(); ++k) {
              total += 1.0 / workspace.Distance(workspace.node_at(k));
            }
            if (n > 1) out.harmonic[s] = total / (n - 1.0);
          }
          if (harmonic_at_targets) {
            for (std::size_t k = 1; k < workspace.reached(); ++k) {
              const NodeId v = workspace.node_at(k);
              sums.harmonic[v] += 1.0 / workspace.Distance(v);
            }
          }
          workspace.Accumulate(graph, lengths, sums.betweenness.data());
          workspace.Reset();
        }
        return sums;
      },
      [&](const Sums& sums) {
        for (NodeId v = 0; v < n; ++v) out.betweenness[v] += sums.betweenness[v];
        for (NodeId v = 0; v < sums.harmonic.size(); ++v) out.harmonic[v] += sums.harmonic[v];
      });
  const double scale = BetweennessScale(graph, options, sources.size());
  for (double& value : out.betweenness) value *= scale;
  if (harmonic_at_targets && n > 1) {
    const double estimate = n / (static_cast<double>(sources.size()) * (n - 1.0));
    for (double& value : out.harmonic) value *= estimate;
  }
  return out;
}

}  // namespace

std::vector<NodeId> BetweennessPivots(NodeId num_nodes, const BetweennessOptions& options) {
  std::vector<NodeId> nodes(num_nodes);
  std::iota(nodes.begin(), nodes.end(), NodeId{0});
  if (options.samples == 0 || options.samples >= num_nodes) return nodes;
  generate::Rng rng(options.seed, 0);
  for (NodeId i = 0; i < options.samples; ++i) {
    std::swap(nodes[i], nodes[i + rng.Below(num_nodes - i)]);
  }
  nodes.resize(options.samples);
  std::sort(nodes.begin(), nodes.end());
  return nodes;
}

double BetweennessSampleError(NodeId num_nodes, NodeId samples, double failure_probability) {
  if (!(failure_probability > 0.0 && failure_probability < 1.0)) {
    throw InvalidInput("betweenness", "failure probability must lie in (0, 1)");
  }
  if (num_nodes <= 2 || samples == 0 || samples >= num_nodes) return 0.0;
  const double n = num_nodes;
  return n / (n - 1.0) * std::sqrt(std::log(2.0 * n / failure_probability) / (2.0 * samples));
}

std::vector<double> Betweenness(const CsrGraph& graph, const BetweennessOptions& options) {
  return SearchFromSources(graph, options, /*with_harmonic=*/false).betweenness;
}

PathCentralities BetweennessAndHarmonic(const CsrGraph& graph, const BetweennessOptions& options) {
  return SearchFromSources(graph, options, /*with_harmonic=*/true);
}

double HarmonicSampleError(const CsrGraph& graph, const BetweennessOptions& options,
                           double failure_probability) {
  if (!(failure_probability > 0.0 && failure_probability < 1.0)) {
    throw InvalidInput("harmonic closeness", "failure probability must lie in (0, 1)");
  }
  const NodeId num_nodes = graph.num_nodes();
  if (num_nodes <= 1 || options.samples == 0 || options.samples >= num_nodes) return 0.0;
  if (graph.num_arcs() == 0) return 0.0;  // every value is 0, exactly
  // The largest term 1/d(s, v): one over the shortest arc.
  double largest_term = 1.0;
  if (options.length != PathLength::kHops) {
    const std::vector<double> lengths = ArcLengths(graph, options.length);
    largest_term = 1.0 / *std::min_element(lengths.begin(), lengths.end());
  }
  const double n = num_nodes;
  return n / (n - 1.0) * largest_term *
         std::sqrt(std::log(2.0 * n / failure_probability) / (2.0 * options.samples));
}

std::vector<double> Closeness(const CsrGraph& graph, const ClosenessOptions& options) {
  const NodeId n = graph.num_nodes();
  std::vector<double> closeness(n, 0.0);
  ForEachSearch(graph, options.length, options.grain, [&](NodeId v, const Workspace& search) {
    double total = 0.0;
    for (std::size_t i = 1; i < search.reached(); ++i) total += search.Distance(search.node_at(i));
    if (total > 0.0) {
      const double others = static_cast<double>(search.reached() - 1);
      closeness[v] = (others / (n - 1.0)) * (others / total);
    }
  });
  return closeness;
}

std::vector<double> Harmonic(const CsrGraph& graph, const ClosenessOptions& options) {
  const NodeId n = graph.num_nodes();
  std::vector<double> harmonic(n, 0.0);
  ForEachSearch(graph, options.length, options.grain, [&](NodeId v, const Workspace& search) {
    double total = 0.0;
    for (std::size_t i = 1; i < search.reached(); ++i) {
      total += 1.0 / search.Distance(search.node_at(i));
    }
    if (n > 1) harmonic[v] = total / (n - 1.0);
  });
  return harmonic;
}

void VerifyBetweenness(const CsrGraph& graph, const BetweennessOptions& options,
                       std::span<const double> betweenness, double relative_tolerance) {
  const NodeId n = graph.num_nodes();
  if (betweenness.size() != n) throw InternalError("VerifyBetweenness: wrong result size");
  const std::vector<double> lengths = ArcLengths(graph, options.length);
  const std::vector<NodeId> sources = BetweennessPivots(n, options);
  std::vector<double> expected(n, 0.0);
  for (const NodeId s : sources) {
    const TextbookSearch search = TextbookSingleSource(graph, lengths, s);
    std::vector<double> delta(n, 0.0);
    for (auto it = search.settled.rbegin(); it != search.settled.rend(); ++it) {
      const NodeId w = *it;
      for (const NodeId v : search.predecessors[w]) {
        delta[v] += search.sigma[v] / search.sigma[w] * (1.0 + delta[w]);
      }
      if (w != s) expected[w] += delta[w];
    }
  }
  const double scale = BetweennessScale(graph, options, sources.size());
  double largest = 0.0;
  for (double& value : expected) {
    value *= scale;
    largest = std::max(largest, value);
  }
  for (NodeId v = 0; v < n; ++v) {
    if (!(betweenness[v] >= 0.0)) {
      throw InternalError("VerifyBetweenness: node " + std::to_string(v) + " is negative or NaN");
    }
    CheckClose("VerifyBetweenness", v, betweenness[v], expected[v],
               relative_tolerance * std::max(1.0, largest));
  }
}

void VerifyCloseness(const CsrGraph& graph, const ClosenessOptions& options,
                     std::span<const double> closeness) {
  const NodeId n = graph.num_nodes();
  if (closeness.size() != n) throw InternalError("VerifyCloseness: wrong result size");
  const std::vector<double> lengths = ArcLengths(graph, options.length);
  for (NodeId v = 0; v < n; ++v) {
    const TextbookSearch search = TextbookSingleSource(graph, lengths, v);
    double total = 0.0;
    double reached = 0.0;
    for (const double d : search.distance) {
      if (d > 0.0 && d < kInfinity) {
        total += d;
        reached += 1.0;
      }
    }
    const double want = total > 0.0 ? (reached / (n - 1.0)) * (reached / total) : 0.0;
    CheckClose("VerifyCloseness", v, closeness[v], want, 1e-9 * std::max(1.0, want));
  }
}

void VerifyHarmonic(const CsrGraph& graph, const ClosenessOptions& options,
                    std::span<const double> harmonic) {
  const NodeId n = graph.num_nodes();
  if (harmonic.size() != n) throw InternalError("VerifyHarmonic: wrong result size");
  const std::vector<double> lengths = ArcLengths(graph, options.length);
  for (NodeId v = 0; v < n; ++v) {
    const TextbookSearch search = TextbookSingleSource(graph, lengths, v);
    double total = 0.0;
    for (const double d : search.distance) {
      if (d > 0.0 && d < kInfinity) total += 1.0 / d;
    }
    const double want = n > 1 ? total / (n - 1.0) : 0.0;
    CheckClose("VerifyHarmonic", v, harmonic[v], want, 1e-9 * std::max(1.0, want));
  }
}

}  // namespace corridor
