#include "algorithms/resolve/resolve.h"

#include <algorithm>
#include <chrono>
#include <tuple>
#include <unordered_map>

#include "algorithms/resolve/profiles.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "engine/release.h"

namespace corridor {
namespace {

class Stopwatch {
 public:
  Stopwatch(std::vector<std::pair<std::string, double>>& out,
            const std::function<void(const std::string&, double)>& on_stage)
      : out_(out), on_stage_(on_stage) {}
  void Lap(const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    out_.emplace_back(stage, std::chrono::duration<double>(now - start_).count());
    if (on_stage_) on_stage_(out_.back().first, out_.back().second);
    start_ = now;
  }

 private:
  std::vector<std::pair<std::string, double>>& out_;
  const std::function<void(const std::string&, double)>& on_stage_;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

std::vector<ScoredPair> ScorePairs(const PersonMentions& persons,
                                   std::span<const std::uint64_t> candidates,
                                   std::span<const Gamma> gammas, const FellegiSunterModel& model,
                                   const TermFrequencies& frequencies, double threshold) {
  // Chunks keep their matches in candidate order and are concatenated in chunk order, each
  // freed once copied, so the matches are held about once, not once per chunk plus a growing
  // total.
  using Matches = std::vector<ScoredPair>;
  constexpr std::size_t kPairsPerChunk = parallel::kGrainCoarse;
  std::vector<Matches> parts((candidates.size() + kPairsPerChunk - 1) / kPairsPerChunk);
  const PairWeigher weigh(model, &frequencies, persons);
  parallel::For(0, parts.size(), 1, [&](std::size_t part) {
    const std::size_t lo = part * kPairsPerChunk;
    const std::size_t hi = std::min(candidates.size(), lo + kPairsPerChunk);
    for (std::size_t i = lo; i < hi; ++i) {
      const std::uint32_t a = PairFirst(candidates[i]), b = PairSecond(candidates[i]);
      const PairWeights weights = weigh(a, b, gammas[i]);
      const double probability = MatchProbability(weights.total);
      if (probability >= threshold) {
        parts[part].push_back({a, b, gammas[i], weights.total, probability});
      }
    }
  });
  std::size_t total = 0;
  for (const Matches& part : parts) total += part.size();
  Matches out;
  out.reserve(total);
  for (Matches& part : parts) {
    out.insert(out.end(), part.begin(), part.end());
    Release(part);
  }
  return out;
}

// Groups identifier records by a key; records with no usable key stay alone.
class KeyGroups {
 public:
  explicit KeyGroups(std::vector<std::uint32_t>& cluster_of_record) : cluster_(cluster_of_record) {}
  void Add(RecordIndex record, const std::string& key) {
    if (key.empty()) {
      cluster_[record] = record;
      return;
    }
    const auto [it, inserted] = first_.try_emplace(key, record);
    cluster_[record] = it->second;
  }

