#include "loaders/line_reader.h"

#include <algorithm>
#include <cstring>

namespace corridor {

LineReader::LineReader(const std::string& path, std::size_t max_line_bytes, std::size_t chunk_bytes)
    : in_(path, chunk_bytes), max_line_bytes_(max_line_bytes) {}

bool LineReader::Next(Line& line) {
  if (!started_) {
    started_ = true;
    in_.Fill();
    in_.SkipBom();
  }
  if (in_.begin == in_.end && !in_.Fill()) return false;
  ++line_;
  line.number = line_;
  line.byte_offset = in_.offset + in_.begin;
  line.too_long = false;
  for (;;) {
    const void* found = std::memchr(in_.bytes.data() + in_.begin, '\n', in_.end - in_.begin);
    if (found != nullptr) {
      const auto stop =
          static_cast<std::size_t>(static_cast<const char*>(found) - in_.bytes.data());
      std::size_t text_end = stop;
      if (text_end > in_.begin && in_.bytes[text_end - 1] == '\r') --text_end;
      line.text = std::string_view(in_.bytes.data() + in_.begin, text_end - in_.begin);
      in_.begin = stop + 1;
      return true;
    }
    if (in_.eof) {
      std::size_t text_end = in_.end;
      if (text_end > in_.begin && in_.bytes[text_end - 1] == '\r') --text_end;
      line.text = std::string_view(in_.bytes.data() + in_.begin, text_end - in_.begin);
      in_.begin = in_.end;
      return true;
    }
    if (in_.end - in_.begin > max_line_bytes_) {
      // Keep a prefix for the rejects file and skip to the line's end without storing it.
      long_line_.assign(in_.bytes.data() + in_.begin,
                        std::min<std::size_t>(4096, in_.end - in_.begin));
      line.too_long = true;
      in_.begin = in_.end;
      for (;;) {
        if (!in_.Fill()) break;
        const void* newline = std::memchr(in_.bytes.data() + in_.begin, '\n', in_.end - in_.begin);
        if (newline != nullptr) {
          in_.begin =
              static_cast<std::size_t>(static_cast<const char*>(newline) - in_.bytes.data()) + 1;
          break;
        }
        in_.begin = in_.end;
      }
      line.text = long_line_;
      return true;
    }
    in_.Fill();
  }
}

}  // namespace corridor
