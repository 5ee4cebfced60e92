#pragma once
// Event times as sources write them. Without declared formats a value must be ISO 8601 at any
// precision: "2024", "2024-02", "2024-02-03", "2024-02-03T21:30", "2024-02-03 21:30:15",
// optionally with fractional seconds and "Z" or a "+05:00" offset (converted to UTC).
// A source may declare strptime-style formats, tried in order: %Y %y %m %b %d %H %M %S %%,
// a space matching any run of spaces, other characters literally. The precision is the finest
// component the matching format names, so "%m/%Y" gives a month, never an invented day.

#include <span>
#include <string>
#include <string_view>

#include "engine/partial_time.h"

namespace corridor {

struct TimeParse {
  enum class Status { kEmpty, kOk, kInvalid };
  Status status = Status::kEmpty;
  PartialTime time;
};

TimeParse ParseTime(std::string_view text, std::span<const std::string> formats);

// Throws InvalidInput (naming no file) for a format with an unknown directive.
void CheckTimeFormat(std::string_view format);

}  // namespace corridor
