#include "loaders/load_case.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <unordered_set>
#include <vector>

#include "engine/case_writers.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "engine/sha256.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

using testing::TempDir;

// One line per record: "id kind [time] field=value field=value ...".
std::vector<std::string> Dump(const CaseData& data) {
  std::vector<std::string> lines;
  const RecordTable& t = data.records;
  for (RecordIndex r = 0; r < t.size(); ++r) {
    std::string line = std::string(t.record_id(r)) + " " + std::string(RecordKindName(t.kind(r)));
    if (t.time(r).known()) line += " @" + t.time(r).ToIso();
    for (const FieldValue& f : t.fields(r)) {
      line += " " + std::string(FieldName(f.field)) + "=" + std::string(t.strings().View(f.value));
    }
    lines.push_back(line);
  }
  return lines;
}

std::vector<std::string> Reasons(const CaseData& data) {
  std::vector<std::string> out;
  for (const Reject& r : data.rejects) {
    out.push_back(data.sources[r.source].name + ":" + std::to_string(r.line) + " " + r.reason);
  }
  return out;
}

void ExpectInvariant(const CaseData& data) {
  for (const SourceReport& s : data.sources) {
    EXPECT_EQ(s.info.rows, s.info.loaded + s.info.rejected) << s.name;
  }
  std::uint64_t rejected = 0;
  for (const SourceReport& s : data.sources) rejected += s.info.rejected;
  EXPECT_EQ(rejected, data.rejects.size());
}

CaseData LoadOne(const TempDir& dir, const std::string& source_json) {
  const std::string path =
      dir.Write("case.json", R"({"name": "t", "region": "PK", "sources": [)" + source_json + "]}");
  CaseData data = LoadCase(ReadCaseFile(path));
  ExpectInvariant(data);
  return data;
}

// Known answers: the contiguous split with the smallest largest run, earliest on a tie.
TEST(BalancedGroups, ContiguousRunsWithTheSmallestLargestTotal) {
  using Begins = std::vector<std::size_t>;
  const std::vector<std::uint64_t> generated = {34, 7, 13, 46, 7, 2, 20, 2};
  EXPECT_EQ(BalancedGroups(generated, 2), (Begins{0, 3, 8}));     // 54 and 77, not 100 and 31
  EXPECT_EQ(BalancedGroups(generated, 3), (Begins{0, 3, 4, 8}));  // 54, 46, 31
  EXPECT_EQ(BalancedGroups(generated, 1), (Begins{0, 8}));
  EXPECT_EQ(BalancedGroups(generated, 8), (Begins{0, 1, 2, 3, 4, 5, 6, 7, 8}));
  const std::vector<std::uint64_t> even = {500, 500};
  EXPECT_EQ(BalancedGroups(even, 2), (Begins{0, 1, 2}));
  const std::vector<std::uint64_t> one_big = {1, 100, 1};
  EXPECT_EQ(BalancedGroups(one_big, 2), (Begins{0, 1, 3}));  // the earlier of two splits at 101
  EXPECT_EQ(BalancedGroups({}, 0), (Begins{0}));
}

TEST(LoadCase, PersonCsvWithJoinedAndRepeatedColumns) {
  const TempDir dir;
  dir.Write("p.csv",
            "rec_id, given, surname, street, town, ph1, ph2\n"
            "rec-1, Akbar , Khan, 12 Mall Rd, Quetta, 0300-1234567, +92 300 1234567\n"
            "rec-2, Wali, , , , , \n");
  const CaseData data = LoadOne(dir, R"({"path": "p.csv", "kind": "person", "trim": true,
      "fields": {"id": "rec_id", "given_name": "given", "family_name": "surname",
                 "address": ["street", "town"], "phone": "ph1", "phone": "ph2"}})");
  EXPECT_EQ(Dump(data), (std::vector<std::string>{
                            "rec-1 person given_name=Akbar family_name=Khan address=12 Mall Rd "
                            "Quetta phone=0300-1234567 phone=+92 300 1234567",
                            "rec-2 person given_name=Wali"}));
  EXPECT_EQ(data.records.ref(1).line, 3u);
  EXPECT_EQ(data.sources[0].info.sha256_hex,
            Sha256::HexOf(testing::ReadFile((dir.path() / "p.csv").string())));
  // records.csv has one column per field used, a repeated field's values joined by " | ".
  const std::string records = (dir.path() / "records.csv").string();
  WriteRecordsCsv(records, data);
  EXPECT_EQ(testing::ReadFile(records),
            "source,line,byte_offset,record_id,kind,time_iso,given_name,family_name,phone,"
            "address\n"
            "p,2,47,rec-1,person,,Akbar,Khan,0300-1234567 | +92 300 1234567,12 Mall Rd Quetta\n"
            "p,3,118,rec-2,person,,Wali,,,\n");
}

