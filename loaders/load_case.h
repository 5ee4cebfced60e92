#pragma once
// Loads every source of a case into one RecordTable with provenance, collecting rejects and
// per-source reports, then the judgements. Sources are checked first (files exist, CSV
// headers hold every mapped column), so a mapping error stops the run before any data is
// read. Sources then load in parallel, each into its own table, merged in case-file order:
// the result does not depend on the thread count. Large files stream; memory grows with the
// records kept, not with file size.

#include <cstdint>
#include <functional>
#include <span>
#include <vector>

#include "engine/case_data.h"
#include "loaders/case_file.h"

namespace corridor {

struct LoadOptions {
  // Called with (bytes read, total bytes) across all sources, never concurrently.
  std::function<void(std::uint64_t, std::uint64_t)> on_progress;
  std::size_t max_field_bytes = std::size_t{1} << 20;
  // On several threads, a CSV source is cut for loading into pieces of at least this many
  // bytes (more when the case is large: an eighth of each thread's share), rounded up to 4 KiB.
  // Tests set it small to cut small files.
  std::uint64_t min_piece_bytes = std::uint64_t{4} << 20;
};

// Splits sources of these byte sizes into `groups` (at most their number) contiguous
// non-empty runs, one per loading thread, whose largest byte total is the least possible
// (among such splits, the one whose last run starts earliest, then likewise for the runs
// before it); returns each run's first source, then the source count.
std::vector<std::size_t> BalancedGroups(std::span<const std::uint64_t> bytes, std::size_t groups);

// How a load went, beside what it loaded: these vary with the thread count.
struct LoadStats {
  std::size_t stretches = 0;            // sources and stretches of cut sources, each one read
  std::size_t restarted_stretches = 0;  // read again: their cut fell inside a quoted field
};

// Throws InvalidInput for a missing or unreadable source, a CSV header lacking a mapped
// column, a malformed judgements header, or a cut source changed while it was read;
// row-level problems become rejects.
CaseData LoadCase(const CaseFile& case_file, const LoadOptions& options = {},
                  LoadStats* stats = nullptr);

}  // namespace corridor
