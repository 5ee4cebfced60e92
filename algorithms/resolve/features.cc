#include "algorithms/resolve/features.h"

#include <algorithm>
#include <array>
#include <atomic>
#include <optional>
#include <span>
#include <tuple>
#include <unordered_map>

#include "algorithms/gazetteer.h"
#include "engine/mapped_memory.h"
#include "engine/parallel.h"
#include "engine/release.h"
#include "engine/string_pool.h"

namespace corridor {
namespace {

// Dense ids for distinct normalised texts, shared by all text categories; 0 is "none".
class TextTable {
 public:
  explicit TextTable(std::vector<std::string>& texts) : texts_(texts) {
    texts_.assign(1, std::string());
  }
  std::uint32_t Id(const std::string& text) {
    if (text.empty()) return 0;
    const auto [it, inserted] = index_.try_emplace(text, static_cast<std::uint32_t>(texts_.size()));
    if (inserted) texts_.push_back(text);
    return it->second;
  }

 private:
  std::vector<std::string>& texts_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

bool IsPhoneField(Field field) {
  switch (field) {
    case Field::kPhone:
    case Field::kOwnerPhone:
    case Field::kContactPhone:
    case Field::kFrom:
    case Field::kTo:
    case Field::kPayerPhone:
    case Field::kPayeePhone:
      return true;
    default:
      return false;
  }
}

// Phone regions as small ids, one per distinct region the sources declare, and the case's
// region for a record of no known source.
struct SourceRegions {
  std::vector<std::string> regions;
  std::vector<std::uint32_t> of_source;
  std::uint32_t case_region = 0;

