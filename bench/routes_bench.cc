// Routes at scale (issue #7's bar: corridor mining on the generated 1M-person case in <= 30 s
// on 2 cores). Loads and resolves a case, builds its network (untimed: those stages have their
// own benchmarks), then times each routes stage as `corridor run` runs it: movements of every
// sighting and of journeys alone, the route graph, corridor mining, facilitators and money
// flows. Each result is checked by its verifier after the clock stops (corridors against
// exhaustive enumeration of windows up to --verify-window legs, default 3; 0 skips it: the
// enumeration holds every window of every trip in a map, far beyond memory at 1M persons).
//
// usage: corridor_routes_bench CASE.json [--min-support N] [--verify-window W]

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "algorithms/resolve/network.h"
#include "algorithms/resolve/resolve.h"
#include "algorithms/routes/corridors.h"
#include "algorithms/routes/flows.h"
#include "algorithms/routes/movements.h"
#include "loaders/case_file.h"
#include "loaders/load_case.h"

namespace {

using Clock = std::chrono::steady_clock;

double Since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  using namespace corridor;
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s CASE.json [--min-support N] [--verify-window W]\n", argv[0]);
    return 1;
  }
  CorridorOptions corridor_options;
  std::uint32_t verify_window = 3;
  for (int i = 2; i + 1 < argc; i += 2) {
    const std::string flag = argv[i];
    if (flag == "--min-support") {
      corridor_options.min_support = static_cast<std::uint32_t>(std::atoi(argv[i + 1]));
    } else if (flag == "--verify-window") {
      verify_window = static_cast<std::uint32_t>(std::atoi(argv[i + 1]));
    } else {
      std::fprintf(stderr, "unknown option %s\n", flag.c_str());
      return 1;
    }
  }

  std::setvbuf(stdout, nullptr, _IOLBF, 0);  // figures appear as they are measured
  auto start = Clock::now();
  const CaseData data = LoadCase(ReadCaseFile(argv[1]));
  const Resolution resolution = Resolve(data, ResolveOptions());
  const NetworkBuild build = BuildNetwork(data, resolution, NetworkOptions());
  std::printf(
      "setup (load, resolve, network; untimed below): %.1f s, %zu records, %zu nodes, "
      "%zu links, %zu sightings, %zu transfers\n",
      Since(start), data.records.size(), build.network.nodes.size(), build.network.links.size(),
      build.sightings.size(), build.transfers.size());

  const Network& network = build.network;
  double total = 0;
  const auto lap = [&](const char* stage, Clock::time_point began) {
    const double seconds = Since(began);
    total += seconds;
    std::printf("  %-22s %8.3f s\n", stage, seconds);
  };
  start = Clock::now();
  const PlaceCoordinates places = LocatePlaces(network, data.records);
  lap("locate places", start);
  start = Clock::now();
  const Movements movements =
      BuildMovements(network, data.records, build.sightings, places, MovementOptions());
  lap("movements (all)", start);
  MovementOptions journeys_only;
  journeys_only.transfers = false;
  journeys_only.calls = false;
  start = Clock::now();
  const Movements journeys =
      BuildMovements(network, data.records, build.sightings, places, journeys_only);
  lap("movements (journeys)", start);
  start = Clock::now();
  const RouteGraph routes = BuildRouteGraph(movements);
  lap("route graph", start);
  start = Clock::now();
  const Corridors corridors = MineCorridors(journeys, corridor_options);
  lap("corridor mining", start);
  start = Clock::now();
  const auto facilitators = FindFacilitators(corridors, journeys, build.persons);
  lap("facilitators", start);
  start = Clock::now();
  const auto entity_flows = EntityFlows(build.transfers, data.records);
  const auto place_flows = PlaceFlows(build.transfers, data.records, movements);
  lap("money flows", start);
  std::printf(
      "routes stages total: %.2f s; %zu persons moving, %zu legs, %zu route edges, "
      "%zu corridors (%llu frequent windows), %zu entity flows, %zu place flows\n",
      total, movements.size(), movements.legs.size(), routes.edges.size(),
      corridors.corridors.size(), static_cast<unsigned long long>(corridors.frequent_windows),
      entity_flows.size(), place_flows.size());
  std::size_t shown = 0;
  for (const Corridor& corridor : corridors.corridors) {
    if (shown++ == 5) break;
    std::string text;
    for (const NodeId place : corridor.places) {
      text += (text.empty() ? "" : " > ") + network.nodes.labels[place];
    }
    std::printf("  %s: %zu persons, %zu facilitators\n", text.c_str(), corridor.support(),
                facilitators[shown - 1].size());
  }

  start = Clock::now();
  VerifyMovements(movements, network, places, MovementOptions());
  VerifyMovements(journeys, network, places, journeys_only);
  if (verify_window > 0) VerifyCorridors(corridors, journeys, corridor_options, verify_window);
  std::printf("verified movements%s in %.1f s\n",
              verify_window > 0 ? " and corridors (exhaustive up to --verify-window legs)" : "",
              Since(start));
  return 0;
}
