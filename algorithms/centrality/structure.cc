// Local structural measures: degree and strength, k-core numbers, local clustering, Burt's
// constraint and the participation coefficient.
//
// - Degree, strength: one pass over the arcs, O(n + m); in-degrees of a directed graph are
//   scattered serially so every weight sum has a fixed order.
// - k-core: Batagelj & Zaversnik (2003), "An O(m) algorithm for cores decomposition of
//   networks": nodes sit in an array bucketed by current degree; taking them in order of
//   increasing degree and moving each higher-degree neighbour one bucket down (a swap with the
//   bucket's first node) peels the graph in O(n + m). Serial: it is linear and cheap.
// - Clustering: Watts & Strogatz (1998); triangles at v counted by intersecting v's sorted
//   neighbour list with each neighbour's, with no scratch arrays. Lists of similar length are
//   merged; a list over 16 times shorter gallops through the longer, so an arc costs
//   O(min(d + D, d log(D / d))) for the shorter and longer degrees d and D.
// - Constraint: Burt (1992), "Structural holes"; networkx's definition (see centrality.h). For
//   each neighbour q of v, intersecting q's sorted list with v's adds p(v,q) p(q,w) to the
//   indirect term of every common neighbour w: one intersection per neighbour, as above.
// - Participation: Guimerà & Amaral (2005), "Functional cartography of complex metabolic
//   networks", Nature 433; per node, the neighbours' (community, weight) pairs are sorted and
//   summed by community, O(d log d).
// Per-node values are computed by one task each and written once, so they are bit-identical at
// any thread count.

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>

#include "algorithms/centrality/centrality.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// Nodes per task for the neighbour-merging measures, whose per-node cost varies with degree.
constexpr std::size_t kGrain = 256;

void RequireUndirected(const CsrGraph& graph, const char* measure) {
  if (graph.directed()) {
    throw InvalidInput("graph", std::string(measure) +
                                    " is defined on undirected graphs: build the undirected view");
  }
}

void RequireNonNegativeWeights(const CsrGraph& graph, const char* measure) {
  for (const double w : graph.weights()) {
    if (w < 0.0) {
      throw InvalidInput(
          "graph", std::string(measure) + " needs arc weights >= 0, found " + std::to_string(w));
    }
  }
}

// Calls f(u, weight) once per distinct neighbour u != v in ascending order, the weights of
// parallel arcs summed.
template <typename F>
void ForEachNeighbour(const CsrGraph& graph, NodeId v, F&& f) {
  const auto targets = graph.Neighbors(v);
  const auto weights = graph.Weights(v);
  for (std::size_t k = 0; k < targets.size();) {
    const NodeId u = targets[k];
    double weight = 0.0;
    for (; k < targets.size() && targets[k] == u; ++k) weight += weights[k];
    if (u != v) f(u, weight);
  }
}

std::vector<std::uint32_t> SimpleDegrees(const CsrGraph& graph) {
  std::vector<std::uint32_t> degree(graph.num_nodes(), 0);
  parallel::For(0, graph.num_nodes(), parallel::kGrainMedium, [&](std::size_t v) {
    ForEachNeighbour(graph, static_cast<NodeId>(v), [&](NodeId, double) { ++degree[v]; });
  });
  return degree;
}

// Arc terms summed per node in the requested direction; `term(v, u, weight)` is one arc's share.
template <typename T, typename Term>
std::vector<T> SumIncident(const CsrGraph& graph, const DegreeOptions& options, Term term) {
  const NodeId n = graph.num_nodes();
  std::vector<T> sum(n, T{0});
  const bool out = !graph.directed() || options.direction != Direction::kIn;
  const bool in = graph.directed() && options.direction != Direction::kOut;
  if (out) {
    parallel::For(0, n, parallel::kGrainMedium, [&](std::size_t v) {
      const auto targets = graph.Neighbors(static_cast<NodeId>(v));
      const auto weights = graph.Weights(static_cast<NodeId>(v));
      T total{0};
      for (std::size_t k = 0; k < targets.size(); ++k) {
        total += term(static_cast<NodeId>(v), targets[k], weights[k]);
      }
      sum[v] = total;
    });
  }
  if (in) {
    for (NodeId v = 0; v < n; ++v) {
      const auto targets = graph.Neighbors(v);
      const auto weights = graph.Weights(v);
      for (std::size_t k = 0; k < targets.size(); ++k)
        sum[targets[k]] += term(targets[k], v, weights[k]);
    }
  }
  return sum;
}

