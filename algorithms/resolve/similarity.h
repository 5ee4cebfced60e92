#pragma once
// String similarities for comparing normalised values.
//
// Jaro-Winkler (Winkler 1990, "String comparator metrics and enhanced decision rules in the
// Fellegi-Sunter model of record linkage"): the Jaro similarity of two strings, boosted by
// 0.1 per shared leading character up to four. Strings up to 64 bytes take one step per
// character (bit masks of positions); longer ones O(|a| * |b|) in the worst case.

#include <cstddef>
#include <string_view>
#include <vector>

namespace corridor {

double JaroWinkler(std::string_view a, std::string_view b);

// Levenshtein distance, but stops counting at `limit` + 1: callers only ask "at most one or
// two edits?", which needs a band of the table, not the table.
std::size_t BoundedEditDistance(std::string_view a, std::string_view b, std::size_t limit);

// How well the tokens of the shorter list are covered by the other list: the mean over the
// shorter list of each token's best Jaro-Winkler in the longer one (Monge-Elkan, made
// symmetric by always starting from the shorter list). Order-free: "Khan Muhammad" and
// "Muhammad Khan" score 1.
double TokenSetSimilarity(const std::vector<std::string_view>& a,
                          const std::vector<std::string_view>& b);

}  // namespace corridor
