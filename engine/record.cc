#include "engine/record.h"

#include <array>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

constexpr std::array<std::string_view, kRecordKindCount> kKindNames = {
    "person", "phone", "contact",      "call",    "message", "transfer",
    "travel", "place", "organisation", "account", "relation"};

constexpr std::array<std::string_view, kFieldCount> kFieldNames = {
    "id",          "full_name",  "given_name",    "family_name",   "father_name", "alias",
    "dob",         "sex",        "nationality",   "document",      "phone",       "email",
    "address",     "city",       "postcode",      "role",          "imei",        "imsi",
    "owner_phone", "owner_name", "contact_name",  "contact_phone", "from",        "to",
    "time",        "duration",   "place",         "cell",          "payer_name",  "payer_account",
    "payer_phone", "payee_name", "payee_account", "payee_phone",   "amount",      "currency",
    "channel",     "from_place", "to_place",      "mode",          "name",        "country",
    "lat",         "lon",        "account",       "from_ref",      "to_ref"};

static_assert(static_cast<int>(Field::kToRef) + 1 == kFieldCount);
static_assert(static_cast<int>(RecordKind::kRelation) + 1 == kRecordKindCount);

}  // namespace

std::string_view RecordKindName(RecordKind kind) {
  return kKindNames[static_cast<std::size_t>(kind)];
}

std::optional<RecordKind> ParseRecordKind(std::string_view name) {
  for (std::size_t i = 0; i < kKindNames.size(); ++i) {
    if (kKindNames[i] == name) return static_cast<RecordKind>(i);
  }
  return std::nullopt;
}

std::string_view FieldName(Field field) { return kFieldNames[static_cast<std::size_t>(field)]; }

std::optional<Field> ParseField(std::string_view name) {
  for (std::size_t i = 0; i < kFieldNames.size(); ++i) {
    if (kFieldNames[i] == name) return static_cast<Field>(i);
  }
  return std::nullopt;
}

RecordIndex RecordTable::BeginRecord(RecordKind kind, const RecordRef& ref,
                                     std::string_view record_id) {
  if (kinds_.size() >= kNoId) throw InternalError("record table exceeds 2^32 records");
  kinds_.push_back(kind);
  refs_.push_back(ref);
  times_.push_back(PartialTime());
  record_ids_.push_back(strings_.Append(record_id));
  field_begin_.push_back(static_cast<std::uint32_t>(fields_.size()));
  return static_cast<RecordIndex>(kinds_.size() - 1);
}

void RecordTable::AddField(Field field, std::string_view value) {
  AddFieldId(field, StoredRaw(field) ? strings_.Append(value) : strings_.Intern(value));
}

void RecordTable::AddFieldId(Field field, StringId value) {
  if (kinds_.empty()) throw InternalError("AddField before BeginRecord");
  if (fields_.size() >= kNoId) throw InternalError("record table exceeds 2^32 field values");
  fields_.push_back({field, value});
  field_begin_.back() = static_cast<std::uint32_t>(fields_.size());
}

void RecordTable::Reserve(std::size_t records, std::size_t fields) {
  kinds_.reserve(records);
  refs_.reserve(records);
  times_.reserve(records);
  record_ids_.reserve(records);
  field_begin_.reserve(records + 1);
  fields_.reserve(fields);
}

void RecordTable::RemoveLast() {
  if (kinds_.empty()) throw InternalError("RemoveLast on an empty record table");
  kinds_.pop_back();
  refs_.pop_back();
  times_.pop_back();
  record_ids_.pop_back();
  field_begin_.pop_back();
  fields_.resize(field_begin_.back());
}

std::span<const FieldValue> RecordTable::fields(RecordIndex i) const {
  return {fields_.data() + field_begin_[i], fields_.data() + field_begin_[i + 1]};
}

std::string_view RecordTable::First(RecordIndex i, Field field) const {
  for (const FieldValue& pair : fields(i)) {
    if (pair.field == field) return strings_.View(pair.value);
  }
  return {};
}

RecordTable RecordTable::Concatenate(std::vector<RecordTable>&& parts) {
  if (parts.empty()) return RecordTable();
  std::vector<StringPool> pools;
  std::vector<std::size_t> record_base(parts.size() + 1, 0), field_base(parts.size() + 1, 0);
  for (std::size_t p = 0; p < parts.size(); ++p) {
    pools.push_back(std::move(parts[p].strings_));
    record_base[p + 1] = record_base[p] + parts[p].size();
    field_base[p + 1] = field_base[p] + parts[p].fields_.size();
  }
  if (record_base.back() >= kNoId) throw InternalError("record table exceeds 2^32 records");
  if (field_base.back() >= kNoId) throw InternalError("record table exceeds 2^32 field values");
  std::vector<std::vector<StringId>> remaps;
  // The first part's columns and strings are adopted as they stand, so a one-source case
  // merges for free and a many-source case copies only the later sources.
  RecordTable merged = std::move(parts[0]);
  merged.strings_ = StringPool::Concatenate(std::move(pools), remaps);
  const std::size_t records = record_base.back();
  merged.kinds_.resize(records);
  merged.refs_.resize(records);
  merged.times_.resize(records);
  merged.record_ids_.resize(records);
  merged.field_begin_.resize(records + 1);
  merged.fields_.resize(field_base.back());
  merged.field_begin_[records] = static_cast<std::uint32_t>(field_base.back());
  for (std::size_t p = 1; p < parts.size(); ++p) {
    const RecordTable& part = parts[p];
    const std::vector<StringId>& remap = remaps[p];
    const std::size_t base = record_base[p];
    parallel::ForChunks(
        0, part.size(), parallel::kGrainCoarse, [&](std::size_t lo, std::size_t hi) {
          for (std::size_t i = lo; i < hi; ++i) {
            merged.kinds_[base + i] = part.kinds_[i];
            merged.refs_[base + i] = part.refs_[i];
            merged.times_[base + i] = part.times_[i];
            merged.record_ids_[base + i] = remap[part.record_ids_[i]];
            merged.field_begin_[base + i] =
                static_cast<std::uint32_t>(field_base[p] + part.field_begin_[i]);
            for (std::uint32_t k = part.field_begin_[i]; k < part.field_begin_[i + 1]; ++k) {
              merged.fields_[field_base[p] + k] = {part.fields_[k].field,
                                                   remap[part.fields_[k].value]};
            }
          }
        });
  }
  return merged;
}

std::string PersonName(const RecordTable& records, RecordIndex r) {
  const std::string_view full = records.First(r, Field::kFullName);
  if (!full.empty()) return std::string(full);
  std::string name(records.First(r, Field::kGivenName));
  const std::string_view family = records.First(r, Field::kFamilyName);
  if (!family.empty()) name += (name.empty() ? "" : " ") + std::string(family);
  if (name.empty()) name = records.First(r, Field::kName);
  return name;
}

}  // namespace corridor
