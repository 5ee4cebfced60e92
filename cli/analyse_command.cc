// `corridor analyse`: communities, centrality and roles, for a resolved run (its network's
// person projection) or for any edge list an analyst already has.
//   corridor analyse RUN_DIR [--out DIR]
//   corridor analyse --edges FILE.csv [--directed] [--weight COL] --out DIR
// Writes nodes.csv, communities.csv and analysis.json; for a run also links.csv,
// network.graphml and persons.graphml (cli/analyse_outputs.h); for an edge list also
// rejects.csv and manifest.json.

#include <filesystem>
#include <iostream>

#include "algorithms/analysis.h"
#include "cli/analyse_options.h"
#include "cli/analyse_outputs.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "cli/resolve_outputs.h"
#include "engine/case_writers.h"
#include "loaders/edge_list.h"

namespace corridor::cli {
namespace {

struct AnalyseCommandOptions {
  std::string run_dir;
  std::string edges_path;
  std::string out_dir;
  bool directed = false;
  std::string weight_column;
  AnalyseFlags flags;
};

int AnalyseEdgeList(const AnalyseCommandOptions& options, const NetworkRunOptions& settings) {
  EdgeListOptions read;
  read.weight_column = options.weight_column;
  EdgeList list = ReadEdgeList(options.edges_path, read);
  CsrBuildOptions build;
  build.directed = options.directed;
  build.keep_self_loops = true;
  const CsrGraph graph = CsrGraph::Build(static_cast<NodeId>(list.names.size()), list.edges, build);
  AnalysisOptions analysis_options = settings.analysis;
  // An edge list's weights have no known unit, so a reference weight would mean nothing.
  analysis_options.reference_weight = 0.0;
  if (settings.show_progress) {
    analysis_options.on_stage = [](const std::string& stage, double seconds) {
      ReportStage("analyse", stage, seconds);
    };
  }
  const Analysis analysis = Analyse(graph, analysis_options);

  CreateFolder(options.out_dir);
  const auto file = [&](const char* name) {
    return (std::filesystem::path(options.out_dir) / name).string();
  };
  NodeNames names;
  names.ids = list.names;
  names.labels = list.names;
  names.types.assign(list.names.size(), "node");
  CaseData data;
  data.name = options.edges_path;
  SourceReport source;
  source.info = list.info;
  source.name = "edges";
  source.format = "csv";
  data.sources.push_back(source);
  data.rejects = std::move(list.rejects);
  ManifestExtras extras;
  extras.command = "analyse";
  extras.options = {{"edges", options.edges_path},
                    {"directed", options.directed ? "true" : "false"},
                    {"weight", options.weight_column},
                    {"out", options.out_dir}};
  AddAnalyseFlagsToManifest(options.flags, extras.options);
  extras.outputs.push_back(WriteNodesCsv(file("nodes.csv"), names, analysis));
  extras.outputs.push_back(WriteCommunitiesCsv(file("communities.csv"), names, analysis));
  extras.outputs.push_back(
      WriteAnalysisJson(file("analysis.json"), graph, analysis, settings.analysis));
  extras.outputs.push_back(WriteRejectsCsv(file("rejects.csv"), data));
  for (const auto& [stage, seconds] : analysis.timings_s) extras.timings_s[stage] = seconds;
  WriteManifest(file("manifest.json"), data, extras);
  std::cout << "graph:        " << graph.num_nodes() << " nodes, " << graph.num_edges()
            << " edges (" << data.rejects.size() << " rows rejected)\n"
            << "communities:  " << analysis.communities.count << " (quality "
            << analysis.communities.quality << ")\n"
            << "out:          " << options.out_dir << '\n';
  PrintAnalysisWarnings(analysis, std::cout);
  return kExitOk;
}

}  // namespace

Command AddAnalyseCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<AnalyseCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "analyse", "Find cells (Leiden), key players and brokers in a resolved run or an edge list");
  app->add_option("run", options->run_dir, "A folder written by corridor resolve or run")
      ->check(CLI::ExistingDirectory);
  app->add_option("--edges", options->edges_path,
                  "Analyse this CSV edge list instead (columns source,target[,weight])")
      ->check(CLI::ExistingFile);
  app->add_option("--out", options->out_dir,
                  "Output folder (default for a run: the run's own folder)");
  app->add_flag("--directed", options->directed, "The edge list's edges have a direction");
  app->add_option("--weight", options->weight_column, "The edge list's weight column");
  AddAnalyseFlags(*app, options->flags);
  app->footer(
      "Examples:\n  corridor analyse out/sample\n"
      "  corridor analyse --edges calls.csv --weight calls --out out/calls\n"
      "Writes nodes.csv, communities.csv and analysis.json; for a run also links.csv,\n"
      "network.graphml and persons.graphml. A run is resolved again from its case with its\n"
      "model.json, so the entities are the run's own.");
  return {app, [options, &global]() -> int {
            if (options->run_dir.empty() == options->edges_path.empty()) {
              throw UsageError("give either a run folder or --edges FILE, not both or neither");
            }
            NetworkRunOptions settings = NetworkSettings(options->flags);
            settings.show_progress = Progress::ShouldShow(global.quiet);
            if (!options->edges_path.empty()) {
              if (options->out_dir.empty()) throw UsageError("--edges needs --out DIR");
              return AnalyseEdgeList(*options, settings);
            }
            const std::string out_dir =
                options->out_dir.empty() ? options->run_dir : options->out_dir;
            const ReloadedRun reloaded = ReloadRun(options->run_dir, global.quiet);
            CreateFolder(out_dir);
            const NetworkRun run =
                AnalyseResolved(reloaded.data, reloaded.resolution, out_dir, settings);
            PrintNetworkSummary(run, std::cout);
            std::cout << "out:              " << out_dir << '\n';
            return kExitOk;
          }};
}

}  // namespace corridor::cli
