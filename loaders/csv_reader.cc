#include "loaders/csv_reader.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstring>

#include "engine/errors.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

constexpr std::size_t kMaxRowBytesFactor = 64;  // a row may hold up to 64 maximal fields
constexpr std::size_t kRawPrefixBytes = 4096;

bool IsBlank(char c, char delimiter) { return (c == ' ' || c == '\t') && c != delimiter; }

constexpr std::uint64_t kEveryByte = 0x0101'0101'0101'0101;
constexpr std::uint64_t kHighBits = 0x8080'8080'8080'8080;

// The high bit of each zero byte of `word`, and maybe of higher bytes after the lowest zero
// byte (a borrow); the lowest flagged byte is always a zero byte, which is all FirstSpecial
// needs.
std::uint64_t ZeroBytes(std::uint64_t word) { return (word - kEveryByte) & ~word & kHighBits; }

// The first byte in [i, end) that ends or complicates an unquoted field: the delimiter, a
// newline, a quote, NUL or a non-ASCII byte; `end` if none. Eight bytes a step: fields are
// short, but rows are long enough that a byte at a time was the reader's main cost.
std::size_t FirstSpecial(const char* data, std::size_t i, std::size_t end, char delimiter) {
  const std::uint64_t delimiters = kEveryByte * static_cast<unsigned char>(delimiter);
  for (; i + 8 <= end; i += 8) {
    std::uint64_t word;
    std::memcpy(&word, data + i, 8);
    // The lowest byte first in memory, so the lowest flagged byte is the first in the text.
    if constexpr (std::endian::native == std::endian::big) word = __builtin_bswap64(word);
    const std::uint64_t found =
        ZeroBytes(word ^ delimiters) | ZeroBytes(word ^ (kEveryByte * '\n')) |
        ZeroBytes(word ^ (kEveryByte * '"')) | ZeroBytes(word) | (word & kHighBits);
    if (found != 0) return i + static_cast<std::size_t>(std::countr_zero(found) / 8);
  }
  for (; i < end; ++i) {
    const auto c = static_cast<unsigned char>(data[i]);
    if (c == static_cast<unsigned char>(delimiter) || c == '\n' || c == '"' || c == 0 ||
        c >= 0x80) {
      return i;
    }
  }
  return end;
}

}  // namespace

CsvReader::CsvReader(const std::string& path, const CsvOptions& options)
    : in_(path, options.chunk_bytes, options.start_offset, options.hash),
      options_(options),
      delimiter_(options.delimiter),
      line_(options.start_line) {
  if (options.start_offset > 0 && delimiter_ == '\0') {
    throw InternalError("a CSV stretch past the header needs its delimiter");
  }
}

std::string CsvReader::FinishDigest() {
  std::vector<char> rest(std::size_t{1} << 20);
  while (in_.file.Read(rest.data(), rest.size()) > 0) {
  }
  return in_.file.FinishDigest();
}

void CsvReader::DetectDelimiter() {
  // Count candidates outside quotes on the first line, as far as the first chunk holds it.
  static constexpr std::array<char, 4> kCandidates = {',', ';', '\t', '|'};
  std::array<std::size_t, 4> seen{};
  bool quoted = false;
  for (std::size_t i = in_.begin; i < in_.end && (quoted || in_.bytes[i] != '\n'); ++i) {
    const char c = in_.bytes[i];
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    for (std::size_t k = 0; k < kCandidates.size(); ++k) seen[k] += (c == kCandidates[k]);
  }
  const auto best = std::max_element(seen.begin(), seen.end());  // first wins a tie: ','
  delimiter_ = kCandidates[static_cast<std::size_t>(best - seen.begin())];
}

void CsvReader::AppendField(std::string_view text, bool trim_right) {
  if (trim_right) {
    while (!text.empty() && IsBlank(text.back(), delimiter_)) text.remove_suffix(1);
  }
  storage_.append(text);
}

void CsvReader::CheckFieldSizes(CsvRow& row) {
  row.fields = fields_;
  for (std::size_t k = 0; k < fields_.size(); ++k) {
    if (fields_[k].size() > options_.max_field_bytes) {
      row.error = "field " + std::to_string(k + 1) + " is " + std::to_string(fields_[k].size()) +
                  " bytes, over the limit of " + std::to_string(options_.max_field_bytes);
      row.fields = {};
      return;
    }
  }
}

bool CsvReader::Refill() {
  if (before_refill_) before_refill_();
  return in_.Fill();
}

