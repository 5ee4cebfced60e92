#pragma once
// The options `analyse` and `run` share: the community objective and resolution, the seed,
// betweenness exactness, the projection's group limit, the GraphML style, and for a resolved
// run the corridors' support and trip limits.

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "cli/analyse_outputs.h"

namespace corridor::cli {

struct AnalyseFlags {
  std::string objective = "modularity";
  std::string resolution = "auto";  // or a non-negative number
  std::uint64_t seed = LeidenOptions().seed;
  std::uint32_t iterations = LeidenOptions().max_iterations;
  double tolerance = LeidenOptions().tolerance;
  NodeId exact_limit = AnalysisOptions().exact_limit;
  NodeId samples = AnalysisOptions().samples;
  std::size_t max_group = NetworkOptions().max_group;
  std::uint32_t money_service_payers = NetworkOptions().money_service_payers;
  bool street_addresses = NetworkOptions().street_addresses;
  std::string style = "plain";
  std::vector<std::string> tie_weights;  // KIND=W
  // Routes of a resolved run.
  std::uint32_t min_support = CorridorOptions().min_support;
  double max_stay_days = CorridorOptions().max_stay_days;
  double max_speed_kmh = MovementOptions().max_speed_kmh;
};

void AddAnalyseFlags(CLI::App& app, AnalyseFlags& flags);
NetworkRunOptions NetworkSettings(const AnalyseFlags& flags);
void AddAnalyseFlagsToManifest(const AnalyseFlags& flags,
                               std::map<std::string, std::string>& options);

}  // namespace corridor::cli
