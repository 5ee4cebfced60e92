// CSV reading throughput on a generated CDR-style file (written once, outside the timer).
// Reports bytes/s of parse (tokenise, unquote, UTF-8 check) and hash.

#include <benchmark/benchmark.h>

#include <filesystem>
#include <fstream>
#include <random>
#include <string>

#include "loaders/csv_reader.h"

namespace corridor {
namespace {

std::string WriteCdrFile(std::size_t rows) {
  const auto path = std::filesystem::temp_directory_path() / "corridor_csv_bench.csv";
  std::ofstream out(path, std::ios::binary);
  std::mt19937_64 rng(3);
  std::uniform_int_distribution<int> digit(0, 9);
  out << "call_id,caller,callee,start,duration_s,cell\n";
  for (std::size_t i = 0; i < rows; ++i) {
    std::string a = "+92300", b = "0300-";
    for (int k = 0; k < 7; ++k) {
      a.push_back(static_cast<char>('0' + digit(rng)));
      b.push_back(static_cast<char>('0' + digit(rng)));
    }
    out << "C" << i << ',' << a << ',' << b << ",2024-03-" << 10 + digit(rng) << "T1" << digit(rng)
        << ":0" << digit(rng) << ":00," << digit(rng) * 37 << ",\"QTA-" << digit(rng) << digit(rng)
        << ", Quetta\"\n";
  }
  return path.string();
}

void BM_CsvRead(benchmark::State& state) {
  static const std::string path = WriteCdrFile(1'000'000);
  std::uint64_t bytes = 0;
  for (auto _ : state) {
    CsvReader reader(path, {});
    CsvRow row;
    std::size_t fields = 0;
    while (reader.Next(row)) fields += row.fields.size();
    benchmark::DoNotOptimize(reader.FinishDigest());
    bytes += reader.bytes_read();
    benchmark::DoNotOptimize(fields);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
}
BENCHMARK(BM_CsvRead)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace corridor

BENCHMARK_MAIN();
