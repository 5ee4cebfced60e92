#include "loaders/load_case.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/pointer.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "engine/errors.h"
#include "engine/file_reader.h"
#include "engine/mapped_memory.h"
#include "engine/parallel.h"
#include "engine/utf8.h"
#include "loaders/csv_reader.h"
#include "loaders/emit.h"
#include "loaders/ftm.h"
#include "loaders/line_reader.h"

namespace corridor {
namespace {

// What one reader loaded: a source, or a stretch of one (Segment). For a stretch past the
// first, the report holds only counts, which LoadCase adds to the first stretch's.
struct LoadedSource {
  RecordTable* table = nullptr;  // shared with the other segments of its run (LoadCase)
  std::vector<Reject> rejects;
  SourceReport report;
  std::uint64_t stopped_at = 0;  // a CSV reader's position() when it stopped
};

// The stretch of a source one reader loads: the whole file, or, for a large CSV source on
// several threads, the rows that start in [begin, end) once begin is moved to a row start.
struct Segment {
  static constexpr std::uint64_t kToEnd = std::numeric_limits<std::uint64_t>::max();
  std::size_t source = 0;
  std::uint64_t begin = 0;  // 0: from the first byte, header included
  std::uint64_t end = kToEnd;
  std::uint64_t first_line = 1;  // the physical line at begin
  // The file's digest, for a source cut into stretches; none: the stretch from byte 0 hashes.
  SharedFileDigest* digest = nullptr;
};

// Serialises progress calls from the source workers.
class ProgressRelay {
 public:
  ProgressRelay(const LoadOptions& options, std::uint64_t total)
      : on_progress_(options.on_progress), total_(total) {}
  void Add(std::uint64_t bytes) {
    // A stretch reads on past its cut to finish its last row, which the next stretch may also
    // have read before it started again: the sum can pass the total.
    const std::uint64_t done = std::min(done_.fetch_add(bytes) + bytes, total_);
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

// What every stretch of a CSV source needs from its header, read before any data: the mapped
// columns, the width rows must have, the delimiter, and where the rows begin.
struct CsvHeader {
  std::vector<std::vector<std::size_t>> columns;
  std::size_t width = 0;
  char delimiter = '\0';
  std::uint64_t data_offset = 0;  // first byte after the header row; 0 for an empty file
};

// Throws, naming the column, if the header lacks a mapped one.
CsvHeader ReadCsvHeader(const SourceSpec& spec, const LoadOptions& options) {
  CsvReader reader(spec.resolved_path, CsvOptionsFor(spec, options));
  CsvRow row;
  CsvHeader header;
  if (!reader.Next(row)) return header;  // an empty file: no rows, nothing to map
  if (!row.error.empty()) {
    throw InvalidInput(spec.resolved_path, row.line, "", "header row: " + row.error);
  }
  header.columns = ResolveColumns(spec, row.fields);
  header.width = row.fields.size();
  header.delimiter = reader.delimiter();
  header.data_offset = reader.position();
  return header;
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
// A batch holds the rows that start in one block of kBatchBlockBytes of the file. Its values
// get string ids before its records' raw strings do, so where batches end decides the ids:
// ending them at fixed offsets, never at a refill of the reader or a count of rows, gives the
// ids of a whole read to a stretch of the file read on its own (LoadCase cuts files at
// multiples of the block, and a stretch starts at the first row at or after its cut).
// A stable row's columns are held as views until the reader refills its buffer, when they
// are copied (Detach); the text of other rows and joined values is copied as it comes.
class RowBatch {
 public:
  static constexpr std::uint64_t kBatchBlockBytes = 4096;

  // Whether the row belongs to another batch than the rows held.
  bool StartsNewBatch(const CsvRow& row) const {
    return !rows_.empty() && row.byte_offset / kBatchBlockBytes != block_;
  }

  void Add(const CsvRow& row, std::span<const RowValue> values) {
    block_ = row.byte_offset / kBatchBlockBytes;
    Row pending{row.line, row.byte_offset, Keep(row.raw, row.stable), values_.size(), 0, {}};
    for (const RowValue& value : values) {
      values_.push_back({value.field, Keep(value.text, row.stable && !value.joined)});
    }
    pending.values_end = values_.size();
    rows_.push_back(std::move(pending));
  }

  // A row that cannot be used, rejected in its place among the batch's rows.
  void AddReject(const CsvRow& row, std::string reason) {
    block_ = row.byte_offset / kBatchBlockBytes;
    rows_.push_back({row.line, row.byte_offset, Keep(row.raw.substr(0, kMaxRawBytes), false),
                     values_.size(), values_.size(), std::move(reason)});
  }

  // Copies the text still held as views, before the reader's buffer changes under them.
  void Detach() {
    for (Row& row : rows_) {
      if (row.raw.view != nullptr) row.raw = Keep(View(row.raw), false);
    }
    for (Value& value : values_) {
      if (value.text.view != nullptr) value.text = Keep(View(value.text), false);
    }
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
    for (Row& row : rows_) {
      const RecordRef ref{index, static_cast<std::uint32_t>(row.line), row.byte_offset};
      if (row.reason.empty()) {
        const std::span<const FieldText> values(fields_.data() + row.values_begin,
                                                row.values_end - row.values_begin);
        row.reason = EmitRow(spec, ref, values, table, loaded.report.warnings);
        if (row.reason.empty()) {
          ++loaded.report.info.loaded;
          continue;
        }
      }
      corridor::AddReject(loaded, index, row.line, row.byte_offset, std::move(row.reason),
                          View(row.raw));
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
    std::string reason;  // non-empty: rejected as read
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

  std::uint64_t block_ = 0;
  std::string copies_;
  std::vector<Row> rows_;
  std::vector<Value> values_;
  std::vector<std::string_view> texts_;
  std::vector<StringId> ids_;
  std::vector<FieldText> fields_;
};

// Loads a stretch of a CSV source (Segment) into loaded.table, with room for room_bytes of
// input at this stretch's records per byte. The stretch from byte 0 of a source not cut into
// stretches reports the whole file's digest and size.
void LoadCsv(const SourceSpec& spec, SourceIndex index, const LoadOptions& options,
             const CsvHeader& header, const Segment& segment, std::uint64_t room_bytes,
             ProgressRelay& progress, LoadedSource& loaded) {
  CsvOptions csv = CsvOptionsFor(spec, options);
  csv.delimiter = header.delimiter;
  csv.start_offset = segment.begin;
  csv.start_line = segment.first_line;
  csv.stop_offset = segment.end;
  csv.hash = segment.digest == nullptr;
  CsvReader reader(spec.resolved_path, csv);
  CsvRow row;
  std::uint64_t reported = 0;
  const auto report_progress = [&] {
    const std::uint64_t bytes = reader.position() - segment.begin - reported;
    progress.Add(bytes);
    if (segment.digest != nullptr) segment.digest->Parsed(bytes);
    reported += bytes;
  };
  if (segment.begin > 0 || reader.Next(row)) {
    std::vector<std::string> joined(spec.fields.size());
    std::vector<RowValue> values;
    RowBatch batch;
    reader.SetBeforeRefill([&] { batch.Detach(); });
    // After a sample of rows, size the table for room_bytes from the sample's bytes per row.
    constexpr std::uint64_t kSampleRows = 4096;
    std::uint64_t first_offset = 0, flushed_rows = 0;
    bool sized = false;
    RecordTable& table = *loaded.table;
    const std::size_t records_before = table.size(), fields_before = table.field_count();
    const std::size_t strings_before = table.strings().size();
    while (reader.Next(row)) {
      ++loaded.report.info.rows;
      if (loaded.report.info.rows == 1) first_offset = row.byte_offset;
      if (batch.StartsNewBatch(row)) {
        batch.Flush(spec, index, loaded);
        flushed_rows = loaded.report.info.rows - 1;
      }
      if (!sized && flushed_rows >= kSampleRows && row.byte_offset > first_offset) {
        sized = true;
        // The table's counts so far are the flushed rows', which end where this row starts.
        const double scale = static_cast<double>(room_bytes) * 1.05 /
                             static_cast<double>(row.byte_offset - first_offset);
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
      if (reader.position() - segment.begin - reported >= (std::uint64_t{1} << 22)) {
        report_progress();
      }
      if (!row.error.empty()) {
        batch.AddReject(row, row.error);
        continue;
      }
      if (row.fields.size() != header.width) {
        batch.AddReject(row, "expected " + std::to_string(header.width) + " fields, found " +
                                 std::to_string(row.fields.size()));
        continue;
      }
      values.clear();
      for (std::size_t m = 0; m < spec.fields.size(); ++m) {
        const auto& cols = header.columns[m];
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
    }
    batch.Flush(spec, index, loaded);
    reader.SetBeforeRefill({});  // the batch goes out of scope here
  }
  report_progress();
  const CsvStats& stats = reader.stats();
  if (stats.repaired_utf8 > 0) loaded.report.warnings["repaired_utf8"] += stats.repaired_utf8;
  if (stats.blank_lines > 0) loaded.report.warnings["blank_lines"] += stats.blank_lines;
  loaded.stopped_at = reader.position();
  if (segment.begin == 0 && segment.digest == nullptr) {
    loaded.report.info.sha256_hex = reader.FinishDigest();
    loaded.report.info.bytes = reader.bytes_read();
  }
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

// Splits items [0, n) into `groups` contiguous non-empty runs whose largest cost, run_cost(t, s)
// for the run [t, s), is the least possible; returns each run's first item, then n. Among
// equal splits, the one whose last run starts earliest, then likewise for the runs before it.
template <typename RunCost>
std::vector<std::size_t> BalancedRuns(std::size_t n, std::size_t groups, const RunCost& run_cost) {
  // largest[g][s]: the least largest run cost over splits of items [0, s) into g runs;
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
        const std::uint64_t run = std::max(largest[g - 1][t], run_cost(t, s));
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

// Calls consume(bytes) on [begin, end) of the file, a buffer at a time.
template <typename Consume>
void ReadRange(const std::string& path, std::uint64_t begin, std::uint64_t end,
               std::size_t buffer_bytes, const Consume& consume) {
  const std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                             &std::fclose);
  if (file == nullptr || fseeko(file.get(), static_cast<off_t>(begin), SEEK_SET) != 0) {
    throw InvalidInput(path, std::string("cannot read: ") + std::strerror(errno));
  }
  std::vector<char> buffer(buffer_bytes);
  while (begin < end) {
    const std::size_t got = std::fread(
        buffer.data(), 1,
        static_cast<std::size_t>(std::min<std::uint64_t>(buffer.size(), end - begin)), file.get());
    if (got == 0) {
      if (std::ferror(file.get())) {
        throw InvalidInput(path, std::string("read failed: ") + std::strerror(errno));
      }
      return;
    }
    if (!consume(std::string_view(buffer.data(), got))) return;
    begin += got;
  }
}

std::uint64_t CountNewlines(const std::string& path, std::uint64_t begin, std::uint64_t end) {
  std::uint64_t newlines = 0;
  ReadRange(path, begin, end, std::size_t{1} << 20, [&](std::string_view bytes) {
    newlines += static_cast<std::uint64_t>(std::count(bytes.begin(), bytes.end(), '\n'));
    return true;
  });
  return newlines;
}

// The first offset at or after `offset` that starts a line: offset itself after a newline,
// else just past the next newline, else the file's size.
std::uint64_t NextLineStart(const std::string& path, std::uint64_t offset, std::uint64_t size) {
  std::uint64_t at = offset - 1, found = size;
  // Rows are short: the next newline is nearly always in the first few hundred bytes.
  ReadRange(path, offset - 1, size, std::size_t{1} << 16, [&](std::string_view bytes) {
    const std::size_t newline = bytes.find('\n');
    if (newline == std::string_view::npos) {
      at += bytes.size();
      return true;
    }
    found = at + newline + 1;
    return false;
  });
  return found;
}

// What says a file is the one read before: a changed size, time of change or inode means
// another file or other bytes.
struct FileIdentity {
  bool known = false;
  std::uint64_t device = 0, inode = 0, size = 0;
  std::int64_t changed_ns = 0;
  bool operator==(const FileIdentity&) const = default;
};

FileIdentity IdentifyFile(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    throw InvalidInput(path, std::string("cannot stat: ") + std::strerror(errno));
  }
  return {true, static_cast<std::uint64_t>(info.st_dev), static_cast<std::uint64_t>(info.st_ino),
          static_cast<std::uint64_t>(info.st_size),
          static_cast<std::int64_t>(info.st_mtim.tv_sec) * 1'000'000'000 + info.st_mtim.tv_nsec};
}

// Large CSV sources are cut into pieces of about an eighth of each thread's share of the
// case's bytes, so that contiguous runs of pieces can share the bytes out evenly.
constexpr std::uint64_t kPiecesPerThread = 8;
// Newlines before a stretch are counted in blocks of this size, in parallel.
constexpr std::uint64_t kCountBlockBytes = std::uint64_t{64} << 20;

struct Piece {
  std::size_t source;
  std::uint64_t begin, end;
};

}  // namespace

// Cutting where the bytes before passed an even share could leave one thread three times the
// other's work: a generated case's sources run 34, 7, 13, 46, 7, 2, 20 and 2 MB.
std::vector<std::size_t> BalancedGroups(std::span<const std::uint64_t> bytes, std::size_t groups) {
  std::vector<std::uint64_t> before(bytes.size() + 1, 0);
  for (std::size_t s = 0; s < bytes.size(); ++s) before[s + 1] = before[s] + bytes[s];
  return BalancedRuns(bytes.size(), groups,
                      [&](std::size_t t, std::size_t s) { return before[s] - before[t]; });
}

CaseData LoadCase(const CaseFile& case_file, const LoadOptions& options, LoadStats* stats) {
  const std::size_t sources = case_file.sources.size();
  std::uint64_t total_bytes = 0;
  std::vector<std::uint64_t> source_bytes(sources, 0);
  std::vector<CsvHeader> headers(sources);
  for (std::size_t s = 0; s < sources; ++s) {
    const SourceSpec& spec = case_file.sources[s];
    if (spec.format == SourceFormat::kCsv) {
      headers[s] = ReadCsvHeader(spec, options);
    } else {
      LineReader probe(spec.resolved_path);  // fails now, naming the file, if it cannot be read
    }
    std::error_code error;
    const auto size = std::filesystem::file_size(spec.resolved_path, error);
    source_bytes[s] = error ? 0 : size;
    total_bytes += source_bytes[s];
  }
  if (!case_file.judgements_path.empty()) LineReader probe(case_file.judgements_path);

  // Sources load in contiguous groups, one group per thread, each into one table (two when it
  // starts within a source: below), source after source; the merge then appends the tables in
  // order. Interning one source
  // after another into a pool gives the ids the merge gives (it interns a later pool's strings
  // in their first-seen order), so the records are the same at any thread count, and with one
  // thread nothing is copied or re-interned. On several threads a large CSV source is cut
  // into pieces, so a group may begin or end within it: a thread then loads a stretch of it
  // (Segment), and one source of 1 GB loads on every thread.
  const auto threads = static_cast<std::size_t>(parallel::MaxThreads());
  // Cuts fall on the blocks that end RowBatch's batches, so that no batch spans two stretches.
  constexpr std::uint64_t kBlock = RowBatch::kBatchBlockBytes;
  const std::uint64_t piece_bytes =
      (std::max(options.min_piece_bytes, total_bytes / (threads * kPiecesPerThread)) + kBlock - 1) /
      kBlock * kBlock;
  std::vector<Piece> pieces;
  for (std::size_t s = 0; s < sources; ++s) {
    std::uint64_t begin = 0;
    // A cut is past the header: a stretch after the first starts at a data row.
    if (threads > 1 && case_file.sources[s].format == SourceFormat::kCsv &&
        headers[s].data_offset > 0) {
      for (std::uint64_t cut = piece_bytes; cut < source_bytes[s]; cut += piece_bytes) {
        if (cut <= headers[s].data_offset) continue;
        pieces.push_back({s, begin, cut});
        begin = cut;
      }
    }
    pieces.push_back({s, begin, source_bytes[s]});
  }
  std::vector<std::uint64_t> before(pieces.size() + 1, 0);
  for (std::size_t k = 0; k < pieces.size(); ++k) {
    before[k + 1] = before[k] + (pieces[k].end - pieces[k].begin);
  }
  // A run's cost is its bytes: a source not cut is hashed by its reader, a cut one by the
  // threads parsing its stretches, in step with them (SharedFileDigest).
  const std::vector<std::size_t> group_begin =
      BalancedRuns(pieces.size(), std::min(pieces.size(), threads),
                   [&](std::size_t t, std::size_t e) { return before[e] - before[t]; });
  const std::size_t groups = group_begin.size() - 1;

  // Each group's pieces of one source make one segment; only a group's first segment may start
  // within a source, and only its last may stop within one. A group loads its segments in
  // runs, a table each: a segment starting within a source is a run of its own, so that
  // loading it again (below) redoes no other.
  std::vector<Segment> segments;
  std::vector<std::size_t> run_begin, group_run_begin;  // each one's first, then the count
  for (std::size_t g = 0; g < groups; ++g) {
    group_run_begin.push_back(run_begin.size());
    run_begin.push_back(segments.size());
    for (std::size_t k = group_begin[g]; k < group_begin[g + 1]; ++k) {
      const Piece& piece = pieces[k];
      if (k > group_begin[g] && piece.source == segments.back().source) {
        segments.back().end = piece.end;
        continue;
      }
      if (k > group_begin[g] && segments[run_begin.back()].begin > 0 &&
          run_begin.back() + 1 == segments.size()) {
        run_begin.push_back(segments.size());
      }
      segments.push_back({piece.source, piece.begin, piece.end, 1});
    }
  }
  group_run_begin.push_back(run_begin.size());
  run_begin.push_back(segments.size());
  std::vector<std::size_t> run_of_segment(segments.size());
  for (std::size_t r = 0; r + 1 < run_begin.size(); ++r) {
    std::fill(run_of_segment.begin() + static_cast<std::ptrdiff_t>(run_begin[r]),
              run_of_segment.begin() + static_cast<std::ptrdiff_t>(run_begin[r + 1]), r);
  }
  for (Segment& segment : segments) {
    if (segment.end == source_bytes[segment.source]) segment.end = Segment::kToEnd;
  }
  // A cut source's digest is of one read while other threads parse other stretches: the file
  // must be the same file, unchanged, when every stretch has been read.
  std::vector<FileIdentity> identity_before(sources);
  std::vector<std::unique_ptr<SharedFileDigest>> digests(sources);
  for (const Segment& segment : segments) {
    if (segment.begin > 0 && digests[segment.source] == nullptr) {
      const std::string& path = case_file.sources[segment.source].resolved_path;
      identity_before[segment.source] = IdentifyFile(path);
      digests[segment.source] = std::make_unique<SharedFileDigest>(path);
    }
  }
  for (Segment& segment : segments) segment.digest = digests[segment.source].get();

  // A later stretch starts at the first line start at or after its cut, which is a row start
  // unless the cut falls in a quoted field holding a newline; the stretch before it, read on
  // past the cut to the end of its last row, says which (checked below). Its line number is
  // one past the newlines before it, counted in parallel blocks.
  struct CountBlock {
    std::size_t segment;
    std::uint64_t begin, end, newlines;
  };
  std::vector<CountBlock> blocks;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    Segment& segment = segments[i];
    if (segment.begin == 0) continue;
    const std::string& path = case_file.sources[segment.source].resolved_path;
    segment.begin = NextLineStart(path, segment.begin, source_bytes[segment.source]);
    const std::uint64_t from = segments[i - 1].begin;  // the same source's stretch before
    for (std::uint64_t b = from; b < segment.begin; b += kCountBlockBytes) {
      blocks.push_back({i, b, std::min(segment.begin, b + kCountBlockBytes), 0});
    }
  }
  parallel::For(0, blocks.size(), 1, [&](std::size_t k) {
    CountBlock& block = blocks[k];
    block.newlines = CountNewlines(case_file.sources[segments[block.segment].source].resolved_path,
                                   block.begin, block.end);
  });
  for (std::size_t i = 0, k = 0; i < segments.size(); ++i) {
    if (segments[i].begin == 0) continue;
    segments[i].first_line = segments[i - 1].first_line;
    for (; k < blocks.size() && blocks[k].segment == i; ++k) {
      segments[i].first_line += blocks[k].newlines;
    }
  }

  std::vector<RecordTable> tables(run_begin.size() - 1);
  std::vector<LoadedSource> loaded(segments.size());
  // A segment whose start moved past its cut end (a row ran over the whole piece) has none.
  const auto segment_bytes = [&](const Segment& segment) {
    const std::uint64_t end = std::min(segment.end, source_bytes[segment.source]);
    return end - std::min(segment.begin, end);
  };
  const auto load_run = [&](std::size_t r, ProgressRelay& progress) {
    RecordTable& table = tables[r];
    table = RecordTable();
    // Room for the run's segments: the merge appends the later tables to the first by moving
    // their pages (MappedColumn::Append), so no table needs room for another's.
    std::uint64_t room = 0;
    for (std::size_t i = run_begin[r]; i < run_begin[r + 1]; ++i) {
      room += segment_bytes(segments[i]);
    }
    for (std::size_t i = run_begin[r]; i < run_begin[r + 1]; ++i) {
      const Segment& segment = segments[i];
      const SourceSpec& spec = case_file.sources[segment.source];
      LoadedSource& out = loaded[i];
      out = LoadedSource();
      out.table = &table;
      out.report.info.path = spec.path;
      out.report.name = spec.name;
      out.report.format = std::string(SourceFormatName(spec.format));
      if (spec.kind) out.report.kind = std::string(RecordKindName(*spec.kind));
      out.report.region = spec.region;
      const auto index = static_cast<SourceIndex>(segment.source);
      const std::size_t records_before = table.size();
      switch (spec.format) {
        case SourceFormat::kCsv:
          LoadCsv(spec, index, options, headers[segment.source], segment, room, progress, out);
          break;
        case SourceFormat::kJsonLines:
          LoadJsonLines(spec, index, progress, out);
          break;
        case SourceFormat::kFtm:
          LoadFtm(spec, index, progress, out);
          break;
      }
      out.report.records = table.size() - records_before;
      room -= segment_bytes(segment);
    }
  };
  ProgressRelay progress(options, total_bytes);
  parallel::For(0, groups, 1, [&](std::size_t g) {
    for (std::size_t r = group_run_begin[g]; r < group_run_begin[g + 1]; ++r) {
      load_run(r, progress);
    }
  });
  // A stretch that did not start where the stretch before it stopped began inside a quoted
  // field: once that stretch is final, it loads again from where that one stopped. The
  // stretches found so together load again together, and their successors are checked after.
  const LoadOptions quiet;
  ProgressRelay no_progress(quiet, total_bytes);
  std::vector<char> settled(segments.size(), 0);
  std::size_t restarted = 0;
  for (;;) {
    std::vector<std::size_t> again;
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (settled[i]) continue;
      if (segments[i].begin == 0 ||
          (settled[i - 1] && loaded[i - 1].stopped_at == segments[i].begin)) {
        settled[i] = 1;
      } else if (settled[i - 1]) {
        again.push_back(i);
      }
    }
    if (again.empty()) break;
    parallel::For(0, again.size(), 1, [&](std::size_t k) {
      Segment& segment = segments[again[k]];
      const std::string& path = case_file.sources[segment.source].resolved_path;
      const std::uint64_t stopped_at = loaded[again[k] - 1].stopped_at;
      if (stopped_at > segment.begin) {
        segment.first_line += CountNewlines(path, segment.begin, stopped_at);
      } else {
        segment.first_line -= CountNewlines(path, stopped_at, segment.begin);
      }
      segment.begin = stopped_at;
      load_run(run_of_segment[again[k]], no_progress);
    });
    for (const std::size_t i : again) settled[i] = 1;
    restarted += again.size();
  }
  std::vector<SharedFileDigest::Result> cut_digests(sources);
  parallel::For(0, sources, 1, [&](std::size_t s) {
    if (digests[s] != nullptr) cut_digests[s] = digests[s]->Finish();
  });
  for (std::size_t s = 0; s < sources; ++s) {
    const std::string& path = case_file.sources[s].resolved_path;
    if (identity_before[s].known && !(IdentifyFile(path) == identity_before[s])) {
      throw InvalidInput(path, "changed while it was being read");
    }
  }
  if (stats != nullptr) {
    stats->stretches = segments.size();
    stats->restarted_stretches = restarted;
  }

  CaseData data;
  data.name = case_file.name;
  data.case_path = case_file.path;
  data.region = case_file.region;
  for (std::size_t i = 0; i < segments.size(); ++i) {
    SourceReport& report = loaded[i].report;
    if (segments[i].begin == 0) {
      if (segments[i].digest != nullptr) {
        report.info.sha256_hex = std::move(cut_digests[segments[i].source].sha256_hex);
        report.info.bytes = cut_digests[segments[i].source].bytes;
      }
      data.sources.push_back(std::move(report));
    } else {
      SourceReport& whole = data.sources.back();
      whole.info.rows += report.info.rows;
      whole.info.loaded += report.info.loaded;
      whole.info.rejected += report.info.rejected;
      whole.records += report.records;
      for (const auto& [warning, count] : report.warnings) whole.warnings[warning] += count;
    }
    for (Reject& reject : loaded[i].rejects) data.rejects.push_back(std::move(reject));
  }
  // Every string is in: the lookup table would only hold memory from here on.
  data.records = RecordTable::Concatenate(std::move(tables), StringPool::MergedIndex::kRelease);
  MakeIdsUnique(data);
  if (!case_file.judgements_path.empty()) LoadJudgements(case_file.judgements_path, options, data);
  return data;
}

}  // namespace corridor
