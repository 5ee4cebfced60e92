#include "loaders/emit.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <initializer_list>

#include "loaders/time_parse.h"

namespace corridor {
namespace {

bool Has(std::span<const FieldText> row, Field field) {
  for (const FieldText& f : row) {
    if (f.field == field) return true;
  }
  return false;
}

bool HasAny(std::span<const FieldText> row, std::initializer_list<Field> fields) {
  for (const Field field : fields) {
    if (Has(row, field)) return true;
  }
  return false;
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
    base_ = std::string(First(row, Field::kId));
    if (base_.empty()) base_ = spec.name + ":" + std::to_string(ref.line);
  }

  std::string Run() {
    const RecordKind kind = *spec_.kind;
    if (const std::string reason = Check(kind); !reason.empty()) return reason;
    switch (kind) {
      case RecordKind::kPerson:
        Record(RecordKind::kPerson, base_, kPersonCopy);
        break;
      case RecordKind::kPhone:
        Record(RecordKind::kPhone, base_ + "#phone", {Field::kPhone, Field::kImei, Field::kImsi});
        if (HasAny(row_, kPersonOnly))
          Record(RecordKind::kPerson, base_ + "#subscriber", kPersonCopy);
        break;
      case RecordKind::kContact:
        Record(RecordKind::kContact, base_ + "#contact",
               {Field::kOwnerPhone, Field::kOwnerName, Field::kContactName, Field::kContactPhone});
        AddRef(Field::kToRef, base_ + "#person");
        if (Has(row_, Field::kContactPhone)) {
          Begin(RecordKind::kPhone, base_ + "#phone");
          CopyAs(Field::kContactPhone, Field::kPhone);
        }
        Begin(RecordKind::kPerson, base_ + "#person");
        CopyAs(Field::kContactName, Field::kFullName);
        CopyAs(Field::kContactPhone, Field::kPhone);
        if (Has(row_, Field::kOwnerName)) {
          Begin(RecordKind::kPerson, base_ + "#owner");
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
        Record(RecordKind::kTransfer, base_ + "#transfer",
               {Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone, Field::kPayeeName,
                Field::kPayeeAccount, Field::kPayeePhone, Field::kAmount, Field::kCurrency,
                Field::kTime, Field::kPlace, Field::kChannel});
        if (HasAny(row_, {Field::kPayerName, Field::kPayerPhone, Field::kPayerAccount})) {
          AddRef(Field::kFromRef, base_ + "#payer");
        }
        if (HasAny(row_, {Field::kPayeeName, Field::kPayeePhone, Field::kPayeeAccount})) {
          AddRef(Field::kToRef, base_ + "#payee");
        }
        SetTime();
        CheckNumber(Field::kAmount);
        break;
      case RecordKind::kTravel:
        Record(RecordKind::kPerson, base_ + "#person", kPersonCopy);
        Record(RecordKind::kTravel, base_ + "#travel",
               {Field::kFromPlace, Field::kToPlace, Field::kTime, Field::kMode});
        AddRef(Field::kFromRef, base_ + "#person");
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
        if (!HasAny(row_, kPersonKeys)) return Missing(kPersonKeys);
        break;
      case RecordKind::kPhone:
        if (!HasAny(row_, {Field::kPhone, Field::kImei, Field::kImsi})) {
          return Missing({Field::kPhone, Field::kImei, Field::kImsi});
        }
        break;
      case RecordKind::kContact:
        if (!Has(row_, Field::kOwnerPhone)) return Missing({Field::kOwnerPhone});
        if (!HasAny(row_, {Field::kContactPhone, Field::kContactName})) {
          return Missing({Field::kContactPhone, Field::kContactName});
        }
        break;
      case RecordKind::kCall:
      case RecordKind::kMessage:
        if (!Has(row_, Field::kFrom)) return Missing({Field::kFrom});
        if (!Has(row_, Field::kTo)) return Missing({Field::kTo});
        break;
      case RecordKind::kTransfer:
        if (!HasAny(row_, {Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone})) {
          return Missing({Field::kPayerName, Field::kPayerAccount, Field::kPayerPhone});
        }
        if (!HasAny(row_, {Field::kPayeeName, Field::kPayeeAccount, Field::kPayeePhone})) {
          return Missing({Field::kPayeeName, Field::kPayeeAccount, Field::kPayeePhone});
        }
        break;
      case RecordKind::kTravel:
        if (!HasAny(row_, kPersonKeys)) return Missing(kPersonKeys);
        if (!HasAny(row_, {Field::kFromPlace, Field::kToPlace})) {
          return Missing({Field::kFromPlace, Field::kToPlace});
        }
        break;
      case RecordKind::kPlace:
        if (!Has(row_, Field::kName)) return Missing({Field::kName});
        break;
      default:
        break;
    }
    return {};
  }

  void Begin(RecordKind kind, const std::string& id) {
    current_ = out_.BeginRecord(kind, ref_, id);
  }

  void Record(RecordKind kind, const std::string& id, std::initializer_list<Field> fields) {
    Begin(kind, id);
    for (const FieldText& f : row_) {
      for (const Field wanted : fields) {
        if (f.field == wanted) Add(f.field, f);
      }
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
    if (!HasAny(row_, {name, phone, account})) return;
    Begin(RecordKind::kPerson, base_ + suffix);
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
  std::string base_;
  RecordIndex current_ = kNoId;
};

}  // namespace

std::string EmitRow(const SourceSpec& spec, const RecordRef& ref, std::span<const FieldText> row,
                    RecordTable& out, std::map<std::string, std::uint64_t>& warnings) {
  return Emitter(spec, ref, row, out, warnings).Run();
}

}  // namespace corridor
