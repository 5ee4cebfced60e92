#include "algorithms/analysis.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>

#include "engine/errors.h"

namespace corridor {
namespace {

CsrGraph UndirectedView(const CsrGraph& graph) {
  std::vector<WeightedEdge> edges;
  edges.reserve(graph.num_arcs());
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    const auto targets = graph.Neighbors(v);
    const auto weights = graph.Weights(v);
    for (std::size_t i = 0; i < targets.size(); ++i) edges.push_back({v, targets[i], weights[i]});
  }
  CsrBuildOptions options;
  options.keep_self_loops = graph.options().keep_self_loops;
  return CsrGraph::Build(graph.num_nodes(), edges, options);
}

// m of the modularity formula: each edge's weight once, a self-loop's included. Summed in
// node order, so the automatic resolution is the same at any thread count.
double TotalWeight(const CsrGraph& graph) {
  double two_m = 0.0;
  for (NodeId v = 0; v < graph.num_nodes(); ++v) {
    const auto targets = graph.Neighbors(v);
    const auto weights = graph.Weights(v);
    for (std::size_t i = 0; i < targets.size(); ++i) {
      two_m += targets[i] == v ? 2.0 * weights[i] : weights[i];
    }
  }
  return two_m / 2.0;
}

}  // namespace

const std::vector<double>* Analysis::Measure(const std::string& name) const {
  for (std::size_t i = 0; i < measure_names.size(); ++i) {
    if (measure_names[i] == name) return &measures[i];
  }
  return nullptr;
}

Analysis Analyse(const CsrGraph& graph, const AnalysisOptions& options, const CsrGraph* cells) {
  Analysis out;
  auto start = std::chrono::steady_clock::now();
  const auto lap = [&](const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    out.timings_s.emplace_back(stage, std::chrono::duration<double>(now - start).count());
    if (options.on_stage) options.on_stage(out.timings_s.back().first, out.timings_s.back().second);
    start = now;
  };
  const CsrGraph undirected_copy = graph.directed() ? UndirectedView(graph) : CsrGraph();
  const CsrGraph& undirected = graph.directed() ? undirected_copy : graph;
  const NodeId n = graph.num_nodes();

  if (cells != nullptr && (cells->directed() || cells->num_nodes() != n)) {
    throw InternalError("Analyse: the cell graph must be undirected over the graph's nodes");
  }
  const CsrGraph& community_graph = cells != nullptr ? *cells : undirected;
  LeidenOptions leiden = options.leiden;
  out.resolution_from_weight =
      options.reference_weight > 0.0 && leiden.objective == LeidenObjective::kModularity;
  if (out.resolution_from_weight) {
    leiden.resolution =
        std::max(leiden.resolution, TotalWeight(community_graph) / options.reference_weight);
  }
  out.resolution = leiden.resolution;
  out.communities = Leiden(community_graph, leiden);
  out.communities_on_cells = cells != nullptr;
  lap("communities");

  const auto add = [&](const char* name, std::vector<double> values) {
    out.measure_names.emplace_back(name);
    out.measures.push_back(std::move(values));
  };
  DegreeOptions degree_options;
  degree_options.direction = Direction::kAll;
  const std::vector<std::uint64_t> degree = Degree(graph, degree_options);
  add("degree", std::vector<double>(degree.begin(), degree.end()));
  add("strength", Strength(graph, degree_options));

  BetweennessOptions betweenness;
  betweenness.length = PathLength::kInverseWeight;
  betweenness.normalized = true;
  betweenness.seed = options.leiden.seed;
  if (n > options.exact_limit) {
    betweenness.samples = options.samples;
    out.betweenness_exact = false;
    out.betweenness_error_bound =
        BetweennessSampleError(n, options.samples, options.sample_failure_probability);
  }
  PathCentralities paths = BetweennessAndHarmonic(graph, betweenness);
  add("betweenness", std::move(paths.betweenness));
  out.harmonic_computed = out.betweenness_exact || !graph.directed();
  if (out.harmonic_computed) {
    add("harmonic", std::move(paths.harmonic));
    if (!out.betweenness_exact) {
      out.harmonic_error_bound =
          HarmonicSampleError(graph, betweenness, options.sample_failure_probability);
    }
  }
  lap("betweenness_harmonic");

  PowerIteration pagerank = PageRank(graph);
  out.pagerank = {pagerank.iterations, pagerank.converged};
  add("pagerank", std::move(pagerank.score));
  PowerIteration eigenvector = EigenvectorCentrality(undirected);
  out.eigenvector = {eigenvector.iterations, eigenvector.converged};
  add("eigenvector", std::move(eigenvector.score));
  lap("spectral");

  const std::vector<std::uint32_t> core = CoreNumbers(undirected);
  add("core", std::vector<double>(core.begin(), core.end()));
  add("clustering", LocalClustering(undirected));
  add("constraint", BurtConstraint(undirected));
  const std::vector<std::uint32_t> labels(out.communities.label.begin(),
                                          out.communities.label.end());
  add("participation", ParticipationCoefficient(undirected, labels));
  lap("structure");

  // Per community: members, links inside and across, and the most central members.
  std::vector<CommunityStats>& stats = out.community_stats;
  stats.resize(out.communities.count);
  std::vector<std::vector<NodeId>> members(out.communities.count);
  for (NodeId v = 0; v < n; ++v) {
    const NodeId c = out.communities.label[v];
    ++stats[c].size;
    members[c].push_back(v);
    for (const NodeId u : undirected.Neighbors(v)) {
      if (u == v) continue;
      if (out.communities.label[u] == c) {
        if (v < u) ++stats[c].internal_links;
      } else {
        ++stats[c].external_links;
      }
    }
  }
  const std::vector<double>& between = *out.Measure("betweenness");
  const std::vector<double>& rank = *out.Measure("pagerank");
  for (NodeId c = 0; c < out.communities.count; ++c) {
    CommunityStats& s = stats[c];
    const double pairs = static_cast<double>(s.size) * (s.size - 1.0) / 2.0;
    s.density = pairs > 0 ? static_cast<double>(s.internal_links) / pairs : 0.0;
    std::vector<NodeId>& list = members[c];
    const std::size_t top = std::min(options.top_members, list.size());
    std::partial_sort(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(top), list.end(),
                      [&](NodeId a, NodeId b) {
                        if (between[a] != between[b]) return between[a] > between[b];
                        if (rank[a] != rank[b]) return rank[a] > rank[b];
                        return a < b;
                      });
    s.top.assign(list.begin(), list.begin() + static_cast<std::ptrdiff_t>(top));
  }
  lap("communities_stats");
  return out;
}

}  // namespace corridor
