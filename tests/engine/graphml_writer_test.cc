#include "engine/graphml_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/errors.h"
#include "engine/sha256.h"
#include "engine/utf8.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

using D = GraphmlDomain;
using T = GraphmlType;

std::size_t CountOf(std::string_view text, std::string_view needle) {
  std::size_t count = 0;
  for (std::size_t at = text.find(needle); at != std::string_view::npos;
       at = text.find(needle, at + needle.size())) {
    ++count;
  }
  return count;
}

// Writes one node whose only (string) attribute is `value` and returns the file's text.
std::string WriteStringNode(const testing::TempDir& dir, std::string_view id,
                            std::string_view value) {
  const std::string path = (dir.path() / "one.graphml").string();
  GraphmlWriter writer(path);
  const GraphmlKey name = writer.AddKey(D::kNode, "name", T::kString);
  writer.BeginGraph(true);
  const GraphmlField values[] = {{name, value}};
  writer.Node(id, values);
  writer.Finish();
  return testing::ReadFile(path);
}

TEST(GraphmlWriter, TinyGraphKnownAnswer) {
  // a <-> b: two nodes and two edges, one attribute of each type.
  const testing::TempDir dir;
  const std::string path = (dir.path() / "tiny.graphml").string();
  GraphmlWriter writer(path);
  const GraphmlKey label = writer.AddKey(D::kNode, "label", T::kString);
  const GraphmlKey size = writer.AddKey(D::kNode, "size", T::kInt);
  const GraphmlKey weight = writer.AddKey(D::kEdge, "weight", T::kDouble);
  const GraphmlKey calls = writer.AddKey(D::kEdge, "calls", T::kLong);
  const GraphmlKey share = writer.AddKey(D::kEdge, "share", T::kFloat);
  const GraphmlKey confirmed = writer.AddKey(D::kEdge, "confirmed", T::kBool);
  writer.BeginGraph(true);
  const GraphmlField a[] = {{label, "Ali"}, {size, 3}};
  const GraphmlField b[] = {{size, -7}, {label, "Bano"}};  // written in the order given
  const GraphmlField ab[] = {
      {weight, 0.1}, {calls, std::int64_t{12345678901}}, {share, 0.3}, {confirmed, true}};
  const GraphmlField ba[] = {{weight, 1e16}, {calls, -1}, {share, 2.5f}, {confirmed, false}};
  writer.Node("a", a);
  writer.Node("b", b);
  writer.Edge("a", "b", ab);
  writer.Edge("b", "a", ba);
  writer.Finish();

  const std::string expected =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
      " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\""
      " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
      " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n"
      "  <key id=\"label\" for=\"node\" attr.name=\"label\" attr.type=\"string\"/>\n"
      "  <key id=\"size\" for=\"node\" attr.name=\"size\" attr.type=\"int\"/>\n"
      "  <key id=\"weight\" for=\"edge\" attr.name=\"weight\" attr.type=\"double\"/>\n"
      "  <key id=\"calls\" for=\"edge\" attr.name=\"calls\" attr.type=\"long\"/>\n"
      "  <key id=\"share\" for=\"edge\" attr.name=\"share\" attr.type=\"float\"/>\n"
      "  <key id=\"confirmed\" for=\"edge\" attr.name=\"confirmed\" attr.type=\"boolean\"/>\n"
      "  <graph id=\"G\" edgedefault=\"directed\">\n"
      "    <node id=\"a\">\n"
      "      <data key=\"label\">Ali</data>\n"
      "      <data key=\"size\">3</data>\n"
      "    </node>\n"
      "    <node id=\"b\">\n"
      "      <data key=\"size\">-7</data>\n"
      "      <data key=\"label\">Bano</data>\n"
      "    </node>\n"
      "    <edge id=\"e0\" source=\"a\" target=\"b\">\n"
      "      <data key=\"weight\">0.1</data>\n"
      "      <data key=\"calls\">12345678901</data>\n"
      "      <data key=\"share\">0.3</data>\n"
      "      <data key=\"confirmed\">true</data>\n"
      "    </edge>\n"
      "    <edge id=\"e1\" source=\"b\" target=\"a\">\n"
      "      <data key=\"weight\">1e+16</data>\n"
      "      <data key=\"calls\">-1</data>\n"
      "      <data key=\"share\">2.5</data>\n"
      "      <data key=\"confirmed\">false</data>\n"
      "    </edge>\n"
      "  </graph>\n"
      "</graphml>\n";
  EXPECT_EQ(testing::ReadFile(path), expected);
  EXPECT_EQ(writer.nodes(), 2u);
  EXPECT_EQ(writer.edges(), 2u);
  EXPECT_EQ(writer.bytes(), expected.size());
  EXPECT_EQ(writer.sha256_hex(), Sha256::HexOf(expected));
}

