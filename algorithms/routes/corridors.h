#pragma once
// Route graph, corridors and their facilitators (DESIGN.md section 4).
//
// Route graph: legs (movements.h) folded per (from, to) place pair: distinct persons, legs,
// recorded and flagged legs, leg duration quartiles, first and last seen, evidence records.
//
// Corridors: contiguous place sequences of at least `min_legs` legs that at least
// `min_support` distinct persons followed within one trip, maximal (no one-place extension
// either side has the same support: since support can only fall as a sequence grows, no longer
// sequence has it either) and ranked by support, then length. A trip is a run of legs with no
// stay longer than `max_stay_days` between them.
// Method: level-wise growth as in GSP (Srikant & Agrawal 1996) restricted to contiguous
// windows. A window of k+1 legs is a candidate only where its k-leg prefix and suffix windows
// are both frequent; each candidate is named by (prefix id, last place), and support counts
// each person once. O(L * K) hash operations for L legs and K the longest frequent window;
// serial, ids issued in person order, so the output is a function of the input alone.
//
// Facilitators of a corridor: persons, not themselves its travellers, tied to its travellers
// in the person projection by calls, contacts or payments, ranked by how many distinct
// travellers they are tied to (a transporter is rung by every group he moves; a hawala broker
// is paid by every migrant).
//
// Facilitator numbers of a corridor: phones no person is known to use (no record names their
// user) that called or were called by its travellers' phones. A transporter often rings his
// groups from a number no subscriber, handset or ledger record attributes; the number is then
// the only trace of him, and it is reported as a number: who uses it is left to the analyst.

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/routes/movements.h"
#include "engine/network.h"

namespace corridor {

struct RouteEdge {
  NodeId from, to;
  std::uint32_t persons = 0;  // distinct
  std::uint32_t legs = 0;
  std::uint32_t recorded_legs = 0;  // both ends in one journey record
  std::uint32_t flagged_legs = 0;   // too_fast or order_uncertain
  // Quartiles of the known leg durations (nearest rank), seconds; -1 when none is known.
  std::int64_t duration_p25_s = -1, duration_median_s = -1, duration_p75_s = -1;
  PartialTime first_seen, last_seen;
  std::vector<RecordIndex> evidence;  // ascending, distinct
};

struct RoutePlace {
  NodeId place;
  std::uint32_t persons = 0;  // distinct persons with a dated stop there
};

struct RouteGraph {
  std::vector<RoutePlace> places;  // ascending by node
  std::vector<RouteEdge> edges;    // ascending by (from, to)
};

RouteGraph BuildRouteGraph(const Movements& movements);

struct CorridorOptions {
  // Fewer people than this on a path is a coincidence of travel, not a corridor.
  std::uint32_t min_support = 5;
  std::uint32_t min_legs = 2;
  std::uint32_t max_legs = 64;
  // A stay longer than this ends a trip: a man who went Quetta > Taftan in March and Taftan >
  // Zahedan in September did not follow Quetta > Taftan > Zahedan.
  double max_stay_days = 30;
};

// One person's first passage along a corridor: legs [first_leg, first_leg + legs) of
// Movements::legs.
struct CorridorPassage {
  std::uint32_t person;  // index into Movements::persons
  std::uint64_t first_leg;
};

struct Corridor {
  std::vector<NodeId> places;
  std::vector<CorridorPassage> passages;  // one per person, by person
  PartialTime first_seen, last_seen;      // earliest departure, latest arrival (or departure)
  double median_duration_s = -1;          // first departure to last arrival; -1 if none known

  std::size_t support() const { return passages.size(); }
  std::size_t legs() const { return places.size() - 1; }
};

struct Corridors {
  std::vector<Corridor> corridors;     // by support descending, then legs, then places
  std::uint64_t frequent_windows = 0;  // maximal or not, of any length
};

Corridors MineCorridors(const Movements& movements, const CorridorOptions& options);

// Recounts every corridor's support by brute force over the trips, checks its passages, its
// maximality and the ranking; and checks that no maximal frequent window of at most
// `max_window` legs is missing (exhaustive enumeration, so keep it small in tests). Throws
// InternalError.
void VerifyCorridors(const Corridors& corridors, const Movements& movements,
                     const CorridorOptions& options, std::uint32_t max_window);

struct Facilitator {
  NodeId person;
  std::uint32_t travellers = 0;  // distinct travellers of the corridor tied to this person
  std::uint32_t calls = 0, contacts = 0, payments = 0;  // events over those ties
};

// Per corridor, every facilitator, ranked by travellers, then calls plus payments, then node.
std::vector<std::vector<Facilitator>> FindFacilitators(const Corridors& corridors,
                                                       const Movements& movements,
                                                       const PersonProjection& projection);

struct FacilitatorNumber {
  NodeId phone;
  std::uint32_t travellers = 0;  // distinct travellers of the corridor whose phones it called
  std::uint32_t calls = 0;       // call and message records over those links
};

// Per corridor, every facilitator number, ranked by travellers, then calls, then node.
std::vector<std::vector<FacilitatorNumber>> FindFacilitatorNumbers(const Corridors& corridors,
                                                                   const Movements& movements,
                                                                   const Network& network);

}  // namespace corridor
