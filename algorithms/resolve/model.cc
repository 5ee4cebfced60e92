#include "algorithms/resolve/model.h"

#include <rapidjson/document.h>
#include <rapidjson/error/en.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <Eigen/Dense>
#include <Eigen/Sparse>
#include <algorithm>
#include <bit>
#include <cmath>
#include <optional>
#include <span>
#include <unordered_set>
#include <utility>
#include <vector>

#include "algorithms/generate/random.h"
#include "algorithms/resolve/blocking.h"
#include "algorithms/resolve/name_score.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// How many different people the holders of one identifier are: names that could be one
// person's (spelling or script variants, a dropped token: NameScore >= kSamePersonScore
// against a group's first name) count once. Counting distinct spellings instead would
// down-weight a CNIC written once in Urdu and once in Latin letters as if two people shared
// it. `holders` are one value's (value, name) pairs, sorted by name, so the grouping is the
// same on every run.
constexpr double kSamePersonScore = 0.7;

// NameScore(a, b) >= kSamePersonScore, without scoring names of one skeleton: a token's
// skeleton is never empty (it keeps the token's first character) and holds no space, so equal
// skeleton strings of names with as many tokens pair each token with one of the same skeleton
// (0.95 at least) at no penalty: the score is 0.95 or more. At 100k persons about a third of
// the pairs asked about are spelling variants of this kind.
bool SamePersonName(const NormalisedName& a, const NormalisedName& b) {
  if (!a.empty() && a.tokens.size() == b.tokens.size() && a.skeleton == b.skeleton) return true;
  return NameScore(a, b) >= kSamePersonScore;
}

std::size_t DistinctHolders(const std::vector<NormalisedName>& all,
                            std::span<const std::pair<std::uint64_t, std::uint32_t>> holders) {
  std::vector<std::uint32_t> groups;
  for (const auto& holder : holders) {
    const std::uint32_t name = holder.second;
    const bool known = std::any_of(groups.begin(), groups.end(), [&](std::uint32_t first) {
      return SamePersonName(all[first], all[name]);
    });
    if (!known) groups.push_back(name);
  }
  return groups.size();
}

// Keeps a probability off 0 and 1, where log-weights are infinite.
constexpr double kFloor = 1e-9;

double Clamp(double p) { return std::clamp(p, kFloor, 1.0 - kFloor); }

bool TakesTermFrequencies(std::size_t c) {
  switch (static_cast<Comparison>(c)) {
    case Comparison::kName:
    case Comparison::kGiven:
    case Comparison::kFamily:
    case Comparison::kPhone:
    case Comparison::kDocument:
    case Comparison::kEmail:
    case Comparison::kAddress:
      return true;
    default:
      return false;
  }
}

// The name id a comparison looks at for mention m (given and family compare their parts).
std::uint32_t NameIdFor(const PersonMentions& p, Comparison comparison, std::uint32_t m) {
  switch (comparison) {
    case Comparison::kGiven:
      return p.given[m];
    case Comparison::kFamily:
      return p.family[m];
    default:
      return p.name[m];
  }
}

}  // namespace

FellegiSunterModel FellegiSunterModel::Initial() {
  FellegiSunterModel model;
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    const std::size_t levels = Info(c).levels.size();
    model.u[c].assign(levels, 1.0 / static_cast<double>(levels));
    // Matches mostly agree: the strongest level gets most of the mass, the rest falls off.
    std::vector<double>& m = model.m[c];
    m.resize(levels);
    double sum = 0.0;
    for (std::size_t l = 0; l < levels; ++l) sum += m[l] = l == 0 ? 8.0 : 1.0 / double(l + 1);
    for (double& value : m) value /= sum;
  }
  return model;
}

void SetMatchPrior(std::uint64_t candidates, std::uint64_t mentions, FellegiSunterModel& model) {
  const double all_pairs =
      static_cast<double>(mentions) * static_cast<double>(mentions > 0 ? mentions - 1 : 0) / 2.0;
  model.match_prior = all_pairs > 0
                          ? Clamp(model.prior * static_cast<double>(candidates) / all_pairs)
                          : model.prior;
}

void RemoveMatchesFromU(std::uint64_t candidates, std::uint64_t mentions,
                        FellegiSunterModel& model) {
  const double all_pairs =
      static_cast<double>(mentions) * static_cast<double>(mentions > 0 ? mentions - 1 : 0) / 2.0;
  const double matches = std::min(model.prior * static_cast<double>(candidates), 0.5 * all_pairs);
  if (all_pairs <= 0.0 || matches <= 0.0) return;
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    // The journey's u comes from pairs known not to match (EstimateU), not from random ones.
    // The companions' u is an exact count over every pair, trip mates included, though most
    // of them match: u stays too high, towards caution. Subtracting `matches`, an estimate
    // only as good as the prior, could take it to nothing and the weight to its ceiling.
    if (c == static_cast<std::size_t>(Comparison::kJourney) ||
        c == static_cast<std::size_t>(Comparison::kCompanions)) {
      continue;
    }
    double total = 0.0;
    for (std::size_t l = 0; l < model.u[c].size(); ++l) {
      model.u[c][l] = std::max(
          kFloor, (model.u[c][l] * all_pairs - matches * model.m[c][l]) / (all_pairs - matches));
      total += model.u[c][l];
    }
    for (double& u : model.u[c]) u = Clamp(u / total);
  }
}

