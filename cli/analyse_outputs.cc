#include "cli/analyse_outputs.h"

#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>

#include "algorithms/resolve/projection.h"
#include "cli/output_format.h"
#include "cli/progress.h"
#include "cli/resolve_outputs.h"
#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "engine/graphml_writer.h"

namespace corridor::cli {
namespace {

// Colour-blind-safe and distinct on white (Tableau 10).
constexpr std::array<std::uint32_t, 10> kPalette = {0x4E79A7, 0xF28E2B, 0xE15759, 0x76B7B2,
                                                    0x59A14F, 0xEDC948, 0xB07AA1, 0xFF9DA7,
                                                    0x9C755F, 0xBAB0AC};
constexpr std::array<YedShape, kEntityTypeCount> kShapeOfType = {
    YedShape::kEllipse, YedShape::kRectangle, YedShape::kDiamond,
    YedShape::kHexagon, YedShape::kTriangle,  YedShape::kOctagon};
constexpr std::uint32_t kGrey = 0xBAB0AC;

std::uint32_t TypeColour(EntityType type) { return kPalette[static_cast<std::size_t>(type)]; }
std::uint32_t CommunityColour(std::int64_t community) {
  return community < 0 ? kGrey : kPalette[static_cast<std::size_t>(community) % kPalette.size()];
}

// Every measure is non-negative, so -1 marks a value that does not exist: the measures of a
// node outside the person projection (a phone, an account), and Burt's constraint of a person
// without ties (undefined; nodes.csv leaves that cell empty). GraphML needs a finite value in
// every cell (DESIGN.md 5), and 0 would read as a real score: no constraint at all is a
// perfect broker.
constexpr double kNotMeasured = -1.0;
double GraphmlMeasure(double value) { return std::isnan(value) ? kNotMeasured : value; }

// Sources a node's or link's evidence comes from.
std::uint64_t DistinctSources(const CaseData& data, std::span<const RecordIndex> evidence) {
  std::vector<SourceIndex> sources;
  for (const RecordIndex r : evidence) sources.push_back(data.records.ref(r).source);
  std::sort(sources.begin(), sources.end());
  return static_cast<std::uint64_t>(std::unique(sources.begin(), sources.end()) - sources.begin());
}

// First and last time of the links touching each node.
struct NodeTimes {
  std::vector<PartialTime> first, last;
};
NodeTimes TimesOfNodes(const Network& network) {
  NodeTimes times;
  times.first.resize(network.nodes.size());
  times.last.resize(network.nodes.size());
  const LinkTable& links = network.links;
  const auto widen = [&](NodeId v, std::size_t l) {
    if (links.first_seen[l].known() &&
        (!times.first[v].known() || links.first_seen[l] < times.first[v])) {
      times.first[v] = links.first_seen[l];
    }
    if (links.last_seen[l].known() &&
        (!times.last[v].known() || times.last[v] < links.last_seen[l])) {
      times.last[v] = links.last_seen[l];
    }
  };
  for (std::size_t l = 0; l < links.size(); ++l) {
    widen(links.sources[l], l);
    widen(links.targets[l], l);
  }
  return times;
}

}  // namespace

NodeNames PersonNames(const Network& network, const PersonProjection& persons) {
  NodeNames names;
  for (const NodeId v : persons.node_of_person) {
    names.ids.push_back(network.nodes.keys[v]);
    names.types.emplace_back(EntityTypeName(network.nodes.types[v]));
    names.labels.push_back(network.nodes.labels[v]);
  }
  return names;
}

WrittenFile WriteNodesCsv(const std::string& path, const NodeNames& names,
                          const Analysis& analysis) {
  CsvWriter out(path);
  for (const char* column : {"node", "type", "label", "community"}) out.Field(column);
  for (const std::string& measure : analysis.measure_names) out.Field(measure);
  out.EndRow();
  for (std::size_t v = 0; v < names.ids.size(); ++v) {
    out.Field(names.ids[v]);
    out.Field(names.types[v]);
    out.Field(names.labels[v]);
    out.Field(std::uint64_t{analysis.communities.label[v]});
    for (const std::vector<double>& measure : analysis.measures) out.Field(Number(measure[v]));
    out.EndRow();
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteCommunitiesCsv(const std::string& path, const NodeNames& names,
                                const Analysis& analysis) {
  CsvWriter out(path);
  for (const char* column :
       {"community", "size", "density", "internal_links", "external_links", "top_members"}) {
    out.Field(column);
  }
  out.EndRow();
  for (std::size_t c = 0; c < analysis.community_stats.size(); ++c) {
    const CommunityStats& s = analysis.community_stats[c];
    std::string top;
    for (const NodeId v : s.top) {
      if (!top.empty()) top += " | ";
      top += names.labels[v] + " (" + names.ids[v] + ")";
    }
    out.Field(std::uint64_t{c});
    out.Field(std::uint64_t{s.size});
    out.Field(Number(s.density));
    out.Field(s.internal_links);
    out.Field(s.external_links);
    out.Field(top);
    out.EndRow();
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteAnalysisJson(const std::string& path, const CsrGraph& graph,
                              const Analysis& analysis, const AnalysisOptions& options,
                              const NetworkBuild* build, const NetworkOptions* network) {
  {
    std::ofstream file(path);
    if (!file) throw IoError(path, "cannot create file");
    rapidjson::OStreamWrapper stream(file);
    rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(stream);
    w.StartObject();
    w.Key("nodes");
    w.Uint64(graph.num_nodes());
    w.Key("edges");
    w.Uint64(graph.num_edges());
    w.Key("directed");
    w.Bool(graph.directed());
    w.Key("communities");
    w.StartObject();
    w.Key("objective");
    w.String(options.leiden.objective == LeidenObjective::kModularity ? "modularity" : "cpm");
    w.Key("resolution");  // the one used; "resolution_rule" says how it was chosen
    w.Double(analysis.resolution);
    w.Key("resolution_rule");
    if (analysis.resolution_from_weight) {
      w.String("auto");
      w.Key("reference_weight");
      w.Double(options.reference_weight);
    } else {
      w.String("fixed");
    }
    w.Key("seed");
    w.Uint64(options.leiden.seed);
    w.Key("max_iterations");
    w.Uint(options.leiden.max_iterations);
    w.Key("tolerance");
    w.Double(options.leiden.tolerance);
    w.Key("graph");  // what the communities and their quality were computed on
    w.String(analysis.communities_on_cells ? "cells" : "all_ties");
    w.Key("quality");
    w.Double(analysis.communities.quality);
    w.Key("count");
    w.Uint64(analysis.communities.count);
    w.Key("iterations");
    w.Uint(analysis.communities.iterations);
    w.Key("stable");
    w.Bool(analysis.communities.stable);
    w.EndObject();
    w.Key("betweenness");
    w.StartObject();
    w.Key("exact");
    w.Bool(analysis.betweenness_exact);
    w.Key("samples");
    w.Uint64(analysis.betweenness_exact ? graph.num_nodes() : options.samples);
    w.Key("error_bound");
    w.Double(analysis.betweenness_error_bound);
    w.Key("error_bound_failure_probability");
    w.Double(options.sample_failure_probability);
    w.EndObject();
    if (build != nullptr && network != nullptr) {
      w.Key("projection");
      w.StartObject();
      w.Key("max_group");
      w.Uint64(network->max_group);
      w.Key("groups_skipped");
      w.Uint64(build->groups_skipped);
      w.Key("events_without_end");
      w.Uint64(build->network.events_without_end);
      // Cells are found without the money services' evidence (PersonProjection::cell_weights).
      const PersonProjection& persons = build->persons;
      w.Key("street_addresses");
      w.Bool(network->street_addresses);
      w.Key("money_service_payers");
      w.Uint(network->money_service_payers);
      w.Key("money_services");
      w.Uint64(static_cast<std::uint64_t>(
          std::count(persons.money_service.begin(), persons.money_service.end(), true)));
      // Ties the services' evidence makes lighter for cells, and those it alone made.
      std::uint64_t lighter = 0, left_out = 0;
      for (std::size_t e = 0; e < persons.size(); ++e) {
        lighter += persons.cell_weights[e] != persons.weights[e];
        left_out += persons.cell_weights[e] == 0;
      }
      w.Key("ties_lighter_for_cells");
      w.Uint64(lighter);
      w.Key("ties_left_out_of_cells");
      w.Uint64(left_out);
      w.Key("tie_weights");
      w.StartObject();
      for (int t = 0; t < kTieCount; ++t) {
        w.Key(std::string(TieName(static_cast<Tie>(t))).c_str());
        w.Double(network->weights.weight[t]);
      }
      w.EndObject();
      w.EndObject();
    }
    w.Key("harmonic_computed");
    w.Bool(analysis.harmonic_computed);
    w.Key("harmonic_error_bound");
    w.Double(analysis.harmonic_error_bound);
    for (const auto& [name, run] : {std::pair{"pagerank", analysis.pagerank},
                                    std::pair{"eigenvector", analysis.eigenvector}}) {
      w.Key(name);
      w.StartObject();
      w.Key("iterations");
      w.Uint(run.iterations);
      w.Key("converged");
      w.Bool(run.converged);
      w.EndObject();
    }
    w.Key("measures");
    w.StartArray();
    for (const std::string& name : analysis.measure_names) w.String(name.c_str());
    w.EndArray();
    w.Key("timings_s");
    w.StartObject();
    for (const auto& [stage, seconds] : analysis.timings_s) {
      w.Key(stage.c_str());
      w.Double(seconds);
    }
    w.EndObject();
    w.EndObject();
    file << '\n';
  }
  return Digest(path);
}

WrittenFile WriteLinksCsv(const std::string& path, const CaseData& data, const Network& network) {
  const LinkTable& links = network.links;
  const RecordTable& records = data.records;
  CsvWriter out(path);
  for (const char* column :
       {"link", "type", "source", "target", "source_label", "target_label", "count", "first_seen",
        "last_seen", "duration_s", "amounts", "evidence", "evidence_sources"}) {
    out.Field(column);
  }
  out.EndRow();
  for (std::size_t l = 0; l < links.size(); ++l) {
    std::string ids, places;
    for (const RecordIndex r : links.Evidence(l)) {
      if (!ids.empty()) ids += " | ", places += " | ";
      ids += records.record_id(r);
      places += Citation(data, r);
    }
    out.Field("L" + std::to_string(l));
    out.Field(LinkTypeName(links.types[l]));
    out.Field(network.nodes.keys[links.sources[l]]);
    out.Field(network.nodes.keys[links.targets[l]]);
    out.Field(network.nodes.labels[links.sources[l]]);
    out.Field(network.nodes.labels[links.targets[l]]);
    out.Field(std::uint64_t{links.counts[l]});
    out.Field(links.first_seen[l].ToIso());
    out.Field(links.last_seen[l].ToIso());
    out.Field(Number(links.total_duration_s[l]));
    out.Field(Amounts(data, links, l));
    out.Field(ids);
    out.Field(places);
    out.EndRow();
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteNetworkGraphml(const std::string& path, const CaseData& data,
                                const NetworkBuild& build, const Analysis& analysis, bool yed) {
  const Network& network = build.network;
  const NetworkNodes& nodes = network.nodes;
  const LinkTable& links = network.links;
  GraphmlWriterOptions options;
  options.yed = yed;
  GraphmlWriter out(path, options);
  const auto node_key = [&](const char* name, GraphmlType type) {
    return out.AddKey(GraphmlDomain::kNode, name, type);
  };
  const GraphmlKey type = node_key("type", GraphmlType::kString);
  const GraphmlKey label = node_key("label", GraphmlType::kString);
  const GraphmlKey entity = node_key("entity", GraphmlType::kString);
  const GraphmlKey community = node_key("community", GraphmlType::kLong);
  std::vector<GraphmlKey> measure_keys;
  for (const std::string& name : analysis.measure_names) {
    measure_keys.push_back(node_key(name.c_str(), GraphmlType::kDouble));
  }
  const GraphmlKey records = node_key("records", GraphmlType::kLong);
  const GraphmlKey sources = node_key("sources", GraphmlType::kLong);
  const GraphmlKey first_seen = node_key("first_seen", GraphmlType::kString);
  const GraphmlKey last_seen = node_key("last_seen", GraphmlType::kString);
  const GraphmlKey r = node_key("r", GraphmlType::kInt);
  const GraphmlKey g = node_key("g", GraphmlType::kInt);
  const GraphmlKey b = node_key("b", GraphmlType::kInt);
  const auto edge_key = [&](const char* name, GraphmlType t) {
    return out.AddKey(GraphmlDomain::kEdge, name, t);
  };
  const GraphmlKey edge_type = edge_key("type", GraphmlType::kString);
  const GraphmlKey edge_label = edge_key("label", GraphmlType::kString);
  const GraphmlKey weight = edge_key("weight", GraphmlType::kDouble);
  const GraphmlKey count = edge_key("count", GraphmlType::kLong);
  const GraphmlKey edge_first = edge_key("first_seen", GraphmlType::kString);
  const GraphmlKey edge_last = edge_key("last_seen", GraphmlType::kString);
  const GraphmlKey duration = edge_key("duration_s", GraphmlType::kDouble);
  const GraphmlKey amounts = edge_key("amounts", GraphmlType::kString);
  const GraphmlKey evidence = edge_key("evidence", GraphmlType::kLong);
  out.BeginGraph(true);

  std::vector<std::int64_t> person_of_node(nodes.size(), -1);
  for (std::size_t p = 0; p < build.persons.node_of_person.size(); ++p) {
    person_of_node[build.persons.node_of_person[p]] = static_cast<std::int64_t>(p);
  }
  const NodeTimes times = TimesOfNodes(network);
  std::vector<GraphmlField> fields;
  for (NodeId v = 0; v < nodes.size(); ++v) {
    const std::int64_t person = person_of_node[v];
    const std::int64_t cell =
        person < 0 ? -1 : static_cast<std::int64_t>(analysis.communities.label[person]);
    const std::uint32_t colour =
        nodes.types[v] == EntityType::kPerson ? CommunityColour(cell) : TypeColour(nodes.types[v]);
    const std::string first = IsoOrUnknown(times.first[v]), last = IsoOrUnknown(times.last[v]);
    const std::string& name = nodes.labels[v].empty() ? nodes.keys[v] : nodes.labels[v];
    fields.clear();
    fields.push_back({type, EntityTypeName(nodes.types[v])});
    fields.push_back({label, name});
    fields.push_back({entity, nodes.keys[v]});
    fields.push_back({community, cell});
    for (std::size_t m = 0; m < measure_keys.size(); ++m) {
      fields.push_back({measure_keys[m],
                        person < 0 ? kNotMeasured : GraphmlMeasure(analysis.measures[m][person])});
    }
    fields.push_back({records, static_cast<std::int64_t>(nodes.Evidence(v).size())});
    fields.push_back(
        {sources, static_cast<std::int64_t>(DistinctSources(data, nodes.Evidence(v)))});
    fields.push_back({first_seen, first});
    fields.push_back({last_seen, last});
    fields.push_back({r, static_cast<std::int32_t>(colour >> 16)});
    fields.push_back({g, static_cast<std::int32_t>((colour >> 8) & 0xFF)});
    fields.push_back({b, static_cast<std::int32_t>(colour & 0xFF)});
    if (yed) {
      out.Node(nodes.keys[v], fields,
               {name, kShapeOfType[static_cast<std::size_t>(nodes.types[v])], colour});
    } else {
      out.Node(nodes.keys[v], fields);
    }
  }
  for (std::size_t l = 0; l < links.size(); ++l) {
    const std::string first = IsoOrUnknown(links.first_seen[l]);
    const std::string last = IsoOrUnknown(links.last_seen[l]);
    std::string money = Amounts(data, links, l);
    if (money.empty()) money = "none";
    fields.clear();
    fields.push_back({edge_type, LinkTypeName(links.types[l])});
    fields.push_back({edge_label, LinkTypeName(links.types[l])});
    fields.push_back({weight, static_cast<double>(links.counts[l])});
    fields.push_back({count, static_cast<std::int64_t>(links.counts[l])});
    fields.push_back({edge_first, first});
    fields.push_back({edge_last, last});
    fields.push_back({duration, links.total_duration_s[l]});
    fields.push_back({amounts, money});
    fields.push_back({evidence, static_cast<std::int64_t>(links.Evidence(l).size())});
    out.Edge(nodes.keys[links.sources[l]], nodes.keys[links.targets[l]], fields);
  }
  out.Finish();
  return Written(out);
}

WrittenFile WritePersonsGraphml(const std::string& path, const CaseData& data,
                                const NetworkBuild& build, const Analysis& analysis, bool yed) {
  const NetworkNodes& nodes = build.network.nodes;
  const PersonProjection& persons = build.persons;
  GraphmlWriterOptions options;
  options.yed = yed;
  GraphmlWriter out(path, options);
  const GraphmlKey type = out.AddKey(GraphmlDomain::kNode, "type", GraphmlType::kString);
  const GraphmlKey label = out.AddKey(GraphmlDomain::kNode, "label", GraphmlType::kString);
  const GraphmlKey community = out.AddKey(GraphmlDomain::kNode, "community", GraphmlType::kLong);
  std::vector<GraphmlKey> measure_keys;
  for (const std::string& name : analysis.measure_names) {
    measure_keys.push_back(out.AddKey(GraphmlDomain::kNode, name, GraphmlType::kDouble));
  }
  const GraphmlKey records = out.AddKey(GraphmlDomain::kNode, "records", GraphmlType::kLong);
  const GraphmlKey sources = out.AddKey(GraphmlDomain::kNode, "sources", GraphmlType::kLong);
  const GraphmlKey first_seen =
      out.AddKey(GraphmlDomain::kNode, "first_seen", GraphmlType::kString);
  const GraphmlKey last_seen = out.AddKey(GraphmlDomain::kNode, "last_seen", GraphmlType::kString);
  const GraphmlKey r = out.AddKey(GraphmlDomain::kNode, "r", GraphmlType::kInt);
  const GraphmlKey g = out.AddKey(GraphmlDomain::kNode, "g", GraphmlType::kInt);
  const GraphmlKey b = out.AddKey(GraphmlDomain::kNode, "b", GraphmlType::kInt);
  const GraphmlKey money_service =
      out.AddKey(GraphmlDomain::kNode, "money_service", GraphmlType::kBool);
  const GraphmlKey weight = out.AddKey(GraphmlDomain::kEdge, "weight", GraphmlType::kDouble);
  const GraphmlKey cell_weight =
      out.AddKey(GraphmlDomain::kEdge, "cell_weight", GraphmlType::kDouble);
  std::vector<GraphmlKey> tie_keys;
  for (int t = 0; t < kTieCount; ++t) {
    tie_keys.push_back(
        out.AddKey(GraphmlDomain::kEdge, TieName(static_cast<Tie>(t)), GraphmlType::kLong));
  }
  out.BeginGraph(false);
  const NodeTimes times = TimesOfNodes(build.network);
  std::vector<GraphmlField> fields;
  for (std::size_t p = 0; p < persons.node_of_person.size(); ++p) {
    const NodeId v = persons.node_of_person[p];
    const std::int64_t cell = analysis.communities.label[p];
    const std::uint32_t colour = CommunityColour(cell);
    const std::string& name = nodes.labels[v].empty() ? nodes.keys[v] : nodes.labels[v];
    const std::string first = IsoOrUnknown(times.first[v]), last = IsoOrUnknown(times.last[v]);
    fields.clear();
    fields.push_back({type, EntityTypeName(EntityType::kPerson)});
    fields.push_back({label, name});
    fields.push_back({community, cell});
    for (std::size_t m = 0; m < measure_keys.size(); ++m) {
      fields.push_back({measure_keys[m], GraphmlMeasure(analysis.measures[m][p])});
    }
    fields.push_back({records, static_cast<std::int64_t>(nodes.Evidence(v).size())});
    fields.push_back(
        {sources, static_cast<std::int64_t>(DistinctSources(data, nodes.Evidence(v)))});
    fields.push_back({first_seen, first});
    fields.push_back({last_seen, last});
    fields.push_back({money_service, !persons.money_service.empty() && persons.money_service[p]});
    fields.push_back({r, static_cast<std::int32_t>(colour >> 16)});
    fields.push_back({g, static_cast<std::int32_t>((colour >> 8) & 0xFF)});
    fields.push_back({b, static_cast<std::int32_t>(colour & 0xFF)});
    if (yed) {
      out.Node(nodes.keys[v], fields, {name, YedShape::kEllipse, colour});
    } else {
      out.Node(nodes.keys[v], fields);
    }
  }
  for (std::size_t e = 0; e < persons.size(); ++e) {
    fields.clear();
    fields.push_back({weight, persons.weights[e]});
    fields.push_back({cell_weight, persons.cell_weights[e]});
    for (int t = 0; t < kTieCount; ++t) {
      fields.push_back({tie_keys[t], static_cast<std::int64_t>(persons.ties[e][t])});
    }
    out.Edge(nodes.keys[persons.node_of_person[persons.first[e]]],
             nodes.keys[persons.node_of_person[persons.second[e]]], fields);
  }
  out.Finish();
  return Written(out);
}

NetworkRun AnalyseResolved(const CaseData& data, const Resolution& resolution,
                           const std::string& out_dir, const NetworkRunOptions& options) {
  NetworkRun run;
  auto start = std::chrono::steady_clock::now();
  const auto lap = [&](const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    run.timings_s[stage] = std::chrono::duration<double>(now - start).count();
    if (options.show_progress) ReportStage("network", stage, run.timings_s[stage]);
    start = now;
  };
  AnalysisOptions analysis_options = options.analysis;
  if (options.show_progress) {
    analysis_options.on_stage = [](const std::string& stage, double seconds) {
      ReportStage("analyse", stage, seconds);
    };
  }
  run.build = BuildNetwork(data, resolution, options.network);
  run.build.network.Validate();
  lap("network");
  {
    const CsrGraph cells = CellGraph(run.build.persons);
    run.analysis = Analyse(run.build.persons.graph, analysis_options,
                           cells.num_nodes() > 0 ? &cells : nullptr);
  }
  lap("analyse");
  const auto file = [&out_dir](const char* name) {
    return (std::filesystem::path(out_dir) / name).string();
  };
  const NodeNames names = PersonNames(run.build.network, run.build.persons);
  run.outputs.push_back(WriteNodesCsv(file("nodes.csv"), names, run.analysis));
  run.outputs.push_back(WriteCommunitiesCsv(file("communities.csv"), names, run.analysis));
  run.outputs.push_back(WriteAnalysisJson(file("analysis.json"), run.build.persons.graph,
                                          run.analysis, options.analysis, &run.build,
                                          &options.network));
  run.outputs.push_back(WriteLinksCsv(file("links.csv"), data, run.build.network));
  run.outputs.push_back(
      WriteNetworkGraphml(file("network.graphml"), data, run.build, run.analysis, options.yed));
  run.outputs.push_back(
      WritePersonsGraphml(file("persons.graphml"), data, run.build, run.analysis, options.yed));
  lap("export");
  run.routes = AnalyseRoutes(data, run.build, out_dir, options.routes);
  run.outputs.insert(run.outputs.end(), run.routes.outputs.begin(), run.routes.outputs.end());
  for (const auto& [stage, seconds] : run.routes.timings_s) {
    run.timings_s[stage] = seconds;
    if (options.show_progress) ReportStage("routes", stage, seconds);
  }
  return run;
}

void PrintAnalysisWarnings(const Analysis& analysis, std::ostream& out) {
  for (const auto& [name, run] : {std::pair{"PageRank", analysis.pagerank},
                                  std::pair{"eigenvector centrality", analysis.eigenvector}}) {
    if (run.converged) continue;
    out << "warning: " << name << " did not converge in " << run.iterations
        << " iterations; nodes.csv has its last iterate\n";
  }
}

void PrintNetworkSummary(const NetworkRun& run, std::ostream& out) {
  const Network& network = run.build.network;
  const PersonProjection& persons = run.build.persons;
  const Analysis& analysis = run.analysis;
  out << "network:          " << network.nodes.size() << " nodes, " << network.links.size()
      << " links (" << network.events_without_end << " events without a nameable end)\n"
      << "persons graph:    " << persons.node_of_person.size() << " persons, " << persons.size()
      << " ties (" << run.build.groups_skipped << " groups over the size limit skipped)\n"
      << "cells:            " << analysis.communities.count << " (modularity "
      << analysis.communities.quality << " at resolution " << analysis.resolution
      << (analysis.communities_on_cells ? " on the cell graph)\n" : ")\n");
  PrintAnalysisWarnings(analysis, out);
  const NodeNames names = PersonNames(network, persons);
  std::vector<NodeId> cells(analysis.communities.count);
  std::iota(cells.begin(), cells.end(), NodeId{0});
  std::stable_sort(cells.begin(), cells.end(), [&](NodeId a, NodeId b) {
    return analysis.community_stats[a].size > analysis.community_stats[b].size;
  });
  out << "largest cells:\n";
  for (std::size_t i = 0; i < std::min<std::size_t>(5, cells.size()); ++i) {
    const CommunityStats& s = analysis.community_stats[cells[i]];
    out << "  cell " << cells[i] << ": " << s.size << " persons";
    if (!s.top.empty())
      out << ", led by " << names.labels[s.top[0]] << " (" << names.ids[s.top[0]] << ")";
    out << '\n';
  }
  const std::vector<double>& betweenness = *analysis.Measure("betweenness");
  std::vector<NodeId> order(betweenness.size());
  std::iota(order.begin(), order.end(), NodeId{0});
  const std::size_t top = std::min<std::size_t>(5, order.size());
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(top), order.end(),
                    [&](NodeId a, NodeId b) {
                      return betweenness[a] != betweenness[b] ? betweenness[a] > betweenness[b]
                                                              : a < b;
                    });
  out << "top brokers (betweenness):\n";
  for (std::size_t i = 0; i < top; ++i) {
    const NodeId p = order[i];
    out << "  " << names.labels[p] << " (" << names.ids[p] << "), cell "
        << analysis.communities.label[p];
    // A money service's cell holds only what ties him besides his service.
    if (!persons.money_service.empty() && persons.money_service[p]) out << " (money service)";
    out << ", betweenness " << betweenness[p] << '\n';
  }
  PrintRoutesSummary(run.routes, network, out);
}

}  // namespace corridor::cli