TEST(LoadCase, TravelRowYieldsMentionAndEvent) {
  const TempDir dir;
  dir.Write("bus.csv",
            "Ticket,Passenger,CNIC,From,To,Departure\n"
            "QT-1,Akbar Khan,54400-1234567-1,Quetta,Taftan,03/02/2024 21:30\n"
            "QT-2,Wali,,Quetta,,31/02/2024 10:00\n"
            ",Hanif,,Quetta,Taftan,\n"
            "QT-4,,,Quetta,Taftan,03/02/2024 21:30\n"
            "QT-5,Sher,,,,\n");
  const CaseData data = LoadOne(dir, R"({"path": "bus.csv", "kind": "travel",
      "time_format": "%d/%m/%Y %H:%M",
      "fields": {"id": "Ticket", "full_name": "Passenger", "document": "CNIC",
                 "from_place": "From", "to_place": "To", "time": "Departure"}})");
  EXPECT_EQ(Dump(data),
            (std::vector<std::string>{
                "QT-1#person person full_name=Akbar Khan document=54400-1234567-1",
                "QT-1#travel travel @2024-02-03T21:30Z from_place=Quetta to_place=Taftan "
                "time=03/02/2024 21:30 from_ref=QT-1#person",
                "QT-2#person person full_name=Wali",
                "QT-2#travel travel from_place=Quetta time=31/02/2024 10:00 from_ref=QT-2#person",
                "bus:4#person person full_name=Hanif",
                "bus:4#travel travel from_place=Quetta to_place=Taftan from_ref=bus:4#person"}));
  EXPECT_EQ(Reasons(data),
            (std::vector<std::string>{
                "bus:5 missing required value: one of full_name, given_name, family_name, alias, "
                "document, phone, email",
                "bus:6 missing required value: one of from_place, to_place"}));
  EXPECT_EQ(data.sources[0].warnings.at("invalid_time"), 1u);
}

TEST(LoadCase, PhoneCallMessageAndPlaceKinds) {
  const TempDir dir;
  dir.Write("subs.csv", "MSISDN,IMEI,Name\n923001234567,356938035643809,Akbar\n923001111111,,\n");
  dir.Write("cdr.csv",
            "id;a;b;start;dur;cell\nA1;923001234567;923451112223;2024-02-01T10:02:11;185;QTA-1\n"
            "A2;923001234567;;2024-02-01T10:09:40;x;QTA-1\n");
  dir.Write("sms.csv", "from,to\n0300 1234567,0345 1112223\n");
  dir.Write("places.csv", "name,lat,lon\nTaftan,28.96,61.59\nMashkel,north,63.1\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "subs.csv", "kind": "phone",
       "fields": {"phone": "MSISDN", "imei": "IMEI", "full_name": "Name"}},
      {"path": "cdr.csv", "kind": "call",
       "fields": {"id": "id", "from": "a", "to": "b", "time": "start", "duration": "dur",
                  "cell": "cell"}},
      {"path": "sms.csv", "kind": "message", "fields": {"from": "from", "to": "to"}},
      {"path": "places.csv", "kind": "place", "fields": {"name": "name", "lat": "lat", "lon": "lon"}}
    ]})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  ExpectInvariant(data);
  EXPECT_EQ(Dump(data), (std::vector<std::string>{
                            "subs:2#phone phone phone=923001234567 imei=356938035643809",
                            "subs:2#subscriber person phone=923001234567 full_name=Akbar",
                            "subs:3#phone phone phone=923001111111",
                            "A1 call @2024-02-01T10:02:11Z from=923001234567 to=923451112223 "
                            "time=2024-02-01T10:02:11 duration=185 cell=QTA-1",
                            "sms:2 message from=0300 1234567 to=0345 1112223",
                            "places:2 place name=Taftan lat=28.96 lon=61.59",
                            "places:3 place name=Mashkel lat=north lon=63.1"}));
  EXPECT_EQ(Reasons(data), (std::vector<std::string>{"cdr:3 missing required value: to"}));
  EXPECT_EQ(data.sources[3].warnings.at("invalid_number"), 1u);
  EXPECT_EQ(data.sources[1].records, 1u);
}

