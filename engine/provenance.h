#pragma once
// Chain of custody. Every record points back to the exact bytes it came from, and every source
// carries the digest of the file as read, so a link on a chart can be cited as
// "file, line, byte offset" and the file itself verified against the run's manifest.

#include <cstdint>
#include <string>

#include "engine/ids.h"

namespace corridor {

struct RecordRef {
  SourceIndex source = kNoId;
  std::uint32_t line = 0;         // 1-based line where the row starts
  std::uint64_t byte_offset = 0;  // offset of the row's first byte in the file

  friend auto operator<=>(const RecordRef&, const RecordRef&) = default;
};

struct SourceInfo {
  std::string path;        // as named in the case file
  std::string sha256_hex;  // of the bytes actually read
  std::uint64_t bytes = 0;
  std::uint64_t rows = 0;
  std::uint64_t loaded = 0;
  std::uint64_t rejected = 0;
};

}  // namespace corridor