namespace {

// Per level of the companions comparison, its pairs: trip mates on linked trips under one
// skeleton (per link, the pairs of its two trips under one skeleton borne by no one else),
// mates by a name written in part (PersonMentions::previous_mate), and the other pairs of
// mentions on two different trips.
std::vector<double> CountCompanionPairs(const PersonMentions& mentions) {
  // Per trip, the skeletons its trip mates can have (named, uncrowded mentions), sorted, so
  // a link's pairs are counted by merging two short lists.
  const std::size_t trips = mentions.next_trip.size();
  std::vector<std::uint32_t> trip_begin(trips + 1, 0), trip_size(trips, 0), skeletons;
  const auto mate = [&](std::uint32_t m) {
    return mentions.trip[m] != PersonMentions::kNoTrip && mentions.name[m] != 0 &&
           mentions.crowded_on_trip[m] == 0;
  };
  for (std::uint32_t m = 0; m < mentions.size(); ++m) {
    const std::uint32_t trip = mentions.trip[m];
    if (trip == PersonMentions::kNoTrip) continue;
    ++trip_size[trip];
    if (mate(m)) ++trip_begin[trip + 1];
  }
  for (std::size_t t = 0; t < trips; ++t) trip_begin[t + 1] += trip_begin[t];
  skeletons.resize(trip_begin[trips]);
  std::vector<std::uint32_t> filled(trip_begin.begin(), trip_begin.end() - 1);
  for (std::uint32_t m = 0; m < mentions.size(); ++m) {
    if (mate(m))
      skeletons[filled[mentions.trip[m]]++] = mentions.skeleton_of_name[mentions.name[m]];
  }
  const auto slice = [&](std::size_t t) {
    return std::span(skeletons.data() + trip_begin[t], trip_begin[t + 1] - trip_begin[t]);
  };
  double travellers = 0.0, same_trip = 0.0, linked = 0.0, subset = 0.0;
  for (std::size_t t = 0; t < trips; ++t) {
    std::sort(slice(t).begin(), slice(t).end());
    const auto size = static_cast<double>(trip_size[t]);
    travellers += size;
    same_trip += size * (size - 1.0) / 2.0;
  }
  for (std::size_t t = 0; t < trips; ++t) {
    if (mentions.next_trip[t] == PersonMentions::kNoTrip) continue;
    const auto a = slice(t), b = slice(mentions.next_trip[t]);
    for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
      if (a[i] < b[j]) {
        ++i;
      } else if (b[j] < a[i]) {
        ++j;
      } else {
        std::size_t i_end = i, j_end = j;
        while (i_end < a.size() && a[i_end] == a[i]) ++i_end;
        while (j_end < b.size() && b[j_end] == b[j]) ++j_end;
        linked += static_cast<double>((i_end - i) * (j_end - j));
        i = i_end;
        j = j_end;
      }
    }
  }
  for (std::uint32_t m = 0; m < mentions.size(); ++m) {
    const std::uint32_t skeleton = mentions.previous_mate[m];
    if (!mate(m) || skeleton == PersonMentions::kNoMate ||
        skeleton == mentions.skeleton_of_name[mentions.name[m]]) {
      continue;
    }
    const auto earlier = slice(mentions.previous_trip[mentions.trip[m]]);
    const auto [first, last] = std::equal_range(earlier.begin(), earlier.end(), skeleton);
    subset += static_cast<double>(last - first);
  }
  return {linked, subset, travellers * (travellers - 1.0) / 2.0 - same_trip - linked - subset};
}

// The share of pairs of mentions both holding a value of `column` (0: none) that hold the same
// one, counted over every pair; nullopt when fewer than two hold one.
std::optional<double> ExactAgreementShare(const std::vector<std::uint32_t>& column) {
  std::vector<std::uint32_t> values;
  for (const std::uint32_t value : column) {
    if (value != 0) values.push_back(value);
  }
  if (values.size() < 2) return std::nullopt;
  parallel::Sort(values.begin(), values.end());
  double agreeing = 0.0;
  for (std::size_t begin = 0; begin < values.size();) {
    std::size_t end = begin + 1;
    while (end < values.size() && values[end] == values[begin]) ++end;
    const double run = static_cast<double>(end - begin);
    agreeing += run * (run - 1.0) / 2.0;
    begin = end;
  }
  const double held = static_cast<double>(values.size());
  return agreeing / (held * (held - 1.0) / 2.0);
}

}  // namespace

