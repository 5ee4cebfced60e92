// Writes a case's cell graph (the person projection by its cell weights, the graph
// `corridor analyse` finds cells on) as a weighted edge list, for Leiden benchmarks beside
// other tools (bench/projection_leiden.sh). Loads, resolves and builds the network with the
// defaults, as `corridor analyse` does; persons are named by their entity keys ("E12").
// A persons.graphml of a million-person case is about 20 GB; this list is a tenth of that.
//
// usage: corridor_cell_graph CASE.json OUT.csv [--kinds]   (columns source,target,weight)
// --kinds adds each tie's event counts by kind (call, contact, ..., associate: TieName), to
// see which kinds of evidence join cells that should stay apart.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include "algorithms/resolve/network.h"
#include "algorithms/resolve/resolve.h"
#include "loaders/case_file.h"
#include "loaders/load_case.h"

int main(int argc, char** argv) {
  using namespace corridor;
  const bool kinds = argc == 4 && std::string(argv[3]) == "--kinds";
  if (argc != 3 && !kinds) {
    std::fprintf(stderr, "usage: %s CASE.json OUT.csv [--kinds]\n", argv[0]);
    return 1;
  }
  const auto start = std::chrono::steady_clock::now();
  const CaseData data = LoadCase(ReadCaseFile(argv[1]));
  const Resolution resolution = Resolve(data, ResolveOptions());
  const NetworkBuild build = BuildNetwork(data, resolution, NetworkOptions());
  const PersonProjection& persons = build.persons;
  std::ofstream out(argv[2]);
  out << "source,target,weight";
  if (kinds) {
    for (int t = 0; t < kTieCount; ++t) out << ',' << TieName(static_cast<Tie>(t));
  }
  out << '\n';
  std::size_t written = 0;
  char weight[32];
  for (std::size_t e = 0; e < persons.size(); ++e) {
    if (persons.cell_weights[e] == 0) continue;
    std::snprintf(weight, sizeof weight, "%.17g", persons.cell_weights[e]);
    out << build.network.nodes.keys[persons.node_of_person[persons.first[e]]] << ','
        << build.network.nodes.keys[persons.node_of_person[persons.second[e]]] << ',' << weight;
    if (kinds) {
      for (int t = 0; t < kTieCount; ++t) out << ',' << persons.ties[e][t];
    }
    out << '\n';
    ++written;
  }
  out.close();
  if (!out) {
    std::fprintf(stderr, "cannot write %s\n", argv[2]);
    return 1;
  }
  std::printf("%zu persons, %zu ties, %zu with a cell weight; %.1f s\n",
              persons.node_of_person.size(), persons.size(), written,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  return 0;
}
