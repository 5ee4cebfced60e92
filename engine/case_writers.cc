#include "engine/case_writers.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <vector>

#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "engine/version.h"

namespace corridor {

std::string EntityLabel(EntityId entity) { return "E" + std::to_string(entity); }

WrittenFile WriteRecordsCsv(const std::string& path, const CaseData& data,
                            std::span<const EntityId> entity_of_record) {
  const RecordTable& records = data.records;
  std::array<bool, kFieldCount> used{};
  for (RecordIndex r = 0; r < records.size(); ++r) {
    for (const FieldValue& f : records.fields(r)) used[static_cast<std::size_t>(f.field)] = true;
  }
  CsvWriter out(path);
  for (const char* name : {"source", "line", "byte_offset", "record_id", "kind", "time_iso"}) {
    out.Field(name);
  }
  for (int f = 0; f < kFieldCount; ++f) {
    if (used[f]) out.Field(FieldName(static_cast<Field>(f)));
  }
  if (!entity_of_record.empty()) out.Field("entity_id");
  out.EndRow();
  // Rows are formatted in parallel chunks and written in order: one thread writing every row
  // was a third of a large load's wall time.
  constexpr std::size_t kRowsPerChunk = std::size_t{1} << 15;
  const std::size_t chunks = (records.size() + kRowsPerChunk - 1) / kRowsPerChunk;
  parallel::OrderedText(
      chunks, static_cast<std::size_t>(2 * parallel::MaxThreads() + 2),
      [&](std::size_t chunk, std::string& text) {
        // A record's values in column order, stably (repeats keep their order): a row names
        // a few of the columns, so its values are walked instead of every column filled.
        std::vector<FieldValue> values;
        std::string joined;
        char digits[24];
        const auto number = [&](std::uint64_t value) {
          text.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
        };
        const std::size_t end = std::min(records.size(), (chunk + 1) * kRowsPerChunk);
        for (std::size_t i = chunk * kRowsPerChunk; i < end; ++i) {
          const auto r = static_cast<RecordIndex>(i);
          const RecordRef& ref = records.ref(r);
          AppendCsvField(text, data.sources[ref.source].name);
          text.push_back(',');
          number(ref.line);
          text.push_back(',');
          number(ref.byte_offset);
          text.push_back(',');
          AppendCsvField(text, records.record_id(r));
          text.push_back(',');
          text.append(RecordKindName(records.kind(r)));
          text.push_back(',');
          text.append(records.time(r).ToIso());
          const auto fields = records.fields(r);
          values.assign(fields.begin(), fields.end());
          // A handful of values: an insertion sort, stable and with nothing to allocate.
          for (std::size_t a = 1; a < values.size(); ++a) {
            for (std::size_t b = a; b > 0 && values[b - 1].field > values[b].field; --b) {
              std::swap(values[b - 1], values[b]);
            }
          }
          std::size_t next = 0;
          for (int f = 0; f < kFieldCount; ++f) {
            if (!used[f]) continue;  // no record has it, so no value is passed over
            text.push_back(',');
            std::size_t last = next;
            while (last < values.size() && static_cast<int>(values[last].field) == f) ++last;
            if (last == next + 1) {
              AppendCsvField(text, records.strings().View(values[next].value));
            } else if (last > next) {  // a repeated field: one cell, quoted as a whole
              joined.clear();
              for (std::size_t v = next; v < last; ++v) {
                if (!joined.empty()) joined += " | ";
                joined += records.strings().View(values[v].value);
              }
              AppendCsvField(text, joined);
            }
            next = last;
          }
          if (!entity_of_record.empty()) {
            text.push_back(',');
            if (entity_of_record[r] != kNoId) {
              text.push_back('E');
              number(entity_of_record[r]);
            }
          }
          text.push_back('\n');
        }
      },
      [&](std::string_view text) { out.Rows(text); });
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

WrittenFile WriteRejectsCsv(const std::string& path, const CaseData& data) {
  CsvWriter out(path);
  for (const char* name : {"source", "line", "byte_offset", "reason", "raw"}) out.Field(name);
  out.EndRow();
  for (const Reject& reject : data.rejects) {
    out.Field(data.sources[reject.source].name);
    out.Field(reject.line);
    out.Field(reject.byte_offset);
    out.Field(reject.reason);
    out.Field(reject.raw);
    out.EndRow();
  }
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

void WriteManifest(const std::string& path, const CaseData& data, const ManifestExtras& extras) {
  std::ofstream file(path, std::ios::binary);
  if (!file) throw IoError(path, "cannot create the manifest");
  rapidjson::OStreamWrapper stream(file);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(stream);
  w.SetIndent(' ', 2);
  const auto counts = [&](const std::map<std::string, std::uint64_t>& map) {
    w.StartObject();
    for (const auto& [key, value] : map) {
      w.Key(key);
      w.Uint64(value);
    }
    w.EndObject();
  };
  w.StartObject();
  w.Key("corridor_version");
  w.String(kVersion);
  w.Key("command");
  w.String(extras.command);
  w.Key("case");
  w.StartObject();
  w.Key("path");
  w.String(data.case_path);
  w.Key("name");
  w.String(data.name);
  w.Key("region");
  w.String(data.region);
  w.EndObject();
  w.Key("options");
  w.StartObject();
  for (const auto& [key, value] : extras.options) {
    w.Key(key);
    w.String(value);
  }
  w.EndObject();
  w.Key("sources");
  w.StartArray();
  std::uint64_t rows = 0, loaded = 0, rejected = 0;
  for (const SourceReport& source : data.sources) {
    w.StartObject();
    w.Key("name");
    w.String(source.name);
    w.Key("path");
    w.String(source.info.path);
    w.Key("format");
    w.String(source.format);
    if (!source.kind.empty()) {
      w.Key("kind");
      w.String(source.kind);
    }
    w.Key("sha256");
    w.String(source.info.sha256_hex);
    w.Key("bytes");
    w.Uint64(source.info.bytes);
    w.Key("rows");
    w.Uint64(source.info.rows);
    w.Key("loaded");
    w.Uint64(source.info.loaded);
    w.Key("rejected");
    w.Uint64(source.info.rejected);
    w.Key("records");
    w.Uint64(source.records);
    w.Key("warnings");
    counts(source.warnings);
    if (!source.ignored_schemata.empty()) {
      w.Key("ignored_schemata");
      counts(source.ignored_schemata);
    }
    w.EndObject();
    rows += source.info.rows;
    loaded += source.info.loaded;
    rejected += source.info.rejected;
  }
  w.EndArray();
  w.Key("totals");
  w.StartObject();
  w.Key("rows");
  w.Uint64(rows);
  w.Key("loaded");
  w.Uint64(loaded);
  w.Key("rejected");
  w.Uint64(rejected);
  w.Key("records");
  w.Uint64(data.records.size());
  w.Key("judgements");
  w.Uint64(data.judgements.size());
  w.EndObject();
  w.Key("outputs");
  w.StartArray();
  for (const WrittenFile& output : extras.outputs) {
    w.StartObject();
    w.Key("file");
    w.String(std::filesystem::path(output.path).filename().string());
    w.Key("sha256");
    w.String(output.sha256_hex);
    w.Key("bytes");
    w.Uint64(output.bytes);
    w.EndObject();
  }
  w.EndArray();
  w.Key("timings_s");
  w.StartObject();
  for (const auto& [stage, seconds] : extras.timings_s) {
    w.Key(stage);
    w.Double(seconds);
  }
  w.EndObject();
  w.EndObject();
  file << '\n';
  file.flush();
  if (!file) throw IoError(path, "write failed");
}

}  // namespace corridor
