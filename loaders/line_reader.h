#pragma once
// Streams a file line by line (LF or CRLF, UTF-8 byte order mark skipped), hashing as it reads,
// for JSON lines and FtM input. A line over the limit is returned truncated with `too_long`
// set, and reading resumes after it, so memory stays bounded by the limit.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "loaders/chunk_buffer.h"

namespace corridor {

struct Line {
  std::string_view text;  // without the line end; valid until the next call
  std::uint64_t number = 0;
  std::uint64_t byte_offset = 0;
  bool too_long = false;
};

class LineReader {
 public:
  LineReader(const std::string& path, std::size_t max_line_bytes = std::size_t{64} << 20,
             std::size_t chunk_bytes = std::size_t{1} << 20);

  bool Next(Line& line);

  std::uint64_t bytes_read() const { return in_.file.bytes_read(); }
  std::uint64_t total_bytes() const { return in_.file.total_bytes(); }
  std::string FinishDigest() { return in_.file.FinishDigest(); }

 private:
  ChunkBuffer in_;
  std::size_t max_line_bytes_;
  std::uint64_t line_ = 0;
  bool started_ = false;
  std::string long_line_;
};

}  // namespace corridor
