// Link charts in every format, read back by real readers: CSV by Python's csv module, GraphML
// by networkx, SVG by Python's XML parser, DOT redrawn by Graphviz's neato -n2 (all through
// /usr/bin/python3 and /usr/bin/neato, installed by scripts/install-deps).

#include "engine/chart.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

// The fixture (ids in brackets, * = focus):
//
//   [E1] Muhammad Khan* --uses x3--> [+923001234567] ==called x12, contact x1==> [+923331112222]
//     |--holds--> [ACC-77] HBL 0042 & Sons ... --paid x2--> [E3] محمد رضا
//     |--associate-------------------------------------------> [E3]
//     |--travelled x2--> [E5] Quetta
//     `--holds--> [D9] Passport AB123 \N &amp; \ (a backslash ends the label)
//   [E6] Al-Noor Travel <invalid byte>, on no link
//
// Labels carry what a careless writer breaks: &, <, ", a newline, a backslash before N (a
// Graphviz escape), a literal "&amp;" (an HTML entity to Graphviz), Arabic script and an
// invalid UTF-8 byte.
constexpr std::string_view kAccountLabel = "HBL 0042 & Sons <main> \"x\"\nsecond line";
constexpr std::string_view kPassportLabel = "Passport AB123 \\N &amp; \\";
constexpr std::string_view kAmount = "218000 PKR; 500 USD & 3 <gold> \"bars\"";

PartialTime Day(int year, int month, int day) {
  return PartialTime::FromCivil({year, month, day}, TimePrecision::kDay);
}

Chart Fixture() {
  Chart chart;
  chart.title = "Case 41/2023: Khan & others <draft>";
  chart.footer = "run manifest sha256 ab12cd; corridor 0.4.0 \"test\"";
  const auto node = [&](std::string id, EntityType type, std::string label, bool focus,
                        std::vector<std::string> evidence) {
    chart.nodes.push_back({std::move(id), type, std::move(label), focus, std::move(evidence)});
  };
  node("E1", EntityType::kPerson, "Muhammad Khan", true, {"passengers.csv:4 P-1", "ids.csv:2"});
  node("+923001234567", EntityType::kPhone, "", false, {"phones.csv:2"});
  node("E3", EntityType::kPerson, "محمد رضا", false, {"passengers.csv:8"});
  node("ACC-77", EntityType::kAccount, std::string(kAccountLabel), false, {"bank.csv:3"});
  node("E5", EntityType::kPlace, "Quetta", false, {"bus_manifest.csv:17 T-9"});
  node("E6", EntityType::kOrganisation, "Al-Noor Travel \xFF", false, {"companies.csv:1"});
  node("D9", EntityType::kDocument, std::string(kPassportLabel), false, {"passport_scan.jpg"});
  node("+923331112222", EntityType::kPhone, "", false, {"phones.csv:3"});

  const auto link = [&](std::uint32_t source, std::uint32_t target, LinkType type,
                        std::uint32_t count, PartialTime first, PartialTime last,
                        std::string amount, std::vector<std::string> evidence) {
    chart.links.push_back(
        {source, target, type, count, first, last, std::move(amount), std::move(evidence)});
  };
  const PartialTime unknown;
  link(0, 1, LinkType::kUses, 3, Day(2023, 1, 4), Day(2023, 2, 1), "",
       {"phones.csv:2", "phones.csv:9"});
  link(1, 7, LinkType::kCalled, 12,
       PartialTime::FromCivil({2023, 3, 1, 10, 15}, TimePrecision::kMinute),
       PartialTime::FromCivil({2023, 3, 9, 22, 40}, TimePrecision::kMinute), "", {"cdr.csv:10-21"});
  link(1, 7, LinkType::kContact, 1, unknown, unknown, "", {"handset_E1.csv:5"});
  const PartialTime year_2021 = PartialTime::FromCivil({2021}, TimePrecision::kYear);
  link(0, 3, LinkType::kHolds, 1, year_2021, year_2021, "", {"bank.csv:3"});
  link(3, 2, LinkType::kPaid, 2, PartialTime::FromCivil({2022, 11}, TimePrecision::kMonth),
       PartialTime::FromCivil({2023, 2}, TimePrecision::kMonth), std::string(kAmount),
       {"ledger.csv:9 note \"a&b\"", "ledger.csv:12"});
  link(0, 2, LinkType::kAssociate, 1, Day(2022, 5, 1), unknown, "", {"statement_7.pdf p.3"});
  link(0, 4, LinkType::kTravelled, 2, Day(2023, 1, 10), Day(2023, 1, 12), "",
       {"bus_manifest.csv:17 T-9"});
  link(0, 6, LinkType::kHolds, 1, unknown, unknown, "", {"passport_scan.jpg"});
  return chart;
}