void EstimateU(const PersonMentions& mentions, const ModelOptions& options,
               FellegiSunterModel& model) {
  const std::uint64_t n = mentions.size();
  std::array<std::vector<double>, kComparisonCount> counts;
  for (std::size_t c = 0; c < kComparisonCount; ++c) counts[c].assign(Info(c).levels.size(), 0.0);
  if (n >= 2) {
    const std::uint64_t all_pairs = n * (n - 1) / 2;
    const std::uint64_t wanted = std::clamp<std::uint64_t>(
        n * options.random_pairs_per_mention, options.min_random_pairs, options.max_random_pairs);
    const std::uint64_t samples = std::min<std::uint64_t>(wanted, all_pairs);
    constexpr std::uint64_t kBatch = 4096;
    const std::uint64_t batches = (samples + kBatch - 1) / kBatch;
    // Each batch draws from its own stream, so the sample is the same at any thread count.
    using Counts = std::array<std::vector<double>, kComparisonCount>;
    counts = parallel::OrderedReduce(
        0, batches, 1, counts,
        [&](std::size_t first_batch, std::size_t last_batch) {
          Counts local;
          for (std::size_t c = 0; c < kComparisonCount; ++c) {
            local[c].assign(Info(c).levels.size(), 0.0);
          }
          for (std::size_t batch = first_batch; batch < last_batch; ++batch) {
            generate::Rng rng(options.seed, batch);
            const std::uint64_t begin = batch * kBatch;
            const std::uint64_t end = std::min(samples, begin + kBatch);
            for (std::uint64_t s = begin; s < end; ++s) {
              std::uint64_t a = rng.Below(n), b = rng.Below(n - 1);
              if (b >= a) ++b;
              const Gamma gamma =
                  Compare(mentions, static_cast<std::uint32_t>(a), static_cast<std::uint32_t>(b));
              for (std::size_t c = 0; c < kComparisonCount; ++c) {
                const std::uint8_t level = LevelOf(gamma, c);
                if (level != kMissingLevel) local[c][level] += 1.0;
              }
            }
          }
          return local;
        },
        [](Counts total, const Counts& part) {
          for (std::size_t c = 0; c < kComparisonCount; ++c) {
            for (std::size_t l = 0; l < total[c].size(); ++l) total[c][l] += part[c][l];
          }
          return total;
        });
  }
  // A continuation is defined under one name skeleton (features.h), so among random pairs of
  // all mentions it is all but impossible, and its weight would outweigh any contradiction.
  // Its u is measured where the risk is: travellers of one skeleton known to be different
  // people, their documents of one kind disagreeing.
  const auto journey = static_cast<std::size_t>(Comparison::kJourney);
  const auto document = static_cast<std::size_t>(Comparison::kDocument);
  std::vector<std::pair<std::uint32_t, std::uint32_t>> by_skeleton;  // (skeleton, mention)
  for (std::uint32_t m = 0; m < n; ++m) {
    if (mentions.leg[m] != PersonMentions::kNoLeg && mentions.document[m] != 0) {
      by_skeleton.emplace_back(mentions.skeleton_of_name[mentions.name[m]], m);
    }
  }
  parallel::Sort(by_skeleton.begin(), by_skeleton.end());
  std::vector<std::size_t> group_begin;
  for (std::size_t i = 0; i < by_skeleton.size(); ++i) {
    if (i == 0 || by_skeleton[i].first != by_skeleton[i - 1].first) group_begin.push_back(i);
  }
  group_begin.push_back(by_skeleton.size());
  // Counts are whole numbers, so summing the groups' counts in any order gives the same u.
  constexpr std::size_t kGroupsPerChunk = 256;
  counts[journey] = parallel::OrderedReduce(
      0, group_begin.size() - 1, kGroupsPerChunk,
      std::vector<double>(Info(journey).levels.size(), 0.0),
      [&](std::size_t first_group, std::size_t last_group) {
        std::vector<double> local(Info(journey).levels.size(), 0.0);
        for (std::size_t group = first_group; group < last_group; ++group) {
          const std::size_t begin = group_begin[group], end = group_begin[group + 1];
          // Every pair of a small group, a fixed sample of a large one.
          const std::size_t step = std::max<std::size_t>(1, (end - begin) / 64);
          for (std::size_t i = begin; i < end; i += step) {
            for (std::size_t j = i + 1; j < end; j += step) {
              const Gamma gamma = Compare(mentions, by_skeleton[i].second, by_skeleton[j].second);
              const std::uint8_t level = LevelOf(gamma, journey);
              if (LevelOf(gamma, document) == Info(document).levels.size() - 1 &&
                  level != kMissingLevel) {
                local[level] += 1.0;
              }
            }
          }
        }
        return local;
      },
      [](std::vector<double> total, const std::vector<double>& part) {
        for (std::size_t l = 0; l < total.size(); ++l) total[l] += part[l];
        return total;
      });
  // Fewer namesake pairs than this measure nothing (a small case): the comparison sits out.
  constexpr double kMinNamesakePairs = 50;
  double namesake_pairs = 0;
  for (const double count : counts[journey]) namesake_pairs += count;
  model.unmeasured[journey] = namesake_pairs < kMinNamesakePairs;
  // Trip mates on linked trips are too few for random pairs to find, and can be counted exactly.
  const auto companions = static_cast<std::size_t>(Comparison::kCompanions);
  counts[companions] = CountCompanionPairs(mentions);
  const double linked = counts[companions][0];
  // Without a single trip mate the level is never seen, and EM would fit its "else" as
  // evidence against every pair of travellers.
  model.unmeasured[companions] = linked == 0.0;
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    // Half a pair of smoothing per level: a level never seen among random pairs (two people
    // sharing a passport number) is rare, not impossible.
    double total = 0.0;
    for (const double count : counts[c]) total += count + 0.5;
    for (std::size_t l = 0; l < counts[c].size(); ++l) {
      model.u[c][l] = Clamp((counts[c][l] + 0.5) / total);
    }
  }
  // The exact level of a single-valued field is counted over every pair rather than sampled:
  // a million random pairs expect 0.6 that share a CNIC on the generated 100k case, so one or
  // two drawn or not moved the document's weight by 14 bits between two runs of one case.
  const auto exact_counted = [&](Comparison comparison, const std::vector<std::uint32_t>& column) {
    const auto share = ExactAgreementShare(column);
    if (!share) return;
    std::vector<double>& u = model.u[static_cast<std::size_t>(comparison)];
    double others = 0.0;
    for (std::size_t l = 1; l < u.size(); ++l) others += u[l];
    for (std::size_t l = 1; l < u.size(); ++l) u[l] = Clamp((1.0 - *share) * u[l] / others);
    u[0] = Clamp(*share);
  };
  exact_counted(Comparison::kDocument, mentions.document);
  exact_counted(Comparison::kEmail, mentions.email);
  exact_counted(Comparison::kAddress, mentions.address);
  exact_counted(Comparison::kCity, mentions.city);
  exact_counted(Comparison::kPostcode, mentions.postcode);
  exact_counted(Comparison::kNationality, mentions.nationality);
  exact_counted(Comparison::kSex, mentions.sex);
}

namespace {

using GammaMap = std::unordered_map<Gamma, std::uint64_t>;

GammaCounts SortedCounts(const GammaMap& counts) {
  std::vector<std::pair<Gamma, std::uint64_t>> sorted(counts.begin(), counts.end());
  std::sort(sorted.begin(), sorted.end());
  GammaCounts out;
  for (const auto& [gamma, count] : sorted) {
    out.gammas.push_back(gamma);
    out.counts.push_back(count);
  }
  return out;
}

constexpr std::size_t kPairsPerChunk = std::size_t{1} << 20;

}  // namespace

