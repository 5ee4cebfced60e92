#pragma once
// Files of `corridor routes` and `corridor run` (DESIGN.md section 5):
//   legs.csv          every leg of every person's movements: person, leg, from, to, depart,
//                     arrive, duration_s, km, recorded, flags (too_fast, order_uncertain),
//                     the departure's and arrival's record ids and file:line
//   corridors.csv     corridor, places, legs, persons, median_duration_s, first_seen,
//                     last_seen, facilitators (count), top_facilitators
//   facilitators.csv  corridor, rank, person, label, travellers, calls, contacts, payments
//   facilitator_numbers.csv  corridor, rank, number, travellers, calls: numbers no record
//                     attributes to anyone that called the corridor's travellers
//   routes.graphml    places and the legs between them (persons, legs, durations, times)
//   flows.csv         money folded per (payer, payee, currency) (level "entity") and per
//                     (payer's place, payee's place, currency) (level "place"): amount,
//                     count, first_seen, last_seen, evidence (record ids and file:line)
// Legs come from journeys, payments and call places (algorithms/routes/movements.h);
// corridors from journeys alone (algorithms/routes/corridors.h).

#include <iosfwd>
#include <map>
#include <span>
#include <string>
#include <vector>

#include "algorithms/resolve/network.h"
#include "algorithms/routes/corridors.h"
#include "algorithms/routes/flows.h"
#include "algorithms/routes/movements.h"
#include "engine/case_data.h"
#include "engine/case_writers.h"

namespace corridor::cli {

struct RoutesRunOptions {
  MovementOptions movements;
  CorridorOptions corridors;
  std::size_t top_facilitators = 5;  // named in corridors.csv; facilitators.csv has all
  bool yed = false;
};

struct RoutesRun {
  Movements movements;  // every kind of sighting
  RouteGraph routes;
  Movements journeys;  // journeys only, which corridors are mined from
  Corridors corridors;
  std::vector<std::vector<Facilitator>> facilitators;
  std::vector<std::vector<FacilitatorNumber>> facilitator_numbers;
  std::vector<Flow> entity_flows, place_flows;
  std::vector<WrittenFile> outputs;
  std::map<std::string, double> timings_s;
};

// Movements, route graph, corridors and facilitators of a built network, written to `out_dir`.
RoutesRun AnalyseRoutes(const CaseData& data, const NetworkBuild& build, const std::string& out_dir,
                        const RoutesRunOptions& options);

// Writes flows in the form of flows.csv; `level` names what from and to are. `rates`, when
// not empty, adds `converted`: the amount times the rate of its currency (empty if the
// currency has none).
struct FlowRows {
  const char* level;
  const std::vector<Flow>* flows;
};
WrittenFile WriteFlowsCsv(const std::string& path, const CaseData& data, const Network& network,
                          std::span<const FlowRows> parts,
                          const std::map<std::string, double>& rates = {});

// Counts and the top corridors with their support.
void PrintRoutesSummary(const RoutesRun& run, const Network& network, std::ostream& out);

}  // namespace corridor::cli
