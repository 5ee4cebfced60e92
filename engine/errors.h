#pragma once
// The small exception family of library code. Only the CLI catches these, prints them and
// chooses an exit code: InvalidInput -> 2, IoError -> 3, InternalError -> 4.

#include <cstdint>
#include <stdexcept>
#include <string>

namespace corridor {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Input that cannot be used: names the file, and where known the line and the field, so an
// analyst can open the file at the offending row.
class InvalidInput : public Error {
 public:
  static constexpr std::uint64_t kNoLine = 0;

  InvalidInput(std::string file, std::uint64_t line, std::string field, const std::string& reason);
  InvalidInput(std::string file, const std::string& reason);

  const std::string& file() const { return file_; }
  std::uint64_t line() const { return line_; }
  const std::string& field() const { return field_; }

 private:
  std::string file_;
  std::uint64_t line_;
  std::string field_;
};

// Reading or writing failed for reasons outside the data itself (permissions, disk full).
class IoError : public Error {
 public:
  IoError(std::string path, const std::string& reason);
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A broken invariant: a bug in Corridor, never a problem with the user's data.
class InternalError : public Error {
 public:
  explicit InternalError(const std::string& what);
};

}  // namespace corridor
