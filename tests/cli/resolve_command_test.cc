#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "tests/test_files.h"

namespace corridor::testing {
namespace {

// Three people, each in two sources written differently, among sixty others who appear once
// in each source with different details (so the model has non-matches to learn from).
constexpr const char* kManifest =
    "Ticket,Passenger,CNIC,Mobile\n"
    "T1,Muhammad Akbar Khan s/o Gul Khan,54400-0000777-1,0300-1234567\n"
    "T2,Fatima Noorzai,54400-0000888-2,0301-7654321\n"
    "T3,Gul Zaman Durrani,54400-0000999-3,0333-5550001\n"
    "T4,Ahmed Raza,,\n";
constexpr const char* kBorder =
    "CrossingID,Surname,Given names,Passport,DOB\n"
    "X1,KHAN,MOHAMMAD AKBAR,5440000007771,1975-03-14\n"
    "X2,NOORZAI,FATIMAH,5440000008882,1990-11-02\n"
    "X3,DURRANI,GUL ZAMAN,5440000009993,1968-01-20\n"
    "X4,RAZA,AHMED,AB1234567,1950-05-05\n";
constexpr const char* kCase = R"({
  "name": "Resolve test", "region": "PK",
  "sources": [
    { "path": "manifest.csv", "kind": "person",
      "fields": { "id": "Ticket", "full_name": "Passenger", "document": "CNIC",
                  "phone": "Mobile" } },
    { "path": "border.csv", "kind": "person",
      "fields": { "id": "CrossingID", "family_name": "Surname", "given_name": "Given names",
                  "document": "Passport", "dob": "DOB" } }
  ]
})";

class ResolveCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* given[] = {"Bilal", "Tariq",  "Imran",  "Nadia",  "Sana",
                           "Hamid", "Rashid", "Naveed", "Samina", "Farid"};
    const char* family[] = {"Qureshi", "Siddiqui", "Baloch", "Mengal", "Awan", "Malik"};
    std::string manifest = kManifest, border = kBorder;
    for (int i = 0; i < 60; ++i) {
      const std::string g = given[i % 10], f = family[i / 10], n = std::to_string(10 + i);
      // Scrambled, not sequential: consecutive numbers would look like typos of each other.
      const std::string scrambled = std::to_string(1000003 + (i * 7919 + 104729) % 8999989);
      manifest +=
          "M" + n + "," + g + " " + f + ",61101-" + scrambled + "-1,0345-" + scrambled + "\n";
      // The border post saw other people, sharing a given or a family name with some of them
      // (the same full name in both sources would be ambiguous: a CNIC and a passport differ
      // for one person too).
      const std::string other_family = family[(i / 10 + 1) % 6];
      border += "B" + n + "," + other_family + "," + g + ",ZX" + scrambled + ",19" + n + "-0" +
                std::to_string(1 + i % 9) + "-1" + std::to_string(i % 9) + "\n";
    }
    dir_.Write("manifest.csv", manifest);
    dir_.Write("border.csv", border);
    case_ = dir_.Write("case.json", kCase);
    out_ = (dir_.path() / "out").string();
  }
  // The entity_id (last column) of the record with this id.
  static std::string Entity(const std::string& records, const std::string& id) {
    const std::size_t row = records.find("," + id + ",");
    EXPECT_NE(row, std::string::npos) << id;
    const std::size_t end = records.find('\n', row);
    return records.substr(records.rfind(',', end) + 1, end - records.rfind(',', end) - 1);
  }
  TempDir dir_;
  std::string case_, out_;
};

