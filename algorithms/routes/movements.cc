#include "algorithms/routes/movements.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <tuple>

#include "algorithms/gazetteer.h"
#include "algorithms/resolve/normalise.h"
#include "engine/errors.h"
#include "engine/link.h"

namespace corridor {
namespace {

constexpr double kUnknown = std::numeric_limits<double>::quiet_NaN();

std::optional<double> ParseDegrees(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

// The first instant after the interval a partial time stands for.
std::int64_t IntervalEnd(const PartialTime& time) {
  switch (time.precision()) {
    case TimePrecision::kSecond:
      return time.seconds() + 1;
    case TimePrecision::kMinute:
      return time.seconds() + 60;
    case TimePrecision::kDay:
      return time.seconds() + 86400;
    case TimePrecision::kMonth: {
      CivilTime civil = time.ToCivil();
      civil.month = civil.month == 12 ? 1 : civil.month + 1;
      if (civil.month == 1) ++civil.year;
      return PartialTime::FromCivil(civil, TimePrecision::kMonth).seconds();
    }
    case TimePrecision::kYear: {
      CivilTime civil = time.ToCivil();
      ++civil.year;
      return PartialTime::FromCivil(civil, TimePrecision::kYear).seconds();
    }
    case TimePrecision::kUnknown:
      break;
  }
  return time.seconds();
}

bool Overlap(const PartialTime& a, const PartialTime& b) {
  return a.seconds() < IntervalEnd(b) && b.seconds() < IntervalEnd(a);
}

std::uint8_t LegFlags(const Leg& leg, const Stop& last_at_from, const Stop& first_at_to,
                      const MovementOptions& options) {
  std::uint8_t flags = 0;
  if (leg.arrive.known() && std::isfinite(leg.km) && leg.km > 0) {
    // km / hours > max, written so that no elapsed time (a zero or negative span) divides.
    const auto longest_s = static_cast<double>(IntervalEnd(leg.arrive) - leg.depart.seconds());
    if (leg.km * 3600.0 > options.max_speed_kmh * longest_s) flags |= kLegTooFast;
  }
  if (!leg.recorded && Overlap(last_at_from.time, first_at_to.time)) flags |= kLegOrderUncertain;
  return flags;
}

struct PersonStop {
  NodeId person;
  Stop stop;
};

}  // namespace

bool PlaceCoordinates::Known(NodeId v) const {
  return v < lat.size() && std::isfinite(lat[v]) && std::isfinite(lon[v]);
}

double PlaceCoordinates::DistanceKm(NodeId a, NodeId b) const {
  if (!Known(a) || !Known(b)) return kUnknown;
  return corridor::DistanceKm(Place{{}, {}, {}, {}, lat[a], lon[a]},
                              Place{{}, {}, {}, {}, lat[b], lon[b]});
}

PlaceCoordinates LocatePlaces(const Network& network, const RecordTable& records) {
  const NetworkNodes& nodes = network.nodes;
  PlaceCoordinates out;
  out.lat.assign(nodes.size(), kUnknown);
  out.lon.assign(nodes.size(), kUnknown);
  std::unique_ptr<PlaceMatcher> matcher;  // built only if a place needs its name matched
  const auto set_gazetteer = [&](NodeId v, std::string_view key) {
    const std::optional<std::uint32_t> index = PlaceMatcher::GazetteerEntry(key);
    if (!index) return false;
    out.lat[v] = Gazetteer()[*index].lat;
    out.lon[v] = Gazetteer()[*index].lon;
    return true;
  };
  for (NodeId v = 0; v < nodes.size(); ++v) {
    if (nodes.types[v] != EntityType::kPlace) continue;
    const std::string_view key = nodes.keys[v];
    if (key.starts_with("place:")) {
      set_gazetteer(v, key.substr(6));
      continue;
    }
    // A place entity: coordinates its records give, else the gazetteer's for its name.
    for (const RecordIndex r : nodes.Evidence(v)) {
      const auto lat = ParseDegrees(records.First(r, Field::kLat));
      const auto lon = ParseDegrees(records.First(r, Field::kLon));
      if (lat && lon && std::abs(*lat) <= 90 && std::abs(*lon) <= 180) {
        out.lat[v] = *lat;
        out.lon[v] = *lon;
        break;
      }
    }
    if (out.Known(v)) continue;
    if (!matcher) matcher = std::make_unique<PlaceMatcher>();
    set_gazetteer(v, matcher->Key(nodes.labels[v]));
  }
  return out;
}

std::int64_t Leg::DurationSeconds() const {
  return arrive.known() ? arrive.seconds() - depart.seconds() : -1;
}

Movements BuildMovements(const Network& network, const RecordTable& records,
                         std::span<const Sighting> sightings, const PlaceCoordinates& places,
                         const MovementOptions& options) {
  const NetworkNodes& nodes = network.nodes;
  const LinkTable& links = network.links;
  Movements out;

  // The one user of each phone, if it has exactly one.
  constexpr NodeId kShared = kNoId - 1;
  std::vector<NodeId> user(nodes.size(), kNoId);
  if (options.calls) {
    for (std::size_t l = 0; l < links.size(); ++l) {
      if (links.types[l] != LinkType::kUses) continue;
      NodeId& u = user[links.targets[l]];
      u = u == kNoId ? links.sources[l] : kShared;
    }
  }

  std::vector<PersonStop> all;
  all.reserve(sightings.size());
  for (const Sighting& s : sightings) {
    NodeId person = s.subject;
    if (s.kind == SightingKind::kTransfer && !options.transfers) continue;
    if (s.kind == SightingKind::kCall) {
      if (!options.calls) continue;
      person = user[s.subject];
      if (person == kNoId || person == kShared) {
        ++out.unattributed_calls;
        continue;
      }
    }
    if (nodes.types[person] != EntityType::kPerson) continue;
    all.push_back({person, {s.place, records.time(s.record), s.record, s.kind}});
  }
  std::sort(all.begin(), all.end(), [](const PersonStop& a, const PersonStop& b) {
    const auto key = [](const PersonStop& x) {
      return std::tuple(x.person, !x.stop.time.known(), x.stop.time.seconds(), x.stop.kind,
                        x.stop.record);
    };
    return key(a) < key(b);
  });

  out.stop_begin.push_back(0);
  out.leg_begin.push_back(0);
  std::size_t begin = 0;
  while (begin < all.size()) {
    const NodeId person = all[begin].person;
    std::size_t end = begin;
    while (end < all.size() && all[end].person == person) ++end;
    const std::size_t first = out.stops.size();
    for (std::size_t i = begin; i < end; ++i) out.stops.push_back(all[i].stop);
    std::size_t dated_end = first;
    while (dated_end < out.stops.size() && out.stops[dated_end].time.known()) ++dated_end;
    out.undated_stops += out.stops.size() - dated_end;

    // Visits: runs of dated stops at one place.
    std::size_t visit = first;
    while (visit < dated_end) {
      std::size_t next = visit;
      while (next < dated_end && out.stops[next].place == out.stops[visit].place) ++next;
      if (next == dated_end) break;
      const Stop& last_at_from = out.stops[next - 1];
      std::size_t next_end = next;
      while (next_end < dated_end && out.stops[next_end].place == out.stops[next].place) {
        ++next_end;
      }
      Leg leg;
      leg.person = person;
      leg.from = last_at_from.place;
      leg.to = out.stops[next].place;
      leg.depart = last_at_from.time;
      leg.depart_record = last_at_from.record;
      leg.arrive_record = out.stops[next].record;
      for (std::size_t i = next; i < next_end; ++i) {
        if (out.stops[i].kind == SightingKind::kArrival) continue;
        leg.arrive = out.stops[i].time;
        leg.arrive_record = out.stops[i].record;
        break;
      }
      for (std::size_t i = visit; i < next && !leg.recorded; ++i) {
        for (std::size_t j = next; j < next_end; ++j) {
          leg.recorded |= out.stops[i].kind == SightingKind::kDeparture &&
                          out.stops[j].kind == SightingKind::kArrival &&
                          out.stops[i].record == out.stops[j].record;
        }
      }
      leg.km = places.DistanceKm(leg.from, leg.to);
      leg.flags = LegFlags(leg, last_at_from, out.stops[next], options);
      out.legs.push_back(leg);
      visit = next;
    }
    out.persons.push_back(person);
    out.stop_begin.push_back(out.stops.size());
    out.leg_begin.push_back(out.legs.size());
    begin = end;
  }
  return out;
}

void VerifyMovements(const Movements& movements, const Network& network,
                     const PlaceCoordinates& places, const MovementOptions& options) {
  const auto fail = [](const std::string& what) { throw InternalError("movements: " + what); };
  if (movements.stop_begin.size() != movements.size() + 1 ||
      movements.leg_begin.size() != movements.size() + 1) {
    fail("offset arrays do not match the persons");
  }
  for (std::size_t p = 0; p < movements.size(); ++p) {
    const NodeId person = movements.persons[p];
    const std::string who = "person node " + std::to_string(person);
    if (p > 0 && movements.persons[p - 1] >= person) fail("persons not ascending");
    if (network.nodes.types[person] != EntityType::kPerson) fail(who + " is not a person");
    const auto stops = movements.Stops(p);
    std::size_t dated = 0;
    while (dated < stops.size() && stops[dated].time.known()) ++dated;
    for (std::size_t i = dated; i < stops.size(); ++i) {
      if (stops[i].time.known()) fail(who + ": a dated stop after an undated one");
    }
    for (std::size_t i = 1; i < dated; ++i) {
      if (stops[i].time.seconds() < stops[i - 1].time.seconds()) fail(who + ": stops out of order");
    }
    // The legs are exactly the changes of place along the dated stops.
    std::vector<std::pair<NodeId, NodeId>> changes;
    for (std::size_t i = 1; i < dated; ++i) {
      if (stops[i].place != stops[i - 1].place) {
        changes.emplace_back(stops[i - 1].place, stops[i].place);
      }
    }
    const auto legs = movements.Legs(p);
    if (legs.size() != changes.size()) fail(who + ": legs do not follow the stops");
    for (std::size_t l = 0; l < legs.size(); ++l) {
      const Leg& leg = legs[l];
      if (leg.person != person || leg.from != changes[l].first || leg.to != changes[l].second) {
        fail(who + ": leg " + std::to_string(l) + " does not follow the stops");
      }
      if (leg.arrive.known() && leg.arrive.seconds() < leg.depart.seconds()) {
        fail(who + ": leg " + std::to_string(l) + " arrives before it departs");
      }
      const double km = places.DistanceKm(leg.from, leg.to);
      if (std::isfinite(km) != std::isfinite(leg.km) || (std::isfinite(km) && km != leg.km)) {
        fail(who + ": leg " + std::to_string(l) + " has the wrong distance");
      }
      const bool too_fast =
          leg.arrive.known() && std::isfinite(km) && km > 0 &&
          km * 3600.0 > options.max_speed_kmh *
                            static_cast<double>(IntervalEnd(leg.arrive) - leg.depart.seconds());
      if (too_fast != ((leg.flags & kLegTooFast) != 0)) {
        fail(who + ": leg " + std::to_string(l) + " too_fast flag is wrong");
      }
    }
  }
}

}  // namespace corridor
