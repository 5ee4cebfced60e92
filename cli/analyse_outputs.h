#pragma once
// Files of `corridor analyse` and `corridor run` (DESIGN.md section 5):
//   nodes.csv        node, type, label, community, then one column per measure
//                    (degree, strength, betweenness, harmonic, pagerank, eigenvector, core,
//                    clustering, constraint, participation)
//   communities.csv  community, size, density, internal_links, external_links, top_members
//   analysis.json    objective, resolution, seed, iterations, quality, counts, betweenness
//                    exactness and error bound, PageRank's and eigenvector centrality's
//                    iterations and convergence, timings; for a run the projection's tie
//                    weights, group limit and what it left out
//   links.csv        one row per link of the typed network: link, type, source, target,
//                    labels, count, first_seen, last_seen, duration_s, amounts, evidence
//                    (record ids, " | "-joined) and evidence_sources (file:line)
//   network.graphml  the typed network; persons carry their community and measures from
//                    the person projection, other nodes community -1 and measures 0; times
//                    unknown are written "unknown", links without money "none" (no GraphML
//                    value is ever empty: some readers drop empty values)
//   persons.graphml  the person projection with every measure and each tie kind's count
// GraphML files follow engine/graphml_writer.h; `yed` adds yEd node graphics (shape by
// type, fill by community for persons, by type otherwise).

#include <iosfwd>
#include <map>
#include <string>
#include <vector>

#include "algorithms/analysis.h"
#include "algorithms/resolve/network.h"
#include "cli/routes_outputs.h"
#include "engine/case_data.h"
#include "engine/case_writers.h"

namespace corridor::cli {

// How the analysed graph's nodes are written.
struct NodeNames {
  std::vector<std::string> ids, types, labels;
};
NodeNames PersonNames(const Network& network, const PersonProjection& persons);

WrittenFile WriteNodesCsv(const std::string& path, const NodeNames& names,
                          const Analysis& analysis);
WrittenFile WriteCommunitiesCsv(const std::string& path, const NodeNames& names,
                                const Analysis& analysis);
// `build`, for a resolved run, adds the projection's parameters (tie weights, group limit)
// and what it left out, so the graph analysed can be rebuilt.
WrittenFile WriteAnalysisJson(const std::string& path, const CsrGraph& graph,
                              const Analysis& analysis, const AnalysisOptions& options,
                              const NetworkBuild* build = nullptr,
                              const NetworkOptions* network = nullptr);
WrittenFile WriteLinksCsv(const std::string& path, const CaseData& data, const Network& network);
WrittenFile WriteNetworkGraphml(const std::string& path, const CaseData& data,
                                const NetworkBuild& build, const Analysis& analysis, bool yed);
WrittenFile WritePersonsGraphml(const std::string& path, const CaseData& data,
                                const NetworkBuild& build, const Analysis& analysis, bool yed);

struct NetworkRunOptions {
  NetworkOptions network;
  AnalysisOptions analysis;
  RoutesRunOptions routes;
  bool yed = false;
  bool show_progress = false;  // a line on stderr as each stage ends
};

// Builds the network of a resolved case, analyses its person projection and its routes
// (cli/routes_outputs.h), and writes every file above and the routes' files into `out_dir`.
struct NetworkRun {
  NetworkBuild build;
  Analysis analysis;
  RoutesRun routes;
  std::vector<WrittenFile> outputs;
  std::map<std::string, double> timings_s;
};
NetworkRun AnalyseResolved(const CaseData& data, const Resolution& resolution,
                           const std::string& out_dir, const NetworkRunOptions& options);

// Counts, the largest cells with their most central member, the top brokers and the top
// corridors.
void PrintNetworkSummary(const NetworkRun& run, std::ostream& out);
// One warning line per power iteration that ran out of iterations before converging.
void PrintAnalysisWarnings(const Analysis& analysis, std::ostream& out);

}  // namespace corridor::cli