TEST_F(ResolveCommand, WritesEntitiesMatchesAndModel) {
  const CommandResult run = RunCorridor("--quiet resolve '" + case_ + "' --out '" + out_ + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string records = ReadFile(out_ + "/records.csv");
  ASSERT_NE(records.find("entity_id\n"), std::string::npos);
  EXPECT_EQ(Entity(records, "T1"), Entity(records, "X1"));
  EXPECT_EQ(Entity(records, "T2"), Entity(records, "X2"));
  EXPECT_EQ(Entity(records, "T3"), Entity(records, "X3"));
  EXPECT_NE(Entity(records, "T1"), Entity(records, "T2"));
  const std::string matches = ReadFile(out_ + "/matches.csv");
  EXPECT_EQ(matches.rfind("record_id_a,record_id_b,entity_id,probability,match_weight,", 0), 0u);
  EXPECT_NE(matches.find("T1,X1,"), std::string::npos);
  const std::string entities = ReadFile(out_ + "/entities.csv");
  EXPECT_NE(entities.find("Person"), std::string::npos);
  EXPECT_NE(entities.find("+923001234567"), std::string::npos);
  EXPECT_NE(ReadFile(out_ + "/blocking.json").find("\"rule\": \"document\""), std::string::npos);
  EXPECT_NE(ReadFile(out_ + "/model.json").find("\"fellegi-sunter\""), std::string::npos);
  EXPECT_NE(ReadFile(out_ + "/manifest.json").find("entities.csv"), std::string::npos);
}

TEST_F(ResolveCommand, SavedModelReproducesTheRun) {
  const std::string model = (dir_.path() / "model.json").string();
  ASSERT_EQ(RunCorridor("--quiet resolve '" + case_ + "' --out '" + out_ + "' --save-model '" +
                        model + "'")
                .exit_code,
            0);
  const std::string again = (dir_.path() / "again").string();
  const CommandResult run =
      RunCorridor("--quiet resolve '" + case_ + "' --out '" + again + "' --model '" + model + "'");
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_EQ(ReadFile(out_ + "/records.csv"), ReadFile(again + "/records.csv"));
  EXPECT_EQ(ReadFile(out_ + "/matches.csv"), ReadFile(again + "/matches.csv"));
}

TEST_F(ResolveCommand, ExplainPrintsTheWaterfall) {
  ASSERT_EQ(RunCorridor("--quiet resolve '" + case_ + "' --out '" + out_ + "'").exit_code, 0);
  const CommandResult same = RunCorridor("--quiet explain '" + out_ + "' T1 X1");
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_NE(same.out.find("document     exact"), std::string::npos) << same.out;
  EXPECT_NE(same.out.find("same entity"), std::string::npos) << same.out;
  const CommandResult apart = RunCorridor("--quiet explain '" + out_ + "' T1 X2");
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  EXPECT_NE(apart.out.find("different entities"), std::string::npos) << apart.out;
  EXPECT_NE(apart.out.find("below the threshold"), std::string::npos) << apart.out;
  EXPECT_EQ(RunCorridor("--quiet explain '" + out_ + "' T1 nope").exit_code, 1);
  // A father read from the name shows as the name; a name that gave none shows nothing.
  EXPECT_NE(same.out.find("\"Muhammad Akbar Khan s/o Gul Khan\" ; -"), std::string::npos)
      << same.out;
  const CommandResult no_father = RunCorridor("--quiet explain '" + out_ + "' T2 X2");
  ASSERT_EQ(no_father.exit_code, 0) << no_father.err;
  EXPECT_EQ(no_father.out.find("father"), std::string::npos) << no_father.out;
}

TEST_F(ResolveCommand, BadModelFileStopsWithExitTwo) {
  const std::string model = dir_.Write("bad-model.json", "{\"prior\": 0.5}");
  const CommandResult run =
      RunCorridor("--quiet resolve '" + case_ + "' --out '" + out_ + "' --model '" + model + "'");
  EXPECT_EQ(run.exit_code, 2);
  EXPECT_NE(run.err.find("bad-model.json"), std::string::npos) << run.err;
}

// A case of a ledger (Entry, From, From phone, To, Amount, Cur, Date) and call records
// (call_id, a_number, b_number, start); returns the case file's path.
std::string WriteLedgerCase(TempDir& dir, const std::string& ledger, const std::string& calls) {
  dir.Write("ledger.csv", ledger);
  dir.Write("cdr.csv", calls);
  return dir.Write("case.json", R"({
  "name": "Payees", "region": "PK",
  "sources": [
    { "path": "ledger.csv", "kind": "transfer", "time_format": "%d-%m-%Y",
      "fields": { "id": "Entry", "payer_name": "From", "payer_phone": "From phone",
                  "payee_name": "To", "amount": "Amount", "currency": "Cur", "time": "Date" } },
    { "path": "cdr.csv", "kind": "call",
      "fields": { "id": "call_id", "from": "a_number", "to": "b_number", "time": "start" } }
  ]
})");
}