TEST(LoadCase, TransferRowYieldsPayerPayeeAndEvent) {
  const TempDir dir;
  dir.Write("hawala.csv",
            "Entry,From,From phone,To,Acct,Amount,Cur,Date\n"
            "H-17,Abdul Wali,0333-7654321,Haji Hanif,,250000,PKR,01-02-2024\n"
            "H-18,,,Haji Hanif,PK36SCBL0000001123456702,1500,USD,\n"
            "H-19,Sher Ali,,,,300000,PKR,08-02-2024\n");
  const CaseData data = LoadOne(dir, R"({"path": "hawala.csv", "kind": "transfer",
      "time_format": "%d-%m-%Y",
      "fields": {"id": "Entry", "payer_name": "From", "payer_phone": "From phone",
                 "payee_name": "To", "payee_account": "Acct", "amount": "Amount",
                 "currency": "Cur", "time": "Date"}})");
  EXPECT_EQ(Dump(data),
            (std::vector<std::string>{
                "H-17#payer person full_name=Abdul Wali phone=0333-7654321",
                "H-17#payee person full_name=Haji Hanif",
                "H-17#transfer transfer @2024-02-01 payer_name=Abdul Wali "
                "payer_phone=0333-7654321 payee_name=Haji Hanif amount=250000 currency=PKR "
                "time=01-02-2024 from_ref=H-17#payer to_ref=H-17#payee"}));
  EXPECT_EQ(Reasons(data),
            (std::vector<std::string>{
                "hawala:3 missing required value: one of payer_name, payer_account, payer_phone",
                "hawala:4 missing required value: one of payee_name, payee_account, "
                "payee_phone"}));
}

TEST(LoadCase, ContactJsonLinesWithPointersArraysAndBadLines) {
  const TempDir dir;
  dir.Write(
      "h.jsonl",
      "{\"device\": {\"msisdn\": \"+923001234567\"}, \"name\": \"Hanif Haji\", "
      "\"numbers\": [\"0345 1112223\", 3451112223]}\n"
      "\n"
      "{\"device\": {\"msisdn\": \"+923001234567\"}, \"name\": \"\xD8\xB1\xD8\xB6\xD8\xA7\"}\n"
      "{\"device\": {\"msisdn\": \"+923001234567\"}, \"name\": {\"first\": \"x\"}}\n"
      "{not json}\n"
      "[1, 2]\n"
      "{\"name\": \"Orphan\", \"numbers\": [\"1\"]}\r\n");
  const CaseData data = LoadOne(dir, R"({"path": "h.jsonl", "kind": "contact",
      "fields": {"owner_phone": "/device/msisdn", "contact_name": "name",
                 "contact_phone": "/numbers"}})");
  EXPECT_EQ(
      Dump(data),
      (std::vector<std::string>{
          "h:1#contact contact owner_phone=+923001234567 contact_name=Hanif Haji "
          "contact_phone=0345 1112223 contact_phone=3451112223 to_ref=h:1#person",
          "h:1#phone phone phone=0345 1112223 phone=3451112223",
          "h:1#person person full_name=Hanif Haji phone=0345 1112223 phone=3451112223",
          "h:3#contact contact owner_phone=+923001234567 contact_name=\xD8\xB1\xD8\xB6\xD8\xA7 "
          "to_ref=h:3#person",
          "h:3#person person full_name=\xD8\xB1\xD8\xB6\xD8\xA7"}));
  EXPECT_EQ(Reasons(data),
            (std::vector<std::string>{
                "h:4 field 'contact_name': an object where a value was expected",
                "h:5 JSON syntax error at column 2: Missing a name for object member.",
                "h:6 line is not a JSON object", "h:7 missing required value: owner_phone"}));
  EXPECT_EQ(data.sources[0].warnings.at("blank_lines"), 1u);
  EXPECT_EQ(data.rejects[2].raw, "[1, 2]");
  EXPECT_EQ(data.rejects[3].raw, "{\"name\": \"Orphan\", \"numbers\": [\"1\"]}");
}

