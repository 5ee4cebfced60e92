#pragma once
// What loading a case produces: every record with its provenance, every row that could not be
// used with its reason, per-source digests and counts, and analysts' judgements. The
// invariant, per source: rows = loaded + rejected. Nothing read is dropped without a trace.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "engine/ids.h"
#include "engine/provenance.h"
#include "engine/record.h"

namespace corridor {

struct Reject {
  SourceIndex source = kNoId;
  std::uint64_t line = 0;
  std::uint64_t byte_offset = 0;
  std::string reason;
  std::string raw;  // the row as read, cut at kMaxRawBytes
};
inline constexpr std::size_t kMaxRawBytes = 4096;

struct SourceReport {
  SourceInfo info;            // path, SHA-256, bytes, rows, loaded, rejected
  std::string name;           // short unique name, used in generated record ids
  std::string format;         // csv, jsonl, ftm, judgements
  std::string kind;           // record kind mapped, empty for ftm and judgements
  std::string region;         // default phone region of its numbers, the case's if not set
  std::uint64_t records = 0;  // records produced (a row may yield several)
  // Counts of kept rows with a problem in an optional value, by kind of problem
  // ("invalid_time", "invalid_number", "repaired_utf8", "duplicate_id", "blank_lines", ...).
  std::map<std::string, std::uint64_t> warnings;
  std::map<std::string, std::uint64_t> ignored_schemata;  // FtM only
};

struct Judgement {
  RecordIndex a = kNoId;
  RecordIndex b = kNoId;
  bool same = false;  // false: "different" (cannot-link)
  RecordRef ref;      // the judgements file row
};

struct CaseData {
  std::string name;
  std::string case_path;
  std::string region;
  RecordTable records;
  std::vector<SourceReport> sources;
  std::vector<Reject> rejects;  // ordered by source, then line
  std::vector<Judgement> judgements;
};

}  // namespace corridor
