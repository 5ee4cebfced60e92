#include "engine/csv_writer.h"

#include <cerrno>
#include <charconv>
#include <cstring>

#include "engine/errors.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;

// Plain ASCII with nothing to quote: the common case, written as is after one pass.
bool IsPlain(std::string_view value) {
  if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) return false;
  for (const char c : value) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n') return false;
  }
  return true;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return false;
  if (value.front() == ' ' || value.back() == ' ') return true;
  return value.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

CsvWriter::CsvWriter(std::string path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) throw IoError(path_, std::string("cannot create: ") + std::strerror(errno));
  buffer_.reserve(kFlushBytes + 4096);
}

CsvWriter::~CsvWriter() {
  if (file_ == nullptr) return;
  try {
    Close();
  } catch (const IoError&) {
    // Reported by an explicit Close; a destructor running during unwinding must not throw.
  }
}

void AppendCsvField(std::string& out, std::string_view value) {
  if (IsPlain(value)) {
    out.append(value);
    return;
  }
  std::string repaired;
  if (!IsValidUtf8(value)) {
    AppendRepairedUtf8(value, repaired);
    value = repaired;
  }
  if (!NeedsQuotes(value)) {
    out.append(value);
    return;
  }
  out.push_back('"');
  for (const char c : value) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void CsvWriter::Field(std::string_view value) {
  if (row_started_) buffer_.push_back(',');
  row_started_ = true;
  AppendCsvField(buffer_, value);
}

void CsvWriter::Rows(std::string_view rows) {
  if (row_started_) throw InternalError("CsvWriter::Rows inside a row");
  buffer_.append(rows);
  if (buffer_.size() >= kFlushBytes) Flush();
}

void CsvWriter::Field(std::uint64_t value) {
  if (row_started_) buffer_.push_back(',');
  row_started_ = true;
  char digits[24];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  buffer_.append(digits, result.ptr);
}

void CsvWriter::EndRow() {
  buffer_.push_back('\n');
  row_started_ = false;
  if (buffer_.size() >= kFlushBytes) Flush();
}

void CsvWriter::Flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
  }
  sha_.Update(buffer_);
  bytes_ += buffer_.size();
  buffer_.clear();
}

void CsvWriter::Close() {
  if (file_ == nullptr) return;
  std::FILE* file = file_;
  file_ = nullptr;
  const bool written =
      buffer_.empty() || std::fwrite(buffer_.data(), 1, buffer_.size(), file) == buffer_.size();
  sha_.Update(buffer_);
  bytes_ += buffer_.size();
  buffer_.clear();
  sha256_hex_ = Sha256::Hex(sha_.Finish());
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
  }
}

}  // namespace corridor
