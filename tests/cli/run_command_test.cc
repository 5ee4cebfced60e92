// `corridor run` end to end on a small generated case, and `corridor analyse` on a run and on
// an edge list. Every GraphML file is read back with networkx (/usr/bin/python3, installed by
// scripts/install-deps): every node and edge present, every attribute on every element.

#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_files.h"

namespace corridor::testing {
namespace {

// Reads a run's GraphML files with networkx and checks them against its CSV files; prints
// one line per finding, then "checked".
constexpr const char* kReadBack = R"PY(
import csv, sys
import networkx as nx
out = sys.argv[1]
def rows(name):
    with open(out + '/' + name, newline='', encoding='utf-8') as f:
        return list(csv.DictReader(f))
def attribute_sets(items):
    return sorted({tuple(sorted(data)) for data in items})
network = nx.read_graphml(out + '/network.graphml')
persons = nx.read_graphml(out + '/persons.graphml')
links = rows('links.csv')
nodes = rows('nodes.csv')
print('network nodes', network.number_of_nodes())
print('network edges', network.number_of_edges(), 'links.csv', len(links))
print('network node attributes', attribute_sets(d for _, d in network.nodes(data=True)))
print('network edge attributes', attribute_sets(d for _, _, _, d in network.edges(keys=True, data=True)) if network.is_multigraph() else attribute_sets(d for _, _, d in network.edges(data=True)))
print('persons nodes', persons.number_of_nodes(), 'nodes.csv', len(nodes))
print('persons node attributes', attribute_sets(d for _, d in persons.nodes(data=True)))
print('persons edge attributes', attribute_sets(d for _, _, d in persons.edges(data=True)))
degree_sum = sum(int(r['degree']) for r in nodes)
print('persons edges twice', 2 * persons.number_of_edges(), 'degree sum', degree_sum)
for r in nodes:
    data = persons.nodes[r['node']]
    if data['community'] != int(r['community']) or data['label'] != (r['label'] or r['node']):
        print('mismatch', r['node'])
# Measures: a person's in either file equal nodes.csv's; an undefined one (an empty cell) and
# every measure of a node outside the projection read -1.
measures = [m for m in nodes[0] if m not in ('node', 'type', 'label', 'community')] if nodes else []
for r in nodes:
    for graph in (network, persons):
        data = graph.nodes[r['node']]
        for m in measures:
            want = float(r[m]) if r[m] != '' else -1.0
            if abs(data[m] - want) > 1e-12 * max(1.0, abs(want)):
                print('measure mismatch', r['node'], m, data[m], want)
for v, d in persons.nodes(data=True):
    for key in ('type', 'label', 'community', 'records', 'sources', 'first_seen', 'last_seen'):
        if d[key] != network.nodes[v][key]:
            print('persons differs', v, key, d[key], network.nodes[v][key])
others = [d for _, d in network.nodes(data=True) if d['type'] != 'Person']
print('unmeasured nodes', len(others), 'measures', len(measures))
for d in others:
    if any(d[m] != -1.0 for m in measures) or d['community'] != -1:
        print('measured non-person', d['entity'])
for link in links:
    if not network.has_edge(link['source'], link['target']):
        print('missing link', link['link'])
routes = nx.read_graphml(out + '/routes.graphml')
legs = rows('legs.csv')
print('routes node attributes', attribute_sets(d for _, d in routes.nodes(data=True)))
print('routes edge attributes', attribute_sets(d for _, _, d in routes.edges(data=True)))
label = {v: d['label'] for v, d in routes.nodes(data=True)}
edge_legs = {(label[a], label[b]): d['legs'] for a, b, d in routes.edges(data=True)}
leg_counts = {}
for leg in legs:
    key = (leg['from'], leg['to'])
    leg_counts[key] = leg_counts.get(key, 0) + 1
    if not leg['depart_source'] or not leg['arrive_source']:
        print('leg without evidence', leg['person'], leg['leg'])
print('routes edges', len(edge_legs), 'leg pairs', len(leg_counts), 'legs', len(legs))
if edge_legs != leg_counts:
    print('mismatch routes')
print('checked')
)PY";

std::string Line(const std::string& text, const std::string& prefix) {
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind(prefix, 0) == 0) return line;
  }
  return {};
}

class RunCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    const CommandResult generated = RunCorridor("--quiet generate --persons 150 --seed 3 --out '" +
                                                (dir_.path() / "case").string() + "'");
    ASSERT_EQ(generated.exit_code, 0) << generated.err;
    out_ = (dir_.path() / "run").string();
    run_ = RunCorridor("--quiet run '" + (dir_.path() / "case" / "case.json").string() +
                       "' --out '" + out_ + "'");
    ASSERT_EQ(run_.exit_code, 0) << run_.err;
  }

  std::string ReadBack(const std::string& folder) {
    const std::string script = dir_.Write("read_back.py", kReadBack);
    const std::string log = (dir_.path() / "read_back.log").string();
    const int status = std::system(
        ("/usr/bin/python3 '" + script + "' '" + folder + "' >'" + log + "' 2>&1").c_str());
    const std::string text = ReadFile(log);
    EXPECT_EQ(status, 0) << "networkx could not read the GraphML (is python3-networkx "
                            "installed? scripts/install-deps installs it):\n"
                         << text;
    return text;
  }

  // The two ends (node keys) of the first CALLED link of the run's links.csv; empty if none.
  std::pair<std::string, std::string> FirstCall() const {
    std::istringstream lines(ReadFile(out_ + "/links.csv"));
    for (std::string row; std::getline(lines, row);) {
      std::istringstream fields(row);
      std::string id, type, source, target;
      std::getline(fields, id, ',');
      std::getline(fields, type, ',');
      if (type != "CALLED") continue;
      std::getline(fields, source, ',');
      std::getline(fields, target, ',');
      return {source, target};
    }
    return {};
  }

  TempDir dir_;
  std::string out_;
  CommandResult run_;
};

TEST_F(RunCommand, WritesEveryOutputAndASummary) {
  for (const char* file :
       {"records.csv", "rejects.csv", "entities.csv", "matches.csv", "blocking.json", "model.json",
        "links.csv", "nodes.csv", "communities.csv", "analysis.json", "network.graphml",
        "persons.graphml", "legs.csv", "corridors.csv", "facilitators.csv",
        "facilitator_numbers.csv", "routes.graphml", "flows.csv", "manifest.json"}) {
    EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(out_) / file)) << file;
  }
  EXPECT_NE(run_.out.find("largest cells:"), std::string::npos) << run_.out;
  EXPECT_NE(run_.out.find("top brokers"), std::string::npos) << run_.out;
  EXPECT_NE(run_.out.find("corridors:"), std::string::npos) << run_.out;
  const std::string manifest = ReadFile((std::filesystem::path(out_) / "manifest.json").string());
  EXPECT_NE(manifest.find("persons.graphml"), std::string::npos);
}

TEST_F(RunCommand, GraphmlReadsBackWithEveryNodeEdgeAndAttribute) {
  const std::string text = ReadBack(out_);
  ASSERT_NE(Line(text, "checked"), "") << text;
  EXPECT_EQ(Line(text, "mismatch"), "") << text;
  EXPECT_EQ(Line(text, "missing link"), "") << text;
  EXPECT_EQ(Line(text, "measure mismatch"), "") << text;
  EXPECT_EQ(Line(text, "measured non-person"), "") << text;
  EXPECT_EQ(Line(text, "persons differs"), "") << text;
  EXPECT_NE(Line(text, "unmeasured nodes"), "") << text;
  EXPECT_EQ(Line(text, "unmeasured nodes").find("unmeasured nodes 0 "), std::string::npos) << text;
  EXPECT_EQ(Line(text, "unmeasured nodes").find(" measures 0"), std::string::npos) << text;
  // Every link of links.csv is an edge; one attribute set shared by all nodes and edges
  // (networkx adds the edge id as `id` to a simple graph's edges, a multigraph keys by it).
  const std::string edges = Line(text, "network edges");
  const auto count = [](const std::string& line, int field) {
    std::istringstream words(line);
    std::string word;
    for (int i = 0; i <= field; ++i) words >> word;
    return word;
  };
  EXPECT_EQ(count(edges, 2), count(edges, 4)) << edges;
  EXPECT_EQ(Line(text, "network node attributes"),
            "network node attributes [('b', 'betweenness', 'clustering', 'community', "
            "'constraint', 'core', 'degree', 'eigenvector', 'entity', 'first_seen', 'g', "
            "'harmonic', 'label', 'last_seen', 'pagerank', 'participation', 'r', 'records', "
            "'sources', 'strength', 'type')]");
  EXPECT_EQ(Line(text, "network edge attributes"),
            "network edge attributes [('amounts', 'count', 'duration_s', 'evidence', "
            "'first_seen', 'label', 'last_seen', 'type', 'weight')]");
  EXPECT_EQ(Line(text, "persons node attributes"),
            "persons node attributes [('b', 'betweenness', 'clustering', 'community', "
            "'constraint', 'core', 'degree', 'eigenvector', 'first_seen', 'g', 'harmonic', "
            "'label', 'last_seen', 'money_service', 'pagerank', 'participation', 'r', "
            "'records', 'sources', 'strength', 'type')]");
  EXPECT_EQ(Line(text, "persons edge attributes"),
            "persons edge attributes [('associate', 'call', 'cell_weight', 'co_travel', "
            "'contact', 'id', 'payment', 'shared_address', 'shared_document', 'shared_phone', "
            "'weight')]");
  EXPECT_EQ(Line(text, "leg without evidence"), "") << text;
  EXPECT_EQ(Line(text, "mismatch routes"), "") << text;
  EXPECT_EQ(Line(text, "routes node attributes"),
            "routes node attributes [('label', 'lat', 'located', 'lon', 'persons')]");
  EXPECT_EQ(Line(text, "routes edge attributes"),
            "routes edge attributes [('evidence', 'first_seen', 'flagged_legs', 'id', "
            "'label', 'last_seen', 'legs', 'median_duration_h', 'p25_duration_h', "
            "'p75_duration_h', 'persons', 'recorded_legs', 'weight')]");
  // Some legs at all, so the comparison above is not of two empty sets.
  EXPECT_NE(Line(text, "routes edges"), "routes edges 0 leg pairs 0 legs 0") << text;
  const std::string persons = Line(text, "persons nodes");
  EXPECT_EQ(count(persons, 2), count(persons, 4)) << persons;
  const std::string degrees = Line(text, "persons edges twice");
  EXPECT_EQ(count(degrees, 3), count(degrees, 6)) << degrees;
}

