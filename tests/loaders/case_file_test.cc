#include "loaders/case_file.h"

#include <gtest/gtest.h>

#include <string>

#include "engine/errors.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

std::string ErrorOf(const std::string& json) {
  const testing::TempDir dir;
  const std::string path = dir.Write("case.json", json);
  try {
    ReadCaseFile(path);
  } catch (const InvalidInput& error) {
    std::string message = error.what();
    // Report relative to the case file so expectations do not name the temp folder.
    const auto at = message.find(path);
    if (at != std::string::npos) message.replace(at, path.size(), "case.json");
    return message;
  }
  return "no error";
}

TEST(CaseFile, ReadsSourcesWithDefaults) {
  const testing::TempDir dir;
  const std::string path = dir.Write("case.json", R"({
    "name": "Op", "region": "PK",
    "sources": [
      {"path": "sources/bus.csv", "kind": "travel", "time_format": "%d/%m/%Y",
       "fields": {"full_name": "Passenger", "phone": "Mobile", "phone": "Mobile 2",
                  "address": ["Street", "Town"], "from_place": "From"}},
      {"path": "h.jsonl", "kind": "contact", "region": "AF",
       "fields": {"owner_phone": "/device/msisdn", "contact_name": "name"}},
      {"path": "partner.ftm.json"},
      {"path": "x.txt", "name": "febrl", "kind": "person", "trim": true, "delimiter": "tab",
       "fields": {"id": "rec_id"}}
    ],
    "judgements": "judgements.csv"})");
  const CaseFile c = ReadCaseFile(path);
  EXPECT_EQ(c.name, "Op");
  ASSERT_EQ(c.sources.size(), 4u);
  const SourceSpec& bus = c.sources[0];
  EXPECT_EQ(bus.name, "bus");
  EXPECT_EQ(bus.format, SourceFormat::kCsv);
  EXPECT_EQ(bus.region, "PK");
  EXPECT_EQ(bus.resolved_path, (dir.path() / "sources/bus.csv").string());
  ASSERT_EQ(bus.fields.size(), 5u);
  EXPECT_EQ(bus.fields[1].field, Field::kPhone);
  EXPECT_EQ(bus.fields[2].field, Field::kPhone);  // a repeated key is a second column
  EXPECT_EQ(bus.fields[2].columns[0], "Mobile 2");
  EXPECT_EQ(bus.fields[3].columns, (std::vector<std::string>{"Street", "Town"}));
  EXPECT_EQ(bus.time_formats, (std::vector<std::string>{"%d/%m/%Y"}));
  EXPECT_EQ(c.sources[1].format, SourceFormat::kJsonLines);
  EXPECT_EQ(c.sources[1].region, "AF");
  EXPECT_EQ(c.sources[2].format, SourceFormat::kFtm);
  EXPECT_EQ(c.sources[2].name, "partner");
  EXPECT_EQ(c.sources[3].name, "febrl");
  EXPECT_EQ(c.sources[3].delimiter, '\t');
  EXPECT_TRUE(c.sources[3].trim);
  EXPECT_EQ(c.judgements_path, (dir.path() / "judgements.csv").string());
}

TEST(CaseFile, ExactErrorMessages) {
  EXPECT_EQ(ErrorOf("{\n  \"name\": \"x\",\n  \"sources\": [\n}"),
            "case.json:4:1: JSON syntax error: Invalid value.");
  EXPECT_EQ(ErrorOf("[]"), "case.json: the case file must be a JSON object");
  EXPECT_EQ(ErrorOf(R"({"sources": []})"), "case.json: 'sources' must be a non-empty array");
  EXPECT_EQ(ErrorOf(R"({"source": []})"),
            "case.json: unknown key 'source' (known: name, region, sources, judgements)");
  EXPECT_EQ(ErrorOf(R"({"region": "Pakistan", "sources": [{"path": "a.csv"}]})"),
            "case.json: 'region' must be an ISO 3166 two-letter country code such as \"PK\", "
            "not \"Pakistan\"");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "fields": {"id": "x"}}]})"),
            "case.json: source 'a.csv' has no \"kind\"");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "kind": "people", "fields": {}}]})"),
            "case.json: source 'a.csv': unknown kind 'people' (known: person, phone, contact, "
            "call, message, transfer, travel, place)");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "kind": "call",
                        "fields": {"from": "A", "surname": "B"}}]})"),
            "case.json: source 'a.csv': unknown field 'surname' for kind 'call' "
            "(see docs/case-format.md)");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "kind": "call",
                        "fields": {"from": "A", "dob": "B"}}]})"),
            "case.json: source 'a.csv': unknown field 'dob' for kind 'call' "
            "(see docs/case-format.md)");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "kind": "call", "fields": {"from": ""}}]})"),
            "case.json: source 'a.csv' field 'from' names an empty column");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a/x.csv", "kind": "call", "fields": {"from": "A"}},
                                    {"path": "b/x.csv", "kind": "call", "fields": {"from": "A"}}]})"),
            "case.json: two sources are named 'x'; give one a distinct \"name\"");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "a.csv", "kind": "call", "time_format": "%d/%q",
                        "fields": {"from": "A"}}]})"),
            "case.json: source 'a.csv' key 'time_format': time format has unknown directive %q "
            "(known: %Y %y %m %b %d %H %M %S %%)");
  EXPECT_EQ(ErrorOf(R"({"sources": [{"path": "p.ftm.json", "kind": "person"}]})"),
            "case.json: source 'p.ftm.json': FtM sources take their kinds from the entity "
            "schemata");
}

TEST(CaseFile, MissingCaseFile) {
  EXPECT_THROW(ReadCaseFile("/nonexistent/case.json"), InvalidInput);
}

TEST(FieldVocabulary, PerKind) {
  EXPECT_TRUE(FieldAllowed(RecordKind::kPerson, Field::kFatherName));
  EXPECT_FALSE(FieldAllowed(RecordKind::kPerson, Field::kImei));
  EXPECT_TRUE(FieldAllowed(RecordKind::kPhone, Field::kImei));
  EXPECT_TRUE(FieldAllowed(RecordKind::kPhone, Field::kFullName));
  EXPECT_TRUE(FieldAllowed(RecordKind::kTransfer, Field::kPayeeAccount));
  EXPECT_TRUE(FieldAllowed(RecordKind::kTransfer, Field::kChannel));
  EXPECT_FALSE(FieldAllowed(RecordKind::kTransfer, Field::kFromPlace));
  EXPECT_TRUE(FieldAllowed(RecordKind::kTravel, Field::kMode));
  EXPECT_TRUE(FieldAllowed(RecordKind::kPlace, Field::kLat));
  EXPECT_FALSE(FieldAllowed(RecordKind::kContact, Field::kTime));
}

}  // namespace
}  // namespace corridor