GammaCounts CountGammas(std::span<const Gamma> gammas) {
  // Distinct comparison vectors number in the thousands however many pairs there are, so
  // chunks count into small maps that are then summed: the pairs are neither copied nor
  // sorted (on 80M pairs the sorted copy was 650 MB at the run's peak).
  return SortedCounts(parallel::OrderedReduce(
      0, gammas.size(), kPairsPerChunk, GammaMap{},
      [&](std::size_t lo, std::size_t hi) {
        GammaMap local;
        for (std::size_t i = lo; i < hi; ++i) ++local[gammas[i]];
        return local;
      },
      [](GammaMap total, const GammaMap& part) {
        for (const auto& [gamma, count] : part) total[gamma] += count;
        return total;
      }));
}

void TrainM(const GammaCounts& counts, const ModelOptions& options, FellegiSunterModel& model) {
  std::uint64_t total = 0;
  for (const std::uint64_t count : counts.counts) total += count;
  if (total == 0) return;
  model.iterations = 0;
  model.converged = false;
  // Levels of all comparisons side by side: comparison c's level l is column offset[c] + l.
  std::array<Eigen::Index, kComparisonCount + 1> offset{};
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    offset[c + 1] = offset[c] + static_cast<Eigen::Index>(model.m[c].size());
  }
  // One row per distinct comparison vector with a 1 in the column of each observed level,
  // so the E step is one sparse product and the M step its transpose.
  const auto patterns = static_cast<Eigen::Index>(counts.gammas.size());
  std::vector<Eigen::Triplet<double>> ones;
  for (Eigen::Index g = 0; g < patterns; ++g) {
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      const std::uint8_t level = LevelOf(counts.gammas[static_cast<std::size_t>(g)], c);
      if (level != kMissingLevel) ones.emplace_back(g, offset[c] + level, 1.0);
    }
  }
  Eigen::SparseMatrix<double, Eigen::RowMajor> levels(patterns, offset[kComparisonCount]);
  levels.setFromTriplets(ones.begin(), ones.end());
  Eigen::VectorXd pattern_counts(patterns);
  for (Eigen::Index g = 0; g < patterns; ++g) {
    pattern_counts[g] = static_cast<double>(counts.counts[static_cast<std::size_t>(g)]);
  }
  Eigen::VectorXd log_ratio(offset[kComparisonCount]);
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      for (std::size_t l = 0; l < model.m[c].size(); ++l) {
        log_ratio[offset[c] + static_cast<Eigen::Index>(l)] =
            model.unmeasured[c] ? 0.0 : std::log(model.m[c][l]) - std::log(model.u[c][l]);
      }
    }
    // E step, in log-odds so long products of small probabilities cannot underflow.
    const double prior_log_odds = std::log(model.prior) - std::log1p(-model.prior);
    const Eigen::VectorXd log_odds = (levels * log_ratio).array() + prior_log_odds;
    const Eigen::VectorXd match_weight =
        (1.0 / (1.0 + (-log_odds.array()).exp())) * pattern_counts.array();
    // M step: each level's share of the expected matches that observed its comparison.
    const Eigen::VectorXd level_mass = levels.transpose() * match_weight;
    double change = 0.0;
    const double prior = Clamp(match_weight.sum() / static_cast<double>(total));
    change = std::max(change, std::abs(prior - model.prior));
    model.prior = prior;
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      const double observed = level_mass.segment(offset[c], offset[c + 1] - offset[c]).sum();
      if (model.unmeasured[c]) continue;
      if (observed <= 0.0) continue;  // never observed among matches: keep the guess
      for (std::size_t l = 0; l < model.m[c].size(); ++l) {
        const double m = Clamp(level_mass[offset[c] + static_cast<Eigen::Index>(l)] / observed);
        change = std::max(change, std::abs(m - model.m[c][l]));
        model.m[c][l] = m;
      }
    }
    model.iterations = iteration + 1;
    if (change < options.tolerance) {
      model.converged = true;
      break;
    }
  }
  // EM can settle where "match" means something else (on a small case, pairs with similar
  // names): a field whose strongest agreement is no likelier among matches than non-matches
  // has been fitted backwards, and keeps the starting guess instead.
  const FellegiSunterModel initial = FellegiSunterModel::Initial();
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    if (model.unmeasured[c]) {
      model.m[c] = model.u[c];
    } else if (model.m[c][0] <= model.u[c][0]) {
      model.m[c] = initial.m[c];
    }
  }
}

