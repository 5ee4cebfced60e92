// `corridor paths RUN_DIR --from A --to B [--k 5] [--types person,phone,account] [--directed]
//  [--time-respecting --max-gap 14d] [--out FILE.csv]`: the shortest and k shortest simple
// paths between two entities in a run's network (Yen), or the time-respecting ones, each link
// listed with the records behind it and where they came from (algorithms/paths/paths.h).
// Entities are named as cli/entity_query.h says; an ambiguous one lists the candidates, exit 1.

#include <charconv>
#include <chrono>
#include <iostream>

#include "algorithms/paths/paths.h"
#include "algorithms/resolve/network.h"
#include "cli/command.h"
#include "cli/entity_query.h"
#include "cli/exit_codes.h"
#include "cli/output_format.h"
#include "cli/resolve_outputs.h"
#include "engine/csv_writer.h"

namespace corridor::cli {
namespace {

struct PathsCommandOptions {
  std::string run_dir;
  std::string from, to;
  std::size_t k = KShortestOptions().k;
  std::string types;
  bool directed = false;
  bool time_respecting = false;
  std::string max_gap;
  std::uint32_t max_hops = 0;  // 0: none (k shortest), TemporalOptions' default (temporal)
  std::string out_path;
};

// "14d", "36h", "90m", "3600s" or plain seconds.
std::int64_t ParseGap(const std::string& text) {
  std::int64_t unit = 1;
  std::string digits = text;
  if (!digits.empty() && std::string("dhms").find(digits.back()) != std::string::npos) {
    unit = digits.back() == 'd'   ? 86400
           : digits.back() == 'h' ? 3600
           : digits.back() == 'm' ? 60
                                  : 1;
    digits.pop_back();
  }
  std::int64_t value = -1;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (error != std::errc() || end != digits.data() + digits.size() || value < 0) {
    throw UsageError("--max-gap: '" + text + "' is not a duration such as 14d, 36h, 90m or 3600");
  }
  return value * unit;
}

std::string When(std::int64_t seconds) {
  return PartialTime::FromSeconds(seconds, TimePrecision::kMinute).ToIso();
}

}  // namespace

Command AddPathsCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<PathsCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "paths", "Shortest, k shortest and time-respecting paths between two entities");
  app->add_option("run", options->run_dir, "A folder written by corridor resolve or run")
      ->required()
      ->check(CLI::ExistingDirectory);
  app->add_option("--from", options->from, "Start: node key, record id, phone number or name")
      ->required();
  app->add_option("--to", options->to, "End, named the same ways")->required();
  app->add_option("--k", options->k, "How many paths, shortest first")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app->add_option("--types", options->types,
                  "Entity types a path may pass through, e.g. person,phone,account (the two "
                  "ends are always allowed; default all but place)");
  app->add_flag("--directed", options->directed,
                "Follow links only in their direction (caller to called, payer to payee)");
  app->add_flag("--time-respecting", options->time_respecting,
                "Each step's event no earlier than the previous step's");
  app->add_option("--max-gap", options->max_gap,
                  "Time-respecting: longest wait between steps (14d, 36h, 90m, seconds)");
  app->add_option("--max-hops", options->max_hops, "Longest path, in links");
  app->add_option("--out", options->out_path, "Also write the paths as CSV, one row per step");
  app->footer(
      "Examples:\n  corridor paths out/sample --from E12 --to +923001234567 --k 5\n"
      "  corridor paths out/sample --from E12 --to E40 --time-respecting --max-gap 14d\n"
      "Paths are ranked by hops, then by node ids; every step cites its records (file:line).");
  return {
      app, [options, &global]() -> int {
        if (!options->max_gap.empty() && !options->time_respecting) {
          throw UsageError("--max-gap needs --time-respecting");
        }
        PathGraphOptions graph_options;
        graph_options.directed = options->directed;
        graph_options.allowed_types = ParseTypeFilter(options->types);
        const ReloadedRun reloaded = ReloadRun(options->run_dir, global.quiet);
        const CaseData& data = reloaded.data;
        const NetworkBuild build = BuildNetwork(data, reloaded.resolution, NetworkOptions());
        const Network& network = build.network;
        const NodeId from = ResolveEntity(network, data, options->from);
        const NodeId to = ResolveEntity(network, data, options->to);
        const auto start = std::chrono::steady_clock::now();
        const PathGraph graph = BuildPathGraph(network, graph_options);

        struct Step {
          std::size_t link;
          bool forward;
          std::optional<std::int64_t> time;
          RecordIndex record;
        };
        std::vector<std::vector<Step>> paths;
        std::vector<std::vector<NodeId>> path_nodes;
        bool truncated = false;
        if (options->time_respecting) {
          const LinkTimes times = BuildLinkTimes(network, data.records);
          TemporalOptions temporal;
          temporal.k = options->k;
          if (!options->max_gap.empty()) temporal.max_gap_s = ParseGap(options->max_gap);
          if (options->max_hops > 0) temporal.max_hops = options->max_hops;
          const TemporalPaths found = TimeRespectingPaths(graph, times, from, to, temporal);
          truncated = found.truncated;
          for (const TemporalPath& p : found.paths) {
            std::vector<Step> steps;
            for (std::size_t i = 0; i < p.path.links.size(); ++i) {
              steps.push_back({p.path.links[i], p.path.forward[i], p.times[i], p.records[i]});
            }
            paths.push_back(std::move(steps));
            path_nodes.push_back(p.path.nodes);
          }
        } else {
          KShortestOptions shortest;
          shortest.k = options->k;
          if (options->max_hops > 0) shortest.max_hops = options->max_hops;
          for (const Path& p : KShortestPaths(graph, from, to, shortest)) {
            std::vector<Step> steps;
            for (std::size_t i = 0; i < p.links.size(); ++i) {
              steps.push_back({p.links[i], p.forward[i], std::nullopt, kNoId});
            }
            paths.push_back(std::move(steps));
            path_nodes.push_back(p.nodes);
          }
        }
        const double seconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

        const NetworkNodes& nodes = network.nodes;
        const LinkTable& links = network.links;
        const RecordTable& records = data.records;
        const auto name = [&](NodeId v) {
          return nodes.keys[v] + " (" +
                 (nodes.labels[v].empty() ? nodes.keys[v] : nodes.labels[v]) + ")";
        };
        // The records a step cites: the event used, for a time-respecting step, else all
        // of its link's evidence.
        const auto evidence = [&](const Step& step) {
          std::vector<RecordIndex> cited;
          if (step.record != kNoId) {
            cited.push_back(step.record);
          } else {
            const auto all = links.Evidence(step.link);
            cited.assign(all.begin(), all.end());
          }
          return cited;
        };
        // An event's time as its record gives it, at its own precision.
        const auto when = [&](const Step& step) {
          return step.record != kNoId ? records.time(step.record).ToIso() : When(*step.time);
        };
        std::cout << paths.size() << (options->time_respecting ? " time-respecting" : "")
                  << " paths from " << name(from) << " to " << name(to) << " ("
                  << Number(std::round(seconds * 1000) / 1000) << " s)\n";
        if (truncated) {
          std::cout << "search stopped at its state limit: longer paths may exist\n";
        }
        for (std::size_t p = 0; p < paths.size(); ++p) {
          std::cout << "path " << p + 1 << ": " << paths[p].size() << " links\n";
          for (std::size_t i = 0; i < paths[p].size(); ++i) {
            const Step& step = paths[p][i];
            const auto cited = evidence(step);
            std::cout << "  " << name(path_nodes[p][i]) << (step.forward ? " -" : " <-")
                      << LinkTypeName(links.types[step.link]) << (step.forward ? "-> " : "- ")
                      << name(path_nodes[p][i + 1]);
            if (step.time) std::cout << " at " << when(step);
            std::cout << "  [" << links.counts[step.link] << " events, "
                      << links.first_seen[step.link].ToIso() << " .. "
                      << links.last_seen[step.link].ToIso() << "]\n      evidence:";
            for (std::size_t e = 0; e < std::min<std::size_t>(3, cited.size()); ++e) {
              std::cout << ' ' << records.record_id(cited[e]) << " (" << Citation(data, cited[e])
                        << ')';
            }
            if (cited.size() > 3) std::cout << " and " << cited.size() - 3 << " more";
            std::cout << '\n';
          }
        }
        if (!options->out_path.empty()) {
          CsvWriter out(options->out_path);
          for (const char* column :
               {"path", "step", "from", "from_label", "link_type", "direction", "to", "to_label",
                "time", "count", "first_seen", "last_seen", "evidence", "evidence_sources"}) {
            out.Field(column);
          }
          out.EndRow();
          for (std::size_t p = 0; p < paths.size(); ++p) {
            for (std::size_t i = 0; i < paths[p].size(); ++i) {
              const Step& step = paths[p][i];
              const NodeId a = path_nodes[p][i], b = path_nodes[p][i + 1];
              std::string ids, sources;
              for (const RecordIndex r : evidence(step)) {
                if (!ids.empty()) ids += " | ", sources += " | ";
                ids += records.record_id(r);
                sources += Citation(data, r);
              }
              out.Field(std::uint64_t{p + 1});
              out.Field(std::uint64_t{i + 1});
              out.Field(nodes.keys[a]);
              out.Field(nodes.labels[a]);
              out.Field(LinkTypeName(links.types[step.link]));
              out.Field(step.forward ? "forward" : "backward");
              out.Field(nodes.keys[b]);
              out.Field(nodes.labels[b]);
              out.Field(step.time ? when(step) : std::string());
              out.Field(std::uint64_t{links.counts[step.link]});
              out.Field(links.first_seen[step.link].ToIso());
              out.Field(links.last_seen[step.link].ToIso());
              out.Field(ids);
              out.Field(sources);
              out.EndRow();
            }
          }
          out.Close();
        }
        return kExitOk;
      }};
}

}  // namespace corridor::cli