 private:
  std::vector<std::uint32_t>& cluster_;
  std::unordered_map<std::string, RecordIndex> first_;
};

}  // namespace

Resolution Resolve(const CaseData& data, const ResolveOptions& options) {
  Resolution out;
  Stopwatch clock(out.timings_s, options.on_stage);
  const RecordTable& records = data.records;

  out.persons = ExtractPersons(data, out.normalise);

  // Judgements name records; only pairs of person mentions constrain person clustering.
  std::vector<std::uint32_t> mention_of_record(records.size(), kNoId);
  for (std::uint32_t m = 0; m < out.persons.size(); ++m) {
    mention_of_record[out.persons.records[m]] = m;
  }
  std::vector<std::pair<std::uint32_t, std::uint32_t>> must, cannot;
  std::vector<std::uint32_t> judged;
  for (const Judgement& judgement : data.judgements) {
    const std::uint32_t a = mention_of_record[judgement.a], b = mention_of_record[judgement.b];
    if (a == kNoId || b == kNoId) continue;
    (judgement.same ? must : cannot).emplace_back(a, b);
    judged.push_back(a);
    judged.push_back(b);
  }
  clock.Lap("normalise");

  // Payees are tied before pairwise resolution, on mentions (profiles would hide which payment
  // each mention is on); their joins wait for the clusters.
  out.payee_calls = TiePayeesByCalls(data, out.persons, options.payee_calls);
  clock.Lap("payees");

  out.profiles = GroupIdenticalMentions(out.persons, judged);
  const Profiles& profiles = out.profiles;
  PersonMentions persons = TakeProfiles(out.persons, profiles);
  clock.Lap("profiles");

  CandidatePairs candidates = BlockPersons(persons, options.blocking);
  out.blocking = std::move(candidates.rules);
  out.candidate_pairs = candidates.pairs.size();
  clock.Lap("block");

  ParallelFilledVector<Gamma> gammas(candidates.pairs.size());
  parallel::For(0, candidates.pairs.size(), parallel::kGrainMedium, [&](std::size_t i) {
    gammas[i] = Compare(persons, PairFirst(candidates.pairs[i]), PairSecond(candidates.pairs[i]));
  });
  clock.Lap("compare");

  // Term frequencies read only the mentions, so they are counted while the model trains: the
  // two have serial parts (hash maps, EM) that would otherwise each leave a core idle.
  const auto train = [&] {
    if (options.fixed_model) {
      out.model = *options.fixed_model;
    } else {
      out.model = FellegiSunterModel::Initial();
      EstimateU(persons, options.model, out.model);
      std::vector<std::vector<Comparison>> fixed;
      for (const BlockingRuleReport& rule : out.blocking)
        fixed.push_back(ComparisonsFixedBy(rule.rule));
      const GammaCounts all = CountGammas(gammas);
      const std::vector<GammaCounts> samples = SampleByRule(gammas, candidates.rule_mask, fixed);
      TrainMByRule(all, samples, options.model, out.model);
      // Once more with u cleared of the matches the first round found (matters on small cases).
      RemoveMatchesFromU(candidates.pairs.size(), persons.size(), out.model);
      const FellegiSunterModel cleared_u = out.model;
      out.model = FellegiSunterModel::Initial();
      out.model.u = cleared_u.u;
      TrainMByRule(all, samples, options.model, out.model);
    }
    SetMatchPrior(candidates.pairs.size(), persons.size(), out.model);
  };
  parallel::Both(train, [&] {
    if (options.model.term_frequencies) out.frequencies = ComputeTermFrequencies(persons);
  });
  EstimateListPriors(persons, profiles.size, candidates.pairs, gammas,
                     options.model.term_frequencies ? &out.frequencies : nullptr, out.model);
  Release(candidates.rule_mask);  // only training reads which rules proposed a pair
  clock.Lap("train");

  std::vector<ScoredPair> matches =
      ScorePairs(persons, candidates.pairs, gammas, out.model, out.frequencies, options.threshold);
  // A name shared by payees of two people at once joins nothing on its own (payee_calls.h).
  std::vector<bool> kept_apart(profiles.count(), false);
  for (const std::uint32_t m : out.payee_calls.kept_apart)
    kept_apart[profiles.of_mention[m]] = true;
  std::erase_if(matches,
                [&](const ScoredPair& pair) { return kept_apart[pair.a] || kept_apart[pair.b]; });
  // Copies of one profile are merged with each other when a copy scored against itself
  // reaches the threshold, as pairwise scoring of the copies would do. Only profiles of two
  // mentions or more have copies; `repeated` lists them, in order.
  std::vector<std::uint32_t> repeated;
  for (std::uint32_t p = 0; p < profiles.count(); ++p) {
    if (profiles.size[p] >= 2) repeated.push_back(p);
  }
  std::vector<ScoredPair> copies(repeated.size());
  const PairWeigher weigh(out.model, &out.frequencies, persons);
  parallel::For(0, repeated.size(), parallel::kGrainMedium, [&](std::size_t i) {
    const std::uint32_t self = repeated[i];
    const Gamma gamma = Compare(persons, self, self);
    const PairWeights weights = weigh(self, self, gamma);
    copies[i] = {self, self, gamma, weights.total, MatchProbability(weights.total)};
  });
  std::vector<bool> copies_merge(profiles.count(), false);
  for (std::size_t i = 0; i < repeated.size(); ++i) {
    copies_merge[repeated[i]] =
        copies[i].probability >= options.threshold && !kept_apart[repeated[i]];
  }
  // The candidates and their comparison vectors (about 1.5 GB for 80M pairs) are not needed
  // past scoring; clustering and the entities would otherwise set the run's peak on top.
  Release(candidates);
  Release(gammas);
  clock.Lap("score");

  const auto profile_pairs = [&](const std::vector<std::pair<std::uint32_t, std::uint32_t>>& in) {
    std::vector<std::pair<std::uint32_t, std::uint32_t>> mapped;
    for (const auto& [a, b] : in)
      mapped.emplace_back(profiles.of_mention[a], profiles.of_mention[b]);
    return mapped;
  };
  std::vector<WeightedPair> weighted(matches.size());
  for (std::size_t i = 0; i < matches.size(); ++i) {
    weighted[i] = {matches[i].a, matches[i].b, matches[i].probability};
  }
  const Clustering by_profile =
      ClusterPairs(static_cast<std::uint32_t>(persons.size()), weighted, profile_pairs(must),
                   profile_pairs(cannot), options.cluster);
  RestoreMentions(persons, profiles, out.persons);

  // Back to mentions: a profile's copies share its cluster, except a profile in no pair whose
  // copies do not match each other: each copy is then alone.
  std::vector<std::uint32_t> cluster_size(profiles.count(), 0);
  for (const std::uint32_t root : by_profile.label) ++cluster_size[root];
  out.clustering = by_profile;
  out.clustering.label.resize(out.persons.size());
  for (std::uint32_t m = 0; m < out.persons.size(); ++m) {
    const std::uint32_t p = profiles.of_mention[m];
    const std::uint32_t root = by_profile.label[p];
    out.clustering.label[m] =
        cluster_size[root] == 1 && !copies_merge[p] ? m : profiles.representative[root];
  }
  // Matches in mention indices: representatives' pairs, then each merged copy with its
  // representative (the pair that explains it).
  for (ScoredPair& pair : matches) {
    pair.a = profiles.representative[pair.a];
    pair.b = profiles.representative[pair.b];
  }
  for (std::uint32_t m = 0; m < out.persons.size(); ++m) {
    const std::uint32_t p = profiles.of_mention[m];
    if (profiles.representative[p] == m || !copies_merge[p]) continue;
    ScoredPair pair = copies[static_cast<std::size_t>(
        std::lower_bound(repeated.begin(), repeated.end(), p) - repeated.begin())];
    pair.a = profiles.representative[p];
    pair.b = m;
    matches.push_back(pair);
  }
  // Each pair of mentions is scored once, so (a, b) orders them totally.
  parallel::Sort(matches.begin(), matches.end(), [](const ScoredPair& x, const ScoredPair& y) {
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  out.matches = std::move(matches);
  clock.Lap("cluster");

  if (!out.payee_calls.joins.empty()) {
    PayeeCalls& payees = out.payee_calls;
    // A line is the evidence of one payment: it moves a cluster the model formed when every
    // mention in it is a line to the same person, or when its lines are as one-sided as a tie
    // of a name group needs (at least min_payments lines to one person, counted as payments,
    // not once per payer and day as a tie counts them, and min_share of all its mentions whose
    // payments point at a number): the model's cluster is then a name written several ways
    // whose payments say whose it is. One line never carries a cluster of names (on the
    // generated 100k case, that brought in 468 other people's mentions). A cluster holding a
    // mention the names' ties join, or an anchor, stays. Lines join after the names' ties, one
    // by one, so that a judgement against one payment refuses that payment and not the
    // person's other joins.
    std::vector<std::uint32_t> line_anchor(out.persons.size(), kNoId);
    for (const PayeeCallTie& tie : payees.ties) {
      if (tie.basis == PayeeCallTie::Basis::kLine) line_anchor[tie.representative] = tie.anchor;
    }
    const std::vector<std::uint32_t>& label = out.clustering.label;
    std::vector<std::uint32_t> size(out.persons.size(), 0), pointing(out.persons.size(), 0);
    for (const std::uint32_t m : payees.pointing) ++pointing[label[m]];
    std::vector<bool> stays(out.persons.size(), false);
    for (const auto& [mention, anchor] : payees.joins) {
      if (line_anchor[mention] == kNoId) stays[label[mention]] = true;
      stays[label[anchor]] = true;
    }
    for (const PayeeCallTie& tie : payees.ties) {  // a first line no other line joined yet
      if (tie.basis == PayeeCallTie::Basis::kLine) stays[label[tie.anchor]] = true;
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cluster_lines;  // (cluster, anchor)
    for (std::uint32_t m = 0; m < out.persons.size(); ++m) {
      ++size[label[m]];
      if (line_anchor[m] != kNoId) cluster_lines.emplace_back(label[m], line_anchor[m]);
    }
    std::sort(cluster_lines.begin(), cluster_lines.end());
    std::vector<std::uint32_t> target(out.persons.size(), kNoId);  // per cluster that moves
    for (std::size_t begin = 0; begin < cluster_lines.size();) {
      const std::uint32_t cluster = cluster_lines[begin].first;
      std::size_t end = begin;
      std::uint32_t best = kNoId, best_count = 0;
      while (end < cluster_lines.size() && cluster_lines[end].first == cluster) {
        std::size_t run = end;
        while (run < cluster_lines.size() && cluster_lines[run] == cluster_lines[end]) ++run;
        if (run - end > best_count) {
          best = cluster_lines[end].second;
          best_count = static_cast<std::uint32_t>(run - end);
        }
        end = run;
      }
      const auto all = static_cast<std::uint32_t>(end - begin);
      const bool only_lines = best_count == all && all == size[cluster];
      const bool one_sided =
          best_count >= options.payee_calls.min_payments &&
          static_cast<double>(best_count) >= options.payee_calls.min_share * pointing[cluster];
      if (!stays[cluster] && (only_lines || one_sided)) target[cluster] = best;
      begin = end;
    }
    std::vector<std::pair<std::uint32_t, std::uint32_t>> line_joins;
    std::erase_if(payees.joins, [&](const auto& join) {
      if (line_anchor[join.first] == kNoId) return false;
      if (target[label[join.first]] == join.second) line_joins.push_back(join);
      return true;
    });
    const JoinReport report = JoinClusters(out.clustering, payees.joins, cannot);
    payees.held_back = report.held_back;
    const auto held = [&](const auto& join) { return label[join.first] == label[join.second]; };
    std::erase_if(payees.joins, [&](const auto& join) { return !held(join); });
    // Anchors of the name joins that held (lines, which join later, are counted apart: a line
    // getting through says nothing of the names' joins a judgement refused).
    std::vector<std::uint32_t> anchors;
    for (const auto& join : payees.joins) anchors.push_back(join.second);
    payees.refused_by_judgement =
        report.refused_anchors + JoinOneByOne(out.clustering, line_joins, cannot);
    std::erase_if(line_joins, [&](const auto& join) { return !held(join); });
    std::vector<std::uint32_t> line_anchors;
    for (const auto& join : line_joins) line_anchors.push_back(join.second);
    for (std::vector<std::uint32_t>* list : {&anchors, &line_anchors}) {
      std::sort(list->begin(), list->end());
    }
    payees.joins.insert(payees.joins.end(), line_joins.begin(), line_joins.end());
    std::sort(payees.joins.begin(), payees.joins.end());
    for (PayeeCallTie& tie : payees.ties) {
      switch (tie.basis) {
        case PayeeCallTie::Basis::kShared:
          tie.joined = false;
          break;
        case PayeeCallTie::Basis::kLine:
          tie.joined =
              tie.representative == tie.anchor  // the first line to a man no name is tied to
                  ? std::binary_search(line_anchors.begin(), line_anchors.end(), tie.anchor)
                  : std::binary_search(payees.joins.begin(), payees.joins.end(),
                                       std::pair(tie.representative, tie.anchor));
          break;
        default:
          tie.joined = label[tie.representative] == label[tie.anchor] &&
                       std::binary_search(anchors.begin(), anchors.end(), tie.anchor);
      }
    }
  }
  {
    // Lines by their payers' other payments, lone payers by their calls, their lines by the
    // person the caller rang, lines by their payers' payments again, then lines by their
    // payments' places (payee_calls.h), once every other join is made: the payer's entity,
    // and the callers', are what they need. Each rule's rows come one per mention, by
    // mention, and join one by one.
    PayeeCalls& payees = out.payee_calls;
    const auto join_rows = [&](std::size_t first_row,
                               std::vector<std::pair<std::uint32_t, std::uint32_t>> joins) {
      if (joins.empty()) return;
      payees.refused_by_judgement += JoinOneByOne(out.clustering, joins, cannot);
      const std::vector<std::uint32_t>& label = out.clustering.label;
      for (std::size_t t = first_row; t < payees.ties.size(); ++t) {
        PayeeCallTie& row = payees.ties[t];
        row.joined = label[row.representative] == label[row.anchor];
      }
      std::erase_if(joins,
                    [&](const auto& join) { return label[join.first] != label[join.second]; });
      const auto middle = static_cast<std::ptrdiff_t>(payees.joins.size());
      payees.joins.insert(payees.joins.end(), joins.begin(), joins.end());
      std::inplace_merge(payees.joins.begin(), payees.joins.begin() + middle, payees.joins.end());
      std::inplace_merge(payees.ties.begin(),
                         payees.ties.begin() + static_cast<std::ptrdiff_t>(first_row),
                         payees.ties.end(), [](const PayeeCallTie& x, const PayeeCallTie& y) {
                           return std::tuple(x.representative, x.basis, x.e164) <
                                  std::tuple(y.representative, y.basis, y.e164);
                         });
    };
    std::size_t first_row = payees.ties.size();
    join_rows(first_row,
              JoinByPayers(data, out.persons, out.clustering.label, options.payee_calls, payees));
    first_row = payees.ties.size();
    join_rows(first_row, JoinPayersByCalls(data, out.persons, out.clustering.label,
                                           options.payee_calls, payees));
    first_row = payees.ties.size();
    join_rows(first_row, JoinLinesByCallers(out.clustering.label, payees));
    first_row = payees.ties.size();
    join_rows(first_row,
              JoinByPayers(data, out.persons, out.clustering.label, options.payee_calls, payees));
    first_row = payees.ties.size();
    join_rows(first_row, JoinLinesByPlace(data, out.persons, out.clustering.label,
                                          options.payee_calls, payees));
    Release(payees.named);  // a pair per mention of names of many people, read by the rules only
  }
  clock.Lap("join");

  // Record -> cluster, a cluster named by one of its records; then entities by smallest member.
  std::vector<std::uint32_t> cluster_of_record(records.size(), kNoId);
  for (std::uint32_t m = 0; m < out.persons.size(); ++m) {
    cluster_of_record[out.persons.records[m]] = out.persons.records[out.clustering.label[m]];
  }
  std::unordered_map<std::uint64_t, std::uint64_t> phone_of_record;
  for (const PhoneValue& value :
       NormalisePhones(data, RecordKind::kPhone, out.persons.phone_cache)) {
    if (value.field == Field::kPhone && value.e164 != 0) {
      phone_of_record.try_emplace(value.record, value.e164);
    }
  }
  KeyGroups phones(cluster_of_record), accounts(cluster_of_record), places(cluster_of_record),
      organisations(cluster_of_record);
  PlaceMatcher place_matcher;
  NameNormaliser normaliser;
  for (RecordIndex r = 0; r < records.size(); ++r) {
    switch (records.kind(r)) {
      case RecordKind::kPhone: {
        const auto it = phone_of_record.find(r);
        phones.Add(r, it == phone_of_record.end() ? std::string() : FormatE164(it->second));
        break;
      }
      case RecordKind::kAccount: {
        std::string_view number = records.First(r, Field::kAccount);
        if (number.empty()) number = records.First(r, Field::kDocument);
        accounts.Add(r, NormaliseDocument(number));
        break;
      }
      case RecordKind::kPlace:
        places.Add(r, place_matcher.Key(records.First(r, Field::kName)));
        break;
      case RecordKind::kOrganisation: {
        const std::string document = NormaliseDocument(records.First(r, Field::kDocument));
        organisations.Add(r, document.empty()
                                 ? "name:" + normaliser.ToAscii(records.First(r, Field::kName))
                                 : "document:" + document);
        break;
      }
      default:
        break;
    }
  }
  out.entities = EntityTable::FromAssignment(std::span<const std::uint32_t>(cluster_of_record),
                                             [&records](std::uint32_t cluster) {
                                               switch (records.kind(cluster)) {
                                                 case RecordKind::kPhone:
                                                   return EntityType::kPhone;
                                                 case RecordKind::kAccount:
                                                   return EntityType::kAccount;
                                                 case RecordKind::kPlace:
                                                   return EntityType::kPlace;
                                                 case RecordKind::kOrganisation:
                                                   return EntityType::kOrganisation;
                                                 default:
                                                   return EntityType::kPerson;
                                               }
                                             });
  out.entity_of_record.assign(records.size(), kNoId);
  out.entity_e164.assign(out.entities.size(), 0);
  for (EntityId e = 0; e < out.entities.size(); ++e) {
    for (const RecordIndex r : out.entities.Members(e)) out.entity_of_record[r] = e;
    if (out.entities.types[e] == EntityType::kPhone) {
      const auto it = phone_of_record.find(out.entities.Members(e)[0]);
      if (it != phone_of_record.end()) out.entity_e164[e] = it->second;
    }
  }
  clock.Lap("entities");
  return out;
}

PairExplanation ExplainPair(const Resolution& resolution, RecordIndex a, RecordIndex b) {
  const auto& records = resolution.persons.records;
  const auto mention = [&records](RecordIndex r) -> std::uint32_t {
    const auto it = std::lower_bound(records.begin(), records.end(), r);
    if (it == records.end() || *it != r) return kNoId;
    return static_cast<std::uint32_t>(it - records.begin());
  };
  PairExplanation out;
  out.a = mention(a);
  out.b = mention(b);
  if (out.a == kNoId || out.b == kNoId) {
    throw InvalidInput("", 0, "",
                       "only person records are compared; record " +
                           std::to_string(out.a == kNoId ? a : b) + " is not a person mention");
  }
  out.gamma = Compare(resolution.persons, out.a, out.b);
  out.weights =
      Weigh(resolution.model, &resolution.frequencies, resolution.persons, out.a, out.b, out.gamma);
  out.probability = MatchProbability(out.weights.total);
  return out;
}

}  // namespace corridor
