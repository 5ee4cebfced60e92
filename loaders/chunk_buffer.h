#pragma once
// The read buffer the CSV and line readers share: the unconsumed bytes of a file, refilled in
// chunks as they are consumed and grown only when one unit (a row, a line) outgrows it. The
// file's SHA-256 is computed as it is read.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/file_reader.h"

namespace corridor {

struct ChunkBuffer {
  // Reads from `start_offset` on; past 0, or told not to hash, the file has no digest
  // (HashingFileReader).
  ChunkBuffer(const std::string& path, std::size_t chunk_bytes, std::uint64_t start_offset = 0,
              bool hash = true);

  // Moves the unconsumed bytes to the front and reads more after them, doubling the buffer
  // if it is full; false once the file is exhausted.
  bool Fill();
  // On the first fill: skips a UTF-8 byte order mark.
  void SkipBom();

  HashingFileReader file;
  std::vector<char> bytes;
  std::size_t begin = 0;     // first unconsumed byte
  std::size_t end = 0;       // one past the last valid byte
  std::uint64_t offset = 0;  // file offset of bytes[0]
  bool eof = false;
};

}  // namespace corridor