TEST(GraphmlWriter, EmptyGraphIsComplete) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "empty.graphml").string();
  GraphmlWriter writer(path);
  writer.BeginGraph(false);
  writer.Finish();
  const std::string text = testing::ReadFile(path);
  EXPECT_NE(text.find("<graph id=\"G\" edgedefault=\"undirected\">\n  </graph>\n</graphml>\n"),
            std::string::npos);
}

TEST(GraphmlWriter, EscapesMarkupAndWhitespaceAndReplacesControls) {
  const testing::TempDir dir;
  const std::string text =
      WriteStringNode(dir, "a&b<c>\"d'e", "x&y <z> \"q\" 'p'\ttab\nlf\rcr\x01\x1f|\x7f");
  EXPECT_NE(text.find("<node id=\"a&amp;b&lt;c&gt;&quot;d&apos;e\">"), std::string::npos);
  // Tab, LF and CR as references (attribute and line-end normalisation would change them);
  // other C0 controls cannot appear in XML 1.0 at all and become U+FFFD; DEL is allowed.
  EXPECT_NE(text.find("<data key=\"name\">x&amp;y &lt;z&gt; &quot;q&quot; &apos;p&apos;&#9;tab"
                      "&#10;lf&#13;cr\xEF\xBF\xBD\xEF\xBF\xBD|\x7f</data>"),
            std::string::npos);
}

TEST(GraphmlWriter, ReplacesNonCharactersAndKeepsOtherUnicode) {
  const testing::TempDir dir;
  // U+FFFE and U+FFFF are valid UTF-8 but not XML characters; U+FFFD and Arabic script pass.
  const std::string text = WriteStringNode(
      dir, "n", "\xEF\xBF\xBE|\xEF\xBF\xBF|\xEF\xBF\xBD|\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF");
  EXPECT_NE(text.find(">\xEF\xBF\xBD|\xEF\xBF\xBD|\xEF\xBF\xBD|\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF<"),
            std::string::npos);
}

TEST(GraphmlWriter, RepairsInvalidUtf8) {
  const testing::TempDir dir;
  // A truncated sequence, a stray continuation byte, an overlong '/' and 0xFF, mixed with text
  // that still needs escaping after the repair.
  const std::string text = WriteStringNode(dir, "id\xC3", "ok\xC3(&\x80<\xC0\xAF\xFF\xD8\xB9");
  EXPECT_NE(text.find("<node id=\"id\xEF\xBF\xBD\">"), std::string::npos);
  EXPECT_NE(text.find(">ok\xEF\xBF\xBD(&amp;\xEF\xBF\xBD&lt;\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
                      "\xD8\xB9</data>"),
            std::string::npos);
  EXPECT_TRUE(IsValidUtf8(text));
}

