// corridor_leiden_bench: Leiden community detection on an edge-list CSV or a generated
// planted-partition graph. Loads (or generates) outside the timer, runs N trials with seeds
// seed, seed+1, ..., verifies each with VerifyLeiden, and prints one JSON line per trial.
// bench/community_quality.sh runs it beside igraph's Leiden on the same files.
//
// The CSV has a header line and rows `source,target[,weight]`; node names are any strings
// (integers included), numbered in order of first appearance. Self-loops are kept and
// repeated edges summed, as igraph's modularity counts a multi-edge.

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "algorithms/community/leiden.h"
#include "algorithms/generate/random.h"
#include "engine/csr_graph.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

constexpr std::string_view kUsage =
    "usage: corridor_leiden_bench (--csv FILE | --planted N,M,BLOCKS,P_IN) [options]\n"
    "  --csv FILE            edge list with a header: source,target[,weight]\n"
    "  --planted N,M,B,P     N nodes in B equal blocks (node v in block v % B), M edges, each\n"
    "                        inside a random block with probability P, else between two\n"
    "                        uniform nodes; no self-loops; generated from --graph-seed\n"
    "  --graph-seed S        planted graph seed (default 1)\n"
    "  --write-csv FILE      write the graph as source,target CSV before running\n"
    "  --trials T            trials (default 3), trial i with Leiden seed --seed + i\n"
    "  --seed S              first Leiden seed (default 1)\n"
    "  --threads K           thread cap (default 0: all cores)\n"
    "  --objective modularity|cpm, --resolution G, --randomness THETA, --max-iterations I,\n"
    "  --tolerance T\n"
    "  --labels FILE         write node,community of the best trial\n";

struct Graph {
  CsrGraph csr;
  std::vector<std::string> names;
  std::vector<WeightedEdge> edges;
  std::string description;
};

[[noreturn]] void Usage(const std::string& problem) {
  if (!problem.empty()) std::cerr << problem << "\n";
  std::cerr << kUsage;
  std::exit(2);
}

CsrBuildOptions BuildOptions() {
  CsrBuildOptions options;
  options.keep_self_loops = true;
  return options;
}

Graph ReadCsv(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path, "cannot open");
  Graph graph;
  std::unordered_map<std::string, NodeId> ids;
  const auto id = [&](const std::string& name) {
    const auto [it, added] = ids.emplace(name, static_cast<NodeId>(graph.names.size()));
    if (added) graph.names.push_back(name);
    return it->second;
  };
  std::string line;
  std::getline(in, line);  // header
  std::uint64_t number = 1;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::size_t first = line.find(',');
    if (first == std::string::npos) throw InvalidInput(path, number, "target", "missing");
    const std::size_t second = line.find(',', first + 1);
    WeightedEdge edge;
    edge.source = id(line.substr(0, first));
    edge.target = id(line.substr(
        first + 1, second == std::string::npos ? std::string::npos : second - first - 1));
    if (second != std::string::npos) {
      try {
        edge.weight = std::stod(line.substr(second + 1));
      } catch (const std::exception&) {
        throw InvalidInput(path, number, "weight", "not a number");
      }
    }
    graph.edges.push_back(edge);
  }
  graph.csr = CsrGraph::Build(static_cast<NodeId>(graph.names.size()), graph.edges, BuildOptions());
  graph.description = path;
  return graph;
}

Graph Planted(const std::string& spec, std::uint64_t seed) {
  NodeId n = 0;
  unsigned long long m = 0;
  NodeId blocks = 0;
  double p_in = 0.0;
  if (std::sscanf(spec.c_str(), "%u,%llu,%u,%lf", &n, &m, &blocks, &p_in) != 4 || n < 2 ||
      blocks == 0 || blocks > n || p_in < 0.0 || p_in > 1.0) {
    Usage("bad --planted " + spec);
  }
  generate::Rng rng(seed, 0);
  const NodeId block_size = n / blocks;
  Graph graph;
  graph.edges.reserve(m);
  while (graph.edges.size() < m) {
    NodeId u;
    NodeId v;
    if (rng.Chance(p_in)) {
      const auto b = static_cast<NodeId>(rng.Below(blocks));
      u = static_cast<NodeId>(rng.Below(block_size)) * blocks + b;
      v = static_cast<NodeId>(rng.Below(block_size)) * blocks + b;
    } else {
      u = static_cast<NodeId>(rng.Below(n));
      v = static_cast<NodeId>(rng.Below(n));
    }
    if (u != v) graph.edges.push_back({u, v, 1.0});
  }
  graph.names.resize(n);
  for (NodeId v = 0; v < n; ++v) graph.names[v] = std::to_string(v);
  graph.csr = CsrGraph::Build(n, graph.edges, BuildOptions());
  graph.description = "planted:" + spec + ":" + std::to_string(seed);
  return graph;
}

