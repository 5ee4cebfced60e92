#include "algorithms/resolve/payee_calls.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "algorithms/resolve/cluster.h"
#include "algorithms/resolve/resolve.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// A hawala ledger (payer name and phone, payee name, date) and a CDR, as one case.
class LedgerCase {
 public:
  LedgerCase() {
    data_.region = "PK";
    for (const char* name : {"ledger", "cdr", "subscribers", "other_ledger"}) {
      SourceReport source;
      source.name = name;
      source.region = "PK";
      data_.sources.push_back(source);
    }
  }

  // Returns the payee mention's record id. A payment with `minute` >= 0 has a time of day.
  // `ledger` is the source: 0, or kOtherLedger for a second ledger.
  // The payer is "Payer <row id>" unless named; `place` is the ledger's city, if any.
  std::string Pay(const std::string& payer_phone, const std::string& payee, int day,
                  int minute = -1, const std::string& payee_dob = "", SourceIndex ledger = 0,
                  const std::string& payer_name = "", const std::string& place = "") {
    const std::string id = "H" + std::to_string(rows_);
    const RecordRef ref{ledger, static_cast<std::uint32_t>(rows_ + 2), rows_ * 100};
    ++rows_;
    data_.records.BeginRecord(RecordKind::kPerson, ref, id + "#payer");
    data_.records.AddField(Field::kFullName, payer_name.empty() ? "Payer " + id : payer_name);
    data_.records.AddField(Field::kPhone, payer_phone);
    data_.records.BeginRecord(RecordKind::kPerson, ref, id + "#payee");
    data_.records.AddField(Field::kFullName, payee);
    if (!payee_dob.empty()) data_.records.AddField(Field::kDob, payee_dob);
    const RecordIndex transfer =
        data_.records.BeginRecord(RecordKind::kTransfer, ref, id + "#transfer");
    data_.records.AddField(Field::kPayerPhone, payer_phone);
    data_.records.AddField(Field::kPayeeName, payee);
    data_.records.AddField(Field::kFromRef, id + "#payer");
    data_.records.AddField(Field::kToRef, id + "#payee");
    if (!place.empty()) data_.records.AddField(Field::kPlace, place);
    data_.records.SetTime(
        transfer, minute < 0 ? PartialTime::FromCivil({2024, 1, 1}, TimePrecision::kDay)
                             : PartialTime::FromCivil({2024, 1, 1, minute / 60, minute % 60, 0},
                                                      TimePrecision::kMinute));
    Shift(transfer, day);
    return id + "#payee";
  }

  void Call(const std::string& from, const std::string& to, int day, int minute = 600) {
    const std::string id = "C" + std::to_string(calls_);
    const RecordRef ref{1, static_cast<std::uint32_t>(calls_ + 2), calls_ * 100};
    ++calls_;
    const RecordIndex call = data_.records.BeginRecord(RecordKind::kCall, ref, id);
    data_.records.AddField(Field::kFrom, from);
    data_.records.AddField(Field::kTo, to);
    data_.records.SetTime(call, PartialTime::FromCivil({2024, 1, 1, minute / 60, minute % 60, 0},
                                                       TimePrecision::kMinute));
    Shift(call, day);
  }

  // A payer who rings `number` on the payment's day first, as clients ring their hawaladar.
  std::string PayAfterCall(const std::string& payee, const std::string& number, int day,
                           const std::string& payee_dob = "") {
    const std::string payer = Phone(next_payer_++);
    Call(payer, number, day);
    return Pay(payer, payee, day, -1, payee_dob);
  }

  static constexpr SourceIndex kOtherLedger = 3;

  static std::string Phone(int n) { return "0301" + std::to_string(10000000 + n).substr(1); }

  // A record of a number under a name, as a subscriber list gives it.
  std::string Subscriber(const std::string& name, const std::string& phone) {
    const std::string id = "S" + std::to_string(subscribers_);
    const RecordRef ref{2, static_cast<std::uint32_t>(subscribers_ + 2), subscribers_ * 100};
    ++subscribers_;
    data_.records.BeginRecord(RecordKind::kPerson, ref, id);
    data_.records.AddField(Field::kFullName, name);
    data_.records.AddField(Field::kPhone, phone);
    return id;
  }

  CaseData& data() { return data_; }

 private:
  void Shift(RecordIndex r, int day) {
    const PartialTime t = data_.records.time(r);
    data_.records.SetTime(
        r, PartialTime::FromSeconds(t.seconds() + std::int64_t{day} * 86400, t.precision()));
  }

  CaseData data_;
  std::uint64_t rows_ = 0, calls_ = 0, subscribers_ = 0;
  int next_payer_ = 0;
};

const std::string kOldNumber = "0333 1111111";    // the hawaladar's number to day 19
const std::string kNewNumber = "0333 2222222";    // and from day 20
const std::string kOther = "0345 3333333";        // another hawaladar's
const std::string kUntied = "0345 4444444";       // a third's
const std::string kThirdNumber = "0345 5555555";  // a fourth's

PayeeCalls Tie(const CaseData& data, const PayeeCallOptions& options = {}) {
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  return TiePayeesByCalls(data, persons, options);
}

RecordIndex IndexOfRecordId(const RecordTable& records, const std::string& id) {
  for (RecordIndex r = 0; r < records.size(); ++r) {
    if (records.record_id(r) == id) return r;
  }
  return kNoId;
}

std::map<std::string, EntityId> EntityOfRecordId(const RecordTable& records,
                                                 const Resolution& resolution) {
  std::map<std::string, EntityId> entity;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    entity[std::string(records.record_id(r))] = resolution.entity_of_record[r];
  }
  return entity;
}

TEST(PayeeCalls, NameGroupsTiedToOneNumberAcrossAChangeOfNumberJoin) {
  LedgerCase ledger;
  std::vector<std::string> commander, hanif, rare, shared;
  // "Commander" is paid throughout: his clients ring the old number, then the new one.
  for (int day = 0; day < 40; day += 2) {
    commander.push_back(ledger.PayAfterCall("Commander", day < 20 ? kOldNumber : kNewNumber, day));
  }
  // "Hanif Butt" only after the change; one payer of his rang nobody.
  for (int day = 21; day < 40; day += 3)
    hanif.push_back(ledger.PayAfterCall("Hanif Butt", kNewNumber, day));
  hanif.push_back(ledger.Pay(LedgerCase::Phone(900), "Butt, Hanif", 30));
  // Four payments are not enough. (Numbers no group here is tied to, so that no payment joins
  // a tied number's person on its own: PayeeCalls.APaymentOfAnUntiedNameJoinsTheTiedNumberRung;
  // a shared name's lines join the man at each number it points at.)
  for (int day = 1; day < 5; ++day) {
    rare.push_back(ledger.PayAfterCall("Malang Jan", "0345 6666666", day));
  }
  // A name two hawaladars share, paid to each about equally often, ties to neither.
  for (int day = 0; day < 24; ++day) {
    shared.push_back(ledger.PayAfterCall("Akbar", day % 2 == 0 ? kUntied : kOther, day));
  }
  // Once under another name by a client who rang the first Akbar's number: a line to him; and
  // once by one who rang Commander's.
  const std::string gul = ledger.PayAfterCall("Gul Khan", kUntied, 30);
  const std::string tor = ledger.PayAfterCall("Tor Jan", kOldNumber, 5);

  // The new number's subscriber, under one of the names tied to it, is the same man; under a
  // name no group bears, or with a number no group is tied to, nothing is known.
  const std::string holder = ledger.Subscriber("Butt, Hanif", kNewNumber);
  ledger.Subscriber("Gul Zaman", kNewNumber);
  ledger.Subscriber("Hanif Butt", kOther);

  PayeeCalls ties = Tie(ledger.data());
  ASSERT_EQ(ties.ties.size(), 32u);
  // "Akbar" gets a row for each of the two, and a line for each mention (and Gul Khan and Tor
  // Jan one each); its mentions are kept apart from pairwise merging.
  const auto shared_or_line = [](const PayeeCallTie& tie) {
    return tie.basis == PayeeCallTie::Basis::kShared || tie.basis == PayeeCallTie::Basis::kLine;
  };
  EXPECT_EQ(std::count_if(ties.ties.begin(), ties.ties.end(), shared_or_line), 28);
  EXPECT_EQ(ties.kept_apart.size(), shared.size());
  std::erase_if(ties.ties, shared_or_line);
  const auto is_holder = [](const PayeeCallTie& tie) {
    return tie.basis == PayeeCallTie::Basis::kHolder;
  };
  ASSERT_EQ(std::count_if(ties.ties.begin(), ties.ties.end(), is_holder), 1);
  const PayeeCallTie found = *std::find_if(ties.ties.begin(), ties.ties.end(), is_holder);
  EXPECT_EQ(found.e164, 923332222222u);
  EXPECT_EQ(found.payments, 0u);
  std::erase_if(ties.ties, is_holder);
  ASSERT_EQ(ties.ties.size(), 3u);
  std::set<std::uint64_t> numbers;
  for (const PayeeCallTie& tie : ties.ties) {
    numbers.insert(tie.e164);
    EXPECT_GE(tie.payments, 5u);
    EXPECT_EQ(tie.payments, tie.in_window);
    EXPECT_EQ(tie.anchor, ties.ties.front().anchor);  // one component
  }
  EXPECT_EQ(numbers, (std::set<std::uint64_t>{923331111111, 923332222222}));
  // Commander to the old number: days 0-18, ten payments.
  EXPECT_EQ(ties.ties[0].e164, 923331111111u);
  EXPECT_EQ(ties.ties[0].payments, 10u);
  EXPECT_EQ(ties.ties[0].last_day - ties.ties[0].first_day, 18);
  EXPECT_EQ(ties.ties[0].mentions, commander.size());
  // "Butt, Hanif" has the same name key as "Hanif Butt": one group of 8.
  EXPECT_EQ(ties.ties[2].mentions, hanif.size());
  EXPECT_EQ(ties.payments_pointing, ties.payments - 1);

  ResolveOptions options;
  const Resolution resolution = Resolve(ledger.data(), options);
  const RecordTable& records = ledger.data().records;
  std::map<std::string, EntityId> entity = EntityOfRecordId(records, resolution);
  const EntityId joined = entity[commander.front()];
  for (const auto& id : commander) EXPECT_EQ(entity[id], joined) << id;
  for (const auto& id : hanif) EXPECT_EQ(entity[id], joined) << id;
  EXPECT_EQ(entity[holder], joined);
  for (const auto& id : rare) EXPECT_NE(entity[id], joined) << id;
  for (const auto& id : shared) EXPECT_NE(entity[id], joined) << id;
  // Akbar's lines: each but the first to each of his two men joins it; Gul Khan's and Tor
  // Jan's too.
  EXPECT_EQ(resolution.payee_calls.joins.size(),
            commander.size() + hanif.size() + shared.size() - 2 + 2);
  EXPECT_EQ(entity[gul], entity[shared[0]]);
  EXPECT_EQ(entity[tor], joined);
  EXPECT_NE(entity[shared[0]], entity[shared[1]]);

  // An analyst's judgement that a Commander and a Hanif Butt differ outranks the inference.
  Judgement different;
  different.a = IndexOfRecordId(records, commander[3]);
  different.b = IndexOfRecordId(records, hanif[2]);
  ledger.data().judgements.push_back(different);
  const Resolution refused = Resolve(ledger.data(), options);
  ledger.data().judgements.clear();
  EXPECT_EQ(refused.payee_calls.refused_by_judgement, 1u);
  // Only the lines still join, each on its own evidence; Commander's names do not, though Tor
  // Jan's line to him does.
  EXPECT_EQ(refused.payee_calls.joins.size(), shared.size() - 2 + 2);
  for (const PayeeCallTie& tie : refused.payee_calls.ties) {
    EXPECT_EQ(tie.joined, tie.basis == PayeeCallTie::Basis::kLine);
  }
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    EXPECT_EQ(tie.joined, tie.basis != PayeeCallTie::Basis::kShared);
  }
  EXPECT_NE(refused.entity_of_record[IndexOfRecordId(records, commander[3])],
            refused.entity_of_record[IndexOfRecordId(records, hanif[2])]);

  // Switched off, nothing ties "Commander" to "Hanif Butt": no name or identifier in common.
  options.payee_calls.enabled = false;
  const Resolution without = Resolve(ledger.data(), options);
  EXPECT_TRUE(without.payee_calls.ties.empty());
  std::map<std::string, EntityId> entity_without;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    entity_without[std::string(records.record_id(r))] = without.entity_of_record[r];
  }
  EXPECT_NE(entity_without[commander.front()], entity_without[hanif.front()]);
}