// `--style yed` adds node graphics and changes no data: networkx reads the same nodes, edges,
// attributes and values, plus the yEd shape it finds in the graphics.
TEST_F(RunCommand, YedStyledGraphmlReadsBackWithTheSameData) {
  const std::string yed = out_ + "-yed";
  const CommandResult styled =
      RunCorridor("--quiet analyse '" + out_ + "' --out '" + yed + "' --style yed");
  ASSERT_EQ(styled.exit_code, 0) << styled.err;
  const std::string plain = ReadBack(out_);
  std::string text = ReadBack(yed);
  ASSERT_NE(Line(text, "checked"), "") << text;
  for (const char* line : {"network node attributes", "persons node attributes"}) {
    EXPECT_NE(Line(text, line).find("'shape_type'"), std::string::npos) << text;
  }
  for (const std::string shape : {"'shape_type', ", ", 'shape_type'"}) {
    for (std::size_t at; (at = text.find(shape)) != std::string::npos;)
      text.erase(at, shape.size());
  }
  EXPECT_EQ(text, plain);
}

TEST_F(RunCommand, AnalyseOfTheRunGivesTheSameFilesAtAnyThreadCount) {
  for (const char* threads : {"1", "2"}) {
    const std::string again = (dir_.path() / (std::string("again") + threads)).string();
    const CommandResult analysed = RunCorridor(std::string("--quiet --threads ") + threads +
                                               " analyse '" + out_ + "' --out '" + again + "'");
    ASSERT_EQ(analysed.exit_code, 0) << analysed.err;
    for (const char* file : {"nodes.csv", "communities.csv", "links.csv", "network.graphml",
                             "persons.graphml", "legs.csv", "corridors.csv", "facilitators.csv",
                             "facilitator_numbers.csv", "routes.graphml"}) {
      EXPECT_EQ(ReadFile((std::filesystem::path(again) / file).string()),
                ReadFile((std::filesystem::path(out_) / file).string()))
          << file << " at " << threads << " threads";
    }
  }
}

TEST_F(RunCommand, TieWeightsAreConfigurable) {
  std::string zero;
  for (const char* kind : {"call", "contact", "shared_phone", "shared_document", "shared_address",
                           "payment", "co_travel", "associate"}) {
    zero += std::string(" --tie-weight ") + kind + "=0";
  }
  const CommandResult none =
      RunCorridor("--quiet analyse '" + out_ + "' --out '" + out_ + "-none'" + zero);
  ASSERT_EQ(none.exit_code, 0) << none.err;
  EXPECT_NE(none.out.find(" persons, 0 ties"), std::string::npos) << none.out;
  const std::string analysis = ReadFile(out_ + "-none/analysis.json");
  EXPECT_NE(analysis.find("\"co_travel\": 0.0"), std::string::npos) << analysis;
  EXPECT_NE(analysis.find("\"max_group\": 50"), std::string::npos) << analysis;
  const CommandResult bad = RunCorridor("--quiet analyse '" + out_ + "' --tie-weight bribe=2");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("unknown kind of tie 'bribe'"), std::string::npos) << bad.err;
}

