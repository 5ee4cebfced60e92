// GraphML writing throughput: a synthetic graph (default 1M nodes, 5M edges, one node and one
// edge attribute of each GraphML type) generated outside the timer, then written several times,
// plain and with yEd graphics. Each trial is timed from opening the file to closing it (into
// the page cache: no fsync) and verified: the file's size equals the bytes counted, and every
// trial of a style yields the same SHA-256. Prints one JSON line per trial.
//
//   corridor_graphml_bench [--nodes N] [--edges M] [--trials T] [--out PATH]

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/graphml_writer.h"

namespace corridor {
namespace {

struct Options {
  std::uint32_t nodes = 1'000'000;
  std::uint64_t edges = 5'000'000;
  int trials = 3;
  std::string out = (std::filesystem::temp_directory_path() / "corridor_graphml_bench.graphml");
};

struct Graph {
  std::vector<std::string> ids, labels, kinds;
  std::vector<std::int32_t> degree;
  std::vector<std::int64_t> calls;
  std::vector<double> share, score;
  std::vector<std::uint8_t> active;
  std::vector<std::uint32_t> source, target;
  std::vector<double> weight, ratio;
  std::vector<std::int64_t> count;
  std::vector<std::int32_t> hour;
  std::vector<std::uint8_t> direct;
  std::vector<std::string> dates;  // first_seen values, shared by many edges
  std::vector<std::uint32_t> date;
};

Graph Generate(const Options& options) {
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  Graph g;
  const char* const kKinds[] = {"person", "phone", "account", "place"};
  // Names mix Latin and Arabic script and an occasional character to escape, as case data does.
  const char* const kNames[] = {"Ali Raza",
                                "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xB9\xD9\x84\xDB\x8C",
                                "Bano & Co", "Khan", "+92 300 1234567"};
  for (std::uint32_t i = 0; i < options.nodes; ++i) {
    g.ids.push_back("n" + std::to_string(i));
    g.labels.push_back(std::string(kNames[rng() % 5]) + " " + std::to_string(rng() % 100'000));
    g.kinds.emplace_back(kKinds[rng() % 4]);
    g.degree.push_back(static_cast<std::int32_t>(rng() % 1000));
    g.calls.push_back(static_cast<std::int64_t>(rng() % 10'000'000'000));
    g.share.push_back(unit(rng));
    g.score.push_back(unit(rng) * 1e-3);
    g.active.push_back(rng() % 2);
  }
  for (int d = 0; d < 1000; ++d) {
    g.dates.push_back("2024-" + std::to_string(1 + d % 12) + "-" + std::to_string(1 + d % 28) +
                      "T" + std::to_string(d % 24) + ":00");
  }
  std::uniform_int_distribution<std::uint32_t> node(0, options.nodes - 1);
  for (std::uint64_t e = 0; e < options.edges; ++e) {
    g.source.push_back(node(rng));
    g.target.push_back(node(rng));
    g.weight.push_back(unit(rng) * 100.0);
    g.ratio.push_back(unit(rng));
    g.count.push_back(static_cast<std::int64_t>(rng() % 5000));
    g.hour.push_back(static_cast<std::int32_t>(rng() % 24));
    g.direct.push_back(rng() % 2);
    g.date.push_back(static_cast<std::uint32_t>(rng() % g.dates.size()));
  }
  return g;
}

void Write(const Graph& g, bool yed, GraphmlWriter& writer) {
  const GraphmlKey label = writer.AddKey(GraphmlDomain::kNode, "label", GraphmlType::kString);
  const GraphmlKey kind = writer.AddKey(GraphmlDomain::kNode, "kind", GraphmlType::kString);
  const GraphmlKey active = writer.AddKey(GraphmlDomain::kNode, "active", GraphmlType::kBool);
  const GraphmlKey degree = writer.AddKey(GraphmlDomain::kNode, "degree", GraphmlType::kInt);
  const GraphmlKey calls = writer.AddKey(GraphmlDomain::kNode, "calls", GraphmlType::kLong);
  const GraphmlKey share = writer.AddKey(GraphmlDomain::kNode, "share", GraphmlType::kFloat);
  const GraphmlKey score = writer.AddKey(GraphmlDomain::kNode, "score", GraphmlType::kDouble);
  const GraphmlKey weight = writer.AddKey(GraphmlDomain::kEdge, "weight", GraphmlType::kDouble);
  const GraphmlKey ratio = writer.AddKey(GraphmlDomain::kEdge, "ratio", GraphmlType::kFloat);
  const GraphmlKey count = writer.AddKey(GraphmlDomain::kEdge, "count", GraphmlType::kLong);
  const GraphmlKey hour = writer.AddKey(GraphmlDomain::kEdge, "hour", GraphmlType::kInt);
  const GraphmlKey direct = writer.AddKey(GraphmlDomain::kEdge, "direct", GraphmlType::kBool);
  const GraphmlKey seen = writer.AddKey(GraphmlDomain::kEdge, "first_seen", GraphmlType::kString);
  writer.BeginGraph(/*directed=*/true);
  for (std::size_t i = 0; i < g.ids.size(); ++i) {
    const GraphmlField fields[] = {{label, g.labels[i]},       {kind, g.kinds[i]},
                                   {active, g.active[i] != 0}, {degree, g.degree[i]},
                                   {calls, g.calls[i]},        {share, g.share[i]},
                                   {score, g.score[i]}};
    if (yed) {
      const YedNodeStyle style{.label = g.labels[i],
                               .shape = YedShape::kEllipse,
                               .fill_rgb = g.kinds[i] == "person" ? 0xFFCC00u : 0x99CCFFu};
      writer.Node(g.ids[i], fields, style);
    } else {
      writer.Node(g.ids[i], fields);
    }
  }
  for (std::size_t e = 0; e < g.source.size(); ++e) {
    const GraphmlField fields[] = {{weight, g.weight[e]},      {ratio, g.ratio[e]},
                                   {count, g.count[e]},        {hour, g.hour[e]},
                                   {direct, g.direct[e] != 0}, {seen, g.dates[g.date[e]]}};
    writer.Edge(g.ids[g.source[e]], g.ids[g.target[e]], fields);
  }
  writer.Finish();
}

int Run(const Options& options) {
  const Graph g = Generate(options);
  for (const bool yed : {false, true}) {
    std::string first_sha;
    for (int trial = 0; trial < options.trials; ++trial) {
      const auto start = std::chrono::steady_clock::now();
      GraphmlWriter writer(options.out, {.yed = yed});
      Write(g, yed, writer);
      const double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      const std::uint64_t size = std::filesystem::file_size(options.out);
      if (first_sha.empty()) first_sha = writer.sha256_hex();
      if (size != writer.bytes() || writer.sha256_hex() != first_sha ||
          writer.nodes() != options.nodes || writer.edges() != options.edges) {
        std::fprintf(stderr, "verification failed: trial %d wrote %llu bytes, counted %llu\n",
                     trial, static_cast<unsigned long long>(size),
                     static_cast<unsigned long long>(writer.bytes()));
        return 1;
      }
      std::printf(
          "{\"bench\":\"graphml_write\",\"style\":\"%s\",\"nodes\":%u,\"edges\":%llu,"
          "\"trial\":%d,\"bytes\":%llu,\"seconds\":%.3f,\"mb_per_s\":%.1f}\n",
          yed ? "yed" : "plain", options.nodes, static_cast<unsigned long long>(options.edges),
          trial, static_cast<unsigned long long>(size), seconds,
          static_cast<double>(size) / 1e6 / seconds);
      std::fflush(stdout);
    }
  }
  std::filesystem::remove(options.out);
  return 0;
}

}  // namespace
}  // namespace corridor

int main(int argc, char** argv) {
  corridor::Options options;
  if (argc % 2 == 0) {
    std::fprintf(stderr, "every flag takes a value\n");
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--nodes") {
      options.nodes = static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (flag == "--edges") {
      options.edges = std::strtoull(value, nullptr, 10);
    } else if (flag == "--trials") {
      options.trials = std::atoi(value);
    } else if (flag == "--out") {
      options.out = value;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  if (options.nodes == 0 || options.trials <= 0) {
    std::fprintf(stderr, "--nodes and --trials must be positive\n");
    return 2;
  }
  return corridor::Run(options);
}
