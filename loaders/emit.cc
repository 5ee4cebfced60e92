#include "loaders/emit.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>

#include "loaders/time_parse.h"

namespace corridor {
namespace {

// A set of fields as bits: a row's fields are tested against a record's list once each,
// where nested loops over the row and the list ran for every row.
using FieldSet = std::uint64_t;
static_assert(kFieldCount <= 64);

constexpr FieldSet Bit(Field field) { return FieldSet{1} << static_cast<int>(field); }

constexpr FieldSet Set(std::initializer_list<Field> fields) {
  FieldSet set = 0;
  for (const Field field : fields) set |= Bit(field);
  return set;
}

std::string_view First(std::span<const FieldText> row, Field field) {
  for (const FieldText& f : row) {
    if (f.field == field) return f.value;
  }
  return {};
}

std::string Missing(std::initializer_list<Field> fields) {
  std::string reason =
      fields.size() == 1 ? "missing required value: " : "missing required value: one of ";
  bool first = true;
  for (const Field field : fields) {
    if (!first) reason += ", ";
    reason += FieldName(field);
    first = false;
  }
  return reason;
}

bool IsNumber(std::string_view text) {
  // Plain digits, as durations and most amounts are, need no floating-point parse.
  if (!text.empty() && text.size() <= 18 &&
      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && text.back() == ' ') text.remove_suffix(1);
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size() && std::isfinite(value);
}

class Emitter {
 public:
  Emitter(const SourceSpec& spec, const RecordRef& ref, std::span<const FieldText> row,
          RecordTable& out, std::map<std::string, std::uint64_t>& warnings)
      : spec_(spec), ref_(ref), row_(row), out_(out), warnings_(warnings) {
    for (const FieldText& f : row) present_ |= Bit(f.field);
    base_ = First(row, Field::kId);
    if (base_.empty()) {
      base_storage_ = spec.name + ":" + std::to_string(ref.line);
      base_ = base_storage_;
    }
  }

  // base_ may view base_storage_: a copy would view the original's.
  Emitter(const Emitter&) = delete;
  Emitter& operator=(const Emitter&) = delete;

  std::string Run() {
    const RecordKind kind = *spec_.kind;
    if (const std::string reason = Check(kind); !reason.empty()) return reason;
    switch (kind) {
      case RecordKind::kPerson:
        Record(RecordKind::kPerson, base_, kPersonCopy);
        break;
      case RecordKind::kPhone:
        Record(RecordKind::kPhone, Id("#phone"), {Field::kPhone, Field::kImei, Field::kImsi});
        if (HasAny(kPersonOnly)) Record(RecordKind::kPerson, Id("#subscriber"), kPersonCopy);
        break;
      case RecordKind::kContact:
        Record(RecordKind::kContact, Id("#contact"),
               {Field::kOwnerPhone, Field::kOwnerName, Field::kContactName, Field::kContactPhone});
        AddRef(Field::kToRef, Id("#person"));
        if (Has(Field::kContactPhone)) {
          Begin(RecordKind::kPhone, Id("#phone"));
          CopyAs(Field::kContactPhone, Field::kPhone);
        }
        Begin(RecordKind::kPerson, Id("#person"));
        CopyAs(Field::kContactName, Field::kFullName);
        CopyAs(Field::kContactPhone, Field::kPhone);
        if (Has(Field::kOwnerName)) {
          Begin(RecordKind::kPerson, Id("#owner"));
          CopyAs(Field::kOwnerName, Field::kFullName);
          CopyAs(Field::kOwnerPhone, Field::kPhone);
        }
        break;
      case RecordKind::kCall:
      case RecordKind::kMessage:
        Record(kind, base_,
               {Field::kFrom, Field::kTo, Field::kTime, Field::kDuration, Field::kPlace,
                Field::kCell});
        SetTime();
        CheckNumber(Field::kDuration);
        break;
      case RecordKind::kTransfer:
        Party("#payer", Field::kPayerName, Field::kPayerPhone, Field::kPayerAccount);
        Party("#payee", Field::kPayeeName, Field::kPayeePhone, Field::kPayeeAccount);
        Record(RecordKind::kTransfer, Id("#transfer"),
               {Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone, Field::kPayeeName,
                Field::kPayeeAccount, Field::kPayeePhone, Field::kAmount, Field::kCurrency,
                Field::kTime, Field::kPlace, Field::kChannel});
        if (HasAny({Field::kPayerName, Field::kPayerPhone, Field::kPayerAccount})) {
          AddRef(Field::kFromRef, Id("#payer"));
        }
        if (HasAny({Field::kPayeeName, Field::kPayeePhone, Field::kPayeeAccount})) {
          AddRef(Field::kToRef, Id("#payee"));
        }
        SetTime();
        CheckNumber(Field::kAmount);
        break;
      case RecordKind::kTravel:
        // One passenger and one ticket a row, side by side: resolution finds each ticket's
        // passenger by the row they share (features.cc, AddJourneys).
        Record(RecordKind::kPerson, Id("#person"), kPersonCopy);
        Record(RecordKind::kTravel, Id("#travel"),
               {Field::kFromPlace, Field::kToPlace, Field::kTime, Field::kMode});
        AddRef(Field::kFromRef, Id("#person"));
        SetTime();
        break;
      case RecordKind::kPlace:
        Record(RecordKind::kPlace, base_,
               {Field::kName, Field::kAlias, Field::kCountry, Field::kLat, Field::kLon});
        CheckNumber(Field::kLat);
        CheckNumber(Field::kLon);
        break;
      case RecordKind::kOrganisation:
      case RecordKind::kAccount:
      case RecordKind::kRelation:
        return "kind not mappable from a table";
    }
    return {};
  }

