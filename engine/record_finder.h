#pragma once
// Record ids named by references: usually a record of the same row (a journey's passenger, a
// transfer's payee), sometimes any record of the case (FtM relations); the case-wide index is
// built on first need.

#include <string_view>
#include <unordered_map>

#include "engine/record.h"

namespace corridor {

class RecordFinder {
 public:
  explicit RecordFinder(const RecordTable& records) : records_(records) {}

  // The record `ref` names, looked for first in the row of `from`; kNoId if none.
  RecordIndex Find(RecordIndex from, StringId ref);
  // The same, in the row of `from` only.
  RecordIndex FindInRow(RecordIndex from, StringId ref) const;

 private:
  const RecordTable& records_;
  std::unordered_map<std::string_view, RecordIndex> index_;
};

}  // namespace corridor
