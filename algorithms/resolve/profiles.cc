#include "algorithms/resolve/profiles.h"

#include <algorithm>
#include <utility>

#include "engine/parallel.h"

namespace corridor {
namespace {

std::uint64_t Mix(std::uint64_t h, std::uint64_t value) {
  h ^= value + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

std::uint64_t DobKey(const DateOfBirth& dob) {
  return std::uint64_t{dob.year} << 16 | std::uint64_t{dob.month} << 8 | dob.day;
}

// Every column Compare reads, in one fixed order.
template <typename Visit>
void ForEachFeature(const PersonMentions& p, std::size_t m, Visit visit) {
  for (const std::vector<std::uint32_t>* column :
       {&p.name, &p.father, &p.given, &p.family, &p.document, &p.email, &p.address, &p.city,
        &p.postcode, &p.nationality, &p.sex}) {
    visit((*column)[m]);
  }
  visit(DobKey(p.dob[m]));
  const MentionJourney& journey = p.journey[m];
  visit(journey.from);
  visit(journey.to);
  visit(static_cast<std::uint64_t>(journey.depart_s));
  visit(journey.dated);
  const auto phones = p.Phones(m);
  visit(phones.size());
  for (const std::uint64_t phone : phones) visit(phone);
}

bool SameFeatures(const PersonMentions& p, std::size_t a, std::size_t b) {
  std::vector<std::uint64_t> left, right;
  ForEachFeature(p, a, [&](std::uint64_t v) { left.push_back(v); });
  ForEachFeature(p, b, [&](std::uint64_t v) { right.push_back(v); });
  return left == right;
}

}  // namespace

Profiles GroupIdenticalMentions(const PersonMentions& mentions,
                                std::span<const std::uint32_t> keep_apart) {
  const std::size_t n = mentions.size();
  std::vector<bool> alone(n, false);
  for (const std::uint32_t m : keep_apart) alone[m] = true;
  // (hash, mention) pairs are all distinct, so the parallel sort's order is fixed.
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keys(n);
  parallel::For(0, n, parallel::kGrainMedium, [&](std::size_t m) {
    std::uint64_t h = 0x5bd1e995;
    ForEachFeature(mentions, m, [&h](std::uint64_t v) { h = Mix(h, v); });
    keys[m] = {h, static_cast<std::uint32_t>(m)};
  });
  parallel::Sort(keys.begin(), keys.end());

  // Within a run of equal hashes, mentions join the first earlier mention with equal
  // features (collisions are checked, never trusted).
  std::vector<std::uint32_t> leader(n);
  for (std::size_t begin = 0; begin < n;) {
    std::size_t end = begin + 1;
    while (end < n && keys[end].first == keys[begin].first) ++end;
    for (std::size_t i = begin; i < end; ++i) {
      const std::uint32_t m = keys[i].second;
      leader[m] = m;
      if (alone[m]) continue;
      for (std::size_t j = begin; j < i; ++j) {
        const std::uint32_t earlier = keys[j].second;
        if (!alone[earlier] && leader[earlier] == earlier && SameFeatures(mentions, m, earlier)) {
          leader[m] = earlier;
          break;
        }
      }
    }
    begin = end;
  }
  Profiles out;
  out.of_mention.resize(n);
  for (std::uint32_t m = 0; m < n; ++m) {
    if (leader[m] == m) {
      out.of_mention[m] = static_cast<std::uint32_t>(out.representative.size());
      out.representative.push_back(m);
      out.size.push_back(1);
    } else {
      out.of_mention[m] = out.of_mention[leader[m]];
      ++out.size[out.of_mention[m]];
    }
  }
  return out;
}

PersonMentions SubsetMentions(PersonMentions& p, std::span<const std::uint32_t> keep) {
  PersonMentions out;
  const std::size_t k = keep.size();
  const auto take = [&](const auto& column, auto& into) {
    into.resize(k);
    parallel::For(0, k, parallel::kGrainCoarse, [&](std::size_t i) { into[i] = column[keep[i]]; });
  };
  take(p.records, out.records);
  take(p.name, out.name);
  take(p.father, out.father);
  take(p.given, out.given);
  take(p.family, out.family);
  take(p.dob, out.dob);
  take(p.document, out.document);
  take(p.email, out.email);
  take(p.address, out.address);
  take(p.city, out.city);
  take(p.postcode, out.postcode);
  take(p.nationality, out.nationality);
  take(p.sex, out.sex);
  take(p.journey, out.journey);
  take(p.leg, out.leg);
  out.next_leg = std::move(p.next_leg);
  out.previous_leg = std::move(p.previous_leg);
  out.crowded_leg = std::move(p.crowded_leg);
  out.names = std::move(p.names);
  out.skeleton_of_name = std::move(p.skeleton_of_name);
  out.texts = std::move(p.texts);
  out.places = std::move(p.places);
  out.phone_begin.assign(1, 0);
  out.phone_begin.reserve(k + 1);
  for (const std::uint32_t m : keep) {
    const auto phones = p.Phones(m);
    out.phones.insert(out.phones.end(), phones.begin(), phones.end());
    out.phone_begin.push_back(out.phones.size());
  }
  return out;
}

void ReturnTables(PersonMentions& subset, PersonMentions& mentions) {
  mentions.names = std::move(subset.names);
  mentions.skeleton_of_name = std::move(subset.skeleton_of_name);
  mentions.texts = std::move(subset.texts);
  mentions.places = std::move(subset.places);
  mentions.next_leg = std::move(subset.next_leg);
  mentions.previous_leg = std::move(subset.previous_leg);
  mentions.crowded_leg = std::move(subset.crowded_leg);
}

}  // namespace corridor