// With every payee a money service, cells are found on the cell graph and say so; with none,
// on every tie.
TEST_F(RunCommand, AnalysisSaysWhichGraphItsCellsWereFoundOn) {
  const CommandResult services =
      RunCorridor("analyse '" + out_ + "' --out '" + out_ +
                  "-services' --money-service-payers 1 --resolution 1.5");
  ASSERT_EQ(services.exit_code, 0) << services.err;
  EXPECT_NE(services.out.find("at resolution 1.5 on the cell graph)"), std::string::npos)
      << services.out;
  EXPECT_NE(services.out.find("(money service), betweenness"), std::string::npos) << services.out;
  const std::string with = ReadFile(out_ + "-services/analysis.json");
  EXPECT_NE(with.find("\"graph\": \"cells\""), std::string::npos) << with;
  // A resolution given is used as it is.
  EXPECT_NE(with.find("\"resolution\": 1.5,"), std::string::npos) << with;
  EXPECT_NE(with.find("\"resolution_rule\": \"fixed\""), std::string::npos) << with;
  EXPECT_EQ(with.find("\"money_services\": 0,"), std::string::npos) << with;
  EXPECT_EQ(with.find("\"ties_lighter_for_cells\": 0,"), std::string::npos) << with;
  const std::string graphml = ReadFile(out_ + "-services/persons.graphml");
  EXPECT_NE(graphml.find("<data key=\"money_service\">true</data>"), std::string::npos);

  const CommandResult none = RunCorridor("--quiet analyse '" + out_ + "' --out '" + out_ +
                                         "-no-services' --money-service-payers 0");
  ASSERT_EQ(none.exit_code, 0) << none.err;
  const std::string without = ReadFile(out_ + "-no-services/analysis.json");
  EXPECT_NE(without.find("\"graph\": \"all_ties\""), std::string::npos) << without;
  EXPECT_NE(without.find("\"money_services\": 0,"), std::string::npos) << without;
  EXPECT_NE(without.find("\"ties_lighter_for_cells\": 0,"), std::string::npos) << without;
  // By default the resolution follows the weight of whichever graph the cells are found on;
  // this sample's weighs far less than the reference, so it stays 1.
  EXPECT_NE(without.find("\"resolution\": 1.0,"), std::string::npos) << without;
  EXPECT_NE(without.find("\"resolution_rule\": \"auto\""), std::string::npos) << without;

  for (const char* bad : {"-1", "fast", "2x", "inf"}) {
    const CommandResult refused =
        RunCorridor("--quiet analyse '" + out_ + "' --resolution " + std::string(bad));
    EXPECT_EQ(refused.exit_code, 1) << bad;
    EXPECT_NE(refused.err.find("--resolution"), std::string::npos) << refused.err;
  }
}

TEST_F(RunCommand, FlowsFollowASeedsMoneyAndAmbiguousSeedsListCandidates) {
  // The first payer of the run's flows.csv, by its node key.
  const std::string flows = ReadFile(out_ + "/flows.csv");
  std::istringstream lines(flows);
  std::string header, row;
  std::getline(lines, header);
  ASSERT_TRUE(std::getline(lines, row)) << "no money flows in the run";
  ASSERT_EQ(row.rfind("entity,", 0), 0u) << row;
  const std::string payer = row.substr(7, row.find(',', 7) - 7);
  const std::string rates = dir_.Write("rates.csv", "currency,rate\nPKR,0.0036\nAFN,0.014\n");
  const std::string tree = (dir_.path() / "tree").string();
  const CommandResult traced = RunCorridor("--quiet flows '" + out_ + "' --seed " + payer +
                                           " --rates '" + rates + "' --out '" + tree + "'");
  ASSERT_EQ(traced.exit_code, 0) << traced.err;
  EXPECT_NE(traced.out.find("money from " + payer), std::string::npos) << traced.out;
  const std::string csv = ReadFile(tree + "/flow_tree.csv");
  EXPECT_EQ(csv.rfind("level,from,from_label,to,to_label,currency,amount,converted,count", 0), 0u)
      << csv;
  // Every flow of the tree leaves the seed or an entity it paid, and cites its ledger lines.
  EXPECT_NE(csv.find("\nentity," + payer + ","), std::string::npos) << csv;
  EXPECT_NE(csv.find("hawala_ledger.csv:"), std::string::npos) << csv;
  EXPECT_TRUE(std::filesystem::exists(tree + "/flows.graphml"));

  // A name shared by many entities is ambiguous: exit 1 with the candidates.
  const CommandResult vague =
      RunCorridor("--quiet flows '" + out_ + "' --seed Mohammad --out '" + tree + "'");
  EXPECT_EQ(vague.exit_code, 1) << vague.out;
  EXPECT_NE(vague.err.find("name one by its key"), std::string::npos) << vague.err;
  const CommandResult unknown =
      RunCorridor("--quiet flows '" + out_ + "' --seed E999999 --out '" + tree + "'");
  EXPECT_EQ(unknown.exit_code, 1);
}

