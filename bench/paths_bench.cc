// k shortest paths (KShortestPaths, k = 5 by default) between random persons (phones with
// --directed) of a large synthetic case network, against the issue #7 bar: one query in <= 1 s
// after load on the network of a 1M-person case. Network generation, BuildPathGraph and the
// workspace come before any query timer; every result is checked by VerifyKShortestPaths after its
// timer stops. As a yardstick, each query is also timed against one plain full breadth-first search
// from its source over the same PathGraph (what a spur search without the bidirectional,
// epoch-stamped one would cost at least). Prints one JSON line per query and a summary.
//
// The network: persons, phones (1 or 2 per person, USES), accounts (HOLDS, PAID between
// accounts), places (TRAVELLED), and calls between phones: half inside a cell of 50 phones,
// half to a phone drawn with density ~ x^-2/3 over phone ids, so a few hub numbers collect
// most calls (a heavy-tailed degree distribution). Only what PathGraph and the verifier read
// is filled (node types, links); no records.
//
// With --temporal Q, Q time-respecting queries follow (k = 5, at most 6 hops, 7 days' gap):
// every link but USES and HOLDS gets 1 to 3 events uniform over one month; each result is
// checked by VerifyTemporalPath, and whether the state cap stopped the search is reported.
//
// usage: corridor_paths_bench [--persons N] [--calls C] [--queries Q] [--k K]
//          [--max-hops H] [--directed] [--temporal Q] [--seed S]
//   --calls: calls placed per phone (default 8); links ~ (1.3 C + 3.5) N.

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <random>
#include <string>
#include <vector>

#include "algorithms/paths/paths.h"
#include "engine/network.h"

namespace corridor {
namespace {

struct Flags {
  NodeId persons = 1'000'000;
  double calls = 8;
  int queries = 30;
  std::size_t k = 5;
  std::optional<std::uint32_t> max_hops;
  bool directed = false;
  int temporal = 0;
  std::uint64_t seed = 1;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::cerr << "corridor_paths_bench: " << problem << "\n"
            << "usage: corridor_paths_bench [--persons N] [--calls C] [--queries Q] [--k K] "
               "[--max-hops H] [--directed] [--temporal Q] [--seed S]\n";
  std::exit(1);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--directed") {
      flags.directed = true;
      continue;
    }
    if (i + 1 >= argc) Usage("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--persons") {
      flags.persons = static_cast<NodeId>(std::stoul(value));
    } else if (flag == "--calls") {
      flags.calls = std::stod(value);
    } else if (flag == "--queries") {
      flags.queries = std::stoi(value);
    } else if (flag == "--k") {
      flags.k = std::stoul(value);
    } else if (flag == "--max-hops") {
      flags.max_hops = static_cast<std::uint32_t>(std::stoul(value));
    } else if (flag == "--temporal") {
      flags.temporal = std::stoi(value);
    } else if (flag == "--seed") {
      flags.seed = std::stoull(value);
    } else {
      Usage("unknown flag " + flag);
    }
  }
  if (flags.persons < 100) Usage("--persons must be at least 100");
  return flags;
}

struct Edge {
  NodeId source;
  NodeId target;
  LinkType type;
  friend auto operator<=>(const Edge&, const Edge&) = default;
};