// Reads one export with a real reader and prints it one element per line, fields separated by
// tabs, with backslash, tab, CR and LF escaped:
//   csv:     each row;
//   graphml: the graph class, then sorted "node ID" / "edge U V" lines, each attribute as
//            name=type:value (networkx's edge id left out);
//   svg:     sorted "node TITLE" / "edge TITLE" lines with the element's texts, then "graph"
//            with the texts drawn outside nodes and edges (legend, title, footer).
constexpr std::string_view kDumpScript = R"py(import csv
import sys
import xml.etree.ElementTree as ET

def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")

def value(v):
    if isinstance(v, bool):
        return "bool:" + ("true" if v else "false")
    if isinstance(v, int):
        return "int:%d" % v
    if isinstance(v, str):
        return "str:" + esc(v)
    return "unexpected:" + type(v).__name__

mode, path = sys.argv[1], sys.argv[2]
lines = []
if mode == "csv":
    with open(path, newline="", encoding="utf-8") as f:
        lines = ["\t".join(esc(field) for field in row) for row in csv.reader(f)]
elif mode == "graphml":
    try:
        import networkx as nx
    except ImportError as error:
        sys.stderr.write("cannot import networkx (%s): install python3-networkx, as "
                         "scripts/install-deps does\n" % error)
        sys.exit(3)
    g = nx.read_graphml(path)
    def attrs(d):
        return "".join("\t%s=%s" % (k, value(d[k])) for k in sorted(d) if k != "id")
    lines = ["node " + esc(n) + attrs(d) for n, d in g.nodes(data=True)]
    lines += ["edge %s %s%s" % (esc(u), esc(v), attrs(d)) for u, v, d in g.edges(data=True)]
    lines = [type(g).__name__] + sorted(lines)
elif mode == "svg":
    ns = "{http://www.w3.org/2000/svg}"
    graph = ET.parse(path).getroot().find(ns + "g")
    def texts(element):
        return "".join("\t" + esc("".join(t.itertext())) for t in element.iter(ns + "text"))
    for g in graph.findall(ns + "g"):
        lines.append(g.get("class") + " " + esc(g.find(ns + "title").text) + texts(g))
    lines.sort()
    others = [t for t in graph.iter(ns + "text")
              if all(t not in list(g.iter(ns + "text")) for g in graph.findall(ns + "g"))]
    lines.append("graph" + "".join("\t" + esc("".join(t.itertext())) for t in others))
sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))
)py";

constexpr std::string_view kPython = "/usr/bin/python3";
constexpr std::string_view kNeato = "/usr/bin/neato";

std::vector<std::string> SplitLines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Runs `command`; fails the test (never skips) when it fails, since the suite promises that
// every export is read back by a real reader.
bool RunReader(const std::string& command, std::string& out) {
  const testing::CommandResult result = testing::RunCommand(command);
  if (result.exit_code != 0) {
    ADD_FAILURE() << command << " failed (exit " << result.exit_code
                  << "; scripts/install-deps installs python3-networkx and graphviz): "
                  << result.err;
    return false;
  }
  out = result.out;
  return true;
}

