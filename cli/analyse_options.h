#pragma once
// The options `analyse` and `run` share: the community objective and resolution, the seed,
// betweenness exactness, the projection's group limit and the GraphML style.

#include <CLI/CLI.hpp>
#include <map>
#include <string>
#include <vector>

#include "cli/analyse_outputs.h"

namespace corridor::cli {

struct AnalyseFlags {
  std::string objective = "modularity";
  double resolution = LeidenOptions().resolution;
  std::uint64_t seed = LeidenOptions().seed;
  std::uint32_t iterations = LeidenOptions().max_iterations;
  NodeId exact_limit = AnalysisOptions().exact_limit;
  NodeId samples = AnalysisOptions().samples;
  std::size_t max_group = NetworkOptions().max_group;
  std::string style = "plain";
  std::vector<std::string> tie_weights;  // KIND=W
};

void AddAnalyseFlags(CLI::App& app, AnalyseFlags& flags);
NetworkRunOptions NetworkSettings(const AnalyseFlags& flags);
void AddAnalyseFlagsToManifest(const AnalyseFlags& flags,
                               std::map<std::string, std::string>& options);

}  // namespace corridor::cli
