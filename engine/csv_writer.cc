#include "engine/csv_writer.h"

#include <fcntl.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/magic.h>
#include <sys/vfs.h>
#endif

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <new>
#include <utility>

#include "engine/errors.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
// Direct writes must start at an aligned address and file offset and cover whole blocks of the
// device; 4 KiB covers the 512-byte and 4 KiB sectors of common disks.
constexpr std::size_t kAlignment = 4096;
constexpr std::size_t kBlockBytes = std::size_t{8} << 20;

// Plain ASCII with nothing to quote: the common case, written as is after one pass. Eight bytes
// are tested at a time (a records.csv of gigabytes passes through here byte by byte otherwise):
// a byte with its high bit set, or equal to one of the four specials.
bool IsPlain(std::string_view value) {
  if (!value.empty() && (value.front() == ' ' || value.back() == ' ')) return false;
  constexpr std::uint64_t kOnes = 0x0101010101010101u, kHighs = 0x8080808080808080u;
  const auto has_zero_byte = [](std::uint64_t word) { return (word - kOnes) & ~word & kHighs; };
  std::size_t i = 0;
  for (; i + 8 <= value.size(); i += 8) {
    std::uint64_t word;
    std::memcpy(&word, value.data() + i, 8);
    if ((word & kHighs) != 0 || has_zero_byte(word ^ (kOnes * ',')) != 0 ||
        has_zero_byte(word ^ (kOnes * '"')) != 0 || has_zero_byte(word ^ (kOnes * '\r')) != 0 ||
        has_zero_byte(word ^ (kOnes * '\n')) != 0) {
      return false;
    }
  }
  for (; i < value.size(); ++i) {
    const char c = value[i];
    if (static_cast<unsigned char>(c) >= 0x80 || c == ',' || c == '"' || c == '\r' || c == '\n') {
      return false;
    }
  }
  return true;
}

bool NeedsQuotes(std::string_view value) {
  if (value.empty()) return false;
  if (value.front() == ' ' || value.back() == ' ') return true;
  return value.find_first_of(",\"\r\n") != std::string_view::npos;
}

}  // namespace

CsvWriter::CsvWriter(std::string path, WriteMode mode) : path_(std::move(path)) {
  // Memory first: a constructor that throws after the open would leak the descriptor.
  block_.reset(static_cast<char*>(::operator new (kBlockBytes, std::align_val_t{kAlignment})));
  buffer_.reserve(kFlushBytes + 4096);
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd_ < 0) throw IoError(path_, std::string("cannot create: ") + std::strerror(errno));
  if (mode == WriteMode::kDirectOnLocalDisks) StartDirect();
}

void CsvWriter::StartDirect() {
#if defined(__linux__) && defined(O_DIRECT)
  struct statfs info {};
  if (::fstatfs(fd_, &info) != 0) return;
  const auto type = static_cast<unsigned long>(info.f_type);
  if (type != EXT4_SUPER_MAGIC && type != XFS_SUPER_MAGIC && type != BTRFS_SUPER_MAGIC) return;
  const int flags = ::fcntl(fd_, F_GETFL);
  direct_ = flags >= 0 && ::fcntl(fd_, F_SETFL, flags | O_DIRECT) == 0;
#endif
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
      Fail("write failed: ");
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
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_DIRECT) < 0) Fail("write failed: ");
#endif
  direct_ = false;
}

void CsvWriter::Fail(const char* what) {
  failed_ = true;
  throw IoError(path_, what + std::string(std::strerror(errno)));
}

void CsvWriter::Close() {
  if (fd_ < 0) return;
  if (failed_) {
    ::close(std::exchange(fd_, -1));
    throw IoError(path_, "write failed: the file is incomplete");
  }
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
    ::close(std::exchange(fd_, -1));
    throw;
  }
  sha256_hex_ = Sha256::Hex(sha_.Finish());
  if (::close(std::exchange(fd_, -1)) != 0) Fail("write failed: ");
}

}  // namespace corridor