std::vector<GammaCounts> SampleByRule(std::span<const Gamma> gammas,
                                      std::span<const std::uint16_t> rule_masks,
                                      const std::vector<std::vector<Comparison>>& fixed) {
  constexpr std::size_t kMaxPairs = 2'000'000;
  const std::size_t rules = fixed.size();
  const std::size_t chunks = (gammas.size() + kPairsPerChunk - 1) / kPairsPerChunk;
  const std::uint32_t known_rules = (std::uint32_t{1} << rules) - 1;
  // Two passes over chunks of the candidates: the first counts each rule's pairs per chunk, so
  // the second knows where each chunk starts in every rule's sequence of pairs and picks
  // exactly the pairs a single pass would (serially, that pass took 2.7 s of a million-person
  // case's training).
  std::vector<std::size_t> first((chunks + 1) * rules, 0);  // per chunk, per rule
  parallel::For(0, chunks, 1, [&](std::size_t chunk) {
    std::size_t* row = first.data() + (chunk + 1) * rules;
    const std::size_t end = std::min(gammas.size(), (chunk + 1) * kPairsPerChunk);
    for (std::size_t i = chunk * kPairsPerChunk; i < end; ++i) {
      for (std::uint32_t mask = rule_masks[i] & known_rules; mask != 0; mask &= mask - 1) {
        ++row[std::countr_zero(mask)];
      }
    }
  });
  for (std::size_t chunk = 1; chunk < chunks; ++chunk) {
    for (std::size_t rule = 0; rule < rules; ++rule) {
      first[(chunk + 1) * rules + rule] += first[chunk * rules + rule];
    }
  }
  std::vector<std::size_t> stride(rules);
  std::vector<Gamma> unmask(rules);
  for (std::size_t rule = 0; rule < rules; ++rule) {
    const std::size_t count = first[chunks * rules + rule];
    stride[rule] = std::max<std::size_t>(1, (count + kMaxPairs - 1) / kMaxPairs);
    Gamma masked = 0;
    for (const Comparison c : fixed[rule]) {
      masked = WithLevel(masked, static_cast<std::size_t>(c), kMissingLevel);
    }
    unmask[rule] = masked;
  }
  using RuleMaps = std::vector<GammaMap>;
  const RuleMaps counts = parallel::OrderedReduce(
      0, chunks, 1, RuleMaps(rules),
      [&](std::size_t lo, std::size_t hi) {
        RuleMaps local(rules);
        std::vector<std::size_t> seen(rules), next(rules);
        for (std::size_t chunk = lo; chunk < hi; ++chunk) {
          // Each rule keeps every stride-th of its pairs: the next one is the first multiple
          // of the stride at or past the chunk's start.
          for (std::size_t rule = 0; rule < rules; ++rule) {
            seen[rule] = first[chunk * rules + rule];
            next[rule] = (seen[rule] + stride[rule] - 1) / stride[rule] * stride[rule];
          }
          const std::size_t end = std::min(gammas.size(), (chunk + 1) * kPairsPerChunk);
          for (std::size_t i = chunk * kPairsPerChunk; i < end; ++i) {
            for (std::uint32_t mask = rule_masks[i] & known_rules; mask != 0; mask &= mask - 1) {
              const auto rule = static_cast<std::size_t>(std::countr_zero(mask));
              if (seen[rule]++ != next[rule]) continue;
              next[rule] += stride[rule];
              // Setting a comparison's 4 bits to all ones marks it missing.
              ++local[rule][gammas[i] | unmask[rule]];
            }
          }
        }
        return local;
      },
      [](RuleMaps total, const RuleMaps& part) {
        for (std::size_t rule = 0; rule < total.size(); ++rule) {
          for (const auto& [gamma, count] : part[rule]) total[rule][gamma] += count;
        }
        return total;
      });
  std::vector<GammaCounts> out(rules);
  for (std::size_t rule = 0; rule < rules; ++rule) out[rule] = SortedCounts(counts[rule]);
  return out;
}

void TrainMByRule(const GammaCounts& all, const std::vector<GammaCounts>& samples,
                  const ModelOptions& options, FellegiSunterModel& model) {
  // Fewer pairs than this say too little about a rule's non-matches to train on.
  constexpr std::uint64_t kMinPairs = 100;
  // EM over all candidates first: the fallback for fields no rule had enough pairs to train
  // (small cases), biased as explained above but better than the starting guess.
  TrainM(all, options, model);
  std::array<std::vector<double>, kComparisonCount> m_sum;
  std::array<int, kComparisonCount> trained{};
  for (std::size_t c = 0; c < kComparisonCount; ++c) m_sum[c].assign(model.m[c].size(), 0.0);
  for (const GammaCounts& counts : samples) {
    std::uint64_t pairs = 0;
    for (const std::uint64_t count : counts.counts) pairs += count;
    if (pairs < kMinPairs) continue;
    FellegiSunterModel rule_model = FellegiSunterModel::Initial();
    rule_model.u = model.u;
    rule_model.unmeasured = model.unmeasured;
    TrainM(counts, options, rule_model);
    std::array<bool, kComparisonCount> observed{};
    for (const Gamma gamma : counts.gammas) {
      for (std::size_t c = 0; c < kComparisonCount; ++c) {
        observed[c] = observed[c] || LevelOf(gamma, c) != kMissingLevel;
      }
    }
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      if (!observed[c]) continue;
      ++trained[c];
      for (std::size_t l = 0; l < m_sum[c].size(); ++l) m_sum[c][l] += rule_model.m[c][l];
    }
    model.iterations = std::max(model.iterations, rule_model.iterations);
    model.converged = model.converged && rule_model.converged;
  }
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    if (trained[c] == 0) continue;
    for (std::size_t l = 0; l < m_sum[c].size(); ++l) {
      model.m[c][l] = Clamp(m_sum[c][l] / trained[c]);
    }
  }
  // The prior over all candidates, m and u held.
  std::uint64_t total = 0;
  for (const std::uint64_t count : all.counts) total += count;
  if (total == 0) return;
  std::vector<double> log_ratio(all.gammas.size(), 0.0);
  for (std::size_t g = 0; g < all.gammas.size(); ++g) {
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      const std::uint8_t level = LevelOf(all.gammas[g], c);
      if (level != kMissingLevel) {
        log_ratio[g] += std::log(model.m[c][level]) - std::log(model.u[c][level]);
      }
    }
  }
  for (int iteration = 0; iteration < options.max_iterations; ++iteration) {
    const double prior_log_odds = std::log(model.prior) - std::log1p(-model.prior);
    double matches = 0.0;
    for (std::size_t g = 0; g < all.gammas.size(); ++g) {
      matches +=
          static_cast<double>(all.counts[g]) / (1.0 + std::exp(-(log_ratio[g] + prior_log_odds)));
    }
    const double prior = Clamp(matches / static_cast<double>(total));
    const bool settled = std::abs(prior - model.prior) < options.tolerance;
    model.prior = prior;
    if (settled) break;
  }
}