TEST(LoadCase, FollowTheMoneyEntities) {
  const TempDir dir;
  dir.Write(
      "partner.ftm.json",
      R"({"id": "p1", "schema": "Person", "properties": {"name": ["Muhammad Akbar Khan"], "firstName": ["Muhammad Akbar"], "birthDate": ["1980-03"], "passportNumber": ["AB1234567"], "phone": ["+923001234567"]}})"
      "\n"
      R"({"id": "pp1", "schema": "Passport", "properties": {"holder": ["p1"], "number": ["AB1234567"], "country": ["pk"]}})"
      "\n"
      R"({"id": "pay1", "schema": "Payment", "properties": {"payer": ["p1"], "beneficiary": ["p2"], "amount": ["1500"], "currency": ["USD"], "date": ["2024-02-11"]}})"
      "\n"
      R"({"id": "c1", "schema": "Call", "properties": {"caller": ["p1"], "callerNumber": ["+923001234567"], "receiverNumber": ["+989151234567"], "date": ["2024-02-04T02:15:00"], "duration": ["240"]}})"
      "\n"
      R"({"id": "f1", "schema": "Family", "properties": {"person": ["p1"], "relative": ["p2"], "relationship": ["brother"]}})"
      "\n"
      R"({"id": "v1", "schema": "Vessel", "properties": {"name": ["Sea Star"]}})"
      "\n"
      R"({"id": "o1", "schema": "Company", "properties": {"name": ["Zahedan Travel"], "registrationNumber": [true]}})"
      "\n"
      R"({"schema": "Person", "properties": {}})"
      "\n");
  const CaseData data = LoadOne(dir, R"({"path": "partner.ftm.json"})");
  EXPECT_EQ(Dump(data),
            (std::vector<std::string>{
                "p1 person full_name=Muhammad Akbar Khan given_name=Muhammad Akbar dob=1980-03 "
                "document=AB1234567 phone=+923001234567",
                "pp1 person document=AB1234567 nationality=pk from_ref=p1",
                "pay1 transfer @2024-02-11 from_ref=p1 to_ref=p2 amount=1500 currency=USD "
                "time=2024-02-11",
                "c1 call @2024-02-04T02:15:00Z from_ref=p1 from=+923001234567 to=+989151234567 "
                "time=2024-02-04T02:15:00 duration=240",
                "f1 relation from_ref=p1 to_ref=p2 role=family: brother"}));
  EXPECT_EQ(Reasons(data),
            (std::vector<std::string>{
                "partner:6 FtM schema 'Vessel' is not used by Corridor",
                "partner:7 FtM property 'registrationNumber' holds a value that is not a string",
                "partner:8 FtM entity has no \"id\""}));
  EXPECT_EQ(data.sources[0].ignored_schemata.at("Vessel"), 1u);
}

TEST(LoadCase, MalformedCsvRowsBecomeRejectsAndNothingIsLost) {
  const TempDir dir;
  std::string text = "\xEF\xBB\xBFid,name,phone\r\n";  // BOM and CRLF
  text += "1,Ali,0300\r\n";
  text += "2,Short\r\n";                                // too few fields
  text += "3,Too,many,fields\r\n";                      // too many
  text += "4,\"Stray\"x,0300\r\n";                      // text after closing quote
  text += std::string("5,Nul\0Byte,0300\r\n", 17);      // NUL byte
  text += "6,Bad\xFFUtf8,0300\r\n";                     // repaired, kept
  text += "7," + std::string(2000, 'x') + ",0300\r\n";  // over the field limit below
  text += "8,\"multi\nline\",0300\r\n";                 // quoted newline: one row
  text += "\r\n";                                       // blank line: not a row
  text += "9,\"unclosed,0300\r\n";                      // open quote to end of file
  text += "10,After,0300\r\n";
  dir.Write("m.csv", text);
  const std::string path =
      dir.Write("case.json", R"({"sources": [{"path": "m.csv", "kind": "person",
        "fields": {"id": "id", "full_name": "name", "phone": "phone"}}]})");
  LoadOptions options;
  options.max_field_bytes = 1000;
  const CaseData data = LoadCase(ReadCaseFile(path), options);
  ExpectInvariant(data);
  EXPECT_EQ(Reasons(data),
            (std::vector<std::string>{
                "m:3 expected 3 fields, found 2", "m:4 expected 3 fields, found 4",
                "m:5 text after the closing quote of field 2", "m:6 NUL byte in field 2",
                "m:8 field 2 is 2000 bytes, over the limit of 1000",
                "m:12 quoted field not closed before end of file"}));
  std::vector<std::string> ids;
  for (RecordIndex r = 0; r < data.records.size(); ++r) {
    ids.emplace_back(data.records.record_id(r));
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"1", "6", "8", "10"}));
  EXPECT_EQ(data.records.First(1, Field::kFullName), "Bad\xEF\xBF\xBDUtf8");
  EXPECT_EQ(data.records.First(2, Field::kFullName), "multi\nline");
  EXPECT_EQ(data.records.ref(3).line, 13u);
  EXPECT_EQ(data.sources[0].info.rows, 10u);
  EXPECT_EQ(data.sources[0].warnings.at("repaired_utf8"), 1u);
  EXPECT_EQ(data.sources[0].warnings.at("blank_lines"), 1u);
  EXPECT_EQ(data.rejects[4].raw.size(), 2007u);  // raw kept whole up to 4 KiB
  EXPECT_EQ(data.rejects[5].raw, "9,\"unclosed,0300");
}

