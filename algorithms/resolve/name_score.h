#pragma once
// One score in [0, 1] for "could these two names be the same person's name?", from the names
// alone: what an analyst asks when a tip names someone (`corridor names score`). Resolution
// does not use it; it compares names into agreement levels beside the other fields (compare.h).
//
// Method: token-set Jaro-Winkler (Monge-Elkan, as TokenSetSimilarity in similarity.h) on the
// normalised name (normalise.h), with each pair of tokens compared three ways and a penalty
// for tokens one name has and the other lacks:
//
//   token pair  = max(JW(tokens), 0.95 * JW(skeletons), 0.90 * JW(phonetic keys))
//   coverage    = (mean + weakest) / 2 over the shorter name's tokens, each taking its best
//                 partner in the longer name; both ways, the lower kept, for equal lengths
//   score       = coverage * (1 - 0.2 * unmatched tokens / tokens of the longer name)
//
// What that gives (the tests check these properties):
//   - The same tokens in any order ("Khan, Akbar" / "Akbar Khan"; honorifics are dropped by
//     the normaliser, so "Haji Muhammad Akbar" too): 1.
//   - Spelling and script variants with the same consonant skeletons ("Mohammed" /
//     "Muhammad", "محمد اکبر" / "Muhammad Akbar", "علی" / "Ali"): 0.95. The discount is there
//     because different names share skeletons too (Hasan and Husain are both "hsn").
//   - One token dropped from three ("Muhammad Akbar" / "Muhammad Akbar Khan"): 0.93; also in
//     another script: 0.89. A single name against two tokens ("Ali" / "Ali Khan"): 0.90, but
//     0.855 in another script; against three: 0.87.
//   - One of two tokens different ("Muhammad Akbar" / "Muhammad Akram"): 0.87; different names
//     ("Gul Zaman" / "Muhammad Akbar"): about 0.5, the level Jaro-Winkler gives unrelated
//     short strings, and lower when no letters line up.
//   - No name on either side (empty, or nothing but punctuation or honorifics): 0.
// The father's name (after s/o, bin ...) is not scored: a tip rarely gives it, and a name
// written with one should still match the same name written without.
//
// Cost: O(n * m) token comparisons (three Jaro-Winkler calls each) for names of n and m tokens;
// a few small allocations. No state: thread-safe.

#include "algorithms/resolve/normalise.h"

namespace corridor {

// Scores at or above this are reported as a match. Chosen on a generated case
// (`corridor generate --persons 2000 --seed 11`), pairing every two distinct name strings
// written for one true person against random pairs and against pairs that share a word but
// were written for different people. For names with as many tokens, at 0.88: 87.0% of the
// true pairs match, 0.3% of the random pairs and 5.6% of the pairs sharing a word (most of
// those are people with the very same name, which no name score can separate). Lowering it to
// 0.85 gains 1.4% of the true pairs for 0.9% more of the pairs sharing a word; raising it to
// 0.90 loses 1.9% for 0.3% fewer. It sits above one token in two being a different name
// (0.87) and one name against three tokens (0.87), and below a dropped token in another
// script (0.89). A match is a lead to check, not an identification.
inline constexpr double kNameMatchThreshold = 0.88;

// Similarity of two normalised names in [0, 1], as described above; 0 if either is empty.
double NameScore(const NormalisedName& a, const NormalisedName& b);

}  // namespace corridor