TEST(GraphmlWriter, DoublesAreShortestAndExact) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "d.graphml").string();
  const std::vector<double> values = {0.1,  1.0 / 3.0, -0.0,  5e-324, 1.7976931348623157e308,
                                      1e16, 123.5,     -2e-7, 42.0,   9007199254740993.0};
  {
    GraphmlWriter writer(path);
    const GraphmlKey x = writer.AddKey(D::kNode, "x", T::kDouble);
    writer.BeginGraph(true);
    for (std::size_t i = 0; i < values.size(); ++i) {
      const GraphmlField fields[] = {{x, values[i]}};
      writer.Node("n" + std::to_string(i), fields);
    }
    writer.Finish();
  }
  const std::string text = testing::ReadFile(path);
  std::vector<double> read;
  const std::string_view open = "<data key=\"x\">";
  for (std::size_t at = text.find(open); at != std::string::npos; at = text.find(open, at)) {
    at += open.size();
    const std::size_t end = text.find('<', at);
    double value = 0;
    const auto result = std::from_chars(text.data() + at, text.data() + end, value);
    EXPECT_EQ(result.ptr, text.data() + end) << text.substr(at, end - at);
    read.push_back(value);
  }
  ASSERT_EQ(read.size(), values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    EXPECT_EQ(std::bit_cast<std::uint64_t>(read[i]), std::bit_cast<std::uint64_t>(values[i]))
        << "value " << i;
  }
  EXPECT_NE(text.find(">0.1<"), std::string::npos);  // shortest, not 0.10000000000000001
  EXPECT_NE(text.find(">42<"), std::string::npos);
}

TEST(GraphmlWriter, RejectsIllFormedReservedAndDuplicateKeyNames) {
  const testing::TempDir dir;
  GraphmlWriter writer((dir.path() / "k.graphml").string());
  for (const std::string_view bad : {"", "has space", "1st", "-x", "a:b", "a&b", "tab\t",
                                     "\xD8\xB9", "id", "ng", "eg", "d3", "d17"}) {
    EXPECT_THROW(writer.AddKey(D::kNode, bad, T::kString), InvalidInput) << "'" << bad << "'";
  }
  for (const std::string_view good : {"d", "d3x", "_x", "first-seen.utc", "r", "weight"}) {
    EXPECT_NO_THROW(writer.AddKey(D::kNode, good, T::kInt)) << good;
  }
  // A name both domains use is fine (the edge key's id becomes edge_<name>), unless that id
  // is taken.
  EXPECT_NO_THROW(writer.AddKey(D::kEdge, "weight", T::kDouble));
  EXPECT_THROW(writer.AddKey(D::kEdge, "weight", T::kDouble), InvalidInput);
  EXPECT_NO_THROW(writer.AddKey(D::kNode, "edge_r", T::kInt));
  EXPECT_THROW(writer.AddKey(D::kEdge, "r", T::kInt), InvalidInput);
  try {
    writer.AddKey(D::kNode, "r", T::kInt);
    FAIL() << "duplicate accepted";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "r");
    EXPECT_NE(std::string(e.what()).find("declared twice"), std::string::npos) << e.what();
  }
}

TEST(GraphmlWriter, NameInBothDomainsGetsTwoKeyIds) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "twin.graphml").string();
  GraphmlWriter writer(path);
  const GraphmlKey edge_label = writer.AddKey(D::kEdge, "label", T::kString);
  const GraphmlKey node_label = writer.AddKey(D::kNode, "label", T::kString);
  writer.BeginGraph(false);
  writer.Node("a", std::vector<GraphmlField>{{node_label, "A"}});
  writer.Node("b", std::vector<GraphmlField>{{node_label, "B"}});
  writer.Edge("a", "b", std::vector<GraphmlField>{{edge_label, "calls"}});
  writer.Finish();
  const std::string text = testing::ReadFile(path);
  EXPECT_NE(text.find(R"(<key id="edge_label" for="edge" attr.name="label")"), std::string::npos)
      << text;
  EXPECT_NE(text.find(R"(<key id="label" for="node" attr.name="label")"), std::string::npos);
  EXPECT_NE(text.find(R"(<data key="edge_label">calls</data>)"), std::string::npos);
  EXPECT_NE(text.find(R"(<data key="label">A</data>)"), std::string::npos);
}

