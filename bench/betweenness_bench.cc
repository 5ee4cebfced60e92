// Exact betweenness on a planted-partition graph (generated from a seed) or on a
// `source,target` CSV edge list, timed at the given thread counts. Loading and CSR building
// happen before any timer starts. A 1-thread run is the reference (the first trial when the
// list starts at 1 thread); every trial must match it bit for bit, the determinism contract.
// With --verify, the reference is also checked against the serial textbook Brandes in
// VerifyBetweenness (slow: as long again as a 1-thread run). Prints one JSON line per trial.
//
// usage: corridor_betweenness_bench [--csv FILE | --nodes N --edges M --communities C
//          --inside P --seed S] [--write-csv FILE] [--values FILE] [--trials T]
//          [--threads 1,2] [--verify]
//   --write-csv writes the graph's unique edges, so a peer can time the same graph;
//   --values writes `node,betweenness` from the reference run; --trials 0 only loads/writes.

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>
#include <string>
#include <unordered_set>
#include <vector>

#include "algorithms/centrality/centrality.h"
#include "engine/csr_graph.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

struct Flags {
  std::string csv;
  NodeId nodes = 20000;
  std::size_t edges = 200000;
  NodeId communities = 20;
  double inside = 0.8;  // share of edges drawn inside a community
  std::uint64_t seed = 1;
  std::string write_csv;
  std::string values;
  int trials = 3;
  std::vector<int> threads{1, 2};
  bool verify = false;
};

[[noreturn]] void Usage(const std::string& problem) {
  std::cerr << "corridor_betweenness_bench: " << problem << "\n"
            << "usage: corridor_betweenness_bench [--csv FILE | --nodes N --edges M "
               "--communities C --inside P --seed S] [--write-csv FILE] [--values FILE] "
               "[--trials T] [--threads 1,2] [--verify]\n";
  std::exit(1);
}

Flags ParseFlags(int argc, char** argv) {
  Flags flags;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--verify") {
      flags.verify = true;
      continue;
    }
    if (i + 1 >= argc) Usage("missing value after " + flag);
    const std::string value = argv[++i];
    if (flag == "--csv") {
      flags.csv = value;
    } else if (flag == "--nodes") {
      flags.nodes = static_cast<NodeId>(std::stoul(value));
    } else if (flag == "--edges") {
      flags.edges = std::stoull(value);
    } else if (flag == "--communities") {
      flags.communities = static_cast<NodeId>(std::stoul(value));
    } else if (flag == "--inside") {
      flags.inside = std::stod(value);
    } else if (flag == "--seed") {
      flags.seed = std::stoull(value);
    } else if (flag == "--write-csv") {
      flags.write_csv = value;
    } else if (flag == "--values") {
      flags.values = value;
    } else if (flag == "--trials") {
      flags.trials = std::stoi(value);
    } else if (flag == "--threads") {
      flags.threads.clear();
      std::stringstream list(value);
      for (std::string item; std::getline(list, item, ',');)
        flags.threads.push_back(std::stoi(item));
    } else {
      Usage("unknown flag " + flag);
    }
  }
  if (flags.threads.empty()) Usage("--threads needs at least one count");
  return flags;
}

// Planted partition: nodes split into equal communities; each edge joins a uniform node to a
// uniform member of its own community with probability `inside`, else to a uniform node.
// Self-loops and repeats are redrawn, so exactly `edges` distinct edges come out.
std::vector<WeightedEdge> PlantedPartition(const Flags& flags) {
  const std::uint64_t pairs = std::uint64_t{flags.nodes} * (flags.nodes - 1) / 2;
  if (flags.nodes < 2 || flags.communities == 0 || flags.edges > pairs / 2) {
    Usage("the planted-partition parameters leave too few node pairs");
  }
  std::mt19937_64 rng(flags.seed);
  std::uniform_int_distribution<NodeId> any(0, flags.nodes - 1);
  std::bernoulli_distribution inside(flags.inside);
  const NodeId size = (flags.nodes + flags.communities - 1) / flags.communities;
  std::unordered_set<std::uint64_t> seen;
  std::vector<WeightedEdge> edges;
  edges.reserve(flags.edges);
  while (edges.size() < flags.edges) {
    const NodeId u = any(rng);
    NodeId v = any(rng);
    if (inside(rng)) {
      const NodeId first = u / size * size;
      const NodeId last = std::min(flags.nodes, first + size) - 1;
      v = std::uniform_int_distribution<NodeId>(first, last)(rng);
    }
    if (u == v) continue;
    const std::uint64_t key = std::uint64_t{std::min(u, v)} << 32 | std::max(u, v);
    if (!seen.insert(key).second) continue;
    edges.push_back({u, v, 1.0});
  }
  return edges;
}

// `source,target` lines of node numbers, a header line allowed; nodes are 0..max id.
std::vector<WeightedEdge> ReadCsv(const std::string& path, NodeId& nodes) {
  std::ifstream in(path);
  if (!in) Usage("cannot read " + path);
  std::vector<WeightedEdge> edges;
  nodes = 0;
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.find(',');
    if (comma == std::string::npos || line.empty() || !std::isdigit(line[0])) continue;
    const auto u = static_cast<NodeId>(std::stoul(line.substr(0, comma)));
    const auto v = static_cast<NodeId>(std::stoul(line.substr(comma + 1)));
    edges.push_back({u, v, 1.0});
    nodes = std::max({nodes, u + 1, v + 1});
  }
  return edges;
}

}  // namespace
}  // namespace corridor

int main(int argc, char** argv) {
  using namespace corridor;
  const Flags flags = ParseFlags(argc, argv);
  NodeId nodes = flags.nodes;
  const std::vector<WeightedEdge> edges =
      flags.csv.empty() ? PlantedPartition(flags) : ReadCsv(flags.csv, nodes);
  if (!flags.write_csv.empty()) {
    std::ofstream out(flags.write_csv);
    out << "source,target\n";
    for (const auto& e : edges) out << e.source << ',' << e.target << '\n';
  }
  const CsrGraph graph = CsrGraph::Build(nodes, edges);
  if (flags.trials <= 0) return 0;

  const BetweennessOptions options;
  // The serial reference: the first trial when the list starts at 1 thread, else a run of its
  // own, untimed.
  std::vector<double> reference;
  if (flags.threads.front() != 1) {
    const parallel::ThreadLimit limit(1);
    reference = Betweenness(graph, options);
  }
  bool all_identical = true;
  for (const int threads : flags.threads) {
    const parallel::ThreadLimit limit(threads);
    for (int t = 0; t < flags.trials; ++t) {
      const auto start = std::chrono::steady_clock::now();
      std::vector<double> result = Betweenness(graph, options);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (reference.empty()) reference = result;
      const bool identical = result == reference;
      all_identical = all_identical && identical;
      std::printf(
          "{\"bench\":\"betweenness\",\"nodes\":%u,\"edges\":%llu,\"threads\":%d,\"trial\":%d,"
          "\"seconds\":%.3f,\"identical_to_serial\":%s}\n",
          graph.num_nodes(), static_cast<unsigned long long>(graph.num_edges()), threads, t,
          seconds, identical ? "true" : "false");
      std::fflush(stdout);
    }
  }
  if (flags.verify) VerifyBetweenness(graph, options, reference);
  if (!flags.values.empty()) {
    std::ofstream out(flags.values);
    out.precision(17);
    out << "node,betweenness\n";
    for (NodeId v = 0; v < nodes; ++v) out << v << ',' << reference[v] << '\n';
  }
  return all_identical ? 0 : 2;
}
