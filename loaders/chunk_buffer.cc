#include "loaders/chunk_buffer.h"

#include <algorithm>
#include <cstring>

namespace corridor {

ChunkBuffer::ChunkBuffer(const std::string& path, std::size_t chunk_bytes,
                         std::uint64_t start_offset, bool hash)
    : file(path, start_offset, hash),
      bytes(std::max<std::size_t>(chunk_bytes, 64)),
      offset(start_offset) {}

bool ChunkBuffer::Fill() {
  if (eof) return false;
  if (begin > 0) {
    std::memmove(bytes.data(), bytes.data() + begin, end - begin);
    offset += begin;
    end -= begin;
    begin = 0;
  }
  if (end == bytes.size()) bytes.resize(bytes.size() * 2);
  const std::size_t got = file.Read(bytes.data() + end, bytes.size() - end);
  if (got == 0) eof = true;
  end += got;
  return got > 0;
}

void ChunkBuffer::SkipBom() {
  if (offset == 0 && begin == 0 && end >= 3 && std::memcmp(bytes.data(), "\xEF\xBB\xBF", 3) == 0) {
    begin = 3;
  }
}

}  // namespace corridor