TEST(PayeeCalls, APaymentPointsOnlyAtTheOneNumberRungBeforeIt) {
  LedgerCase ledger;
  // Payments at 12:00 on days 0-5. Days 0-2: the payer rang the hawaladar in the morning.
  for (int day = 0; day < 3; ++day) {
    const std::string payer = LedgerCase::Phone(day);
    ledger.Call(payer, kOldNumber, day, 540);
    ledger.Pay(payer, "Commander", day, 720);
  }
  // Day 3: he rang, but only after paying. Day 4: he rang two numbers. Day 5: he rang the
  // hawaladar twice, and the day before someone else.
  ledger.Call(LedgerCase::Phone(3), kOldNumber, 3, 900);
  ledger.Pay(LedgerCase::Phone(3), "Commander", 3, 720);
  ledger.Call(LedgerCase::Phone(4), kOldNumber, 4, 540);
  ledger.Call(LedgerCase::Phone(4), kOther, 4, 560);
  ledger.Pay(LedgerCase::Phone(4), "Commander", 4, 720);
  ledger.Call(LedgerCase::Phone(5), kOther, 4, 540);
  ledger.Call(LedgerCase::Phone(5), kOldNumber, 5, 540);
  ledger.Call(LedgerCase::Phone(5), kOldNumber, 5, 600);
  ledger.Pay(LedgerCase::Phone(5), "Commander", 5, 720);
  // Day 6: he rang at the minute of the payment. Day 7: he rang his own number, then the
  // hawaladar's.
  ledger.Call(LedgerCase::Phone(6), kOldNumber, 6, 720);
  ledger.Pay(LedgerCase::Phone(6), "Commander", 6, 720);
  ledger.Call(LedgerCase::Phone(7), LedgerCase::Phone(7), 7, 540);
  ledger.Call(LedgerCase::Phone(7), kOldNumber, 7, 570);
  ledger.Pay(LedgerCase::Phone(7), "Commander", 7, 720);

  PayeeCallOptions options;
  options.min_payments = 6;
  options.min_share = 1.0;
  const PayeeCalls ties = Tie(ledger.data(), options);
  EXPECT_EQ(ties.payments, 8u);
  EXPECT_EQ(ties.payments_pointing, 6u);  // days 0, 1, 2, 5, 6 and 7
  ASSERT_EQ(ties.ties.size(), 1u);
  EXPECT_EQ(ties.ties[0].payments, 6u);
  EXPECT_EQ(ties.ties[0].in_window, 6u);
  EXPECT_EQ(ties.ties[0].first_day + 7, ties.ties[0].last_day);
  options.min_payments = 7;
  EXPECT_TRUE(Tie(ledger.data(), options).ties.empty());
}

TEST(PayeeCalls, EvidenceCountsOncePerPayerAndDayAndMustExplainTheGroup) {
  // One client paying five times in a day after one call is one piece of evidence.
  LedgerCase split;
  split.Call(LedgerCase::Phone(1), kOldNumber, 3);
  for (int k = 0; k < 5; ++k) split.Pay(LedgerCase::Phone(1), "Commander", 3);
  EXPECT_EQ(Tie(split.data()).payments_pointing, 5u);
  EXPECT_TRUE(Tie(split.data()).ties.empty());

  // Nine of ten pointing payments in the window: exactly the 90% share ties.
  LedgerCase share;
  for (int day = 0; day < 10; ++day) {
    share.PayAfterCall("Commander", day == 4 ? kOther : kOldNumber, day);
  }
  const PayeeCalls at_share = Tie(share.data());
  ASSERT_EQ(at_share.ties.size(), 1u);
  EXPECT_EQ(at_share.ties[0].payments, 9u);
  EXPECT_EQ(at_share.ties[0].in_window, 10u);
  share.PayAfterCall("Commander", kOther, 5);  // 9 of 11
  EXPECT_TRUE(Tie(share.data()).ties.empty());

  // Six payments in a week point at one number; six more, later, each at a number of its own.
  // The first number explains half of the group, so the name is not tied to it.
  LedgerCase shared;
  for (int day = 0; day < 6; ++day) shared.PayAfterCall("Mohammad Herat", kOldNumber, day);
  for (int day = 20; day < 26; ++day) {
    shared.PayAfterCall("Mohammad Herat", "0345 44400" + std::to_string(10 + day), day);
  }
  EXPECT_TRUE(Tie(shared.data()).ties.empty());
  for (int day = 30; day < 36; ++day) shared.PayAfterCall("Mohammad Herat", kNewNumber, day);
  EXPECT_EQ(Tie(shared.data()).ties.size(), 0u);  // 12 of 18 explained: still not enough
}

TEST(PayeeCalls, PayeesWithTheirOwnIdentifiersAreLeftToTheModel) {
  LedgerCase ledger;
  for (int day = 0; day < 10; ++day) ledger.PayAfterCall("Commander", kOldNumber, day);
  // The same name with a birth date is not name-only: the model weighs it, the group does not
  // take it in.
  for (int day = 10; day < 13; ++day) {
    ledger.PayAfterCall("Commander", kOldNumber, day, "1970-05-01");
  }
  const PayeeCalls ties = Tie(ledger.data());
  ASSERT_EQ(ties.ties.size(), 1u);
  EXPECT_EQ(ties.ties[0].mentions, 10u);
  EXPECT_EQ(ties.ties[0].payments, 10u);
  EXPECT_EQ(ties.payments, 10u);
}

TEST(PayeeCalls, SameTiesAtAnyThreadCount) {
  LedgerCase ledger;
  for (int day = 0; day < 60; ++day) {
    ledger.PayAfterCall(day % 3 == 0 ? "Commander" : "Hanif Butt",
                        day < 30 ? kOldNumber : kNewNumber, day);
    ledger.PayAfterCall(day % 2 == 0 ? "Engineer" : "Akbar", kOther, day);
  }
  for (int k = 0; k < 6; ++k) {  // clients who ring both numbers across the change
    ledger.Call(LedgerCase::Phone(100 + k), kOldNumber, 24 + k);
    ledger.Call(LedgerCase::Phone(100 + k), kNewNumber, 30 + k);
  }
  std::vector<PayeeCalls> runs;
  for (const int threads : {1, 2}) {
    parallel::ThreadLimit limit(threads);
    runs.push_back(Tie(ledger.data()));
  }
  ASSERT_FALSE(runs[0].ties.empty());
  EXPECT_EQ(runs[0].successions.size(), 1u);
  EXPECT_EQ(runs[0].successions, runs[1].successions);
  EXPECT_EQ(runs[0].joins, runs[1].joins);
  ASSERT_EQ(runs[0].ties.size(), runs[1].ties.size());
  for (std::size_t t = 0; t < runs[0].ties.size(); ++t) {
    EXPECT_EQ(runs[0].ties[t].e164, runs[1].ties[t].e164);
    EXPECT_EQ(runs[0].ties[t].anchor, runs[1].ties[t].anchor);
  }
}

