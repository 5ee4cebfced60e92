#pragma once
// Entity resolution end to end: who is the same person, phone, account, document and place.
//
// Persons: extract and normalise mentions, block, compare candidate pairs, learn the
// Fellegi-Sunter model (u from random pairs, m and the prior by EM; or take a saved model),
// score, cluster pairs at or above the threshold with analysts' judgements and the chaining
// guard, then join name-only payees through the numbers their payers rang. Identifier records are
// grouped deterministically: phones by valid E.164, accounts by normalised number, places by
// gazetteer entry or normalised name.
//
// Every record of kind person, phone, account, place or organisation lands in exactly one
// entity; events (calls, transfers, travel, contacts, relations) in none. Entity ids come from
// the smallest member record, so the same input gives the same ids at any thread count.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "algorithms/resolve/blocking.h"
#include "algorithms/resolve/cluster.h"
#include "algorithms/resolve/model.h"
#include "algorithms/resolve/payee_calls.h"
#include "algorithms/resolve/profiles.h"
#include "engine/case_data.h"
#include "engine/entity.h"

namespace corridor {

struct ResolveOptions {
  // Pairs whose match probability reaches this are merged. 0.95: a wrong merge in an
  // evidence chart costs more than a missed one, which an analyst can still judge by hand.
  double threshold = 0.95;
  BlockingOptions blocking;
  ModelOptions model;
  ClusterOptions cluster;
  PayeeCallOptions payee_calls;
  std::optional<FellegiSunterModel> fixed_model;  // a saved model: no training
  // Called as each stage ends, with its name and seconds: a hook for progress display.
  std::function<void(const std::string& stage, double seconds)> on_stage;
};

struct ScoredPair {
  std::uint32_t a = 0;  // mention indices, a < b
  std::uint32_t b = 0;
  Gamma gamma = 0;
  double weight = 0.0;  // log2 odds, prior included
  double probability = 0.0;
};

struct Resolution {
  PersonMentions persons;
  // Mentions with identical features, resolved as one: blocking, comparison, training and
  // clustering run on profiles (candidate_pairs counts pairs of profiles).
  Profiles profiles;
  NormaliseReport normalise;
  std::vector<BlockingRuleReport> blocking;
  std::uint64_t candidate_pairs = 0;
  FellegiSunterModel model;
  TermFrequencies frequencies;
  // Pairs at or above the threshold, by (a, b), in mention indices: profile representatives'
  // pairs, and each copy of a profile with its representative when copies merge.
  std::vector<ScoredPair> matches;
  Clustering clustering;
  // Name-only payees joined through the number their payers rang (payee_calls.h); their joins
  // are in the clustering, not in `matches`.
  PayeeCalls payee_calls;
  EntityTable entities;
  std::vector<EntityId> entity_of_record;  // kNoId for events
  std::vector<std::uint64_t> entity_e164;  // per entity: a phone entity's number, else 0
  std::vector<std::pair<std::string, double>> timings_s;
};

Resolution Resolve(const CaseData& data, const ResolveOptions& options);

// Scores any two person records with a resolution's model, merged or not ("why not linked").
// Throws InvalidInput when either record is not a person mention.
struct PairExplanation {
  std::uint32_t a = 0, b = 0;  // mentions
  Gamma gamma = 0;
  PairWeights weights;
  double probability = 0.0;
};
PairExplanation ExplainPair(const Resolution& resolution, RecordIndex a, RecordIndex b);

}  // namespace corridor
