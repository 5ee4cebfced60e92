#pragma once
// The Fellegi-Sunter match model (Fellegi & Sunter 1969, "A theory for record linkage"), with
// parameters learned from the data the way Splink does it:
//   - u (probability of each agreement level among non-matching pairs) from random pairs,
//     which are almost all non-matches;
//   - m (the same among matching pairs) and the prior (share of candidate pairs that match) by
//     expectation-maximisation over the blocked candidate pairs, u held fixed (Winkler 1988,
//     "Using the EM algorithm for weight computation in the Fellegi-Sunter model").
// EM runs on distinct comparison vectors with their counts, so an iteration costs
// O(distinct vectors), not O(pairs). A missing field contributes nothing, as in Splink.
//
// Term frequencies: agreeing on a rare name says more than agreeing on "Muhammad Khan", so at
// a name's exact level u is replaced by that name's share of mentions (Splink's adjustment),
// and at the skeleton level u is scaled by how much more common than average the skeleton is
// (spelling variants of a common name are as common as the name).
// Identifiers shared by many distinct people (a broker's phone rung by fifty migrants, a
// safe-house address) are detected the same way: at a phone, document, email or address's
// exact level, u becomes (d - 1) / (distinct names in the case) for a value held by d
// different people, so agreement on it weighs about log2(d) bits less. Holders whose names
// could be one person's (spelling or script variants: name_score.h) count as one.

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "algorithms/resolve/compare.h"

namespace corridor {

struct ModelOptions {
  std::uint64_t seed = 1;  // of the random-pair sample for u
  // Random pairs sampled for u: this many per mention, within [min, max]. Rare levels (two
  // people sharing a passport number) need enough samples to be seen at all; beyond a
  // million the estimates stop moving.
  std::size_t random_pairs_per_mention = 50;
  std::size_t min_random_pairs = 100'000;
  std::size_t max_random_pairs = 1'000'000;
  int max_iterations = 1000;  // EM (cheap: a pass over distinct vectors)
  double tolerance = 1e-7;    // EM stops when no parameter moves more
  bool term_frequencies = true;
};

struct FellegiSunterModel {
  double prior = 0.05;  // share of candidate pairs that match (what EM estimates)
  // Share of all pairs of mentions that match: the prior for scoring. A match probability
  // then means what it says for any two mentions, not "given that blocking paired them",
  // which would make the threshold depend on how generous the blocking rules are. Set by
  // SetMatchPrior from the candidate prior and the candidate and mention counts.
  double match_prior = 0.05;
  // The prior of a pair by the lists its two mentions were written in (PersonMentions::column):
  // list_prior[a * K + b] for K lists, symmetric; empty where the case has one list, so every
  // pair takes match_prior. Set by EstimateListPriors for the case at hand, also when m and u
  // come from a saved model: how often lists name one person again is the case's own.
  std::vector<std::string> lists;
  std::vector<double> list_prior;
  std::array<std::vector<double>, kComparisonCount> m, u;
  // Comparisons whose u could not be measured (EstimateU): training leaves them out and sets
  // their m to their u, so they weigh nothing. Not saved: a saved model's m already equals u.
  std::array<bool, kComparisonCount> unmeasured{};
  int iterations = 0;  // EM iterations run
  bool converged = false;