TEST(GraphmlWriter, EnforcesCallOrder) {
  const testing::TempDir dir;
  GraphmlWriter writer((dir.path() / "o.graphml").string());
  EXPECT_THROW(writer.Node("a", {}), InternalError);
  EXPECT_THROW(writer.Edge("a", "b", {}), InternalError);
  EXPECT_THROW(writer.Finish(), InternalError);
  writer.BeginGraph(true);
  EXPECT_THROW(writer.BeginGraph(true), InternalError);
  EXPECT_THROW(writer.AddKey(D::kNode, "late", T::kInt), InternalError);
  writer.Node("a", {});
  writer.Node("b", {});
  writer.Edge("a", "b", {});
  EXPECT_THROW(writer.Node("c", {}), InternalError);
  writer.Finish();
  EXPECT_THROW(writer.Edge("b", "a", {}), InternalError);
  EXPECT_THROW(writer.Finish(), InternalError);
}

TEST(GraphmlWriter, RejectsMissingRepeatedAndMistypedValues) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "v.graphml").string();
  GraphmlWriter writer(path);
  const GraphmlKey name = writer.AddKey(D::kNode, "name", T::kString);
  const GraphmlKey rank = writer.AddKey(D::kNode, "rank", T::kInt);
  const GraphmlKey weight = writer.AddKey(D::kEdge, "weight", T::kDouble);
  writer.BeginGraph(false);

  const GraphmlField missing[] = {{name, "x"}};
  try {
    writer.Node("a", missing);
    FAIL() << "missing value accepted";
  } catch (const InternalError& e) {
    EXPECT_NE(std::string(e.what()).find("no value for key 'rank' of node 'a'"), std::string::npos)
        << e.what();
  }
  const GraphmlField repeated[] = {{name, "x"}, {name, "y"}};
  EXPECT_THROW(writer.Node("a", repeated), InternalError);
  const GraphmlField mistyped[] = {{name, "x"}, {rank, 1.5}};
  EXPECT_THROW(writer.Node("a", mistyped), InternalError);
  const GraphmlField int_for_double[] = {{weight, 1}};
  const GraphmlField edge_key_on_node[] = {{name, "x"}, {rank, 1}, {weight, 1.0}};
  EXPECT_THROW(writer.Node("a", edge_key_on_node), InternalError);
  const GraphmlField unknown[] = {{name, "x"}, {GraphmlKey{99}, 1}};
  EXPECT_THROW(writer.Node("a", unknown), InternalError);

  const GraphmlField good[] = {{rank, 1}, {name, "x"}};
  writer.Node("a", good);
  writer.Node("b", good);
  EXPECT_THROW(writer.Edge("a", "b", int_for_double), InternalError);
  EXPECT_THROW(writer.Edge("a", "b", {}), InternalError);
  writer.Finish();
  // Refused elements left nothing behind.
  const std::string text = testing::ReadFile(path);
  EXPECT_EQ(CountOf(text, "<node "), 2u);
  EXPECT_EQ(CountOf(text, "<edge "), 0u);
}

TEST(GraphmlWriter, RejectsValuesItCannotWriteFaithfully) {
  const testing::TempDir dir;
  GraphmlWriter writer((dir.path() / "f.graphml").string());
  const GraphmlKey small = writer.AddKey(D::kNode, "small", T::kInt);
  const GraphmlKey big = writer.AddKey(D::kNode, "big", T::kLong);
  const GraphmlKey single = writer.AddKey(D::kNode, "single", T::kFloat);
  const GraphmlKey real = writer.AddKey(D::kNode, "real", T::kDouble);
  writer.BeginGraph(true);
  const auto node = [&](std::int64_t s, double f, double r) {
    const GraphmlField fields[] = {
        {small, s}, {big, std::numeric_limits<std::int64_t>::min()}, {single, f}, {real, r}};
    writer.Node("n", fields);
  };
  EXPECT_NO_THROW(node(std::numeric_limits<std::int32_t>::max(), 3.4e38, 1e308));
  EXPECT_NO_THROW(node(std::numeric_limits<std::int32_t>::min(), -3.4e38, -1e308));
  EXPECT_THROW(node(std::int64_t{1} << 31, 0, 0), InvalidInput);
  EXPECT_THROW(node(0, 1e39, 0), InvalidInput);
  EXPECT_THROW(node(0, std::numeric_limits<double>::quiet_NaN(), 0), InvalidInput);
  EXPECT_THROW(node(0, 0, std::numeric_limits<double>::infinity()), InvalidInput);
  try {
    node(0, 0, std::numeric_limits<double>::quiet_NaN());
    FAIL() << "NaN accepted";
  } catch (const InvalidInput& e) {
    EXPECT_EQ(e.field(), "real");
    EXPECT_EQ(e.file(), writer.path());
  }
  const GraphmlField fields[] = {{small, 0}, {big, 0}, {single, 0.0}, {real, 0.0}};
  EXPECT_THROW(writer.Node("", fields), InvalidInput);
  writer.Node("m", fields);
  EXPECT_THROW(writer.Edge("", "m", {}), InvalidInput);
  EXPECT_THROW(writer.Edge("m", "", {}), InvalidInput);
}