bool CsvReader::ScanPlainRow(CsvRow& row) {
  const char* data = in_.bytes.data();
  fields_.clear();
  std::size_t i = in_.begin, row_end = 0, next = 0;
  for (;;) {
    const std::size_t field_start = i;
    if (i < in_.end && data[i] == '"') {
      // Quoted without doubled quotes or newlines (a cell "KHI-076, Karachi"): the field is the
      // text between the quotes. Anything else is ScanRow's.
      const std::size_t close = FirstSpecial(data, i + 1, in_.end, '"');
      if (close == in_.end || data[close] != '"') return false;
      fields_.emplace_back(data + i + 1, close - i - 1);
      i = close + 1;
      if (i == in_.end) {
        if (!in_.eof) return false;
        row_end = next = i;
        break;
      }
      // A CRLF ends the row before a CR can count as the delimiter, as in ScanRow.
      if (data[i] == '\r' && i + 1 < in_.end && data[i + 1] == '\n') ++i;
      if (data[i] == delimiter_) {
        ++i;
        continue;
      }
      if (data[i] != '\n') return false;
    } else {
      i = FirstSpecial(data, i, in_.end, delimiter_);
      if (i == in_.end) {
        if (!in_.eof) return false;  // the row may go on past the buffer
        // A last field ending the file loses a final CR, as in ScanRow; raw keeps it.
        const std::size_t stop = i > field_start && data[i - 1] == '\r' ? i - 1 : i;
        fields_.emplace_back(data + field_start, stop - field_start);
        row_end = next = i;
        break;
      }
      if (data[i] == delimiter_) {
        fields_.emplace_back(data + field_start, i - field_start);
        ++i;
        continue;
      }
      if (data[i] != '\n') return false;  // a quote inside the field, NUL or non-ASCII
      // A CR before the newline belongs to the line end, as in ScanRow.
      const std::size_t stop = i > field_start && data[i - 1] == '\r' ? i - 1 : i;
      fields_.emplace_back(data + field_start, stop - field_start);
    }
    row_end = i > in_.begin && data[i - 1] == '\r' ? i - 1 : i;
    next = i + 1;
    break;
  }
  row.line = line_;
  row.byte_offset = in_.offset + in_.begin;
  row.raw = std::string_view(data + in_.begin, row_end - in_.begin);
  row.error.clear();
  row.stable = true;
  line_ += 1;  // at the end of the file, past the last line: never read
  in_.begin = next;
  return true;
}

CsvReader::Scan CsvReader::ScanRow(CsvRow& row, std::size_t& row_end, std::size_t& next) {
  storage_.clear();
  field_ends_.clear();
  row.error.clear();
  row.stable = false;
  const char* data = in_.bytes.data();
  std::size_t i = in_.begin;
  std::uint64_t newlines_inside = 0;
  for (;;) {
    if (options_.trim) {
      while (i < in_.end && IsBlank(data[i], delimiter_)) ++i;
    }
    if (i < in_.end && data[i] == '"') {
      ++i;
      for (;;) {
        const void* found = std::memchr(data + i, '"', in_.end - i);
        if (found == nullptr) return in_.eof ? Scan::kUnterminated : Scan::kNeedMore;
        const std::size_t quote = static_cast<std::size_t>(static_cast<const char*>(found) - data);
        const std::string_view piece(data + i, quote - i);
        newlines_inside += static_cast<std::uint64_t>(std::count(piece.begin(), piece.end(), '\n'));
        storage_.append(piece);
        if (quote + 1 == in_.end && !in_.eof) return Scan::kNeedMore;
        if (quote + 1 < in_.end && data[quote + 1] == '"') {
          storage_.push_back('"');
          i = quote + 2;
          continue;
        }
        i = quote + 1;
        break;
      }
      if (options_.trim) {
        while (i < in_.end && IsBlank(data[i], delimiter_)) ++i;
      }
      if (i < in_.end && data[i] == '\r') {
        if (i + 1 == in_.end && !in_.eof) return Scan::kNeedMore;
        if (i + 1 < in_.end && data[i + 1] == '\n') ++i;
      }
      if (i < in_.end && data[i] != delimiter_ && data[i] != '\n' && row.error.empty()) {
        row.error =
            "text after the closing quote of field " + std::to_string(field_ends_.size() + 1);
        const void* newline = std::memchr(data + i, '\n', in_.end - i);
        if (newline == nullptr && !in_.eof) return Scan::kNeedMore;
        i = newline == nullptr ? in_.end
                               : static_cast<std::size_t>(static_cast<const char*>(newline) - data);
      }
    } else {
      const std::size_t start = i;
      while (i < in_.end && data[i] != delimiter_ && data[i] != '\n') ++i;
      if (i == in_.end && !in_.eof) return Scan::kNeedMore;
      std::size_t stop = i;
      if (stop > start && data[stop - 1] == '\r' && (i == in_.end || data[i] == '\n')) --stop;
      AppendField({data + start, stop - start}, options_.trim);
    }
    field_ends_.push_back(storage_.size());
    if (i >= in_.end) {
      row_end = in_.end;
      next = in_.end;
      break;
    }
    if (data[i] == delimiter_) {
      ++i;
      continue;
    }
    row_end = (i > in_.begin && data[i - 1] == '\r') ? i - 1 : i;
    next = i + 1;
    line_ += 1;
    break;
  }
  line_ += newlines_inside;
  return Scan::kRow;
}