// Nodes: persons [0, P), phones, accounts, places, in that order.
Network SyntheticNetwork(const Flags& flags) {
  std::mt19937_64 rng(flags.seed);
  const NodeId persons = flags.persons;
  std::vector<EntityType> types(persons, EntityType::kPerson);
  std::vector<Edge> edges;
  const auto add_node = [&](EntityType type) {
    types.push_back(type);
    return static_cast<NodeId>(types.size() - 1);
  };
  // Phones: every person one, three in ten a second.
  std::vector<NodeId> phones;
  std::bernoulli_distribution second(0.3);
  for (NodeId p = 0; p < persons; ++p) {
    for (int i = 0, n = second(rng) ? 2 : 1; i < n; ++i) {
      phones.push_back(add_node(EntityType::kPhone));
      edges.push_back({p, phones.back(), LinkType::kUses});
    }
  }
  // Accounts: three persons in ten hold one; each account pays two others.
  std::vector<NodeId> accounts;
  std::bernoulli_distribution banked(0.3);
  for (NodeId p = 0; p < persons; ++p) {
    if (!banked(rng)) continue;
    accounts.push_back(add_node(EntityType::kAccount));
    edges.push_back({p, accounts.back(), LinkType::kHolds});
  }
  std::uniform_int_distribution<std::size_t> any_account(0, accounts.size() - 1);
  for (const NodeId a : accounts) {
    for (int i = 0; i < 2; ++i) edges.push_back({a, accounts[any_account(rng)], LinkType::kPaid});
  }
  // Places: one per 200 persons; each person travels to one or two, skewed to the first.
  const NodeId places = std::max<NodeId>(10, persons / 200);
  const NodeId first_place = static_cast<NodeId>(types.size());
  for (NodeId i = 0; i < places; ++i) add_node(EntityType::kPlace);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto skewed = [&](std::size_t count) {  // density ~ x^(-2/3) on [0, count)
    return std::min(count - 1, static_cast<std::size_t>(count * std::pow(unit(rng), 3.0)));
  };
  for (NodeId p = 0; p < persons; ++p) {
    for (int i = 0, n = second(rng) ? 2 : 1; i < n; ++i) {
      edges.push_back({p, first_place + static_cast<NodeId>(skewed(places)), LinkType::kTravelled});
    }
  }
  // Calls.
  const auto calls = static_cast<std::size_t>(flags.calls * static_cast<double>(phones.size()));
  std::uniform_int_distribution<std::size_t> any_phone(0, phones.size() - 1);
  std::uniform_int_distribution<std::size_t> cellmate(0, 49);
  std::bernoulli_distribution in_cell(0.5);
  for (std::size_t c = 0; c < calls; ++c) {
    const std::size_t a = any_phone(rng);
    const std::size_t b = in_cell(rng) ? std::min(phones.size() - 1, a / 50 * 50 + cellmate(rng))
                                       : skewed(phones.size());
    edges.push_back({phones[a], phones[b], LinkType::kCalled});
  }
  // One link per (type, source, target), as LinkTable::Aggregate makes them.
  std::sort(edges.begin(), edges.end());
  edges.erase(std::unique(edges.begin(), edges.end(),
                          [](const Edge& x, const Edge& y) {
                            return x.source == y.source && x.target == y.target && x.type == y.type;
                          }),
              edges.end());

  Network network;
  network.nodes.types = std::move(types);
  LinkTable& links = network.links;
  links.types.reserve(edges.size());
  links.sources.reserve(edges.size());
  links.targets.reserve(edges.size());
  for (const Edge& e : edges) {
    links.types.push_back(e.type);
    links.sources.push_back(e.source);
    links.targets.push_back(e.target);
  }
  links.first_seen.assign(edges.size(), PartialTime());
  links.last_seen.assign(edges.size(), PartialTime());
  return network;
}

// 1 to 3 events per link over one month; USES and HOLDS timeless.
LinkTimes SyntheticTimes(const Network& network, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<int> events(1, 3);
  std::uniform_int_distribution<std::int64_t> second(1'700'000'000, 1'700'000'000 + 30 * 86400);
  LinkTimes times;
  const LinkTable& links = network.links;
  times.begin.reserve(links.size() + 1);
  std::vector<std::int64_t> link_times;
  for (std::size_t l = 0; l < links.size(); ++l) {
    link_times.clear();
    if (links.types[l] != LinkType::kUses && links.types[l] != LinkType::kHolds) {
      for (int e = events(rng); e > 0; --e) link_times.push_back(second(rng));
    }
    std::sort(link_times.begin(), link_times.end());
    for (const std::int64_t t : link_times) {
      times.seconds.push_back(t);
      times.records.push_back(static_cast<RecordIndex>(times.records.size()));
    }
    times.begin.push_back(times.seconds.size());
  }
  return times;
}

double Milliseconds(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
      .count();
}

// Nodes reached by a plain breadth-first search from `source`: the yardstick.
std::size_t FullBfs(const PathGraph& graph, NodeId source, std::vector<std::uint8_t>& seen) {
  std::fill(seen.begin(), seen.end(), 0);
  std::vector<NodeId> queue{source};
  seen[source] = 1;
  for (std::size_t i = 0; i < queue.size(); ++i) {
    const NodeId x = queue[i];
    if (x != source && graph.pass[x] == 0) continue;
    for (EdgeOffset a = graph.out.offsets[x]; a < graph.out.offsets[x + 1]; ++a) {
      const NodeId y = graph.out.neighbours[a];
      if (seen[y] == 0) {
        seen[y] = 1;
        queue.push_back(y);
      }
    }
  }
  return queue.size();
}

}  // namespace
}  // namespace corridor

