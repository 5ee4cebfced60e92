#include "algorithms/resolve/resolve.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/resolve/compare.h"
#include "algorithms/resolve/evaluate.h"
#include "algorithms/resolve/model.h"
#include "algorithms/resolve/normalise.h"
#include "algorithms/resolve/similarity.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// A person mention as a test writes it: field -> value.
using Mention = std::vector<std::pair<Field, std::string>>;

CaseData MakeCase(const std::vector<Mention>& mentions, const std::string& region = "PK") {
  CaseData data;
  data.region = region;
  SourceReport source;
  source.name = "test";
  source.region = region;
  data.sources.push_back(source);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    const RecordRef ref{0, static_cast<std::uint32_t>(i + 2), i * 100};
    data.records.BeginRecord(RecordKind::kPerson, ref, "m" + std::to_string(i));
    for (const auto& [field, value] : mentions[i]) data.records.AddField(field, value);
  }
  return data;
}

// Twenty people, each written three ways, the way sources differ: another script or a typo,
// an honorific, given and family names apart, day-first dates, a phone in another format.
struct Truth {
  std::vector<Mention> mentions;
  std::vector<std::uint32_t> person;
};

Truth NoisyPeople() {
  const char* given[] = {"Muhammad", "Ahmed",  "Gul",    "Sher",  "Fatima", "Zainab", "Karim",
                         "Bilal",    "Tariq",  "Imran",  "Nadia", "Sana",   "Yousaf", "Hamid",
                         "Rashid",   "Naveed", "Samina", "Farid", "Jamil",  "Wahid"};
  const char* family[] = {"Akbar",    "Khan",    "Zaman",    "Durrani", "Noorzai",
                          "Barakzai", "Qureshi", "Siddiqui", "Baloch",  "Mengal",
                          "Awan",     "Malik",   "Chaudhry", "Butt",    "Sheikh",
                          "Mirza",    "Javed",   "Hashmi",   "Rizvi",   "Bukhari"};
  const char* native[] = {"محمد اکبر", "احمد خان", "گل زمان", "شیر درانی", "فاطمه نورزی"};
  Truth truth;
  for (std::uint32_t p = 0; p < 20; ++p) {
    const std::string name = std::string(given[p]) + " " + family[p];
    const int year = 1960 + static_cast<int>(p), month = 1 + static_cast<int>(p % 12);
    const int day = 13 + static_cast<int>(p % 15);
    char dob[16], slashed[16];
    std::snprintf(dob, sizeof dob, "%04d-%02d-%02d", year, month, day);
    std::snprintf(slashed, sizeof slashed, "%02d/%02d/%04d", day, month, year);
    const std::string phone_local = "0300-12345" + std::to_string(10 + p);
    const std::string phone_intl = "+92 300 12345" + std::to_string(10 + p);
    const std::string cnic = "54400-00007" + std::to_string(10 + p) + "-1";
    std::string typo = name;
    typo[typo.size() - 2] = typo[typo.size() - 2] == 'a' ? 'e' : 'a';
    truth.mentions.push_back({{Field::kFullName, "Haji " + name},
                              {Field::kDob, dob},
                              {Field::kPhone, phone_local},
                              {Field::kDocument, cnic}});
    truth.mentions.push_back({{Field::kFullName, p < 5 ? native[p] : typo},
                              {Field::kPhone, phone_intl},
                              {Field::kCity, "Quetta"}});
    truth.mentions.push_back({{Field::kGivenName, given[p]},
                              {Field::kFamilyName, family[p]},
                              {Field::kDob, slashed},
                              {Field::kDocument, cnic}});
    for (int k = 0; k < 3; ++k) truth.person.push_back(p);
  }
  return truth;
}

ClusteringEvaluation Score(const Resolution& resolution, const std::vector<std::uint32_t>& truth) {
  std::vector<std::uint32_t> predicted;
  for (std::uint32_t m = 0; m < resolution.persons.size(); ++m) {
    predicted.push_back(resolution.entity_of_record[resolution.persons.records[m]]);
  }
  return EvaluateClustering(predicted, truth);
}

TEST(Resolve, NoisyPeopleAreFoundAndKeptApart) {
  const Truth truth = NoisyPeople();
  const CaseData data = MakeCase(truth.mentions);
  const Resolution resolution = Resolve(data, ResolveOptions());
  resolution.entities.Validate(data.records.size());
  const ClusteringEvaluation score = Score(resolution, truth.person);
  EXPECT_GE(score.pairwise_precision, 0.99);
  EXPECT_GE(score.pairwise_f1, 0.9);
  EXPECT_GE(score.bcubed_f1, 0.9);
}

TEST(Resolve, EveryPersonRecordLandsInExactlyOneEntity) {
  const Truth truth = NoisyPeople();
  const CaseData data = MakeCase(truth.mentions);
  const Resolution resolution = Resolve(data, ResolveOptions());
  std::vector<int> seen(data.records.size(), 0);
  for (EntityId e = 0; e < resolution.entities.size(); ++e) {
    for (const RecordIndex r : resolution.entities.Members(e)) {
      ++seen[r];
      EXPECT_EQ(resolution.entity_of_record[r], e);
    }
  }
  for (RecordIndex r = 0; r < data.records.size(); ++r) EXPECT_EQ(seen[r], 1) << r;
}

TEST(Resolve, SameEntitiesAtAnyThreadCount) {
  const Truth truth = NoisyPeople();
  const CaseData data = MakeCase(truth.mentions);
  std::vector<EntityId> one, two;
  {
    parallel::ThreadLimit limit(1);
    one = Resolve(data, ResolveOptions()).entity_of_record;
  }
  {
    parallel::ThreadLimit limit(2);
    two = Resolve(data, ResolveOptions()).entity_of_record;
  }
  EXPECT_EQ(one, two);
}

// Every mention written twice, identically: the copies form one profile, resolution runs on
// profiles, and the result is what pairwise resolution of the copies gives: two copies share
// an entity exactly when a copy matches itself or their profile matched another mention.
TEST(Resolve, IdenticalMentionsResolveAsOneProfile) {
  Truth truth = NoisyPeople();
  const std::size_t n = truth.mentions.size();
  for (std::size_t m = 0; m < n; ++m) {
    truth.mentions.push_back(truth.mentions[m]);
    truth.person.push_back(truth.person[m]);
  }
  const CaseData data = MakeCase(truth.mentions);
  const ResolveOptions options;
  const Resolution resolution = Resolve(data, options);
  ASSERT_EQ(resolution.profiles.count(), n);
  VerifyClustering(resolution.clustering, {});
  std::size_t merged_copies = 0;
  for (std::size_t m = 0; m < n; ++m) {
    const auto original = static_cast<RecordIndex>(m), copy = static_cast<RecordIndex>(m + n);
    EXPECT_EQ(resolution.profiles.of_mention[m], resolution.profiles.of_mention[m + n]);
    EXPECT_EQ(resolution.profiles.representative[resolution.profiles.of_mention[m]], m);
    const bool self_match =
        ExplainPair(resolution, original, copy).probability >= options.threshold;
    const EntityId entity = resolution.entity_of_record[original];
    const bool linked = resolution.entities.Members(entity).size() > 2;
    EXPECT_EQ(entity == resolution.entity_of_record[copy], self_match || linked) << m;
    // A copy merged on its own evidence is explained by its pair with the original.
    const bool explained =
        std::any_of(resolution.matches.begin(), resolution.matches.end(),
                    [&](const ScoredPair& pair) { return pair.a == m && pair.b == m + n; });
    EXPECT_EQ(explained, self_match) << m;
    merged_copies += self_match;
  }
  EXPECT_GT(merged_copies, n / 2);
  const ClusteringEvaluation score = Score(resolution, truth.person);
  EXPECT_GE(score.pairwise_precision, 0.99);
  EXPECT_GE(score.pairwise_f1, 0.9);
}

// Identical mentions a judgement names stay in profiles of their own, so a cannot-link
// between two copies holds.
TEST(Resolve, JudgedCopiesKeepProfilesOfTheirOwn) {
  Truth truth = NoisyPeople();
  truth.mentions.push_back(truth.mentions[0]);
  CaseData data = MakeCase(truth.mentions);
  const auto copy = static_cast<RecordIndex>(truth.mentions.size() - 1);
  data.judgements.push_back({0, copy, false, {}});
  const Resolution resolution = Resolve(data, ResolveOptions());
  EXPECT_NE(resolution.profiles.of_mention[0], resolution.profiles.of_mention[copy]);
  EXPECT_NE(resolution.entity_of_record[0], resolution.entity_of_record[copy]);
}