TEST_F(RunCommand, PathsListEveryLinkWithItsEvidence) {
  // The first call between two persons' phones in links.csv: a one-link path.
  const auto [source, target] = FirstCall();
  ASSERT_FALSE(source.empty()) << "no call in the run";
  std::string row;
  const std::string csv = (dir_.path() / "paths.csv").string();
  const CommandResult found = RunCorridor("--quiet paths '" + out_ + "' --from " + source +
                                          " --to " + target + " --k 3 --out '" + csv + "'");
  ASSERT_EQ(found.exit_code, 0) << found.err;
  EXPECT_NE(found.out.find("path 1: 1 links"), std::string::npos) << found.out;
  EXPECT_NE(found.out.find("-CALLED-> " + target), std::string::npos) << found.out;
  EXPECT_NE(found.out.find("evidence: "), std::string::npos) << found.out;
  const std::string table = ReadFile(csv);
  EXPECT_EQ(table.rfind("path,step,from,from_label,link_type,direction,to,to_label,time", 0), 0u);
  // Every step row cites at least one record and its file:line.
  std::istringstream steps(table);
  std::getline(steps, row);
  int rows = 0;
  while (std::getline(steps, row)) {
    ++rows;
    EXPECT_NE(row.find(".csv:"), std::string::npos) << row;
  }
  EXPECT_GE(rows, 1);

  const CommandResult timed = RunCorridor("--quiet paths '" + out_ + "' --from " + source +
                                          " --to " + target + " --time-respecting --max-gap 14d");
  ASSERT_EQ(timed.exit_code, 0) << timed.err;
  EXPECT_NE(timed.out.find("time-respecting paths"), std::string::npos) << timed.out;
  EXPECT_NE(timed.out.find(" at 20"), std::string::npos) << timed.out;
  const CommandResult bad_gap = RunCorridor("--quiet paths '" + out_ + "' --from " + source +
                                            " --to " + target + " --time-respecting --max-gap 3w");
  EXPECT_NE(bad_gap.err.find("not a duration"), std::string::npos) << bad_gap.err;
  EXPECT_EQ(bad_gap.exit_code, 1);
}

// Chart in the name: the sanitizer build runs such tests with Graphviz's leak suppressions.
TEST_F(RunCommand, ChartOfAnEntitysNeighbourhoodCitesEveryLink) {
  const auto [source, target] = FirstCall();
  ASSERT_FALSE(source.empty()) << "no call in the run";
  std::string row;
  const std::string svg = (dir_.path() / "chart.svg").string();
  const CommandResult drawn = RunCorridor("--quiet chart '" + out_ + "' --focus " + source +
                                          " --hops 2 --max-nodes 40 --out '" + svg + "'");
  ASSERT_EQ(drawn.exit_code, 0) << drawn.err;
  const std::string picture = ReadFile(svg);
  EXPECT_NE(picture.find("<svg"), std::string::npos);
  EXPECT_NE(picture.find(source), std::string::npos);
  EXPECT_NE(picture.find("manifest.json sha256 "), std::string::npos);

  // The i2 table: every link row names two entities and cites records by file:line.
  const std::string csv = (dir_.path() / "chart.csv").string();
  const CommandResult table = RunCorridor("--quiet chart '" + out_ + "' --focus " + source + "," +
                                          target + " --connect --out '" + csv + "'");
  ASSERT_EQ(table.exit_code, 0) << table.err;
  std::istringstream rows(ReadFile(csv));
  std::getline(rows, row);
  EXPECT_EQ(row.rfind("entity1_id,entity1_type,entity1_label,link_type,entity2_id", 0), 0u) << row;
  int linked = 0;
  bool joins_the_pair = false;
  while (std::getline(rows, row)) {
    ++linked;
    EXPECT_NE(row.find(".csv:"), std::string::npos) << row;
    joins_the_pair |=
        row.rfind(source + ",", 0) == 0 && row.find("," + target + ",") != std::string::npos;
  }
  EXPECT_GE(linked, 1);
  EXPECT_TRUE(joins_the_pair) << "the connecting network of a calling pair holds their call";

  const CommandResult bad = RunCorridor("--quiet chart '" + out_ + "' --focus " + source +
                                        " --out '" + (dir_.path() / "chart.png").string() + "'");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_NE(bad.err.find("does not end in .svg"), std::string::npos) << bad.err;
  const CommandResult bad_date = RunCorridor("--quiet chart '" + out_ + "' --focus " + source +
                                             " --since 2024-03x --out '" + svg + "'");
  EXPECT_EQ(bad_date.exit_code, 1);
  EXPECT_NE(bad_date.err.find("'2024-03x' is not a date"), std::string::npos) << bad_date.err;
}