// Peels at threshold k: true for the nodes of the k-core.
std::vector<bool> PeelCore(const CsrGraph& graph, std::uint32_t k) {
  const NodeId n = graph.num_nodes();
  std::vector<std::uint32_t> degree = SimpleDegrees(graph);
  std::vector<bool> alive(n, true);
  std::vector<NodeId> doomed;
  for (NodeId v = 0; v < n; ++v) {
    if (degree[v] < k) {
      alive[v] = false;
      doomed.push_back(v);
    }
  }
  while (!doomed.empty()) {
    const NodeId v = doomed.back();
    doomed.pop_back();
    ForEachNeighbour(graph, v, [&](NodeId u, double) {
      if (alive[u] && --degree[u] < k) {
        alive[u] = false;
        doomed.push_back(u);
      }
    });
  }
  return alive;
}

// The first index k >= from with list[k] >= x (or list.size()), by doubling steps from `from`
// and then a binary search: O(log(k - from)).
std::size_t Gallop(std::span<const NodeId> list, std::size_t from, NodeId x) {
  if (from >= list.size() || list[from] >= x) return from;
  // list[low] < x, and list[high] >= x or high is past the end.
  std::size_t low = from;
  std::size_t step = 1;
  std::size_t high = from + 1;
  while (high < list.size() && list[high] < x) {
    low = high;
    step *= 2;
    high = low + step;
  }
  high = std::min(high, list.size());
  return static_cast<std::size_t>(
      std::lower_bound(list.begin() + static_cast<std::ptrdiff_t>(low) + 1,
                       list.begin() + static_cast<std::ptrdiff_t>(high), x) -
      list.begin());
}

// Calls match(i, first, last), in ascending i, for each unique[i] present in the sorted
// `raw`, [first, last) being its run of parallel arcs there. Lists of similar length are
// merged; when one is over 16 times the other, each element of the shorter gallops through
// the longer, so a pair costs O(d log(D / d)) rather than D. On the 7M-node projection of a
// million-person case, plain merging with hubs' lists made constraint and clustering take
// minutes.
template <typename Match>
void ForEachCommon(std::span<const NodeId> unique, std::span<const NodeId> raw, Match&& match) {
  constexpr std::size_t kGallopRatio = 16;
  if (unique.size() > kGallopRatio * raw.size()) {
    std::size_t i = 0;
    for (std::size_t j = 0; j < raw.size() && i < unique.size();) {
      std::size_t end = j + 1;
      while (end < raw.size() && raw[end] == raw[j]) ++end;
      i = Gallop(unique, i, raw[j]);
      if (i < unique.size() && unique[i] == raw[j]) match(i++, j, end);
      j = end;
    }
    return;
  }
  const bool gallop = raw.size() > kGallopRatio * unique.size();
  std::size_t j = 0;
  for (std::size_t i = 0; i < unique.size() && j < raw.size(); ++i) {
    const NodeId x = unique[i];
    if (gallop) {
      j = Gallop(raw, j, x);
    } else {
      while (j < raw.size() && raw[j] < x) ++j;
    }
    std::size_t end = j;
    while (end < raw.size() && raw[end] == x) ++end;
    if (end > j) match(i, j, end);
    j = end;
  }
}

// Common distinct members of v's distinct neighbour list `unique` and u's raw list, u itself
// excluded (a self-loop at u would otherwise count as a triangle).
std::uint64_t CommonNeighbours(std::span<const NodeId> unique, std::span<const NodeId> raw,
                               NodeId u) {
  std::uint64_t common = 0;
  ForEachCommon(unique, raw,
                [&](std::size_t i, std::size_t, std::size_t) { common += unique[i] != u; });
  return common;
}