TermFrequencies ComputeTermFrequencies(const PersonMentions& p) {
  TermFrequencies out;
  const std::size_t n = p.size();
  if (n == 0) return out;
  // Names: each name's share of the mentions that have one.
  const auto shares = [&](Comparison comparison, const std::vector<std::uint32_t>& column) {
    std::unordered_map<std::uint64_t, std::uint64_t> counts;
    std::uint64_t with_value = 0;
    for (std::size_t m = 0; m < n; ++m) {
      if (column[m] == 0) continue;
      ++counts[column[m]];
      ++with_value;
    }
    std::unordered_map<std::uint64_t, std::uint64_t> skeleton_counts;
    for (const auto& [value, count] : counts) {
      out.u_of_value[static_cast<std::size_t>(comparison)][value] =
          static_cast<double>(count) / static_cast<double>(with_value);
      skeleton_counts[p.skeleton_of_name[value]] += count;
    }
    // A skeleton's share relative to the share-weighted mean share: how much more often than
    // the typical name this skeleton turns up. Scaling the level's u by it keeps the model's
    // average and moves only the common and the rare.
    // Summed as integers: a floating sum in hash-map order could differ in its last bits
    // between builds of the standard library.
    std::uint64_t squares = 0;
    for (const auto& [skeleton, count] : skeleton_counts) squares += count * count;
    const double mean_share = static_cast<double>(squares) /
                              (static_cast<double>(with_value) * static_cast<double>(with_value));
    for (const auto& [skeleton, count] : skeleton_counts) {
      const double share = static_cast<double>(count) / static_cast<double>(with_value);
      out.u_of_skeleton[static_cast<std::size_t>(comparison)][skeleton] = share / mean_share;
    }
  };
  shares(Comparison::kName, p.name);
  shares(Comparison::kGiven, p.given);
  shares(Comparison::kFamily, p.family);
  // Identifiers: the share of distinct names (people, roughly) that carry the value. Only
  // values seen with at least two distinct names get an entry; the rest keep the model's u.
  std::unordered_set<std::string> skeletons;
  for (std::size_t m = 0; m < n; ++m) {
    if (p.name[m] != 0) skeletons.insert(p.names[p.name[m]].skeleton);
  }
  const double people = static_cast<double>(std::max<std::size_t>(skeletons.size(), 1));
  // The (value, name) pairs are sorted flat rather than gathered per value in a hash map: on a
  // million-person case the maps took 13 s on one core, longer than training beside them.
  const auto identifier = [&](Comparison comparison, auto values_of) {
    using Holder = std::pair<std::uint64_t, std::uint32_t>;
    std::vector<Holder> holders;
    for (std::size_t m = 0; m < n; ++m) {
      if (p.name[m] == 0) continue;
      for (const std::uint64_t value : values_of(m)) {
        if (value != 0) holders.emplace_back(value, p.name[m]);
      }
    }
    parallel::Sort(holders.begin(), holders.end());
    holders.erase(std::unique(holders.begin(), holders.end()), holders.end());
    std::vector<std::pair<std::size_t, std::size_t>> shared;  // [begin, end) of a value's names
    for (std::size_t begin = 0; begin < holders.size();) {
      std::size_t end = begin + 1;
      while (end < holders.size() && holders[end].first == holders[begin].first) ++end;
      if (end - begin >= 2) shared.emplace_back(begin, end);
      begin = end;
    }
    std::vector<std::size_t> people_holding(shared.size());
    parallel::For(0, shared.size(), parallel::kGrainFine, [&](std::size_t i) {
      const auto [begin, end] = shared[i];
      people_holding[i] = DistinctHolders(p.names, std::span(holders.data() + begin, end - begin));
    });
    auto& table = out.u_of_value[static_cast<std::size_t>(comparison)];
    for (std::size_t i = 0; i < shared.size(); ++i) {
      if (people_holding[i] >= 2) {
        table[holders[shared[i].first].first] = static_cast<double>(people_holding[i] - 1) / people;
      }
    }
  };
  const auto single = [](const std::vector<std::uint32_t>& column) {
    return [&column](std::size_t m) { return std::array<std::uint64_t, 1>{column[m]}; };
  };
  identifier(Comparison::kPhone, [&p](std::size_t m) { return p.Phones(m); });
  identifier(Comparison::kDocument, single(p.document));
  identifier(Comparison::kEmail, single(p.email));
  identifier(Comparison::kAddress, single(p.address));
  return out;
}

namespace {

// Where the prior of the lists of a pair's two mentions sits in list_prior.
std::size_t ListPairOf(const FellegiSunterModel& model, const PersonMentions& mentions,
                       std::uint32_t a, std::uint32_t b) {
  return mentions.column[a] * model.lists.size() + mentions.column[b];
}

}  // namespace

double PriorOf(const FellegiSunterModel& model, const PersonMentions& mentions, std::uint32_t a,
               std::uint32_t b) {
  if (model.list_prior.empty()) return model.match_prior;
  return model.list_prior[ListPairOf(model, mentions, a, b)];
}

PairWeights Weigh(const FellegiSunterModel& model, const TermFrequencies* frequencies,
                  const PersonMentions& mentions, std::uint32_t a, std::uint32_t b, Gamma gamma) {
  return PairWeigher(model, frequencies, mentions)(a, b, gamma);
}

namespace {

double LogOdds(double prior) { return std::log2(prior) - std::log2(1.0 - prior); }

}  // namespace

PairWeigher::PairWeigher(const FellegiSunterModel& model, const TermFrequencies* frequencies,
                         const PersonMentions& mentions)
    : model_(model), frequencies_(frequencies), mentions_(mentions) {
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    for (std::size_t level = 0; level < model.m[c].size(); ++level) {
      log_m_[c].push_back(std::log2(model.m[c][level]));
      level_weight_[c].push_back(log_m_[c].back() - std::log2(model.u[c][level]));
    }
  }
  if (model.list_prior.empty()) {
    prior_weight_.push_back(LogOdds(model.match_prior));
  } else {
    for (const double prior : model.list_prior) prior_weight_.push_back(LogOdds(prior));
  }
}

