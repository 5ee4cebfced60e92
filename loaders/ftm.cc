#include "loaders/ftm.h"

#include <initializer_list>
#include <utility>

#include "loaders/time_parse.h"

namespace corridor {
namespace {

using rapidjson::Value;
using Mapping = std::initializer_list<std::pair<const char*, Field>>;

const Mapping kPersonProperties = {{"name", Field::kFullName},
                                   {"firstName", Field::kGivenName},
                                   {"lastName", Field::kFamilyName},
                                   {"fatherName", Field::kFatherName},
                                   {"alias", Field::kAlias},
                                   {"weakAlias", Field::kAlias},
                                   {"birthDate", Field::kDob},
                                   {"gender", Field::kSex},
                                   {"nationality", Field::kNationality},
                                   {"citizenship", Field::kNationality},
                                   {"idNumber", Field::kDocument},
                                   {"passportNumber", Field::kDocument},
                                   {"phone", Field::kPhone},
                                   {"email", Field::kEmail},
                                   {"address", Field::kAddress},
                                   {"country", Field::kCountry}};
const Mapping kOrganisationProperties = {{"name", Field::kName},
                                         {"alias", Field::kAlias},
                                         {"registrationNumber", Field::kDocument},
                                         {"country", Field::kCountry},
                                         {"phone", Field::kPhone},
                                         {"email", Field::kEmail},
                                         {"address", Field::kAddress}};
const Mapping kDocumentProperties = {{"number", Field::kDocument},
                                     {"passportNumber", Field::kDocument},
                                     {"country", Field::kNationality},
                                     {"holder", Field::kFromRef}};
const Mapping kAddressProperties = {{"full", Field::kName},
                                    {"city", Field::kCity},
                                    {"postalCode", Field::kPostcode},
                                    {"country", Field::kCountry}};
const Mapping kPaymentProperties = {{"payer", Field::kFromRef},
                                    {"beneficiary", Field::kToRef},
                                    {"amount", Field::kAmount},
                                    {"currency", Field::kCurrency},
                                    {"date", Field::kTime},
                                    {"startDate", Field::kTime},
                                    {"purpose", Field::kChannel},
                                    {"payerAccount", Field::kPayerAccount},
                                    {"beneficiaryAccount", Field::kPayeeAccount}};
const Mapping kCallProperties = {{"caller", Field::kFromRef},    {"receiver", Field::kToRef},
                                 {"callerNumber", Field::kFrom}, {"receiverNumber", Field::kTo},
                                 {"date", Field::kTime},         {"startDate", Field::kTime},
                                 {"duration", Field::kDuration}};
const Mapping kAccountProperties = {{"accountNumber", Field::kAccount},
                                    {"iban", Field::kAccount},
                                    {"bankName", Field::kName},
                                    {"holder", Field::kFromRef},
                                    {"country", Field::kCountry}};

struct Schema {
  const char* name;
  RecordKind kind;
  const Mapping* properties;
};

const Schema kSchemata[] = {
    {"Person", RecordKind::kPerson, &kPersonProperties},
    {"LegalEntity", RecordKind::kPerson, &kPersonProperties},
    {"Organization", RecordKind::kOrganisation, &kOrganisationProperties},
    {"Company", RecordKind::kOrganisation, &kOrganisationProperties},
    {"Passport", RecordKind::kPerson, &kDocumentProperties},
    {"Identification", RecordKind::kPerson, &kDocumentProperties},
    {"Address", RecordKind::kPlace, &kAddressProperties},
    {"Payment", RecordKind::kTransfer, &kPaymentProperties},
    {"Call", RecordKind::kCall, &kCallProperties},
    {"BankAccount", RecordKind::kAccount, &kAccountProperties},
};

std::string_view Text(const Value& value) { return {value.GetString(), value.GetStringLength()}; }

// Adds every string (or number) value of `property` as `field`; false if malformed.
bool AddProperty(const Value& properties, const char* property, Field field, RecordTable& out) {
  const auto it = properties.FindMember(property);
  if (it == properties.MemberEnd()) return true;
  const auto add = [&](const Value& v) {
    if (v.IsString() && v.GetStringLength() > 0) {
      out.AddField(field, Text(v));
    } else if (v.IsObject() && v.HasMember("id") && v["id"].IsString()) {
      out.AddField(field, Text(v["id"]));  // nested entity, as some exports inline them
    } else if (!v.IsNull() && !v.IsString()) {
      return false;
    }
    return true;
  };
  if (it->value.IsArray()) {
    for (const Value& v : it->value.GetArray()) {
      if (!add(v)) return false;
    }
    return true;
  }
  return add(it->value);
}

}  // namespace

std::string EmitFtmEntity(const Value& entity, const RecordRef& ref, RecordTable& out,
                          std::map<std::string, std::uint64_t>& warnings,
                          std::map<std::string, std::uint64_t>& ignored) {
  if (!entity.IsObject()) return "FtM line is not a JSON object";
  if (!entity.HasMember("id") || !entity["id"].IsString() || entity["id"].GetStringLength() == 0) {
    return "FtM entity has no \"id\"";
  }
  if (!entity.HasMember("schema") || !entity["schema"].IsString()) {
    return "FtM entity has no \"schema\"";
  }
  const std::string schema(Text(entity["schema"]));
  const Schema* known = nullptr;
  for (const Schema& s : kSchemata) {
    if (schema == s.name) known = &s;
  }
  const bool relation = schema == "Family" || schema == "Associate";
  if (known == nullptr && !relation) {
    ++ignored[schema];
    return "FtM schema '" + schema + "' is not used by Corridor";
  }
  static const Value kNoProperties(rapidjson::kObjectType);
  const Value* properties = &kNoProperties;
  if (entity.HasMember("properties")) {
    properties = &entity["properties"];
    if (!properties->IsObject()) return "FtM \"properties\" is not an object";
  }
  const RecordIndex record =
      out.BeginRecord(relation ? RecordKind::kRelation : known->kind, ref, Text(entity["id"]));
  const auto fail = [&](const char* property) {
    out.RemoveLast();
    return std::string("FtM property '") + property + "' holds a value that is not a string";
  };
  if (relation) {
    const char* other = schema == "Family" ? "relative" : "associate";
    if (!AddProperty(*properties, "person", Field::kFromRef, out)) return fail("person");
    if (!AddProperty(*properties, other, Field::kToRef, out)) return fail(other);
    std::string role = schema == "Family" ? "family" : "associate";
    const auto it = properties->FindMember("relationship");
    if (it != properties->MemberEnd() && it->value.IsArray() && !it->value.Empty() &&
        it->value[0].IsString()) {
      role += ": " + std::string(Text(it->value[0]));
    }
    out.AddField(Field::kRole, role);
    return {};
  }
  for (const auto& [property, field] : *known->properties) {
    if (!AddProperty(*properties, property, field, out)) return fail(property);
  }
  const std::string_view time = out.First(record, Field::kTime);
  if (!time.empty()) {
    const TimeParse parsed = ParseTime(time, {});
    if (parsed.status == TimeParse::Status::kOk) {
      out.SetTime(record, parsed.time);
    } else {
      ++warnings["invalid_time"];
    }
  }
  return {};
}

}  // namespace corridor