std::vector<std::string> Dump(const testing::TempDir& dir, std::string_view mode,
                              const std::filesystem::path& file) {
  const std::string script = dir.Write("dump.py", kDumpScript);
  std::string out;
  if (!RunReader(std::string(kPython) + " '" + script + "' " + std::string(mode) + " '" +
                     file.string() + "'",
                 out)) {
    return {};
  }
  return SplitLines(out);
}

std::string Row(const std::vector<std::string_view>& fields) {
  std::string row;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) row += '\t';
    row += testing::EscapeDumpText(fields[i]);
  }
  return row;
}

std::vector<std::string> Sorted(std::vector<std::string> lines) {
  std::sort(lines.begin(), lines.end());
  return lines;
}

// What any reader should see of the fixture's labels: invalid UTF-8 becomes U+FFFD.
const std::string kOrganisationLabel = "Al-Noor Travel \uFFFD";

TEST(ChartFormatFromPath, ByExtensionIgnoringCase) {
  EXPECT_EQ(ChartFormatFromPath("a/chart.graphml"), ChartFormat::kGraphml);
  EXPECT_EQ(ChartFormatFromPath("chart.SVG"), ChartFormat::kSvg);
  EXPECT_EQ(ChartFormatFromPath("chart.pdf"), ChartFormat::kPdf);
  EXPECT_EQ(ChartFormatFromPath("chart.csv"), ChartFormat::kCsv);
  EXPECT_EQ(ChartFormatFromPath("chart.dot"), ChartFormat::kDot);
  EXPECT_EQ(ChartFormatFromPath("chart.gv"), ChartFormat::kDot);
  EXPECT_EQ(ChartFormatFromPath("chart.png"), std::nullopt);
  EXPECT_EQ(ChartFormatFromPath("chart"), std::nullopt);
  EXPECT_EQ(ChartFormatFromPath("svg"), std::nullopt);
}

TEST(WriteChart, CsvHasEveryLinkWithItsEvidenceAndTheUnlinkedNode) {
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "chart.csv";
  const ChartFile file = WriteChart(Fixture(), path, ChartFormat::kCsv);
  EXPECT_EQ(file.bytes, std::filesystem::file_size(path));
  EXPECT_EQ(file.sha256_hex.size(), 64u);
  const std::string account(kAccountLabel);
  const std::string passport(kPassportLabel);
  const std::vector<std::string> expected = {
      Row({"entity1_id", "entity1_type", "entity1_label", "link_type", "entity2_id", "entity2_type",
           "entity2_label", "first_seen", "last_seen", "count", "amount", "evidence"}),
      Row({"E1", "Person", "Muhammad Khan", "USES", "+923001234567", "Phone", "+923001234567",
           "2023-01-04", "2023-02-01", "3", "", "phones.csv:2; phones.csv:9"}),
      Row({"+923001234567", "Phone", "+923001234567", "CALLED", "+923331112222", "Phone",
           "+923331112222", "2023-03-01T10:15Z", "2023-03-09T22:40Z", "12", "", "cdr.csv:10-21"}),
      Row({"+923001234567", "Phone", "+923001234567", "CONTACT", "+923331112222", "Phone",
           "+923331112222", "", "", "1", "", "handset_E1.csv:5"}),
      Row({"E1", "Person", "Muhammad Khan", "HOLDS", "ACC-77", "Account", account, "2021", "2021",
           "1", "", "bank.csv:3"}),
      Row({"ACC-77", "Account", account, "PAID", "E3", "Person", "محمد رضا", "2022-11", "2023-02",
           "2", kAmount, "ledger.csv:9 note \"a&b\"; ledger.csv:12"}),
      Row({"E1", "Person", "Muhammad Khan", "ASSOCIATE", "E3", "Person", "محمد رضا", "2022-05-01",
           "", "1", "", "statement_7.pdf p.3"}),
      Row({"E1", "Person", "Muhammad Khan", "TRAVELLED", "E5", "Place", "Quetta", "2023-01-10",
           "2023-01-12", "2", "", "bus_manifest.csv:17 T-9"}),
      Row({"E1", "Person", "Muhammad Khan", "HOLDS", "D9", "Document", passport, "", "", "1", "",
           "passport_scan.jpg"}),
      Row({"E6", "Organisation", kOrganisationLabel, "", "", "", "", "", "", "", "",
           "companies.csv:1"}),
  };
  EXPECT_EQ(Dump(dir, "csv", path), expected);
}

