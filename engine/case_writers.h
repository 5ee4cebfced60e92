#pragma once
// Writers for the outputs of loading: records.csv, rejects.csv and manifest.json
// (DESIGN.md section 5). CSV output is byte-identical for identical input; the manifest adds
// timings, which are the only part that varies between runs.

#include <map>
#include <span>
#include <string>
#include <vector>

#include "engine/case_data.h"

namespace corridor {

// One row per record: source, line, byte_offset, record_id, kind, time_iso (parsed), then
// one column per field that any record uses, in vocabulary order; repeated values of a field
// are joined with " | ". After resolution, a last column entity_id names each record's entity
// ("E" and its number; empty for events).
struct WrittenFile {
  std::string path;
  std::string sha256_hex;
  std::uint64_t bytes = 0;
};

WrittenFile WriteRecordsCsv(const std::string& path, const CaseData& data,
                            std::span<const EntityId> entity_of_record = {});

// How entity ids are written: "E" and the dense entity number.
std::string EntityLabel(EntityId entity);

// One row per reject: source, line, byte_offset, reason, raw.
WrittenFile WriteRejectsCsv(const std::string& path, const CaseData& data);

struct ManifestExtras {
  std::string command;                         // e.g. "load"
  std::map<std::string, std::string> options;  // as given on the command line
  std::map<std::string, double> timings_s;     // stage -> seconds
  std::vector<WrittenFile> outputs;            // files written, with their digests
};

void WriteManifest(const std::string& path, const CaseData& data, const ManifestExtras& extras);

}  // namespace corridor