TEST(Resolve, CannotLinkJudgementSplitsAndMustLinkJoins) {
  const Truth truth = NoisyPeople();
  CaseData data = MakeCase(truth.mentions);
  // Mentions 0 and 1 are person 0: forbid it. Mentions 3 and 6 are different people: force it.
  data.judgements.push_back({0, 1, false, {}});
  data.judgements.push_back({3, 6, true, {}});
  const Resolution resolution = Resolve(data, ResolveOptions());
  EXPECT_NE(resolution.entity_of_record[0], resolution.entity_of_record[1]);
  EXPECT_EQ(resolution.entity_of_record[3], resolution.entity_of_record[6]);
}

TEST(Resolve, ExplainScoresAnyPairOfPersons) {
  const Truth truth = NoisyPeople();
  const CaseData data = MakeCase(truth.mentions);
  const Resolution resolution = Resolve(data, ResolveOptions());
  const PairExplanation same = ExplainPair(resolution, 0, 2);
  const PairExplanation different = ExplainPair(resolution, 0, 3);
  EXPECT_GT(same.probability, 0.95);
  EXPECT_LT(different.probability, 0.05);
  EXPECT_EQ(LevelOf(same.gamma, static_cast<std::size_t>(Comparison::kDocument)), 0);
  // The waterfall adds up: prior plus the field weights is the total.
  double sum = same.weights.prior_weight;
  for (const double w : same.weights.weights) sum += w;
  EXPECT_NEAR(sum, same.weights.total, 1e-9);
}

TEST(Resolve, DocumentsOfDifferentKindsAreNotCompared) {
  // A CNIC and a passport number of one man, and two CNICs a typo apart; the first pair's
  // documents say nothing, the second's are close.
  Truth truth = NoisyPeople();
  truth.mentions.push_back(
      {{Field::kFullName, "Shohid Rahaman"}, {Field::kDocument, "7767555284"}});
  truth.mentions.push_back({{Field::kGivenName, "SHOHID"},
                            {Field::kFamilyName, "RAHAMAN"},
                            {Field::kDocument, "EG7651033"}});
  truth.mentions.push_back(
      {{Field::kFullName, "Shohid Rahaman"}, {Field::kDocument, "7767555285"}});
  const CaseData data = MakeCase(truth.mentions);
  const Resolution resolution = Resolve(data, ResolveOptions());
  const auto n = static_cast<std::uint32_t>(truth.mentions.size());
  const auto document = static_cast<std::size_t>(Comparison::kDocument);
  EXPECT_EQ(LevelOf(ExplainPair(resolution, n - 3, n - 2).gamma, document), kMissingLevel);
  EXPECT_EQ(LevelOf(ExplainPair(resolution, n - 3, n - 1).gamma, document), 1);
}

// A hawala ledger as the loader gives it: each row a payer and a payee mention. Three
// hawaladars are paid by every migrant, each written in three spellings and nothing else; the
// migrants' own names are shared by namesakes, as in any large case. With one prior for the
// case the payees could never merge on a name alone; the payee list's own prior lets them.
TEST(Resolve, AListThatNamesItsPeopleAgainGetsItsOwnPrior) {
  CaseData data = MakeCase(NoisyPeople().mentions);
  SourceReport ledger;
  ledger.name = "ledger";
  ledger.region = "PK";
  data.sources.push_back(ledger);
  const char* given[] = {"Gul",   "Sher",  "Zaman", "Nazir", "Wali",  "Juma",  "Amin",
                         "Qadir", "Faiz",  "Hakim", "Jalal", "Karim", "Latif", "Majid",
                         "Nasir", "Obaid", "Rafiq", "Sabir", "Tahir", "Umar"};
  const char* family[] = {"Ahmadzai", "Noori",  "Safi",      "Popal",  "Sadat",
                          "Wardak",   "Hotak",  "Stanikzai", "Mangal", "Jadran",
                          "Sultani",  "Rahimi", "Hakimi",    "Tokhi",  "Andar"};
  const char* hawaladars[3][3] = {
      {"Rahmatullah Zadran", "Rahmatullah Zadraan", "Rehmatullah Zadran"},
      {"Ghulam Sakhi Tarakai", "Gholam Sakhi Tarakai", "Ghulam Sakhi Tarakay"},
      {"Abdul Wasay Kakar", "Abdul Wasey Kakar", "Abdulwasay Kakar"}};
  constexpr std::uint32_t kRows = 900;
  for (std::uint32_t row = 0; row < kRows; ++row) {
    const RecordRef ref{1, row + 2, std::uint64_t{row} * 80};
    const std::string id = "H" + std::to_string(row);
    data.records.BeginRecord(RecordKind::kPerson, ref, id + "#payer");
    // The last payer bears a hawaladar's name: the same text in another list.
    data.records.AddField(Field::kFullName, row + 1 == kRows ? std::string(hawaladars[0][0])
                                                             : std::string(given[row % 20]) + " " +
                                                                   family[(row / 20) % 15]);
    data.records.BeginRecord(RecordKind::kPerson, ref, id + "#payee");
    data.records.AddField(Field::kFullName, hawaladars[row % 3][(row / 3) % 3]);
  }
  // m and u held, with an exact name as telling as on a large case (this one is too small and
  // too unlike a case for EM to say so): what is tested is the prior.
  ResolveOptions options;
  FellegiSunterModel trained = Resolve(data, options).model;
  std::vector<double>& name_m = trained.m[static_cast<std::size_t>(Comparison::kName)];
  const double rest = 1.0 - name_m[0];
  for (double& m : name_m) m *= 0.1 / rest;
  name_m[0] = 0.9;
  options.fixed_model = trained;
  const Resolution resolution = Resolve(data, options);
  const FellegiSunterModel& model = resolution.model;
  ASSERT_EQ(model.lists, (std::vector<std::string>{"test", "ledger#payer", "ledger#payee"}));
  ASSERT_EQ(model.list_prior.size(), 9u);
  for (std::size_t x = 0; x < 3; ++x) {
    for (std::size_t y = 0; y < 3; ++y) {
      EXPECT_EQ(model.list_prior[x * 3 + y], model.list_prior[y * 3 + x]);
      EXPECT_GE(model.list_prior[x * 3 + y], model.match_prior);
    }
  }
  const double payees = model.list_prior[2 * 3 + 2];
  EXPECT_GT(payees, 10 * model.match_prior);

  // Payee mentions are records 60 + 2k + 1, payers 60 + 2k.
  const auto payee = [](std::uint32_t row) { return static_cast<RecordIndex>(60 + 2 * row + 1); };
  const auto payer = [](std::uint32_t row) { return static_cast<RecordIndex>(60 + 2 * row); };
  // The prior is the fixed point of EM over every pair of payees, worked out here pair by pair
  // from the weights without a prior (the estimate bins them to 1/8 bit).
  std::vector<double> weights;
  for (std::uint32_t x = 0; x < kRows; ++x) {
    for (std::uint32_t y = x + 1; y < kRows; ++y) {
      const PairExplanation pair = ExplainPair(resolution, payee(x), payee(y));
      weights.push_back(pair.weights.total - pair.weights.prior_weight);
    }
  }
  double fixed_point = model.match_prior;
  for (int iteration = 0; iteration < 200; ++iteration) {
    const double log_odds = std::log2(fixed_point / (1 - fixed_point));
    double expected = 0;
    for (const double weight : weights) expected += MatchProbability(weight + log_odds);
    fixed_point = expected / static_cast<double>(weights.size());
  }
  EXPECT_NEAR(payees, fixed_point, 0.02 * fixed_point);

  // Each hawaladar's payees are one entity, apart from the others', and only the payee list's
  // prior carries one spelling's copies over the threshold.
  for (std::uint32_t row = 3; row < kRows; ++row) {
    EXPECT_EQ(resolution.entity_of_record[payee(row)], resolution.entity_of_record[payee(row % 3)])
        << row;
  }
  EXPECT_NE(resolution.entity_of_record[payee(0)], resolution.entity_of_record[payee(1)]);
  const PairExplanation pair = ExplainPair(resolution, payee(0), payee(9));
  EXPECT_NEAR(pair.weights.prior_weight, std::log2(payees / (1 - payees)), 1e-9);
  const double with_case_prior = pair.weights.total - pair.weights.prior_weight +
                                 std::log2(model.match_prior / (1 - model.match_prior));
  EXPECT_LT(MatchProbability(with_case_prior), options.threshold);
  // The same text in two lists is two profiles, each scored with its own list's prior.
  const RecordIndex namesake = payer(kRows - 1);
  const auto mention = [&](RecordIndex r) {
    return static_cast<std::size_t>(
        std::lower_bound(resolution.persons.records.begin(), resolution.persons.records.end(), r) -
        resolution.persons.records.begin());
  };
  EXPECT_NE(resolution.profiles.of_mention[mention(namesake)],
            resolution.profiles.of_mention[mention(payee(0))]);
  EXPECT_NEAR(ExplainPair(resolution, namesake, payee(0)).weights.prior_weight,
              std::log2(model.match_prior / (1 - model.match_prior)), 1e-9);
  // A case of one list keeps one prior.
  const Resolution single = Resolve(MakeCase(NoisyPeople().mentions), options);
  EXPECT_TRUE(single.model.list_prior.empty());
}

