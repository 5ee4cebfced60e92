// Engine building blocks: CSR construction from a random edge list and string interning.
// Inputs are generated outside the timed loop; every CSR built is validated once.

#include <benchmark/benchmark.h>

#include <random>
#include <string>
#include <vector>

#include "engine/csr_graph.h"
#include "engine/parallel.h"
#include "engine/string_pool.h"

namespace corridor {
namespace {

std::vector<WeightedEdge> RandomEdges(NodeId n, std::size_t m, std::uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::vector<WeightedEdge> edges(m);
  for (auto& e : edges) e = {node(rng), node(rng), 1.0};
  return edges;
}

void BM_CsrBuild(benchmark::State& state) {
  const auto threads = static_cast<int>(state.range(0));
  const parallel::ThreadLimit limit(threads);
  const NodeId n = 1'000'000;
  const auto edges = RandomEdges(n, 10'000'000, 1);
  CsrGraph::Build(n, edges).Validate();
  for (auto _ : state) {
    CsrGraph g = CsrGraph::Build(n, edges);
    benchmark::DoNotOptimize(g.num_arcs());
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * edges.size()));
}
BENCHMARK(BM_CsrBuild)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_StringIntern(benchmark::State& state) {
  // One million values with heavy repetition, as in a column of names or phone numbers.
  std::mt19937_64 rng(2);
  std::uniform_int_distribution<int> pick(0, 99'999);
  std::vector<std::string> values(1'000'000);
  for (auto& v : values) v = "value-" + std::to_string(pick(rng));
  for (auto _ : state) {
    StringPool pool;
    for (const auto& v : values) benchmark::DoNotOptimize(pool.Intern(v));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
BENCHMARK(BM_StringIntern)->Unit(benchmark::kMillisecond);

void BM_StringInternUnique(benchmark::State& state) {
  // Ten million distinct values, as call ids and timestamps of a large CDR: the table no
  // longer fits in cache and every insert is a cache miss.
  std::vector<std::string> values(10'000'000);
  for (std::size_t i = 0; i < values.size(); ++i) values[i] = "C" + std::to_string(i * 7919);
  for (auto _ : state) {
    StringPool pool;
    if (state.range(0) == 1) pool.Reserve(values.size(), values.size());
    for (const auto& v : values) benchmark::DoNotOptimize(pool.Intern(v));
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * values.size()));
}
// Arg 1: table reserved up front.
BENCHMARK(BM_StringInternUnique)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->Iterations(2);

}  // namespace
}  // namespace corridor

BENCHMARK_MAIN();
