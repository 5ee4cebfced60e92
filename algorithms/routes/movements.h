#pragma once
// Movements: per resolved person, the time-ordered places where events put them, and the legs
// between consecutive places (DESIGN.md section 4, "Routes and corridors").
//
// Method. Sightings (algorithms/resolve/network.h) give (person or phone, place, record); a
// calling phone counts for its person when exactly one person uses it. Each person's dated
// sightings are sorted by (time, departures before arrivals, record); runs of sightings at one
// place are one *visit*; consecutive visits make a leg. Departures at one instant go before
// arrivals so that one journey recorded twice (a repeated row, or two travellers the
// resolution could not tell apart) reads as one leg, not as a shuttle back and forth. A leg departs
// at the last sighting of its first visit and arrives at the first sighting of the next that is not
// the arrival of a journey: a journey record carries only its departure time, so its arrival says
// the person got there at some unknown later time. When nothing else dates the next visit the leg's
// arrival is unknown. A leg is *recorded* when one journey record names both its ends, else
// inferred from different records (the bus ticket Quetta > Taftan and the border crossing
// Taftan > Mirjaveh give the leg Quetta > Taftan, recorded, and nothing in between).
//
// Implausible legs are flagged, never dropped:
//   - too_fast: even the longest elapsed time the two times allow (a date known to the day
//     spans the day) is too short for the great-circle distance at `max_speed_kmh`, so one of
//     the records is wrong, or belongs to someone else;
//   - order_uncertain: the two times cannot be ordered (equal, or a coarse date overlapping
//     the other time), so the leg's direction rests on record order alone.
// Undated sightings cannot be placed in a sequence: they are kept at the end of the person's
// stops, marked, and make no leg.
//
// O(s log s) for s sightings; serial, so the output is a function of the input alone.

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/resolve/network.h"
#include "engine/ids.h"
#include "engine/network.h"
#include "engine/partial_time.h"
#include "engine/record.h"

namespace corridor {

// Coordinates of place nodes (WGS84 degrees), NaN where unknown: from the gazetteer for
// gazetteer places, else from the place records' lat and lon.
struct PlaceCoordinates {
  std::vector<double> lat, lon;  // per network node

  bool Known(NodeId v) const;
  // Great-circle kilometres between two nodes, NaN if either has no coordinates.
  double DistanceKm(NodeId a, NodeId b) const;
};
PlaceCoordinates LocatePlaces(const Network& network, const RecordTable& records);

struct MovementOptions {
  // Door-to-door speed above which a leg is flagged too_fast: an airliner's, so a flight
  // passes and two sightings 1,000 km apart within the hour do not.
  double max_speed_kmh = 1000;
  // Which sightings make stops. Journeys always do; payments and calls locate a person at an
  // instant but a ledger may record the hawaladar's city rather than the payer's, so corridor
  // mining uses journeys alone (algorithms/routes/corridors.h).
  bool transfers = true;
  bool calls = true;
};

struct Stop {
  NodeId place;
  PartialTime time;  // unknown for an undated stop
  RecordIndex record;
  SightingKind kind;
};

enum LegFlag : std::uint8_t {
  kLegTooFast = 1,
  kLegOrderUncertain = 2,
};

struct Leg {
  NodeId person;
  NodeId from, to;
  PartialTime depart;         // last sighting at `from`
  PartialTime arrive;         // first independent sighting at `to`; may be unknown
  RecordIndex depart_record;  // evidence of the departure
  RecordIndex arrive_record;  // evidence of being at `to`
  bool recorded = false;      // one journey record names both ends
  std::uint8_t flags = 0;     // LegFlag bits
  double km = 0;              // great-circle distance, NaN if unknown
  // Seconds between depart and arrive, or -1 when arrive is unknown.
  std::int64_t DurationSeconds() const;
};

struct Movements {
  std::vector<NodeId> persons;            // with at least one stop, ascending
  std::vector<std::uint64_t> stop_begin;  // persons.size() + 1 offsets into stops
  std::vector<Stop> stops;                // per person: dated in time order, then undated
  std::vector<std::uint64_t> leg_begin;   // persons.size() + 1 offsets into legs
  std::vector<Leg> legs;                  // per person, in time order
  std::uint64_t undated_stops = 0;
  std::uint64_t unattributed_calls = 0;  // a calling phone with no single user

  std::size_t size() const { return persons.size(); }
  std::span<const Stop> Stops(std::size_t p) const {
    return {stops.data() + stop_begin[p], stops.data() + stop_begin[p + 1]};
  }
  std::span<const Leg> Legs(std::size_t p) const {
    return {legs.data() + leg_begin[p], legs.data() + leg_begin[p + 1]};
  }
};

// `records` gives each sighting's time (RecordTable::time of its record).
Movements BuildMovements(const Network& network, const RecordTable& records,
                         std::span<const Sighting> sightings, const PlaceCoordinates& places,
                         const MovementOptions& options);

// Checks: persons ascending and each a person node; dated stops in time order before undated
// ones; every leg joins two different places, follows its person's stops, departs no later
// than it arrives, and carries the flags its times and distance imply. Throws InternalError.
void VerifyMovements(const Movements& movements, const Network& network,
                     const PlaceCoordinates& places, const MovementOptions& options);

}  // namespace corridor