TEST(PayeeCalls, RareSpellingsOfATiedNameInItsListFollowIt) {
  LedgerCase ledger;
  std::vector<std::string> tied, followers, namesake, elsewhere, unrelated, ambiguous, hanif,
      haneef;
  for (int day = 0; day < 10; ++day) {
    tied.push_back(ledger.PayAfterCall("Mohammad Akbar Abassi", kOldNumber, day));
  }
  // Misspelt once with no call to read, and twice by clients who rang his number.
  followers.push_back(ledger.Pay(LedgerCase::Phone(900), "Mohamad Akbar Abasi", 3));
  for (int day = 4; day < 6; ++day) {
    followers.push_back(ledger.PayAfterCall("Muhammad Akbar Abbassi", kOldNumber, day));
  }
  // The same skeleton whose clients ring another number is someone else.
  for (int day = 0; day < 3; ++day) {
    namesake.push_back(ledger.PayAfterCall("Mohammed Akbar Abasi", kOther, day));
  }
  // Another ledger's list, and another skeleton, are not his spellings.
  elsewhere.push_back(ledger.Pay(LedgerCase::Phone(901), "Mohamad Akbar Abasi", 3, -1, "",
                                 LedgerCase::kOtherLedger));
  unrelated.push_back(ledger.Pay(LedgerCase::Phone(902), "Malang Jan", 3));
  // Two tied names of one skeleton, tied to different numbers: a third spelling of it is
  // nobody's.
  for (int day = 0; day < 6; ++day) {
    hanif.push_back(ledger.PayAfterCall("Hanif Butt", kNewNumber, day));
    haneef.push_back(ledger.PayAfterCall("Haneef Butt", kOther, day));
  }
  ambiguous.push_back(ledger.Pay(LedgerCase::Phone(903), "Hanif But", 7));

  const PayeeCalls ties = Tie(ledger.data());
  std::vector<PayeeCallTie> spellings;
  for (const PayeeCallTie& tie : ties.ties) {
    if (tie.basis == PayeeCallTie::Basis::kSpelling) spellings.push_back(tie);
  }
  ASSERT_EQ(spellings.size(), 2u);
  EXPECT_EQ(spellings[0].mentions, 1u);
  EXPECT_EQ(spellings[0].payments, 0u);
  EXPECT_EQ(spellings[0].in_window, 0u);
  EXPECT_EQ(spellings[1].mentions, 2u);
  EXPECT_EQ(spellings[1].payments, 2u);
  EXPECT_EQ(spellings[1].in_window, 2u);
  for (const PayeeCallTie& tie : spellings) {
    EXPECT_EQ(tie.e164, 923331111111u);
    EXPECT_EQ(tie.first_day, 0);
  }

  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  const RecordTable& records = ledger.data().records;
  std::map<std::string, EntityId> entity = EntityOfRecordId(records, resolution);
  const EntityId akbar = entity[tied.front()];
  for (const auto& id : tied) EXPECT_EQ(entity[id], akbar) << id;
  for (const auto& id : followers) EXPECT_EQ(entity[id], akbar) << id;
  for (const auto* others : {&namesake, &elsewhere, &unrelated, &ambiguous}) {
    for (const auto& id : *others) EXPECT_NE(entity[id], akbar) << id;
  }
  EXPECT_NE(entity[hanif.front()], entity[haneef.front()]);
  for (const auto& id : ambiguous) {
    EXPECT_NE(entity[id], entity[hanif.front()]) << id;
    EXPECT_NE(entity[id], entity[haneef.front()]) << id;
  }
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    EXPECT_TRUE(tie.joined);
    // A following group's payments join with it, not as lines.
    if (tie.basis != PayeeCallTie::Basis::kLine) continue;
    const std::string id(records.record_id(resolution.persons.records[tie.representative]));
    EXPECT_EQ(std::count(followers.begin(), followers.end(), id), 0) << id;
  }
}

// A ledger of Sardar Karwan's, who changed numbers on day 20: his clients rang the old number to
// day 19 and the new one from day 20.
class ChangeOfNumber {
 public:
  static constexpr int kClients = 6;
  static constexpr std::uint64_t kOld = 923331111111, kNew = 923332222222;

  // `sardar`: four payments to each number, too few for either alone to tie the name; "Haji
  // Sardar" once to each (with Sardar Karwan's, at least five to each number). With
  // `clients_ring`, six clients ring the old number on days 14-19 and the new one on days
  // 20-25.
  explicit ChangeOfNumber(bool clients_ring) {
    for (const int day : {10, 12, 14, 16}) {
      sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kOldNumber, day));
    }
    for (const int day : {21, 23, 25, 27}) {
      sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kNewNumber, day));
    }
    haji.push_back(ledger.PayAfterCall("Haji Sardar", kOldNumber, 11));
    haji.push_back(ledger.PayAfterCall("Haji Sardar", kNewNumber, 22));
    // "Karwan": six payments to his numbers, two to another's: not the 90% a tie needs.
    for (const int day : {11, 13, 15, 22, 24, 26}) {
      karwan.push_back(ledger.PayAfterCall("Karwan", day < 20 ? kOldNumber : kNewNumber, day));
    }
    for (const int day : {12, 23}) {
      karwan.push_back(ledger.PayAfterCall("Karwan", "0345 7777777", day));
    }
    for (int k = 0; clients_ring && k < kClients; ++k) {
      ledger.Call(LedgerCase::Phone(100 + k), kOldNumber, 14 + k);
      ledger.Call(LedgerCase::Phone(100 + k), kNewNumber, 20 + k);
    }
    // The same migrants ring the cell's recruiter to day 19 and its transporter from day 20;
    // one payment points at each: too few for a payee's numbers.
    for (int k = 0; k < kClients; ++k) {
      ledger.Call(LedgerCase::Phone(100 + k), kOther, 14 + k);
      ledger.Call(LedgerCase::Phone(100 + k), kUntied, 20 + k);
    }
    ledger.PayAfterCall("Malang Jan", kOther, 15);
    ledger.PayAfterCall("Malang Jan", kUntied, 21);
    // Three weeks at either side of the change: a caller of the old number 20 days before its
    // last call is one of its last weeks', one 21 days before is not; so for the new number's
    // first weeks after its first call.
    ledger.Call(LedgerCase::Phone(200), kOldNumber, -1);
    ledger.Call(LedgerCase::Phone(201), kOldNumber, -2);
    ledger.Call(LedgerCase::Phone(202), kNewNumber, 40);
    ledger.Call(LedgerCase::Phone(203), kNewNumber, 41);
  }

  LedgerCase ledger;
  std::vector<std::string> sardar, haji, karwan;
};

TEST(PayeeCalls, ANumberTakingOverFromAnotherIsTheSamePayees) {
  ChangeOfNumber change(true);
  const PayeeCalls ties = Tie(change.ledger.data());
  ASSERT_EQ(ties.successions.size(), 1u);
  const NumberSuccession& succession = ties.successions.front();
  EXPECT_EQ(succession.previous, ChangeOfNumber::kOld);
  EXPECT_EQ(succession.next, ChangeOfNumber::kNew);
  EXPECT_EQ(succession.next_first_day - succession.previous_last_day, 1);
  EXPECT_EQ(succession.shared_callers, std::uint32_t{ChangeOfNumber::kClients});
  // Each number's payers ring it within its three weeks too, eight of them each, and one of
  // the callers at the windows' edges.
  EXPECT_EQ(succession.previous_callers, ChangeOfNumber::kClients + 9u);
  EXPECT_EQ(succession.next_callers, ChangeOfNumber::kClients + 9u);
  // Between them the two numbers draw all eight of Sardar Karwan's payments: tied to both, one
  // component. Haji Sardar's two are too few; Karwan's six are 75% of his.
  std::vector<PayeeCallTie> tied;
  for (const PayeeCallTie& tie : ties.ties) {
    if (tie.basis == PayeeCallTie::Basis::kPayments) tied.push_back(tie);
  }
  ASSERT_EQ(tied.size(), 2u);
  for (const PayeeCallTie& tie : tied) {
    EXPECT_EQ(tie.mentions, change.sardar.size());
    EXPECT_EQ(tie.payments, 4u);
    EXPECT_EQ(tie.in_window, 8u);
    EXPECT_EQ(tie.anchor, tied.front().representative);
  }
  EXPECT_EQ(std::set<std::uint64_t>({tied[0].e164, tied[1].e164}),
            std::set<std::uint64_t>({ChangeOfNumber::kOld, ChangeOfNumber::kNew}));
  EXPECT_EQ(succession.anchor, tied.front().representative);

  // Haji Sardar's two payments are lines to the person's numbers, one each side.
  const Resolution resolution = Resolve(change.ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity =
      EntityOfRecordId(change.ledger.data().records, resolution);
  for (const auto& id : change.sardar) EXPECT_EQ(entity[id], entity[change.sardar[0]]) << id;
  for (const auto& id : change.haji) EXPECT_EQ(entity[id], entity[change.sardar[0]]) << id;

  // Two names each tied to one side of the change: the succession makes them one person.
  LedgerCase sides;
  std::vector<std::string> commander, hanif;
  for (int day = 10; day < 19; day += 2) {
    commander.push_back(sides.PayAfterCall("Commander", kOldNumber, day));
  }
  for (int day = 21; day < 30; day += 2) {
    hanif.push_back(sides.PayAfterCall("Hanif Butt", kNewNumber, day));
  }
  for (int k = 0; k < ChangeOfNumber::kClients; ++k) {
    sides.Call(LedgerCase::Phone(100 + k), kOldNumber, 14 + k);
    sides.Call(LedgerCase::Phone(100 + k), kNewNumber, 20 + k);
  }
  const PayeeCalls one = Tie(sides.data());
  EXPECT_EQ(one.successions.size(), 1u);
  ASSERT_EQ(one.ties.size(), 2u);
  EXPECT_EQ(one.ties[0].anchor, one.ties[1].anchor);
  EXPECT_EQ(one.ties[0].payments, 5u);

  // Without the clients' calls across the change the numbers are two people's, and four
  // payments tie the name to neither.
  ChangeOfNumber unseen(false);
  const PayeeCalls apart = Tie(unseen.ledger.data());
  EXPECT_TRUE(apart.successions.empty());
  EXPECT_TRUE(std::none_of(apart.ties.begin(), apart.ties.end(), [](const PayeeCallTie& tie) {
    return tie.basis == PayeeCallTie::Basis::kPayments;
  }));
  const Resolution unjoined = Resolve(unseen.ledger.data(), ResolveOptions{});
  entity = EntityOfRecordId(unseen.ledger.data().records, unjoined);
  for (const auto& id : unseen.haji) EXPECT_NE(entity[id], entity[unseen.sardar[0]]) << id;
}

TEST(PayeeCalls, ANumberTakesOverOnlyAsTheOtherOnesOnlyBestMatch) {
  // A third number, paid five times from day `paid_from`, which the same clients ring from day
  // `rung_from` for six days.
  const auto with_third_number = [](int rung_from, int paid_from) {
    ChangeOfNumber change(true);
    for (int k = 0; k < ChangeOfNumber::kClients; ++k) {
      change.ledger.Call(LedgerCase::Phone(100 + k), kThirdNumber, rung_from + k);
    }
    for (int day = paid_from; day < paid_from + 5; ++day) {
      change.ledger.PayAfterCall("Zarif Jan", kThirdNumber, day);
    }
    return Tie(change.ledger.data()).successions;
  };
  // Its calls begin on day 20: the old number's successor is either, so neither.
  EXPECT_TRUE(with_third_number(20, 30).empty());
  // Its calls end on day 19: the new number's predecessor is either, so neither.
  EXPECT_TRUE(with_third_number(14, 2).empty());
  // Its calls end long before: the old number's successor is the new one.
  EXPECT_EQ(with_third_number(0, 1).size(), 1u);
  // Six other callers of the old number ring a third on its last day only: it does not go on
  // after the old number, so it is no rival of the new one.
  ChangeOfNumber one_day(true);
  for (int k = 0; k < ChangeOfNumber::kClients; ++k) {
    one_day.ledger.Call(LedgerCase::Phone(300 + k), kOldNumber, 14 + k);
    one_day.ledger.Call(LedgerCase::Phone(300 + k), kThirdNumber, 19);
  }
  for (int k = 0; k < 5; ++k) one_day.ledger.PayAfterCall("Zarif Jan", kThirdNumber, 19);
  const std::vector<NumberSuccession> found = Tie(one_day.ledger.data()).successions;
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].next, ChangeOfNumber::kNew);
  // The new number may begin on the old one's last day, and at most three days after it.
  const auto successions_after_gap = [](int gap) {
    LedgerCase ledger;
    for (int day = 0; day < 5; ++day) ledger.PayAfterCall("Commander", kOldNumber, day);
    for (int k = 0; k < ChangeOfNumber::kClients; ++k) {
      ledger.Call(LedgerCase::Phone(100 + k), kOldNumber, 5 + k);
      ledger.Call(LedgerCase::Phone(100 + k), kNewNumber, 10 + gap + k);
    }
    for (int day = 16 + gap; day < 21 + gap; ++day) {
      ledger.PayAfterCall("Hanif Butt", kNewNumber, day);
    }
    return Tie(ledger.data()).successions.size();
  };
  EXPECT_EQ(successions_after_gap(0), 1u);
  EXPECT_EQ(successions_after_gap(3), 1u);
  EXPECT_EQ(successions_after_gap(4), 0u);
  // Fewer callers shared than a tie's payments need: no succession either (two more payments
  // to each number keep both paid that often).
  PayeeCallOptions options;
  options.min_payments = ChangeOfNumber::kClients + 1;
  ChangeOfNumber few(true);
  for (const int day : {13, 15}) few.ledger.PayAfterCall("Haji Sardar", kOldNumber, day);
  for (const int day : {24, 26}) few.ledger.PayAfterCall("Haji Sardar", kNewNumber, day);
  EXPECT_TRUE(Tie(few.ledger.data(), options).successions.empty());
  options.min_payments = ChangeOfNumber::kClients;
  EXPECT_EQ(Tie(few.ledger.data(), options).successions.size(), 1u);
}