void CheckClose(const char* what, NodeId v, double got, double want) {
  const bool both_nan = std::isnan(got) && std::isnan(want);
  if (both_nan || std::abs(got - want) <= 1e-9 * std::max(1.0, std::abs(want))) return;
  throw InternalError(std::string(what) + ": node " + std::to_string(v) + " has " +
                      std::to_string(got) + ", expected " + std::to_string(want));
}

// Each node's distinct neighbours with merged weights, for the verifiers.
std::vector<std::map<NodeId, double>> NeighbourMaps(const CsrGraph& graph, bool weighted) {
  std::vector<std::map<NodeId, double>> maps(graph.num_nodes());
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    const auto targets = graph.Neighbors(v);
    const auto weights = graph.Weights(v);
    for (std::size_t k = 0; k < targets.size(); ++k) {
      if (targets[k] == v) continue;
      double& w = maps[v][targets[k]];
      w = weighted ? w + weights[k] : 1.0;
    }
  }
  return maps;
}

}  // namespace

std::vector<std::uint64_t> Degree(const CsrGraph& graph, const DegreeOptions& options) {
  return SumIncident<std::uint64_t>(graph, options, [&](NodeId v, NodeId u, double) {
    return std::uint64_t{(u == v && !graph.directed()) ? 2u : 1u};
  });
}

std::vector<double> Strength(const CsrGraph& graph, const DegreeOptions& options) {
  return SumIncident<double>(graph, options, [&](NodeId v, NodeId u, double weight) {
    return (u == v && !graph.directed()) ? 2.0 * weight : weight;
  });
}

std::vector<std::uint32_t> CoreNumbers(const CsrGraph& graph) {
  RequireUndirected(graph, "k-core");
  const NodeId n = graph.num_nodes();
  std::vector<std::uint32_t> degree = SimpleDegrees(graph);
  const std::uint32_t max_degree = n == 0 ? 0 : *std::max_element(degree.begin(), degree.end());
  // bucket_start[d]: first position in `order` of the nodes whose current degree is d.
  std::vector<NodeId> bucket_start(static_cast<std::size_t>(max_degree) + 2, 0);
  for (NodeId v = 0; v < n; ++v) ++bucket_start[degree[v] + 1];
  for (std::uint32_t d = 0; d <= max_degree; ++d) bucket_start[d + 1] += bucket_start[d];
  std::vector<NodeId> order(n);
  std::vector<NodeId> position(n);
  {
    std::vector<NodeId> next(bucket_start.begin(), bucket_start.end() - 1);
    for (NodeId v = 0; v < n; ++v) {
      position[v] = next[degree[v]]++;
      order[position[v]] = v;
    }
  }
  for (NodeId i = 0; i < n; ++i) {
    const NodeId v = order[i];
    ForEachNeighbour(graph, v, [&](NodeId u, double) {
      if (degree[u] <= degree[v]) return;
      // Swap u with the first node of its bucket, then shrink the bucket from the front.
      const std::uint32_t du = degree[u];
      const NodeId first = order[bucket_start[du]];
      std::swap(order[position[u]], order[bucket_start[du]]);
      std::swap(position[u], position[first]);
      ++bucket_start[du];
      --degree[u];
    });
  }
  return degree;
}

void VerifyCoreNumbers(const CsrGraph& graph, std::span<const std::uint32_t> core) {
  RequireUndirected(graph, "k-core");
  const NodeId n = graph.num_nodes();
  if (core.size() != n) throw InternalError("VerifyCoreNumbers: wrong result size");
  const std::uint32_t top = n == 0 ? 0 : *std::max_element(core.begin(), core.end());
  for (std::uint32_t k = 1; k <= top + 1; ++k) {
    const std::vector<bool> in_core = PeelCore(graph, k);
    for (NodeId v = 0; v < n; ++v) {
      if (in_core[v] != (core[v] >= k)) {
        throw InternalError("VerifyCoreNumbers: node " + std::to_string(v) + " numbered " +
                            std::to_string(core[v]) + " but " + (in_core[v] ? "in" : "not in") +
                            " the " + std::to_string(k) + "-core");
      }
    }
  }
}

