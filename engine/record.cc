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

RecordTable RecordTable::Concatenate(std::vector<RecordTable>&& parts,
                                     StringPool::MergedIndex index) {
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
  RecordTable merged = std::move(parts[0]);
  merged.strings_ = StringPool::Concatenate(std::move(pools), remaps, index);
  // Room for every part first, while the first part's columns are each one mapping and grow
  // by mremap: a column that has taken another's pages is several mappings, which could only
  // grow by a copy.
  const std::size_t records = record_base.back();
  merged.kinds_.reserve(records);
  merged.refs_.reserve(records);
  merged.times_.reserve(records);
  merged.record_ids_.reserve(records);
  merged.field_begin_.reserve(records + 1);
  merged.fields_.reserve(field_base.back());
  for (std::size_t p = 1; p < parts.size(); ++p) {
    RecordTable& part = parts[p];
    const std::vector<StringId>& remap = remaps[p];
    const std::size_t base = record_base[p];
    const std::size_t count = part.size();
    merged.kinds_.Append(std::move(part.kinds_));
    merged.refs_.Append(std::move(part.refs_));
    merged.times_.Append(std::move(part.times_));
    merged.record_ids_.Append(std::move(part.record_ids_));
    merged.field_begin_.pop_back();  // the part's own first offset, 0, takes its place
    merged.field_begin_.Append(std::move(part.field_begin_));
    merged.fields_.Append(std::move(part.fields_));
    // Append moved the part's ids and offsets unchanged: they still index the part's own
    // string pool and field values.
    parallel::ForChunks(0, count + 1, parallel::kGrainCoarse, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t i = lo; i < hi; ++i) {
        if (i < count) merged.record_ids_[base + i] = remap[merged.record_ids_[base + i]];
        merged.field_begin_[base + i] += static_cast<std::uint32_t>(field_base[p]);
      }
    });
    parallel::ForChunks(field_base[p], field_base[p + 1], parallel::kGrainCoarse,
                        [&](std::size_t lo, std::size_t hi) {
                          for (std::size_t k = lo; k < hi; ++k) {
                            merged.fields_[k].value = remap[merged.fields_[k].value];
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