TEST(PayeeCalls, APaymentOfAnUntiedNameJoinsTheTiedNumberRung) {
  LedgerCase ledger;
  std::vector<std::string> commander;
  for (int day = 0; day < 10; ++day) {
    commander.push_back(ledger.PayAfterCall("Commander", kOldNumber, day));
  }
  // Twice under a name too rare to tie, by clients who rang Commander's number that day.
  const std::vector<std::string> zarif = {ledger.PayAfterCall("Zarif Jan", kOldNumber, 3),
                                          ledger.PayAfterCall("Zarif Jan", kOldNumber, 7)};
  // A client who rang a number no name is tied to says nothing.
  const std::string malang = ledger.PayAfterCall("Malang Jan", kOther, 4);
  // "Nabi Gul" twice, one client having rung Commander and the other nobody, judged the same
  // man by an analyst: one payment does not move the cluster the two make.
  const std::vector<std::string> nabi = {ledger.PayAfterCall("Nabi Gul", kOldNumber, 5),
                                         ledger.Pay(LedgerCase::Phone(960), "Nabi Gul", 6)};

  const PayeeCalls ties = Tie(ledger.data());
  std::vector<PayeeCallTie> lines;
  for (const PayeeCallTie& tie : ties.ties) {
    if (tie.basis == PayeeCallTie::Basis::kLine) lines.push_back(tie);
  }
  ASSERT_EQ(lines.size(), 3u);  // Zarif Jan's two and Nabi Gul's first
  for (const PayeeCallTie& line : lines) {
    EXPECT_EQ(line.e164, 923331111111u);
    EXPECT_EQ(line.mentions, 1u);
    EXPECT_EQ(line.payments, 1u);
    EXPECT_EQ(line.first_day, line.last_day);
  }
  EXPECT_EQ(lines[1].first_day - lines[0].first_day, 4);

  const RecordTable& records = ledger.data().records;
  Judgement same;
  same.a = IndexOfRecordId(records, nabi[0]);
  same.b = IndexOfRecordId(records, nabi[1]);
  same.same = true;
  ledger.data().judgements.push_back(same);
  // An analyst's judgement against one line refuses that line, not Commander's other joins.
  Judgement different;
  different.a = IndexOfRecordId(records, zarif[0]);
  different.b = IndexOfRecordId(records, commander[4]);
  ledger.data().judgements.push_back(different);
  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity = EntityOfRecordId(records, resolution);
  const EntityId joined = entity[commander.front()];
  for (const auto& id : commander) EXPECT_EQ(entity[id], joined) << id;
  EXPECT_NE(entity[zarif[0]], joined);
  EXPECT_EQ(entity[zarif[1]], joined);
  EXPECT_EQ(resolution.payee_calls.refused_by_judgement, 1u);
  EXPECT_NE(entity[malang], joined);
  EXPECT_EQ(entity[nabi[0]], entity[nabi[1]]);
  EXPECT_NE(entity[nabi[0]], joined);
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    if (tie.basis != PayeeCallTie::Basis::kLine) continue;
    const std::string id(
        ledger.data().records.record_id(resolution.persons.records[tie.representative]));
    EXPECT_EQ(tie.joined, id != nabi[0] && id != zarif[0]) << id;
  }
}

TEST(PayeeCalls, AClusterWhoseLinesPointAtOnePersonJoinsHim) {
  LedgerCase ledger;
  for (int day = 0; day < 10; ++day) ledger.PayAfterCall("Commander", kOldNumber, day);
  for (int day = 0; day < 10; ++day) ledger.PayAfterCall("Ustad", kOther, day);
  for (int day = 0; day < 10; ++day) ledger.PayAfterCall("Baz Khan", kNewNumber, day);
  // A name written two ways, each too rarely to tie, judged one man: the cluster holds lines
  // to Commander's number and a payment whose payer rang no one.
  const auto judged_one_man = [&](const std::vector<std::string>& ids) {
    for (std::size_t i = 1; i < ids.size(); ++i) {
      Judgement same;
      same.a = IndexOfRecordId(ledger.data().records, ids[i - 1]);
      same.b = IndexOfRecordId(ledger.data().records, ids[i]);
      same.same = true;
      ledger.data().judgements.push_back(same);
    }
  };
  // Lines under spellings none of which has five payments pointing at a number, so that no
  // spelling ties.
  const auto cluster = [&](const std::vector<std::string>& spellings, int lines,
                           int pointing_elsewhere, int base,
                           const std::string& number = kOldNumber) {
    std::vector<std::string> ids;
    for (int k = 0; k < lines; ++k) {
      ids.push_back(ledger.PayAfterCall(spellings[k % spellings.size()], number, k));
    }
    for (int k = 0; k < pointing_elsewhere; ++k) {
      ids.push_back(ledger.PayAfterCall(spellings.front(), kUntied, 20 + k));
    }
    ids.push_back(ledger.Pay(LedgerCase::Phone(base), spellings.front(), 30));
    judged_one_man(ids);
    return ids;
  };
  // Six lines: as many as a tie needs, and all its pointing payments.
  const std::vector<std::string> nabi = cluster({"Nabi Gul", "Nabi Gull"}, 6, 0, 970);
  // Four lines: too few.
  const std::vector<std::string> zarif = cluster({"Zarif Jan", "Zarif Jaan"}, 4, 0, 971);
  // Six lines, but two more payments point at a number no payee is tied to: too one-sided
  // for neither.
  const std::vector<std::string> malang = cluster({"Malang Jan", "Malang Jaan"}, 6, 2, 972);
  // Lines to Ustad in a cluster holding Baz Khan's first mention (his anchor, which no line
  // points at), and in one holding another of his (ten lines, so that they are 90% of its
  // pointing payments): such a cluster is Baz Khan's, and stays.
  std::vector<std::string> with_anchor =
      cluster({"Rahim Dad", "Rahim Daad", "Raheem Dad"}, 10, 0, 973, kOther);
  with_anchor.push_back("H20#payee");
  judged_one_man(with_anchor);
  std::vector<std::string> with_mention =
      cluster({"Gul Dad", "Gul Daad", "Gull Dad"}, 10, 0, 974, kOther);
  with_mention.push_back("H24#payee");
  judged_one_man(with_mention);

  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId commander = entity["H1#payee"];
  EXPECT_NE(entity["H10#payee"], commander);  // Ustad's first
  for (const auto& id : nabi) EXPECT_EQ(entity[id], commander) << id;
  for (const std::vector<std::string>* stays : {&with_anchor, &with_mention}) {
    for (const auto& id : *stays) EXPECT_NE(entity[id], entity["H10#payee"]) << id;
  }
  for (const std::vector<std::string>* apart : {&zarif, &malang}) {
    for (const auto& id : *apart) EXPECT_NE(entity[id], commander) << id;
  }
}

TEST(PayeeCalls, ANameTwoHawaladarsAreWrittenUnderAtOnceIsKeptApart) {
  LedgerCase ledger;
  // "Karwan Erbil" is written for two brokers from Erbil, whose clients ring both numbers over
  // the same weeks: "Sardar Karwan" below, tied to the old number, and a man at another number
  // tied to no name. Written surname first, it has the same name key: one group.
  std::vector<std::string> shared, at_tied, at_untied;
  for (const char* name : {"Karwan Erbil", "Erbil, Karwan"}) {
    for (int day = 0; day < 12; ++day) {
      const bool tied_number = day % 2 == 0;
      shared.push_back(ledger.PayAfterCall(name, tied_number ? kOldNumber : kOther, day));
      (tied_number ? at_tied : at_untied).push_back(shared.back());
    }
  }
  // "Bhai" points at two numbers too, but one after the other, as when a hawaladar changes his;
  // calls to numbers of nobody in particular keep it from being tied.
  std::vector<std::string> successive;
  for (int day = 0; day < 6; ++day) {
    successive.push_back(ledger.PayAfterCall("Bhai", kOldNumber, day));
    successive.push_back(ledger.PayAfterCall("Bhai", kNewNumber, day + 10));
  }
  for (int n = 0; n < 2; ++n) {
    successive.push_back(ledger.PayAfterCall("Bhai", LedgerCase::Phone(800 + n), 2 + 10 * n));
  }
  // "Sardar Karwan" is tied to the old number; a few of his clients also rang the other broker
  // on those days, too few to make his name a shared one.
  std::vector<std::string> tied;
  for (int day = 0; day < 60; ++day) {
    tied.push_back(ledger.PayAfterCall("Sardar Karwan", day < 55 ? kOldNumber : kOther, day % 30));
  }

  const PayeeCalls ties = Tie(ledger.data());
  std::vector<PayeeCallTie> rows;
  for (const PayeeCallTie& tie : ties.ties) {
    if (tie.basis == PayeeCallTie::Basis::kShared) rows.push_back(tie);
  }
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].e164, 923331111111u);
  EXPECT_EQ(rows[1].e164, 923453333333u);
  EXPECT_EQ(rows[0].first_day - rows[1].first_day, -1);
  for (const PayeeCallTie& row : rows) {
    EXPECT_EQ(row.mentions, 24u);
    EXPECT_EQ(row.payments, 12u);
    EXPECT_EQ(row.in_window, 24u);
  }
  EXPECT_EQ(ties.kept_apart.size(), shared.size());

  // Unchecked, the group's copies would merge on the name (probability 0.988 here). The lines
  // whose payers rang the old number join Sardar Karwan, each on its own; the others join the
  // first of them, the man at the other number, whom no name is tied to.
  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId sardar = entity[tied.front()];
  for (const auto& id : tied) EXPECT_EQ(entity[id], sardar) << id;
  for (const auto& id : at_tied) EXPECT_EQ(entity[id], sardar) << id;
  const EntityId other_man = entity[at_untied.front()];
  EXPECT_NE(other_man, sardar);
  for (const auto& id : at_untied) EXPECT_EQ(entity[id], other_man) << id;
  // Bhai's lines to the old number do not carry the cluster the model made of his name.
  for (const auto& id : successive) EXPECT_EQ(entity[id], entity[successive.front()]) << id;
  EXPECT_NE(entity[successive.front()], sardar);
  EXPECT_NE(entity[successive.front()], other_man);

  // The same name in another ledger's list and on a subscriber record. At threshold 0, where
  // every pair blocking proposes is a match, the group's mentions still merge with nothing on
  // their name.
  const std::vector<std::string> elsewhere = {
      ledger.Pay(LedgerCase::Phone(950), "Karwan Erbil", 3, -1, "", LedgerCase::kOtherLedger),
      ledger.Subscriber("Karwan Erbil", "0300 9999999")};
  ResolveOptions loose;
  loose.threshold = 0;
  const Resolution paired = Resolve(ledger.data(), loose);
  entity = EntityOfRecordId(ledger.data().records, paired);
  for (const auto& id : at_untied) {
    for (const auto& other : elsewhere) EXPECT_NE(entity[id], entity[other]) << id;
  }
  EXPECT_NE(entity[at_tied.front()], entity[at_untied.front()]);
}

