#pragma once
// The exit codes of `corridor`, documented in the README and in `corridor --help`.

namespace corridor::cli {

enum ExitCode : int {
  kExitOk = 0,
  kExitUsage = 1,         // bad command line
  kExitBadInput = 2,      // input that stopped the run (missing file, invalid case file)
  kExitIoError = 3,       // reading or writing failed (permissions, disk full)
  kExitInternalError = 4  // a bug in Corridor: please report it
};

inline constexpr const char* kExitCodeHelp =
    "Exit codes: 0 ok, 1 bad usage, 2 bad input that stopped the run, 3 I/O error, "
    "4 internal error.";

}  // namespace corridor::cli