TEST(WriteChart, GraphmlReadsBackWithNetworkxWithEveryAttribute) {
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "chart.graphml";
  WriteChart(Fixture(), path, ChartFormat::kGraphml);
  const auto node = [](std::string_view id, std::string_view type, std::string_view label,
                       bool focus, std::string_view evidence, int evidence_count, int r, int g,
                       int b) {
    return "node " + testing::EscapeDumpText(id) + "\tb=int:" + std::to_string(b) +
           "\tevidence=str:" + testing::EscapeDumpText(evidence) +
           "\tevidence_count=int:" + std::to_string(evidence_count) +
           "\tfocus=bool:" + (focus ? "true" : "false") + "\tg=int:" + std::to_string(g) +
           "\tlabel=str:" + testing::EscapeDumpText(label) + "\tr=int:" + std::to_string(r) +
           "\ttype=str:" + testing::EscapeDumpText(type);
  };
  const auto edge = [](std::string_view source, std::string_view target, std::string_view type,
                       std::string_view label, int count, std::string_view first,
                       std::string_view last, std::string_view amount, std::string_view evidence,
                       int evidence_count) {
    return "edge " + testing::EscapeDumpText(source) + " " + testing::EscapeDumpText(target) +
           "\tamount=str:" + testing::EscapeDumpText(amount) +
           "\tcount=int:" + std::to_string(count) +
           "\tevidence=str:" + testing::EscapeDumpText(evidence) +
           "\tevidence_count=int:" + std::to_string(evidence_count) +
           "\tfirst_seen=str:" + testing::EscapeDumpText(first) +
           "\tlabel=str:" + testing::EscapeDumpText(label) +
           "\tlast_seen=str:" + testing::EscapeDumpText(last) +
           "\ttype=str:" + testing::EscapeDumpText(type);
  };
  // Colours by type: person A0CBE8, phone FFBE7D, account FF9D9A, document 86BCB6, place
  // 8CD17D, organisation F1CE63.
  std::vector<std::string> expected = {
      node("E1", "Person", "Muhammad Khan", true, "passengers.csv:4 P-1; ids.csv:2", 2, 160, 203,
           232),
      node("+923001234567", "Phone", "+923001234567", false, "phones.csv:2", 1, 255, 190, 125),
      node("E3", "Person", "محمد رضا", false, "passengers.csv:8", 1, 160, 203, 232),
      node("ACC-77", "Account", kAccountLabel, false, "bank.csv:3", 1, 255, 157, 154),
      node("E5", "Place", "Quetta", false, "bus_manifest.csv:17 T-9", 1, 140, 209, 125),
      node("E6", "Organisation", kOrganisationLabel, false, "companies.csv:1", 1, 241, 206, 99),
      node("D9", "Document", kPassportLabel, false, "passport_scan.jpg", 1, 134, 188, 182),
      node("+923331112222", "Phone", "+923331112222", false, "phones.csv:3", 1, 255, 190, 125),
      edge("E1", "+923001234567", "USES", "uses \u00D73, 2023-01-04..2023-02-01", 3, "2023-01-04",
           "2023-02-01", "none", "phones.csv:2; phones.csv:9", 2),
      edge("+923001234567", "+923331112222", "CALLED",
           "called \u00D712, 2023-03-01T10:15Z..2023-03-09T22:40Z", 12, "2023-03-01T10:15Z",
           "2023-03-09T22:40Z", "none", "cdr.csv:10-21", 1),
      edge("+923001234567", "+923331112222", "CONTACT", "contact \u00D71", 1, "unknown", "unknown",
           "none", "handset_E1.csv:5", 1),
      edge("E1", "ACC-77", "HOLDS", "holds \u00D71, 2021", 1, "2021", "2021", "none", "bank.csv:3",
           1),
      edge("ACC-77", "E3", "PAID", "paid \u00D72, 2022-11..2023-02, " + std::string(kAmount), 2,
           "2022-11", "2023-02", kAmount, "ledger.csv:9 note \"a&b\"; ledger.csv:12", 2),
      edge("E1", "E3", "ASSOCIATE", "associate \u00D71, 2022-05-01..?", 1, "2022-05-01", "unknown",
           "none", "statement_7.pdf p.3", 1),
      edge("E1", "E5", "TRAVELLED", "travelled \u00D72, 2023-01-10..2023-01-12", 2, "2023-01-10",
           "2023-01-12", "none", "bus_manifest.csv:17 T-9", 1),
      edge("E1", "D9", "HOLDS", "holds \u00D71", 1, "unknown", "unknown", "none",
           "passport_scan.jpg", 1),
  };
  expected = Sorted(std::move(expected));
  // Two links join the same phones, so networkx reads a multigraph.
  expected.insert(expected.begin(), "MultiDiGraph");
  EXPECT_EQ(Dump(dir, "graphml", path), expected);
}

