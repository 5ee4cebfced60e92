#include "algorithms/resolve/name_score.h"

#include <algorithm>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/resolve/similarity.h"

namespace corridor {
namespace {

// Equal skeletons or phonetic keys say less than equal spellings: different names collapse
// onto one key (Hasan and Husain are both "hsn"), so a match on a coarser key comes close to
// an exact one but never reaches it, and a close spelling can outrank it.
constexpr double kSkeletonWeight = 0.95;
constexpr double kPhoneticWeight = 0.90;
// The score lost is this times the share of the longer name's tokens left unmatched.
constexpr double kUnmatchedPenalty = 0.2;

// One token seen three ways. The skeleton and phonetic key are recomputed from the token: the
// name's own skeleton string is sorted on its own, so it no longer lines up with the tokens.
struct TokenKeys {
  std::string_view token;
  std::string skeleton;
  std::string phonetic;
};

std::vector<TokenKeys> Keys(const NormalisedName& name) {
  std::vector<TokenKeys> keys;
  keys.reserve(name.tokens.size());
  for (const std::string& token : name.tokens) {
    std::string skeleton = NameSkeleton(token);
    std::string phonetic = PhoneticKey(skeleton);
    keys.push_back({token, std::move(skeleton), std::move(phonetic)});
  }
  return keys;
}

// Each view rescues what the others miss: the spelling sees typos in the vowels ("Rahemi" /
// "Rahimi"), the skeleton sees scripts that write no short vowels ("mhmd" / "muhammad", where
// Jaro-Winkler on the letters finds little) and doubled or aspirated spellings, the phonetic
// key sees letters transliterations swap (q/k, z/s). The best view is taken rather than a
// blend, so a token that is right in one view is not pulled down by views that cannot see why.
// Taken per token, so a name written half in Arabic script and half in Latin still lines up.
double TokenSimilarity(const TokenKeys& x, const TokenKeys& y) {
  if (x.token == y.token) return 1.0;
  if (DistinctNames(x.token, y.token)) return 0.0;
  return std::max({JaroWinkler(x.token, y.token),
                   kSkeletonWeight * JaroWinkler(x.skeleton, y.skeleton),
                   kPhoneticWeight * JaroWinkler(x.phonetic, y.phonetic)});
}

// How well `to` covers the tokens of `from`: each token of `from` takes its best partner in
// `to` (Monge-Elkan, as TokenSetSimilarity), and the mean of those is averaged with the
// weakest. The mean alone forgives one wrong token too easily: "Muhammad Akbar" against
// "Muhammad Akram" would be (1 + 0.79) / 2 = 0.89, a match, though Akbar and Akram are two
// names. On a generated case, at the threshold, the blend gives up 2% of the true pairs the
// mean would match and lets through a third fewer pairs of different people sharing a word;
// the weakest alone gives up twice as many true pairs for little more.
double Coverage(const std::vector<TokenKeys>& from, const std::vector<TokenKeys>& to) {
  double sum = 0.0;
  double weakest = 1.0;
  for (const TokenKeys& x : from) {
    double best = 0.0;
    for (const TokenKeys& y : to) best = std::max(best, TokenSimilarity(x, y));
    sum += best;
    weakest = std::min(weakest, best);
  }
  const double mean = sum / static_cast<double>(from.size());
  return (mean + weakest) / 2.0;
}

}  // namespace

double NameScore(const NormalisedName& a, const NormalisedName& b) {
  if (a.empty() || b.empty()) return 0.0;
  if (a.key == b.key) return 1.0;
  const std::vector<TokenKeys> keys_a = Keys(a);
  const std::vector<TokenKeys> keys_b = Keys(b);

  // Coverage from the shorter name: the longer one's extra tokens are the penalty's business.
  // With as many tokens on both sides either could be the shorter; both directions are taken
  // and the lower kept, so one token cannot stand for two ("Khan Khan" against "Akbar Khan").
  double base;
  if (keys_a.size() < keys_b.size()) {
    base = Coverage(keys_a, keys_b);
  } else if (keys_b.size() < keys_a.size()) {
    base = Coverage(keys_b, keys_a);
  } else {
    base = std::min(Coverage(keys_a, keys_b), Coverage(keys_b, keys_a));
  }

  // Coverage alone would score "Muhammad" 1 against "Muhammad Akbar Khan". A missing part is
  // common noise (a surname left off a manifest, a first name in a phone book) but also how
  // two different people come to look alike, so it costs in proportion to how much of the
  // longer name is left unaccounted for.
  const std::size_t longer = std::max(keys_a.size(), keys_b.size());
  const std::size_t unmatched = longer - std::min(keys_a.size(), keys_b.size());
  const double penalty =
      kUnmatchedPenalty * static_cast<double>(unmatched) / static_cast<double>(longer);
  return std::clamp(base * (1.0 - penalty), 0.0, 1.0);
}

}  // namespace corridor
