#pragma once
// Comparison of two person mentions, field by field, into ordered agreement levels (a
// comparison vector, "gamma" in Fellegi-Sunter terms). Level 0 is the strongest agreement, the
// last level is disagreement, and a field missing on either side is its own value, which the
// model treats as neutral. Multi-valued fields (phones) compare on their best pair.
//
// Levels, strongest first (the names say what each means and appear in matches.csv):
//   name:     exact (same tokens in any order), skeleton (same consonant skeletons: script and
//             spelling variants), close (same token count, Jaro-Winkler >= 0.92 token by token),
//             subset (every token of the shorter name in the longer by skeleton), far
//             (token-set Jaro-Winkler >= 0.80 or same phonetic key), else
//             Used when either mention has only a full name; two mentions that both keep
//             given and family names apart compare those instead:
//   given, family: exact, skeleton, close (JW >= 0.92), far (JW >= 0.80 or same phonetic
//             key), else; a pair whose parts match better crosswise (given written as
//             family) is compared crosswise
//   father:   exact-or-skeleton, similar (token-set JW >= 0.85 or subset), else
//   dob:      exact (the same whole date), swapped (day and month exchanged), typo (one
//             digit), year (same year, or either side known only to the year or month and
//             agreeing), else
//   document: exact, typo (one edit), else
//   phone:    shared (a valid E.164 number in common), else
//   email:    exact, similar (same local part or JW >= 0.9), else
//   address:  exact, close (token-set JW >= 0.9), far (>= 0.7), else
//   city, postcode: exact, close (JW >= 0.9 / one edit), else
//   nationality, sex: exact, else
//   journey:  continues (one passenger mention leaves from the other's destination within a
//             week after the other left, under one name skeleton, and each is the other's only
//             such continuation: PersonMentions::next_leg), follows (one's leg is the nearest
//             after the other's, and the other's the nearest before it, under one skeleton:
//             PersonMentions::followed_by), continues late and follows late (the same, the
//             departures more than kGroupGapSeconds apart: a migrant mostly moves on within
//             a day or so, so a leg days later is more often a namesake's), else (both
//             travelled, otherwise);
//             the same journey (same from, to and departure) counts as missing, since
//             co-travellers share it as much as a repeated row does
//   companions: linked (the two mentions are on trips that one group of travellers took one
//             after the other, PersonMentions::next_trip, under one skeleton borne by no one
//             else on either), linked subset (mates on linked trips by a name one of them
//             writes in part: PersonMentions::previous_mate), else (both on trips,
//             otherwise); the same trip counts as missing, as for the journey
// A pair's levels pack into 64 bits, 4 per comparison. Cost: a handful of Jaro-Winkler calls
// on short strings per pair; no allocation.

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "algorithms/resolve/features.h"

namespace corridor {

enum class Comparison : std::uint8_t {
  kName,
  kGiven,
  kFamily,
  kFather,
  kDob,
  kDocument,
  kPhone,
  kEmail,
  kAddress,
  kCity,
  kPostcode,
  kNationality,
  kSex,
  kJourney,
  kCompanions,
};
inline constexpr std::size_t kComparisonCount = 15;
inline constexpr std::uint8_t kMissingLevel = 15;

struct ComparisonInfo {
  std::string_view name;
  std::span<const std::string_view> levels;  // names, strongest first; the last is "else"
};
const ComparisonInfo& Info(Comparison comparison);
inline const ComparisonInfo& Info(std::size_t c) { return Info(static_cast<Comparison>(c)); }

using Gamma = std::uint64_t;
inline std::uint8_t LevelOf(Gamma gamma, std::size_t c) {
  return static_cast<std::uint8_t>((gamma >> (4 * c)) & 0xF);
}
inline Gamma WithLevel(Gamma gamma, std::size_t c, std::uint8_t level) {
  return (gamma & ~(Gamma{0xF} << (4 * c))) | (Gamma{level} << (4 * c));
}

Gamma Compare(const PersonMentions& mentions, std::uint32_t a, std::uint32_t b);

// TokenSetSimilarity (similarity.h) of the tokens of two names, by name id, with the
// Jaro-Winkler of two tokens remembered per thread by their token ids (PersonMentions::
// name_tokens): the same value to the bit, for the cost of a table lookup on repeats.
double NameSimilarity(const PersonMentions& mentions, std::uint32_t x, std::uint32_t y);

// The value two mentions agree on at a comparison's exact level, as a key for term
// frequencies (name group, text id, or the shared phone); 0 when there is none.
std::uint64_t AgreedValue(const PersonMentions& mentions, Comparison comparison, std::uint32_t a,
                          std::uint32_t b);

}  // namespace corridor