TEST(PayeeCalls, AKeptApartLineFollowsItsPayersOtherPayments) {
  LedgerCase ledger;
  // "Karwan Erbil" is written for Sardar Karwan (tied to the old number) and for a man at the
  // other number, whose clients ring both over the same weeks: a shared name.
  std::vector<std::string> at_tied, at_other;
  for (int day = 0; day < 12; ++day) {
    const bool tied_number = day % 2 == 0;
    (tied_number ? at_tied : at_other)
        .push_back(ledger.PayAfterCall("Karwan Erbil", tied_number ? kOldNumber : kOther, day));
  }
  std::vector<std::string> sardar;
  for (int day = 0; day < 20; ++day) {
    sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kOldNumber, day));
  }
  // Clients who paid under the shared name once without ringing anyone first, each with
  // another payment; a client's payments carry his name and phone.
  const auto client = [&](int n, const std::vector<std::pair<std::string, int>>& payees) {
    const std::string name = "Client " + std::string(1, static_cast<char>('A' + n));
    std::vector<std::string> ids;
    for (const auto& [payee, day] : payees) {
      ids.push_back(ledger.Pay(LedgerCase::Phone(900 + n), payee, day, -1, "", 0, name));
    }
    return ids;
  };
  // Paid Sardar Karwan by his name, then "Karwan Erbil": Sardar's.
  const std::vector<std::string> follows = client(0, {{"Sardar Karwan", 3}, {"Karwan Erbil", 11}});
  // Paid Sardar Karwan and the other man (a line: the client rang him), then "Karwan Erbil":
  // either's.
  ledger.Call(LedgerCase::Phone(901), kOther, 6);
  const std::vector<std::string> torn =
      client(1, {{"Sardar Karwan", 2}, {"Karwan Erbil", 6}, {"Karwan Erbil", 9}});
  // Five payments: a client paying several brokers, or two the model merged. Four are few.
  const std::vector<std::string> busy = client(2, {{"Sardar Karwan", 1},
                                                   {"Sardar Karwan", 4},
                                                   {"Sardar Karwan", 7},
                                                   {"Sardar Karwan", 10},
                                                   {"Karwan Erbil", 12}});
  const std::vector<std::string> four = client(
      4, {{"Sardar Karwan", 1}, {"Sardar Karwan", 4}, {"Sardar Karwan", 7}, {"Karwan Erbil", 10}});
  // Paid Sardar Karwan, then "Karwan Erbil" after ringing the other man: a line, whose own
  // payment decides, though a judgement refused its join.
  ledger.Call(LedgerCase::Phone(905), kOther, 9);
  const std::vector<std::string> line = client(5, {{"Sardar Karwan", 2}, {"Karwan Erbil", 9}});
  // Paid Sardar Karwan, then "Karwan Erbil", judged by an analyst not to be Sardar's.
  const std::vector<std::string> judged = client(3, {{"Sardar Karwan", 5}, {"Karwan Erbil", 8}});
  Judgement different;
  different.a = IndexOfRecordId(ledger.data().records, judged[1]);
  different.b = IndexOfRecordId(ledger.data().records, sardar[7]);
  ledger.data().judgements.push_back(different);
  different.a = IndexOfRecordId(ledger.data().records, line[1]);
  different.b = IndexOfRecordId(ledger.data().records, at_other.front());
  ledger.data().judgements.push_back(different);

  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId sardar_entity = entity[sardar.front()];
  const EntityId other_man = entity[at_other.front()];
  ASSERT_NE(sardar_entity, other_man);
  for (const std::vector<std::string>* payer : {&follows, &torn, &busy, &judged, &four, &line}) {
    const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
    EXPECT_EQ(entity[payer_of(payer->front())], entity[payer_of(payer->back())]);
    EXPECT_EQ(entity[payer->front()], sardar_entity);
  }
  EXPECT_EQ(entity[follows[1]], sardar_entity);
  EXPECT_EQ(entity[four[3]], sardar_entity);
  EXPECT_EQ(entity[torn[1]], other_man);
  for (const std::string* alone : {&torn[2], &busy[4], &judged[1], &line[1]}) {
    EXPECT_NE(entity[*alone], sardar_entity) << *alone;
    EXPECT_NE(entity[*alone], other_man) << *alone;
  }
  std::map<std::string, PayeeCallTie> rows;
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    if (tie.basis != PayeeCallTie::Basis::kPayer) continue;
    rows[std::string(
        ledger.data().records.record_id(resolution.persons.records[tie.representative]))] = tie;
  }
  ASSERT_EQ(rows.size(), 3u);
  const PayeeCallTie& followed = rows.at(follows[1]);
  EXPECT_TRUE(followed.joined);
  EXPECT_EQ(followed.e164, 923331111111u);
  EXPECT_EQ(followed.payments, 1u);
  EXPECT_EQ(followed.in_window, 2u);
  EXPECT_TRUE(rows.at(four[3]).joined);
  EXPECT_EQ(rows.at(four[3]).payments, 3u);
  EXPECT_FALSE(rows.at(judged[1]).joined);
  EXPECT_EQ(resolution.payee_calls.refused_by_judgement, 2u);  // the line's and judged's
}

TEST(PayeeCalls, ALonePayerJoinsTheOneCallerOfHisNameWhoRangHisPayee) {
  LedgerCase ledger;
  const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
  // Clusters as resolution left them, by record id: Abdul Sarker's payee mentions with his
  // subscriber record (his number), Zarif Jan's likewise; everyone else alone unless listed.
  std::vector<std::vector<std::string>> clusters = {{ledger.Subscriber("Abdul Sarker", kOldNumber)},
                                                    {ledger.Subscriber("Zarif Jan", kOther)}};
  const auto pay = [&](const std::string& payer, const std::string& payee, int day,
                       const std::string& phone = "", const std::string& place = "") {
    const std::string id = ledger.Pay(phone, payee, day, -1, "", 0, payer, place);
    if (payee == "Abdul Sarker") clusters[0].push_back(id);
    if (payee == "Zarif Jan") clusters[1].push_back(id);
    return payer_of(id);
  };
  // A man's subscriber record, and his call to `number` on `day`.
  const auto rang = [&](const std::string& name, int phone, const std::string& number, int day) {
    const std::string id = ledger.Subscriber(name, LedgerCase::Phone(phone));
    ledger.Call(LedgerCase::Phone(phone), number, day);
    return id;
  };
  // A name-only payment, the day a man of that name (in another spelling) rang Abdul.
  // He rang from both his numbers, one of them on two of his mentions.
  const std::string saeed = rang("Saeed Ahmadi", 500, kOldNumber, 10);
  clusters.push_back({saeed, ledger.Subscriber("Saeed Ahmadi", LedgerCase::Phone(500)),
                      rang("Saeed Ahmadi", 514, kOldNumber, 10)});
  const std::string said = pay("Said Ahmadi", "Abdul Sarker", 10);
  // Two payments to Abdul under one name that day, one with the payer's phone: whose call was
  // it?
  rang("Karim Noori", 501, kOldNumber, 12);
  pay("Karim Noori", "Abdul Sarker", 12);
  pay("Noori, Karim", "Abdul Sarker", 12, LedgerCase::Phone(520));
  // Or to Abdul and to a payee who may be Abdul too, for all his numbers say: paid in the same
  // city (or where a ledger names none). One paid in another city is someone else.
  rang("Farid Wali", 508, kOldNumber, 24);
  pay("Farid Wali", "Abdul Sarker", 24, "", "Herat");
  pay("Farid Wali", "Malang", 24, "", "Hirat");
  rang("Aziz Haidari", 512, kOldNumber, 30);
  pay("Aziz Haidari", "Abdul Sarker", 30);
  pay("Aziz Haidari", "Malang", 30, "", "Herat");
  const std::string yusuf = rang("Yusuf Karimi", 513, kOldNumber, 32);
  const std::string yusuf_too = pay("Yusuf Karimi", "Abdul Sarker", 32, "", "Herat");
  pay("Yusuf Karimi", "Malang", 32, "", "Karachi");
  // The caller paid Zarif Jan that day: the payer is a namesake of his.
  const std::string jawad = rang("Jawad Rahimi", 502, kOldNumber, 14);
  clusters.push_back({jawad, pay("Jawad Rahimi", "Zarif Jan", 14, LedgerCase::Phone(502))});
  pay("Jawad Rahimi", "Abdul Sarker", 14);
  // Two men of the name rang Abdul that day.
  rang("Hamid Zaman", 503, kOldNumber, 16);
  rang("Hamid Zaman", 504, kOldNumber, 16);
  pay("Hamid Zaman", "Abdul Sarker", 16);
  // One name is a clan's.
  rang("Stanikzai", 505, kOldNumber, 18);
  pay("Stanikzai", "Abdul Sarker", 18);
  // The call was the day after (when another client paid).
  rang("Nasir Khan", 506, kOldNumber, 21);
  pay("Nasir Khan", "Abdul Sarker", 20);
  pay("Bashir Ahmad", "Abdul Sarker", 21);
  // He rang both hawaladars, each paid that day by a man of his name: he paid once at most.
  ledger.Call(LedgerCase::Phone(515), kOther, 34);
  rang("Naveed Akhtar", 515, kOldNumber, 34);
  pay("Naveed Akhtar", "Abdul Sarker", 34);
  pay("Akhtar, Naveed", "Zarif Jan", 34);
  // The payee holds no number: nobody's call can be to him.
  rang("Omar Farooq", 507, kUntied, 22);
  pay("Omar Farooq", "Malang", 22);
  // A payer the model put with another mention already, and one whose phone is his evidence.
  rang("Rahim Gul", 509, kOldNumber, 26);
  const std::string rahim_too = pay("Rahim Gul", "Abdul Sarker", 26);
  clusters.push_back({rahim_too, ledger.Subscriber("Rahim Gul", "")});
  rang("Wali Jan", 510, kOldNumber, 28);
  pay("Wali Jan", "Abdul Sarker", 28, LedgerCase::Phone(511));

  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(ledger.data(), report);
  const auto mention = [&](const std::string& id) {
    const RecordIndex r = IndexOfRecordId(ledger.data().records, id);
    return static_cast<std::uint32_t>(
        std::lower_bound(persons.records.begin(), persons.records.end(), r) -
        persons.records.begin());
  };
  std::vector<std::uint32_t> label(persons.size());
  for (std::uint32_t m = 0; m < persons.size(); ++m) label[m] = m;
  for (const std::vector<std::string>& cluster : clusters) {
    std::uint32_t root = kNoId;
    for (const std::string& id : cluster) root = std::min(root, mention(id));
    for (const std::string& id : cluster) label[mention(id)] = root;
  }
  PayeeCalls payees;
  const auto joins = JoinPayersByCalls(ledger.data(), persons, label, {}, payees);
  ASSERT_EQ(joins.size(), 2u);
  EXPECT_EQ(joins[0], std::pair(mention(said), mention(saeed)));
  EXPECT_EQ(joins[1], std::pair(mention(yusuf_too), mention(yusuf)));
  ASSERT_EQ(payees.ties.size(), 2u);
  const PayeeCallTie& row = payees.ties[0];
  EXPECT_EQ(row.basis, PayeeCallTie::Basis::kCaller);
  EXPECT_EQ(row.representative, mention(said));
  EXPECT_EQ(row.anchor, mention(saeed));
  EXPECT_EQ(row.e164, 923010000500u);
  EXPECT_EQ(row.in_window, 1u);  // Abdul's numbers
  EXPECT_EQ(row.first_day, row.last_day);
  EXPECT_EQ(row.first_day,
            PartialTime::FromCivil({2024, 1, 11}, TimePrecision::kDay).seconds() / 86400);
  PayeeCallOptions off;
  off.enabled = false;
  PayeeCalls none;
  EXPECT_TRUE(JoinPayersByCalls(ledger.data(), persons, label, off, none).empty());
}

