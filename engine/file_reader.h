#pragma once
// Streams a file in large chunks while computing its SHA-256 and byte count, so the digest in
// the manifest is of exactly the bytes that were parsed, read once; a file several threads
// parse in stretches is read once more, in order, for its digest (SharedFileDigest).

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "engine/sha256.h"

namespace corridor {

class HashingFileReader {
 public:
  // Throws InvalidInput naming the path if the file cannot be opened. A reader starting past
  // the first byte (one thread's stretch of a large file) reads from there and has no digest,
  // nor has one told not to hash (the first stretch of a file a SharedFileDigest hashes).
  explicit HashingFileReader(std::string path, std::uint64_t start_offset = 0, bool hash = true);
  ~HashingFileReader();
  HashingFileReader(const HashingFileReader&) = delete;
  HashingFileReader& operator=(const HashingFileReader&) = delete;

  // Reads up to `capacity` bytes into `out`; returns 0 at end of file. Throws InvalidInput
  // if the read fails.
  std::size_t Read(char* out, std::size_t capacity);

  const std::string& path() const { return path_; }
  std::uint64_t bytes_read() const { return bytes_read_; }
  std::uint64_t total_bytes() const { return total_bytes_; }
  // Valid once Read has returned 0, for a reader that started at the first byte.
  std::string FinishDigest();

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
  Sha256 sha_;
  std::uint64_t bytes_read_ = 0;
  std::uint64_t total_bytes_ = 0;
  bool hashing_ = true;
};

// The SHA-256 of a file several threads parse in stretches. The hash is sequential, so left to
// the thread with the first stretch it would run on alone after the others finish; instead
// each thread reports the bytes it parsed, and one that finds the digest behind the file's
// bytes parsed so far, with no other thread hashing, hashes on up to them. The hash is so
// shared out between the threads in step with the parsing, whatever the two rates are.
class SharedFileDigest {
 public:
  // Throws InvalidInput naming the path if the file cannot be opened.
  explicit SharedFileDigest(std::string path);

  // Thread-safe.
  void Parsed(std::uint64_t bytes);
  // Hashes the rest of the file and returns its digest and size; once, after every Parsed.
  struct Result {
    std::string sha256_hex;
    std::uint64_t bytes = 0;
  };
  Result Finish();

 private:
  // Hashes on while the digest is behind target() bytes; the caller holds mutex_.
  template <typename Target>
  void HashUpTo(const Target& target);

  std::atomic<std::uint64_t> parsed_{0};
  std::mutex mutex_;
  HashingFileReader reader_;
  std::vector<char> buffer_;
  bool at_end_ = false;
};

struct FileDigest {
  std::string sha256_hex;
  std::uint64_t bytes = 0;
  std::uint64_t lines = 0;  // count of '\n', plus one for a final unterminated line
};

// Reads `path` once, calling `on_progress(bytes_done, bytes_total)` after each chunk.
// Throws InvalidInput if the file is missing or unreadable.
FileDigest DigestFile(const std::string& path,
                      const std::function<void(std::uint64_t, std::uint64_t)>& on_progress = {});

}  // namespace corridor