PairWeights PairWeigher::operator()(std::uint32_t a, std::uint32_t b, Gamma gamma) const {
  PairWeights out;
  out.prior_weight = model_.list_prior.empty() ? prior_weight_[0]
                                               : prior_weight_[ListPairOf(model_, mentions_, a, b)];
  out.total = out.prior_weight;
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    const std::uint8_t level = LevelOf(gamma, c);
    if (level == kMissingLevel) continue;
    const auto comparison = static_cast<Comparison>(c);
    const bool name = comparison == Comparison::kName || comparison == Comparison::kGiven ||
                      comparison == Comparison::kFamily;
    double weight = level_weight_[c][level];
    if (level == 1 && name && frequencies_ != nullptr) {
      const std::uint32_t id = NameIdFor(mentions_, comparison, a);
      const auto& table = frequencies_->u_of_skeleton[c];
      const auto it = id == 0 ? table.end() : table.find(mentions_.skeleton_of_name[id]);
      if (it != table.end())
        weight = log_m_[c][level] - std::log2(Clamp(model_.u[c][level] * it->second));
    }
    if (level == 0 && frequencies_ != nullptr && TakesTermFrequencies(c)) {
      const auto& table = frequencies_->u_of_value[c];
      const auto it = table.find(AgreedValue(mentions_, comparison, a, b));
      if (it != table.end()) {
        // Names: the value's own frequency replaces the average. Identifiers: a value held
        // by many people can only weigh less than the average, never more.
        const double u = name ? Clamp(it->second) : std::max(model_.u[c][level], Clamp(it->second));
        weight = log_m_[c][level] - std::log2(u);
      }
    }
    out.weights[c] = weight;
    out.total += weight;
  }
  return out;
}

void EstimateListPriors(const PersonMentions& mentions, std::span<const std::uint32_t> profile_size,
                        std::span<const std::uint64_t> candidates, std::span<const Gamma> gammas,
                        const TermFrequencies* frequencies, FellegiSunterModel& model) {
  model.lists = mentions.column_names;
  model.list_prior.clear();
  const std::size_t lists = model.lists.size();
  if (lists < 2) return;
  // Weights without the prior, in bins of 1/8 bit over [-64, 64] bits.
  constexpr double kBinsPerBit = 8.0, kLowest = -64.0;
  constexpr std::size_t kBins = 1025;
  const auto bin_of = [](double weight) {
    const double at = std::round((weight - kLowest) * kBinsPerBit);
    return static_cast<std::size_t>(std::clamp(at, 0.0, static_cast<double>(kBins - 1)));
  };
  const auto pair_of = [&](std::uint32_t a, std::uint32_t b) {
    const std::size_t x = mentions.column[a], y = mentions.column[b];
    return std::min(x, y) * lists + std::max(x, y);
  };
  const PairWeigher weigh(model, frequencies, mentions);
  const auto weight_of = [&](std::uint32_t a, std::uint32_t b, Gamma gamma) {
    const PairWeights weights = weigh(a, b, gamma);
    return weights.total - weights.prior_weight;
  };
  // Histograms only for the pairs of lists that have pairs to count: a case of many sources
  // pairs few of its lists with each other, and K * K histograms would grow as its square.
  std::vector<std::uint32_t> cell(lists * lists, kNoId);
  std::uint32_t cells = 0;
  const auto use = [&](std::size_t list_pair) {
    if (cell[list_pair] == kNoId) cell[list_pair] = cells++;
  };
  for (std::size_t p = 0; p < mentions.size(); ++p) {
    if (profile_size[p] >= 2)
      use(pair_of(static_cast<std::uint32_t>(p), static_cast<std::uint32_t>(p)));
  }
  for (const std::uint64_t pair : candidates) use(pair_of(PairFirst(pair), PairSecond(pair)));
  using Histogram = std::vector<std::uint64_t>;  // cells * kBins counts
  // One histogram per slab of pairs, a slab per thread (at most 8, as each costs memory).
  const std::size_t slab_count =
      std::min<std::size_t>(8, static_cast<std::size_t>(parallel::MaxThreads()));
  std::vector<Histogram> slabs(slab_count);
  parallel::For(0, slab_count, 1, [&](std::size_t slab) {
    Histogram& counts = slabs[slab];
    counts.assign(std::size_t{cells} * kBins, 0);
    const auto add = [&](std::uint32_t a, std::uint32_t b, Gamma gamma, std::uint64_t pairs) {
      counts[cell[pair_of(a, b)] * kBins + bin_of(weight_of(a, b, gamma))] += pairs;
    };
    const std::size_t lo = candidates.size() * slab / slab_count;
    const std::size_t hi = candidates.size() * (slab + 1) / slab_count;
    for (std::size_t i = lo; i < hi; ++i) {
      const std::uint32_t a = PairFirst(candidates[i]), b = PairSecond(candidates[i]);
      add(a, b, gammas[i], std::uint64_t{profile_size[a]} * profile_size[b]);
    }
    // A profile's copies are pairs of mentions too, all with the profile's own comparison.
    const std::size_t first = mentions.size() * slab / slab_count;
    const std::size_t last = mentions.size() * (slab + 1) / slab_count;
    for (std::size_t p = first; p < last; ++p) {
      const std::uint64_t copies = profile_size[p];
      if (copies < 2) continue;
      const auto self = static_cast<std::uint32_t>(p);
      add(self, self, Compare(mentions, self, self), copies * (copies - 1) / 2);
    }
  });
  Histogram counts = std::move(slabs[0]);
  for (std::size_t slab = 1; slab < slab_count; ++slab) {
    for (std::size_t i = 0; i < counts.size(); ++i) counts[i] += slabs[slab][i];
  }
  std::vector<double> list_mentions(lists, 0.0);
  for (std::size_t p = 0; p < mentions.size(); ++p) {
    list_mentions[mentions.column[p]] += profile_size[p];
  }
  model.list_prior.assign(lists * lists, model.match_prior);
  for (std::size_t x = 0; x < lists; ++x) {
    for (std::size_t y = x; y < lists; ++y) {
      if (cell[x * lists + y] == kNoId) continue;  // no pairs to learn from
      const double pairs = x == y ? list_mentions[x] * (list_mentions[x] - 1) / 2
                                  : list_mentions[x] * list_mentions[y];
      const std::uint64_t* histogram = counts.data() + std::size_t{cell[x * lists + y]} * kBins;
      double prior = model.match_prior;
      for (int iteration = 0; iteration < 1000 && pairs > 0; ++iteration) {
        const double log_odds = std::log2(prior) - std::log2(1.0 - prior);
        double expected = 0.0;
        for (std::size_t bin = 0; bin < kBins; ++bin) {
          if (histogram[bin] == 0) continue;
          const double weight = kLowest + static_cast<double>(bin) / kBinsPerBit;
          expected += static_cast<double>(histogram[bin]) * MatchProbability(weight + log_odds);
        }
        const double next = Clamp(expected / pairs);
        // The step only rises with the prior: a first step down means a fixed point below the
        // case's prior, which the floor replaces anyway.
        if (next <= model.match_prior) break;
        const bool settled = std::abs(next - prior) <= 1e-9 * prior;
        prior = next;
        if (settled) break;
      }
      model.list_prior[x * lists + y] = model.list_prior[y * lists + x] =
          std::max(prior, model.match_prior);
    }
  }
}

