#pragma once
// Profiles: groups of person mentions whose every compared feature is identical (the same
// hawaladar written the same way on three thousand ledger lines, a passenger on every leg of a
// journey).
//
// Identical mentions compare identically with any third mention, so pairwise resolution on
// one representative per profile gives exactly the entities of pairwise resolution on all
// mentions, provided two copies are merged with each other when a copy scored against itself
// reaches the threshold (the caller scores that self-pair). Working on profiles matters
// beyond speed: a name repeated three thousand times makes a blocking key too large to pair,
// and term frequencies counted over profiles measure how many different people carry a name,
// not how often one person was written down. Mentions named by analysts' judgements keep
// profiles of their own, so a judgement still binds exactly the records it names.
//
// Grouping hashes each mention's features in parallel, sorts (hash, mention) pairs, and
// checks full equality within equal hashes; a profile's representative is its smallest
// mention, and profiles are numbered in the order of their representatives, so the result
// depends on the input alone. O(n log n).

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/resolve/features.h"

namespace corridor {

struct Profiles {
  std::vector<std::uint32_t> representative;  // per profile, its smallest mention (ascending)
  std::vector<std::uint32_t> of_mention;      // per mention, its profile
  std::vector<std::uint32_t> size;            // per profile, its mentions

  std::size_t count() const { return representative.size(); }
};

// `keep_apart` lists mentions that must stay alone (any order, repeats allowed).
Profiles GroupIdenticalMentions(const PersonMentions& mentions,
                                std::span<const std::uint32_t> keep_apart);

// One mention per profile, its representative, with every feature column. `mentions` keeps
// only its records meanwhile: every feature of a mention is its profile's, so holding both
// would double the largest arrays of a run (about 1 GB for 11M mentions). The value tables
// (names, texts, skeletons) move across, so ids and term-frequency keys mean the same on
// both sides. RestoreMentions gives every mention its features back.
PersonMentions TakeProfiles(PersonMentions& mentions, const Profiles& profiles);
void RestoreMentions(PersonMentions& by_profile, const Profiles& profiles,
                     PersonMentions& mentions);

}  // namespace corridor