// The SVG dump lines of the fixture's nodes and links (Graphviz draws each label line as one
// <text>; its names are n<index>).
std::vector<std::string> ExpectedSvgElements() {
  const auto line = [](std::string_view head, const std::vector<std::string_view>& texts) {
    std::string out(head);
    for (const std::string_view text : texts) out += "\t" + testing::EscapeDumpText(text);
    return out;
  };
  return Sorted({
      line("node n0", {"Muhammad Khan", "E1"}),
      line("node n1", {"+923001234567"}),
      line("node n2", {"محمد رضا", "E3"}),
      line("node n3", {"HBL 0042 & Sons <main> \"x\"", "second line", "ACC-77"}),
      line("node n4", {"Quetta", "E5"}),
      line("node n5", {kOrganisationLabel, "E6"}),
      line("node n6", {kPassportLabel, "D9"}),
      line("node n7", {"+923331112222"}),
      line("edge n0->n1", {"uses \u00D73", "2023-01-04..2023-02-01"}),
      line("edge n1->n7", {"called \u00D712", "2023-03-01T10:15Z..2023-03-09T22:40Z"}),
      line("edge n1->n7", {"contact \u00D71"}),
      line("edge n0->n3", {"holds \u00D71", "2021"}),
      line("edge n3->n2", {"paid \u00D72", "2022-11..2023-02", kAmount}),
      line("edge n0->n2", {"associate \u00D71", "2022-05-01..?"}),
      line("edge n0->n4", {"travelled \u00D72", "2023-01-10..2023-01-12"}),
      line("edge n0->n6", {"holds \u00D71"}),
  });
}

// The texts drawn outside nodes and links: title, legend (types present, in enum order, each
// with its shape), how to read the chart, footer.
std::string ExpectedSvgGraph() {
  return "graph\tCase 41/2023: Khan & others <draft>\tPerson\tellipse\tPhone\tbox\tAccount"
         "\thexagon\tDocument\tnote\tPlace\thouse\tOrganisation\tdoubleoctagon\tBold outline: "
         "focus entity. Link label: type \u00D7 events, first..last seen, amount.\trun manifest "
         "sha256 ab12cd; corridor 0.4.0 \"test\"";
}

TEST(WriteChart, SvgShowsEveryLabelTheLegendAndTheFooter) {
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "chart.svg";
  WriteChart(Fixture(), path, ChartFormat::kSvg);
  std::vector<std::string> expected = ExpectedSvgElements();
  expected.push_back(ExpectedSvgGraph());
  EXPECT_EQ(Dump(dir, "svg", path), expected);

  const std::string svg = testing::ReadFile(path.string());
  // Arabic comes through as UTF-8, not as character references.
  EXPECT_NE(svg.find("محمد رضا"), std::string::npos);
  // Focus is drawn with a thicker outline, and every node is filled by its type's colour.
  EXPECT_NE(svg.find("stroke-width=\"3\""), std::string::npos);
  for (const char* fill : {"#a0cbe8", "#ffbe7d", "#ff9d9a", "#86bcb6", "#8cd17d", "#f1ce63"}) {
    EXPECT_NE(svg.find(std::string("fill=\"") + fill + "\""), std::string::npos) << fill;
  }
}

