#pragma once
// Records: one mention or event taken from one row of one source, before resolution.
//
// The table is columnar and flat: per record a kind, a RecordRef, a record id and a slice of
// (field, value) pairs in two shared arrays, with values in the table's StringPool: interned
// (equal text, equal id) except for fields unique by nature (StoredRaw) and record ids, which
// are stored unindexed; compare those by text.
// A field may repeat within a record (three phone columns give three kPhone pairs), which is
// how multi-valued fields are held. Values are kept as read: normalisation is a later stage
// and must be able to show the raw text it started from.

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/ids.h"
#include "engine/mapped_column.h"
#include "engine/partial_time.h"
#include "engine/provenance.h"
#include "engine/string_pool.h"

namespace corridor {

enum class RecordKind : std::uint8_t {
  kPerson,
  kPhone,
  kContact,
  kCall,
  kMessage,
  kTransfer,
  kTravel,
  kPlace,
  // From FollowTheMoney input: organisations, bank accounts, and relations between records
  // (family, associates, document holders), whose ends are record ids in kFromRef/kToRef.
  kOrganisation,
  kAccount,
  kRelation,
};
inline constexpr int kRecordKindCount = 11;

// The field vocabulary of the case format (docs/case-format.md); which fields a kind accepts
// is the loaders' business.
enum class Field : std::uint8_t {
  kId,
  kFullName,
  kGivenName,
  kFamilyName,
  kFatherName,
  kAlias,
  kDob,
  kSex,
  kNationality,
  kDocument,
  kPhone,
  kEmail,
  kAddress,
  kCity,
  kPostcode,
  kRole,
  kImei,
  kImsi,
  kOwnerPhone,
  kOwnerName,
  kContactName,
  kContactPhone,
  kFrom,
  kTo,
  kTime,
  kDuration,
  kPlace,
  kCell,
  kPayerName,
  kPayerAccount,
  kPayerPhone,
  kPayeeName,
  kPayeeAccount,
  kPayeePhone,
  kAmount,
  kCurrency,
  kChannel,
  kFromPlace,
  kToPlace,
  kMode,
  kName,
  kCountry,
  kLat,
  kLon,
  // Not in the case-file vocabulary: filled by loaders for records they derive.
  kAccount,  // an account number held by a person mention (transfer payer or payee)
  kFromRef,  // record id of a relation's first end (FtM entity references)
  kToRef,    // record id of a relation's second end
};
inline constexpr int kFieldCount = 47;

// Fields whose values are mostly unique (ids, timestamps, coordinates, references): stored
// without deduplication, since indexing them would cost a cache miss per value for nothing.
// Durations and amounts repeat (a few thousand call lengths, round sums), so they are
// interned: 4 bytes a value instead of a view and its bytes.
constexpr bool StoredRaw(Field field) {
  switch (field) {
    case Field::kId:
    case Field::kTime:
    case Field::kLat:
    case Field::kLon:
    case Field::kFromRef:
    case Field::kToRef:
      return true;
    default:
      return false;
  }
}

std::string_view RecordKindName(RecordKind kind);
std::optional<RecordKind> ParseRecordKind(std::string_view name);
std::string_view FieldName(Field field);
std::optional<Field> ParseField(std::string_view name);

// A StringId stored in 4 bytes with no alignment, read and written through copies: a packed
// struct's plain member would let a reference bind to a misaligned address.
class UnalignedId {
 public:
  UnalignedId() = default;
  UnalignedId(StringId id) { *this = id; }  // implicit: stands in for a StringId
  UnalignedId& operator=(StringId id) {
    std::memcpy(bytes_, &id, sizeof id);
    return *this;
  }
  operator StringId() const {  // implicit too
    StringId id;
    std::memcpy(&id, bytes_, sizeof id);
    return id;
  }
  friend bool operator==(UnalignedId a, UnalignedId b) { return StringId{a} == StringId{b}; }

 private:
  unsigned char bytes_[sizeof(StringId)] = {};
};

// 5 bytes, not 8 as a padded struct would take: a case holds one per value (130M on a million
// persons), and at that scale memory is time, since every fresh page costs a fault to fill.
struct FieldValue {
  Field field;
  UnalignedId value;
};
static_assert(sizeof(FieldValue) == 5 && alignof(FieldValue) == 1);

class RecordTable {
 public:
  RecordTable() { field_begin_.push_back(0); }

  // Appends a record; its fields are the pairs added until the next BeginRecord.
  RecordIndex BeginRecord(RecordKind kind, const RecordRef& ref, std::string_view record_id);
  void AddField(Field field, std::string_view value);
  void AddFieldId(Field field, StringId value);
  // Makes room for `records` records with `fields` field values in all, so a loader that can
  // estimate its size from the file does not copy the columns as they grow.
  void Reserve(std::size_t records, std::size_t fields);
  // Removes the last record, for a reader that finds a row unusable midway.
  void RemoveLast();

  std::size_t size() const { return kinds_.size(); }
  std::size_t field_count() const { return fields_.size(); }  // field values of all records
  RecordKind kind(RecordIndex i) const { return kinds_[i]; }
  const RecordRef& ref(RecordIndex i) const { return refs_[i]; }
  // The record's event time (calls, transfers, travel), parsed by the loader with the
  // source's declared formats; unknown when absent or unparsable (the raw text stays in kTime).
  const PartialTime& time(RecordIndex i) const { return times_[i]; }
  void SetTime(RecordIndex i, const PartialTime& time) { times_[i] = time; }
  std::string_view record_id(RecordIndex i) const { return strings_.View(record_ids_[i]); }
  std::span<const FieldValue> fields(RecordIndex i) const;
  std::span<FieldValue> mutable_fields(RecordIndex i) {
    return {fields_.data() + field_begin_[i], fields_.data() + field_begin_[i + 1]};
  }
  // The first value of `field`, or empty when the record has none.
  std::string_view First(RecordIndex i, Field field) const;

  // Renames a record; the loader uses it to make repeated ids unique within a case.
  void SetRecordId(RecordIndex i, std::string_view record_id) {
    record_ids_[i] = strings_.Append(record_id);
  }

  StringPool& strings() { return strings_; }
  const StringPool& strings() const { return strings_; }

  // One table holding all records of `parts`, in order; used to merge per-source tables in
  // source order so the result does not depend on which thread loaded what. Strings are
  // merged without copying their bytes, and the later parts' columns by moving their pages
  // (MappedColumn::Append). The string index as StringPool::Concatenate's.
  static RecordTable Concatenate(std::vector<RecordTable>&& parts,
                                 StringPool::MergedIndex index = StringPool::MergedIndex::kKeep);

 private:
  StringPool strings_;
  MappedColumn<RecordKind> kinds_;
  MappedColumn<RecordRef> refs_;
  MappedColumn<PartialTime> times_;
  MappedColumn<StringId> record_ids_;
  // size() + 1 offsets into fields_, 4 bytes each: a table holds fewer than 2^32 field values
  // as it holds fewer than 2^32 records.
  MappedColumn<std::uint32_t> field_begin_;
  MappedColumn<FieldValue> fields_;
};

// The name a chart or a table shows for a record: its full name, else given and family names,
// else its `name` field (organisations, places); empty if it has none.
std::string PersonName(const RecordTable& records, RecordIndex r);

}  // namespace corridor