TEST(GraphmlWriter, YedStyleAddsShapeNodesAndArrows) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "yed.graphml").string();
  GraphmlWriter writer(path, {.yed = true});
  const GraphmlKey label = writer.AddKey(D::kNode, "label", T::kString);
  writer.BeginGraph(true);
  const GraphmlField a[] = {{label, "A&B"}};
  EXPECT_THROW(writer.Node("a", a), InternalError);  // yEd output needs the style
  writer.Node("a", a, {.label = "A&B", .shape = YedShape::kDiamond, .fill_rgb = 0x0A0BFF});
  EXPECT_THROW(writer.Node("b", a, {.label = "b", .fill_rgb = 0x1000000}), InternalError);
  writer.Edge("a", "a", {});
  writer.Finish();
  const std::string text = testing::ReadFile(path);
  EXPECT_NE(text.find(" xmlns:y=\"http://www.yworks.com/xml/graphml\""), std::string::npos);
  EXPECT_NE(text.find("  <key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n"
                      "  <key id=\"eg\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n"
                      "  <graph "),
            std::string::npos);
  EXPECT_NE(text.find("      <data key=\"label\">A&amp;B</data>\n"
                      "      <data key=\"ng\"><y:ShapeNode><y:Fill color=\"#0A0BFF\""
                      " transparent=\"false\"/><y:NodeLabel>A&amp;B</y:NodeLabel>"
                      "<y:Shape type=\"diamond\"/></y:ShapeNode></data>\n"
                      "    </node>\n"),
            std::string::npos);
  EXPECT_NE(text.find("<data key=\"eg\"><y:PolyLineEdge><y:Arrows source=\"none\""
                      " target=\"standard\"/></y:PolyLineEdge></data>"),
            std::string::npos);

  GraphmlWriter plain((dir.path() / "plain.graphml").string());
  plain.BeginGraph(true);
  EXPECT_THROW(plain.Node("a", {}, YedNodeStyle{}), InternalError);
}

TEST(GraphmlWriter, LargeOutputIsFlushedWholeAndHashed) {
  // Several flushes of the 1 MiB buffer.
  const testing::TempDir dir;
  const std::string path = (dir.path() / "big.graphml").string();
  GraphmlWriter writer(path);
  const GraphmlKey name = writer.AddKey(D::kNode, "name", T::kString);
  writer.BeginGraph(false);
  const std::string padding(60, 'x');
  constexpr int kNodes = 50'000;
  for (int i = 0; i < kNodes; ++i) {
    const GraphmlField fields[] = {{name, padding}};
    writer.Node(std::to_string(i), fields);
  }
  writer.Finish();
  const std::string text = testing::ReadFile(path);
  EXPECT_GT(text.size(), std::size_t{3} << 20);
  EXPECT_EQ(writer.bytes(), text.size());
  EXPECT_EQ(writer.sha256_hex(), Sha256::HexOf(text));
  EXPECT_EQ(CountOf(text, "<node "), std::size_t{kNodes});
  EXPECT_TRUE(text.ends_with("</node>\n  </graph>\n</graphml>\n"));
}

TEST(GraphmlWriter, ReportsWriteFailuresWithThePath) {
  try {
    GraphmlWriter writer("/nonexistent-corridor-dir/x.graphml");
    FAIL() << "created a file in a missing folder";
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), "/nonexistent-corridor-dir/x.graphml");
  }
  // /dev/full accepts the open and fails every write with ENOSPC.
  GraphmlWriter writer("/dev/full");
  writer.BeginGraph(true);
  try {
    writer.Finish();
    FAIL() << "write to /dev/full reported success";
  } catch (const IoError& e) {
    EXPECT_EQ(e.path(), "/dev/full");
  }
}