// Sardar Karwan changed numbers after 12 March: his clients rang the old number to then and the
// new one from the 14th, six of them both.
TEST(ResolveCommandPayees, ANumberTakingOverFromAnotherIsListed) {
  TempDir dir;
  std::string ledger = "Entry,From,From phone,To,Amount,Cur,Date\n";
  std::string calls = "call_id,a_number,b_number,start\n";
  const auto two_digits = [](int n) { return (n < 10 ? "0" : "") + std::to_string(n); };
  for (int day = 1; day <= 25; day += 2) {
    if (day == 13) continue;
    const std::string d = two_digits(day);
    const std::string payer = "0301" + std::to_string(5550000 + day);
    ledger +=
        "H" + d + ",Client " + d + "," + payer + ",Sardar Karwan,100000,PKR," + d + "-03-2024\n";
    calls += "C" + d + "," + payer + "," + (day < 13 ? "03331111111" : "03332222222") +
             ",2024-03-" + d + "T09:30:00\n";
  }
  for (int k = 0; k < 6; ++k) {
    const std::string client = "0302" + std::to_string(5550000 + k);
    calls += "D" + std::to_string(k) + "," + client + ",03331111111,2024-03-" + two_digits(7 + k) +
             "T10:00:00\n";
    calls += "E" + std::to_string(k) + "," + client + ",03332222222,2024-03-" + two_digits(14 + k) +
             "T10:00:00\n";
  }
  const std::string case_file = WriteLedgerCase(dir, ledger, calls);
  const std::string out = (dir.path() / "out").string();
  const CommandResult resolved = RunCorridor("resolve '" + case_file + "' --out '" + out + "'");
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_NE(resolved.out.find("1 numbers taking over from another (number_successions.csv)"),
            std::string::npos)
      << resolved.out;
  const std::string successions = ReadFile(out + "/number_successions.csv");
  EXPECT_EQ(successions.rfind("previous_number,next_number,previous_last_day,next_first_day,"
                              "shared_callers,previous_callers,next_callers,anchor,entity_id\n"
                              "+923331111111,+923332222222,2024-03-12,2024-03-14,6,12,12,"
                              "H01#payee,E",
                              0),
            0u)
      << successions;
  EXPECT_EQ(std::count(successions.begin(), successions.end(), '\n'), 2);
}

