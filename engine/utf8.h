#pragma once
// UTF-8 checking and repair. Input files are repaired, never rejected, for bad encoding: each
// invalid sequence becomes U+FFFD and is counted, so output files are always valid UTF-8.

#include <cstddef>
#include <string>
#include <string_view>

namespace corridor {

// Replaces each invalid UTF-8 sequence in `text` by U+FFFD, appending to `out`; returns how
// many were replaced. Overlong forms, surrogates and code points above U+10FFFF are invalid.
std::size_t AppendRepairedUtf8(std::string_view text, std::string& out);

bool IsValidUtf8(std::string_view text);

}  // namespace corridor