// Passengers: each row a person mention and its journey, as the loader gives a travel row.
struct Passenger {
  Mention mention;
  std::string from, to;
  int day;  // of March 2024
  int hour = 8;
};

// The candidate pairs the blocking rule `name` proposed, in order.
std::vector<std::uint64_t> PairsProposedBy(const CandidatePairs& candidates,
                                           std::string_view name) {
  const auto rule = std::find_if(candidates.rules.begin(), candidates.rules.end(),
                                 [&](const BlockingRuleReport& r) { return r.rule == name; });
  if (rule == candidates.rules.end()) {
    ADD_FAILURE() << "no blocking rule " << name;
    return {};
  }
  const auto bit = static_cast<std::size_t>(rule - candidates.rules.begin());
  std::vector<std::uint64_t> proposed;
  for (std::size_t i = 0; i < candidates.pairs.size(); ++i) {
    if (candidates.rule_mask[i] >> bit & 1u) proposed.push_back(candidates.pairs[i]);
  }
  return proposed;
}

// Each passenger's row yields his mention and then his ticket, after `leading` call records.
CaseData PassengerCase(const std::vector<Passenger>& passengers, std::size_t leading = 0) {
  CaseData data = MakeCase({});
  for (std::size_t i = 0; i < leading; ++i) {
    data.records.BeginRecord(RecordKind::kCall, RecordRef{0, static_cast<std::uint32_t>(i + 2), 0},
                             "call" + std::to_string(i));
  }
  for (std::size_t i = 0; i < passengers.size(); ++i) {
    const RecordRef ref{0, static_cast<std::uint32_t>(leading + i + 2), i * 100};
    data.records.BeginRecord(RecordKind::kPerson, ref, "t" + std::to_string(i) + "#person");
    for (const auto& [field, value] : passengers[i].mention) data.records.AddField(field, value);
    const RecordIndex travel =
        data.records.BeginRecord(RecordKind::kTravel, ref, "t" + std::to_string(i) + "#travel");
    data.records.AddField(Field::kFromPlace, passengers[i].from);
    data.records.AddField(Field::kToPlace, passengers[i].to);
    data.records.SetTime(
        travel, PartialTime::FromCivil({2024, 3, passengers[i].day, passengers[i].hour, 0, 0},
                                       TimePrecision::kMinute));
  }
  return data;
}

// Levels: 0 continues, 1 follows, 2 continues late, 3 follows late (more than 36 hours
// between the departures), 4 else.
TEST(Resolve, AJourneyContinuesOnlyWhenNoNamesakeCouldHaveTakenTheNextLeg) {
  const Mention akbar = {{Field::kFullName, "Akbar Khan"}};
  const Mention akbar_border = {{Field::kGivenName, "AKBAR"}, {Field::kFamilyName, "KHAN"}};
  const Mention gul = {{Field::kFullName, "Gul Zaman"}};
  const Mention sher = {{Field::kFullName, "Sher Durrani"}};
  const Mention wali = {{Field::kFullName, "Wali Noorzai"}};
  const Mention rahim = {{Field::kFullName, "Rahim Baloch"}};
  const Mention karim = {{Field::kFullName, "Karim Rind"}};
  const Mention nabi = {{Field::kFullName, "Nabi Jan"}};
  const Mention daud = {{Field::kFullName, "Daud Shah"}};
  Truth filler = NoisyPeople();  // enough people for the model to train on
  std::vector<Passenger> passengers;
  for (const Mention& m : filler.mentions) passengers.push_back({m, "Kabul", "Kandahar", 1});
  const RecordIndex first = static_cast<RecordIndex>(2 * passengers.size());
  passengers.push_back({akbar, "Quetta", "Taftan", 10});           // 0
  passengers.push_back({akbar_border, "Taftan", "Mirjaveh", 11});  // 1: continues 0
  passengers.push_back({gul, "Quetta", "Nushki", 10});             // 2
  passengers.push_back({gul, "Quetta", "Nushki", 10});             // 3: a second Gul, same bus
  passengers.push_back({gul, "Nushki", "Dalbandin", 11});          // 4: which Gul went on?
  passengers.push_back({sher, "Quetta", "Taftan", 10});            // 5
  passengers.push_back({sher, "Taftan", "Zahedan", 11});           // 6: two Shers left Taftan,
  passengers.push_back({sher, "Taftan", "Zahedan", 12});           // 7: this one later
  passengers.push_back({wali, "Quetta", "Taftan", 10});            // 8
  passengers.push_back({wali, "Zahedan", "Kerman", 25});           // 9: weeks later, elsewhere
  passengers.push_back({rahim, "Quetta", "Taftan", 10});           // 10
  passengers.push_back({rahim, "Nushki", "Taftan", 11});           // 11: a later Rahim came
  passengers.push_back({rahim, "Taftan", "Zahedan", 12});          // 12: and went on first
  passengers.push_back({karim, "Quetta", "Taftan", 10});           // 13
  passengers.push_back({karim, "Taftan", "Zahedan", 11});          // 14: two Karims left at
  passengers.push_back({karim, "Taftan", "Mirjaveh", 11});         // 15: once
  passengers.push_back({nabi, "Quetta", "Taftan", 10});            // 16
  passengers.push_back({nabi, "Taftan", "Zahedan", 14});           // 17: after four days
  passengers.push_back({daud, "Quetta", "Taftan", 10});            // 18
  passengers.push_back({daud, "Taftan", "Zahedan", 13});           // 19
  passengers.push_back({daud, "Taftan", "Zahedan", 14});           // 20
  const auto named = [](const char* name) { return Mention{{Field::kFullName, name}}; };
  passengers.push_back({named("Yusuf Kakar"), "Quetta", "Taftan", 10});   // 21: one of two
  passengers.push_back({named("Yusuf Kakar"), "Nushki", "Taftan", 11});   // 22: bound for Taftan
  passengers.push_back({named("Yusuf Kakar"), "Taftan", "Zahedan", 12});  // 23: that week
  passengers.push_back({named("Yusuf Kakar"), "Taftan", "Zahedan", 18});  // 24: only 22's week
  passengers.push_back({named("Faiz Ahmadi"), "Quetta", "Taftan", 10});   // 25
  passengers.push_back({named("Faiz Ahmadi"), "Taftan", "Zahedan", 11, 20});    // 26: 36 h on
  passengers.push_back({named("Sami Achakzai"), "Quetta", "Taftan", 10});       // 27
  passengers.push_back({named("Sami Achakzai"), "Taftan", "Zahedan", 11, 21});  // 28: 37 h on
  passengers.push_back({named("Jawad Mengal"), "Quetta", "Taftan", 10});        // 29
  passengers.push_back({named("Jawad Mengal"), "Taftan", "Zahedan", 17, 9});    // 30: a week on
  passengers.push_back({named("Tariq Lango"), "Quetta", "Taftan", 10});         // 31: two at once
  passengers.push_back({named("Tariq Lango"), "Nushki", "Taftan", 10});         // 32
  passengers.push_back({named("Tariq Lango"), "Taftan", "Zahedan", 11});        // 33
  const Resolution resolution = Resolve(PassengerCase(passengers), ResolveOptions());
  const auto journey = static_cast<std::size_t>(Comparison::kJourney);
  const auto level = [&](int a, int b) {
    return LevelOf(ExplainPair(resolution, first + 2 * a, first + 2 * b).gamma, journey);
  };
  EXPECT_EQ(level(0, 1), 0);
  EXPECT_EQ(level(1, 0), 0);
  EXPECT_EQ(level(2, 4), kMissingLevel);  // the leg was two travellers' tickets
  EXPECT_EQ(level(2, 3), kMissingLevel);  // the same journey: co-travellers share it
  EXPECT_EQ(level(5, 6), 1);              // the first Sher to leave after 5 came
  EXPECT_EQ(level(6, 5), 1);
  EXPECT_EQ(level(5, 7), 4);
  EXPECT_EQ(level(8, 9), 4);
  EXPECT_EQ(level(0, 9), 4);
  EXPECT_EQ(level(11, 12), 1);  // 12 left after 11 arrived, the last Rahim to come before it
  EXPECT_EQ(level(10, 12), 4);
  EXPECT_EQ(level(13, 14), 4);
  EXPECT_EQ(level(13, 15), 4);
  EXPECT_EQ(level(16, 17), 2);
  EXPECT_EQ(level(18, 19), 3);
  EXPECT_EQ(level(18, 20), 4);
  EXPECT_EQ(level(21, 23), 4);  // 23 is 21's only next leg, but 22 could have taken it
  EXPECT_EQ(level(22, 23), 1);
  EXPECT_EQ(level(25, 26), 0);
  EXPECT_EQ(level(27, 28), 2);
  EXPECT_EQ(level(29, 30), 4);
  EXPECT_EQ(level(31, 33), 4);
  EXPECT_EQ(level(32, 33), 4);

  // The journey rule pairs the mentions of each such pair of legs, and nothing else.
  NormaliseReport report;
  const PersonMentions mentions = ExtractPersons(PassengerCase(passengers), report);
  const CandidatePairs candidates = BlockPersons(mentions, BlockingOptions());
  const auto ours = [&](std::uint32_t a, std::uint32_t b) {
    const auto offset = static_cast<std::uint32_t>(filler.mentions.size());
    return PairKey(offset + a, offset + b);
  };
  const std::vector<std::uint64_t> expected = {ours(0, 1),   ours(5, 6),   ours(11, 12),
                                               ours(16, 17), ours(18, 19), ours(22, 23),
                                               ours(25, 26), ours(27, 28)};
  EXPECT_EQ(PairsProposedBy(candidates, "journey"), expected);
}

