// `corridor chart RUN_DIR --focus A[,B,...] [--hops 2] [--connect] [--types ...]
//  [--since DATE --until DATE] [--max-nodes 300] --out FILE.{svg,pdf,graphml,csv,dot}`:
// a prosecutor's link chart. Without --connect, the focus entities' k-hop neighbourhood; with
// it, their connecting network (every shortest path between every pair). Every node cites
// the records of its entity and every link the records behind it (file:line and record id);
// the footer names the run's manifest by its SHA-256, so a printed chart ties back to its
// inputs. Drawing is engine/chart.h's; choosing what goes in is algorithms/paths/paths.h's.

#include <chrono>
#include <cmath>
#include <filesystem>
#include <iostream>

#include "algorithms/paths/paths.h"
#include "algorithms/resolve/network.h"
#include "cli/command.h"
#include "cli/entity_query.h"
#include "cli/exit_codes.h"
#include "cli/output_format.h"
#include "cli/resolve_outputs.h"
#include "engine/chart.h"
#include "engine/errors.h"
#include "engine/file_reader.h"
#include "engine/version.h"

namespace corridor::cli {
namespace {

struct ChartCommandOptions {
  std::string run_dir;
  std::vector<std::string> focus;
  int hops = 2;
  bool connect = false;
  std::string types;
  std::string since, until;
  std::size_t max_nodes = 300;
  std::string out_path;
};

// YYYY, YYYY-MM or YYYY-MM-DD: the start of that period (`since`) or its last second (`until`).
std::int64_t ParseDate(const std::string& text, bool end, const char* flag) {
  // Exactly YYYY, YYYY-MM or YYYY-MM-DD: anything after a valid prefix ("2024-03x") is an
  // error, not a month.
  const auto digits = [&](std::size_t at, std::size_t count) {
    int value = 0;
    for (std::size_t i = at; i < at + count; ++i) {
      if (i >= text.size() || text[i] < '0' || text[i] > '9') return -1;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const int fields = text.size() == 4 ? 1 : text.size() == 7 ? 2 : text.size() == 10 ? 3 : 0;
  const int year = digits(0, 4);
  const int month = fields >= 2 && text[4] == '-' ? digits(5, 2) : (fields >= 2 ? -1 : 1);
  const int day = fields == 3 && text[7] == '-' ? digits(8, 2) : (fields == 3 ? -1 : 1);
  const TimePrecision precision = fields == 1   ? TimePrecision::kYear
                                  : fields == 2 ? TimePrecision::kMonth
                                                : TimePrecision::kDay;
  if (fields == 0 || year < 0 || month < 1 || month > 12 || day < 1 ||
      !IsValidCivilDate(year, month, day)) {
    throw UsageError(std::string(flag) + ": '" + text + "' is not a date (YYYY[-MM[-DD]])");
  }
  CivilTime civil{year, month, day};
  const std::int64_t start = PartialTime::FromCivil(civil, precision).seconds();
  if (!end) return start;
  if (precision == TimePrecision::kDay) return start + 86399;
  if (precision == TimePrecision::kMonth) {
    civil.month = civil.month == 12 ? 1 : civil.month + 1;
    if (civil.month == 1) ++civil.year;
  } else {
    ++civil.year;
  }
  return PartialTime::FromCivil(civil, precision).seconds() - 1;
}

std::string Cite(const CaseData& data, RecordIndex r) {
  return Citation(data, r) + " " + std::string(data.records.record_id(r));
}

}  // namespace

Command AddChartCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<ChartCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "chart", "A link chart of some entities, every node and link citing its evidence");
  app->add_option("run", options->run_dir, "A folder written by corridor resolve or run")
      ->required()
      ->check(CLI::ExistingDirectory);
  app->add_option("--focus", options->focus,
                  "The chart's subjects: node keys, record ids, phone numbers or names")
      ->required()
      ->delimiter(',');
  app->add_option("--hops", options->hops, "Neighbourhood depth around the focus")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_flag("--connect", options->connect,
                "Chart the focus entities' connecting network instead: every shortest path "
                "between every pair");
  app->add_option("--types", options->types,
                  "Entity types the chart may pass through (default all but place)");
  app->add_option("--since", options->since, "Only links active on or after YYYY[-MM[-DD]]");
  app->add_option("--until", options->until, "Only links active on or before YYYY[-MM[-DD]]");
  app->add_option("--max-nodes", options->max_nodes,
                  "At most this many nodes: nearer and better connected ones first")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--out", options->out_path, "FILE.svg, .pdf, .graphml, .csv or .dot")->required();
  app->footer(
      "Examples:\n  corridor chart out/sample --focus E12 --hops 2 --out E12.svg\n"
      "  corridor chart out/sample --focus E12,E40 --connect --since 2024-03 --out case.pdf\n"
      "The CSV is an i2-style import table: one row per link with its dates, count, amount\n"
      "and evidence.");
  return {
      app, [options, &global]() -> int {
        const std::optional<ChartFormat> format = ChartFormatFromPath(options->out_path);
        if (!format) {
          throw UsageError("--out: '" + options->out_path +
                           "' does not end in .svg, .pdf, .graphml, .csv or .dot");
        }
        PathGraphOptions graph_options;
        graph_options.allowed_types = ParseTypeFilter(options->types);
        if (!options->since.empty()) {
          graph_options.since_s = ParseDate(options->since, false, "--since");
        }
        if (!options->until.empty()) {
          graph_options.until_s = ParseDate(options->until, true, "--until");
        }
        const ReloadedRun reloaded = ReloadRun(options->run_dir, global.quiet);
        const CaseData& data = reloaded.data;
        const NetworkBuild build = BuildNetwork(data, reloaded.resolution, NetworkOptions());
        const Network& network = build.network;
        std::vector<NodeId> focus;
        for (const std::string& query : options->focus) {
          focus.push_back(ResolveEntity(network, data, query));
        }
        using Clock = std::chrono::steady_clock;
        const auto extraction_start = Clock::now();
        const PathGraph graph = BuildPathGraph(network, graph_options);
        std::vector<NodeId> nodes;
        std::vector<LinkIndex> links;
        std::size_t left_out = 0;
        if (options->connect) {
          Subnetwork connecting = ConnectingNetwork(graph, focus);
          nodes = std::move(connecting.nodes);
          links = std::move(connecting.links);
        } else {
          ChartNeighbourhood near =
              NeighbourhoodForChart(graph, focus, options->hops, options->max_nodes);
          nodes = std::move(near.nodes);
          links = std::move(near.links);
          left_out = near.left_out;
        }

        Chart chart;
        std::string subjects;
        for (const NodeId v : focus) {
          subjects += (subjects.empty() ? "" : ", ") + network.nodes.labels[v] + " (" +
                      network.nodes.keys[v] + ")";
        }
        chart.title =
            (options->connect ? "Connecting network of " : "Link chart of ") + subjects +
            (options->connect ? std::string() : ", " + std::to_string(options->hops) + " hops");
        const std::filesystem::path manifest =
            std::filesystem::path(options->run_dir) / "manifest.json";
        const std::string manifest_hash = std::filesystem::exists(manifest)
                                              ? DigestFile(manifest.string()).sha256_hex
                                              : std::string("none");
        chart.footer = "run " + options->run_dir + ", manifest.json sha256 " + manifest_hash +
                       "; corridor " + kVersion;
        if (left_out > 0) {
          chart.footer += "; " + std::to_string(left_out) + " more entities beyond " +
                          std::to_string(options->max_nodes) + " nodes not shown";
        }
        std::vector<std::uint32_t> index(network.nodes.size(), kNoId);
        for (const NodeId v : nodes) {
          index[v] = static_cast<std::uint32_t>(chart.nodes.size());
          ChartNode node;
          node.id = network.nodes.keys[v];
          node.type = network.nodes.types[v];
          node.label = network.nodes.labels[v];
          node.focus = std::find(focus.begin(), focus.end(), v) != focus.end();
          for (const RecordIndex r : network.nodes.Evidence(v)) {
            node.evidence.push_back(Cite(data, r));
          }
          chart.nodes.push_back(std::move(node));
        }
        const LinkTable& table = network.links;
        for (const LinkIndex l : links) {
          ChartLink link;
          link.source = index[table.sources[l]];
          link.target = index[table.targets[l]];
          link.type = table.types[l];
          link.count = table.counts[l];
          link.first_seen = table.first_seen[l];
          link.last_seen = table.last_seen[l];
          link.amount = Amounts(data, table, l);
          for (const RecordIndex r : table.Evidence(l)) link.evidence.push_back(Cite(data, r));
          chart.links.push_back(std::move(link));
        }
        const auto drawing_start = Clock::now();
        const ChartFile written = WriteChart(chart, options->out_path, *format);
        const auto seconds = [](Clock::time_point from, Clock::time_point to) {
          return Number(std::round(std::chrono::duration<double>(to - from).count() * 1000) / 1000);
        };
        std::cout << "chart: " << chart.nodes.size() << " entities, " << chart.links.size()
                  << " links";
        if (left_out > 0) std::cout << " (" << left_out << " more beyond --max-nodes)";
        std::cout << "; extraction " << seconds(extraction_start, drawing_start) << " s, drawing "
                  << seconds(drawing_start, Clock::now()) << " s";
        std::cout << "\n  " << options->out_path << " (" << written.bytes << " bytes, sha256 "
                  << written.sha256_hex << ")\n";
        return kExitOk;
      }};
}

}  // namespace corridor::cli