// --- Round trip through networkx -----------------------------------------------------------

// Reads a GraphML file with networkx and prints its version, then one line per node and edge,
// sorted, each followed by one indented line per attribute, sorted by name: `name=type:value`.
// Floats are printed as their IEEE bit pattern so that the comparison is exact.
constexpr std::string_view kDumpScript = R"py(import struct
import sys
try:
    import networkx as nx
except ImportError as error:
    sys.stderr.write("cannot import networkx (%s): install python3-networkx, as "
                     "scripts/install-deps does\n" % error)
    sys.exit(3)

def esc(s):
    return s.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")

def value(v):
    if isinstance(v, bool):
        return "bool:" + ("true" if v else "false")
    if isinstance(v, int):
        return "int:%d" % v
    if isinstance(v, float):
        return "float:%d" % struct.unpack("<Q", struct.pack("<d", v))[0]
    if isinstance(v, str):
        return "str:" + esc(v)
    return "unexpected:" + type(v).__name__

def attrs(d):
    return "".join("\n  %s=%s" % (esc(k), value(d[k])) for k in sorted(d))

g = nx.read_graphml(sys.argv[1])
lines = ["networkx " + nx.__version__, type(g).__name__]
for n in sorted(g.nodes):
    lines.append("node " + esc(n) + attrs(g.nodes[n]))
edges = []
for u, v, d in g.edges(data=True):
    edges.append((u, v, "edge " + esc(u) + " " + esc(v) + attrs(d)))
lines += [e[2] for e in sorted(edges)]
sys.stdout.buffer.write(("\n".join(lines) + "\n").encode("utf-8"))
)py";

constexpr std::string_view kPython = "/usr/bin/python3";

struct NetworkxDump {
  std::string version;  // empty if the reader did not run
  std::string text;     // the dump after the version line

  // networkx before 3.0 skips a <data> element without text, so it loses every empty string
  // (there is no XML spelling of an empty string that its ElementTree reads as text).
  bool KeepsEmptyStrings() const { return !version.empty() && std::stoi(version) >= 3; }
};

// Runs the dump script on `graphml`; fails the test (never skips) if python3 or networkx is
// missing, since the suite promises that every export is read back by a real reader.
NetworkxDump DumpWithNetworkx(const testing::TempDir& dir, const std::string& graphml) {
  if (!std::filesystem::exists(kPython)) {
    ADD_FAILURE() << kPython << " is missing: install python3 and python3-networkx, as "
                  << "scripts/install-deps does";
    return {};
  }
  const std::string script = dir.Write("dump_graphml.py", kDumpScript);
  const testing::CommandResult result =
      testing::RunCommand(std::string(kPython) + " '" + script + "' '" + graphml + "'");
  if (result.exit_code != 0) {
    ADD_FAILURE() << "networkx could not read " << graphml << " (exit " << result.exit_code
                  << "): " << result.err;
    return {};
  }
  const std::string& text = result.out;
  const std::string_view prefix = "networkx ";
  const std::size_t end = text.find('\n');
  if (!text.starts_with(prefix) || end == std::string::npos) {
    ADD_FAILURE() << "unexpected dump: " << text;
    return {};
  }
  return {text.substr(prefix.size(), end - prefix.size()), text.substr(end + 1)};
}

// The dump line of one value as networkx types it: GraphML int and long read as Python int,
// float and double as Python float (a double: a float key's shortest text is parsed again).
std::string Expected(const GraphmlValue& value) {
  switch (value.kind()) {
    case GraphmlValue::Kind::kBool:
      return value.boolean() ? "bool:true" : "bool:false";
    case GraphmlValue::Kind::kInteger:
      return "int:" + std::to_string(value.integer());
    case GraphmlValue::Kind::kReal:
      return "float:" + std::to_string(std::bit_cast<std::uint64_t>(value.real()));
    case GraphmlValue::Kind::kString:
      return "str:" + testing::EscapeDumpText(value.text());
  }
  return {};
}

