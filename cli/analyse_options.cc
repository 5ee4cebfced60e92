#include "cli/analyse_options.h"

namespace corridor::cli {

void AddAnalyseFlags(CLI::App& app, AnalyseFlags& flags) {
  app.add_option("--objective", flags.objective,
                 "Community objective: modularity, or cpm (constant Potts model)")
      ->capture_default_str()
      ->check(CLI::IsMember({"modularity", "cpm"}));
  app.add_option("--resolution", flags.resolution,
                 "Leiden resolution: higher gives more, smaller cells")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--seed", flags.seed, "Seed of Leiden and of sampled betweenness")
      ->capture_default_str();
  app.add_option("--iterations", flags.iterations,
                 "Leiden iterations; 0 repeats until one changes nothing (2 is igraph's default: "
                 "faster on large graphs, slightly lower modularity)")
      ->capture_default_str();
  app.add_option("--exact-limit", flags.exact_limit,
                 "Betweenness is exact up to this many nodes, sampled beyond")
      ->capture_default_str();
  app.add_option("--samples", flags.samples, "Pivots of sampled betweenness")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-group", flags.max_group,
                 "Shared phones, addresses and journeys with more persons than this make no "
                 "person-to-person ties")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--style", flags.style, "GraphML style: plain, or yed (adds yEd graphics)")
      ->capture_default_str()
      ->check(CLI::IsMember({"plain", "yed"}));
}

NetworkRunOptions NetworkSettings(const AnalyseFlags& flags) {
  NetworkRunOptions settings;
  settings.analysis.leiden.objective =
      flags.objective == "cpm" ? LeidenObjective::kCpm : LeidenObjective::kModularity;
  settings.analysis.leiden.resolution = flags.resolution;
  settings.analysis.leiden.seed = flags.seed;
  settings.analysis.leiden.max_iterations = flags.iterations;
  settings.analysis.exact_limit = flags.exact_limit;
  settings.analysis.samples = flags.samples;
  settings.network.max_group = flags.max_group;
  settings.yed = flags.style == "yed";
  return settings;
}

void AddAnalyseFlagsToManifest(const AnalyseFlags& flags,
                               std::map<std::string, std::string>& options) {
  options["objective"] = flags.objective;
  options["resolution"] = std::to_string(flags.resolution);
  options["seed"] = std::to_string(flags.seed);
  options["iterations"] = std::to_string(flags.iterations);
  options["exact_limit"] = std::to_string(flags.exact_limit);
  options["samples"] = std::to_string(flags.samples);
  options["max_group"] = std::to_string(flags.max_group);
  options["style"] = flags.style;
}

}  // namespace corridor::cli