void CsvReader::RejectFirstLine(CsvRow& row, std::uint64_t row_line, std::string reason) {
  row.line = row_line;
  row.byte_offset = position();
  row.error = std::move(reason);
  line_ = row_line + 1;
  std::string prefix;
  for (;;) {
    const void* found = std::memchr(in_.bytes.data() + in_.begin, '\n', in_.end - in_.begin);
    const std::size_t stop =
        found ? static_cast<std::size_t>(static_cast<const char*>(found) - in_.bytes.data())
              : in_.end;
    if (prefix.size() < kRawPrefixBytes) {
      prefix.append(in_.bytes.data() + in_.begin,
                    std::min(stop - in_.begin, kRawPrefixBytes - prefix.size()));
    }
    in_.begin = found ? stop + 1 : in_.end;
    if (found || !Refill()) break;
  }
  if (!prefix.empty() && prefix.back() == '\r') prefix.pop_back();
  storage_ = std::move(prefix);
  row.raw = storage_;
  row.fields = {};
  ++stats_.rows;
}

bool CsvReader::Next(CsvRow& row) {
  if (!started_) {
    started_ = true;
    in_.Fill();
    in_.SkipBom();
    if (delimiter_ == '\0') DetectDelimiter();
  }
  const std::size_t max_row_bytes = options_.max_field_bytes * kMaxRowBytesFactor;
  const auto too_long = [max_row_bytes] {
    return "row longer than " + std::to_string(max_row_bytes) + " bytes (unclosed quote?)";
  };
  for (;;) {
    if (position() >= options_.stop_offset) return false;
    if (in_.begin == in_.end && !Refill()) return false;
    const std::size_t row_begin = in_.begin;
    if (!options_.trim && ScanPlainRow(row)) {
      if (row.raw.empty()) {
        ++stats_.blank_lines;
        continue;
      }
      if (in_.begin - row_begin > max_row_bytes) {
        // A read that happened to hold the whole row; another would have stopped short.
        in_.begin = row_begin;
        RejectFirstLine(row, row.line, too_long());
        return true;
      }
      ++stats_.rows;
      CheckFieldSizes(row);
      return true;
    }
    const std::uint64_t row_line = line_;
    std::size_t row_end = 0, next = 0;
    Scan scan = ScanRow(row, row_end, next);
    while (scan == Scan::kNeedMore && in_.end - in_.begin <= max_row_bytes) {
      line_ = row_line;
      Refill();
      scan = ScanRow(row, row_end, next);
    }
    if (scan == Scan::kRow && next - in_.begin > max_row_bytes) scan = Scan::kNeedMore;
    if (scan != Scan::kRow) {
      // The row cannot be completed: reject its first physical line alone and resume on the
      // next, so one open quote costs one line, not the rest of the file.
      RejectFirstLine(
          row, row_line,
          scan == Scan::kUnterminated ? "quoted field not closed before end of file" : too_long());
      return true;
    }
    row.line = row_line;
    row.byte_offset = in_.offset + in_.begin;
    row.raw = std::string_view(in_.bytes.data() + in_.begin, row_end - in_.begin);
    in_.begin = next;
    if (row.raw.empty() && row.error.empty()) {
      ++stats_.blank_lines;
      continue;
    }
    ++stats_.rows;
    if (!row.error.empty()) {
      row.fields = {};
      return true;
    }
    // Fields are checked only when the row has a non-ASCII or NUL byte, the rare case.
    const bool suspicious = std::any_of(storage_.begin(), storage_.end(), [](char c) {
      return c == '\0' || static_cast<unsigned char>(c) >= 0x80;
    });
    if (suspicious) {
      if (storage_.find('\0') != std::string::npos) {
        const std::size_t at = storage_.find('\0');
        const auto field = std::upper_bound(field_ends_.begin(), field_ends_.end(), at);
        row.error = "NUL byte in field " + std::to_string(field - field_ends_.begin() + 1);
        row.fields = {};
        return true;
      }
      std::string repaired;
      std::size_t start = 0;
      for (std::size_t& end : field_ends_) {
        stats_.repaired_utf8 +=
            AppendRepairedUtf8(std::string_view(storage_).substr(start, end - start), repaired);
        start = end;
        end = repaired.size();
      }
      storage_ = std::move(repaired);
    }
    fields_.clear();
    std::size_t start = 0;
    for (const std::size_t end : field_ends_) {
      fields_.emplace_back(storage_.data() + start, end - start);
      start = end;
    }
    CheckFieldSizes(row);
    return true;
  }
}

}  // namespace corridor