std::vector<double> LocalClustering(const CsrGraph& graph) {
  RequireUndirected(graph, "local clustering");
  const NodeId n = graph.num_nodes();
  std::vector<double> clustering(n, 0.0);
  parallel::ForChunks(0, n, kGrain, [&](std::size_t lo, std::size_t hi) {
    std::vector<NodeId> unique;
    for (std::size_t v = lo; v < hi; ++v) {
      unique.clear();
      ForEachNeighbour(graph, static_cast<NodeId>(v),
                       [&](NodeId u, double) { unique.push_back(u); });
      const double k = static_cast<double>(unique.size());
      if (unique.size() < 2) continue;
      std::uint64_t twice_triangles = 0;
      for (const NodeId u : unique) {
        twice_triangles += CommonNeighbours(unique, graph.Neighbors(u), u);
      }
      clustering[v] = static_cast<double>(twice_triangles) / (k * (k - 1.0));
    }
  });
  return clustering;
}

void VerifyLocalClustering(const CsrGraph& graph, std::span<const double> clustering) {
  RequireUndirected(graph, "local clustering");
  const NodeId n = graph.num_nodes();
  if (clustering.size() != n) throw InternalError("VerifyLocalClustering: wrong result size");
  const auto maps = NeighbourMaps(graph, false);
  for (NodeId v = 0; v < n; ++v) {
    std::uint64_t triangles = 0;
    for (auto a = maps[v].begin(); a != maps[v].end(); ++a) {
      for (auto b = std::next(a); b != maps[v].end(); ++b) {
        triangles += maps[a->first].count(b->first);
      }
    }
    const double k = static_cast<double>(maps[v].size());
    const double want = maps[v].size() < 2 ? 0.0 : 2.0 * triangles / (k * (k - 1.0));
    CheckClose("VerifyLocalClustering", v, clustering[v], want);
  }
}

std::vector<double> BurtConstraint(const CsrGraph& graph, const ConstraintOptions& options) {
  RequireUndirected(graph, "Burt's constraint");
  if (options.weighted) RequireNonNegativeWeights(graph, "Burt's constraint");
  const NodeId n = graph.num_nodes();
  const auto tie = [&](double weight) { return options.weighted ? weight : 1.0; };
  std::vector<double> strength(n, 0.0);
  parallel::For(0, n, parallel::kGrainMedium, [&](std::size_t v) {
    double sum = 0.0;
    ForEachNeighbour(graph, static_cast<NodeId>(v), [&](NodeId, double w) { sum += tie(w); });
    strength[v] = sum;
  });
  std::vector<double> constraint(n, 0.0);
  parallel::ForChunks(0, n, kGrain, [&](std::size_t lo, std::size_t hi) {
    std::vector<NodeId> contact;
    std::vector<double> share;     // p(v, contact)
    std::vector<double> indirect;  // sum over q of p(v, q) p(q, contact)
    for (std::size_t v = lo; v < hi; ++v) {
      contact.clear();
      share.clear();
      ForEachNeighbour(graph, static_cast<NodeId>(v), [&](NodeId u, double w) {
        contact.push_back(u);
        share.push_back(strength[v] > 0.0 ? tie(w) / strength[v] : 0.0);
      });
      if (contact.empty()) {
        constraint[v] = std::numeric_limits<double>::quiet_NaN();
        continue;
      }
      indirect.assign(contact.size(), 0.0);
      for (std::size_t j = 0; j < contact.size(); ++j) {
        const NodeId q = contact[j];
        if (strength[q] == 0.0) continue;
        const auto targets = graph.Neighbors(q);
        const auto weights = graph.Weights(q);
        ForEachCommon(contact, targets, [&](std::size_t i, std::size_t first, std::size_t last) {
          if (contact[i] == q) return;
          double weight = 0.0;
          for (std::size_t k = first; k < last; ++k) weight += weights[k];
          indirect[i] += share[j] * (tie(weight) / strength[q]);
        });
      }
      double sum = 0.0;
      for (std::size_t i = 0; i < contact.size(); ++i) {
        const double local = share[i] + indirect[i];
        sum += local * local;
      }
      constraint[v] = sum;
    }
  });
  return constraint;
}