// A ledger whose payees are names only, and the call records of its payers' phones: clients
// of one hawaladar, written "Commander" or "Hanif Butt", rang his number on the day they paid;
// Commander's from the 14th rang the new number he took that day.
TEST(ResolveCommandPayees, PayeesJoinThroughTheNumberTheirPayersRang) {
  TempDir dir;
  std::string ledger = "Entry,From,From phone,To,Amount,Cur,Date\n";
  std::string calls = "call_id,a_number,b_number,start\n";
  for (int day = 1; day <= 24; ++day) {
    const std::string d = (day < 10 ? "0" : "") + std::to_string(day);
    const std::string payer = "0301" + std::to_string(5550000 + day);
    ledger += "H" + d + ",Client " + d + "," + payer + "," +
              (day % 2 == 0 ? "Commander" : "Hanif Butt") + ",100000,PKR," + d + "-03-2024\n";
    const std::string number = day % 2 == 0 && day >= 14 ? "03337779999" : "03337771234";
    calls += "C" + d + "," + payer + "," + number + ",2024-03-" + d + "T09:30:00\n";
  }
  // Once under a name of his too rare to tie, by a client who rang his number that day: a line.
  ledger += "H25,Client 25,03015550025,Ustad Jan,50000,PKR,25-03-2024\n";
  calls += "C25,03015550025,03337771234,2024-03-25T08:00:00\n";
  const std::string case_file = WriteLedgerCase(dir, ledger, calls);
  const std::string on = (dir.path() / "on").string(), off = (dir.path() / "off").string();
  const CommandResult resolved = RunCorridor("resolve '" + case_file + "' --out '" + on + "'");
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  // Two groups, one of them tied to both numbers.
  EXPECT_NE(resolved.out.find("payee calls:      2 name groups tied to 2 numbers"),
            std::string::npos)
      << resolved.out;
  EXPECT_NE(resolved.out.find("0 spellings, 1 lines (1 joined)"), std::string::npos)
      << resolved.out;
  const std::string ties = ReadFile(on + "/payee_calls.csv");
  EXPECT_NE(ties.find("H01#payee,ledger#payee,Hanif Butt,12,+923337771234,payments,12,12,"
                      "2024-03-01,2024-03-23,H01#payee,"),
            std::string::npos)
      << ties;
  EXPECT_NE(ties.find("H02#payee,ledger#payee,Commander,12,+923337771234,payments,6,6,"
                      "2024-03-02,2024-03-12,H01#payee,"),
            std::string::npos)
      << ties;
  EXPECT_NE(ties.find("H02#payee,ledger#payee,Commander,12,+923337779999,payments,6,6,"
                      "2024-03-14,2024-03-24,H01#payee,"),
            std::string::npos)
      << ties;
  const std::string records = ReadFile(on + "/records.csv");
  const auto entity = [](const std::string& text, const std::string& id) {
    const std::size_t at = text.find("," + id + ",");
    EXPECT_NE(at, std::string::npos) << id;
    const std::size_t end = text.find('\n', at);
    return text.substr(text.rfind(',', end) + 1, end - text.rfind(',', end) - 1);
  };
  EXPECT_EQ(entity(records, "H01#payee"), entity(records, "H24#payee"));
  EXPECT_NE(ties.find("H25#payee,ledger#payee,Ustad Jan,1,+923337771234,line,1,1,2024-03-25,"
                      "2024-03-25,H01#payee,"),
            std::string::npos)
      << ties;
  EXPECT_EQ(entity(records, "H25#payee"), entity(records, "H01#payee"));

  const CommandResult joined = RunCorridor("--quiet explain '" + on + "' H01#payee H24#payee");
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_NE(joined.out.find("see payee_calls.csv"), std::string::npos) << joined.out;

  ASSERT_EQ(RunCorridor("--quiet resolve '" + case_file + "' --out '" + off + "' --no-payee-calls")
                .exit_code,
            0);
  EXPECT_EQ(ReadFile(off + "/payee_calls.csv"),
            "record_id,list,name,mentions,number,basis,payments,payments_in_window,first_day,"
            "last_day,joined_with,entity_id\n");
  const std::string apart_records = ReadFile(off + "/records.csv");
  EXPECT_NE(entity(apart_records, "H01#payee"), entity(apart_records, "H24#payee"));
  // explain resolves the run again as it was made: without the payee step.
  const CommandResult apart = RunCorridor("--quiet explain '" + off + "' H01#payee H24#payee");
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  EXPECT_NE(apart.out.find("different entities"), std::string::npos) << apart.out;
}

// "Karwan Erbil" is written for two brokers from Erbil: over the same days, his clients ring
// one number or the other.
TEST(ResolveCommandPayees, ANameWrittenForTwoPeopleAtOnceIsKeptApart) {
  TempDir dir;
  std::string ledger = "Entry,From,From phone,To,Amount,Cur,Date\n";
  std::string calls = "call_id,a_number,b_number,start\n";
  for (int day = 1; day <= 12; ++day) {
    const std::string d = (day < 10 ? "0" : "") + std::to_string(day);
    const std::string payer = "0301" + std::to_string(5550000 + day);
    ledger +=
        "H" + d + ",Client " + d + "," + payer + ",Karwan Erbil,100000,PKR," + d + "-03-2024\n";
    calls += "C" + d + "," + payer + "," + (day % 2 == 0 ? "03337779999" : "03337771234") +
             ",2024-03-" + d + "T09:30:00\n";
  }
  // Client 05 pays under the name again, ringing no one first: his other payment says whose.
  // His two payer mentions share name and phone, at 0.945 in so small a case.
  ledger += "H13,Client 05,03015550005,Karwan Erbil,100000,PKR,20-03-2024\n";
  const std::string case_file = WriteLedgerCase(dir, ledger, calls);
  const std::string out = (dir.path() / "out").string();
  const CommandResult resolved =
      RunCorridor("resolve '" + case_file + "' --out '" + out + "' --threshold 0.9");
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_NE(resolved.out.find("1 payers' lines (1 joined)"), std::string::npos) << resolved.out;
  EXPECT_NE(resolved.out.find("1 name groups of two people at once (13 mentions kept apart)"),
            std::string::npos)
      << resolved.out;
  const std::string ties = ReadFile(out + "/payee_calls.csv");
  EXPECT_NE(ties.find("H01#payee,ledger#payee,Karwan Erbil,13,+923337771234,shared,6,12,"
                      "2024-03-01,2024-03-11,,"),
            std::string::npos)
      << ties;
  EXPECT_NE(ties.find("H01#payee,ledger#payee,Karwan Erbil,13,+923337779999,shared,6,12,"
                      "2024-03-02,2024-03-12,,"),
            std::string::npos)
      << ties;
  EXPECT_NE(ties.find("H13#payee,ledger#payee,Karwan Erbil,1,+923337771234,payer,1,2,,,H01#payee,"),
            std::string::npos)
      << ties;
  const CommandResult followed = RunCorridor("--quiet explain '" + out + "' H13#payee H01#payee");
  ASSERT_EQ(followed.exit_code, 0) << followed.err;
  EXPECT_NE(followed.out.find("same entity"), std::string::npos) << followed.out;
  EXPECT_NE(followed.out.find("their payers' other payments"), std::string::npos) << followed.out;
  const CommandResult apart = RunCorridor("--quiet explain '" + out + "' H01#payee H02#payee");
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  EXPECT_NE(apart.out.find("different entities"), std::string::npos) << apart.out;
  EXPECT_NE(apart.out.find("kept apart: a payee name written for two people at once"),
            std::string::npos)
      << apart.out;
}

