#include "engine/csv_writer.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <new>

#include "engine/errors.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
// Direct writes must start at an aligned address and file offset and cover whole blocks of the
// device; 4 KiB covers the 512-byte and 4 KiB sectors of common disks.
constexpr std::size_t kAlignment = 4096;
constexpr std::size_t kBlockBytes = std::size_t{8} << 20;

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
  constexpr int kFlags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
#ifdef O_DIRECT
  fd_ = ::open(path_.c_str(), kFlags | O_DIRECT, 0666);
  direct_ = fd_ >= 0;
#endif
  if (fd_ < 0) fd_ = ::open(path_.c_str(), kFlags, 0666);  // EINVAL: no direct I/O here
  if (fd_ < 0) throw IoError(path_, std::string("cannot create: ") + std::strerror(errno));
  block_.reset(static_cast<char*>(::operator new (kBlockBytes, std::align_val_t{kAlignment})));
  buffer_.reserve(kFlushBytes + 4096);
}

void CsvWriter::AlignedFree::operator()(char* block) const {
  ::operator delete (block, std::align_val_t{kAlignment});
}

CsvWriter::~CsvWriter() {
  if (fd_ < 0) return;
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
  Flush();
  Put(rows);
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
  Put(buffer_);
  buffer_.clear();
}

void CsvWriter::Put(std::string_view bytes) {
  sha_.Update(bytes);
  bytes_ += bytes.size();
  while (!bytes.empty()) {
    const std::size_t take = std::min(bytes.size(), kBlockBytes - block_used_);
    std::memcpy(block_.get() + block_used_, bytes.data(), take);
    block_used_ += take;
    bytes.remove_prefix(take);
    if (block_used_ == kBlockBytes) {
      Write(block_.get(), kBlockBytes);
      block_used_ = 0;
    }
  }
}

void CsvWriter::Write(const char* data, std::size_t size) {
  while (size > 0) {
    const ::ssize_t written = ::write(fd_, data, size);
    if (written < 0) {
      if (errno == EINTR) continue;
      if (errno == EINVAL && direct_) {  // a file system that opens direct but will not write so
        StopDirect();
        continue;
      }
      throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
    }
    const auto done = static_cast<std::size_t>(written);
    // A short direct write leaves the next one unaligned.
    if (direct_ && done % kAlignment != 0) StopDirect();
    data += done;
    size -= done;
  }
}

void CsvWriter::StopDirect() {
#ifdef O_DIRECT
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) < 0) {
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
  }
#endif
  direct_ = false;
}

void CsvWriter::Close() {
  if (fd_ < 0) return;
  const int fd = fd_;
  try {
    Flush();
    const std::size_t aligned = direct_ ? block_used_ - block_used_ % kAlignment : 0;
    Write(block_.get(), aligned);
    if (aligned < block_used_) {
      if (direct_) StopDirect();
      Write(block_.get() + aligned, block_used_ - aligned);
    }
    block_used_ = 0;
  } catch (const IoError&) {
    fd_ = -1;
    ::close(fd);
    throw;
  }
  fd_ = -1;
  sha256_hex_ = Sha256::Hex(sha_.Finish());
  if (::close(fd) != 0) throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
}

}  // namespace corridor