TEST(PayeeCalls, APayerJoinsHisCallerOneByOneUnlessAJudgementRefuses) {
  LedgerCase ledger;
  for (int day = 0; day < 6; ++day) ledger.PayAfterCall("Abdul Sarker", kOldNumber, day);
  ledger.Subscriber("Abdul Sarker", kOldNumber);
  const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
  const std::string saeed = ledger.Subscriber("Saeed Ahmadi", LedgerCase::Phone(500));
  ledger.Call(LedgerCase::Phone(500), kOldNumber, 10);
  const std::string said = payer_of(ledger.Pay("", "Abdul Sarker", 10, -1, "", 0, "Said Ahmadi"));
  const std::string tariq = ledger.Subscriber("Tariq Aziz", LedgerCase::Phone(501));
  ledger.Call(LedgerCase::Phone(501), kOldNumber, 12);
  const std::string tariq_too =
      payer_of(ledger.Pay("", "Abdul Sarker", 12, -1, "", 0, "Tariq Aziz"));
  Judgement different;
  different.a = IndexOfRecordId(ledger.data().records, tariq_too);
  different.b = IndexOfRecordId(ledger.data().records, tariq);
  ledger.data().judgements.push_back(different);

  // No pair reaches the threshold: a tiny case's model would merge on the names alone.
  ResolveOptions options;
  options.threshold = 2;
  const Resolution resolution = Resolve(ledger.data(), options);
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  EXPECT_EQ(entity[said], entity[saeed]);
  EXPECT_NE(entity[tariq_too], entity[tariq]);
  std::map<std::string, bool> joined;
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    if (tie.basis != PayeeCallTie::Basis::kCaller) continue;
    joined[std::string(ledger.data().records.record_id(
        resolution.persons.records[tie.representative]))] = tie.joined;
  }
  EXPECT_EQ(joined, (std::map<std::string, bool>{{said, true}, {tariq_too, false}}));
  EXPECT_EQ(resolution.payee_calls.refused_by_judgement, 1u);
  const auto& joins = resolution.payee_calls.joins;
  const auto said_mention = static_cast<std::uint32_t>(
      std::lower_bound(resolution.persons.records.begin(), resolution.persons.records.end(),
                       IndexOfRecordId(ledger.data().records, said)) -
      resolution.persons.records.begin());
  EXPECT_TRUE(std::any_of(joins.begin(), joins.end(),
                          [&](const auto& join) { return join.first == said_mention; }));
  EXPECT_TRUE(std::is_sorted(joins.begin(), joins.end()));
}

TEST(PayeeCalls, AKeptApartLineJoinsThePersonItsPayersCallerRang) {
  LedgerCase ledger;
  const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
  const auto record = [&](const std::string& id) {
    return IndexOfRecordId(ledger.data().records, id);
  };
  // "Karwan Erbil" is written for Sardar Karwan (tied to the old number) and for a man at the
  // other number no name is tied to, whose entity holds only lines: a shared name.
  std::vector<std::string> at_other;
  for (int day = 0; day < 12; ++day) {
    const bool tied_number = day % 2 == 0;
    const std::string id =
        ledger.PayAfterCall("Karwan Erbil", tied_number ? kOldNumber : kOther, day);
    if (!tied_number) at_other.push_back(id);
  }
  std::vector<std::string> sardar;
  for (int day = 0; day < 20; ++day) {
    sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kOldNumber, day));
  }
  // Name-only payments under the shared name, each the day a man of the payer's name rang.
  const auto rang = [&](const std::string& name, int phone, const std::string& number, int day) {
    const std::string id = ledger.Subscriber(name, LedgerCase::Phone(phone));
    ledger.Call(LedgerCase::Phone(phone), number, day);
    return id;
  };
  const auto pay = [&](const std::string& payer, const std::string& payee, int day) {
    return ledger.Pay("", payee, day, -1, "", 0, payer);
  };
  // He rang the other man: the line is his.
  const std::string saeed = rang("Saeed Ahmadi", 500, kOther, 13);
  const std::string said = pay("Said Ahmadi", "Karwan Erbil", 13);
  // He rang Sardar Karwan; the name written the other way round is the same group.
  const std::string tariq = rang("Tariq Aziz", 501, kOldNumber, 14);
  const std::string tariq_line = pay("Tariq Aziz", "Erbil, Karwan", 14);
  // He rang both: the payer is his, the line either's, until his other payment (to Sardar
  // Karwan, with his phone, judged his by an analyst) says whose.
  const std::string nadir = rang("Nadir Shah", 502, kOldNumber, 15);
  ledger.Call(LedgerCase::Phone(502), kOther, 15);
  const std::string nadir_other =
      ledger.Pay(LedgerCase::Phone(502), "Sardar Karwan", 2, -1, "", 0, "Nadir Shah");
  const std::string nadir_line = pay("Nadir Shah", "Karwan Erbil", 15);
  // An analyst judged the payer not to be the caller: the line has no evidence left.
  const std::string wali = rang("Wali Jan", 503, kOther, 16);
  const std::string wali_line = pay("Wali Jan", "Karwan Erbil", 16);
  // Two payments under one name that day: whose call was it?
  rang("Karim Noori", 504, kOther, 17);
  const std::string karim = pay("Karim Noori", "Karwan Erbil", 17);
  const std::string karim_too = pay("Noori, Karim", "Karwan Erbil", 17);
  // A payee entity holding no phone and no line has the numbers its name's payments point at:
  // he rang Haji Bashir's. A namesake paid that day, with his phone, after ringing the other
  // man: a line to him, no call to Haji Bashir's.
  for (int day = 0; day < 8; ++day) ledger.PayAfterCall("Haji Bashir", kNewNumber, day);
  const std::string hamid = rang("Hamid Zaman", 505, kNewNumber, 18);
  const std::string hamid_payment = pay("Hamid Zaman", "Haji Bashir", 18);
  ledger.Call(LedgerCase::Phone(506), kOther, 18);
  const std::string namesake_line =
      ledger.Pay(LedgerCase::Phone(506), "Karwan Erbil", 18, -1, "", 0, "Hamid Zaman");
  // The same beside a payment to Sardar Karwan: the namesake's line is the other man's alone,
  // though its name is Sardar Karwan's too.
  const std::string jamil = rang("Jamil Rauf", 507, kOldNumber, 19);
  const std::string jamil_payment = pay("Jamil Rauf", "Sardar Karwan", 19);
  ledger.Call(LedgerCase::Phone(508), kOther, 19);
  ledger.Pay(LedgerCase::Phone(508), "Karwan Erbil", 19, -1, "", 0, "Jamil Rauf");
  // He rang Sardar Karwan from one of his numbers and the other man from the other.
  const std::string zahir = rang("Zahir Shah", 509, kOldNumber, 21);
  const std::string zahir_too = rang("Zahir Shah", 510, kOther, 21);
  const std::string zahir_line = pay("Zahir Shah", "Karwan Erbil", 21);
  // He rang the other man, but an analyst judged the line not the other man's; his next
  // payment, with his phone, went to the other man too. The refused line has its own row only.
  const std::string jawad = rang("Jawad Rahimi", 511, kOther, 22);
  const std::string jawad_line = pay("Jawad Rahimi", "Karwan Erbil", 22);
  ledger.Call(LedgerCase::Phone(511), kOther, 23);
  const std::string jawad_next =
      ledger.Pay(LedgerCase::Phone(511), "Karwan Erbil", 23, -1, "", 0, "Jawad Rahimi");
  Judgement same;
  same.same = true;
  same.a = record(payer_of(nadir_other));
  same.b = record(nadir);
  ledger.data().judgements.push_back(same);
  same.a = record(zahir);
  same.b = record(zahir_too);
  ledger.data().judgements.push_back(same);
  same.a = record(jawad);
  same.b = record(payer_of(jawad_next));
  ledger.data().judgements.push_back(same);
  Judgement different;
  different.a = record(payer_of(wali_line));
  different.b = record(wali);
  ledger.data().judgements.push_back(different);
  different.a = record(jawad_line);
  different.b = record(at_other.front());
  ledger.data().judgements.push_back(different);

  // No pair reaches the threshold: a tiny case's model would merge on the names alone.
  ResolveOptions options;
  options.threshold = 2;
  const Resolution resolution = Resolve(ledger.data(), options);
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId sardar_entity = entity[sardar.front()];
  const EntityId other_man = entity[at_other.front()];
  ASSERT_NE(sardar_entity, other_man);
  EXPECT_EQ(entity[payer_of(said)], entity[saeed]);
  EXPECT_EQ(entity[said], other_man);
  EXPECT_EQ(entity[payer_of(tariq_line)], entity[tariq]);
  EXPECT_EQ(entity[tariq_line], sardar_entity);
  EXPECT_EQ(entity[payer_of(nadir_line)], entity[nadir]);
  EXPECT_EQ(entity[nadir_line], sardar_entity);
  EXPECT_EQ(entity[payer_of(hamid_payment)], entity[hamid]);
  EXPECT_EQ(entity[namesake_line], other_man);
  EXPECT_EQ(entity[payer_of(jamil_payment)], entity[jamil]);
  EXPECT_EQ(entity[payer_of(zahir_line)], entity[zahir]);
  EXPECT_NE(entity[payer_of(wali_line)], entity[wali]);
  EXPECT_EQ(entity[payer_of(jawad_line)], entity[jawad]);
  EXPECT_EQ(entity[jawad_next], other_man);
  for (const std::string* alone : {&wali_line, &karim, &karim_too, &zahir_line, &jawad_line}) {
    EXPECT_NE(entity[*alone], sardar_entity) << *alone;
    EXPECT_NE(entity[*alone], other_man) << *alone;
  }
  // Rows by mention: the lines' own rows come once each.
  std::multimap<std::string, PayeeCallTie> rows;
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    if (tie.basis != PayeeCallTie::Basis::kCalled && tie.basis != PayeeCallTie::Basis::kPayer) {
      continue;
    }
    rows.emplace(ledger.data().records.record_id(resolution.persons.records[tie.representative]),
                 tie);
  }
  std::map<std::string, std::pair<PayeeCallTie::Basis, bool>> basis;
  for (const auto& [id, row] : rows) basis[id] = {row.basis, row.joined};
  EXPECT_EQ(rows.size(), basis.size());
  using B = PayeeCallTie::Basis;
  EXPECT_EQ(basis, (std::map<std::string, std::pair<B, bool>>{{said, {B::kCalled, true}},
                                                              {tariq_line, {B::kCalled, true}},
                                                              {nadir_line, {B::kPayer, true}},
                                                              {jawad_line, {B::kCalled, false}}}));
  const PayeeCallTie& said_row = rows.find(said)->second;
  EXPECT_EQ(said_row.e164, 923453333333u);
  EXPECT_EQ(said_row.in_window, 2u);
  EXPECT_EQ(said_row.first_day,
            PartialTime::FromCivil({2024, 1, 14}, TimePrecision::kDay).seconds() / 86400);
  EXPECT_EQ(entity[std::string(
                ledger.data().records.record_id(resolution.persons.records[said_row.anchor]))],
            other_man);
  EXPECT_EQ(rows.find(tariq_line)->second.e164, 923331111111u);
  EXPECT_EQ(resolution.payee_calls.refused_by_judgement, 2u);  // Wali's payer, Jawad's line
}