// Rows are emitted in batches; rejects from the reader (a short row) and from the emitter (no
// name or phone) must still come in line order across batch boundaries, with every row kept
// or rejected, and a value repeated in different batches must keep one string id.
TEST(LoadCase, RejectsStayInLineOrderAcrossBatches) {
  const TempDir dir;
  std::string text = "id,name,phone\n";
  std::vector<std::string> expected_reasons, expected_ids;
  for (int i = 0; i < 400; ++i) {
    const std::string id = "P" + std::to_string(i), line = std::to_string(i + 2);
    if (i % 37 == 5) {
      text += id + ",short\n";
      expected_reasons.push_back("m:" + line + " expected 3 fields, found 2");
    } else if (i % 41 == 3) {
      text += id + ",,\n";
      expected_reasons.push_back(
          "m:" + line +
          " missing required value: one of full_name, given_name, family_name, "
          "alias, document, phone, email");
    } else {
      text += id + ",Name " + std::to_string(i % 9) + ",0300" + std::to_string(i) + "\n";
      expected_ids.push_back(id);
    }
  }
  dir.Write("m.csv", text);
  const CaseData data = LoadOne(dir, R"({"path": "m.csv", "kind": "person",
      "fields": {"id": "id", "full_name": "name", "phone": "phone"}})");
  EXPECT_EQ(Reasons(data), expected_reasons);
  std::vector<std::string> ids;
  for (RecordIndex r = 0; r < data.records.size(); ++r) {
    ids.emplace_back(data.records.record_id(r));
    EXPECT_EQ(data.records.ref(r).line, std::stoul(ids.back().substr(1)) + 2);
  }
  EXPECT_EQ(ids, expected_ids);
  const auto name_id = [&](RecordIndex r) -> StringId {
    for (const FieldValue& f : data.records.fields(r)) {
      if (f.field == Field::kFullName) return f.value;
    }
    return kNoId;
  };
  // "Name 0" recurs every nine rows, in batches far apart.
  const RecordIndex last = static_cast<RecordIndex>(data.records.size() - 1);
  ASSERT_EQ(data.records.record_id(last), "P399");
  EXPECT_EQ(data.records.First(last, Field::kFullName), "Name 3");
  EXPECT_EQ(data.records.First(0, Field::kFullName), "Name 0");
  bool shared = false;
  for (RecordIndex r = 1; r < data.records.size(); ++r) {
    if (data.records.First(r, Field::kFullName) == "Name 0") {
      EXPECT_EQ(name_id(r), name_id(0));
      shared = true;
    }
  }
  EXPECT_TRUE(shared);
}

TEST(LoadCase, EmptyAndHeaderOnlyFilesLoadNothing) {
  const TempDir dir;
  dir.Write("empty.csv", "");
  dir.Write("header.csv", "a,b\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "empty.csv", "kind": "call", "fields": {"from": "a", "to": "b"}},
      {"path": "header.csv", "kind": "call", "fields": {"from": "a", "to": "b"}}]})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  EXPECT_EQ(data.records.size(), 0u);
  EXPECT_EQ(data.sources[0].info.rows, 0u);
  EXPECT_EQ(data.sources[1].info.rows, 0u);
  EXPECT_EQ(data.sources[0].info.sha256_hex, Sha256::HexOf(""));
}

TEST(LoadCase, MappingErrorsStopBeforeAnyDataIsRead) {
  const TempDir dir;
  dir.Write("good.csv", "a,b\n1,2\n");
  dir.Write("cdr.csv", "A,B\n1,2\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "good.csv", "kind": "call", "fields": {"from": "a", "to": "b"}},
      {"path": "cdr.csv", "kind": "call", "fields": {"from": "A", "to": "Callee"}}]})");
  try {
    LoadCase(ReadCaseFile(path));
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& error) {
    EXPECT_EQ(std::string(error.what()),
              (dir.path() / "cdr.csv").string() +
                  ":1: field 'to': column 'Callee' is not in the header (columns: A, B)");
  }
  const std::string missing = dir.Write("case2.json", R"({"sources": [
      {"path": "nowhere.csv", "kind": "call", "fields": {"from": "a", "to": "b"}}]})");
  try {
    LoadCase(ReadCaseFile(missing));
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("nowhere.csv: cannot open"), std::string::npos);
  }
}

