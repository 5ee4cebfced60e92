#include "loaders/line_reader.h"

#include <algorithm>
#include <cstring>

namespace corridor {

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes, std::size_t chunk_bytes)
    : file_(path),
      max_line_bytes_(max_line_bytes),
      buffer_(std::max<std::size_t>(chunk_bytes, 64)) {}

bool LineReader::Fill() {
  if (eof_) return false;
  if (begin_ > 0) {
    std::memmove(buffer_.data(), buffer_.data() + begin_, end_ - begin_);
    buffer_offset_ += begin_;
    end_ -= begin_;
    begin_ = 0;
  }
  if (end_ == buffer_.size()) buffer_.resize(buffer_.size() * 2);
  const std::size_t got = file_.Read(buffer_.data() + end_, buffer_.size() - end_);
  if (got == 0) eof_ = true;
  end_ += got;
  return got > 0;
}

bool LineReader::Next(Line& line) {
  if (!started_) {
    started_ = true;
    Fill();
    if (end_ >= 3 && std::memcmp(buffer_.data(), "\xEF\xBB\xBF", 3) == 0) begin_ = 3;
  }
  if (begin_ == end_ && !Fill()) return false;
  ++line_;
  line.number = line_;
  line.byte_offset = buffer_offset_ + begin_;
  line.too_long = false;
  for (;;) {
    const void* found = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
    if (found != nullptr) {
      const auto stop = static_cast<std::size_t>(static_cast<const char*>(found) - buffer_.data());
      std::size_t text_end = stop;
      if (text_end > begin_ && buffer_[text_end - 1] == '\r') --text_end;
      line.text = std::string_view(buffer_.data() + begin_, text_end - begin_);
      begin_ = stop + 1;
      return true;
    }
    if (eof_) {
      std::size_t text_end = end_;
      if (text_end > begin_ && buffer_[text_end - 1] == '\r') --text_end;
      line.text = std::string_view(buffer_.data() + begin_, text_end - begin_);
      begin_ = end_;
      return true;
    }
    if (end_ - begin_ > max_line_bytes_) {
      // Keep a prefix for the rejects file and skip to the line's end without storing it.
      long_line_.assign(buffer_.data() + begin_, std::min<std::size_t>(4096, end_ - begin_));
      line.too_long = true;
      begin_ = end_;
      for (;;) {
        if (!Fill()) break;
        const void* newline = std::memchr(buffer_.data() + begin_, '\n', end_ - begin_);
        if (newline != nullptr) {
          begin_ = static_cast<std::size_t>(static_cast<const char*>(newline) - buffer_.data()) + 1;
          break;
        }
        begin_ = end_;
      }
      line.text = long_line_;
      return true;
    }
    Fill();
  }
}

}  // namespace corridor