 private:
  static constexpr std::initializer_list<Field> kPersonCopy = {
      Field::kFullName, Field::kGivenName, Field::kFamilyName,  Field::kFatherName, Field::kAlias,
      Field::kDob,      Field::kSex,       Field::kNationality, Field::kDocument,   Field::kPhone,
      Field::kEmail,    Field::kAddress,   Field::kCity,        Field::kPostcode,   Field::kRole};
  // Person fields that make a subscriber mention worth having (a phone alone does not).
  static constexpr std::initializer_list<Field> kPersonOnly = {
      Field::kFullName, Field::kGivenName, Field::kFamilyName, Field::kFatherName, Field::kAlias,
      Field::kDob,      Field::kDocument,  Field::kEmail,      Field::kAddress};
  static constexpr std::initializer_list<Field> kPersonKeys = {
      Field::kFullName, Field::kGivenName, Field::kFamilyName, Field::kAlias,
      Field::kDocument, Field::kPhone,     Field::kEmail};

  std::string Check(RecordKind kind) const {
    switch (kind) {
      case RecordKind::kPerson:
        if (!HasAny(kPersonKeys)) return Missing(kPersonKeys);
        break;
      case RecordKind::kPhone:
        if (!HasAny({Field::kPhone, Field::kImei, Field::kImsi})) {
          return Missing({Field::kPhone, Field::kImei, Field::kImsi});
        }
        break;
      case RecordKind::kContact:
        if (!Has(Field::kOwnerPhone)) return Missing({Field::kOwnerPhone});
        if (!HasAny({Field::kContactPhone, Field::kContactName})) {
          return Missing({Field::kContactPhone, Field::kContactName});
        }
        break;
      case RecordKind::kCall:
      case RecordKind::kMessage:
        if (!Has(Field::kFrom)) return Missing({Field::kFrom});
        if (!Has(Field::kTo)) return Missing({Field::kTo});
        break;
      case RecordKind::kTransfer:
        if (!HasAny({Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone})) {
          return Missing({Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone});
        }
        if (!HasAny({Field::kPayeeName, Field::kPayeeAccount, Field::kPayeePhone})) {
          return Missing({Field::kPayeeName, Field::kPayeeAccount, Field::kPayeePhone});
        }
        break;
      case RecordKind::kTravel:
        if (!HasAny(kPersonKeys)) return Missing(kPersonKeys);
        if (!HasAny({Field::kFromPlace, Field::kToPlace})) {
          return Missing({Field::kFromPlace, Field::kToPlace});
        }
        break;
      case RecordKind::kPlace:
        if (!Has(Field::kName)) return Missing({Field::kName});
        break;
      default:
        break;
    }
    return {};
  }

  bool Has(Field field) const { return (present_ & Bit(field)) != 0; }
  bool HasAny(std::initializer_list<Field> fields) const { return (present_ & Set(fields)) != 0; }

  // The row's id with a role suffix.
  std::string Id(std::string_view suffix) const {
    std::string id(base_);
    id += suffix;
    return id;
  }

  void Begin(RecordKind kind, std::string_view id) { current_ = out_.BeginRecord(kind, ref_, id); }

  void Record(RecordKind kind, std::string_view id, std::initializer_list<Field> fields) {
    Begin(kind, id);
    const FieldSet wanted = Set(fields);
    for (const FieldText& f : row_) {
      if ((wanted & Bit(f.field)) != 0) Add(f.field, f);
    }
  }

  void CopyAs(Field from, Field to) {
    for (const FieldText& f : row_) {
      if (f.field == from) Add(to, f);
    }
  }

  void Add(Field as, const FieldText& f) {
    if (f.id != kNoId && !StoredRaw(as)) {
      out_.AddFieldId(as, f.id);
    } else {
      out_.AddField(as, f.value);
    }
  }

  void AddRef(Field field, const std::string& id) { out_.AddField(field, id); }

  void Party(const char* suffix, Field name, Field phone, Field account) {
    if (!HasAny({name, phone, account})) return;
    Begin(RecordKind::kPerson, Id(suffix));
    CopyAs(name, Field::kFullName);
    CopyAs(phone, Field::kPhone);
    CopyAs(account, Field::kAccount);
  }

  void SetTime() {
    const TimeParse parsed = ParseTime(First(row_, Field::kTime), spec_.time_formats);
    if (parsed.status == TimeParse::Status::kOk) {
      out_.SetTime(current_, parsed.time);
    } else if (parsed.status == TimeParse::Status::kInvalid) {
      ++warnings_["invalid_time"];
    }
  }

  void CheckNumber(Field field) {
    for (const FieldText& f : row_) {
      if (f.field == field && !IsNumber(f.value)) ++warnings_["invalid_number"];
    }
  }

  const SourceSpec& spec_;
  const RecordRef& ref_;
  std::span<const FieldText> row_;
  RecordTable& out_;
  std::map<std::string, std::uint64_t>& warnings_;
  std::string_view base_;     // the row's id, or base_storage_
  std::string base_storage_;  // `<source>:<line>` for a row without an id
  FieldSet present_ = 0;      // the fields the row has values for
  RecordIndex current_ = kNoId;
};

}  // namespace

std::string EmitRow(const SourceSpec& spec, const RecordRef& ref, std::span<const FieldText> row,
                    RecordTable& out, std::map<std::string, std::uint64_t>& warnings) {
  return Emitter(spec, ref, row, out, warnings).Run();
}

}  // namespace corridor
