#include "loaders/load_case.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <filesystem>
#include <limits>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/errors.h"
#include "engine/mapped_memory.h"
#include "engine/parallel.h"
#include "engine/utf8.h"
#include "loaders/csv_reader.h"
#include "loaders/emit.h"
#include "loaders/ftm.h"
#include "loaders/line_reader.h"

namespace corridor {
namespace {

struct LoadedSource {
  RecordTable* table = nullptr;  // shared with the other sources of its group (LoadCase)
  std::vector<Reject> rejects;
  SourceReport report;
};

// Serialises progress calls from the source workers.
class ProgressRelay {
 public:
  ProgressRelay(const LoadOptions& options, std::uint64_t total)
      : on_progress_(options.on_progress), total_(total) {}
  void Add(std::uint64_t bytes) {
    const std::uint64_t done = done_.fetch_add(bytes) + bytes;
    if (!on_progress_) return;
    const std::unique_lock lock(mutex_, std::try_to_lock);
    if (lock.owns_lock()) on_progress_(done, total_);
  }

 private:
  const std::function<void(std::uint64_t, std::uint64_t)>& on_progress_;
  std::uint64_t total_;
  std::atomic<std::uint64_t> done_{0};
  std::mutex mutex_;
};

void AddReject(LoadedSource& loaded, SourceIndex source, std::uint64_t line,
               std::uint64_t byte_offset, std::string reason, std::string_view raw) {
  Reject reject{source, line, byte_offset, std::move(reason), {}};
  reject.raw.assign(raw.substr(0, kMaxRawBytes));
  loaded.rejects.push_back(std::move(reject));
  ++loaded.report.info.rejected;
}

// A loop, not find_first_not_of, which calls memchr on its set for every character: this is
// asked of every value of every row.
bool IsBlankText(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Column indices of each mapping, from a CSV header; throws naming the missing column.
std::vector<std::vector<std::size_t>> ResolveColumns(const SourceSpec& spec,
                                                     std::span<const std::string_view> header) {
  std::vector<std::vector<std::size_t>> columns;
  for (const FieldMapping& mapping : spec.fields) {
    std::vector<std::size_t> indices;
    for (const std::string& column : mapping.columns) {
      const auto it = std::find(header.begin(), header.end(), column);
      if (it == header.end()) {
        std::string known;
        for (const std::string_view name : header) {
          known += known.empty() ? "" : ", ";
          known += name;
        }
        throw InvalidInput(spec.resolved_path, 1, std::string(FieldName(mapping.field)),
                           "column '" + column + "' is not in the header (columns: " + known + ")");
      }
      indices.push_back(static_cast<std::size_t>(it - header.begin()));
    }
    columns.push_back(std::move(indices));
  }
  return columns;
}

CsvOptions CsvOptionsFor(const SourceSpec& spec, const LoadOptions& options) {
  CsvOptions csv;
  csv.delimiter = spec.delimiter;
  csv.trim = spec.trim;
  csv.max_field_bytes = options.max_field_bytes;
  return csv;
}

// Reads only the header, to check the mapping before any source's data is read.
void CheckCsvHeader(const SourceSpec& spec, const LoadOptions& options) {
  CsvReader reader(spec.resolved_path, CsvOptionsFor(spec, options));
  CsvRow header;
  if (!reader.Next(header)) return;  // an empty file: no rows, nothing to map
  if (!header.error.empty()) {
    throw InvalidInput(spec.resolved_path, header.line, "", "header row: " + header.error);
  }
  ResolveColumns(spec, header.fields);
}

// One mapped value of a CSV row: a column's text, or several columns joined in scratch space.
struct RowValue {
  Field field;
  std::string_view text;
  bool joined;  // in the loader's scratch, not the row: valid only until the next row
};

// Rows of one source waiting to be emitted. A CDR row's phones and cells are mostly misses in
// a string table far larger than the cache; interning a batch's values together
// (StringPool::InternBatch) overlaps those misses, where a row at a time waits for each.
// A stable row's columns are held as views (the reader flushes the batch before it refills
// its buffer); the text of other rows and joined values is copied.
class RowBatch {
 public:
  static constexpr std::size_t kRows = 64;

  bool full() const { return rows_.size() >= kRows; }

  void Add(const CsvRow& row, std::span<const RowValue> values) {
    Row pending{row.line, row.byte_offset, Keep(row.raw, row.stable), values_.size(), 0};
    for (const RowValue& value : values) {
      values_.push_back({value.field, Keep(value.text, row.stable && !value.joined)});
    }
    pending.values_end = values_.size();
    rows_.push_back(pending);
  }

  // Interns the batch's values in row order, then emits the rows in order.
  void Flush(const SourceSpec& spec, SourceIndex index, LoadedSource& loaded) {
    RecordTable& table = *loaded.table;
    texts_.clear();
    for (const Value& value : values_) {
      if (!StoredRaw(value.field)) texts_.push_back(View(value.text));
    }
    ids_.resize(texts_.size());
    table.strings().InternBatch(texts_, ids_);
    fields_.clear();
    std::size_t next_id = 0;
    for (const Value& value : values_) {
      fields_.push_back(
          {value.field, View(value.text), StoredRaw(value.field) ? kNoId : ids_[next_id++]});
    }
    for (const Row& row : rows_) {
      const RecordRef ref{index, static_cast<std::uint32_t>(row.line), row.byte_offset};
      const std::span<const FieldText> values(fields_.data() + row.values_begin,
                                              row.values_end - row.values_begin);
      std::string reason = EmitRow(spec, ref, values, table, loaded.report.warnings);
      if (reason.empty()) {
        ++loaded.report.info.loaded;
      } else {
        AddReject(loaded, index, row.line, row.byte_offset, std::move(reason), View(row.raw));
      }
    }
    copies_.clear();
    rows_.clear();
    values_.clear();
  }

 private:
  // Text held by the batch: a view of the reader's buffer, or a span of copies_ (whose
  // growth would move views into it).
  struct Text {
    const char* view;  // nullptr: copied, at `begin` in copies_
    std::size_t begin, size;
  };
  struct Row {
    std::uint64_t line, byte_offset;
    Text raw;
    std::size_t values_begin, values_end;
  };
  struct Value {
    Field field;
    Text text;
  };

  Text Keep(std::string_view text, bool stable) {
    if (stable) return {text.data(), 0, text.size()};
    const Text copied{nullptr, copies_.size(), text.size()};
    copies_.append(text);
    return copied;
  }
  std::string_view View(const Text& text) const {
    return {text.view != nullptr ? text.view : copies_.data() + text.begin, text.size};
  }

  std::string copies_;
  std::vector<Row> rows_;
  std::vector<Value> values_;
  std::vector<std::string_view> texts_;
  std::vector<StringId> ids_;
  std::vector<FieldText> fields_;
};

// room_bytes: input the table should have room for, at this source's records per byte.
void LoadCsv(const SourceSpec& spec, SourceIndex index, const LoadOptions& options,
             std::uint64_t room_bytes, ProgressRelay& progress, LoadedSource& loaded) {
  CsvReader reader(spec.resolved_path, CsvOptionsFor(spec, options));
  CsvRow row;
  std::uint64_t reported = 0;
  if (reader.Next(row)) {
    const auto columns = ResolveColumns(spec, row.fields);
    const std::size_t width = row.fields.size();
    std::vector<std::string> joined(spec.fields.size());
    std::vector<RowValue> values;
    RowBatch batch;
    reader.SetBeforeRefill([&] { batch.Flush(spec, index, loaded); });
    // After a sample of rows, size the table for room_bytes from the sample's bytes per row.
    constexpr std::uint64_t kSampleRows = 4096;
    std::uint64_t first_offset = 0;
    RecordTable& table = *loaded.table;
    const std::size_t records_before = table.size(), fields_before = table.field_count();
    const std::size_t strings_before = table.strings().size();
    while (reader.Next(row)) {
      ++loaded.report.info.rows;
      if (loaded.report.info.rows == 1) first_offset = row.byte_offset;
      if (loaded.report.info.rows == kSampleRows && row.byte_offset > first_offset) {
        batch.Flush(spec, index, loaded);  // the table's counts so far are the sample's
        const double rows_per_byte = static_cast<double>(kSampleRows - 1) /
                                     static_cast<double>(row.byte_offset - first_offset);
        const double scale = rows_per_byte * static_cast<double>(room_bytes) * 1.05 /
                             static_cast<double>(kSampleRows - 1);
        // Counts so far, from this source: the table may hold earlier sources' records.
        const auto scaled = [scale](std::size_t before, std::size_t now) {
          return before + static_cast<std::size_t>(static_cast<double>(now - before) * scale);
        };
        table.Reserve(scaled(records_before, table.size()),
                      scaled(fields_before, table.field_count()));
        // Only the views are sized from the sample. Distinct values grow more slowly than
        // rows (a CDR sample's phones are nearly all new, the whole file's a fifth), and a
        // table sized for the scaled count was five times too large: its pages cost more to
        // zero and to miss than the few rehashes of the actual strings.
        table.strings().Reserve(scaled(strings_before, table.strings().size()), 0);
      }
      if (reader.bytes_read() - reported >= (std::uint64_t{1} << 22)) {
        progress.Add(reader.bytes_read() - reported);
        reported = reader.bytes_read();
      }
      if (!row.error.empty()) {
        batch.Flush(spec, index, loaded);  // rejects stay in line order
        AddReject(loaded, index, row.line, row.byte_offset, row.error, row.raw);
        continue;
      }
      if (row.fields.size() != width) {
        batch.Flush(spec, index, loaded);
        AddReject(loaded, index, row.line, row.byte_offset,
                  "expected " + std::to_string(width) + " fields, found " +
                      std::to_string(row.fields.size()),
                  row.raw);
        continue;
      }
      values.clear();
      for (std::size_t m = 0; m < spec.fields.size(); ++m) {
        const auto& cols = columns[m];
        std::string_view value;
        const bool single = cols.size() == 1;
        if (single) {
          value = row.fields[cols[0]];
        } else {
          joined[m].clear();
          for (const std::size_t c : cols) {
            if (IsBlankText(row.fields[c])) continue;
            if (!joined[m].empty()) joined[m].push_back(' ');
            joined[m].append(row.fields[c]);
          }
          value = joined[m];
        }
        if (IsBlankText(value)) continue;
        values.push_back({spec.fields[m].field, value, !single});
      }
      batch.Add(row, values);
      if (batch.full()) batch.Flush(spec, index, loaded);
    }
    batch.Flush(spec, index, loaded);
    reader.SetBeforeRefill({});  // the batch goes out of scope here
  }
  progress.Add(reader.bytes_read() - reported);
  const CsvStats& stats = reader.stats();
  if (stats.repaired_utf8 > 0) loaded.report.warnings["repaired_utf8"] += stats.repaired_utf8;
  if (stats.blank_lines > 0) loaded.report.warnings["blank_lines"] += stats.blank_lines;
  loaded.report.info.bytes = reader.bytes_read();
  loaded.report.info.sha256_hex = reader.FinishDigest();
}

// The text of a scalar JSON value; false for objects and nested arrays.
bool ScalarText(const rapidjson::Value& value, std::string_view& text) {
  if (value.IsString()) {
    text = {value.GetString(), value.GetStringLength()};
  } else if (value.IsBool()) {
    text = value.GetBool() ? "true" : "false";
  } else if (value.IsNull()) {
    text = {};
  } else {
    return false;
  }
  return true;
}

// Parses one line as JSON; returns the reason on failure. The line's bytes are repaired to
// valid UTF-8 first (counted), since the parser would otherwise stop at them.
std::string ParseJsonLine(std::string_view text, std::string& scratch,
                          rapidjson::Document& document, LoadedSource& loaded) {
  if (!IsValidUtf8(text)) {
    scratch.clear();
    loaded.report.warnings["repaired_utf8"] += AppendRepairedUtf8(text, scratch);
    text = scratch;
  }
  document.Parse<rapidjson::kParseNumbersAsStringsFlag>(text.data(), text.size());
  if (document.HasParseError()) {
    return "JSON syntax error at column " + std::to_string(document.GetErrorOffset() + 1) + ": " +
           rapidjson::GetParseError_En(document.GetParseError());
  }
  if (!document.IsObject()) return "line is not a JSON object";
  return {};
}

// Appends the values one mapping takes from a JSON line: every scalar of a single key or
// pointer (arrays are multi-valued), or the first value of each of several parts joined with
// spaces. Returns "" or why the line cannot be used.
std::string MappedValues(const rapidjson::Document& document,
                         const std::vector<rapidjson::Pointer>& pointers, Field field,
                         std::string& joined, std::vector<FieldText>& values) {
  const auto problem = [&](const char* what) {
    return "field '" + std::string(FieldName(field)) + "': " + what;
  };
  const bool single = pointers.size() == 1;
  joined.clear();
  const auto take = [&](std::string_view text) {
    if (IsBlankText(text)) return false;
    if (single) {
      values.push_back({field, text});
      return false;
    }
    if (!joined.empty()) joined.push_back(' ');
    joined.append(text);
    return true;  // a joined field takes the first value of each part
  };
  for (const rapidjson::Pointer& pointer : pointers) {
    const rapidjson::Value* value = pointer.Get(document);
    if (value == nullptr) continue;
    std::string_view text;
    if (value->IsArray()) {
      for (const rapidjson::Value& element : value->GetArray()) {
        if (!ScalarText(element, text)) return problem("nested value in an array");
        if (take(text)) break;
      }
    } else if (!ScalarText(*value, text)) {
      return problem("an object where a value was expected");
    } else {
      take(text);
    }
  }
  if (!single && !joined.empty()) values.push_back({field, joined});
  return {};
}

// Reads a JSON-lines file: skips blank lines (counted), reports progress, parses each line
// and calls handle(document, ref), which returns "" or why the line is rejected.
template <typename Handle>
void ReadJsonLines(const SourceSpec& spec, SourceIndex index, ProgressRelay& progress,
                   LoadedSource& loaded, Handle handle) {
  LineReader reader(spec.resolved_path);
  Line line;
  std::string scratch;
  std::uint64_t reported = 0;
  rapidjson::Document document;
  while (reader.Next(line)) {
    if (IsBlankText(line.text) && !line.too_long) {
      ++loaded.report.warnings["blank_lines"];
      continue;
    }
    ++loaded.report.info.rows;
    if (reader.bytes_read() - reported >= (std::uint64_t{1} << 22)) {
      progress.Add(reader.bytes_read() - reported);
      reported = reader.bytes_read();
    }
    const RecordRef ref{index, static_cast<std::uint32_t>(line.number), line.byte_offset};
    std::string reason = line.too_long ? "line longer than the limit"
                                       : ParseJsonLine(line.text, scratch, document, loaded);
    if (reason.empty()) reason = handle(document, ref);
    if (reason.empty()) {
      ++loaded.report.info.loaded;
    } else {
      AddReject(loaded, index, line.number, line.byte_offset, std::move(reason), line.text);
    }
  }
  progress.Add(reader.bytes_read() - reported);
  loaded.report.info.bytes = reader.bytes_read();
  loaded.report.info.sha256_hex = reader.FinishDigest();
}

// A plain key as a JSON Pointer, escaping the characters Pointer syntax reserves.
std::string PointerToKey(std::string_view key) {
  std::string pointer = "/";
  for (const char c : key) {
    if (c == '~') {
      pointer += "~0";
    } else if (c == '/') {
      pointer += "~1";
    } else {
      pointer += c;
    }
  }
  return pointer;
}

void LoadJsonLines(const SourceSpec& spec, SourceIndex index, ProgressRelay& progress,
                   LoadedSource& loaded) {
  // Keys starting with '/' are JSON Pointers, others plain keys.
  std::vector<std::vector<rapidjson::Pointer>> pointers;
  for (const FieldMapping& mapping : spec.fields) {
    std::vector<rapidjson::Pointer> list;
    for (const std::string& column : mapping.columns) {
      list.emplace_back(column.front() == '/' ? column : PointerToKey(column));
      if (!list.back().IsValid()) {
        throw InvalidInput(spec.resolved_path, 0, std::string(FieldName(mapping.field)),
                           "'" + column + "' is not a valid JSON Pointer");
      }
    }
    pointers.push_back(std::move(list));
  }
  std::vector<std::string> joined(spec.fields.size());
  std::vector<FieldText> values;
  ReadJsonLines(spec, index, progress, loaded,
                [&](const rapidjson::Document& document, const RecordRef& ref) -> std::string {
                  values.clear();
                  for (std::size_t m = 0; m < spec.fields.size(); ++m) {
                    std::string reason = MappedValues(document, pointers[m], spec.fields[m].field,
                                                      joined[m], values);
                    if (!reason.empty()) return reason;
                  }
                  return EmitRow(spec, ref, values, *loaded.table, loaded.report.warnings);
                });
}

void LoadFtm(const SourceSpec& spec, SourceIndex index, ProgressRelay& progress,
             LoadedSource& loaded) {
  ReadJsonLines(spec, index, progress, loaded,
                [&](const rapidjson::Document& document, const RecordRef& ref) {
                  return EmitFtmEntity(document, ref, *loaded.table, loaded.report.warnings,
                                       loaded.report.ignored_schemata);
                });
}

// A record id's key for the duplicate check: the top 32 bits of its hash over the record's
// index, 8 bytes where a (hash, index) pair took 16; a case has a key per record. Equal hash
// halves are then compared by text, which 32 bits make rare (about n^2 / 2^33 pairs).
std::uint64_t IdKey(std::uint64_t hash, RecordIndex record) {
  return (hash & 0xffff'ffff'0000'0000) | record;
}

// Moves keys into 256 buckets by their byte at `shift`, in place (American flag sort), and
// returns the buckets' 257 bounds. 256 bucket heads stay in L1 while the swaps run, where a
// single pass over 65,536 buckets missed the cache on nearly every swap.
std::array<std::size_t, 257> FlagPass(std::span<std::uint64_t> keys, int shift) {
  std::array<std::size_t, 257> begin{};
  for (const std::uint64_t key : keys) ++begin[((key >> shift) & 0xff) + 1];
  for (std::size_t b = 0; b < 256; ++b) begin[b + 1] += begin[b];
  std::array<std::size_t, 256> next;
  std::copy(begin.begin(), begin.end() - 1, next.begin());
  for (std::size_t b = 0; b < 256; ++b) {
    while (next[b] < begin[b + 1]) {
      const std::size_t home = (keys[next[b]] >> shift) & 0xff;
      if (home == b) {
        ++next[b];
      } else {
        std::swap(keys[next[b]], keys[next[home]++]);
      }
    }
  }
  return begin;
}

using IdKeys = std::vector<std::uint64_t, NoInitMappedAllocator<std::uint64_t, Pages::kSmall>>;

// The keys of every record's id (IdKey), sorted. Keys go straight to their top byte's bucket:
// each chunk of records counts its keys per bucket, then writes them to its own stretch of
// each bucket, chunks in parallel. Each bucket then takes, in parallel, a flag pass on the
// next byte, whose buckets (a few hundred keys, in cache) are sorted on their own. A
// comparison sort of all the keys was a tenth of a large load; an in-place flag pass on the
// top byte left a core idle.
IdKeys SortedIdKeys(const RecordTable& records) {
  const std::size_t n = records.size();
  const auto key_of = [&records](std::size_t r) {
    const auto record = static_cast<RecordIndex>(r);
    return IdKey(std::hash<std::string_view>{}(records.record_id(record)), record);
  };
  constexpr std::size_t kChunk = parallel::kGrainCoarse;
  const std::size_t chunks = (n + kChunk - 1) / kChunk;
  // Per chunk and top byte: a count, then where the chunk's next key of that byte goes.
  std::vector<std::array<std::size_t, 256>> place(chunks);
  parallel::For(0, chunks, 1, [&](std::size_t c) {
    place[c].fill(0);
    for (std::size_t r = c * kChunk; r < std::min(n, (c + 1) * kChunk); ++r) {
      ++place[c][key_of(r) >> 56];
    }
  });
  std::array<std::size_t, 257> top{};
  std::size_t filled = 0;
  for (std::size_t b = 0; b < 256; ++b) {
    top[b] = filled;
    for (std::array<std::size_t, 256>& chunk : place) filled += std::exchange(chunk[b], filled);
  }
  top[256] = filled;
  IdKeys keys(n);
  parallel::For(0, chunks, 1, [&](std::size_t c) {
    for (std::size_t r = c * kChunk; r < std::min(n, (c + 1) * kChunk); ++r) {
      const std::uint64_t key = key_of(r);
      keys[place[c][key >> 56]++] = key;
    }
  });
  parallel::For(0, 256, 1, [&](std::size_t t) {
    const std::span<std::uint64_t> part(keys.data() + top[t], top[t + 1] - top[t]);
    const std::array<std::size_t, 257> begin = FlagPass(part, 48);
    for (std::size_t b = 0; b < 256; ++b) {
      std::sort(part.begin() + static_cast<std::ptrdiff_t>(begin[b]),
                part.begin() + static_cast<std::ptrdiff_t>(begin[b + 1]));
    }
  });
  return keys;
}

// Renames repeated record ids to "<id>@<source>:<line>" (later occurrences only) and points
// the same row's references at the new name, so every id is unique within the case. Ids are
// found equal by sorting their keys (IdKey): neighbours with one hash half are compared by text.
void MakeIdsUnique(CaseData& data) {
  RecordTable& records = data.records;
  const std::size_t n = records.size();
  const auto hash = [](std::string_view text) { return std::hash<std::string_view>{}(text); };
  constexpr std::uint64_t kHashPart = 0xffff'ffff'0000'0000;
  const auto record_of = [](std::uint64_t key) { return static_cast<RecordIndex>(key); };
  const IdKeys keys = SortedIdKeys(records);
  std::vector<RecordIndex> repeats;
  for (std::size_t i = 0; i < n;) {
    std::size_t j = i + 1;
    while (j < n && (keys[j] & kHashPart) == (keys[i] & kHashPart)) ++j;
    for (std::size_t k = i + 1; k < j; ++k) {
      const std::string_view id = records.record_id(record_of(keys[k]));
      for (std::size_t e = i; e < k; ++e) {
        if (records.record_id(record_of(keys[e])) == id) {
          repeats.push_back(record_of(keys[k]));
          break;
        }
      }
    }
    i = j;
  }
  std::sort(repeats.begin(), repeats.end());
  std::unordered_set<std::string> created;
  const auto taken = [&](const std::string& name) {
    const std::uint64_t part = hash(name) & kHashPart;
    auto it = std::lower_bound(keys.begin(), keys.end(), part);
    for (; it != keys.end() && (*it & kHashPart) == part; ++it) {
      if (records.record_id(record_of(*it)) == name) return true;
    }
    return created.count(name) > 0;
  };
  for (const RecordIndex r : repeats) {
    const RecordRef ref = records.ref(r);
    const std::string old_id(records.record_id(r));
    std::string renamed =
        old_id + "@" + data.sources[ref.source].name + ":" + std::to_string(ref.line);
    while (taken(renamed)) renamed += "'";
    created.insert(renamed);
    records.SetRecordId(r, renamed);
    ++data.sources[ref.source].warnings["duplicate_id"];
    // Records of one row are adjacent and share its RecordRef.
    RecordIndex first = r;
    while (first > 0 && records.ref(first - 1) == ref) --first;
    for (RecordIndex s = first; s < n && records.ref(s) == ref; ++s) {
      for (FieldValue& f : records.mutable_fields(s)) {
        if ((f.field == Field::kFromRef || f.field == Field::kToRef) &&
            records.strings().View(f.value) == old_id) {
          f.value = records.strings().Append(renamed);
        }
      }
    }
  }
}

void LoadJudgements(const std::string& path, const LoadOptions& options, CaseData& data) {
  const auto index = static_cast<SourceIndex>(data.sources.size());
  LoadedSource loaded;
  loaded.report.info.path = path;
  loaded.report.name = "judgements";
  loaded.report.format = "judgements";
  CsvOptions csv;
  csv.max_field_bytes = options.max_field_bytes;
  CsvReader reader(path, csv);
  CsvRow row;
  std::unordered_map<std::string_view, RecordIndex> by_id;
  by_id.reserve(data.records.size());
  for (RecordIndex r = 0; r < data.records.size(); ++r) by_id.emplace(data.records.record_id(r), r);
  if (reader.Next(row)) {
    const std::vector<std::string> expected = {"record_id_a", "record_id_b", "verdict"};
    if (!row.error.empty() || row.fields.size() != 3 ||
        !std::equal(expected.begin(), expected.end(), row.fields.begin())) {
      throw InvalidInput(path, 1, "", "the header must be: record_id_a,record_id_b,verdict");
    }
    while (reader.Next(row)) {
      ++loaded.report.info.rows;
      std::string reason = row.error;
      if (reason.empty() && row.fields.size() != 3) {
        reason = "expected 3 fields, found " + std::to_string(row.fields.size());
      }
      Judgement judgement;
      judgement.ref = {index, static_cast<std::uint32_t>(row.line), row.byte_offset};
      if (reason.empty()) {
        const std::string_view verdict = row.fields[2];
        if (verdict != "same" && verdict != "different") {
          reason = "verdict must be 'same' or 'different', not '" + std::string(verdict) + "'";
        }
        judgement.same = verdict == "same";
      }
      for (std::size_t k = 0; k < 2 && reason.empty(); ++k) {
        const auto it = by_id.find(row.fields[k]);
        if (it == by_id.end()) {
          reason = "unknown record id '" + std::string(row.fields[k]) + "'";
        } else {
          (k == 0 ? judgement.a : judgement.b) = it->second;
        }
      }
      if (reason.empty() && judgement.a == judgement.b) reason = "a record judged against itself";
      if (reason.empty()) {
        data.judgements.push_back(judgement);
        ++loaded.report.info.loaded;
      } else {
        AddReject(loaded, index, row.line, row.byte_offset, std::move(reason), row.raw);
      }
    }
  }
  loaded.report.info.bytes = reader.bytes_read();
  loaded.report.info.sha256_hex = reader.FinishDigest();
  data.sources.push_back(std::move(loaded.report));
  for (Reject& reject : loaded.rejects) data.rejects.push_back(std::move(reject));
}

}  // namespace

// Cutting where the bytes before passed an even share could leave one thread three times the
// other's work: a generated case's sources run 34, 7, 13, 46, 7, 2, 20 and 2 MB.
std::vector<std::size_t> BalancedGroups(std::span<const std::uint64_t> bytes, std::size_t groups) {
  const std::size_t n = bytes.size();
  std::vector<std::uint64_t> before(n + 1, 0);
  for (std::size_t s = 0; s < n; ++s) before[s + 1] = before[s] + bytes[s];
  // largest[g][s]: the least largest run total over splits of sources [0, s) into g runs;
  // start[g][s]: where the last run of that split starts.
  constexpr std::uint64_t kNone = std::numeric_limits<std::uint64_t>::max();
  std::vector<std::vector<std::uint64_t>> largest(groups + 1,
                                                  std::vector<std::uint64_t>(n + 1, kNone));
  std::vector<std::vector<std::size_t>> start(groups + 1, std::vector<std::size_t>(n + 1, 0));
  largest[0][0] = 0;
  for (std::size_t g = 1; g <= groups; ++g) {
    for (std::size_t s = g; s <= n; ++s) {
      for (std::size_t t = g - 1; t < s; ++t) {
        if (largest[g - 1][t] == kNone) continue;
        const std::uint64_t run = std::max(largest[g - 1][t], before[s] - before[t]);
        if (run < largest[g][s]) {
          largest[g][s] = run;
          start[g][s] = t;
        }
      }
    }
  }
  std::vector<std::size_t> begin(groups + 1, n);
  for (std::size_t g = groups; g > 0; --g) begin[g - 1] = start[g][begin[g]];
  return begin;
}

CaseData LoadCase(const CaseFile& case_file, const LoadOptions& options) {
  std::uint64_t total_bytes = 0;
  std::vector<std::uint64_t> source_bytes;
  for (const SourceSpec& spec : case_file.sources) {
    if (spec.format == SourceFormat::kCsv) {
      CheckCsvHeader(spec, options);
    } else {
      LineReader probe(spec.resolved_path);  // fails now, naming the file, if it cannot be read
    }
    std::error_code error;
    const auto size = std::filesystem::file_size(spec.resolved_path, error);
    source_bytes.push_back(error ? 0 : size);
    total_bytes += source_bytes.back();
  }
  if (!case_file.judgements_path.empty()) LineReader probe(case_file.judgements_path);

  // Sources load in contiguous groups, one group per thread, each into one table, source
  // after source; the merge then appends the groups' tables in order. Interning one source
  // after another into a pool gives the ids the merge gives (it interns a later pool's strings
  // in their first-seen order), so the records are the same at any thread count, and with one
  // thread nothing is copied or re-interned.
  const std::size_t sources = case_file.sources.size();
  const std::vector<std::size_t> group_begin =
      BalancedGroups(source_bytes, std::min<std::size_t>(sources, parallel::MaxThreads()));
  std::vector<RecordTable> tables(group_begin.size() - 1);
  std::vector<LoadedSource> loaded(sources);
  ProgressRelay progress(options, total_bytes);
  parallel::For(0, tables.size(), 1, [&](std::size_t g) {
    // Room for the group's sources: the merge appends the later tables to the first by
    // moving their pages (MappedColumn::Append), so no table needs room for another's.
    std::uint64_t room = 0;
    for (std::size_t s = group_begin[g]; s < group_begin[g + 1]; ++s) room += source_bytes[s];
    for (std::size_t s = group_begin[g]; s < group_begin[g + 1]; ++s) {
      const SourceSpec& spec = case_file.sources[s];
      LoadedSource& out = loaded[s];
      out.table = &tables[g];
      out.report.info.path = spec.path;
      out.report.name = spec.name;
      out.report.format = std::string(SourceFormatName(spec.format));
      if (spec.kind) out.report.kind = std::string(RecordKindName(*spec.kind));
      out.report.region = spec.region;
      const auto index = static_cast<SourceIndex>(s);
      const std::size_t records_before = tables[g].size();
      switch (spec.format) {
        case SourceFormat::kCsv:
          LoadCsv(spec, index, options, room, progress, out);
          break;
        case SourceFormat::kJsonLines:
          LoadJsonLines(spec, index, progress, out);
          break;
        case SourceFormat::kFtm:
          LoadFtm(spec, index, progress, out);
          break;
      }
      out.report.records = tables[g].size() - records_before;
      room -= source_bytes[s];
    }
  });

  CaseData data;
  data.name = case_file.name;
  data.case_path = case_file.path;
  data.region = case_file.region;
  for (LoadedSource& source : loaded) {
    data.sources.push_back(std::move(source.report));
    for (Reject& reject : source.rejects) data.rejects.push_back(std::move(reject));
  }
  data.records = RecordTable::Concatenate(std::move(tables));
  MakeIdsUnique(data);
  if (!case_file.judgements_path.empty()) LoadJudgements(case_file.judgements_path, options, data);
  // Every string is in: the lookup table would only hold memory from here on.
  data.records.strings().ReleaseIndex();
  return data;
}

}  // namespace corridor