void WriteCsv(const Graph& graph, const std::string& path) {
  std::ofstream out(path);
  out << "source,target\n";
  for (const WeightedEdge& e : graph.edges) {
    out << graph.names[e.source] << ',' << graph.names[e.target] << '\n';
  }
  if (!out) throw IoError(path, "cannot write");
}

int Main(int argc, char** argv) {
  std::string csv;
  std::string planted;
  std::string write_csv;
  std::string labels_path;
  std::uint64_t graph_seed = 1;
  int trials = 3;
  int threads = 0;
  LeidenOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string flag = argv[i];
    if (flag == "--help") Usage("");
    if (i + 1 >= argc) Usage("missing value for " + flag);
    const std::string value = argv[++i];
    if (flag == "--csv") {
      csv = value;
    } else if (flag == "--planted") {
      planted = value;
    } else if (flag == "--graph-seed") {
      graph_seed = std::stoull(value);
    } else if (flag == "--write-csv") {
      write_csv = value;
    } else if (flag == "--trials") {
      trials = std::stoi(value);
    } else if (flag == "--seed") {
      options.seed = std::stoull(value);
    } else if (flag == "--threads") {
      threads = std::stoi(value);
    } else if (flag == "--objective") {
      if (value != "modularity" && value != "cpm") Usage("bad --objective " + value);
      options.objective = value == "cpm" ? LeidenObjective::kCpm : LeidenObjective::kModularity;
    } else if (flag == "--resolution") {
      options.resolution = std::stod(value);
    } else if (flag == "--randomness") {
      options.randomness = std::stod(value);
    } else if (flag == "--max-iterations") {
      options.max_iterations = static_cast<std::uint32_t>(std::stoul(value));
    } else if (flag == "--tolerance") {
      options.tolerance = std::stod(value);
    } else if (flag == "--labels") {
      labels_path = value;
    } else {
      Usage("unknown option " + flag);
    }
  }
  if (csv.empty() == planted.empty()) Usage("give exactly one of --csv and --planted");
  const Graph graph = csv.empty() ? Planted(planted, graph_seed) : ReadCsv(csv);
  if (!write_csv.empty()) WriteCsv(graph, write_csv);

  const parallel::ThreadLimit limit(threads);
  const std::uint64_t first_seed = options.seed;
  LeidenResult best;
  bool have_best = false;
  for (int trial = 0; trial < trials; ++trial) {
    options.seed = first_seed + static_cast<std::uint64_t>(trial);
    const auto start = std::chrono::steady_clock::now();
    LeidenResult result = Leiden(graph.csr, options);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    VerifyLeiden(graph.csr, result, options);
    const double modularity = options.objective == LeidenObjective::kModularity
                                  ? result.quality
                                  : Modularity(graph.csr, result.label);
    std::printf(
        "{\"graph\":\"%s\",\"nodes\":%u,\"edges\":%llu,\"objective\":\"%s\",\"resolution\":%g,"
        "\"seed\":%llu,\"threads\":%d,\"communities\":%u,\"quality\":%.9f,\"modularity\":%.9f,"
        "\"iterations\":%u,\"stable\":%s,\"seconds\":%.6f,\"quality_per_iteration\":[",
        graph.description.c_str(), graph.csr.num_nodes(),
        static_cast<unsigned long long>(graph.csr.num_edges()),
        options.objective == LeidenObjective::kCpm ? "cpm" : "modularity", options.resolution,
        static_cast<unsigned long long>(options.seed), limit.threads(), result.count,
        result.quality, modularity, result.iterations, result.stable ? "true" : "false", seconds);
    for (std::size_t i = 0; i < result.quality_per_iteration.size(); ++i) {
      std::printf("%s%.9f", i == 0 ? "" : ",", result.quality_per_iteration[i]);
    }
    std::printf("]}\n");
    std::fflush(stdout);
    if (!have_best || result.quality > best.quality) {
      best = std::move(result);
      have_best = true;
    }
  }
  if (!labels_path.empty() && have_best) {
    std::ofstream out(labels_path);
    out << "node,community\n";
    for (NodeId v = 0; v < graph.csr.num_nodes(); ++v) {
      out << graph.names[v] << ',' << best.label[v] << '\n';
    }
    if (!out) throw IoError(labels_path, "cannot write");
  }
  return 0;
}

}  // namespace
}  // namespace corridor

int main(int argc, char** argv) {
  try {
    return corridor::Main(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "corridor_leiden_bench: " << e.what() << "\n";
    return 1;
  }
}
