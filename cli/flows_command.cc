// `corridor flows RUN_DIR --seed ENTITY [--upstream] [--depth N] [--any-time]
//  [--rates FILE] --out DIR`: where a seed's money went (or, upstream, where the money it
// received came from), following transfers forward in time (algorithms/routes/flows.h).
// Writes flow_tree.csv (the transfers followed, folded per payer, payee and currency, in the
// columns of flows.csv) and flows.graphml (the flow subgraph, each entity with its depth and
// when money first reached it), and prints the tree.

#include <charconv>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "algorithms/resolve/network.h"
#include "algorithms/routes/flows.h"
#include "cli/command.h"
#include "cli/entity_query.h"
#include "cli/exit_codes.h"
#include "cli/output_format.h"
#include "cli/resolve_outputs.h"
#include "cli/routes_outputs.h"
#include "engine/errors.h"
#include "engine/graphml_writer.h"

namespace corridor::cli {
namespace {

struct FlowsCommandOptions {
  std::string run_dir;
  std::string seed;
  std::string out_dir;
  bool upstream = false;
  bool any_time = false;
  std::uint32_t depth = FlowTreeOptions().max_depth;
  std::string rates_path;
};

// `currency,rate` rows: the value of one unit in the currency amounts are converted to.
std::map<std::string, double> ReadRates(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw IoError(path, "cannot read the rates file");
  std::map<std::string, double> rates;
  std::string line;
  std::uint64_t number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (number == 1 && line.rfind("currency", 0) == 0) continue;  // the header
    if (line.empty()) continue;
    const auto comma = line.find(',');
    if (comma == std::string::npos) {
      throw InvalidInput(path, number, "rate", "expected currency,rate");
    }
    const std::string currency = line.substr(0, comma);
    const std::string text = line.substr(comma + 1);
    double rate = 0;
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), rate);
    if (error != std::errc() || end != text.data() + text.size() || !(rate > 0)) {
      throw InvalidInput(path, number, "rate", "'" + text + "' is not a positive number");
    }
    if (!rates.emplace(currency, rate).second) {
      throw InvalidInput(path, number, "currency", "'" + currency + "' is given twice");
    }
  }
  return rates;
}

WrittenFile WriteFlowGraphml(const std::string& path, const CaseData& data, const Network& network,
                             const FlowTree& tree) {
  GraphmlWriter out(path);
  const GraphmlKey label = out.AddKey(GraphmlDomain::kNode, "label", GraphmlType::kString);
  const GraphmlKey type = out.AddKey(GraphmlDomain::kNode, "type", GraphmlType::kString);
  const GraphmlKey depth = out.AddKey(GraphmlDomain::kNode, "depth", GraphmlType::kInt);
  const GraphmlKey reached = out.AddKey(GraphmlDomain::kNode, "reached_at", GraphmlType::kString);
  const GraphmlKey edge_label = out.AddKey(GraphmlDomain::kEdge, "label", GraphmlType::kString);
  const GraphmlKey currency = out.AddKey(GraphmlDomain::kEdge, "currency", GraphmlType::kString);
  const GraphmlKey amount = out.AddKey(GraphmlDomain::kEdge, "amount", GraphmlType::kDouble);
  const GraphmlKey count = out.AddKey(GraphmlDomain::kEdge, "count", GraphmlType::kLong);
  const GraphmlKey first = out.AddKey(GraphmlDomain::kEdge, "first_seen", GraphmlType::kString);
  const GraphmlKey last = out.AddKey(GraphmlDomain::kEdge, "last_seen", GraphmlType::kString);
  const GraphmlKey evidence = out.AddKey(GraphmlDomain::kEdge, "evidence", GraphmlType::kLong);
  out.BeginGraph(true);
  std::vector<GraphmlField> fields;
  for (std::size_t i = 0; i < tree.nodes.size(); ++i) {
    const NodeId v = tree.nodes[i];
    const std::string name =
        network.nodes.labels[v].empty() ? network.nodes.keys[v] : network.nodes.labels[v];
    const std::string when = i == 0 ? std::string("seed") : IsoOrUnknown(tree.reached_at[i]);
    fields.clear();
    fields.push_back({label, name});
    fields.push_back({type, EntityTypeName(network.nodes.types[v])});
    fields.push_back({depth, static_cast<std::int64_t>(tree.depth[i])});
    fields.push_back({reached, when});
    out.Node(network.nodes.keys[v], fields);
  }
  for (const Flow& flow : tree.flows) {
    std::string unit(data.records.strings().View(flow.currency));
    if (unit.empty()) unit = "unknown";
    const std::string text = unit + " " + Money(flow.amount);
    const std::string from = IsoOrUnknown(flow.first_seen), to = IsoOrUnknown(flow.last_seen);
    fields.clear();
    fields.push_back({edge_label, text});
    fields.push_back({currency, unit});
    fields.push_back({amount, flow.amount});
    fields.push_back({count, static_cast<std::int64_t>(flow.count)});
    fields.push_back({first, from});
    fields.push_back({last, to});
    fields.push_back({evidence, static_cast<std::int64_t>(flow.evidence.size())});
    out.Edge(network.nodes.keys[flow.from], network.nodes.keys[flow.to], fields);
  }
  out.Finish();
  return Written(out);
}

}  // namespace