TEST(WriteChart, DotRedrawsToTheSameTexts) {
  const testing::TempDir dir;
  const std::filesystem::path dot = dir.path() / "chart.dot";
  WriteChart(Fixture(), dot, ChartFormat::kDot);
  const std::string text = testing::ReadFile(dot.string());
  EXPECT_TRUE(text.starts_with("digraph chart {")) << text.substr(0, 100);
  EXPECT_NE(text.find("pos=\""), std::string::npos) << "DOT without the layout";
  // neato -n2 keeps the positions in the file: the same picture, read by Graphviz's parser.
  const std::filesystem::path svg = dir.path() / "redrawn.svg";
  std::string ignored;
  ASSERT_TRUE(
      RunReader(std::string(kNeato) + " -n2 -Tsvg '" + dot.string() + "' -o '" + svg.string() + "'",
                ignored));
  std::vector<std::string> expected = ExpectedSvgElements();
  expected.push_back(ExpectedSvgGraph());
  EXPECT_EQ(Dump(dir, "svg", svg), expected);
}

TEST(WriteChart, PdfIsAPdf) {
  const testing::TempDir dir;
  const std::filesystem::path path = dir.path() / "chart.pdf";
  const ChartFile file = WriteChart(Fixture(), path, ChartFormat::kPdf);
  const std::string pdf = testing::ReadFile(path.string());
  EXPECT_EQ(file.bytes, pdf.size());
  EXPECT_TRUE(pdf.starts_with("%PDF-")) << pdf.substr(0, 16);
  EXPECT_NE(pdf.rfind("%%EOF"), std::string::npos);
  EXPECT_GT(pdf.size(), 1000u);
}

TEST(WriteChart, SameChartSameBytes) {
  const testing::TempDir dir;
  const Chart chart = Fixture();
  for (const ChartFormat format :
       {ChartFormat::kCsv, ChartFormat::kGraphml, ChartFormat::kSvg, ChartFormat::kDot}) {
    const ChartFile a = WriteChart(chart, dir.path() / "a", format);
    const ChartFile b = WriteChart(chart, dir.path() / "b", format);
    EXPECT_EQ(a.sha256_hex, b.sha256_hex) << static_cast<int>(format);
    EXPECT_EQ(testing::ReadFile((dir.path() / "a").string()),
              testing::ReadFile((dir.path() / "b").string()));
  }
}

TEST(WriteChart, LayoutFollowsTheOptions) {
  const testing::TempDir dir;
  const Chart chart = Fixture();
  const auto svg = [&](const ChartOptions& options) {
    return WriteChart(chart, dir.path() / "chart.svg", ChartFormat::kSvg, options).sha256_hex;
  };
  // A small chart is drawn by neato; sfdp is deterministic too; the seed moves the drawing.
  EXPECT_EQ(svg({}), svg({.layout = ChartLayout::kNeato}));
  EXPECT_EQ(svg({.layout = ChartLayout::kSfdp}), svg({.layout = ChartLayout::kSfdp}));
  EXPECT_NE(svg({.layout = ChartLayout::kSfdp}), svg({.layout = ChartLayout::kNeato}));
  EXPECT_NE(svg({.seed = 2}), svg({.seed = 1}));
}

