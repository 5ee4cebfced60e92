#pragma once
// Buffered CSV output after RFC 4180: a field is quoted when it holds the delimiter, a quote,
// CR or LF, or leading/trailing spaces, with quotes doubled; rows end in LF. Invalid UTF-8 is
// written as U+FFFD so every output file is valid UTF-8 whatever the input was. The file's
// SHA-256 is computed as it is written, for the run's manifest.

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "engine/sha256.h"

namespace corridor {

class CsvWriter {
 public:
  // Throws IoError naming the path if the file cannot be created.
  explicit CsvWriter(std::string path);
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

 private:
  void Flush();

  std::string path_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  bool row_started_ = false;
  Sha256 sha_;
  std::string sha256_hex_;
  std::uint64_t bytes_ = 0;
};

// Appends one field as CsvWriter::Field writes it (quoted if needed, UTF-8 repaired), without
// the separator.
void AppendCsvField(std::string& out, std::string_view value);

}  // namespace corridor