TEST(LoadCase, RepeatedIdsAreRenamedWithTheirReferences) {
  const TempDir dir;
  dir.Write("a.csv", "id,name,from\nT1,Ali,Quetta\nT1,Wali,Quetta\n");
  dir.Write("b.csv", "id,name\nT1#person,Sher\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "a.csv", "kind": "travel", "fields": {"id": "id", "full_name": "name",
                                                      "from_place": "from"}},
      {"path": "b.csv", "kind": "person", "fields": {"id": "id", "full_name": "name"}}]})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  EXPECT_EQ(Dump(data), (std::vector<std::string>{
                            "T1#person person full_name=Ali",
                            "T1#travel travel from_place=Quetta from_ref=T1#person",
                            "T1#person@a:3 person full_name=Wali",
                            "T1#travel@a:3 travel from_place=Quetta from_ref=T1#person@a:3",
                            "T1#person@b:2 person full_name=Sher"}));
  EXPECT_EQ(data.sources[0].warnings.at("duplicate_id"), 2u);
  EXPECT_EQ(data.sources[1].warnings.at("duplicate_id"), 1u);
}

// Enough ids that the duplicate check's sort spreads them over many buckets at both levels.
TEST(LoadCase, EveryRepeatAmongManyIdsIsFoundAndRenamed) {
  const TempDir dir;
  std::string rows = "id,name\n";
  constexpr int kRows = 60000;
  int repeats = 0;
  for (int i = 0; i < kRows; ++i) {
    const bool repeat = i % 7 == 6;
    repeats += repeat;
    rows += "P" + std::to_string(repeat ? i / 7 * 7 : i) + ",Name " + std::to_string(i) + "\n";
  }
  dir.Write("p.csv", rows);
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "p.csv", "kind": "person", "fields": {"id": "id", "full_name": "name"}}]})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  ASSERT_EQ(data.records.size(), std::size_t{kRows});
  EXPECT_EQ(data.sources[0].warnings.at("duplicate_id"), std::uint64_t(repeats));
  std::unordered_set<std::string_view> ids;
  for (RecordIndex r = 0; r < data.records.size(); ++r) {
    const std::string_view id = data.records.record_id(r);
    EXPECT_TRUE(ids.insert(id).second) << id;
    const bool renamed = id.find('@') != std::string_view::npos;
    EXPECT_EQ(renamed, r % 7 == 6) << id;
  }
}

TEST(LoadCase, Judgements) {
  const TempDir dir;
  dir.Write("p.csv", "id,name\nP1,Akbar\nP2,Akbar Khan\nP3,Wali\n");
  dir.Write("judgements.csv",
            "record_id_a,record_id_b,verdict\nP1,P2,same\nP1,P3,different\nP1,P9,same\n"
            "P2,P3,maybe\nP2,P2,same\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "p.csv", "kind": "person", "fields": {"id": "id", "full_name": "name"}}],
      "judgements": "judgements.csv"})");
  const CaseData data = LoadCase(ReadCaseFile(path));
  ExpectInvariant(data);
  ASSERT_EQ(data.judgements.size(), 2u);
  EXPECT_EQ(data.judgements[0].a, 0u);
  EXPECT_EQ(data.judgements[0].b, 1u);
  EXPECT_TRUE(data.judgements[0].same);
  EXPECT_FALSE(data.judgements[1].same);
  EXPECT_EQ(Reasons(data), (std::vector<std::string>{
                               "judgements:4 unknown record id 'P9'",
                               "judgements:5 verdict must be 'same' or 'different', not 'maybe'",
                               "judgements:6 a record judged against itself"}));

  dir.Write("judgements.csv", "a,b,verdict\n");
  EXPECT_THROW(LoadCase(ReadCaseFile(path)), InvalidInput);
}

