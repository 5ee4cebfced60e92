#pragma once
// A streaming CSV reader after RFC 4180, lenient where real dumps need it and strict where
// leniency would corrupt evidence.
//
// Accepts: quoted fields with doubled quotes and embedded newlines, CRLF or LF line ends, a
// UTF-8 byte order mark, `,` `;` tab or `|` delimiters (detected from the first line when not
// set: the candidate seen most often outside quotes), optional trimming of spaces and tabs
// around fields (the FEBRL files use ", "), a quote inside an unquoted field kept as text.
// Invalid UTF-8 is repaired to U+FFFD and counted. Blank lines are skipped and counted.
//
// Rejects, with a reason, but keeps reading: a NUL byte, text after a closing quote, a field
// over the size limit, and a row over the row limit (64 maximal fields) or with a quote left
// open at end of file (those two are rejected as their first physical line and reading
// resumes on the next line, so one stray quote cannot swallow the rest of the file). Whether
// a row is over the limit depends on its length alone, never on where the reads fell, so a
// stretch of the file read on its own gives the rows a whole read gives.
//
// Memory: one buffer that grows to the longest row. A row with no NUL or non-ASCII byte and
// no quoted field holding a doubled quote or a newline (most rows of most dumps), read
// without trimming, is not copied: its fields are views into that buffer, which stay valid
// until the buffer is refilled (CsvRow::stable, SetBeforeRefill). Other rows are unescaped
// into per-row storage valid until the next call to Next.

#include <cstdint>
#include <functional>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "loaders/chunk_buffer.h"

namespace corridor {

struct CsvOptions {
  char delimiter = '\0';  // '\0': detect from the first line
  bool trim = false;
  std::size_t max_field_bytes = std::size_t{1} << 20;
  std::size_t chunk_bytes = std::size_t{1} << 20;
  // One stretch of the file, for loading a large file on several threads: reading starts at
  // start_offset, which must be a row start on physical line start_line (past 0 the delimiter
  // must be set, and no byte order mark is looked for), and ends before the first row or
  // blank line that starts at or after stop_offset. A row starting before stop_offset is read
  // whole, however far past it it runs.
  std::uint64_t start_offset = 0;
  std::uint64_t start_line = 1;
  std::uint64_t stop_offset = std::numeric_limits<std::uint64_t>::max();
  // False: the reader has no digest, as another reader hashes the file (SharedFileDigest).
  bool hash = true;
};

struct CsvRow {
  std::span<const std::string_view> fields;
  std::uint64_t line = 0;         // 1-based physical line where the row starts
  std::uint64_t byte_offset = 0;  // of the row's first byte
  std::string_view raw;           // the row's bytes as read, without its line end
  std::string error;              // non-empty: the row is malformed and `fields` is empty
  // The views in `fields` and `raw` point into the read buffer and stay valid past the next
  // call to Next, until the reader refills its buffer; otherwise they are valid until the
  // next call to Next only. The `fields` span itself always changes with the next row.
  bool stable = false;
};

struct CsvStats {
  std::uint64_t rows = 0;  // rows returned, malformed included
  std::uint64_t blank_lines = 0;
  std::uint64_t repaired_utf8 = 0;  // invalid sequences replaced by U+FFFD
};

class CsvReader {
 public:
  // Throws InvalidInput if the file cannot be opened.
  CsvReader(const std::string& path, const CsvOptions& options);

  // Fills `row` with the next row; false at end of input or of the stretch (stop_offset).
  bool Next(CsvRow& row);
  // The file offset of the first byte not yet consumed: once Next has returned false, where
  // the next stretch of the file starts (the file's size at its end).
  std::uint64_t position() const { return in_.offset + in_.begin; }
  // Called just before the buffer is refilled, which ends the stable rows' views: a caller
  // holding such rows to process them together (a batch) processes them here.
  void SetBeforeRefill(std::function<void()> before_refill) {
    before_refill_ = std::move(before_refill);
  }

  char delimiter() const { return delimiter_; }
  const CsvStats& stats() const { return stats_; }
  std::uint64_t bytes_read() const { return in_.file.bytes_read(); }
  std::uint64_t total_bytes() const { return in_.file.total_bytes(); }
  // Digest of the whole file, reading on to its end if the stretch stopped short of it (after
  // which bytes_read counts the whole file); call after Next has returned false, on a reader
  // whose stretch starts at 0.
  std::string FinishDigest();

 private:
  enum class Scan { kRow, kNeedMore, kUnterminated };

  Scan ScanRow(CsvRow& row, std::size_t& row_end, std::size_t& next);
  // The row at the buffer's start if it is plain (no NUL or non-ASCII byte, no quoted field
  // with a doubled quote or a newline, no quote inside an unquoted field) and whole in the
  // buffer, as views into it; false, consuming nothing, for any other row.
  bool ScanPlainRow(CsvRow& row);
  bool Refill();
  // Points row.fields at fields_, or rejects the row if a field is over the size limit.
  void CheckFieldSizes(CsvRow& row);
  void DetectDelimiter();
  void AppendField(std::string_view text, bool trim_right);
  // Rejects the row starting at in_.begin, on physical line row_line, as its first physical
  // line alone, and resumes on the next line.
  void RejectFirstLine(CsvRow& row, std::uint64_t row_line, std::string reason);

  ChunkBuffer in_;
  CsvOptions options_;
  char delimiter_;
  bool started_ = false;
  std::uint64_t line_;   // physical line at in_.bytes[in_.begin]
  std::string storage_;  // unescaped field bytes of the current row
  std::vector<std::size_t> field_ends_;
  std::vector<std::string_view> fields_;
  CsvStats stats_;
  std::function<void()> before_refill_;
};

}  // namespace corridor
