#include "engine/file_reader.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <limits>
#include <vector>

#include "engine/errors.h"

namespace corridor {

HashingFileReader::HashingFileReader(std::string path, std::uint64_t start_offset, bool hash)
    : path_(std::move(path)), hashing_(start_offset == 0 && hash) {
  std::error_code error;
  if (std::filesystem::is_directory(path_, error)) throw InvalidInput(path_, "is a directory");
  file_ = std::fopen(path_.c_str(), "rb");
  if (file_ == nullptr)
    throw InvalidInput(path_, std::string("cannot open: ") + std::strerror(errno));
  total_bytes_ = std::filesystem::file_size(path_, error);
  if (error) total_bytes_ = 0;
  if (start_offset > 0 && fseeko(file_, static_cast<off_t>(start_offset), SEEK_SET) != 0) {
    const std::string reason = std::strerror(errno);
    std::fclose(file_);
    throw InvalidInput(path_,
                       "cannot seek to byte " + std::to_string(start_offset) + ": " + reason);
  }
}

HashingFileReader::~HashingFileReader() {
  if (file_ != nullptr) std::fclose(file_);
}

std::size_t HashingFileReader::Read(char* out, std::size_t capacity) {
  const std::size_t got = std::fread(out, 1, capacity, file_);
  if (got < capacity && std::ferror(file_)) {
    throw InvalidInput(path_, "read failed after " + std::to_string(bytes_read_) +
                                  " bytes: " + std::strerror(errno));
  }
  if (hashing_) sha_.Update({out, got});
  bytes_read_ += got;
  return got;
}

std::string HashingFileReader::FinishDigest() {
  if (!hashing_) throw InternalError("a digest of a file read from past its first byte");
  return Sha256::Hex(sha_.Finish());
}

SharedFileDigest::SharedFileDigest(std::string path)
    : reader_(std::move(path)), buffer_(std::size_t{1} << 20) {}

void SharedFileDigest::Parsed(std::uint64_t bytes) {
  parsed_.fetch_add(bytes);
  const std::unique_lock lock(mutex_, std::try_to_lock);
  if (lock.owns_lock()) HashUpTo([this] { return parsed_.load(); });
}

template <typename Target>
void SharedFileDigest::HashUpTo(const Target& target) {
  // The target is read again after each chunk: other threads' bytes reported meanwhile,
  // which found the lock taken, are hashed now rather than at their next report.
  while (!at_end_ && reader_.bytes_read() < target()) {
    at_end_ = reader_.Read(buffer_.data(), buffer_.size()) == 0;
  }
}

SharedFileDigest::Result SharedFileDigest::Finish() {
  const std::lock_guard lock(mutex_);
  HashUpTo([] { return std::numeric_limits<std::uint64_t>::max(); });
  return {reader_.FinishDigest(), reader_.bytes_read()};
}

FileDigest DigestFile(const std::string& path,
                      const std::function<void(std::uint64_t, std::uint64_t)>& on_progress) {
  HashingFileReader reader(path);
  FileDigest result;
  std::vector<char> buffer(std::size_t{1} << 20);
  char last = '\n';
  while (const std::size_t got = reader.Read(buffer.data(), buffer.size())) {
    result.lines +=
        static_cast<std::uint64_t>(std::count(buffer.data(), buffer.data() + got, '\n'));
    last = buffer[got - 1];
    if (on_progress) on_progress(reader.bytes_read(), reader.total_bytes());
  }
  if (last != '\n') ++result.lines;
  result.bytes = reader.bytes_read();
  result.sha256_hex = reader.FinishDigest();
  return result;
}

}  // namespace corridor