using Attributes = std::map<std::string, std::string>;  // name -> "type:value", sorted

std::string DumpLines(std::string_view head, const Attributes& attributes) {
  std::string out(head);
  for (const auto& [name, value] : attributes) out += "\n  " + name + "=" + value;
  return out + "\n";
}

// A small case graph: names with XML's specials, Arabic and Urdu script, whitespace that must
// survive, empty strings, and the extremes of every numeric type.
struct CaseGraph {
  struct Element {
    std::string a, b;  // node: id and label; edge: source and target
    std::vector<GraphmlValue> values;
  };
  std::vector<std::pair<std::string, GraphmlType>> node_keys = {
      {"label", T::kString}, {"kind", T::kString}, {"active", T::kBool}, {"degree", T::kInt},
      {"calls", T::kLong},   {"share", T::kFloat}, {"score", T::kDouble}};
  std::vector<std::pair<std::string, GraphmlType>> edge_keys = {
      {"weight", T::kDouble}, {"count", T::kLong},  {"hour", T::kInt},
      {"ratio", T::kFloat},   {"direct", T::kBool}, {"first_seen", T::kString}};
  std::vector<Element> nodes;
  std::vector<Element> edges;

  CaseGraph() {
    constexpr auto kI32 = std::numeric_limits<std::int32_t>::max();
    constexpr auto kI64 = std::numeric_limits<std::int64_t>::max();
    // String values are views: they point into these literals.
    const auto node = [&](const char* id, const char* label, const char* kind, bool active,
                          std::int32_t degree, std::int64_t calls, double share, double score) {
      nodes.push_back({id, label, {label, kind, active, degree, calls, share, score}});
    };
    // Float keys get short decimals, which read back as the same double.
    node("p1", "Muhammad \"Mo\" O'Brien & Sons <ltd>", "person", true, 3, 12, 0.1, 1.0 / 3.0);
    node("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF",
         "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF \xD8\xB9\xD9\x84\xDB\x8C", "person", false, -kI32 - 1,
         -kI64 - 1, -2.5, -0.0);
    node("\xDA\xA9\xD8\xB1\xD8\xA7\xDA\x86\xDB\x8C", "\xDA\xA9\xD8\xB1\xD8\xA7\xDA\x86\xDB\x8C",
         "place", true, kI32, kI64, 3.25e10, 5e-324);
    node("a&b<c>\"d'e", " leading and trailing ", "phone", false, 0, 0, 0.0, 1e300);
    node("tabs\tand\nlines", "line one\nline two\r\nthree\ttab", "account", true, 1, 1, 1e-3,
         -123456.789);
    node("empty", "", "", false, 7, 7, 1.0, 0.1);
    const auto edge = [&](const char* source, const char* target, double weight, std::int64_t count,
                          std::int32_t hour, double ratio, bool direct, const char* first_seen) {
      edges.push_back({source, target, {weight, count, hour, ratio, direct, first_seen}});
    };
    edge("p1", "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", 2.5, 40, 13, 0.75, true, "2024-03-10T14:05");
    edge("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", "p1", 0.1, kI64, 0, 0.5, false, "");
    edge("\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF", "\xDA\xA9\xD8\xB1\xD8\xA7\xDA\x86\xDB\x8C", 1e-9, -3,
         23, -1.25, true, "\xD9\x83\xD8\xB1\xD8\xA7\xD8\xAA\xD8\xB4\xD9\x8A");
    edge("a&b<c>\"d'e", "tabs\tand\nlines", 7.0, 1, 5, 100.0, false, "<&>\"'");
    edge("empty", "empty", 0.0, 0, 12, 0.0, true, "self loop");
  }

