#include "algorithms/resolve/profiles.h"

#include <algorithm>
#include <utility>

#include "engine/parallel.h"
#include "engine/release.h"

namespace corridor {
namespace {

std::uint64_t Mix(std::uint64_t h, std::uint64_t value) {
  h ^= value + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
  return h * 0xff51afd7ed558ccdULL;
}

std::uint64_t DobKey(const DateOfBirth& dob) {
  return std::uint64_t{dob.year} << 16 | std::uint64_t{dob.month} << 8 | dob.day;
}

// Every column Compare reads, and the list the mention is in (it sets the prior), in one fixed
// order.
template <typename Visit>
void ForEachFeature(const PersonMentions& p, std::size_t m, Visit visit) {
  for (const std::vector<std::uint32_t>* column :
       {&p.column, &p.name, &p.father, &p.given, &p.family, &p.document, &p.email, &p.address,
        &p.city, &p.postcode, &p.nationality, &p.sex}) {
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
  thread_local std::vector<std::uint64_t> left, right;
  left.clear();
  right.clear();
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
  // features (collisions are checked, never trusted). Runs are independent, so they are
  // settled in parallel.
  std::vector<std::size_t> run_begin;
  for (std::size_t i = 0; i < n; ++i) {
    if (i == 0 || keys[i].first != keys[i - 1].first) run_begin.push_back(i);
  }
  run_begin.push_back(n);
  std::vector<std::uint32_t> leader(n);
  parallel::For(0, run_begin.size() - 1, parallel::kGrainMedium, [&](std::size_t run) {
    const std::size_t begin = run_begin[run], end = run_begin[run + 1];
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
  });
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

namespace {

// The per-mention feature columns, paired between two sets of mentions.
template <typename Visit>
void ForEachColumn(PersonMentions& a, PersonMentions& b, Visit visit) {
  visit(a.column, b.column);
  visit(a.name, b.name);
  visit(a.father, b.father);
  visit(a.given, b.given);
  visit(a.family, b.family);
  visit(a.dob, b.dob);
  visit(a.document, b.document);
  visit(a.email, b.email);
  visit(a.address, b.address);
  visit(a.city, b.city);
  visit(a.postcode, b.postcode);
  visit(a.nationality, b.nationality);
  visit(a.sex, b.sex);
  visit(a.journey, b.journey);
  visit(a.leg, b.leg);
  visit(a.trip, b.trip);
  visit(a.crowded_on_trip, b.crowded_on_trip);
  visit(a.previous_mate, b.previous_mate);
}

// Moves the value tables, which both sides index alike.
void MoveTables(PersonMentions& from, PersonMentions& to) {
  to.column_names = std::move(from.column_names);
  to.names = std::move(from.names);
  to.skeleton_of_name = std::move(from.skeleton_of_name);
  to.token_begin = std::move(from.token_begin);
  to.name_tokens = std::move(from.name_tokens);
  to.token_table = from.token_table;
  to.texts = std::move(from.texts);
  to.places = std::move(from.places);
  to.next_leg = std::move(from.next_leg);
  to.previous_leg = std::move(from.previous_leg);
  to.crowded_leg = std::move(from.crowded_leg);
  to.followed_by = std::move(from.followed_by);
  to.follows = std::move(from.follows);
  to.next_trip = std::move(from.next_trip);
  to.previous_trip = std::move(from.previous_trip);
}

// to's columns become from's, mention i of `to` taking mention source[i] of `from`; from's
// columns are released.
void Gather(PersonMentions& from, std::span<const std::uint32_t> source, PersonMentions& to) {
  const std::size_t k = source.size();
  ForEachColumn(from, to, [&](auto& from_column, auto& to_column) {
    to_column.resize(k);
    parallel::For(0, k, parallel::kGrainCoarse,
                  [&](std::size_t i) { to_column[i] = from_column[source[i]]; });
    Release(from_column);
  });
  to.phones.clear();
  to.phone_begin.assign(1, 0);
  to.phone_begin.reserve(k + 1);
  for (const std::uint32_t m : source) {
    const auto phones = from.Phones(m);
    to.phones.insert(to.phones.end(), phones.begin(), phones.end());
    to.phone_begin.push_back(to.phones.size());
  }
  Release(from.phones);
  Release(from.phone_begin);
  MoveTables(from, to);
}

}  // namespace

PersonMentions TakeProfiles(PersonMentions& mentions, const Profiles& profiles) {
  PersonMentions out;
  out.records.resize(profiles.count());
  for (std::size_t p = 0; p < profiles.count(); ++p) {
    out.records[p] = mentions.records[profiles.representative[p]];
  }
  Gather(mentions, profiles.representative, out);
  return out;
}

void RestoreMentions(PersonMentions& by_profile, const Profiles& profiles,
                     PersonMentions& mentions) {
  Gather(by_profile, profiles.of_mention, mentions);
}

}  // namespace corridor
