#include "cli/routes_outputs.h"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <ostream>

#include "cli/output_format.h"
#include "engine/csv_writer.h"
#include "engine/graphml_writer.h"

namespace corridor::cli {
namespace {

std::string PlacesText(const Network& network, const std::vector<NodeId>& places) {
  std::string text;
  for (const NodeId place : places) {
    if (!text.empty()) text += " > ";
    text += network.nodes.labels[place];
  }
  return text;
}

std::string Name(const Network& network, NodeId v) {
  const std::string& label = network.nodes.labels[v];
  return label.empty() ? network.nodes.keys[v] : label;
}

WrittenFile WriteLegsCsv(const std::string& path, const CaseData& data, const Network& network,
                         const Movements& movements) {
  CsvWriter out(path);
  for (const char* column :
       {"person", "person_label", "leg", "from", "to", "depart", "arrive", "duration_s", "km",
        "recorded", "flags", "depart_record", "arrive_record", "depart_source", "arrive_source"}) {
    out.Field(column);
  }
  out.EndRow();
  const RecordTable& records = data.records;
  for (std::size_t p = 0; p < movements.size(); ++p) {
    const auto legs = movements.Legs(p);
    for (std::size_t l = 0; l < legs.size(); ++l) {
      const Leg& leg = legs[l];
      std::string flags;
      if (leg.flags & kLegTooFast) flags = "too_fast";
      if (leg.flags & kLegOrderUncertain)
        flags += flags.empty() ? "order_uncertain" : "|order_uncertain";
      out.Field(network.nodes.keys[leg.person]);
      out.Field(network.nodes.labels[leg.person]);
      out.Field(std::uint64_t{l});
      out.Field(network.nodes.labels[leg.from]);
      out.Field(network.nodes.labels[leg.to]);
      out.Field(leg.depart.ToIso());
      out.Field(leg.arrive.ToIso());
      out.Field(leg.arrive.known() ? std::to_string(leg.DurationSeconds()) : std::string());
      out.Field(std::isfinite(leg.km) ? Number(std::round(leg.km * 10) / 10) : std::string());
      out.Field(leg.recorded ? "true" : "false");
      out.Field(flags);
      out.Field(records.record_id(leg.depart_record));
      out.Field(records.record_id(leg.arrive_record));
      out.Field(Citation(data, leg.depart_record));
      out.Field(Citation(data, leg.arrive_record));
      out.EndRow();
    }
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteCorridorsCsv(const std::string& path, const Network& network, const RoutesRun& run,
                              std::size_t top) {
  CsvWriter out(path);
  for (const char* column : {"corridor", "places", "legs", "persons", "median_duration_s",
                             "first_seen", "last_seen", "facilitators", "top_facilitators"}) {
    out.Field(column);
  }
  out.EndRow();
  for (std::size_t c = 0; c < run.corridors.corridors.size(); ++c) {
    const Corridor& corridor = run.corridors.corridors[c];
    const std::vector<Facilitator>& facilitators = run.facilitators[c];
    std::string named;
    for (std::size_t i = 0; i < std::min(top, facilitators.size()); ++i) {
      const Facilitator& f = facilitators[i];
      if (!named.empty()) named += " | ";
      named += Name(network, f.person) + " (" + network.nodes.keys[f.person] + ", " +
               std::to_string(f.travellers) + " travellers)";
    }
    out.Field("K" + std::to_string(c + 1));
    out.Field(PlacesText(network, corridor.places));
    out.Field(std::uint64_t{corridor.legs()});
    out.Field(std::uint64_t{corridor.support()});
    out.Field(corridor.median_duration_s < 0 ? std::string() : Number(corridor.median_duration_s));
    out.Field(corridor.first_seen.ToIso());
    out.Field(corridor.last_seen.ToIso());
    out.Field(std::uint64_t{facilitators.size()});
    out.Field(named);
    out.EndRow();
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteFacilitatorsCsv(const std::string& path, const Network& network,
                                 const RoutesRun& run) {
  CsvWriter out(path);
  for (const char* column :
       {"corridor", "rank", "person", "label", "travellers", "calls", "contacts", "payments"}) {
    out.Field(column);
  }
  out.EndRow();
  for (std::size_t c = 0; c < run.facilitators.size(); ++c) {
    for (std::size_t i = 0; i < run.facilitators[c].size(); ++i) {
      const Facilitator& f = run.facilitators[c][i];
      out.Field("K" + std::to_string(c + 1));
      out.Field(std::uint64_t{i + 1});
      out.Field(network.nodes.keys[f.person]);
      out.Field(network.nodes.labels[f.person]);
      out.Field(std::uint64_t{f.travellers});
      out.Field(std::uint64_t{f.calls});
      out.Field(std::uint64_t{f.contacts});
      out.Field(std::uint64_t{f.payments});
      out.EndRow();
    }
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteFacilitatorNumbersCsv(const std::string& path, const Network& network,
                                       const RoutesRun& run) {
  CsvWriter out(path);
  for (const char* column : {"corridor", "rank", "number", "travellers", "calls"}) {
    out.Field(column);
  }
  out.EndRow();
  for (std::size_t c = 0; c < run.facilitator_numbers.size(); ++c) {
    for (std::size_t i = 0; i < run.facilitator_numbers[c].size(); ++i) {
      const FacilitatorNumber& f = run.facilitator_numbers[c][i];
      out.Field("K" + std::to_string(c + 1));
      out.Field(std::uint64_t{i + 1});
      out.Field(network.nodes.keys[f.phone]);
      out.Field(std::uint64_t{f.travellers});
      out.Field(std::uint64_t{f.calls});
      out.EndRow();
    }
  }
  out.Close();
  return Written(out);
}

WrittenFile WriteRoutesGraphml(const std::string& path, const Network& network,
                               const RouteGraph& routes, const PlaceCoordinates& coordinates,
                               bool yed) {
  GraphmlWriterOptions options;
  options.yed = yed;
  GraphmlWriter out(path, options);
  const auto node_key = [&](const char* name, GraphmlType type) {
    return out.AddKey(GraphmlDomain::kNode, name, type);
  };
  const auto edge_key = [&](const char* name, GraphmlType type) {
    return out.AddKey(GraphmlDomain::kEdge, name, type);
  };
  const GraphmlKey label = node_key("label", GraphmlType::kString);
  const GraphmlKey located = node_key("located", GraphmlType::kBool);
  const GraphmlKey lat = node_key("lat", GraphmlType::kDouble);
  const GraphmlKey lon = node_key("lon", GraphmlType::kDouble);
  const GraphmlKey place_persons = node_key("persons", GraphmlType::kLong);
  const GraphmlKey edge_label = edge_key("label", GraphmlType::kString);
  const GraphmlKey weight = edge_key("weight", GraphmlType::kDouble);
  const GraphmlKey persons = edge_key("persons", GraphmlType::kLong);
  const GraphmlKey legs = edge_key("legs", GraphmlType::kLong);
  const GraphmlKey recorded = edge_key("recorded_legs", GraphmlType::kLong);
  const GraphmlKey flagged = edge_key("flagged_legs", GraphmlType::kLong);
  const GraphmlKey median = edge_key("median_duration_h", GraphmlType::kDouble);
  const GraphmlKey p25 = edge_key("p25_duration_h", GraphmlType::kDouble);
  const GraphmlKey p75 = edge_key("p75_duration_h", GraphmlType::kDouble);
  const GraphmlKey first = edge_key("first_seen", GraphmlType::kString);
  const GraphmlKey last = edge_key("last_seen", GraphmlType::kString);
  const GraphmlKey evidence = edge_key("evidence", GraphmlType::kLong);
  out.BeginGraph(true);
  std::vector<GraphmlField> fields;
  for (const RoutePlace& place : routes.places) {
    const bool known = coordinates.Known(place.place);
    const std::string name = Name(network, place.place);
    fields.clear();
    fields.push_back({label, name});
    fields.push_back({located, known});
    fields.push_back({lat, known ? coordinates.lat[place.place] : 0.0});
    fields.push_back({lon, known ? coordinates.lon[place.place] : 0.0});
    fields.push_back({place_persons, static_cast<std::int64_t>(place.persons)});
    if (yed) {
      out.Node(network.nodes.keys[place.place], fields, {name, YedShape::kTriangle, 0x59A14F});
    } else {
      out.Node(network.nodes.keys[place.place], fields);
    }
  }
  // Durations in hours; -1 where no leg's arrival is dated.
  const auto hours = [](std::int64_t seconds) {
    return seconds < 0 ? -1.0 : static_cast<double>(seconds) / 3600.0;
  };
  for (const RouteEdge& edge : routes.edges) {
    const std::string first_seen = IsoOrUnknown(edge.first_seen);
    const std::string last_seen = IsoOrUnknown(edge.last_seen);
    const std::string text = std::to_string(edge.persons) + " persons";
    fields.clear();
    fields.push_back({edge_label, text});
    fields.push_back({weight, static_cast<double>(edge.persons)});
    fields.push_back({persons, static_cast<std::int64_t>(edge.persons)});
    fields.push_back({legs, static_cast<std::int64_t>(edge.legs)});
    fields.push_back({recorded, static_cast<std::int64_t>(edge.recorded_legs)});
    fields.push_back({flagged, static_cast<std::int64_t>(edge.flagged_legs)});
    fields.push_back({median, hours(edge.duration_median_s)});
    fields.push_back({p25, hours(edge.duration_p25_s)});
    fields.push_back({p75, hours(edge.duration_p75_s)});
    fields.push_back({first, first_seen});
    fields.push_back({last, last_seen});
    fields.push_back({evidence, static_cast<std::int64_t>(edge.evidence.size())});
    out.Edge(network.nodes.keys[edge.from], network.nodes.keys[edge.to], fields);
  }
  out.Finish();
  return Written(out);
}

}  // namespace

WrittenFile WriteFlowsCsv(const std::string& path, const CaseData& data, const Network& network,
                          std::span<const FlowRows> parts,
                          const std::map<std::string, double>& rates) {
  CsvWriter out(path);
  std::vector<const char*> columns = {"level",    "from",     "from_label", "to",
                                      "to_label", "currency", "amount"};
  if (!rates.empty()) columns.push_back("converted");
  for (const char* column : {"count", "first_seen", "last_seen", "evidence", "evidence_sources"}) {
    columns.push_back(column);
  }
  for (const char* column : columns) out.Field(column);
  out.EndRow();
  const RecordTable& records = data.records;
  const auto key = [&](NodeId v) {
    return v == kNoId ? std::string("unknown") : network.nodes.keys[v];
  };
  const auto label = [&](NodeId v) {
    return v == kNoId ? std::string("unknown") : Name(network, v);
  };
  for (const FlowRows& part : parts) {
    for (const Flow& flow : *part.flows) {
      const std::string currency(records.strings().View(flow.currency));
      std::string ids, sources;
      for (const RecordIndex r : flow.evidence) {
        if (!ids.empty()) ids += " | ", sources += " | ";
        ids += records.record_id(r);
        sources += Citation(data, r);
      }
      out.Field(part.level);
      out.Field(key(flow.from));
      out.Field(label(flow.from));
      out.Field(key(flow.to));
      out.Field(label(flow.to));
      out.Field(currency);
      out.Field(Money(flow.amount));
      if (!rates.empty()) {
        const auto rate = rates.find(currency);
        out.Field(rate == rates.end() ? std::string() : Money(flow.amount * rate->second));
      }
      out.Field(std::uint64_t{flow.count});
      out.Field(flow.first_seen.ToIso());
      out.Field(flow.last_seen.ToIso());
      out.Field(ids);
      out.Field(sources);
      out.EndRow();
    }
  }
  out.Close();
  return Written(out);
}

RoutesRun AnalyseRoutes(const CaseData& data, const NetworkBuild& build, const std::string& out_dir,
                        const RoutesRunOptions& options) {
  RoutesRun run;
  auto start = std::chrono::steady_clock::now();
  const auto lap = [&](const char* stage) {
    const auto now = std::chrono::steady_clock::now();
    run.timings_s[stage] = std::chrono::duration<double>(now - start).count();
    start = now;
  };
  const Network& network = build.network;
  const PlaceCoordinates coordinates = LocatePlaces(network, data.records);
  run.movements =
      BuildMovements(network, data.records, build.sightings, coordinates, options.movements);
  MovementOptions journeys_only = options.movements;
  journeys_only.transfers = false;
  journeys_only.calls = false;
  run.journeys = BuildMovements(network, data.records, build.sightings, coordinates, journeys_only);
  run.routes = BuildRouteGraph(run.movements);
  lap("movements");
  run.corridors = MineCorridors(run.journeys, options.corridors);
  run.facilitators = FindFacilitators(run.corridors, run.journeys, build.persons);
  run.facilitator_numbers = FindFacilitatorNumbers(run.corridors, run.journeys, network);
  lap("corridors");
  run.entity_flows = EntityFlows(build.transfers, data.records);
  run.place_flows = PlaceFlows(build.transfers, data.records, run.movements);
  lap("flows");
  const auto file = [&out_dir](const char* name) {
    return (std::filesystem::path(out_dir) / name).string();
  };
  run.outputs.push_back(WriteLegsCsv(file("legs.csv"), data, network, run.movements));
  run.outputs.push_back(
      WriteCorridorsCsv(file("corridors.csv"), network, run, options.top_facilitators));
  run.outputs.push_back(WriteFacilitatorsCsv(file("facilitators.csv"), network, run));
  run.outputs.push_back(WriteFacilitatorNumbersCsv(file("facilitator_numbers.csv"), network, run));
  run.outputs.push_back(
      WriteRoutesGraphml(file("routes.graphml"), network, run.routes, coordinates, options.yed));
  const FlowRows flows[] = {{"entity", &run.entity_flows}, {"place", &run.place_flows}};
  run.outputs.push_back(WriteFlowsCsv(file("flows.csv"), data, network, flows));
  lap("routes_export");
  return run;
}

void PrintRoutesSummary(const RoutesRun& run, const Network& network, std::ostream& out) {
  std::size_t flagged = 0;
  for (const Leg& leg : run.movements.legs) flagged += leg.flags != 0;
  out << "movements:        " << run.movements.size() << " persons, " << run.movements.legs.size()
      << " legs (" << flagged << " flagged implausible), " << run.movements.undated_stops
      << " undated stops\n"
      << "money flows:      " << run.entity_flows.size() << " between entities, "
      << run.place_flows.size() << " between places\n"
      << "corridors:        " << run.corridors.corridors.size() << '\n';
  for (std::size_t c = 0; c < std::min<std::size_t>(5, run.corridors.corridors.size()); ++c) {
    const Corridor& corridor = run.corridors.corridors[c];
    out << "  K" << c + 1 << ": " << PlacesText(network, corridor.places) << " ("
        << corridor.support() << " persons";
    if (corridor.median_duration_s >= 0) {
      out << ", median " << Number(std::round(corridor.median_duration_s / 8640.0) / 10) << " days";
    }
    out << ")\n";
  }
}

}  // namespace corridor::cli
