#include "algorithms/resolve/compare.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

#include "algorithms/resolve/normalise.h"
#include "algorithms/resolve/similarity.h"

namespace corridor {
namespace {

constexpr std::string_view kNameLevels[] = {"exact", "skeleton", "close", "subset", "far", "else"};
constexpr std::string_view kPartLevels[] = {"exact", "skeleton", "close", "far", "else"};
constexpr std::string_view kFatherLevels[] = {"exact", "similar", "else"};
constexpr std::string_view kDobLevels[] = {"exact", "swapped", "typo", "year", "else"};
constexpr std::string_view kTypoLevels[] = {"exact", "typo", "else"};
constexpr std::string_view kSharedLevels[] = {"shared", "else"};
constexpr std::string_view kSimilarLevels[] = {"exact", "similar", "else"};
constexpr std::string_view kAddressLevels[] = {"exact", "close", "far", "else"};
constexpr std::string_view kCloseLevels[] = {"exact", "close", "else"};
constexpr std::string_view kExactLevels[] = {"exact", "else"};
constexpr std::string_view kJourneyLevels[] = {"continues", "follows", "continues late",
                                               "follows late", "else"};
constexpr std::string_view kCompanionLevels[] = {"linked", "linked subset", "else"};

const std::array<ComparisonInfo, kComparisonCount> kInfo = {{
    {"name", kNameLevels},
    {"given", kPartLevels},
    {"family", kPartLevels},
    {"father", kFatherLevels},
    {"dob", kDobLevels},
    {"document", kTypoLevels},
    {"phone", kSharedLevels},
    {"email", kSimilarLevels},
    {"address", kAddressLevels},
    {"city", kCloseLevels},
    {"postcode", kCloseLevels},
    {"nationality", kExactLevels},
    {"sex", kExactLevels},
    {"journey", kJourneyLevels},
    {"companions", kCompanionLevels},
}};

using TokenViews = std::vector<std::string_view>;

void SplitViews(std::string_view text, TokenViews& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t j = std::min(text.find(' ', i), text.size());
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
}

// Jaro-Winkler of two name tokens, remembered per thread by their token ids: names repeat a
// few thousand common tokens across tens of millions of pairs. A direct-mapped table of 32,768
// entries (512 KiB) keeps them; an entry is only ever the value JaroWinkler gives, so what the
// table holds never changes a result. Two names whose letters are close (DistinctNames) are
// not one name's spellings: 0.
double TokenJaroWinkler(const PersonMentions& p, std::uint32_t token_a, std::string_view a,
                        std::uint32_t token_b, std::string_view b) {
  struct Entry {
    std::uint64_t key = ~std::uint64_t{0};
    double value = 0.0;
  };
  constexpr int kSlotBits = 15;
  thread_local std::vector<Entry> entries;
  thread_local std::uint64_t table = 0;  // extractions are numbered from 1 (NumberTokens)
  if (table != p.token_table) {
    entries.assign(std::size_t{1} << kSlotBits, Entry{});
    table = p.token_table;
  }
  const std::uint64_t key = std::uint64_t{token_a} << 32 | token_b;
  Entry& entry = entries[(key * 0x9E3779B97F4A7C15ULL) >> (64 - kSlotBits)];
  if (entry.key != key) entry = {key, DistinctNames(a, b) ? 0.0 : JaroWinkler(a, b)};
  return entry.value;
}

bool SameSkeleton(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  return p.skeleton_of_name[x] == p.skeleton_of_name[y];
}

// Names by id: one id per sorted-token key, one skeleton id per skeleton (features.h), so the
// exact and skeleton levels need not read the names.
std::uint8_t CompareNames(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  if (x == y) return 0;
  if (SameSkeleton(p, x, y)) return 1;
  const NormalisedName& a = p.names[x];
  const NormalisedName& b = p.names[y];
  const double similarity = NameSimilarity(p, x, y);
  if (a.tokens.size() == b.tokens.size() && similarity >= 0.92) return 2;
  if (SkeletonSubset(a.skeleton, b.skeleton)) return 3;
  if (similarity >= 0.80 || a.phonetic == b.phonetic) return 4;
  return 5;
}

double PartSimilarity(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  return x == y ? 1.0 : NameSimilarity(p, x, y);
}

std::uint8_t ComparePart(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  if (x == y) return 0;
  if (SameSkeleton(p, x, y)) return 1;
  const double similarity = NameSimilarity(p, x, y);
  if (similarity >= 0.92) return 2;
  if (similarity >= 0.80 || p.names[x].phonetic == p.names[y].phonetic) return 3;
  return 4;
}

std::uint8_t CompareFathers(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  if (x == y || SameSkeleton(p, x, y)) return 0;
  if (NameSimilarity(p, x, y) >= 0.85 || SkeletonSubset(p.names[x].skeleton, p.names[y].skeleton))
    return 1;
  return 2;
}

// Exact is the same whole date: two records that give only "2004" agree on a year, which
// thousands share, and were weighed as a whole date's agreement (+11.9 bits on the generated
// 100k case) until a year's level took them.
std::uint8_t CompareDob(const DateOfBirth& a, const DateOfBirth& b) {
  const bool both_days = a.day != 0 && b.day != 0;
  if (both_days && a.year == b.year && a.month == b.month && a.day == b.day) return 0;
  if (both_days && a.year == b.year && a.month == b.day && a.day == b.month) return 1;
  if (both_days) {
    const int digits_a[8] = {a.year / 1000, a.year / 100 % 10, a.year / 10 % 10, a.year % 10,
                             a.month / 10,  a.month % 10,      a.day / 10,       a.day % 10};
    const int digits_b[8] = {b.year / 1000, b.year / 100 % 10, b.year / 10 % 10, b.year % 10,
                             b.month / 10,  b.month % 10,      b.day / 10,       b.day % 10};
    int differing = 0;
    for (int i = 0; i < 8; ++i) differing += digits_a[i] != digits_b[i];
    if (differing == 1) return 2;
  }
  if (a.year == b.year) {
    // Equal years with one side coarser and not contradicting the other count as a year match.
    if (a.month == 0 || b.month == 0 || a.month == b.month || both_days) return 3;
  }
  return 4;
}

std::uint8_t CompareTypo(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  return BoundedEditDistance(a, b, 1) <= 1 ? 1 : 2;
}

// A CNIC and a passport number are two documents of one person, not two readings of one
// document: only documents of one kind (letters or none, about the same length) are compared,
// others say nothing either way.
bool SameDocumentKind(std::string_view a, std::string_view b) {
  const auto has_letter = [](std::string_view text) {
    return std::any_of(text.begin(), text.end(),
                       [](char c) { return std::isalpha(static_cast<unsigned char>(c)) != 0; });
  };
  const std::size_t longer = std::max(a.size(), b.size()), shorter = std::min(a.size(), b.size());
  return has_letter(a) == has_letter(b) && longer - shorter <= 1;
}

std::uint8_t CompareDocuments(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  if (!SameDocumentKind(a, b)) return kMissingLevel;
  return CompareTypo(a, b);
}

// Continues: one's leg is the other's unique next leg and the other is its unique previous
// one (features.h), so a namesake on the same corridor that week makes it no evidence.
// Follows: one's leg is the nearest after the other's, each way (PersonMentions::followed_by).
std::uint8_t CompareJourneys(const PersonMentions& p, std::uint32_t a, std::uint32_t b) {
  const MentionJourney& x = p.journey[a];
  const MentionJourney& y = p.journey[b];
  const auto whole = [](const MentionJourney& j) { return j.from != 0 && j.to != 0 && j.dated; };
  if (!whole(x) || !whole(y)) return kMissingLevel;
  if (x.from == y.from && x.to == y.to && x.depart_s == y.depart_s) return kMissingLevel;
  const std::uint32_t la = p.leg[a], lb = p.leg[b];
  constexpr std::uint8_t kElse = 4;
  if (la == PersonMentions::kNoLeg || lb == PersonMentions::kNoLeg) return kElse;
  if (p.crowded_leg[la] || p.crowded_leg[lb]) return kMissingLevel;
  const bool late = std::abs(x.depart_s - y.depart_s) > PersonMentions::kGroupGapSeconds;
  const bool forward = p.next_leg[la] == lb && p.previous_leg[lb] == la;
  const bool backward = p.next_leg[lb] == la && p.previous_leg[la] == lb;
  if (forward || backward) return late ? 2 : 0;
  if (p.followed_by[la] == lb || p.followed_by[lb] == la) return late ? 3 : 1;
  return kElse;
}

std::uint8_t CompareCompanions(const PersonMentions& p, std::uint32_t a, std::uint32_t b) {
  const std::uint32_t ta = p.trip[a], tb = p.trip[b];
  if (ta == PersonMentions::kNoTrip || tb == PersonMentions::kNoTrip || ta == tb) {
    return kMissingLevel;
  }
  // An unnamed passenger, or one of two of a name on a trip, cannot be told apart from the
  // group: neither evidence for nor against.
  if (p.name[a] == 0 || p.name[b] == 0 || p.crowded_on_trip[a] != 0 || p.crowded_on_trip[b] != 0) {
    return kMissingLevel;
  }
  constexpr std::uint8_t kElse = 2;
  const bool forward = p.next_trip[ta] == tb;
  if (!forward && p.next_trip[tb] != ta) return kElse;
  const std::uint32_t earlier = forward ? a : b, later = forward ? b : a;
  const std::uint32_t skeleton = p.skeleton_of_name[p.name[earlier]];
  if (p.previous_mate[later] != skeleton) return kElse;
  return skeleton == p.skeleton_of_name[p.name[later]] ? 0 : 1;
}

std::uint8_t CompareEmail(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  const std::string_view local_a = a.substr(0, a.find('@'));
  const std::string_view local_b = b.substr(0, b.find('@'));
  if (local_a == local_b || JaroWinkler(a, b) >= 0.9) return 1;
  return 2;
}

std::uint8_t CompareAddress(std::string_view a, std::string_view b) {
  if (a == b) return 0;
  thread_local TokenViews ta, tb;
  SplitViews(a, ta);
  SplitViews(b, tb);
  const double forward = TokenSetSimilarity(ta, tb);
  // Token-set similarity starts from the shorter side; a two-word fragment of a long address
  // should not count as a close match, so weigh by how much of the longer side is covered.
  const double coverage = static_cast<double>(std::min(ta.size(), tb.size())) /
                          static_cast<double>(std::max(ta.size(), tb.size()));
  const double similarity = forward * (0.5 + 0.5 * coverage);
  if (similarity >= 0.9) return 1;
  if (similarity >= 0.7) return 2;
  return 3;
}

std::uint8_t CompareClose(std::string_view a, std::string_view b, bool digits) {
  if (a == b) return 0;
  if (digits ? BoundedEditDistance(a, b, 1) <= 1 : JaroWinkler(a, b) >= 0.9) return 1;
  return 2;
}

}  // namespace

double NameSimilarity(const PersonMentions& p, std::uint32_t x, std::uint32_t y) {
  const std::vector<std::string>& tokens_x = p.names[x].tokens;
  const std::vector<std::string>& tokens_y = p.names[y].tokens;
  if (tokens_x.empty() || tokens_y.empty()) return 0.0;
  const bool x_shorter = tokens_x.size() <= tokens_y.size();
  const std::uint32_t shorter = x_shorter ? x : y, longer = x_shorter ? y : x;
  const std::vector<std::string>& short_tokens = x_shorter ? tokens_x : tokens_y;
  const std::vector<std::string>& long_tokens = x_shorter ? tokens_y : tokens_x;
  const std::uint32_t* short_ids = p.name_tokens.data() + p.token_begin[shorter];
  const std::uint32_t* long_ids = p.name_tokens.data() + p.token_begin[longer];
  double sum = 0.0;
  for (std::size_t i = 0; i < short_tokens.size(); ++i) {
    double best = 0.0;
    for (std::size_t j = 0; j < long_tokens.size(); ++j) {
      best = std::max(
          best, TokenJaroWinkler(p, short_ids[i], short_tokens[i], long_ids[j], long_tokens[j]));
    }
    sum += best;
  }
  return sum / static_cast<double>(short_tokens.size());
}

const ComparisonInfo& Info(Comparison comparison) {
  return kInfo[static_cast<std::size_t>(comparison)];
}

Gamma Compare(const PersonMentions& p, std::uint32_t a, std::uint32_t b) {
  Gamma gamma = 0;
  const auto set = [&gamma](Comparison c, std::uint8_t level) {
    gamma = WithLevel(gamma, static_cast<std::size_t>(c), level);
  };
  const auto text = [&p](const std::vector<std::uint32_t>& column, std::uint32_t m) {
    return std::string_view(p.texts[column[m]]);
  };
  const bool structured = p.Structured(a) && p.Structured(b);
  set(Comparison::kName, structured || p.name[a] == 0 || p.name[b] == 0
                             ? kMissingLevel
                             : CompareNames(p, p.name[a], p.name[b]));
  set(Comparison::kGiven, kMissingLevel);
  set(Comparison::kFamily, kMissingLevel);
  if (structured) {
    std::uint32_t given_b = p.given[b], family_b = p.family[b];
    if (p.given[a] != 0 && p.family[a] != 0 && given_b != 0 && family_b != 0) {
      const double straight =
          PartSimilarity(p, p.given[a], given_b) + PartSimilarity(p, p.family[a], family_b);
      const double crossed =
          PartSimilarity(p, p.given[a], family_b) + PartSimilarity(p, p.family[a], given_b);
      if (crossed > straight) std::swap(given_b, family_b);
    }
    if (p.given[a] != 0 && given_b != 0) {
      set(Comparison::kGiven, ComparePart(p, p.given[a], given_b));
    }
    if (p.family[a] != 0 && family_b != 0) {
      set(Comparison::kFamily, ComparePart(p, p.family[a], family_b));
    }
  }
  set(Comparison::kFather, p.father[a] == 0 || p.father[b] == 0
                               ? kMissingLevel
                               : CompareFathers(p, p.father[a], p.father[b]));
  set(Comparison::kDob,
      !p.dob[a].known() || !p.dob[b].known() ? kMissingLevel : CompareDob(p.dob[a], p.dob[b]));
  const auto optional = [&](Comparison c, const std::vector<std::uint32_t>& column, auto compare) {
    if (column[a] == 0 || column[b] == 0) {
      set(c, kMissingLevel);
    } else {
      set(c, column[a] == column[b] ? 0 : compare(text(column, a), text(column, b)));
    }
  };
  optional(Comparison::kDocument, p.document, CompareDocuments);
  optional(Comparison::kEmail, p.email, CompareEmail);
  optional(Comparison::kAddress, p.address, CompareAddress);
  optional(Comparison::kCity, p.city,
           [](std::string_view x, std::string_view y) { return CompareClose(x, y, false); });
  optional(Comparison::kPostcode, p.postcode,
           [](std::string_view x, std::string_view y) { return CompareClose(x, y, true); });
  optional(Comparison::kNationality, p.nationality,
           [](std::string_view, std::string_view) -> std::uint8_t { return 1; });
  optional(Comparison::kSex, p.sex,
           [](std::string_view, std::string_view) -> std::uint8_t { return 1; });

  set(Comparison::kJourney, CompareJourneys(p, a, b));
  set(Comparison::kCompanions, CompareCompanions(p, a, b));

  const auto phones_a = p.Phones(a), phones_b = p.Phones(b);
  if (phones_a.empty() || phones_b.empty()) {
    set(Comparison::kPhone, kMissingLevel);
  } else {
    bool shared = false;
    for (const std::uint64_t x : phones_a) {
      shared = shared || std::find(phones_b.begin(), phones_b.end(), x) != phones_b.end();
    }
    set(Comparison::kPhone, shared ? 0 : 1);
  }
  return gamma;
}

std::uint64_t AgreedValue(const PersonMentions& p, Comparison comparison, std::uint32_t a,
                          std::uint32_t b) {
  switch (comparison) {
    case Comparison::kName:
      return p.name[a] == p.name[b] ? p.name[a] : 0;
    case Comparison::kGiven:
      if (p.given[a] == p.given[b]) return p.given[a];
      return p.given[a] == p.family[b] ? p.given[a] : 0;  // compared crosswise
    case Comparison::kFamily:
      if (p.family[a] == p.family[b]) return p.family[a];
      return p.family[a] == p.given[b] ? p.family[a] : 0;
    case Comparison::kPhone:
      for (const std::uint64_t x : p.Phones(a)) {
        const auto other = p.Phones(b);
        if (std::find(other.begin(), other.end(), x) != other.end()) return x;
      }
      return 0;
    case Comparison::kDocument:
      return p.document[a] == p.document[b] ? p.document[a] : 0;
    case Comparison::kEmail:
      return p.email[a] == p.email[b] ? p.email[a] : 0;
    case Comparison::kAddress:
      return p.address[a] == p.address[b] ? p.address[a] : 0;
    case Comparison::kCity:
      return p.city[a] == p.city[b] ? p.city[a] : 0;
    case Comparison::kPostcode:
      return p.postcode[a] == p.postcode[b] ? p.postcode[a] : 0;
    default:
      return 0;
  }
}

}  // namespace corridor
