#pragma once
// Buffered CSV output after RFC 4180: a field is quoted when it holds the delimiter, a quote,
// CR or LF, or leading/trailing spaces, with quotes doubled; rows end in LF. Invalid UTF-8 is
// written as U+FFFD so every output file is valid UTF-8 whatever the input was. The file's
// SHA-256 is computed as it is written, for the run's manifest.
//
// On a local disk (ext4, XFS, Btrfs) the file is written past the page cache (O_DIRECT, in
// aligned blocks, the unaligned tail buffered): outputs run to gigabytes that no one reads back
// at once, and on this project's Debian VM the kernel's copying into the cache cost three times
// the disk's own time (a 4 GB file: 15.6 s buffered, 4.8 s direct, `dd`). Elsewhere (tmpfs,
// where nothing is saved; NFS, where each direct write is a synchronous trip to the server), or
// if a direct write is refused, the file is written through the cache as usual.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "engine/sha256.h"

namespace corridor {

enum class WriteMode : std::uint8_t {
  kDirectOnLocalDisks,
  kBuffered,
};

class CsvWriter {
 public:
  // Throws IoError naming the path if the file cannot be created.
  explicit CsvWriter(std::string path, WriteMode mode = WriteMode::kDirectOnLocalDisks);
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  void Field(std::string_view value);
  void Field(std::uint64_t value);
  void EndRow();
  // Appends complete rows formatted elsewhere (with AppendCsvField), e.g. by parallel workers.
  void Rows(std::string_view rows);
  // Flushes and closes; throws IoError if any write failed (disk full). Called by the
  // destructor if not before, which then cannot report failure.
  void Close();

  // SHA-256 (hex) and size of everything written; valid after Close.
  const std::string& sha256_hex() const { return sha256_hex_; }
  std::uint64_t bytes() const { return bytes_; }

  const std::string& path() const { return path_; }
  // Whether the file is open for direct writes (O_DIRECT) at the moment.
  bool direct() const { return direct_; }

 private:
  struct AlignedFree {
    void operator()(char* block) const;
  };

  void Flush();
  // Appends to the block, writing it out each time it fills.
  void Put(std::string_view bytes);
  void Write(const char* data, std::size_t size);
  void StartDirect();
  void StopDirect();
  [[noreturn]] void Fail(const char* what);

  std::string path_;
  int fd_ = -1;
  bool direct_ = false;
  // A write failed: part of a block may be on disk, so nothing more is written.
  bool failed_ = false;
  std::string buffer_;  // rows written field by field, gathered before they reach the block
  std::unique_ptr<char, AlignedFree> block_;
  std::size_t block_used_ = 0;
  bool row_started_ = false;
  Sha256 sha_;
  std::string sha256_hex_;
  std::uint64_t bytes_ = 0;
};

// Appends one field as CsvWriter::Field writes it (quoted if needed, UTF-8 repaired), without
// the separator.
void AppendCsvField(std::string& out, std::string_view value);

}  // namespace corridor
