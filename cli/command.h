#pragma once
// The subcommand registry. Each subcommand adds its CLI11 sub-app and returns how to run it;
// main parses, applies the global options (threads), then runs the chosen command. Commands
// hold no algorithm logic: they read options, call library stages, write files, print.

#include <CLI/CLI.hpp>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>

namespace corridor::cli {

// A command-line value that parsed but makes no sense (an unknown noise rate name); exit 1.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// "NAME=VALUE" with VALUE a number in [low, high]; UsageError naming `flag` otherwise.
std::pair<std::string, double> ParseNameValue(const std::string& setting, const char* flag,
                                              double low, double high);

struct GlobalOptions {
  int threads = 0;  // 0: all cores
  bool quiet = false;
};

struct Command {
  CLI::App* app = nullptr;
  std::function<int()> run;  // returns the exit code
};

Command AddHashCommand(CLI::App& parent, const GlobalOptions& global);
Command AddLoadCommand(CLI::App& parent, const GlobalOptions& global);
Command AddGenerateCommand(CLI::App& parent, const GlobalOptions& global);
Command AddEvaluateCommand(CLI::App& parent, const GlobalOptions& global);
Command AddResolveCommand(CLI::App& parent, const GlobalOptions& global);
Command AddExplainCommand(CLI::App& parent, const GlobalOptions& global);
Command AddNamesCommand(CLI::App& parent, const GlobalOptions& global);
Command AddAnalyseCommand(CLI::App& parent, const GlobalOptions& global);
Command AddRunCommand(CLI::App& parent, const GlobalOptions& global);
Command AddFlowsCommand(CLI::App& parent, const GlobalOptions& global);
Command AddPathsCommand(CLI::App& parent, const GlobalOptions& global);
Command AddChartCommand(CLI::App& parent, const GlobalOptions& global);

}  // namespace corridor::cli