std::string ModelToJson(const FellegiSunterModel& model) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> writer(buffer);
  writer.SetMaxDecimalPlaces(12);
  writer.StartObject();
  writer.Key("model");
  writer.String("fellegi-sunter");
  writer.Key("prior");
  writer.Double(model.prior);
  writer.Key("match_prior");
  writer.Double(model.match_prior);
  if (!model.list_prior.empty()) {
    // For the record, the pairs of lists above the case's prior; a run re-estimates them for
    // its own case (EstimateListPriors).
    writer.Key("list_priors");
    writer.StartArray();
    const std::size_t lists = model.lists.size();
    for (std::size_t x = 0; x < lists; ++x) {
      for (std::size_t y = x; y < lists; ++y) {
        if (model.list_prior[x * lists + y] <= model.match_prior) continue;
        writer.StartObject();
        writer.Key("lists");
        writer.StartArray();
        writer.String(model.lists[x].c_str());
        writer.String(model.lists[y].c_str());
        writer.EndArray();
        writer.Key("prior");
        writer.Double(model.list_prior[x * lists + y]);
        writer.EndObject();
      }
    }
    writer.EndArray();
  }
  writer.Key("em_iterations");
  writer.Int(model.iterations);
  writer.Key("em_converged");
  writer.Bool(model.converged);
  writer.Key("comparisons");
  writer.StartArray();
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    writer.StartObject();
    writer.Key("name");
    writer.String(Info(c).name.data(), static_cast<rapidjson::SizeType>(Info(c).name.size()));
    writer.Key("levels");
    writer.StartArray();
    for (std::size_t l = 0; l < Info(c).levels.size(); ++l) {
      writer.StartObject();
      writer.Key("level");
      const std::string_view name = Info(c).levels[l];
      writer.String(name.data(), static_cast<rapidjson::SizeType>(name.size()));
      writer.Key("m");
      writer.Double(model.m[c][l]);
      writer.Key("u");
      writer.Double(model.u[c][l]);
      writer.EndObject();
    }
    writer.EndArray();
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize()) + "\n";
}

FellegiSunterModel ModelFromJson(const std::string& json, const std::string& path) {
  rapidjson::Document document;
  document.Parse(json.data(), json.size());
  if (document.HasParseError()) {
    throw InvalidInput(path, 0, "",
                       std::string("not valid JSON: ") +
                           rapidjson::GetParseError_En(document.GetParseError()) + " at offset " +
                           std::to_string(document.GetErrorOffset()));
  }
  const auto fail = [&path](const std::string& what) {
    return InvalidInput(path, 0, "", "not a Corridor model: " + what);
  };
  if (!document.IsObject() || !document.HasMember("prior") || !document["prior"].IsNumber() ||
      !document.HasMember("comparisons") || !document["comparisons"].IsArray()) {
    throw fail("expected an object with \"prior\" and \"comparisons\"");
  }
  FellegiSunterModel model = FellegiSunterModel::Initial();
  model.prior = Clamp(document["prior"].GetDouble());
  const auto& comparisons = document["comparisons"].GetArray();
  if (comparisons.Size() != kComparisonCount) {
    throw fail("expected " + std::to_string(kComparisonCount) + " comparisons");
  }
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    const auto& comparison = comparisons[static_cast<rapidjson::SizeType>(c)];
    if (!comparison.IsObject() || !comparison.HasMember("name") || !comparison["name"].IsString() ||
        comparison["name"].GetString() != Info(c).name || !comparison.HasMember("levels") ||
        !comparison["levels"].IsArray() || comparison["levels"].Size() != Info(c).levels.size()) {
      throw fail("comparison " + std::to_string(c + 1) + " should be \"" +
                 std::string(Info(c).name) + "\" with " + std::to_string(Info(c).levels.size()) +
                 " levels");
    }
    for (std::size_t l = 0; l < Info(c).levels.size(); ++l) {
      const auto& level = comparison["levels"][static_cast<rapidjson::SizeType>(l)];
      if (!level.IsObject() || !level.HasMember("level") || !level["level"].IsString() ||
          level["level"].GetString() != Info(c).levels[l] || !level.HasMember("m") ||
          !level["m"].IsNumber() || !level.HasMember("u") || !level["u"].IsNumber()) {
        throw fail(std::string(Info(c).name) + " level " + std::to_string(l + 1) + " should be \"" +
                   std::string(Info(c).levels[l]) + "\" with numbers m and u");
      }
      model.m[c][l] = Clamp(level["m"].GetDouble());
      model.u[c][l] = Clamp(level["u"].GetDouble());
    }
  }
  return model;
}

}  // namespace corridor
