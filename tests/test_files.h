#pragma once
// Fixtures are written by the tests themselves into a fresh temporary folder, so the suite
// needs nothing outside tests/ and leaves nothing behind.

#include <filesystem>
#include <string>
#include <string_view>

namespace corridor::testing {

class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  // Writes `bytes` to `name` inside the folder and returns the full path.
  std::string Write(const std::string& name, std::string_view bytes) const;

 private:
  std::filesystem::path path_;
};

std::string ReadFile(const std::string& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

// Runs a shell command line (quoted by the caller) with no input and captures its output.
CommandResult RunCommand(const std::string& command);
// Runs the corridor binary with `args` (shell-quoted by the caller) and captures its output.
CommandResult RunCorridor(const std::string& args);

// The escaping of the tests' Python dump scripts (their esc()): backslash, LF, CR and tab as
// \\, \n, \r and \t, so one dumped line holds any text.
std::string EscapeDumpText(std::string_view text);

}  // namespace corridor::testing
