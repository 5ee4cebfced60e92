#include "engine/record_finder.h"

#include <algorithm>

namespace corridor {

RecordIndex RecordFinder::FindInRow(RecordIndex from, StringId ref) const {
  const std::string_view id = records_.strings().View(ref);
  if (id.empty()) return kNoId;
  const RecordRef& row = records_.ref(from);
  constexpr RecordIndex kRowSpan = 4;  // records one row yields, at most, either side
  const RecordIndex lo = from > kRowSpan ? from - kRowSpan : 0;
  const RecordIndex hi =
      static_cast<RecordIndex>(std::min<std::size_t>(records_.size(), from + kRowSpan + 1));
  for (RecordIndex r = lo; r < hi; ++r) {
    const RecordRef& other = records_.ref(r);
    if (other.source != row.source || other.line != row.line || r == from) continue;
    const std::string_view candidate = records_.record_id(r);
    // A repeated id was made unique as "<id>@<source>:<line>" after the row named it.
    if (candidate == id || (candidate.starts_with(id) && candidate.size() > id.size() &&
                            candidate[id.size()] == '@')) {
      return r;
    }
  }
  return kNoId;
}

RecordIndex RecordFinder::Find(RecordIndex from, StringId ref) {
  const std::string_view id = records_.strings().View(ref);
  if (id.empty()) return kNoId;
  const RecordIndex in_row = FindInRow(from, ref);
  if (in_row != kNoId) return in_row;
  if (index_.empty()) {
    index_.reserve(records_.size());
    for (RecordIndex r = 0; r < records_.size(); ++r) index_.try_emplace(records_.record_id(r), r);
  }
  const auto it = index_.find(id);
  return it == index_.end() ? kNoId : it->second;
}

}  // namespace corridor
