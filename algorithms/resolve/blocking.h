#pragma once
// Blocking: which pairs of person mentions are worth comparing. Comparing all n^2/2 pairs is
// impossible at millions of mentions, so candidate pairs are the union of several cheap rules,
// each catching matches the others miss:
//   document        same normalised document number
//   phone           a valid E.164 number in common
//   email           same normalised email
//   skeleton+year   same name skeleton and birth year
//   skeleton+father same name skeleton and father's name skeleton
//   skeleton+city   same name skeleton and city
//   skeleton        same name skeleton (script and spelling variants of one name)
//   token-pair      two name tokens in common by skeleton ("Muhammad Akbar" and "Muhammad
//                   Akbar Khan s/o Gul")
//   companions      trip mates on two trips one group took one after the other
//                   (PersonMentions::next_trip, TripMates)
//   journey         two legs of one skeleton that continue or follow one another
//                   (PersonMentions::next_leg, followed_by)
//   dob+initial     same full date of birth and a name token's first letter (catches names
//                   with typos)
//   neighbourhood   sorted neighbourhood on the sorted name key: each mention against the next
//                   `window` - 1 in sort order with a different name (Hernandez & Stolfo
//                   1995), for typos early in a name that defeat the skeleton keys
// A key shared by more than `max_block` mentions ("muhammad khan") gives no pairs and is
// reported: such a block costs quadratic time and carries little evidence; other rules
// (phones, documents, the skeleton with a birth year) still reach its true matches.
//
// Keys are sorted, so the pairs and the per-rule counts do not depend on the thread count.
// Cost: O(k log k) for k keys, plus the pairs emitted.

#include <cstdint>
#include <string>
#include <vector>

#include "algorithms/resolve/compare.h"
#include "algorithms/resolve/features.h"
#include "engine/mapped_memory.h"

namespace corridor {

struct BlockingOptions {
  // Mentions; larger blocks are skipped and reported. In a block of B mentions sharing a name
  // among N, agreeing on the name is worth about log2(N / B) bits, too little to merge on at
  // this size, so only pairs agreeing on more matter, and the finer rules find those.
  std::size_t max_block = 200;
  std::size_t window = 4;  // sorted neighbourhood window
};

struct BlockingRuleReport {
  std::string rule;
  std::uint64_t blocks = 0;         // keys shared by two or more mentions
  std::uint64_t pairs = 0;          // pairs this rule proposed (before the union)
  std::uint64_t capped_blocks = 0;  // blocks over max_block, skipped
  std::uint64_t capped_mentions = 0;
  std::uint64_t largest_block = 0;
};

struct CandidatePairs {
  // (a << 32) | b with a < b, mention indices; sorted and unique.
  ParallelFilledVector<std::uint64_t> pairs;
  // Per pair, bit r set when rules[r] proposed it: model training needs to know which fields
  // agree by construction.
  ParallelFilledVector<std::uint16_t> rule_mask;
  std::vector<BlockingRuleReport> rules;
};

inline std::uint64_t PairKey(std::uint32_t a, std::uint32_t b) {
  return a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
}
inline std::uint32_t PairFirst(std::uint64_t key) { return static_cast<std::uint32_t>(key >> 32); }
inline std::uint32_t PairSecond(std::uint64_t key) { return static_cast<std::uint32_t>(key); }

CandidatePairs BlockPersons(const PersonMentions& mentions, const BlockingOptions& options);

// The comparisons a rule's pairs agree on by construction (by rule name, as in the reports).
std::vector<Comparison> ComparisonsFixedBy(std::string_view rule);

}  // namespace corridor