TEST(WriteChart, EmptyChartInEveryFormat) {
  const testing::TempDir dir;
  const Chart chart;
  const std::filesystem::path csv = dir.path() / "empty.csv";
  WriteChart(chart, csv, ChartFormat::kCsv);
  EXPECT_EQ(Dump(dir, "csv", csv).size(), 1u);  // the header
  const std::filesystem::path graphml = dir.path() / "empty.graphml";
  WriteChart(chart, graphml, ChartFormat::kGraphml);
  EXPECT_EQ(Dump(dir, "graphml", graphml), std::vector<std::string>{"DiGraph"});
  const std::filesystem::path svg = dir.path() / "empty.svg";
  WriteChart(chart, svg, ChartFormat::kSvg);
  EXPECT_EQ(Dump(dir, "svg", svg),
            std::vector<std::string>{"graph\tBold outline: focus entity. Link label: type "
                                     "\u00D7 events, first..last seen, amount."});
  const std::filesystem::path pdf = dir.path() / "empty.pdf";
  WriteChart(chart, pdf, ChartFormat::kPdf);
  EXPECT_TRUE(testing::ReadFile(pdf.string()).starts_with("%PDF-"));
  const std::filesystem::path dot = dir.path() / "empty.dot";
  WriteChart(chart, dot, ChartFormat::kDot);
  EXPECT_TRUE(testing::ReadFile(dot.string()).starts_with("digraph chart {"));
}

// Expects ValidateChart, and WriteChart before it writes anything, to reject `chart` with a
// message containing `reason`.
void ExpectRejected(const Chart& chart, std::string_view reason) {
  try {
    ValidateChart(chart);
    ADD_FAILURE() << "accepted; expected: " << reason;
  } catch (const InternalError& e) {
    EXPECT_NE(std::string_view(e.what()).find(reason), std::string_view::npos) << e.what();
  }
  const testing::TempDir dir;
  const std::filesystem::path out = dir.path() / "chart.svg";
  EXPECT_THROW(WriteChart(chart, out, ChartFormat::kSvg), InternalError) << reason;
  EXPECT_FALSE(std::filesystem::exists(out)) << reason;
}

TEST(ValidateChart, AcceptsTheFixture) { EXPECT_NO_THROW(ValidateChart(Fixture())); }

TEST(ValidateChart, RejectsBrokenCharts) {
  {
    Chart chart = Fixture();
    chart.links[4].evidence.clear();
    ExpectRejected(chart, "link 4 has no evidence");
  }
  {
    Chart chart = Fixture();
    chart.links[2].evidence.push_back("");
    ExpectRejected(chart, "link 2 has an empty citation");
  }
  {
    Chart chart = Fixture();
    chart.links[1].target = 8;
    ExpectRejected(chart, "link 1 names node 8 of 8");
  }
  {
    Chart chart = Fixture();
    chart.nodes[5].evidence.clear();
    ExpectRejected(chart, "node 'E6' has no evidence");
  }
  {
    Chart chart = Fixture();
    chart.nodes[7].id = "E1";
    ExpectRejected(chart, "node 7 repeats the id 'E1'");
  }
  {
    Chart chart = Fixture();
    chart.nodes[0].id.clear();
    ExpectRejected(chart, "node 0 has an empty id");
  }
  {
    Chart chart = Fixture();
    chart.links[0].count = 0;
    ExpectRejected(chart, "link 0 has count 0");
  }
  {
    Chart chart = Fixture();
    std::swap(chart.links[0].first_seen, chart.links[0].last_seen);
    ExpectRejected(chart, "link 0 is last seen (2023-01-04) before it is first seen (2023-02-01)");
  }
}

TEST(WriteChart, UnwritablePathThrowsIoError) {
  const testing::TempDir dir;
  const std::filesystem::path out = dir.path() / "missing" / "chart";
  for (const ChartFormat format : {ChartFormat::kCsv, ChartFormat::kGraphml, ChartFormat::kSvg,
                                   ChartFormat::kPdf, ChartFormat::kDot}) {
    try {
      WriteChart(Fixture(), out, format);
      ADD_FAILURE() << "no error for format " << static_cast<int>(format);
    } catch (const IoError& e) {
      EXPECT_EQ(e.path(), out.string());
    }
  }
}

}  // namespace
}  // namespace corridor