  // Leaves every level with a starting guess: u uniform, m falling with the level.
  static FellegiSunterModel Initial();
};

// Per-value u for the exact levels of the comparisons that take term frequencies.
struct TermFrequencies {
  std::array<std::unordered_map<std::uint64_t, double>, kComparisonCount> u_of_value;
  // Names at the skeleton level, by skeleton id: the factor on the level's u ("Mohd Khan"
  // and "Muhammad Khan" agreeing in skeleton is as common as that skeleton is).
  std::array<std::unordered_map<std::uint64_t, double>, kComparisonCount> u_of_skeleton;
};

// Random pairs include the true matches; in a large case they are a negligible share, but in a
// case of a few hundred mentions they inflate u at the agreeing levels. This removes the
// expected matches (prior * candidates pairs distributed as m) from the random-pair
// frequencies: u = (u * P - M * m) / (P - M) for P pairs in all and M expected matches.
void RemoveMatchesFromU(std::uint64_t candidates, std::uint64_t mentions,
                        FellegiSunterModel& model);

// match_prior = prior * candidates / all pairs: the expected number of matches among the
// candidates, spread over every pair (blocking is built to keep nearly all true matches).
void SetMatchPrior(std::uint64_t candidates, std::uint64_t mentions, FellegiSunterModel& model);

void EstimateU(const PersonMentions& mentions, const ModelOptions& options,
               FellegiSunterModel& model);

// Distinct comparison vectors with how many candidate pairs have each.
struct GammaCounts {
  std::vector<Gamma> gammas;
  std::vector<std::uint64_t> counts;
};
GammaCounts CountGammas(std::span<const Gamma> gammas);

void TrainM(const GammaCounts& counts, const ModelOptions& options, FellegiSunterModel& model);

// Candidate pairs are not a sample of all pairs: a pair proposed by the phone rule agrees on
// the phone by construction, so among candidates agreement on a blocked field says nothing
// and EM would read it as evidence (it collapses to "every candidate matches"). As Splink
// does, m is trained once per blocking rule on that rule's pairs with the rule's own fields
// masked, and each comparison's m is the mean over the rules that did not mask it. `fixed`
// lists, per rule, the comparisons that rule makes agree. Then the prior alone is re-fitted
// by EM over all candidates with m and u held.
// The training sample of each rule: its pairs' comparison vectors with the rule's fields
// masked, counted; at most two million pairs per rule at an even stride (EM has settled long
// before, and the stride keeps the sample the same at any thread count). Two parallel passes
// over the candidates serve all rules; computed once, as callers train more than once.
std::vector<GammaCounts> SampleByRule(std::span<const Gamma> gammas,
                                      std::span<const std::uint16_t> rule_masks,
                                      const std::vector<std::vector<Comparison>>& fixed);

// `all` is CountGammas(gammas); `samples` is SampleByRule's result.
void TrainMByRule(const GammaCounts& all, const std::vector<GammaCounts>& samples,
                  const ModelOptions& options, FellegiSunterModel& model);

TermFrequencies ComputeTermFrequencies(const PersonMentions& mentions);

// One prior is wrong for a case of several lists. Pairs of a hawala ledger's payee column
// match far more often than pairs of its payer column: a few hawaladars are written there
// thousands of times, in a handful of spellings, with nothing but the name, while the global
// prior is set by the millions of pairs of migrants who each appear a few times. A name-only
// pair of payees then cannot reach the threshold however rare the name. So the prior is
// estimated per pair of lists, by EM with m and u held: the expected matches among the pair's
// candidate pairs (and among the copies of each profile), over every pair of mentions of the
// two lists. A pair of lists only rises above the case's prior, never sinks below it: its own
// EM sees only the matches its candidates show, and where the evidence is weak that fixed
// point sinks towards zero (fewer expected matches, a lower prior, fewer still), which would
// bar two lists from ever merging a passport holder. So only a list pair that names one person
// far more often than the case as a whole is taken at its word.
// `mentions` are the profiles' representatives and `profile_size` their copies.
// Weights are gathered in 1/8-bit bins as integer counts, so the result is the same however
// the pairs are split between threads.
// It weighs every candidate pair once more: 8 s of 82M pairs on the 1M-person case.
void EstimateListPriors(const PersonMentions& mentions, std::span<const std::uint32_t> profile_size,
                        std::span<const std::uint64_t> candidates, std::span<const Gamma> gammas,
                        const TermFrequencies* frequencies, FellegiSunterModel& model);

// The prior of a pair of mentions: its lists' (EstimateListPriors), else the case's.
double PriorOf(const FellegiSunterModel& model, const PersonMentions& mentions, std::uint32_t a,
               std::uint32_t b);

// Per-comparison weights (log2 of m/u, with term frequencies where they apply) and the
// total match weight including the prior's log-odds.
struct PairWeights {
  std::array<double, kComparisonCount> weights{};
  double prior_weight = 0.0;
  double total = 0.0;
};
PairWeights Weigh(const FellegiSunterModel& model, const TermFrequencies* frequencies,
                  const PersonMentions& mentions, std::uint32_t a, std::uint32_t b, Gamma gamma);

// Weigh for many pairs under one model: each level's and each prior's log-odds are taken
// once, not per pair (with the rest of that change, the score stage of a million-person
// case fell from 9.4 to 6.0 s). The weights are the same to the bit. Holds references to
// its arguments and copies of the model's logs: build one per loop over pairs, after the
// model is final (building one costs a few hundred logs).
class PairWeigher {
 public:
  PairWeigher(const FellegiSunterModel& model, const TermFrequencies* frequencies,
              const PersonMentions& mentions);
  PairWeights operator()(std::uint32_t a, std::uint32_t b, Gamma gamma) const;

 private:
  const FellegiSunterModel& model_;
  const TermFrequencies* frequencies_;
  const PersonMentions& mentions_;
  std::array<std::vector<double>, kComparisonCount> log_m_, level_weight_;
  std::vector<double> prior_weight_;  // by pair of lists, or the case's alone
};

inline double MatchProbability(double weight) { return 1.0 / (1.0 + std::exp2(-weight)); }

// JSON with the comparisons and level names written out, so a saved model is readable and a
// model saved by a build with different levels is refused rather than misread.
std::string ModelToJson(const FellegiSunterModel& model);
FellegiSunterModel ModelFromJson(const std::string& json, const std::string& path);

}  // namespace corridor