// Tickets' passengers and places are found over slices of the records in parallel, and the
// mentions' keys gathered over slices: however the slices fall (the rows shifted by a record,
// so that a slice may start between a passenger and his ticket), every mention has its own
// ticket's places and time, the places are numbered in ticket order, origin first, and every
// thread count gives what one thread gives.
TEST(Resolve, JourneysAreEachTicketsOwnAtAnyThreadCount) {
  const std::vector<std::string> places = {"Quetta", "Taftan", "Mirjaveh", "Zahedan",
                                           "Turbat", "Kech",   "Gwadar"};
  std::vector<Passenger> passengers;
  for (int i = 0; i < 40000; ++i) {
    passengers.push_back({{{Field::kFullName, "Passenger " + std::to_string(i % 5000)}},
                          places[static_cast<std::size_t>(i * 3 % 7)],
                          places[static_cast<std::size_t>((i * 5 + 1) % 7)],
                          1 + i % 28});
  }
  PlaceMatcher matcher;
  for (const std::size_t leading : {0, 1}) {
    SCOPED_TRACE(leading);
    const CaseData data = PassengerCase(passengers, leading);
    std::vector<PersonMentions> runs;
    for (const int threads : {1, 2, 4}) {
      const parallel::ThreadLimit limit(threads);
      NormaliseReport report;
      runs.push_back(ExtractPersons(data, report));
    }
    const PersonMentions& p = runs[0];
    ASSERT_EQ(p.size(), passengers.size());
    for (std::size_t m = 0; m < p.size(); ++m) {
      ASSERT_EQ(p.places[p.journey[m].from], matcher.Key(passengers[m].from)) << m;
      ASSERT_EQ(p.places[p.journey[m].to], matcher.Key(passengers[m].to)) << m;
      ASSERT_TRUE(p.journey[m].dated) << m;
      const auto ticket = static_cast<RecordIndex>(leading + 2 * m + 1);
      ASSERT_EQ(p.journey[m].depart_s, data.records.time(ticket).seconds()) << m;
      ASSERT_EQ(p.name[m], p.name[m % 5000]) << m;  // one name, one key
    }
    std::vector<std::uint32_t> first_names(p.name.begin(), p.name.begin() + 5000);
    std::sort(first_names.begin(), first_names.end());
    EXPECT_EQ(std::unique(first_names.begin(), first_names.end()), first_names.end());
    EXPECT_NE(first_names.front(), 0u);
    std::vector<std::string> keys;  // a gazetteer may know two of the names as one place
    for (const std::string& place : places) keys.push_back(matcher.Key(place));
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    ASSERT_EQ(p.places.size(), keys.size() + 1);
    EXPECT_EQ(p.places[1], matcher.Key(passengers[0].from));
    EXPECT_EQ(p.places[2], matcher.Key(passengers[0].to));
    for (std::size_t run = 1; run < runs.size(); ++run) {
      const PersonMentions& q = runs[run];
      EXPECT_EQ(q.places, p.places);
      EXPECT_EQ(q.name, p.name);
      EXPECT_EQ(q.leg, p.leg);
      for (std::size_t m = 0; m < p.size(); ++m) {
        ASSERT_EQ(q.journey[m].from, p.journey[m].from) << run << " " << m;
        ASSERT_EQ(q.journey[m].to, p.journey[m].to) << run << " " << m;
        ASSERT_EQ(q.journey[m].depart_s, p.journey[m].depart_s) << run << " " << m;
      }
    }
  }
}

