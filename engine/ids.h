#pragma once
// Dense integer ids shared by every layer. Nodes, records, strings and sources are numbered
// 0..n-1 so that per-item data lives in flat arrays indexed by id; edge offsets are 64-bit
// because a projection of a large case can exceed 2^32 arcs.

#include <cstdint>
#include <limits>

namespace corridor {

using NodeId = std::uint32_t;
using EdgeOffset = std::uint64_t;
using RecordIndex = std::uint32_t;
using EntityId = std::uint32_t;
using SourceIndex = std::uint32_t;
using StringId = std::uint32_t;

inline constexpr std::uint32_t kNoId = std::numeric_limits<std::uint32_t>::max();

}  // namespace corridor