// Two triangles joined by one edge; a row with no target and one with a zero weight go to
// rejects.csv.
TEST(AnalyseCommand, EdgeListGivesCommunitiesMeasuresAndRejects) {
  TempDir dir;
  const std::string edges = dir.Write("edges.csv",
                                      "source,target,calls\n"
                                      "a,b,3\nb,c,3\nc,a,3\n"
                                      "x,y,2\ny,z,2\nz,x,2\n"
                                      "c,x,1\n"
                                      "q,,4\n"
                                      "a,z,0\n");
  const std::string out = (dir.path() / "out").string();
  const CommandResult result =
      RunCorridor("--quiet analyse --edges '" + edges + "' --weight calls --out '" + out + "'");
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const std::string nodes = ReadFile(out + "/nodes.csv");
  std::istringstream lines(nodes);
  std::string header, line;
  std::getline(lines, header);
  EXPECT_EQ(header.rfind("node,type,label,community,degree,strength,betweenness,", 0), 0u)
      << header;
  std::vector<std::string> community(6);
  const std::string names = "abcxyz";
  while (std::getline(lines, line)) {
    std::istringstream fields(line);
    std::string node, type, label, cell;
    std::getline(fields, node, ',');
    std::getline(fields, type, ',');
    std::getline(fields, label, ',');
    std::getline(fields, cell, ',');
    community[names.find(node)] = cell;
  }
  EXPECT_EQ(community[0], community[1]);
  EXPECT_EQ(community[1], community[2]);
  EXPECT_EQ(community[3], community[4]);
  EXPECT_EQ(community[4], community[5]);
  EXPECT_NE(community[0], community[3]);
  const std::string rejects = ReadFile(out + "/rejects.csv");
  EXPECT_NE(rejects.find("field 'target' is empty"), std::string::npos) << rejects;
  EXPECT_NE(rejects.find("field 'calls' is not a number > 0: '0'"), std::string::npos) << rejects;
  const std::string analysis = ReadFile(out + "/analysis.json");
  EXPECT_NE(analysis.find("\"modularity\""), std::string::npos);
  // Edge weights have no known unit: the default resolution is 1, not scaled by them.
  EXPECT_NE(analysis.find("\"resolution_rule\": \"fixed\""), std::string::npos) << analysis;
  // The power iterations say how they ended; on this small connected graph both converge.
  for (const char* measure : {"\"pagerank\": {", "\"eigenvector\": {"}) {
    const std::size_t at = analysis.find(measure);
    ASSERT_NE(at, std::string::npos) << measure << " in " << analysis;
    const std::string block = analysis.substr(at, analysis.find('}', at) - at);
    EXPECT_NE(block.find("\"converged\": true"), std::string::npos) << block;
    EXPECT_EQ(block.find("\"iterations\": 0"), std::string::npos) << block;
  }
  EXPECT_EQ(result.out.find("warning:"), std::string::npos) << result.out;
}

TEST(AnalyseCommand, MissingWeightColumnIsBadInput) {
  TempDir dir;
  const std::string edges = dir.Write("edges.csv", "source,target\na,b\n");
  const CommandResult result =
      RunCorridor("--quiet analyse --edges '" + edges + "' --weight calls --out '" +
                  (dir.path() / "out").string() + "'");
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_NE(result.err.find("calls"), std::string::npos) << result.err;
}

}  // namespace
}  // namespace corridor::testing
