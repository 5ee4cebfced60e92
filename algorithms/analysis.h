#pragma once
// The analysis an analyst asks of a network first: which cells exist (Leiden communities), who
// leads them and who brokers between them (centrality and position measures), in one call.
//
// Communities and the local measures (k-core, clustering, constraint, participation) are
// computed on the undirected view of the graph (arc weights of both directions summed);
// degree, betweenness, harmonic closeness and PageRank follow arc directions when the graph
// has them. Weights measure tie strength, so shortest paths take 1/weight as a link's length
// (a pair that calls daily is closer than one that spoke once).
//
// Betweenness and harmonic closeness come from one set of shortest-path searches: exact up to
// `exact_limit` nodes, estimated from `samples` pivots beyond (Brandes & Pich 2007; Eppstein &
// Wang 2004), each with its error bound reported. A directed graph beyond the limit has no
// harmonic estimate (the pivots' searches give distances to nodes, not from them) and the
// analysis says so.
// Every result is identical at any thread count for a given seed.

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "algorithms/centrality/centrality.h"
#include "algorithms/community/leiden.h"
#include "engine/csr_graph.h"

namespace corridor {

// The total weight, in the person projection's tie-weight units, above which the automatic
// resolution rises above 1 (AnalysisOptions::reference_weight).
inline constexpr double kCellReferenceWeight = 100'000.0;

struct AnalysisOptions {
  LeidenOptions leiden;
  // Modularity's resolution limit (Fortunato & Barthelemy 2007): two groups joined by more
  // weight than their strengths' product over 2m merge, so at a fixed resolution a larger
  // dump of the same kind of operation gives coarser communities (bench/RESULTS.md: three
  // planted cells in one at a million persons). When positive, with the modularity
  // objective, the resolution used is max(leiden.resolution, m / reference_weight), m the
  // total weight of the graph communities are found on: above that weight the merge rule no
  // longer depends on the size of the dump. Only meaningful where weights have a known unit;
  // 0 keeps leiden.resolution.
  double reference_weight = 0.0;
  NodeId exact_limit = 20'000;
  NodeId samples = 1'000;
  double sample_failure_probability = 0.01;  // of the reported betweenness and harmonic bounds
  // Members listed per community, by betweenness then PageRank.
  std::size_t top_members = 5;
  // Called as each stage ends (its name and seconds), for progress: on a million persons a
  // sampled betweenness alone can take half an hour.
  std::function<void(const std::string& stage, double seconds)> on_stage;
};

struct CommunityStats {
  NodeId size = 0;
  std::uint64_t internal_links = 0;  // undirected links inside, self-loops excluded
  std::uint64_t external_links = 0;  // links with one end outside
  double density = 0.0;              // internal links / possible pairs; 0 for one member
  std::vector<NodeId> top;           // most central members
};

struct Analysis {
  LeidenResult communities;
  double resolution = 1.0;              // the resolution Leiden ran with
  bool resolution_from_weight = false;  // raised (or kept) by the reference_weight rule
  // The communities (and their quality) are the cell graph's, not the graph's.
  bool communities_on_cells = false;
  std::vector<CommunityStats> community_stats;
  // One column per measure, named as written to nodes.csv, each with a value per node.
  std::vector<std::string> measure_names;
  std::vector<std::vector<double>> measures;
  bool betweenness_exact = true;
  double betweenness_error_bound = 0.0;  // on normalised betweenness, when sampled
  bool harmonic_computed = true;         // false only for a sampled run on a directed graph
  double harmonic_error_bound = 0.0;     // when sampled (HarmonicSampleError)
  // How the power iterations ended: a score that did not converge is the last iterate, and
  // says so in analysis.json and the summary.
  struct Convergence {
    std::uint32_t iterations = 0;
    bool converged = true;
  };
  Convergence pagerank, eigenvector;
  std::vector<std::pair<std::string, double>> timings_s;

  const std::vector<double>* Measure(const std::string& name) const;
};

// Communities are found on `cells` when given (the same nodes, undirected: a person
// projection's cell graph), else on `graph`; every measure, the participation coefficient
// against the communities included, is taken on `graph`.
Analysis Analyse(const CsrGraph& graph, const AnalysisOptions& options = {},
                 const CsrGraph* cells = nullptr);

}  // namespace corridor