Command AddFlowsCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<FlowsCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "flows", "Where a seed's money went, or where the money it received came from");
  app->add_option("run", options->run_dir, "A folder written by corridor resolve or run")
      ->required()
      ->check(CLI::ExistingDirectory);
  app->add_option("--seed", options->seed,
                  "The entity: node key (E12), record id, phone number or name")
      ->required();
  app->add_option("--out", options->out_dir, "Output folder")->required();
  app->add_flag("--upstream", options->upstream,
                "Follow money into the seed (who funds it) instead of out of it");
  app->add_option("--depth", options->depth, "Transfers from the seed at most")
      ->capture_default_str();
  app->add_flag("--any-time", options->any_time,
                "Follow transfers whatever their dates (and undated ones)");
  app->add_option("--rates", options->rates_path,
                  "CSV of currency,rate: adds each amount converted at that rate")
      ->check(CLI::ExistingFile);
  app->footer(
      "Example:\n  corridor flows out/sample --seed E42 --out out/sample/flows-E42\n"
      "Writes flow_tree.csv and flows.graphml. Downstream, a transfer out of an entity is\n"
      "followed only if it is not earlier than the first money that reached it from the\n"
      "seed; upstream, mirrored. Ambiguous seeds list the candidates and exit 1.");
  return {app, [options, &global]() -> int {
            const std::map<std::string, double> rates = options->rates_path.empty()
                                                            ? std::map<std::string, double>()
                                                            : ReadRates(options->rates_path);
            const ReloadedRun reloaded = ReloadRun(options->run_dir, global.quiet);
            const NetworkBuild build =
                BuildNetwork(reloaded.data, reloaded.resolution, NetworkOptions());
            const Network& network = build.network;
            const NodeId seed = ResolveEntity(network, reloaded.data, options->seed);
            FlowTreeOptions trace;
            trace.downstream = !options->upstream;
            trace.max_depth = options->depth;
            trace.time_respecting = !options->any_time;
            const FlowTree tree = TraceFlows(build.transfers, reloaded.data.records, seed, trace);

            CreateFolder(options->out_dir);
            const auto file = [&](const char* name) {
              return (std::filesystem::path(options->out_dir) / name).string();
            };
            const FlowRows rows[] = {{"entity", &tree.flows}};
            WriteFlowsCsv(file("flow_tree.csv"), reloaded.data, network, rows, rates);
            WriteFlowGraphml(file("flows.graphml"), reloaded.data, network, tree);

            std::cout << (trace.downstream ? "money from " : "money into ")
                      << network.nodes.keys[seed] << " (" << network.nodes.labels[seed]
                      << "): " << tree.nodes.size() - 1 << " entities, " << tree.flows.size()
                      << " flows\n";
            for (const Flow& flow : tree.flows) {
              std::cout << "  " << network.nodes.keys[flow.from] << " -> "
                        << network.nodes.keys[flow.to] << "  "
                        << reloaded.data.records.strings().View(flow.currency) << ' '
                        << Money(flow.amount) << " in " << flow.count << " transfers ("
                        << flow.first_seen.ToIso() << " .. " << flow.last_seen.ToIso() << ")\n";
            }
            std::cout << "out: " << options->out_dir << '\n';
            return kExitOk;
          }};
}

}  // namespace corridor::cli
