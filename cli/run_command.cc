// `corridor run CASE.json --out DIR`: the whole pipeline in one go. Loads and resolves the
// case (the files of `corridor resolve`), builds the network, analyses its person projection
// (the files of `corridor analyse`) and exports GraphML; one manifest.json covers every
// input and output.

#include <filesystem>
#include <iostream>

#include "cli/analyse_options.h"
#include "cli/analyse_outputs.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "cli/resolve_outputs.h"
#include "engine/case_writers.h"

namespace corridor::cli {
namespace {

struct RunCommandOptions {
  std::string case_path;
  std::string out_dir;
  ResolveFlags resolve;
  AnalyseFlags flags;
};

}  // namespace

Command AddRunCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<RunCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "run", "Load, resolve, build the network, analyse it and export GraphML, in one go");
  app->add_option("case", options->case_path, "The case file (JSON)")->required();
  app->add_option("--out", options->out_dir, "Output folder")->required();
  AddResolveFlags(*app, options->resolve);
  AddAnalyseFlags(*app, options->flags);
  app->footer(
      "Example:\n  corridor run examples/sample-case/case.json --out out/sample\n"
      "Writes what resolve and analyse write: records.csv, rejects.csv, entities.csv,\n"
      "matches.csv, payee_calls.csv, number_successions.csv, blocking.json, model.json,\n"
      "links.csv, nodes.csv, communities.csv,\n"
      "analysis.json, network.graphml, persons.graphml, legs.csv, corridors.csv,\n"
      "facilitators.csv, facilitator_numbers.csv, routes.graphml, flows.csv and\n"
      "manifest.json.");
  return {app, [options, &global] {
            ResolveOptions resolve = ResolveSettings(options->resolve);
            RunOutputs run =
                LoadAndResolve(options->case_path, options->out_dir, resolve, global.quiet);
            NetworkRunOptions settings = NetworkSettings(options->flags);
            settings.show_progress = Progress::ShouldShow(global.quiet);
            const NetworkRun network =
                AnalyseResolved(run.data, run.resolution, options->out_dir, settings);
            ManifestExtras extras = std::move(run.extras);
            extras.command = "run";
            extras.options = {{"case", options->case_path},
                              {"case_file", std::filesystem::absolute(options->case_path).string()},
                              {"out", options->out_dir}};
            AddResolveFlagsToManifest(options->resolve, extras.options);
            AddAnalyseFlagsToManifest(options->flags, extras.options);
            extras.outputs.insert(extras.outputs.end(), network.outputs.begin(),
                                  network.outputs.end());
            for (const auto& [stage, seconds] : network.timings_s)
              extras.timings_s[stage] = seconds;
            const std::string manifest =
                (std::filesystem::path(options->out_dir) / "manifest.json").string();
            WriteManifest(manifest, run.data, extras);
            PrintResolveSummary(run.data, run.resolution, std::cout);
            PrintNetworkSummary(network, std::cout);
            std::cout << "manifest: " << manifest << '\n';
            return kExitOk;
          }};
}

}  // namespace corridor::cli
