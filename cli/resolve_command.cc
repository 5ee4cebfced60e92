// `corridor resolve`: loads a case, resolves entities, and writes records.csv (with
// entity_id), rejects.csv, entities.csv, matches.csv, payee_calls.csv, number_successions.csv,
// blocking.json, model.json and manifest.json.

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "algorithms/resolve/resolve.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/resolve_outputs.h"
#include "engine/case_writers.h"
#include "engine/errors.h"

namespace corridor::cli {
namespace {

struct ResolveCommandOptions {
  std::string case_path;
  std::string out_dir;
  std::string model_path;
  std::string save_model_path;
  ResolveFlags resolve;
};

}  // namespace

Command AddResolveCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<ResolveCommandOptions>();
  CLI::App* app = parent.add_subcommand("resolve",
                                        "Load a case and resolve who is the same person, phone, "
                                        "account, document and place");
  app->add_option("case", options->case_path, "The case file (JSON)")->required();
  app->add_option("--out", options->out_dir, "Output folder")->required();
  AddResolveFlags(*app, options->resolve);
  app->add_option("--model", options->model_path,
                  "Use this saved model (JSON) instead of training one on the case")
      ->check(CLI::ExistingFile);
  app->add_option("--save-model", options->save_model_path, "Also save the model here");
  app->footer(
      "Example:\n  corridor resolve examples/sample-case/case.json --out out/sample\n"
      "Writes OUT/records.csv (with entity_id), entities.csv, matches.csv, payee_calls.csv,\n"
      "number_successions.csv, blocking.json, model.json, rejects.csv and manifest.json.");
  return {app, [options, &global] {
            ResolveOptions resolve = ResolveSettings(options->resolve);
            if (!options->model_path.empty()) {
              resolve.fixed_model = ReadModelFile(options->model_path);
            }
            RunOutputs run =
                LoadAndResolve(options->case_path, options->out_dir, resolve, global.quiet);
            if (!options->save_model_path.empty()) {
              WriteTextFile(options->save_model_path, ModelToJson(run.resolution.model));
            }
            ManifestExtras extras = std::move(run.extras);
            extras.command = "resolve";
            extras.options = {{"case", options->case_path},
                              {"case_file", std::filesystem::absolute(options->case_path).string()},
                              {"out", options->out_dir}};
            AddResolveFlagsToManifest(options->resolve, extras.options);
            if (!options->model_path.empty()) extras.options["model"] = options->model_path;
            const std::string manifest =
                (std::filesystem::path(options->out_dir) / "manifest.json").string();
            WriteManifest(manifest, run.data, extras);
            PrintResolveSummary(run.data, run.resolution, std::cout);
            std::cout << "manifest: " << manifest << '\n';
            return kExitOk;
          }};
}

}  // namespace corridor::cli