// "Karwan Erbil" again, his clients in Erbil ringing one number and those in Duhok the other;
// one more client in Erbil, the ledger writing the city in Kurdish, rang no one first.
TEST(ResolveCommandPayees, ALineOfASharedNameJoinsTheManItsPlaceWrites) {
  TempDir dir;
  std::string ledger = "Entry,From,From phone,To,Amount,Cur,Date,City\n";
  std::string calls = "call_id,a_number,b_number,start\n";
  for (int day = 1; day <= 12; ++day) {
    const std::string d = (day < 10 ? "0" : "") + std::to_string(day);
    const std::string payer = "0301" + std::to_string(5550000 + day);
    ledger += "H" + d + ",Client " + d + "," + payer + ",Karwan Erbil,100000,PKR," + d +
              "-03-2024," + (day % 2 == 0 ? "Duhok" : "Erbil") + "\n";
    calls += "C" + d + "," + payer + "," + (day % 2 == 0 ? "03337779999" : "03337771234") +
             ",2024-03-" + d + "T09:30:00\n";
  }
  ledger += "H13,Client 13,03015550013,Karwan Erbil,100000,PKR,20-03-2024,هەولێر\n";
  dir.Write("ledger.csv", ledger);
  dir.Write("cdr.csv", calls);
  const std::string case_file = dir.Write("case.json", R"({
  "name": "Payees", "region": "PK",
  "sources": [
    { "path": "ledger.csv", "kind": "transfer", "time_format": "%d-%m-%Y",
      "fields": { "id": "Entry", "payer_name": "From", "payer_phone": "From phone",
                  "payee_name": "To", "amount": "Amount", "currency": "Cur", "time": "Date",
                  "place": "City" } },
    { "path": "cdr.csv", "kind": "call",
      "fields": { "id": "call_id", "from": "a_number", "to": "b_number", "time": "start" } }
  ]
})");
  const std::string out = (dir.path() / "out").string();
  const CommandResult resolved = RunCorridor("resolve '" + case_file + "' --out '" + out + "'");
  ASSERT_EQ(resolved.exit_code, 0) << resolved.err;
  EXPECT_NE(resolved.out.find("1 lines by place (1 joined)"), std::string::npos) << resolved.out;
  const std::string ties = ReadFile(out + "/payee_calls.csv");
  EXPECT_NE(ties.find("H13#payee,ledger#payee,Karwan Erbil,1,+923337771234,place,6,7,,,H01#payee,"),
            std::string::npos)
      << ties;
  const CommandResult joined = RunCorridor("--quiet explain '" + out + "' H13#payee H01#payee");
  ASSERT_EQ(joined.exit_code, 0) << joined.err;
  EXPECT_NE(joined.out.find("same entity"), std::string::npos) << joined.out;
  EXPECT_NE(joined.out.find("payments' place"), std::string::npos) << joined.out;
  const CommandResult apart = RunCorridor("--quiet explain '" + out + "' H13#payee H02#payee");
  ASSERT_EQ(apart.exit_code, 0) << apart.err;
  EXPECT_NE(apart.out.find("different entities"), std::string::npos) << apart.out;
}

}  // namespace
}  // namespace corridor::testing