TEST(PayeeCalls, ALineUnderANameOfSeveralPeopleJoinsTheOneItsPayersCallerRang) {
  LedgerCase ledger;
  const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
  // Sardar Karwan is tied to the old number, Zarif Jan to the other.
  std::vector<std::string> sardar, zarif;
  for (int day = 0; day < 6; ++day) {
    sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kOldNumber, day));
    zarif.push_back(ledger.PayAfterCall("Zarif Jan", kOther, day));
  }
  // "Mohammad" is written for both, one after the other with a day's overlap: too mixed to tie
  // to either, too briefly at once to be shared. Its lines join whom their payers rang.
  std::vector<std::string> mohammad;
  for (const int day : {0, 2, 4, 6, 9})
    mohammad.push_back(ledger.PayAfterCall("Mohammad", kOldNumber, day));
  for (const int day : {9, 12, 14, 16, 18})
    mohammad.push_back(ledger.PayAfterCall("Mohammad", kOther, day));
  // Haji Bashir is tied to a third number, which "Mohammad" points at too few times to be his.
  std::vector<std::string> bashir;
  for (int day = 0; day < 6; ++day)
    bashir.push_back(ledger.PayAfterCall("Haji Bashir", kUntied, day));
  for (const int day : {20, 22}) {
    mohammad.push_back(ledger.PayAfterCall("Mohammad", kUntied, day));
  }
  // A name-only payment to "Mohammad" the day a man of the payer's name rang Zarif Jan.
  const std::string saeed = ledger.Subscriber("Saeed Ahmadi", LedgerCase::Phone(500));
  ledger.Call(LedgerCase::Phone(500), kOther, 25);
  const std::string said = ledger.Pay("", "Mohammad", 25, -1, "", 0, "Said Ahmadi");
  // One the day a man of the payer's name rang Haji Bashir.
  const std::string tariq = ledger.Subscriber("Tariq Aziz", LedgerCase::Phone(501));
  ledger.Call(LedgerCase::Phone(501), kUntied, 26);
  const std::string tariq_line = ledger.Pay("", "Mohammad", 26, -1, "", 0, "Tariq Aziz");
  // A client who paid Zarif Jan by name (his payments judged one man's), then "Mohammad" with
  // no call that day.
  const std::string client_zarif =
      ledger.Pay(LedgerCase::Phone(600), "Zarif Jan", 3, -1, "", 0, "Nadir Shah");
  const std::string client_line =
      ledger.Pay(LedgerCase::Phone(600), "Mohammad", 27, -1, "", 0, "Nadir Shah");
  Judgement same;
  same.same = true;
  same.a = IndexOfRecordId(ledger.data().records, payer_of(client_zarif));
  same.b = IndexOfRecordId(ledger.data().records, payer_of(client_line));
  ledger.data().judgements.push_back(same);

  ResolveOptions options;
  options.threshold = 2;
  const Resolution resolution = Resolve(ledger.data(), options);
  const PayeeCalls& payees = resolution.payee_calls;
  for (const PayeeCallTie& tie : payees.ties) {
    EXPECT_NE(tie.basis, PayeeCallTie::Basis::kShared);
    if (tie.basis == PayeeCallTie::Basis::kPayments) {
      EXPECT_NE(std::string(ledger.data().records.record_id(
                    resolution.persons.records[tie.representative])),
                mohammad.front());
    }
  }
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId sardar_entity = entity[sardar.front()], zarif_entity = entity[zarif.front()];
  ASSERT_NE(sardar_entity, zarif_entity);
  const EntityId bashir_entity = entity[bashir.front()];
  for (std::size_t i = 0; i < mohammad.size(); ++i) {
    EXPECT_EQ(entity[mohammad[i]], i < 5    ? sardar_entity
                                   : i < 10 ? zarif_entity
                                            : bashir_entity)
        << mohammad[i];
  }
  EXPECT_NE(entity[payer_of(tariq_line)], entity[tariq]);
  EXPECT_NE(entity[tariq_line], bashir_entity);
  EXPECT_EQ(entity[payer_of(said)], entity[saeed]);
  EXPECT_EQ(entity[said], zarif_entity);
  EXPECT_EQ(entity[client_line], zarif_entity);
  std::map<std::pair<std::string, PayeeCallTie::Basis>, std::uint32_t> people;
  for (const PayeeCallTie& tie : payees.ties) {
    if (tie.basis != PayeeCallTie::Basis::kCalled && tie.basis != PayeeCallTie::Basis::kPayer) {
      continue;
    }
    EXPECT_TRUE(tie.joined);
    people[{std::string(
                ledger.data().records.record_id(resolution.persons.records[tie.representative])),
            tie.basis}] = tie.in_window;
  }
  EXPECT_EQ(people, (std::map<std::pair<std::string, PayeeCallTie::Basis>, std::uint32_t>{
                        {{said, PayeeCallTie::Basis::kCalled}, 2u},
                        {{client_line, PayeeCallTie::Basis::kPayer}, 2u}}));
}