void VerifyBurtConstraint(const CsrGraph& graph, const ConstraintOptions& options,
                          std::span<const double> constraint) {
  RequireUndirected(graph, "Burt's constraint");
  const NodeId n = graph.num_nodes();
  if (constraint.size() != n) throw InternalError("VerifyBurtConstraint: wrong result size");
  const auto maps = NeighbourMaps(graph, options.weighted);
  std::vector<double> strength(n, 0.0);
  for (NodeId v = 0; v < n; ++v) {
    for (const auto& [u, w] : maps[v]) strength[v] += w;
  }
  const auto p = [&](NodeId a, NodeId b) {
    const auto it = maps[a].find(b);
    return it == maps[a].end() || strength[a] == 0.0 ? 0.0 : it->second / strength[a];
  };
  for (NodeId v = 0; v < n; ++v) {
    double want = maps[v].empty() ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    for (const auto& [w, unused] : maps[v]) {
      double local = p(v, w);
      for (const auto& [q, also_unused] : maps[v]) local += p(v, q) * p(q, w);
      want += local * local;
    }
    CheckClose("VerifyBurtConstraint", v, constraint[v], want);
  }
}

std::vector<double> ParticipationCoefficient(const CsrGraph& graph,
                                             std::span<const std::uint32_t> community,
                                             const ParticipationOptions& options) {
  RequireUndirected(graph, "participation coefficient");
  if (options.weighted) RequireNonNegativeWeights(graph, "participation coefficient");
  const NodeId n = graph.num_nodes();
  if (community.size() != n) {
    throw InvalidInput("community", "has " + std::to_string(community.size()) + " labels for " +
                                        std::to_string(n) + " nodes");
  }
  std::vector<double> participation(n, 0.0);
  parallel::ForChunks(0, n, kGrain, [&](std::size_t lo, std::size_t hi) {
    std::vector<std::pair<std::uint32_t, double>> ties;  // (community, weight)
    for (std::size_t v = lo; v < hi; ++v) {
      ties.clear();
      ForEachNeighbour(graph, static_cast<NodeId>(v), [&](NodeId u, double w) {
        ties.emplace_back(community[u], options.weighted ? w : 1.0);
      });
      std::sort(ties.begin(), ties.end());
      double total = 0.0;
      for (const auto& tie : ties) total += tie.second;
      if (total == 0.0) continue;
      double concentration = 0.0;
      for (std::size_t i = 0; i < ties.size();) {
        double within = 0.0;
        const std::uint32_t label = ties[i].first;
        for (; i < ties.size() && ties[i].first == label; ++i) within += ties[i].second;
        concentration += (within / total) * (within / total);
      }
      participation[v] = 1.0 - concentration;
    }
  });
  return participation;
}

void VerifyParticipation(const CsrGraph& graph, std::span<const std::uint32_t> community,
                         const ParticipationOptions& options,
                         std::span<const double> participation) {
  const NodeId n = graph.num_nodes();
  if (participation.size() != n || community.size() != n) {
    throw InternalError("VerifyParticipation: wrong result size");
  }
  const auto maps = NeighbourMaps(graph, options.weighted);
  for (NodeId v = 0; v < n; ++v) {
    std::map<std::uint32_t, double> by_community;
    double total = 0.0;
    for (const auto& [u, w] : maps[v]) {
      by_community[community[u]] += w;
      total += w;
    }
    double want = total > 0.0 ? 1.0 : 0.0;
    for (const auto& [label, within] : by_community) {
      if (total > 0.0) want -= (within / total) * (within / total);
    }
    CheckClose("VerifyParticipation", v, participation[v], want);
  }
}

}  // namespace corridor