// Sources load in groups, one per thread, and the groups' tables are merged: the records,
// and even the pool's string ids, must not depend on the grouping.
TEST(LoadCase, OutputsAndStringIdsIdenticalAtAnyThreadCount) {
  const TempDir dir;
  std::string a = "id,from,to,start\n", b = "id,payer,payee,amount\n", c = a;
  for (int i = 0; i < 3000; ++i) {
    a += "C" + std::to_string(i) + ",0300" + std::to_string(1000000 + i) + ",0345" +
         std::to_string(2000000 + i % 97) + ",2024-02-0" + std::to_string(1 + i % 9) + "\n";
    b += "H" + std::to_string(i) + ",Payer " + std::to_string(i % 50) + ",Payee " +
         std::to_string(i % 7) + "," + std::to_string(i * 13) + "\n";
    // Calls sharing numbers with a.csv, and ids repeating a.csv's.
    c += "C" + std::to_string(i * 7) + ",0345" + std::to_string(2000000 + i % 89) + ",0300" +
         std::to_string(1000000 + i * 3) + ",2024-03-0" + std::to_string(1 + i % 9) + "\n";
    if (i % 500 == 0) a += "broken\n";
  }
  dir.Write("a.csv", a);
  dir.Write("b.csv", b);
  dir.Write("c.csv", c);
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "a.csv", "kind": "call", "fields": {"id": "id", "from": "from", "to": "to",
                                                    "time": "start"}},
      {"path": "b.csv", "kind": "transfer", "fields": {"id": "id", "payer_name": "payer",
                                                        "payee_name": "payee", "amount": "amount"}},
      {"path": "c.csv", "kind": "call", "fields": {"id": "id", "from": "from", "to": "to",
                                                    "time": "start"}}]})");
  const CaseFile case_file = ReadCaseFile(path);
  const auto load = [&](int threads) {
    const parallel::ThreadLimit limit(threads);
    const CaseData data = LoadCase(case_file);
    ExpectInvariant(data);
    const std::string tag = std::to_string(threads);
    WriteRecordsCsv((dir.path() / ("r" + tag + ".csv")).string(), data);
    WriteRejectsCsv((dir.path() / ("x" + tag + ".csv")).string(), data);
    std::string ids = testing::ReadFile((dir.path() / ("r" + tag + ".csv")).string()) +
                      testing::ReadFile((dir.path() / ("x" + tag + ".csv")).string());
    for (RecordIndex r = 0; r < data.records.size(); ++r) {
      for (const FieldValue& f : data.records.fields(r)) ids += std::to_string(f.value) + " ";
    }
    for (StringId id = 0; id < data.records.strings().size(); ++id) {
      ids += std::string(data.records.strings().View(id)) + "\n";
    }
    EXPECT_EQ(data.records.size(), 3000u + 3 * 3000u + 3000u);
    EXPECT_EQ(data.rejects.size(), 6u);
    return ids;
  };
  // Compared by hand: gtest's diff of two texts this long would take gigabytes.
  const std::string one = load(1);
  for (const int threads : {2, 3}) {
    const std::string other = load(threads);
    const auto [at, _] = std::mismatch(one.begin(), one.end(), other.begin(), other.end());
    EXPECT_TRUE(one == other) << threads << " threads: first difference at byte "
                              << (at - one.begin()) << ": "
                              << one.substr(static_cast<std::size_t>(at - one.begin()), 40);
  }
}

// A batch of rows (RowBatch) may hold rows read before the reader refilled its buffer: their
// values must survive the refill. 2.3 MB of rows cross the 1 MiB buffer twice, mid-batch.
TEST(LoadCase, BatchedRowsSurviveBufferRefills) {
  const TempDir dir;
  std::string calls = "id,from,to\n";
  std::vector<std::string> expected;
  for (int i = 0; i < 45000; ++i) {
    const std::string n = std::to_string(i);
    calls += "C" + n + ",0300" + n + "," + std::string(30, 'x') + n + "\n";
    expected.push_back("C" + n + " call from=0300" + n + " to=" + std::string(30, 'x') + n);
  }
  ASSERT_GT(calls.size(), std::size_t{2} << 20);
  dir.Write("calls.csv", calls);
  const CaseData data = LoadOne(
      dir,
      R"({"path": "calls.csv", "kind": "call", "fields": {"id": "id", "from": "from", "to": "to"}})");
  EXPECT_EQ(Dump(data), expected);
}