TEST(PayeeCalls, AKeptApartLineJoinsTheOneOfItsPeopleItsPlacesLinesWentTo) {
  LedgerCase ledger;
  int next_payer = 700;
  // A payment to `name` in `place`, its payer ringing `number` first unless that is empty.
  const auto pay_in = [&](const std::string& name, const std::string& place,
                          const std::string& number, int day) {
    const std::string payer = LedgerCase::Phone(next_payer++);
    if (!number.empty()) ledger.Call(payer, number, day);
    return ledger.Pay(payer, name, day, -1, "", 0, "", place);
  };
  // Sardar Karwan is tied to the old number. "Karwan Erbil" is written for him in Erbil and for
  // the man at the other number in Duhok over the same weeks: a shared name. "Kaka Karwan" is
  // shared the other way round.
  std::vector<std::string> sardar, erbil, duhok, kaka;
  for (int day = 0; day < 20; ++day) {
    sardar.push_back(ledger.PayAfterCall("Sardar Karwan", kOldNumber, day));
  }
  for (int day = 0; day < 12; day += 2) {
    erbil.push_back(pay_in("Karwan Erbil", "Erbil", kOldNumber, day));
    duhok.push_back(pay_in("Karwan Erbil", "Duhok", kOther, day + 1));
    kaka.push_back(pay_in("Kaka Karwan", "Erbil", kOther, day));
    kaka.push_back(pay_in("Kaka Karwan", "Duhok", kOldNumber, day + 1));
  }
  // In Zakho the name's lines went to Sardar but one, to the other man; in Soran five went to
  // Sardar, min_payments exactly, the fifth a name-only payer's, placed by the call of the one
  // man of his name who rang Sardar that day; in Mosul four, one short; eighteen more in no
  // place the ledger wrote.
  std::vector<std::string> zakho, soran, mosul, unplaced;
  for (int day = 0; day < 5; ++day) {
    zakho.push_back(pay_in("Karwan Erbil", "Zakho", kOldNumber, day));
    if (day < 4) soran.push_back(pay_in("Karwan Erbil", "Soran", kOldNumber, day));
  }
  const std::string saeed = ledger.Subscriber("Saeed Ahmadi", LedgerCase::Phone(500));
  ledger.Call(LedgerCase::Phone(500), kOldNumber, 4);
  soran.push_back(ledger.Pay("", "Karwan Erbil", 4, -1, "", 0, "Said Ahmadi", "Soran"));
  zakho.push_back(pay_in("Karwan Erbil", "Zakho", kOther, 7));
  for (int day = 0; day < 4; ++day) {
    mosul.push_back(pay_in("Karwan Erbil", "Mosul", kOldNumber, day));
  }
  for (int day = 0; day < 18; ++day) {
    unplaced.push_back(pay_in("Karwan Erbil", "", kOldNumber, day));
  }
  // Haji Bashir is tied to a third number. In Basra the name's five lines went to him, too few
  // of its pointing payments (5 of 52, under the tenth a shared name needs; the eighteen
  // unplaced lines are there for that) to make him one of the people it points at: his place
  // says nothing of which of them a line there means.
  std::vector<std::string> bashir, basra;
  for (int day = 0; day < 6; ++day) {
    bashir.push_back(ledger.PayAfterCall("Haji Bashir", kUntied, day));
  }
  for (int day = 0; day < 5; ++day) {
    basra.push_back(pay_in("Karwan Erbil", "Basra", kUntied, day));
  }
  // In Erbil, a line whose payer rang the other man, judged not to be him: its refused join says
  // nothing of whom the name means there, and it has its own evidence.
  const std::string refused = pay_in("Karwan Erbil", "Erbil", kOther, 9);
  Judgement different;
  different.a = IndexOfRecordId(ledger.data().records, refused);
  different.b = IndexOfRecordId(ledger.data().records, duhok.front());
  ledger.data().judgements.push_back(different);
  // Payments under the names whose payers rang no one; the ledger writes Erbil in Kurdish once.
  // One of them an analyst judged the same man as a subscriber record: it stays with it.
  const std::string in_erbil = pay_in("Karwan Erbil", "Erbil", "", 3);
  const std::string in_kurdish_erbil = pay_in("Karwan Erbil", "هەولێر", "", 5);
  const std::string kaka_in_erbil = pay_in("Kaka Karwan", "Erbil", "", 5);
  const std::string in_duhok = pay_in("Karwan Erbil", "Duhok", "", 4);
  const std::string in_soran = pay_in("Karwan Erbil", "Soran", "", 6);
  const std::string in_basra = pay_in("Karwan Erbil", "Basra", "", 6);
  // In Erbil, a payer who rang a number no name is tied to: whoever he rang, the place does not
  // outweigh his call.
  const std::string rang_nobody = pay_in("Karwan Erbil", "Erbil", LedgerCase::Phone(990), 7);
  const std::string in_zakho = pay_in("Karwan Erbil", "Zakho", "", 6);
  const std::string in_mosul = pay_in("Karwan Erbil", "Mosul", "", 6);
  const std::string nowhere = pay_in("Karwan Erbil", "", "", 6);
  const std::string judged = pay_in("Karwan Erbil", "Erbil", "", 8);
  const std::string subscriber = ledger.Subscriber("Karwan", "0300 9999999");
  // Two clients who paid Sardar Karwan by his name, then "Karwan Erbil" in Duhok ringing no one:
  // their other payments say Sardar (the second's join refused by a judgement). Neither is the
  // place's to place, and neither speaks for Duhok.
  const auto client = [&](int n, const std::string& name) {
    const std::string phone = LedgerCase::Phone(950 + n);
    const std::string first = ledger.Pay(phone, "Sardar Karwan", 2, -1, "", 0, name);
    const std::string line = ledger.Pay(phone, "Karwan Erbil", 9, -1, "", 0, name, "Duhok");
    const auto payer_of = [](std::string id) { return id.replace(id.find('#'), 6, "#payer"); };
    Judgement one_client;  // his payments carry his name and phone: too little in so small a case
    one_client.same = true;
    one_client.a = IndexOfRecordId(ledger.data().records, payer_of(first));
    one_client.b = IndexOfRecordId(ledger.data().records, payer_of(line));
    ledger.data().judgements.push_back(one_client);
    return line;
  };
  const std::string followed = client(0, "Nadir Shah");
  const std::string refused_follower = client(1, "Gul Khan");
  different.a = IndexOfRecordId(ledger.data().records, refused_follower);
  different.b = IndexOfRecordId(ledger.data().records, sardar.front());
  ledger.data().judgements.push_back(different);
  Judgement same;
  same.same = true;
  same.a = IndexOfRecordId(ledger.data().records, judged);
  same.b = IndexOfRecordId(ledger.data().records, subscriber);
  ledger.data().judgements.push_back(same);

  const Resolution resolution = Resolve(ledger.data(), ResolveOptions{});
  std::map<std::string, EntityId> entity = EntityOfRecordId(ledger.data().records, resolution);
  const EntityId sardar_entity = entity[sardar.front()];
  const EntityId other_man = entity[duhok.front()];
  ASSERT_NE(sardar_entity, other_man);
  for (const auto& id : erbil) ASSERT_EQ(entity[id], sardar_entity) << id;
  for (const auto& id : duhok) ASSERT_EQ(entity[id], other_man) << id;
  for (const auto& id : basra) ASSERT_EQ(entity[id], entity[bashir.front()]) << id;
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    ASSERT_FALSE(tie.basis == PayeeCallTie::Basis::kShared && tie.e164 == 923454444444u);
  }
  ASSERT_EQ(entity[soran.back()], sardar_entity);
  ASSERT_EQ(entity[soran.back().substr(0, soran.back().find('#')) + "#payer"], entity[saeed]);
  for (std::size_t i = 0; i < kaka.size(); ++i) {
    ASSERT_EQ(entity[kaka[i]], i % 2 == 0 ? other_man : sardar_entity) << kaka[i];
  }
  EXPECT_EQ(entity[in_erbil], sardar_entity);
  EXPECT_EQ(entity[in_kurdish_erbil], sardar_entity);
  EXPECT_EQ(entity[kaka_in_erbil], other_man);
  EXPECT_EQ(entity[in_duhok], other_man);
  EXPECT_EQ(entity[in_soran], sardar_entity);
  EXPECT_EQ(entity[followed], sardar_entity);
  for (const std::string* alone : {&in_zakho, &in_mosul, &in_basra, &nowhere, &refused, &judged,
                                   &rang_nobody, &refused_follower}) {
    EXPECT_NE(entity[*alone], sardar_entity) << *alone;
    EXPECT_NE(entity[*alone], other_man) << *alone;
    EXPECT_NE(entity[*alone], entity[bashir.front()]) << *alone;
  }
  EXPECT_EQ(entity[judged], entity[subscriber]);
  std::map<std::string, std::pair<std::uint32_t, std::uint32_t>> rows;
  for (const PayeeCallTie& tie : resolution.payee_calls.ties) {
    if (tie.basis != PayeeCallTie::Basis::kPlace) continue;
    EXPECT_TRUE(tie.joined);
    rows[std::string(ledger.data().records.record_id(
        resolution.persons.records[tie.representative]))] = {tie.payments, tie.in_window};
  }
  EXPECT_EQ(rows, (std::map<std::string, std::pair<std::uint32_t, std::uint32_t>>{
                      {in_erbil, {6u, 11u}},
                      {in_kurdish_erbil, {6u, 11u}},
                      {kaka_in_erbil, {6u, 7u}},
                      {in_duhok, {6u, 9u}},
                      {in_soran, {5u, 6u}}}));
}

TEST(Cluster, JoinsMergeWholeClustersUnlessACannotLinkForbidsIt) {
  Clustering clustering;
  clustering.label = {0, 0, 2, 3, 3, 5, 6};
  // Anchor 0 brings in 2 and 3 (with 4), anchor 5 brings in 6; 2 and 4 cannot link.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> joins = {{2, 0}, {3, 0}, {6, 5}};
  Clustering judged = clustering;
  EXPECT_EQ(JoinClusters(judged, joins, {{2, 4}}).refused_anchors, 1u);
  EXPECT_EQ(judged.label, (std::vector<std::uint32_t>{0, 0, 2, 3, 3, 5, 5}));
  VerifyClustering(judged, {{2, 4}});
  Clustering free = clustering;
  EXPECT_EQ(JoinClusters(free, joins, {}).refused_anchors, 0u);
  EXPECT_EQ(free.label, (std::vector<std::uint32_t>{0, 0, 0, 0, 0, 5, 5}));
}

TEST(Cluster, JoinsOneByOneRefuseOnlyThePairAJudgementForbids) {
  Clustering clustering;
  clustering.label = {0, 0, 2, 3, 4, 5};
  // 2 and 3 go to anchor 0's cluster, 5 to 4's; 3 cannot be with 1.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> joins = {{2, 0}, {3, 0}, {5, 4}};
  Clustering judged = clustering;
  EXPECT_EQ(JoinOneByOne(judged, joins, {{3, 1}}), 1u);
  EXPECT_EQ(judged.label, (std::vector<std::uint32_t>{0, 0, 0, 3, 4, 4}));
  VerifyClustering(judged, {{3, 1}});
  // Against a mention that reached the anchor's cluster by an earlier join of the same call.
  EXPECT_EQ(JoinOneByOne(clustering, joins, {{3, 2}}), 1u);
  EXPECT_EQ(clustering.label, (std::vector<std::uint32_t>{0, 0, 0, 3, 4, 4}));
  VerifyClustering(clustering, {{3, 2}});
}

TEST(Cluster, JoinsOneByOneWeighEveryMemberOfTheClusterThatMoves) {
  Clustering clustering;
  clustering.label = {0, 0, 2, 2, 4, 4, 6};
  // 3's cluster holds 2, which cannot be with 1; 5's cluster and 6 may join.
  const std::vector<std::pair<std::uint32_t, std::uint32_t>> joins = {{3, 0}, {5, 0}, {6, 0}};
  EXPECT_EQ(JoinOneByOne(clustering, joins, {{2, 1}}), 1u);
  EXPECT_EQ(clustering.label, (std::vector<std::uint32_t>{0, 0, 2, 2, 0, 0, 0}));
  VerifyClustering(clustering, {{2, 1}});
}

TEST(Cluster, AClusterTwoAnchorsClaimJoinsNeither) {
  // Cluster {0, 1}: anchor 2 claims 0, anchor 4 claims 1. Each anchor still takes the rest.
  Clustering clustering;
  clustering.label = {0, 0, 2, 3, 4, 5};
  const JoinReport report = JoinClusters(clustering, {{0, 2}, {3, 2}, {1, 4}, {5, 4}}, {});
  EXPECT_EQ(report.held_back, 2u);
  EXPECT_EQ(report.refused_anchors, 0u);
  EXPECT_EQ(clustering.label, (std::vector<std::uint32_t>{0, 0, 2, 2, 4, 4}));
}

}  // namespace
}  // namespace corridor