  // Writes the graph, with yEd graphics if asked; every node's yEd label is its label.
  void Write(const std::string& path, bool yed) const {
    GraphmlWriter writer(path, {.yed = yed});
    std::vector<GraphmlKey> node_handles, edge_handles;
    for (const auto& [name, type] : node_keys) {
      node_handles.push_back(writer.AddKey(D::kNode, name, type));
    }
    for (const auto& [name, type] : edge_keys) {
      edge_handles.push_back(writer.AddKey(D::kEdge, name, type));
    }
    writer.BeginGraph(/*directed=*/true);
    std::vector<GraphmlField> fields;
    const auto fill = [&](const std::vector<GraphmlKey>& handles, const Element& element) {
      fields.clear();
      for (std::size_t k = 0; k < handles.size(); ++k) {
        fields.push_back({handles[k], element.values[k]});
      }
    };
    for (const Element& node : nodes) {
      fill(node_handles, node);
      if (yed) {
        writer.Node(node.a, fields, {.label = node.b, .shape = YedShape::kEllipse});
      } else {
        writer.Node(node.a, fields);
      }
    }
    for (const Element& edge : edges) {
      fill(edge_handles, edge);
      writer.Edge(edge.a, edge.b, fields);
    }
    writer.Finish();
  }

  // What the dump script must print for this graph as networkx reads it back.
  std::string ExpectedDump(bool yed, bool keeps_empty_strings) const {
    const auto add = [&](Attributes& attributes, const std::string& name,
                         const GraphmlValue& value) {
      if (keeps_empty_strings || value.kind() != GraphmlValue::Kind::kString ||
          !value.text().empty()) {
        attributes[name] = Expected(value);
      }
    };
    std::string out = "DiGraph\n";
    std::vector<std::pair<std::string, std::string>> node_lines, edge_lines;
    for (const Element& node : nodes) {
      Attributes attributes;
      for (std::size_t k = 0; k < node_keys.size(); ++k) {
        add(attributes, node_keys[k].first, node.values[k]);
      }
      // networkx reads the yEd graphics as `shape_type`, and as `label` when there is one,
      // which equals the label key.
      if (yed) attributes["shape_type"] = "str:ellipse";
      node_lines.emplace_back(node.a,
                              DumpLines("node " + testing::EscapeDumpText(node.a), attributes));
    }
    for (std::size_t e = 0; e < edges.size(); ++e) {
      const Element& edge = edges[e];
      Attributes attributes;
      for (std::size_t k = 0; k < edge_keys.size(); ++k) {
        add(attributes, edge_keys[k].first, edge.values[k]);
      }
      attributes["id"] = "str:e" + std::to_string(e);  // networkx keeps the edge id
      // Sorted as Python sorts (source, target) pairs: no id holds a NUL.
      edge_lines.emplace_back(edge.a + '\0' + edge.b,
                              DumpLines("edge " + testing::EscapeDumpText(edge.a) + " " +
                                            testing::EscapeDumpText(edge.b),
                                        attributes));
    }
    std::sort(node_lines.begin(), node_lines.end());
    std::sort(edge_lines.begin(), edge_lines.end());
    for (const auto& line : node_lines) out += line.second;
    for (const auto& line : edge_lines) out += line.second;
    return out;
  }
};

TEST(GraphmlNetworkx, RoundTripKeepsEveryNodeEdgeAndAttribute) {
  const testing::TempDir dir;
  const CaseGraph graph;
  const std::string path = (dir.path() / "case.graphml").string();
  graph.Write(path, /*yed=*/false);
  const NetworkxDump dump = DumpWithNetworkx(dir, path);
  SCOPED_TRACE("networkx " + dump.version);
  EXPECT_EQ(dump.text, graph.ExpectedDump(/*yed=*/false, dump.KeepsEmptyStrings()));
}

TEST(GraphmlNetworkx, ReadsYedStyledOutput) {
  const testing::TempDir dir;
  const CaseGraph graph;
  const std::string path = (dir.path() / "case-yed.graphml").string();
  graph.Write(path, /*yed=*/true);
  const NetworkxDump dump = DumpWithNetworkx(dir, path);
  SCOPED_TRACE("networkx " + dump.version);
  EXPECT_EQ(dump.text, graph.ExpectedDump(/*yed=*/true, dump.KeepsEmptyStrings()));
}

}  // namespace
}  // namespace corridor
