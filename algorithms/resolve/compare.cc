#include "algorithms/resolve/compare.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <vector>

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
constexpr std::string_view kJourneyLevels[] = {"continues", "else"};
constexpr std::string_view kCompanionLevels[] = {"linked", "else"};

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

void Views(const std::vector<std::string>& tokens, TokenViews& out) {
  out.clear();
  for (const std::string& token : tokens) out.push_back(token);
}

void SplitViews(std::string_view text, TokenViews& out) {
  out.clear();
  std::size_t i = 0;
  while (i < text.size()) {
    const std::size_t j = std::min(text.find(' ', i), text.size());
    if (j > i) out.push_back(text.substr(i, j - i));
    i = j + 1;
  }
}

// Every token of the shorter name has a token of the same skeleton in the longer one.
bool SkeletonSubset(const NormalisedName& a, const NormalisedName& b) {
  TokenViews sa, sb;
  SplitViews(a.skeleton, sa);
  SplitViews(b.skeleton, sb);
  if (sa.size() > sb.size()) std::swap(sa, sb);
  for (const std::string_view token : sa) {
    if (std::find(sb.begin(), sb.end(), token) == sb.end()) return false;
  }
  return true;
}

std::uint8_t CompareNames(const NormalisedName& a, const NormalisedName& b) {
  if (a.key == b.key) return 0;
  if (a.skeleton == b.skeleton) return 1;
  thread_local TokenViews ta, tb;
  Views(a.tokens, ta);
  Views(b.tokens, tb);
  const double similarity = TokenSetSimilarity(ta, tb);
  if (ta.size() == tb.size() && similarity >= 0.92) return 2;
  if (SkeletonSubset(a, b)) return 3;
  if (similarity >= 0.80 || a.phonetic == b.phonetic) return 4;
  return 5;
}

double PartSimilarity(const NormalisedName& a, const NormalisedName& b) {
  if (a.key == b.key) return 1.0;
  thread_local TokenViews ta, tb;
  Views(a.tokens, ta);
  Views(b.tokens, tb);
  return TokenSetSimilarity(ta, tb);
}

std::uint8_t ComparePart(const NormalisedName& a, const NormalisedName& b) {
  if (a.key == b.key) return 0;
  if (a.skeleton == b.skeleton) return 1;
  const double similarity = PartSimilarity(a, b);
  if (similarity >= 0.92) return 2;
  if (similarity >= 0.80 || a.phonetic == b.phonetic) return 3;
  return 4;
}

std::uint8_t CompareFathers(const NormalisedName& a, const NormalisedName& b) {
  if (a.key == b.key || a.skeleton == b.skeleton) return 0;
  thread_local TokenViews ta, tb;
  Views(a.tokens, ta);
  Views(b.tokens, tb);
  if (TokenSetSimilarity(ta, tb) >= 0.85 || SkeletonSubset(a, b)) return 1;
  return 2;
}

std::uint8_t CompareDob(const DateOfBirth& a, const DateOfBirth& b) {
  if (a.year == b.year && a.month == b.month && a.day == b.day) return 0;
  const bool both_days = a.day != 0 && b.day != 0;
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
std::uint8_t CompareJourneys(const PersonMentions& p, std::uint32_t a, std::uint32_t b) {
  const MentionJourney& x = p.journey[a];
  const MentionJourney& y = p.journey[b];
  const auto whole = [](const MentionJourney& j) { return j.from != 0 && j.to != 0 && j.dated; };
  if (!whole(x) || !whole(y)) return kMissingLevel;
  if (x.from == y.from && x.to == y.to && x.depart_s == y.depart_s) return kMissingLevel;
  const std::uint32_t la = p.leg[a], lb = p.leg[b];
  if (la == PersonMentions::kNoLeg || lb == PersonMentions::kNoLeg) return 1;
  if (p.crowded_leg[la] || p.crowded_leg[lb]) return kMissingLevel;
  const bool forward = p.next_leg[la] == lb && p.previous_leg[lb] == la;
  const bool backward = p.next_leg[lb] == la && p.previous_leg[la] == lb;
  return forward || backward ? 0 : 1;
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
  const bool linked = p.next_trip[ta] == tb || p.next_trip[tb] == ta;
  return linked && p.TripMates(a, b) ? 0 : 1;
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
                             : CompareNames(p.names[p.name[a]], p.names[p.name[b]]));
  set(Comparison::kGiven, kMissingLevel);
  set(Comparison::kFamily, kMissingLevel);
  if (structured) {
    std::uint32_t given_b = p.given[b], family_b = p.family[b];
    if (p.given[a] != 0 && p.family[a] != 0 && given_b != 0 && family_b != 0) {
      const auto& n = p.names;
      const double straight =
          PartSimilarity(n[p.given[a]], n[given_b]) + PartSimilarity(n[p.family[a]], n[family_b]);
      const double crossed =
          PartSimilarity(n[p.given[a]], n[family_b]) + PartSimilarity(n[p.family[a]], n[given_b]);
      if (crossed > straight) std::swap(given_b, family_b);
    }
    if (p.given[a] != 0 && given_b != 0) {
      set(Comparison::kGiven, ComparePart(p.names[p.given[a]], p.names[given_b]));
    }
    if (p.family[a] != 0 && family_b != 0) {
      set(Comparison::kFamily, ComparePart(p.names[p.family[a]], p.names[family_b]));
    }
  }
  set(Comparison::kFather, p.father[a] == 0 || p.father[b] == 0
                               ? kMissingLevel
                               : CompareFathers(p.names[p.father[a]], p.names[p.father[b]]));
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
