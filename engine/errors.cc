#include "engine/errors.h"

#include <utility>

namespace corridor {
namespace {

std::string Describe(const std::string& file, std::uint64_t line, const std::string& field,
                     const std::string& reason) {
  // Built with append: GCC 12 raises a false -Wrestrict on `"literal" + std::string` here.
  std::string out = file;
  if (line != InvalidInput::kNoLine) out.append(":").append(std::to_string(line));
  if (!field.empty()) out.append(": field '").append(field).append("'");
  out.append(": ").append(reason);
  return out;
}

}  // namespace

InvalidInput::InvalidInput(std::string file, std::uint64_t line, std::string field,
                           const std::string& reason)
    : Error(Describe(file, line, field, reason)),
      file_(std::move(file)),
      line_(line),
      field_(std::move(field)) {}

InvalidInput::InvalidInput(std::string file, const std::string& reason)
    : InvalidInput(std::move(file), kNoLine, std::string(), reason) {}

IoError::IoError(std::string path, const std::string& reason)
    : Error(path + ": " + reason), path_(std::move(path)) {}

InternalError::InternalError(const std::string& what) : Error("internal error: " + what) {}

}  // namespace corridor