TEST(Resolve, TripsLinkWhereMostOfAGroupGoesOnTogether) {
  const auto named = [](const char* name) { return Mention{{Field::kFullName, name}}; };
  std::vector<Passenger> passengers = {
      {named("Akbar Khan"), "Quetta", "Taftan", 10},  // 0-3: a group, trip A
      {named("Gul Zaman"), "Quetta", "Taftan", 10},
      {named("Sher Durrani"), "Quetta", "Taftan", 10},
      {named("Wali Noorzai"), "Quetta", "Taftan", 10},
      {{{Field::kGivenName, "AKBAR"}, {Field::kFamilyName, "KHAN"}}, "Taftan", "Mirjaveh", 11},
      {named("Gul Zaman"), "Taftan", "Mirjaveh", 11},  // 4-7: trip B, the group going on
      {named("Gul Zaman"), "Taftan", "Mirjaveh", 11},  // a second Gul: which went on?
      {named("Wali"), "Taftan", "Mirjaveh", 11},
      {named("Sher Durrani"), "Taftan", "Zahedan", 12},  // 8-9: trip C, shares one name with A
      {named("Nasir Baloch"), "Taftan", "Zahedan", 12},
      {named("Akbar Khan"), "Taftan", "Zahedan", 25},  // 10-11: trip D, too late
      {named("Gul Zaman"), "Taftan", "Zahedan", 25},
      {named("Akbar Khan"), "Mirjaveh", "Zahedan", 12},  // 12-14: trips E and F: two equally
      {named("Wali"), "Mirjaveh", "Zahedan", 12},        // good successors of B, so none
      {named("Akbar Khan"), "Mirjaveh", "Kerman", 12},
      {named("Wali"), "Mirjaveh", "Kerman", 12},
      {named("Hamid Noori"), "Nushki", "Dalbandin", 10},  // 16-19: two names in common, but
      {named("Karim Shah"), "Nushki", "Dalbandin", 10},   // three days apart
      {named("Hamid Noori"), "Dalbandin", "Kharan", 13},
      {named("Karim Shah"), "Dalbandin", "Kharan", 13},
      {named("Latif Baig"), "Zahedan", "Bam", 10},  // 20-25: three in common, three days apart
      {named("Nadir Rind"), "Zahedan", "Bam", 10},
      {named("Yasin Lehri"), "Zahedan", "Bam", 10},
      {named("Latif Baig"), "Bam", "Kerman", 13},
      {named("Nadir Rind"), "Bam", "Kerman", 13},
      {named("Yasin Lehri"), "Bam", "Kerman", 13},
      {named("Ali Raza"), "Gwadar", "Turbat", 10},     // 26-31: two trips into Turbat propose
      {named("Omar Farooq"), "Gwadar", "Turbat", 10},  // the same trip on equally well
      {named("Ali Raza"), "Panjgur", "Turbat", 10},
      {named("Omar Farooq"), "Panjgur", "Turbat", 10},
      {named("Ali Raza"), "Turbat", "Mand", 11},
      {named("Omar Farooq"), "Turbat", "Mand", 11},
      {named("Rashid Minhas"), "Kalat", "Mastung", 10},  // 32-35: one name in common and one
      {named("Saleem Jan"), "Kalat", "Mastung", 10},     // written in part are two travellers
      {named("Rashid"), "Mastung", "Sibi", 11},
      {named("Saleem Jan"), "Mastung", "Sibi", 11},
      {named("Daud Khan"), "Hub", "Uthal", 10},  // 36-42: "Daud" could be either Daud
      {named("Daud Shah"), "Hub", "Uthal", 10},
      {named("Ilyas Baig"), "Hub", "Uthal", 10},
      {named("Zarif Ali"), "Hub", "Uthal", 10},
      {named("Daud"), "Uthal", "Bela", 11},
      {named("Ilyas Baig"), "Uthal", "Bela", 11},
      {named("Zarif Ali"), "Uthal", "Bela", 11},
      {named("Bilal Ahmadzai"), "Chaman", "Quetta", 10},  // 43-48: on from Zahedan, the stops
      {named("Javed Ahmadzai"), "Chaman", "Quetta", 10},  // between unrecorded
      {named("Sana Ahmadzai"), "Chaman", "Quetta", 10},
      {named("Bilal Ahmadzai"), "Zahedan", "Kerman", 12},
      {named("Javed Ahmadzai"), "Zahedan", "Kerman", 12},
      {named("Sana Ahmadzai"), "Zahedan", "Kerman", 12},
      {named("Tariq Rind"), "Lahore", "Karachi", 10},  // 49-54: back along the road
      {named("Nasir Lehri"), "Lahore", "Karachi", 10},
      {named("Imran Baloch"), "Lahore", "Karachi", 10},
      {named("Tariq Rind"), "Kandahar", "Kabul", 12},
      {named("Nasir Lehri"), "Kandahar", "Kabul", 12},
      {named("Imran Baloch"), "Kandahar", "Kabul", 12},
      {named("Fatima"), "Chaman", "Quetta", 20},  // 55-60: given names alone, across stops
      {named("Mohammad"), "Chaman", "Quetta", 20},
      {named("Ali"), "Chaman", "Quetta", 20},
      {named("Fatima"), "Zahedan", "Kerman", 21},
      {named("Mohammad"), "Zahedan", "Kerman", 21},
      {named("Ali"), "Zahedan", "Kerman", 21},
  };
  NormaliseReport report;
  const PersonMentions p = ExtractPersons(PassengerCase(passengers), report);
  ASSERT_EQ(p.size(), passengers.size());
  const auto trip = [&](std::size_t m) { return p.trip[m]; };
  EXPECT_EQ(trip(0), trip(3));
  EXPECT_NE(trip(0), trip(4));
  EXPECT_EQ(p.next_trip[trip(0)], trip(4));  // shares Akbar Khan and Gul Zaman
  EXPECT_EQ(p.previous_trip[trip(4)], trip(0));
  EXPECT_EQ(p.previous_trip[trip(8)], PersonMentions::kNoTrip);  // one name is not a group
  EXPECT_EQ(p.previous_trip[trip(10)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.next_trip[trip(4)], PersonMentions::kNoTrip);  // a tie between E and F
  EXPECT_EQ(p.previous_trip[trip(12)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.next_trip[trip(16)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.next_trip[trip(20)], trip(23));
  EXPECT_EQ(p.next_trip[trip(26)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.next_trip[trip(28)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.previous_trip[trip(30)], PersonMentions::kNoTrip);

  EXPECT_TRUE(p.TripMates(0, 4));   // Akbar Khan written two ways
  EXPECT_FALSE(p.TripMates(1, 5));  // two Guls on trip B
  EXPECT_FALSE(p.TripMates(3, 7));  // Wali Noorzai and Wali: not one skeleton
  EXPECT_FALSE(p.TripMates(0, 1));

  // Names written in part: mates when no one else on either trip could be meant.
  const auto skeleton = [&](std::size_t m) { return p.skeleton_of_name[p.name[m]]; };
  EXPECT_EQ(p.previous_mate[4], skeleton(0));
  EXPECT_EQ(p.previous_mate[7], skeleton(3));              // Wali, of the group only Wali Noorzai
  EXPECT_EQ(p.previous_mate[0], PersonMentions::kNoMate);  // no trip before
  EXPECT_EQ(p.next_trip[trip(32)], trip(34));              // Saleem Jan and Rashid: two travellers
  EXPECT_EQ(p.previous_mate[34], skeleton(32));
  EXPECT_EQ(p.next_trip[trip(36)], trip(40));
  EXPECT_EQ(p.previous_mate[40], PersonMentions::kNoMate);  // Daud Khan or Daud Shah?
  EXPECT_EQ(p.previous_mate[41], skeleton(38));
  EXPECT_EQ(p.next_trip[trip(43)], trip(46));
  EXPECT_EQ(p.previous_mate[47], skeleton(44));
  EXPECT_EQ(p.next_trip[trip(49)], PersonMentions::kNoTrip);
  EXPECT_EQ(p.next_trip[trip(55)], PersonMentions::kNoTrip);

  // The companions rule pairs every trip mate on linked trips, and nothing else.
  const CandidatePairs candidates = BlockPersons(p, BlockingOptions());
  std::vector<std::uint64_t> expected = {PairKey(0, 4),   PairKey(3, 7),   PairKey(20, 23),
                                         PairKey(21, 24), PairKey(22, 25), PairKey(32, 34),
                                         PairKey(33, 35), PairKey(38, 41), PairKey(39, 42),
                                         PairKey(43, 46), PairKey(44, 47), PairKey(45, 48)};
  EXPECT_EQ(PairsProposedBy(candidates, "companions"), expected);
}

TEST(Resolve, CompanionsCompareTripMatesOnLinkedTripsOnly) {
  const auto named = [](const char* name) { return Mention{{Field::kFullName, name}}; };
  Truth filler = NoisyPeople();  // enough people for the model to train on
  std::vector<Passenger> passengers;
  for (const Mention& m : filler.mentions) passengers.push_back({m, "Kabul", "Kandahar", 1});
  const auto first = static_cast<RecordIndex>(2 * passengers.size());
  for (const char* name : {"Akbar Khan", "Gul Zaman", "Sher Durrani"}) {
    passengers.push_back({named(name), "Quetta", "Taftan", 10});  // 0-2
  }
  for (const char* name : {"Akbar Khan", "Gul Zaman", "Sher"}) {
    passengers.push_back({named(name), "Taftan", "Mirjaveh", 11});  // 3-5
  }
  passengers.push_back({named("Akbar Khan"), "Mirjaveh", "Zahedan", 20});  // 6: alone
  const Resolution resolution = Resolve(PassengerCase(passengers), ResolveOptions());
  const auto companions = static_cast<std::size_t>(Comparison::kCompanions);
  const auto level = [&](int a, int b) {
    return LevelOf(ExplainPair(resolution, first + 2 * a, first + 2 * b).gamma, companions);
  };
  EXPECT_EQ(level(0, 3), 0);
  EXPECT_EQ(level(5, 2), 1);              // Sher Durrani written in part
  EXPECT_EQ(level(0, 4), 2);              // linked trips, another traveller
  EXPECT_EQ(level(3, 6), 2);              // a lone traveller's trip links to nothing
  EXPECT_EQ(level(0, 1), kMissingLevel);  // one trip: co-travellers
  const PairWeights weights = ExplainPair(resolution, first, first + 2 * 3).weights;
  EXPECT_GT(weights.weights[companions], 0.0);
  EXPECT_GT(ExplainPair(resolution, first + 2 * 2, first + 2 * 5).weights.weights[companions], 0.0);
}

TEST(Blocking, NeverMissesPairsSharingAValidIdentifier) {
  // Random mentions drawing documents, phones and emails from small pools, so many share.
  std::mt19937 rng(5);
  std::vector<Mention> mentions;
  for (int i = 0; i < 400; ++i) {
    Mention mention = {{Field::kFullName, "Person " + std::to_string(rng() % 1000)}};
    if (rng() % 2) mention.push_back({Field::kDocument, "AB" + std::to_string(rng() % 60)});
    if (rng() % 2)
      mention.push_back({Field::kPhone, "0300-12345" + std::to_string(10 + rng() % 60)});
    if (rng() % 3 == 0) mention.push_back({Field::kEmail, std::to_string(rng() % 40) + "@x.pk"});
    mentions.push_back(mention);
  }
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  const CandidatePairs candidates = BlockPersons(persons, BlockingOptions());
  std::uint64_t checked = 0;
  for (std::uint32_t a = 0; a < persons.size(); ++a) {
    for (std::uint32_t b = a + 1; b < persons.size(); ++b) {
      const bool shares =
          (persons.document[a] != 0 && persons.document[a] == persons.document[b]) ||
          (persons.email[a] != 0 && persons.email[a] == persons.email[b]) ||
          (!persons.Phones(a).empty() && !persons.Phones(b).empty() &&
           persons.Phones(a)[0] == persons.Phones(b)[0]);
      if (!shares) continue;
      ++checked;
      EXPECT_TRUE(
          std::binary_search(candidates.pairs.begin(), candidates.pairs.end(), PairKey(a, b)))
          << a << ", " << b;
    }
  }
  EXPECT_GT(checked, 500u);  // the property was exercised, not vacuous
  EXPECT_TRUE(std::is_sorted(candidates.pairs.begin(), candidates.pairs.end()));
}

// A rule's pairs are written in place at offsets counted per block, blocks in parallel
// chunks of 1024: more blocks than one chunk, and a capped block among them, must give
// exactly the pairs of each block under the cap, once each, the same at any thread count.
TEST(Blocking, RulePairsAreExactlyThePairsOfEachBlockUnderTheCap) {
  std::mt19937 rng(11);
  std::vector<Mention> mentions;
  for (int i = 0; i < 4000; ++i) {
    // Documents for about 1,600 blocks of two or more, and one document for 40 people.
    const std::string document = i % 100 == 7 ? "CAPPED" : "DOC" + std::to_string(rng() % 1800);
    mentions.push_back(
        {{Field::kFullName, "Person " + std::to_string(i)}, {Field::kDocument, document}});
  }
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  BlockingOptions options;
  options.max_block = 30;
  const auto block = [&](int threads) {
    const parallel::ThreadLimit limit(threads);
    return BlockPersons(persons, options);
  };
  const CandidatePairs one = block(1), two = block(2);
  EXPECT_TRUE(std::equal(one.pairs.begin(), one.pairs.end(), two.pairs.begin(), two.pairs.end()));
  EXPECT_TRUE(std::equal(one.rule_mask.begin(), one.rule_mask.end(), two.rule_mask.begin(),
                         two.rule_mask.end()));
  EXPECT_EQ(std::adjacent_find(two.pairs.begin(), two.pairs.end(),
                               [](std::uint64_t a, std::uint64_t b) { return a >= b; }),
            two.pairs.end());

  std::map<std::uint32_t, std::vector<std::uint32_t>> by_document;
  for (std::uint32_t m = 0; m < persons.size(); ++m) by_document[persons.document[m]].push_back(m);
  std::vector<std::uint64_t> expected;
  std::uint64_t blocks = 0;
  for (const auto& [document, members] : by_document) {
    if (members.size() < 2) continue;
    ++blocks;
    if (members.size() > options.max_block) continue;
    for (std::size_t x = 0; x < members.size(); ++x) {
      for (std::size_t y = x + 1; y < members.size(); ++y) {
        expected.push_back(PairKey(members[x], members[y]));
      }
    }
  }
  std::sort(expected.begin(), expected.end());
  std::vector<std::uint64_t> proposed;
  for (std::size_t i = 0; i < two.pairs.size(); ++i) {
    if (two.rule_mask[i] & 1u) proposed.push_back(two.pairs[i]);  // bit 0: the document rule
  }
  ASSERT_EQ(two.rules[0].rule, "document");
  EXPECT_EQ(proposed, expected);
  EXPECT_EQ(two.rules[0].pairs, expected.size());
  EXPECT_EQ(two.rules[0].blocks, blocks);
  EXPECT_GT(blocks, 1024u);
  EXPECT_EQ(two.rules[0].capped_blocks, 1u);
  EXPECT_EQ(two.rules[0].capped_mentions, 40u);
}

// Names drawn from two pools of tokens: the two cases' token ids (numbered per extraction)
// name different tokens, so a table of token similarities carried from one extraction to the
// other would answer with the wrong pair's value.
TEST(Compare, RememberedNameSimilaritiesAreThoseOfTheirOwnExtraction) {
  const auto names_from = [](const std::vector<std::string>& pool, std::uint32_t seed) {
    std::mt19937 rng(seed);
    std::vector<Mention> mentions;
    for (int i = 0; i < 60; ++i) {
      std::string name = pool[rng() % pool.size()];
      for (std::size_t tokens = 1 + rng() % 3; tokens > 0; --tokens) {
        name += " " + pool[rng() % pool.size()];
      }
      mentions.push_back({{Field::kFullName, name}});
    }
    return MakeCase(mentions);
  };
  const CaseData first_case =
      names_from({"Muhammad", "Mohammed", "Akbar", "Akber", "Khan", "Khaan", "Gul", "Ahmed"}, 1);
  const CaseData second_case = names_from(
      {"Zubair", "Zobair", "Rahimi", "Rahemi", "Noorzai", "Nurzai", "Sultana", "Hakimi"}, 2);
  NormaliseReport report;
  const PersonMentions first = ExtractPersons(first_case, report);
  const PersonMentions second = ExtractPersons(second_case, report);
  ASSERT_NE(first.token_table, second.token_table);
  std::uint64_t pairs = 0, fuzzy = 0;
  // This thread's table serves the first extraction, then the second, then the first again.
  for (const PersonMentions* mentions : {&first, &second, &first}) {
    const std::vector<NormalisedName>& names = mentions->names;
    for (std::uint32_t x = 1; x < names.size(); ++x) {
      for (std::uint32_t y = 1; y < names.size(); ++y) {
        const std::vector<std::string_view> tokens_x(names[x].tokens.begin(),
                                                     names[x].tokens.end());
        const std::vector<std::string_view> tokens_y(names[y].tokens.begin(),
                                                     names[y].tokens.end());
        const double expected = TokenSetSimilarity(tokens_x, tokens_y);
        ASSERT_EQ(NameSimilarity(*mentions, x, y), expected)
            << names[x].key << " / " << names[y].key;
        ++pairs;
        fuzzy += expected > 0.0 && expected < 1.0;
      }
    }
  }
  EXPECT_GT(pairs, 3000u);
  EXPECT_GT(fuzzy, pairs / 2);  // most pairs are neither equal nor disjoint
}

TEST(Blocking, OversizedBlocksAreSkippedAndReported) {
  std::vector<Mention> mentions(30, Mention{{Field::kFullName, "Muhammad Khan"}});
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  BlockingOptions options;
  options.max_block = 10;
  const CandidatePairs candidates = BlockPersons(persons, options);
  const auto skeleton = std::find_if(candidates.rules.begin(), candidates.rules.end(),
                                     [](const auto& rule) { return rule.rule == "skeleton"; });
  ASSERT_NE(skeleton, candidates.rules.end());
  EXPECT_EQ(skeleton->capped_blocks, 1u);
  EXPECT_EQ(skeleton->capped_mentions, 30u);
  EXPECT_EQ(skeleton->pairs, 0u);
}

TEST(Model, EmRecoversKnownParameters) {
  // Simulated comparison vectors on three fields with known m, u and prior; the other
  // comparisons are missing. u is given, as Resolve estimates it from random pairs.
  FellegiSunterModel truth = FellegiSunterModel::Initial();
  truth.prior = 0.2;
  const std::size_t name = static_cast<std::size_t>(Comparison::kName);
  const std::size_t dob = static_cast<std::size_t>(Comparison::kDob);
  const std::size_t document = static_cast<std::size_t>(Comparison::kDocument);
  truth.m[name] = {0.6, 0.15, 0.1, 0.05, 0.05, 0.05};
  truth.u[name] = {0.001, 0.002, 0.005, 0.01, 0.05, 0.932};
  truth.m[dob] = {0.8, 0.05, 0.05, 0.05, 0.05};
  truth.u[dob] = {0.002, 0.001, 0.005, 0.05, 0.942};
  truth.m[document] = {0.9, 0.05, 0.05};
  truth.u[document] = {0.0005, 0.0015, 0.998};
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const auto draw = [&](const std::vector<double>& p) {
    double x = uniform(rng);
    for (std::size_t l = 0; l < p.size(); ++l) {
      if ((x -= p[l]) < 0) return static_cast<std::uint8_t>(l);
    }
    return static_cast<std::uint8_t>(p.size() - 1);
  };
  std::vector<Gamma> gammas;
  for (int i = 0; i < 200000; ++i) {
    const bool match = uniform(rng) < truth.prior;
    Gamma gamma = ~Gamma{0};  // all missing
    for (const std::size_t c : {name, dob, document}) {
      gamma = WithLevel(gamma, c, draw(match ? truth.m[c] : truth.u[c]));
    }
    gammas.push_back(gamma);
  }
  FellegiSunterModel model = FellegiSunterModel::Initial();
  model.u = truth.u;
  TrainM(CountGammas(gammas), ModelOptions(), model);
  EXPECT_TRUE(model.converged);
  EXPECT_NEAR(model.prior, truth.prior, 0.01);
  for (const std::size_t c : {name, dob, document}) {
    for (std::size_t l = 0; l < truth.m[c].size(); ++l) {
      EXPECT_NEAR(model.m[c][l], truth.m[c][l], 0.02) << Info(c).name << " level " << l;
    }
  }
}

// Each rule's training sample is every stride-th of its pairs in candidate order, the stride
// keeping it under two million pairs, whatever the thread count. Checked against that
// definition run as one plain pass, on enough pairs to span several of the parallel chunks.
TEST(Model, SampleByRuleKeepsEveryStrideThPairOfEachRule) {
  const std::size_t name = static_cast<std::size_t>(Comparison::kName);
  const std::size_t dob = static_cast<std::size_t>(Comparison::kDob);
  constexpr std::size_t kPairs = 2'500'003;
  std::vector<Gamma> gammas(kPairs);
  std::vector<std::uint16_t> masks(kPairs);
  // Pairs within 8 of a multiple of 4096 (where any chunking of the pairs by a power of two
  // starts a chunk) have a vector of their own: the index in base 15 across six comparisons
  // (the 4-bit level 15 means missing). So the counts say exactly which of them each rule
  // kept; the other pairs share one vector. The name and date of birth agree, so the rules
  // that fix them visibly mask them.
  std::vector<std::size_t> digits;
  for (std::size_t c = 0; c < kComparisonCount && digits.size() < 6; ++c) {
    if (c != name && c != dob) digits.push_back(c);
  }
  for (std::size_t i = 0; i < kPairs; ++i) {
    Gamma gamma = WithLevel(WithLevel(~Gamma{0}, name, 0), dob, 0);
    const bool own = i % 4096 < 8 || i % 4096 >= 4088;
    for (std::size_t d = 0, rest = i; d < digits.size(); ++d, rest /= 15) {
      gamma = WithLevel(gamma, digits[d], static_cast<std::uint8_t>(own ? rest % 15 : 14));
    }
    gammas[i] = gamma;
    // Rule 0 proposes six pairs in seven (2.1M: every second is kept; the first chunk holds
    // an odd number of them), rule 1 every third, rule 2 the odd ones; a bit past the last
    // rule is ignored.
    masks[i] = static_cast<std::uint16_t>((i % 7 != 3 ? 1u : 0u) | (i % 3 == 0 ? 2u : 0u) |
                                          (i % 2 == 1 ? 4u : 0u) | (i % 5 == 0 ? 8u : 0u));
  }
  const std::vector<std::vector<Comparison>> fixed = {{Comparison::kName}, {}, {Comparison::kDob}};
  std::vector<std::map<Gamma, std::uint64_t>> expected(fixed.size());
  for (std::size_t rule = 0; rule < fixed.size(); ++rule) {
    std::size_t pairs = 0;
    for (const std::uint16_t mask : masks) pairs += (mask >> rule) & 1u;
    const std::size_t stride = (pairs + 1'999'999) / 2'000'000;
    EXPECT_EQ(stride, rule == 0 ? 2u : 1u);
    std::size_t seen = 0;
    for (std::size_t i = 0; i < kPairs; ++i) {
      if (((masks[i] >> rule) & 1u) == 0 || seen++ % stride != 0) continue;
      Gamma gamma = gammas[i];
      for (const Comparison c : fixed[rule]) {
        gamma = WithLevel(gamma, static_cast<std::size_t>(c), kMissingLevel);
      }
      ++expected[rule][gamma];
    }
  }
  for (const int threads : {1, 2}) {
    parallel::ThreadLimit limit(threads);
    const std::vector<GammaCounts> samples = SampleByRule(gammas, masks, fixed);
    ASSERT_EQ(samples.size(), fixed.size());
    for (std::size_t rule = 0; rule < fixed.size(); ++rule) {
      std::map<Gamma, std::uint64_t> got;
      for (std::size_t g = 0; g < samples[rule].gammas.size(); ++g) {
        got[samples[rule].gammas[g]] = samples[rule].counts[g];
      }
      EXPECT_EQ(got, expected[rule]) << "rule " << rule << ", " << threads << " threads";
    }
  }
}

// An identifier's term frequency counts the people holding it, not its spellings: a phone
// written under two spellings of one name is one holder's and keeps the model's u; a phone
// three different people give is common, so agreeing on it weighs less.
TEST(Model, TermFrequenciesCountPeopleNotSpellings) {
  const std::vector<Mention> mentions = {
      {{Field::kFullName, "Muhammad Akbar"}, {Field::kPhone, "0300-1234567"}},
      {{Field::kFullName, "Mohammed Akbar"}, {Field::kPhone, "+92 300 1234567"}},
      {{Field::kFullName, "Gul Khan"}, {Field::kPhone, "0321-7654321"}},
      {{Field::kFullName, "Sher Zaman"}, {Field::kPhone, "0321 7654321"}},
      {{Field::kFullName, "Fatima Bibi"}, {Field::kPhone, "+923217654321"}},
      {{Field::kFullName, "Fatima Bibi"}, {Field::kPhone, "03001112223"}},
      {{Field::kFullName, "Nadia Noori"}, {Field::kDocument, "12345-1234567-1"}},
  };
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  ASSERT_EQ(persons.size(), mentions.size());
  for (const int threads : {1, 2}) {
    parallel::ThreadLimit limit(threads);
    const TermFrequencies frequencies = ComputeTermFrequencies(persons);
    const auto& phones = frequencies.u_of_value[static_cast<std::size_t>(Comparison::kPhone)];
    ASSERT_EQ(persons.Phones(2).size(), 1u);
    const std::uint64_t shared = persons.Phones(2)[0];
    ASSERT_EQ(phones.size(), 1u) << threads << " threads";
    ASSERT_EQ(phones.count(shared), 1u);
    // Five distinct name skeletons hold names; three of them give the shared phone.
    EXPECT_DOUBLE_EQ(phones.at(shared), 2.0 / 5.0);
    EXPECT_TRUE(frequencies.u_of_value[static_cast<std::size_t>(Comparison::kDocument)].empty());
  }
}

// A birth date agrees exactly only as a whole date; the same year, or the same year and
// month, given alone is the year's level.
TEST(Compare, BirthDatesAgreeExactlyOnlyAsWholeDates) {
  const std::vector<std::pair<std::string, std::string>> dates = {
      {"1990-05-12", "12/05/1990"},  // exact
      {"1990-05-12", "1990-12-05"},  // swapped
      {"2004", "2004"},              // year
      {"2004-03", "2004-03"},        // year
      {"2004", "2004-03-07"},        // year
      {"2004-03", "2004-04"},        // else
  };
  const std::uint8_t expected[] = {0, 1, 3, 3, 3, 4};
  std::vector<Mention> mentions;
  for (const auto& [a, b] : dates) {
    mentions.push_back({{Field::kFullName, "Fatima Khan"}, {Field::kDob, a}});
    mentions.push_back({{Field::kFullName, "Fatima Khan"}, {Field::kDob, b}});
  }
  const CaseData data = MakeCase(mentions, "GB");
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  ASSERT_EQ(persons.size(), mentions.size());
  const auto dob = static_cast<std::size_t>(Comparison::kDob);
  for (std::uint32_t i = 0; i < dates.size(); ++i) {
    EXPECT_EQ(LevelOf(Compare(persons, 2 * i, 2 * i + 1), dob), expected[i])
        << dates[i].first << " vs " << dates[i].second;
  }
}

// u at a single-valued field's exact level is the share of pairs holding the field that hold
// one value, counted over every pair, so it is the same whichever random pairs were drawn.
TEST(Model, ExactLevelsOfSingleValuedFieldsAreCountedNotSampled) {
  std::vector<Mention> mentions(40);
  for (std::size_t i = 0; i < mentions.size(); ++i) {
    mentions[i] = {{Field::kFullName, "Person" + std::string(1, 'a' + i % 26) + " Khan"}};
    // Three documents held four times each, ten held once, eighteen mentions with none.
    if (i < 12) mentions[i].emplace_back(Field::kDocument, "DOC" + std::to_string(i / 4));
    if (i >= 12 && i < 22) mentions[i].emplace_back(Field::kDocument, "ONE" + std::to_string(i));
    // Ten in one city, ten in cities of their own.
    if (i < 20)
      mentions[i].emplace_back(Field::kCity, i < 10 ? "Quetta" : "Town" + std::to_string(i));
  }
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  ASSERT_EQ(persons.size(), mentions.size());
  const auto document = static_cast<std::size_t>(Comparison::kDocument);
  const auto city = static_cast<std::size_t>(Comparison::kCity);
  for (const std::uint64_t seed : {1u, 7u, 12345u}) {
    ModelOptions options;
    options.seed = seed;
    FellegiSunterModel model = FellegiSunterModel::Initial();
    EstimateU(persons, options, model);
    EXPECT_DOUBLE_EQ(model.u[document][0], 3.0 * 6.0 / (22.0 * 21.0 / 2.0)) << seed;
    EXPECT_DOUBLE_EQ(model.u[city][0], 45.0 / (20.0 * 19.0 / 2.0)) << seed;
    for (const std::size_t c : {document, city}) {
      double total = 0.0;
      for (const double u : model.u[c]) total += u;
      EXPECT_NEAR(total, 1.0, 1e-12) << seed;
    }
  }
}

// Normalisation numbers each distinct value once and gives every mention its value's number,
// in slices on a large case. Forty thousand mentions over 999 phones (each written in two
// formats), 499 names and 300 documents, so values run across the slices' edges: equal values
// share an id, different ones never do.
TEST(Normalise, EqualValuesShareAnIdAcrossManyMentions) {
  constexpr std::size_t kMentions = 40'000;
  std::vector<Mention> mentions(kMentions);
  for (std::size_t i = 0; i < kMentions; ++i) {
    const std::size_t phone = i % 999, name = i % 499, document = i % 300;
    const std::string digits = std::to_string(1000000 + phone);
    mentions[i] = {{Field::kFullName,
                    "Person" + std::string(1, 'a' + name % 26) + std::to_string(name) + " Khan"},
                   {Field::kPhone, i / 1000 % 2 == 0 ? "0300-" + digits : "+92 300 " + digits},
                   {Field::kDocument, "DOC" + std::to_string(document)}};
  }
  const CaseData data = MakeCase(mentions);
  NormaliseReport report;
  const PersonMentions persons = ExtractPersons(data, report);
  ASSERT_EQ(persons.size(), kMentions);
  std::map<std::size_t, std::uint64_t> phone_of;
  std::map<std::size_t, std::uint32_t> name_of, document_of;
  for (std::size_t i = 0; i < kMentions; ++i) {
    ASSERT_EQ(persons.Phones(i).size(), 1u) << i;
    ASSERT_NE(persons.Phones(i)[0], 0u) << i;
    const auto [phone, first_phone] = phone_of.try_emplace(i % 999, persons.Phones(i)[0]);
    EXPECT_EQ(phone->second, persons.Phones(i)[0]) << i;
    const auto [name, first_name] = name_of.try_emplace(i % 499, persons.name[i]);
    EXPECT_EQ(name->second, persons.name[i]) << i;
    const auto [document, first_document] = document_of.try_emplace(i % 300, persons.document[i]);
    EXPECT_EQ(document->second, persons.document[i]) << i;
  }
  const auto distinct = [](const auto& of) {
    std::vector<std::uint64_t> ids;
    for (const auto& [value, id] : of) ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    return static_cast<std::size_t>(std::unique(ids.begin(), ids.end()) - ids.begin());
  };
  EXPECT_EQ(distinct(phone_of), 999u);
  EXPECT_EQ(distinct(name_of), 499u);
  EXPECT_EQ(distinct(document_of), 300u);
}

TEST(Model, JsonRoundTripAndRefusal) {
  FellegiSunterModel model = FellegiSunterModel::Initial();
  model.prior = 0.125;
  model.m[0][0] = 0.7;
  model.u[2][1] = 0.0042;
  const FellegiSunterModel back = ModelFromJson(ModelToJson(model), "model.json");
  EXPECT_DOUBLE_EQ(back.prior, 0.125);
  EXPECT_DOUBLE_EQ(back.m[0][0], 0.7);
  EXPECT_DOUBLE_EQ(back.u[2][1], 0.0042);
  EXPECT_THROW(ModelFromJson("{\"prior\": 0.1, \"comparisons\": []}", "m.json"), InvalidInput);
  EXPECT_THROW(ModelFromJson("{not json", "m.json"), InvalidInput);
}

TEST(Cluster, WeakBridgeBetweenTwoGroupsIsCut) {
  // Two triangles joined by one doubtful pair (2-3):
  //   0 - 1      3 - 4
  //    \ /  0.96  \ /
  //     2 ------- 3 ... 5
  const std::vector<WeightedPair> matches = {{0, 1, 0.999}, {0, 2, 0.999}, {1, 2, 0.999},
                                             {2, 3, 0.96},  {3, 4, 0.999}, {3, 5, 0.999},
                                             {4, 5, 0.999}};
  const Clustering clustering = ClusterPairs(6, matches, {}, {}, ClusterOptions());
  VerifyClustering(clustering, {});
  EXPECT_EQ(clustering.bridges_cut, 1u);
  EXPECT_EQ(clustering.label, (std::vector<std::uint32_t>{0, 0, 0, 3, 3, 3}));
  // A strong bridge stays.
  std::vector<WeightedPair> strong = matches;
  strong[3].probability = 0.999;
  EXPECT_EQ(ClusterPairs(6, strong, {}, {}, ClusterOptions()).label,
            (std::vector<std::uint32_t>(6, 0)));
}

TEST(Cluster, CannotLinkIsRespectedWhateverTheChain) {
  // A chain 0-1-2-3 with a cannot-link between its ends: the weakest link gives way.
  const std::vector<WeightedPair> matches = {{0, 1, 0.999}, {1, 2, 0.97}, {2, 3, 0.999}};
  const Clustering clustering = ClusterPairs(4, matches, {}, {{0, 3}}, ClusterOptions());
  VerifyClustering(clustering, {{0, 3}});
  EXPECT_EQ(clustering.refused_cannot_link, 1u);
  EXPECT_EQ(clustering.label, (std::vector<std::uint32_t>{0, 0, 2, 2}));
}

}  // namespace
}  // namespace corridor
