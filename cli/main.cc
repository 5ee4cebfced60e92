// The `corridor` binary: parses the command line, sets the thread count, runs one subcommand
// and turns library exceptions into the documented exit codes.

#include <CLI/CLI.hpp>
#include <exception>
#include <iostream>
#include <vector>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "engine/version.h"

namespace corridor::cli {
namespace {

int Main(int argc, char** argv) {
  CLI::App app(
      "Corridor turns seized-data dumps into evidence-grade network maps of smuggling "
      "operations: it loads sources with provenance, resolves who is the same person, and "
      "analyses and exports the network.",
      "corridor");
  app.set_version_flag("--version", std::string("corridor ") + kVersion);
  GlobalOptions global;
  app.add_option("--threads", global.threads, "Worker threads (default: all cores)")
      ->check(CLI::NonNegativeNumber);
  app.add_flag("-q,--quiet", global.quiet, "No progress or summaries on stderr");
  app.require_subcommand(1);
  app.fallthrough();
  app.footer(kExitCodeHelp);

  std::vector<Command> commands;
  commands.push_back(AddHashCommand(app, global));
  commands.push_back(AddLoadCommand(app, global));
  commands.push_back(AddGenerateCommand(app, global));
  commands.push_back(AddResolveCommand(app, global));
  commands.push_back(AddExplainCommand(app, global));
  commands.push_back(AddEvaluateCommand(app, global));
  commands.push_back(AddNamesCommand(app, global));
  commands.push_back(AddAnalyseCommand(app, global));
  commands.push_back(AddRunCommand(app, global));
  commands.push_back(AddFlowsCommand(app, global));
  commands.push_back(AddPathsCommand(app, global));
  commands.push_back(AddChartCommand(app, global));
  for (Command& command : commands) {
    command.app->fallthrough();
    command.app->footer(command.app->get_footer() + "\n" + kExitCodeHelp);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    const int code = app.exit(error);
    return code == 0 ? kExitOk : kExitUsage;
  }

  try {
    const parallel::ThreadLimit limit(global.threads);
    for (Command& command : commands) {
      if (command.app->parsed()) return command.run();
    }
    return kExitUsage;
  } catch (const UsageError& error) {
    std::cerr << "corridor: " << error.what() << '\n';
    return kExitUsage;
  } catch (const InvalidInput& error) {
    std::cerr << "corridor: " << error.what() << '\n';
    return kExitBadInput;
  } catch (const IoError& error) {
    std::cerr << "corridor: I/O error: " << error.what() << '\n';
    return kExitIoError;
  } catch (const std::bad_alloc&) {
    std::cerr << "corridor: out of memory\n";
    return kExitInternalError;
  } catch (const std::exception& error) {
    std::cerr << "corridor: " << error.what() << " (please report this)\n";
    return kExitInternalError;
  }
}

}  // namespace
}  // namespace corridor::cli

int main(int argc, char** argv) { return corridor::cli::Main(argc, argv); }