// On several threads a CSV source is cut into stretches, one per thread, at cuts that may fall
// inside a quoted field holding newlines, where a stretch must load again from where the one
// before it stopped (on 16 threads, after the one before it has itself loaded again). At
// every thread count and cut the records, string ids, rejects and source reports are those of
// one thread reading each file whole.
TEST(LoadCase, SourcesCutBetweenThreadsLoadAsWhole) {
  const TempDir dir;
  // Mostly quoted addresses of several lines, so cuts land inside them; no id column, so the
  // ids are "<source>:<line>" and name the right line only if each stretch counts from it.
  std::string people = "\xEF\xBB\xBFname,phone,address\r\n";
  for (int i = 0; i < 2000; ++i) {
    const std::string n = std::to_string(i);
    switch (i % 9) {
      case 0:
        people += "Short row " + n + "\n";
        break;
      case 1:
        people += "\n";
        break;
      case 2:
        people += "Bad \xFF" + n + ",0300" + n + ",\"a\nb\"\r\n";
        break;
      default:
        people += "Name " + std::to_string(i % 37) + ",0300" + std::to_string(1000 + i % 53) +
                  ",\"House " + n + "\nStreet " + n + "\n\"\"Quarter\"\"\nCity\"\n";
    }
  }
  // A quoted field longer than several pieces: stretches whose cut falls in it start past
  // their own end, and their successors load again after them.
  people += "Long,0300,\"" + std::string(3000, 'a') + "\n" + std::string(20000, 'b') + "\n\"\n";
  for (int i = 0; i < 200; ++i) people += "After " + std::to_string(i) + ",0300,\"x\ny\"\n";
  people += "Last,0300,\"open quote\nTail,0301," + std::string(9000, 'z');
  std::string calls = "id,from,to\n";
  for (int i = 0; i < 3000; ++i) {
    calls += "C" + std::to_string(i % 2250) + ",0300" + std::to_string(1000 + i % 53) + ",0345" +
             std::to_string(i % 11) + "\n";
  }
  dir.Write("people.csv", people);
  dir.Write("calls.csv", calls);
  dir.Write("h.jsonl", "{\"owner\": \"0300 1000\", \"name\": \"Name 1\"}\n{bad}\n");
  const std::string path = dir.Write("case.json", R"({"sources": [
      {"path": "people.csv", "kind": "person",
       "fields": {"full_name": "name", "phone": "phone", "address": "address"}},
      {"path": "h.jsonl", "kind": "contact",
       "fields": {"owner_phone": "owner", "contact_name": "name"}},
      {"path": "calls.csv", "kind": "call", "fields": {"id": "id", "from": "from", "to": "to"}}]})");
  const CaseFile case_file = ReadCaseFile(path);
  LoadStats total;
  const auto load = [&](int threads, std::uint64_t min_piece_bytes) {
    const parallel::ThreadLimit limit(threads);
    LoadOptions options;
    options.min_piece_bytes = min_piece_bytes;
    LoadStats stats;
    const CaseData data = LoadCase(case_file, options, &stats);
    total.stretches += stats.stretches;
    total.restarted_stretches += stats.restarted_stretches;
    ExpectInvariant(data);
    std::string out;
    for (const std::string& line : Dump(data)) out += line + "\n";
    for (const Reject& r : data.rejects) {
      out += std::to_string(r.source) + ":" + std::to_string(r.line) + "@" +
             std::to_string(r.byte_offset) + " " + r.reason + " [" + r.raw + "]\n";
    }
    for (RecordIndex r = 0; r < data.records.size(); ++r) {
      const RecordRef ref = data.records.ref(r);
      out += std::to_string(ref.line) + "@" + std::to_string(ref.byte_offset) + " ";
      for (const FieldValue& f : data.records.fields(r)) out += std::to_string(f.value) + " ";
    }
    for (const SourceReport& s : data.sources) {
      out += "\n" + s.name + " " + s.info.sha256_hex + " " + std::to_string(s.info.bytes) + " " +
             std::to_string(s.info.rows) + " " + std::to_string(s.info.loaded) + " " +
             std::to_string(s.info.rejected) + " " + std::to_string(s.records);
      for (const auto& [warning, count] : s.warnings)
        out += " " + warning + "=" + std::to_string(count);
    }
    return out;
  };
  const std::string one = load(1, 1);
  EXPECT_EQ(total.stretches, 3u);
  // The whole read is what the fixture meant: every kind of row is there.
  EXPECT_NE(one.find("people:4 person full_name=Bad \xEF\xBF\xBD"
                     "2"),
            std::string::npos);
  EXPECT_NE(one.find("people " + Sha256::HexOf(people)), std::string::npos);
  EXPECT_NE(one.find("quoted field not closed before end of file"), std::string::npos);
  EXPECT_NE(one.find("C7@calls:2259"), std::string::npos);  // a repeated id, renamed
  for (const int threads : {2, 3, 4, 16}) {
    for (const std::uint64_t min_piece_bytes : {1, 8192, 12288, 20480, 40000}) {
      const std::string other = load(threads, min_piece_bytes);
      const auto [at, _] = std::mismatch(one.begin(), one.end(), other.begin(), other.end());
      EXPECT_TRUE(one == other) << threads << " threads, pieces of " << min_piece_bytes
                                << " bytes: first difference at byte " << (at - one.begin()) << ": "
                                << one.substr(static_cast<std::size_t>(at - one.begin()), 60);
    }
  }
  // Sources were cut (more stretches than sources), and cuts fell inside quoted fields.
  EXPECT_GT(total.stretches, 3u * 16 + 3u);
  EXPECT_GT(total.restarted_stretches, 5u);
}

}  // namespace
}  // namespace corridor