int main(int argc, char** argv) {
  using namespace corridor;
  const Flags flags = ParseFlags(argc, argv);
  auto start = std::chrono::steady_clock::now();
  const Network network = SyntheticNetwork(flags);
  const double generate_ms = Milliseconds(start);
  const PathGraphOptions graph_options{.directed = flags.directed};
  start = std::chrono::steady_clock::now();
  const PathGraph graph = BuildPathGraph(network, graph_options);
  const double build_ms = Milliseconds(start);
  PathWorkspace workspace(graph);
  std::printf(
      "{\"bench\":\"paths_load\",\"persons\":%u,\"nodes\":%u,\"links\":%zu,\"arcs\":%zu,"
      "\"directed\":%s,\"generate_ms\":%.0f,\"build_path_graph_ms\":%.0f}\n",
      flags.persons, graph.num_nodes, graph.num_links, graph.out.neighbours.size(),
      flags.directed ? "true" : "false", generate_ms, build_ms);
  std::fflush(stdout);

  // Endpoints: random persons; on a directed graph random phones, as no link leads into a
  // person.
  const EntityType end_type = flags.directed ? EntityType::kPhone : EntityType::kPerson;
  std::mt19937_64 rng(flags.seed + 1);
  std::uniform_int_distribution<NodeId> any_node(0, graph.num_nodes - 1);
  const auto endpoint = [&] {
    NodeId v = any_node(rng);
    while (network.nodes.types[v] != end_type) v = any_node(rng);
    return v;
  };
  const KShortestOptions options{.k = flags.k, .max_hops = flags.max_hops};
  std::vector<double> query_ms;
  std::vector<double> bfs_ms;
  std::vector<std::uint8_t> seen(graph.num_nodes);
  for (int q = 0; q < flags.queries; ++q) {
    const NodeId from = endpoint();
    const NodeId to = endpoint();
    start = std::chrono::steady_clock::now();
    const std::vector<Path> paths = KShortestPaths(graph, from, to, options, &workspace);
    query_ms.push_back(Milliseconds(start));
    start = std::chrono::steady_clock::now();
    const std::size_t reached = FullBfs(graph, from, seen);
    bfs_ms.push_back(Milliseconds(start));
    VerifyKShortestPaths(network, graph_options, from, to, options, paths);
    std::printf(
        "{\"bench\":\"k_shortest\",\"query\":%d,\"from\":%u,\"to\":%u,\"paths\":%zu,"
        "\"hops_first\":%zu,\"hops_last\":%zu,\"ms\":%.2f,\"full_bfs_ms\":%.1f,"
        "\"full_bfs_reached\":%zu,\"verified\":true}\n",
        q, from, to, paths.size(), paths.empty() ? 0 : paths.front().hops(),
        paths.empty() ? 0 : paths.back().hops(), query_ms.back(), bfs_ms.back(), reached);
    std::fflush(stdout);
  }
  if (query_ms.empty()) return 0;
  const auto median = [](std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const std::size_t n = values.size();
    return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
  };
  std::printf(
      "{\"bench\":\"k_shortest_summary\",\"k\":%zu,\"queries\":%zu,\"median_ms\":%.2f,"
      "\"max_ms\":%.2f,\"median_full_bfs_ms\":%.1f,\"median_ratio_to_full_bfs\":%.3f}\n",
      flags.k, query_ms.size(), median(query_ms),
      *std::max_element(query_ms.begin(), query_ms.end()), median(bfs_ms),
      median(query_ms) / median(bfs_ms));
  if (flags.temporal <= 0) return 0;

  const LinkTimes times = SyntheticTimes(network, flags.seed + 2);
  const TemporalOptions temporal{.k = 5, .max_gap_s = 7 * 86400, .max_hops = 6};
  std::vector<double> temporal_ms;
  int truncated = 0;
  for (int q = 0; q < flags.temporal; ++q) {
    const NodeId from = endpoint();
    const NodeId to = endpoint();
    start = std::chrono::steady_clock::now();
    const TemporalPaths found = TimeRespectingPaths(graph, times, from, to, temporal, &workspace);
    temporal_ms.push_back(Milliseconds(start));
    for (const TemporalPath& path : found.paths) {
      VerifyTemporalPath(network, graph_options, times, temporal, from, to, path);
    }
    truncated += found.truncated ? 1 : 0;
    std::printf(
        "{\"bench\":\"time_respecting\",\"query\":%d,\"from\":%u,\"to\":%u,\"paths\":%zu,"
        "\"hops_first\":%zu,\"states\":%llu,\"truncated\":%s,\"ms\":%.1f,\"verified\":true}\n",
        q, from, to, found.paths.size(), found.paths.empty() ? 0 : found.paths[0].path.hops(),
        static_cast<unsigned long long>(found.states), found.truncated ? "true" : "false",
        temporal_ms.back());
    std::fflush(stdout);
  }
  std::printf(
      "{\"bench\":\"time_respecting_summary\",\"queries\":%zu,\"median_ms\":%.1f,"
      "\"max_ms\":%.1f,\"truncated\":%d}\n",
      temporal_ms.size(), median(temporal_ms),
      *std::max_element(temporal_ms.begin(), temporal_ms.end()), truncated);
  return 0;
}