  explicit SourceRegions(const CaseData& data) : of_source(data.sources.size()) {
    const auto id = [this](const std::string& region) {
      const auto at = static_cast<std::uint32_t>(std::find(regions.begin(), regions.end(), region) -
                                                 regions.begin());
      if (at == regions.size()) regions.push_back(region);
      return at;
    };
    for (std::size_t s = 0; s < data.sources.size(); ++s) of_source[s] = id(data.sources[s].region);
    case_region = id(std::string(data.region));
  }
  std::uint32_t Of(SourceIndex source) const {
    return source < of_source.size() ? of_source[source] : case_region;
  }
  // A raw phone is only meaningful with its source's region, so the cache key carries both.
  std::string CacheKey(std::uint32_t region, std::string_view raw) const {
    return regions[region] + '\x1f' + CanonicalPhoneText(raw, regions[region]);
  }
};

NormalisedPhone NormaliseKeyedPhone(std::string_view key) {
  const std::size_t split = key.find('\x1f');
  return NormalisePhone(key.substr(split + 1), key.substr(0, split));
}

}  // namespace

namespace {

// The distinct values of a key column, sorted, and each mention's index among them.
struct DistinctIndex {
  std::vector<std::uint64_t> keys;
  std::vector<std::uint32_t> of_mention;
};

// keys[0] is 0 (no value) whether or not a mention lacks the value. Mentions are sorted by
// key and numbered by scanning the sorted run: a binary search per mention into millions of
// keys was the slowest part of a large case (a cache miss per step). The gathering of the
// keyed mentions and the scan run in chunks, each first counting what it writes, so a chunk
// knows where its part goes (parallel::CountThenFill); serially the scan took a second for
// the 8M call records of a million-person case.
DistinctIndex IndexKeys(const std::vector<std::uint64_t>& key_of_mention) {
  DistinctIndex index;
  const std::size_t n = key_of_mention.size();
  index.of_mention.assign(n, 0);
  struct KeyedMention {
    std::uint64_t key;
    std::uint32_t mention;
    auto operator<=>(const KeyedMention&) const = default;
  };
  ParallelFilledVector<KeyedMention> keyed;
  parallel::CountThenFill(
      0, n, parallel::kGrainCoarse,
      [&](std::size_t lo, std::size_t hi) {
        return static_cast<std::size_t>(
            std::count_if(key_of_mention.begin() + static_cast<std::ptrdiff_t>(lo),
                          key_of_mention.begin() + static_cast<std::ptrdiff_t>(hi),
                          [](std::uint64_t key) { return key != 0; }));
      },
      [&](std::size_t total) { keyed.resize(total); },
      [&](std::size_t lo, std::size_t hi, std::size_t at) {
        for (std::size_t m = lo; m < hi; ++m) {
          if (key_of_mention[m] != 0) {
            keyed[at++] = {key_of_mention[m], static_cast<std::uint32_t>(m)};
          }
        }
      });
  parallel::Sort(keyed.begin(), keyed.end());
  const auto starts_key = [&](std::size_t i) { return i == 0 || keyed[i].key != keyed[i - 1].key; };
  parallel::CountThenFill(
      0, keyed.size(), parallel::kGrainCoarse,
      [&](std::size_t lo, std::size_t hi) {
        std::size_t starts = 0;
        for (std::size_t i = lo; i < hi; ++i) starts += starts_key(i);
        return starts;
      },
      [&](std::size_t keys) { index.keys.assign(keys + 1, 0); },
      [&](std::size_t lo, std::size_t hi, std::size_t at) {
        for (std::size_t i = lo; i < hi; ++i) {
          if (starts_key(i)) index.keys[++at] = keyed[i].key;
          index.of_mention[keyed[i].mention] = static_cast<std::uint32_t>(at);
        }
      });
  return index;
}

// Normalises every distinct key in parallel; `make_state` gives each chunk its own state.
template <typename T, typename MakeState, typename Normalise>
std::vector<T> NormaliseKeys(const std::vector<std::uint64_t>& keys, MakeState make_state,
                             Normalise normalise) {
  std::vector<T> out(keys.size());
  parallel::ForChunks(0, keys.size(), parallel::kGrainMedium, [&](std::size_t lo, std::size_t hi) {
    auto state = make_state();
    for (std::size_t i = lo; i < hi; ++i) out[i] = normalise(state, keys[i]);
  });
  return out;
}

constexpr Field kTextFields[] = {Field::kDocument, Field::kEmail,    Field::kAddress,
                                 Field::kCity,     Field::kPostcode, Field::kNationality,
                                 Field::kSex};
constexpr std::size_t kTextCount = std::size(kTextFields);

// A mention's raw values as ids in the record table's string pool (values are interned at
// load, so equal strings already have equal ids and no hashing is needed here).
struct RawMention {
  StringId full = 0, given = 0, family = 0, father = 0, dob = 0;
  std::array<StringId, kTextCount> texts{};
};

// Full names and given + family pairs share one key space: a full name is tagged in the top
// bit; a pair packs both ids.
constexpr std::uint64_t kFullNameTag = std::uint64_t{1} << 63;

}  // namespace

namespace {

// A journey's row yields its passenger mention and the travel record side by side.
void AddJourneys(const CaseData& data, PersonMentions& out) {
  const RecordTable& table = data.records;
  out.journey.assign(out.size(), {});
  out.places.assign(1, std::string());
  out.crowded_leg.clear();
  constexpr RecordIndex kRowSpan = 4;  // records one row yields, at most, either side
  // Each ticket's passenger mention, in the records beside it, and the ticket's places as raw
  // values are found in parallel over slices of the records; each slice starts at its first
  // mention and only moves forward (a binary search per ticket cost seconds on a million
  // persons). A row yields one ticket, so no two tickets write one mention.
  struct RawPlaces {
    StringId from = 0, to = 0;
  };
  std::vector<RawPlaces> raw_places(out.size());
  const auto raw_value = [&](RecordIndex r, Field field) -> StringId {
    for (const FieldValue& value : table.fields(r)) {
      if (value.field == field) return value.value;
    }
    return 0;
  };
  parallel::ForChunks(0, table.size(), parallel::kGrainCoarse, [&](std::size_t lo, std::size_t hi) {
    const auto slice_lo = static_cast<RecordIndex>(lo > kRowSpan ? lo - kRowSpan : 0);
    auto first_mention = static_cast<std::size_t>(
        std::lower_bound(out.records.begin(), out.records.end(), slice_lo) - out.records.begin());
    for (auto r = static_cast<RecordIndex>(lo); r < hi; ++r) {
      if (table.kind(r) != RecordKind::kTravel) continue;
      const RecordRef& row = table.ref(r);
      const RecordIndex row_lo = r > kRowSpan ? r - kRowSpan : 0;
      const auto row_hi =
          static_cast<RecordIndex>(std::min<std::size_t>(table.size(), r + kRowSpan + 1));
      while (first_mention < out.records.size() && out.records[first_mention] < row_lo) {
        ++first_mention;
      }
      for (std::size_t m = first_mention; m < out.records.size() && out.records[m] < row_hi; ++m) {
        const RecordRef& other = table.ref(out.records[m]);
        if (other.source != row.source || other.line != row.line) continue;
        MentionJourney& journey = out.journey[m];
        journey.dated = table.time(r).known();
        journey.depart_s = journey.dated ? table.time(r).seconds() : 0;
        raw_places[m] = {raw_value(r, Field::kFromPlace), raw_value(r, Field::kToPlace)};
        break;
      }
    }
  });
  // Places are numbered serially, in the order the tickets come, origin before destination.
  PlaceMatcher matcher;
  std::unordered_map<StringId, std::uint32_t> place_of_raw;
  std::unordered_map<std::string, std::uint32_t> place_of_key;
  const auto place = [&](StringId raw) -> std::uint32_t {
    if (raw == 0) return 0;
    const auto known = place_of_raw.find(raw);
    if (known != place_of_raw.end()) return known->second;
    const std::string key = matcher.Key(table.strings().View(raw));
    std::uint32_t id = 0;
    if (!key.empty()) {
      const auto [it, inserted] =
          place_of_key.try_emplace(key, static_cast<std::uint32_t>(out.places.size()));
      if (inserted) out.places.push_back(key);
      id = it->second;
    }
    place_of_raw.emplace(raw, id);
    return id;
  };
  for (std::size_t m = 0; m < out.size(); ++m) {
    out.journey[m].from = place(raw_places[m].from);
    out.journey[m].to = place(raw_places[m].to);
  }

  // Legs: distinct (skeleton, from, to, departure), numbered in sorted order.
  using LegKey = std::tuple<std::uint32_t, std::uint32_t, std::uint32_t, std::int64_t>;
  std::vector<std::pair<LegKey, std::uint32_t>> keyed;
  for (std::uint32_t m = 0; m < out.size(); ++m) {
    const MentionJourney& j = out.journey[m];
    if (j.from == 0 || j.to == 0 || !j.dated || out.name[m] == 0) continue;
    keyed.push_back({{out.skeleton_of_name[out.name[m]], j.from, j.to, j.depart_s}, m});
  }
  parallel::Sort(keyed.begin(), keyed.end());  // distinct: the mention is part of the key
  out.leg.assign(out.size(), PersonMentions::kNoLeg);
  std::vector<LegKey> legs;
  // A leg written on two tickets (not one row repeated, which the loader renames id@source:line)
  // carries two travellers of one name: which of them continues is unknowable.
  // Ids are only read for a leg's second mention on: most legs have one, and reading an id
  // is a cache miss.
  const auto base_id = [&](std::uint32_t m) {
    const std::string_view id = table.record_id(out.records[m]);
    return id.substr(0, id.find('@'));
  };
  std::uint32_t first_on_leg = 0;
  for (const auto& [key, m] : keyed) {
    if (legs.empty() || legs.back() != key) {
      legs.push_back(key);
      first_on_leg = m;
      out.crowded_leg.push_back(false);
    } else if (!out.crowded_leg.back() && base_id(m) != base_id(first_on_leg)) {
      out.crowded_leg.back() = true;
    }
    out.leg[m] = static_cast<std::uint32_t>(legs.size() - 1);
  }
  // Each leg's successors (same skeleton, leaving its destination within the window) and
  // predecessors (same skeleton, bound for its origin, having left within the window before
  // it), found by binary searches over legs by (skeleton, origin, departure) and by (skeleton,
  // destination, departure); two are enough to know. A continuation must be unique both ways:
  // a second namesake bound for the place that week could have taken the next leg.
  constexpr std::uint32_t kAmbiguous = PersonMentions::kNoLeg - 1;
  using LegByPlace = std::tuple<std::uint32_t, std::uint32_t, std::int64_t, std::uint32_t>;
  std::vector<LegByPlace> departures, arrivals;
  for (std::uint32_t g = 0; g < legs.size(); ++g) {
    const auto& [skeleton, from, to, depart] = legs[g];
    departures.emplace_back(skeleton, from, depart, g);
    arrivals.emplace_back(skeleton, to, depart, g);
  }
  parallel::Sort(departures.begin(), departures.end());  // distinct: the leg is part of the key
  parallel::Sort(arrivals.begin(), arrivals.end());
  // The one leg of `index` in [first, end of the run), or kAmbiguous, or kNoLeg; a crowded one
  // could be either traveller's.
  const auto only = [&](auto it, const auto& index, auto in_run) {
    std::uint32_t found = PersonMentions::kNoLeg;
    for (; it != index.end() && in_run(*it); ++it) {
      if (found != PersonMentions::kNoLeg) return kAmbiguous;
      found = std::get<3>(*it);
    }
    return found != PersonMentions::kNoLeg && out.crowded_leg[found] ? kAmbiguous : found;
  };
  out.next_leg.assign(legs.size(), PersonMentions::kNoLeg);
  out.previous_leg.assign(legs.size(), PersonMentions::kNoLeg);
  parallel::For(0, legs.size(), parallel::kGrainMedium, [&](std::size_t g) {
    // Named copies, not structured bindings: the lambdas below capture them.
    const std::uint32_t skeleton = std::get<0>(legs[g]), from = std::get<1>(legs[g]),
                        to = std::get<2>(legs[g]);
    const std::int64_t depart = std::get<3>(legs[g]);
    out.next_leg[g] = only(std::lower_bound(departures.begin(), departures.end(),
                                            LegByPlace(skeleton, to, depart + 1, 0)),
                           departures, [&](const LegByPlace& d) {
                             return std::get<0>(d) == skeleton && std::get<1>(d) == to &&
                                    std::get<2>(d) - depart <= PersonMentions::kContinuationSeconds;
                           });
    out.previous_leg[g] = only(
        std::lower_bound(
            arrivals.begin(), arrivals.end(),
            LegByPlace(skeleton, from, depart - PersonMentions::kContinuationSeconds, 0)),
        arrivals, [&](const LegByPlace& a) {
          return std::get<0>(a) == skeleton && std::get<1>(a) == from && std::get<2>(a) < depart;
        });
  });
  // Nearest successors: the first leg of the skeleton leaving a leg's destination after it,
  // when the leg is the last of the skeleton to have left for that place before it. Arrivals
  // are ordered by departure, the only time a ticket gives.
  // Of the entries of one (skeleton, place) in a sorted index, the one at `it`, unless another
  // shares its time: two legs at once leave which of them connects unknowable.
  const auto alone = [](const auto& index, auto it) {
    const auto same_time = [&](auto other) {
      return std::get<0>(*other) == std::get<0>(*it) && std::get<1>(*other) == std::get<1>(*it) &&
             std::get<2>(*other) == std::get<2>(*it);
    };
    return (it == index.begin() || !same_time(std::prev(it))) &&
           (std::next(it) == index.end() || !same_time(std::next(it)));
  };
  out.followed_by.assign(legs.size(), PersonMentions::kNoLeg);
  parallel::For(0, legs.size(), parallel::kGrainMedium, [&](std::size_t g) {
    const auto& [skeleton, from, to, depart] = legs[g];
    const auto next = std::lower_bound(departures.begin(), departures.end(),
                                       std::tuple(skeleton, to, depart + 1, std::uint32_t{0}));
    if (next == departures.end() || std::get<0>(*next) != skeleton || std::get<1>(*next) != to ||
        std::get<2>(*next) - depart > PersonMentions::kContinuationSeconds ||
        !alone(departures, next)) {
      return;
    }
    const std::uint32_t h = std::get<3>(*next);
    auto last = std::lower_bound(arrivals.begin(), arrivals.end(),
                                 std::tuple(skeleton, to, std::get<2>(*next), std::uint32_t{0}));
    if (last == arrivals.begin()) return;
    --last;
    if (std::get<3>(*last) != g || !alone(arrivals, last)) return;
    if (out.crowded_leg[g] || out.crowded_leg[h]) return;
    out.followed_by[g] = h;
  });
  out.follows.assign(legs.size(), PersonMentions::kNoLeg);
  for (std::uint32_t g = 0; g < legs.size(); ++g) {
    if (out.followed_by[g] != PersonMentions::kNoLeg) out.follows[out.followed_by[g]] = g;
  }
}

// Pairs the distinct skeletons of two trips (each sorted) one to one, calling mate(x, y) for
// each pair, x of the first trip and y of the second: a skeleton on both is its own mate; of
// the others, x and y are mates when one holds every token of the other (a name written in
// part: "Wahid" for "Wahid Durrani") and neither is so related to another unpaired skeleton
// of the other trip.
template <typename Mate>
void MateSkeletons(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b,
                   const std::vector<std::string_view>& skeleton_text, Mate mate) {
  thread_local std::vector<std::uint32_t> rest_a, rest_b, partner_a, partner_b;
  rest_a.clear();
  rest_b.clear();
  for (std::size_t i = 0, j = 0; i < a.size() || j < b.size();) {
    if (j == b.size() || (i < a.size() && a[i] < b[j])) {
      rest_a.push_back(a[i++]);
    } else if (i == a.size() || b[j] < a[i]) {
      rest_b.push_back(b[j++]);
    } else {
      mate(a[i], b[j]);
      ++i;
      ++j;
    }
  }
  if (rest_a.empty() || rest_b.empty()) return;
  constexpr std::uint32_t kNone = ~std::uint32_t{0}, kMany = kNone - 1;
  partner_a.assign(rest_a.size(), kNone);
  partner_b.assign(rest_b.size(), kNone);
  const auto relate = [](std::uint32_t& partner, std::uint32_t other) {
    partner = partner == kNone ? other : kMany;
  };
  for (std::uint32_t i = 0; i < rest_a.size(); ++i) {
    const std::string_view x = skeleton_text[rest_a[i]];
    if (x.empty()) continue;
    for (std::uint32_t j = 0; j < rest_b.size(); ++j) {
      const std::string_view y = skeleton_text[rest_b[j]];
      if (y.empty() || !SkeletonSubset(x, y)) continue;
      relate(partner_a[i], j);
      relate(partner_b[j], i);
    }
  }
  for (std::uint32_t i = 0; i < rest_a.size(); ++i) {
    const std::uint32_t j = partner_a[i];
    if (j < rest_b.size() && partner_b[j] == i) mate(rest_a[i], rest_b[j]);
  }
}

// Trips and their linked successors (PersonMentions::trip). A trip's candidates are found
// through an index of (origin, skeleton, departure, trip), one entry per distinct skeleton on a
// trip, so the work is the namesakes met, not trips squared; a candidate's votes are the
// travellers the two trips share, names written in part included (MateSkeletons).
void LinkTrips(const RecordTable& table, PersonMentions& out) {
  constexpr std::uint32_t kNoTrip = PersonMentions::kNoTrip;
  constexpr std::uint32_t kNoName = ~std::uint32_t{0};  // sorts a trip's unnamed mentions last
  using TripKey = std::tuple<std::uint32_t, std::uint32_t, std::int64_t>;  // from, to, departure
  // (trip key, skeleton, mention): one sort leaves each trip's mentions grouped by skeleton.
  std::vector<std::tuple<TripKey, std::uint32_t, std::uint32_t>> keyed;
  for (std::uint32_t m = 0; m < out.size(); ++m) {
    const MentionJourney& j = out.journey[m];
    if (j.from == 0 || j.to == 0 || !j.dated) continue;
    const std::uint32_t skeleton = out.name[m] == 0 ? kNoName : out.skeleton_of_name[out.name[m]];
    keyed.emplace_back(TripKey{j.from, j.to, j.depart_s}, skeleton, m);
  }
  parallel::Sort(keyed.begin(), keyed.end());  // distinct: the mention is part of the key
  out.trip.assign(out.size(), kNoTrip);
  out.crowded_on_trip.assign(out.size(), 0);
  std::vector<TripKey> trips;
  std::vector<std::uint64_t> skeleton_begin;  // CSR: the distinct skeletons written on a trip
  std::vector<std::uint32_t> skeletons;
  std::vector<std::uint64_t> skeleton_end;  // after the trip's distinct skeletons
  std::vector<std::size_t> trip_first;      // the trip's first entry in `keyed`
  // One ticket repeated (the loader renames it id@source:line) is one traveller; two tickets
  // of one skeleton are two.
  const auto ticket = [&](std::size_t i) {
    const std::string_view id = table.record_id(out.records[std::get<2>(keyed[i])]);
    return id.substr(0, id.find('@'));
  };
  for (std::size_t i = 0; i < keyed.size();) {
    const TripKey& key = std::get<0>(keyed[i]);
    const std::uint32_t skeleton = std::get<1>(keyed[i]);
    if (trips.empty() || trips.back() != key) {
      if (!trips.empty()) skeleton_end.push_back(skeletons.size());
      trips.push_back(key);
      trip_first.push_back(i);
      skeleton_begin.push_back(skeletons.size());
    }
    std::size_t j = i + 1;
    while (j < keyed.size() && std::get<0>(keyed[j]) == key && std::get<1>(keyed[j]) == skeleton) {
      ++j;
    }
    bool crowded = false;
    for (std::size_t k = i + 1; k < j && !crowded; ++k) crowded = ticket(k) != ticket(i);
    for (std::size_t k = i; k < j; ++k) {
      const std::uint32_t m = std::get<2>(keyed[k]);
      out.trip[m] = static_cast<std::uint32_t>(trips.size() - 1);
      out.crowded_on_trip[m] = skeleton != kNoName && crowded;
    }
    if (skeleton != kNoName) skeletons.push_back(skeleton);
    i = j;
  }
  if (!trips.empty()) skeleton_end.push_back(skeletons.size());
  trip_first.push_back(keyed.size());
  const auto skeletons_of = [&](std::uint32_t t) {
    return std::span<const std::uint32_t>(skeletons.data() + skeleton_begin[t],
                                          skeleton_end[t] - skeleton_begin[t]);
  };
  std::vector<std::string_view> skeleton_text;
  for (std::uint32_t id = 1; id < out.names.size(); ++id) {
    const std::uint32_t skeleton = out.skeleton_of_name[id];
    if (skeleton >= skeleton_text.size()) skeleton_text.resize(skeleton + 1);
    skeleton_text[skeleton] = out.names[id].skeleton;
  }
  // Where a group's next trip leaves from elsewhere than its last trip's destination, the
  // stops between went unrecorded (a third of the generated case's successive legs). Such a
  // stop is onward: within kMaxUnrecordedKm of that destination, and further from the last
  // trip's origin than its destination is, so a group is never linked back along its road;
  // both must be gazetteer places, whose coordinates are known.
  constexpr double kMaxUnrecordedKm = 1000.0;
  std::vector<const Place*> gazetteer_place(out.places.size(), nullptr);
  for (std::size_t id = 0; id < out.places.size(); ++id) {
    if (const auto entry = PlaceMatcher::GazetteerEntry(out.places[id])) {
      gazetteer_place[id] = &Gazetteer()[*entry];
    }
  }
  const auto onward_stop = [&](std::uint32_t origin, std::uint32_t destination,
                               std::uint32_t stop) {
    const Place* from = gazetteer_place[origin];
    const Place* to = gazetteer_place[destination];
    const Place* next = gazetteer_place[stop];
    return from != nullptr && to != nullptr && next != nullptr && stop != destination &&
           DistanceKm(*to, *next) <= kMaxUnrecordedKm &&
           DistanceKm(*from, *next) > DistanceKm(*from, *to);
  };
  // Entries (place, skeleton, departure, trip), one per trip and skeleton: keyed by the trip's
  // origin to find the trips leaving a destination, or with place 0 to find them anywhere.
  using Departure = std::tuple<std::uint32_t, std::uint32_t, std::int64_t, std::uint32_t>;
  std::vector<Departure> departures;

  // A skeleton met on more departures than this in one place and week ("Muhammad") votes for
  // none of them: it would cost the most and tell the least.
  constexpr std::size_t kMaxNamesakeDepartures = 64;
  out.next_trip.assign(trips.size(), kNoTrip);
  out.previous_trip.assign(trips.size(), kNoTrip);
  // Each trip still without a successor proposes the candidate sharing the most travellers,
  // if no other shares as many; a candidate still without a predecessor keeps its best
  // proposer, and none when two propose equally well. `anywhere`: candidates leave from any
  // place but the trip's destination, whose candidates were weighed before.
  const auto link = [&](bool anywhere) {
    departures.clear();
    for (std::uint32_t t = 0; t < trips.size(); ++t) {
      if (anywhere && out.previous_trip[t] != kNoTrip) continue;
      const std::uint32_t place = anywhere ? 0 : std::get<0>(trips[t]);
      for (std::uint64_t i = skeleton_begin[t]; i < skeleton_end[t]; ++i) {
        departures.emplace_back(place, skeletons[i], std::get<2>(trips[t]), t);
      }
    }
    parallel::Sort(departures.begin(), departures.end());
    std::vector<std::uint32_t> proposal(trips.size(), kNoTrip), votes_for(trips.size(), 0);
    parallel::For(0, trips.size(), parallel::kGrainMedium, [&](std::size_t t) {
      if (out.next_trip[t] != kNoTrip) return;
      thread_local std::vector<std::uint32_t> candidates;
      candidates.clear();
      const std::uint32_t to = std::get<1>(trips[t]);
      const std::uint32_t place = anywhere ? 0 : to;
      const std::int64_t depart = std::get<2>(trips[t]);
      for (std::uint64_t i = skeleton_begin[t]; i < skeleton_end[t]; ++i) {
        const std::uint32_t skeleton = skeletons[i];
        const auto first = std::lower_bound(departures.begin(), departures.end(),
                                            Departure(place, skeleton, depart + 1, 0));
        auto last = first;
        while (last != departures.end() && std::get<0>(*last) == place &&
               std::get<1>(*last) == skeleton &&
               std::get<2>(*last) - depart <= PersonMentions::kContinuationSeconds &&
               static_cast<std::size_t>(last - first) <= kMaxNamesakeDepartures) {
          ++last;
        }
        if (static_cast<std::size_t>(last - first) > kMaxNamesakeDepartures) continue;
        for (auto it = first; it != last; ++it) {
          if (!anywhere ||
              onward_stop(std::get<0>(trips[t]), to, std::get<0>(trips[std::get<3>(*it)]))) {
            candidates.push_back(std::get<3>(*it));
          }
        }
      }
      std::sort(candidates.begin(), candidates.end());
      std::uint32_t best = kNoTrip, best_votes = 0;
      bool tied = false;
      for (std::size_t i = 0; i < candidates.size();) {
        std::size_t j = i;
        while (j < candidates.size() && candidates[j] == candidates[i]) ++j;
        // Across unrecorded stops only names written in full (two tokens or more) vote: the
        // next group of a clan shares its given names ("Fatima", "Mohammad").
        std::uint32_t votes = 0;
        MateSkeletons(skeletons_of(static_cast<std::uint32_t>(t)), skeletons_of(candidates[i]),
                      skeleton_text, [&](std::uint32_t x, std::uint32_t y) {
                        votes +=
                            !anywhere || (skeleton_text[x].find(' ') != std::string_view::npos &&
                                          skeleton_text[y].find(' ') != std::string_view::npos);
                      });
        const bool later =
            std::get<2>(trips[candidates[i]]) - depart > PersonMentions::kGroupGapSeconds;
        const std::uint32_t needed = later || anywhere ? PersonMentions::kMinSharedSkeletonsLater
                                                       : PersonMentions::kMinSharedSkeletons;
        if (votes < needed) {
          i = j;
          continue;
        }
        if (votes > best_votes) {
          best = candidates[i];
          best_votes = votes;
          tied = false;
        } else if (votes == best_votes) {
          tied = true;
        }
        i = j;
      }
      if (best != kNoTrip && !tied) {
        proposal[t] = best;
        votes_for[t] = best_votes;
      }
    });
    std::vector<std::uint32_t> best_proposer(trips.size(), kNoTrip), best_votes(trips.size(), 0);
    std::vector<bool> tied(trips.size(), false);
    for (std::uint32_t t = 0; t < trips.size(); ++t) {
      const std::uint32_t next = proposal[t];
      if (next == kNoTrip) continue;
      if (votes_for[t] > best_votes[next]) {
        best_proposer[next] = t;
        best_votes[next] = votes_for[t];
        tied[next] = false;
      } else if (votes_for[t] == best_votes[next]) {
        tied[next] = true;
      }
    }
    for (std::uint32_t next = 0; next < trips.size(); ++next) {
      if (best_proposer[next] == kNoTrip || tied[next]) continue;
      out.next_trip[best_proposer[next]] = next;
      out.previous_trip[next] = best_proposer[next];
    }
  };
  link(false);
  link(true);
  out.previous_mate.assign(out.size(), PersonMentions::kNoMate);
  parallel::For(0, trips.size(), parallel::kGrainMedium, [&](std::size_t t) {
    const std::uint32_t previous = out.previous_trip[t];
    if (previous == kNoTrip) return;
    thread_local std::vector<std::pair<std::uint32_t, std::uint32_t>> mate_of;  // (y, x)
    mate_of.clear();
    MateSkeletons(skeletons_of(previous), skeletons_of(static_cast<std::uint32_t>(t)),
                  skeleton_text,
                  [&](std::uint32_t x, std::uint32_t y) { mate_of.emplace_back(y, x); });
    std::sort(mate_of.begin(), mate_of.end());
    for (std::size_t i = trip_first[t]; i < trip_first[t + 1]; ++i) {
      const auto [trip_key, skeleton, m] = keyed[i];
      const auto it = std::lower_bound(mate_of.begin(), mate_of.end(),
                                       std::pair<std::uint32_t, std::uint32_t>(skeleton, 0));
      if (it != mate_of.end() && it->first == skeleton) out.previous_mate[m] = it->second;
    }
  });
}

// The role is the record id's suffix as the loaders write it (emit.h), up to an '@' the loader
// adds when it renames a repeated id; any other text after a '#' is part of the source's own
// id and says nothing about the list. Lists are keyed by source and role, not by their names,
// which a source's own name could make collide.
void AssignColumns(const CaseData& data, PersonMentions& mentions) {
  static constexpr std::array<std::string_view, 5> kRoles = {"person", "subscriber", "owner",
                                                             "payer", "payee"};
  const RecordTable& table = data.records;
  std::unordered_map<std::uint64_t, std::uint32_t> ids;
  mentions.column.resize(mentions.size());
  for (std::size_t m = 0; m < mentions.size(); ++m) {
    const RecordIndex r = mentions.records[m];
    const SourceIndex source = table.ref(r).source;
    const std::string_view id = table.record_id(r);
    std::size_t role = kRoles.size();  // none
    if (const std::size_t hash = id.rfind('#'); hash != std::string_view::npos) {
      const std::string_view suffix = id.substr(hash + 1, id.find('@', hash) - hash - 1);
      role = static_cast<std::size_t>(std::find(kRoles.begin(), kRoles.end(), suffix) -
                                      kRoles.begin());
    }
    const std::uint64_t key = std::uint64_t{source} * (kRoles.size() + 1) + role;
    const auto [it, inserted] =
        ids.try_emplace(key, static_cast<std::uint32_t>(mentions.column_names.size()));
    if (inserted) {
      std::string name = data.sources[source].name;
      if (role < kRoles.size()) name.append("#").append(kRoles[role]);
      mentions.column_names.push_back(std::move(name));
    }
    mentions.column[m] = it->second;
  }
}

// Token ids for compare.cc's per-thread table of token similarities. The table outlives one
// extraction (a test, or `explain` after `resolve`, extracts twice in one process), so each
// extraction gets a number never given before, from 1, and a thread clears its table on
// meeting a new one. A process-wide counter is the one global here: the tables it guards are
// per thread, and no extraction can know which thread tables others left behind.
void NumberTokens(PersonMentions& out) {
  static std::atomic<std::uint64_t> tables{0};
  out.token_table = ++tables;
  std::unordered_map<std::string_view, std::uint32_t> ids;
  out.name_tokens.clear();
  out.token_begin.assign(1, 0);
  for (const NormalisedName& name : out.names) {
    for (const std::string& token : name.tokens) {
      out.name_tokens.push_back(
          ids.try_emplace(token, static_cast<std::uint32_t>(ids.size())).first->second);
    }
    out.token_begin.push_back(static_cast<std::uint32_t>(out.name_tokens.size()));
  }
}

}  // namespace

PersonMentions ExtractPersons(const CaseData& data, NormaliseReport& report) {
  const RecordTable& table = data.records;
  const StringPool& strings = table.strings();
  PersonMentions out;
  for (RecordIndex r = 0; r < table.size(); ++r) {
    if (table.kind(r) == RecordKind::kPerson) out.records.push_back(r);
  }
  const std::size_t n = out.size();
  AssignColumns(data, out);

  std::vector<RawMention> raw(n);
  parallel::For(0, n, parallel::kGrainCoarse, [&](std::size_t m) {
    RawMention& mention = raw[m];
    for (const FieldValue& value : table.fields(out.records[m])) {
      StringId* slot = nullptr;
      switch (value.field) {
        case Field::kFullName:
          slot = &mention.full;
          break;
        case Field::kGivenName:
          slot = &mention.given;
          break;
        case Field::kFamilyName:
          slot = &mention.family;
          break;
        case Field::kFatherName:
          slot = &mention.father;
          break;
        case Field::kDob:
          slot = &mention.dob;
          break;
        default:
          for (std::size_t t = 0; t < kTextCount; ++t) {
            if (value.field == kTextFields[t]) slot = &mention.texts[t];
          }
          break;
      }
      if (slot != nullptr && *slot == 0) *slot = value.value;  // the first value counts
    }
  });

  // Names and texts (ICU) and phones (libphonenumber) are normalised side by side:
  // libphonenumber serialises its callers on a mutex around its cache of regular
  // expressions, so a second core gains it little, and the names can use that core.
  const auto names_and_texts = [&] {
    // Keys per category, one column at a time (twelve columns of 8 bytes per mention at once
    // set the peak of a large run). A full name makes the mention unstructured even if parts
    // are given: the parts may not be what the full name says.
    const auto index_of = [&](auto key_of) {
      std::vector<std::uint64_t> keys(n);
      parallel::For(0, n, parallel::kGrainCoarse, [&](std::size_t m) { keys[m] = key_of(raw[m]); });
      return IndexKeys(keys);
    };
    const DistinctIndex names = index_of([](const RawMention& r) {
      return r.full != 0 ? kFullNameTag | r.full : std::uint64_t{r.given} << 32 | r.family;
    });
    const DistinctIndex givens =
        index_of([](const RawMention& r) -> std::uint64_t { return r.full != 0 ? 0 : r.given; });
    const DistinctIndex families =
        index_of([](const RawMention& r) -> std::uint64_t { return r.full != 0 ? 0 : r.family; });
    const DistinctIndex fathers =
        index_of([](const RawMention& r) -> std::uint64_t { return r.father; });
    const DistinctIndex dobs = index_of([](const RawMention& r) -> std::uint64_t { return r.dob; });
    std::vector<bool> has_dob(n);
    for (std::size_t m = 0; m < n; ++m) has_dob[m] = raw[m].dob != 0;

    const NameNormaliser prototype;
    const auto make_normaliser = [&prototype] { return prototype.Clone(); };
    const auto name_text = [&strings](std::uint64_t key) -> std::string {
      if (key & kFullNameTag) return std::string(strings.View(static_cast<StringId>(key)));
      std::string text(strings.View(static_cast<StringId>(key >> 32)));
      const std::string_view family = strings.View(static_cast<StringId>(key));
      if (!family.empty()) text += (text.empty() ? "" : " ") + std::string(family);
      return text;
    };
    const auto normalise_names = [&](const DistinctIndex& index) {
      return NormaliseKeys<NormalisedName>(index.keys, make_normaliser,
                                           [&](NameNormaliser& normaliser, std::uint64_t key) {
                                             return normaliser.Normalise(name_text(key));
                                           });
    };
    const std::vector<NormalisedName> name_values = normalise_names(names);
    const std::vector<NormalisedName> given_values = normalise_names(givens);
    const std::vector<NormalisedName> family_values = normalise_names(families);
    const std::vector<NormalisedName> father_values = normalise_names(fathers);
    report.names =
        names.keys.size() + givens.keys.size() + families.keys.size() + fathers.keys.size();
    const std::vector<DateOfBirth> dob_values = NormaliseKeys<DateOfBirth>(
        dobs.keys, [] { return 0; },
        [&strings](int, std::uint64_t id) {
          return ParseDateOfBirth(strings.View(static_cast<StringId>(id)));
        });

    // Name ids: one per distinct sorted-token key across all name categories (names that
    // differ only in token order are one value: no comparison looks at order). Assigned over
    // distinct values in key order, so they do not depend on threads.
    out.names.assign(1, NormalisedName());
    std::unordered_map<std::string, std::uint32_t> name_ids;
    const auto name_id = [&](const NormalisedName& name) -> std::uint32_t {
      if (name.empty()) return 0;
      const auto [it, inserted] =
          name_ids.try_emplace(name.key, static_cast<std::uint32_t>(out.names.size()));
      if (inserted) {
        out.names.push_back(name);
        out.names.back().father_tokens.clear();
      }
      return it->second;
    };
    const auto ids_of = [&](const std::vector<NormalisedName>& values) {
      std::vector<std::uint32_t> ids(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) ids[i] = name_id(values[i]);
      return ids;
    };
    const std::vector<std::uint32_t> name_ids_of = ids_of(name_values);
    const std::vector<std::uint32_t> given_ids_of = ids_of(given_values);
    const std::vector<std::uint32_t> family_ids_of = ids_of(family_values);
    const std::vector<std::uint32_t> father_ids_of = ids_of(father_values);
    // A father named inside the name ("s/o Gul Khan") stands in when no father field is given.
    std::vector<std::uint32_t> inner_father_ids_of(name_values.size(), 0);
    for (std::size_t i = 0; i < name_values.size(); ++i) {
      if (!name_values[i].father_tokens.empty()) {
        inner_father_ids_of[i] = name_id(NameFromTokens(name_values[i].father_tokens));
      }
    }
    out.name.resize(n);
    out.father.resize(n);
    out.given.resize(n);
    out.family.resize(n);
    out.dob.resize(n);
    parallel::For(0, n, parallel::kGrainCoarse, [&](std::size_t m) {
      out.name[m] = name_ids_of[names.of_mention[m]];
      const std::uint32_t father = father_ids_of[fathers.of_mention[m]];
      out.father[m] = father != 0 ? father : inner_father_ids_of[names.of_mention[m]];
      out.given[m] = given_ids_of[givens.of_mention[m]];
      out.family[m] = family_ids_of[families.of_mention[m]];
      out.dob[m] = dob_values[dobs.of_mention[m]];
    });
    for (std::size_t m = 0; m < n; ++m) {
      if (has_dob[m] && !out.dob[m].known()) ++report.invalid_dates;
    }

    std::unordered_map<std::string_view, std::uint32_t> skeleton_ids;
    out.skeleton_of_name.resize(out.names.size());
    for (std::size_t id = 0; id < out.names.size(); ++id) {
      const auto [it, inserted] = skeleton_ids.try_emplace(
          out.names[id].skeleton, static_cast<std::uint32_t>(skeleton_ids.size()));
      out.skeleton_of_name[id] = it->second;
    }
    NumberTokens(out);

    // Texts: each category normalises its own way; ids are shared across categories.
    TextTable texts(out.texts);
    std::vector<std::uint32_t>* columns[] = {&out.document, &out.email,    &out.address,
                                             &out.city,     &out.postcode, &out.nationality,
                                             &out.sex};
    for (std::size_t t = 0; t < kTextCount; ++t) {
      const DistinctIndex index =
          index_of([t](const RawMention& r) -> std::uint64_t { return r.texts[t]; });
      const std::vector<std::string> values = NormaliseKeys<std::string>(
          index.keys, make_normaliser, [&](NameNormaliser& normaliser, std::uint64_t id) {
            const std::string_view value = strings.View(static_cast<StringId>(id));
            switch (kTextFields[t]) {
              case Field::kDocument:
                return NormaliseDocument(value);
              case Field::kEmail:
                return NormaliseEmail(value);
              default:
                return normaliser.NormaliseText(value);
            }
          });
      std::vector<std::uint32_t> ids(values.size());
      for (std::size_t i = 0; i < values.size(); ++i) ids[i] = texts.Id(values[i]);
      std::vector<std::uint32_t>& column = *columns[t];
      column.resize(n);
      parallel::For(0, n, parallel::kGrainCoarse,
                    [&](std::size_t m) { column[m] = ids[index.of_mention[m]]; });
    }
    Release(raw);
  };
  const auto normalise_phones = [&] {
    // Phones: keyed by (source region, raw id); parsed once per distinct canonical text.
    const SourceRegions regions(data);
    std::vector<std::uint64_t> phone_raw_begin(n + 1, 0);
    std::vector<std::uint64_t> phone_key;
    for (std::size_t m = 0; m < n; ++m) {
      const RecordIndex r = out.records[m];
      const SourceIndex source = table.ref(r).source;
      for (const FieldValue& value : table.fields(r)) {
        if (value.field != Field::kPhone) continue;
        phone_key.push_back(std::uint64_t{regions.Of(source)} << 32 | value.value);
      }
      phone_raw_begin[m + 1] = phone_key.size();
    }
    const DistinctIndex phones = IndexKeys(phone_key);
    for (const std::uint64_t key : phones.keys) {
      out.phone_cache.keys.Intern(regions.CacheKey(static_cast<std::uint32_t>(key >> 32),
                                                   strings.View(static_cast<StringId>(key))));
    }
    out.phone_cache.values.assign(out.phone_cache.keys.size(), NormalisedPhone());
    parallel::ForChunks(1, out.phone_cache.keys.size(), parallel::kGrainMedium,
                        [&](std::size_t lo, std::size_t hi) {
                          for (std::size_t id = lo; id < hi; ++id) {
                            out.phone_cache.values[id] = NormaliseKeyedPhone(
                                out.phone_cache.keys.View(static_cast<StringId>(id)));
                          }
                        });
    std::vector<NormalisedPhone> phone_values(phones.keys.size());
    for (std::size_t i = 0; i < phones.keys.size(); ++i) {
      phone_values[i] = out.phone_cache.values[*out.phone_cache.keys.Find(
          regions.CacheKey(static_cast<std::uint32_t>(phones.keys[i] >> 32),
                           strings.View(static_cast<StringId>(phones.keys[i]))))];
    }
    out.phone_begin.assign(n + 1, 0);
    for (std::size_t m = 0; m < n; ++m) {
      for (std::uint64_t k = phone_raw_begin[m]; k < phone_raw_begin[m + 1]; ++k) {
        ++report.phones;
        const NormalisedPhone phone = phone_values[phones.of_mention[k]];
        if (!phone.valid()) {
          ++report.invalid_phones;
          continue;
        }
        const auto begin = out.phones.begin() + static_cast<std::ptrdiff_t>(out.phone_begin[m]);
        if (std::find(begin, out.phones.end(), phone.e164) == out.phones.end()) {
          out.phones.push_back(phone.e164);
        }
      }
      out.phone_begin[m + 1] = out.phones.size();
    }
  };
  parallel::Both(names_and_texts, normalise_phones);
  AddJourneys(data, out);
  LinkTrips(table, out);
  return out;
}

namespace {

// Normalises the phone values `gather` lists: it calls its argument with each record, field
// and raw value, in the order the result should have.
template <typename Gather>
std::vector<PhoneValue> NormaliseGathered(const CaseData& data, const PhoneCache& cache,
                                          Gather gather) {
  const RecordTable& table = data.records;
  const SourceRegions regions(data);
  // Keyed by (region, raw string id) first: a call record's numbers repeat across thousands
  // of calls, and canonical text costs an allocation per value.
  std::vector<PhoneValue> values;
  std::vector<std::uint64_t> raw_key;
  gather([&](RecordIndex r, Field field, StringId raw) {
    values.push_back({r, field, 0});
    raw_key.push_back(std::uint64_t{regions.Of(table.ref(r).source)} << 32 | raw);
  });
  const DistinctIndex distinct = IndexKeys(raw_key);
  Release(raw_key);
  // Then by canonical text, which is what the cache and libphonenumber read.
  std::vector<std::string> cache_keys(distinct.keys.size());
  parallel::For(1, distinct.keys.size(), parallel::kGrainMedium, [&](std::size_t i) {
    cache_keys[i] = regions.CacheKey(static_cast<std::uint32_t>(distinct.keys[i] >> 32),
                                     table.strings().View(static_cast<StringId>(distinct.keys[i])));
  });
  StringPool canonical;
  std::vector<StringId> canonical_of_raw(distinct.keys.size(), 0);
  for (std::size_t i = 1; i < distinct.keys.size(); ++i) {
    canonical_of_raw[i] = canonical.Intern(cache_keys[i]);
  }
  Release(cache_keys);
  std::vector<NormalisedPhone> normalised(canonical.size());
  parallel::For(1, canonical.size(), parallel::kGrainMedium, [&](std::size_t id) {
    const std::string_view key = canonical.View(static_cast<StringId>(id));
    const std::optional<StringId> known = cache.keys.Find(key);
    normalised[id] = known ? cache.values[*known] : NormaliseKeyedPhone(key);
  });
  for (std::size_t v = 0; v < values.size(); ++v) {
    values[v].e164 = normalised[canonical_of_raw[distinct.of_mention[v]]].e164;
  }
  return values;
}

}  // namespace

std::vector<PhoneValue> NormalisePhones(const CaseData& data, RecordKind kind,
                                        const PhoneCache& cache) {
  const RecordTable& table = data.records;
  return NormaliseGathered(data, cache, [&](auto&& add) {
    for (RecordIndex r = 0; r < table.size(); ++r) {
      if (table.kind(r) != kind) continue;
      for (const FieldValue& value : table.fields(r)) {
        if (IsPhoneField(value.field)) add(r, value.field, value.value);
      }
    }
  });
}

std::vector<PhoneValue> NormalisePhones(const CaseData& data, std::span<const RecordIndex> records,
                                        Field field, const PhoneCache& cache) {
  const RecordTable& table = data.records;
  return NormaliseGathered(data, cache, [&](auto&& add) {
    for (const RecordIndex r : records) {
      for (const FieldValue& value : table.fields(r)) {
        if (value.field == field) add(r, value.field, value.value);
      }
    }
  });
}

}  // namespace corridor
