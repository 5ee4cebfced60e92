#include "engine/chart.h"

#include <graphviz/cgraph.h>
#include <graphviz/gvc.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <mutex>
#include <string_view>
#include <unordered_set>

#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "engine/graphml_writer.h"
#include "engine/sha256.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

struct TypeStyle {
  const char* shape;   // Graphviz node shape
  std::uint32_t fill;  // 0xRRGGBB
};

// Each type keeps the hue it has in the run's network.graphml (Tableau 10, cli/analyse_outputs),
// in its light partner from Tableau 20 so that black labels stay readable on it. Shapes differ
// as well, so a chart printed in black and white still tells the types apart.
constexpr std::array<TypeStyle, kEntityTypeCount> kTypeStyles = {{
    {"ellipse", 0xA0CBE8},        // person: light blue
    {"box", 0xFFBE7D},            // phone: light orange
    {"hexagon", 0xFF9D9A},        // account: light red
    {"note", 0x86BCB6},           // document: light teal, a page with a folded corner
    {"house", 0x8CD17D},          // place: light green
    {"doubleoctagon", 0xF1CE63},  // organisation: light yellow
}};

const TypeStyle& StyleOf(EntityType type) { return kTypeStyles[static_cast<std::size_t>(type)]; }

std::string HexColour(std::uint32_t rgb) {
  char text[8];
  std::snprintf(text, sizeof text, "#%06X", static_cast<unsigned>(rgb));
  return text;
}

std::string Lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string Joined(const std::vector<std::string>& lines, std::string_view separator) {
  std::string joined;
  for (const std::string& line : lines) {
    if (!joined.empty()) joined += separator;
    joined += line;
  }
  return joined;
}

std::string DisplayLabel(const ChartNode& node) {
  return node.label.empty() ? node.id : node.label;
}

// "2023-01-04..2023-05-06", one date when both ends agree, "?" for an unknown end, empty when
// no event had a time.
std::string DateRange(const ChartLink& link) {
  if (!link.first_seen.known() && !link.last_seen.known()) return {};
  const std::string first = link.first_seen.known() ? link.first_seen.ToIso() : "?";
  const std::string last = link.last_seen.known() ? link.last_seen.ToIso() : "?";
  return first == last ? first : first + ".." + last;
}

// What a drawn link says, one line each: "called ×3", the date range, the amount.
std::vector<std::string> LinkLabelLines(const ChartLink& link) {
  std::vector<std::string> lines = {Lower(LinkTypeName(link.type)) + " \u00D7" +
                                    std::to_string(link.count)};
  if (std::string range = DateRange(link); !range.empty()) lines.push_back(std::move(range));
  if (!link.amount.empty()) lines.push_back(link.amount);
  return lines;
}

std::string ValidUtf8(std::string_view text) {
  std::string repaired;
  if (IsValidUtf8(text)) return std::string(text);
  AppendRepairedUtf8(text, repaired);
  return repaired;
}

void CheckUniqueIds(const Chart& chart) {
  std::unordered_set<std::string_view> ids;
  ids.reserve(chart.nodes.size());
  for (std::size_t i = 0; i < chart.nodes.size(); ++i) {
    const std::string& id = chart.nodes[i].id;
    if (id.empty()) throw InternalError("chart: node " + std::to_string(i) + " has an empty id");
    if (!ids.insert(id).second) {
      throw InternalError("chart: node " + std::to_string(i) + " repeats the id '" + id + "'");
    }
  }
}

void CheckEvidence(const std::vector<std::string>& evidence, const std::string& what) {
  if (evidence.empty()) throw InternalError("chart: " + what + " has no evidence");
  for (const std::string& citation : evidence) {
    if (citation.empty()) throw InternalError("chart: " + what + " has an empty citation");
  }
}

ChartFile WriteCsv(const Chart& chart, const std::filesystem::path& out) {
  CsvWriter csv(out.string());
  for (const char* header :
       {"entity1_id", "entity1_type", "entity1_label", "link_type", "entity2_id", "entity2_type",
        "entity2_label", "first_seen", "last_seen", "count", "amount", "evidence"}) {
    csv.Field(header);
  }
  csv.EndRow();
  std::vector<bool> linked(chart.nodes.size(), false);
  for (const ChartLink& link : chart.links) {
    const ChartNode& a = chart.nodes[link.source];
    const ChartNode& b = chart.nodes[link.target];
    linked[link.source] = linked[link.target] = true;
    csv.Field(a.id);
    csv.Field(EntityTypeName(a.type));
    csv.Field(DisplayLabel(a));
    csv.Field(LinkTypeName(link.type));
    csv.Field(b.id);
    csv.Field(EntityTypeName(b.type));
    csv.Field(DisplayLabel(b));
    csv.Field(link.first_seen.ToIso());
    csv.Field(link.last_seen.ToIso());
    csv.Field(std::uint64_t{link.count});
    csv.Field(link.amount);
    csv.Field(Joined(link.evidence, "; "));
    csv.EndRow();
  }
  // A node on no link would otherwise vanish from the import: it gets an entity-only row (the
  // link and entity 2 columns empty) citing its own evidence.
  for (std::size_t i = 0; i < chart.nodes.size(); ++i) {
    if (linked[i]) continue;
    const ChartNode& node = chart.nodes[i];
    csv.Field(node.id);
    csv.Field(EntityTypeName(node.type));
    csv.Field(DisplayLabel(node));
    for (int empty = 0; empty < 8; ++empty) csv.Field(std::string_view());
    csv.Field(Joined(node.evidence, "; "));
    csv.EndRow();
  }
  csv.Close();
  return {csv.bytes(), csv.sha256_hex()};
}

// networkx before 3.0 drops empty strings on reading, so every text attribute has a value:
// an unknown date is "unknown", a missing amount "none".
ChartFile WriteGraphml(const Chart& chart, const std::filesystem::path& out) {
  using D = GraphmlDomain;
  using T = GraphmlType;
  GraphmlWriter graphml(out.string());
  const GraphmlKey node_type = graphml.AddKey(D::kNode, "type", T::kString);
  const GraphmlKey node_label = graphml.AddKey(D::kNode, "label", T::kString);
  const GraphmlKey focus = graphml.AddKey(D::kNode, "focus", T::kBool);
  const GraphmlKey node_evidence = graphml.AddKey(D::kNode, "evidence", T::kString);
  const GraphmlKey node_evidence_count = graphml.AddKey(D::kNode, "evidence_count", T::kLong);
  const GraphmlKey red = graphml.AddKey(D::kNode, "r", T::kInt);
  const GraphmlKey green = graphml.AddKey(D::kNode, "g", T::kInt);
  const GraphmlKey blue = graphml.AddKey(D::kNode, "b", T::kInt);
  const GraphmlKey link_type = graphml.AddKey(D::kEdge, "type", T::kString);
  const GraphmlKey link_label = graphml.AddKey(D::kEdge, "label", T::kString);
  const GraphmlKey count = graphml.AddKey(D::kEdge, "count", T::kLong);
  const GraphmlKey first_seen = graphml.AddKey(D::kEdge, "first_seen", T::kString);
  const GraphmlKey last_seen = graphml.AddKey(D::kEdge, "last_seen", T::kString);
  const GraphmlKey amount = graphml.AddKey(D::kEdge, "amount", T::kString);
  const GraphmlKey link_evidence = graphml.AddKey(D::kEdge, "evidence", T::kString);
  const GraphmlKey link_evidence_count = graphml.AddKey(D::kEdge, "evidence_count", T::kLong);
  graphml.BeginGraph(/*directed=*/true);

  for (const ChartNode& node : chart.nodes) {
    const std::string label = DisplayLabel(node);
    const std::string evidence = Joined(node.evidence, "; ");
    const std::uint32_t fill = StyleOf(node.type).fill;
    const GraphmlField fields[] = {
        {node_type, EntityTypeName(node.type)},
        {node_label, label},
        {focus, node.focus},
        {node_evidence, evidence},
        {node_evidence_count, static_cast<std::int64_t>(node.evidence.size())},
        {red, static_cast<int>((fill >> 16) & 0xFF)},
        {green, static_cast<int>((fill >> 8) & 0xFF)},
        {blue, static_cast<int>(fill & 0xFF)},
    };
    graphml.Node(node.id, fields);
  }
  for (const ChartLink& link : chart.links) {
    const std::string label = Joined(LinkLabelLines(link), ", ");
    const std::string first = link.first_seen.known() ? link.first_seen.ToIso() : "unknown";
    const std::string last = link.last_seen.known() ? link.last_seen.ToIso() : "unknown";
    const std::string evidence = Joined(link.evidence, "; ");
    const GraphmlField fields[] = {
        {link_type, LinkTypeName(link.type)},
        {link_label, label},
        {count, link.count},
        {first_seen, first},
        {last_seen, last},
        {amount, link.amount.empty() ? std::string_view("none") : std::string_view(link.amount)},
        {link_evidence, evidence},
        {link_evidence_count, static_cast<std::int64_t>(link.evidence.size())},
    };
    graphml.Edge(chart.nodes[link.source].id, chart.nodes[link.target].id, fields);
  }
  graphml.Finish();
  return {graphml.bytes(), graphml.sha256_hex()};
}

// --- Graphviz ------------------------------------------------------------------------------

// A character XML 1.0 cannot carry (and no label should hold) becomes U+FFFD.
bool IsControl(char c) {
  const auto byte = static_cast<unsigned char>(c);
  return byte < 0x20 || byte == 0x7F;
}

// A plain (non-HTML) Graphviz label. Graphviz reads backslash escapes in labels (\n, \l, \N for
// the node's name, ...) and decodes HTML entities (&amp; becomes &), so a backslash is doubled
// and & becomes &amp;; a line break becomes \n (a centred line), a tab a space.
std::string PlainLabel(std::string_view raw) {
  const std::string text = ValidUtf8(raw);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '&') {
      out += "&amp;";
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      out += "\\n";
    } else if (c == '\t') {
      out += ' ';
    } else if (IsControl(c)) {
      out += "\uFFFD";
    } else {
      out += c;
    }
  }
  return out;
}

// Text inside a Graphviz HTML-like label: XML escaping, and <BR/> for a line break.
std::string HtmlText(std::string_view raw) {
  const std::string text = ValidUtf8(raw);
  std::string out;
  out.reserve(text.size() + 8);
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\r':
      case '\n':
        if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
        out += "<BR/>";
        break;
      case '\t':
        out += ' ';
        break;
      default:
        if (IsControl(c)) {
          out += "\uFFFD";
        } else {
          out += c;
        }
    }
  }
  return out;
}

// The graph label below the drawing: the title, a legend of the entity types present (shape
// and fill), how to read emphasis and link labels, then the footer. One HTML table, because
// Graphviz places a graph label below every layout engine's drawing, whereas legend nodes
// would be laid out among the entities by neato and sfdp (which ignore clusters).
std::string LegendLabel(const Chart& chart) {
  std::array<bool, kEntityTypeCount> present{};
  for (const ChartNode& node : chart.nodes) present[static_cast<std::size_t>(node.type)] = true;
  std::string types;
  std::size_t columns = 0;
  for (std::size_t t = 0; t < present.size(); ++t) {
    if (!present[t]) continue;
    const TypeStyle& style = kTypeStyles[t];
    types += "<TD BORDER=\"1\" BGCOLOR=\"" + HexColour(style.fill) + "\">" +
             HtmlText(EntityTypeName(static_cast<EntityType>(t))) + "</TD><TD ALIGN=\"LEFT\">" +
             style.shape + "</TD>";
    columns += 2;
  }
  const std::string span = std::to_string(std::max<std::size_t>(columns, 1));
  std::string html = "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"4\">";
  if (!chart.title.empty()) {
    html += "<TR><TD COLSPAN=\"" + span + "\"><FONT POINT-SIZE=\"18\"><B>" + HtmlText(chart.title) +
            "</B></FONT></TD></TR>";
  }
  if (columns > 0) html += "<TR>" + types + "</TR>";
  html += "<TR><TD COLSPAN=\"" + span +
          "\">Bold outline: focus entity. Link label: type \u00D7 events, first..last seen, "
          "amount.</TD></TR>";
  if (!chart.footer.empty()) {
    html += "<TR><TD COLSPAN=\"" + span + "\"><FONT POINT-SIZE=\"10\">" + HtmlText(chart.footer) +
            "</FONT></TD></TR>";
  }
  html += "</TABLE>";
  return html;
}

const char* GraphvizFormat(ChartFormat format) {
  switch (format) {
    case ChartFormat::kSvg:
      return "svg";  // Graphviz's own SVG writer: text stays text, output is deterministic
    case ChartFormat::kPdf:
      return "pdf";  // cairo, through the pango plugin
    case ChartFormat::kDot:
      return "dot";  // DOT with the computed positions: `neato -n2` redraws the same picture
    case ChartFormat::kGraphml:
    case ChartFormat::kCsv:
      break;
  }
  throw InternalError("chart: format is not drawn by Graphviz");
}

// cgraph takes `char*` for names and values it only reads (it copies them into its own
// string pool).
char* Chars(const std::string& text) { return const_cast<char*>(text.c_str()); }
char* Chars(const char* text) { return const_cast<char*>(text); }

struct GraphDeleter {
  void operator()(Agraph_t* graph) const { agclose(graph); }
};
struct RenderDataDeleter {
  void operator()(char* data) const { gvFreeRenderData(data); }
};

// Frees a layout on every path out, including exceptions.
class LayoutGuard {
 public:
  LayoutGuard(GVC_t* context, Agraph_t* graph) : context_(context), graph_(graph) {}
  ~LayoutGuard() { gvFreeLayout(context_, graph_); }
  LayoutGuard(const LayoutGuard&) = delete;
  LayoutGuard& operator=(const LayoutGuard&) = delete;

 private:
  GVC_t* context_;
  Agraph_t* graph_;
};

// Graphviz keeps global state (its error handler, the layout engines' statics), so one drawing
// is made at a time; `graphviz_messages` collects its warnings and errors while the lock is held
// instead of letting it print them: library code does not print.
std::mutex graphviz_mutex;
std::string* graphviz_messages = nullptr;

int CollectGraphvizMessage(char* message) {
  if (graphviz_messages != nullptr) graphviz_messages->append(message);
  return 0;
}

class GraphvizMessages {
 public:
  GraphvizMessages() : previous_(agseterrf(CollectGraphvizMessage)) { graphviz_messages = &text_; }
  ~GraphvizMessages() {
    graphviz_messages = nullptr;
    agseterrf(previous_);
  }
  GraphvizMessages(const GraphvizMessages&) = delete;
  GraphvizMessages& operator=(const GraphvizMessages&) = delete;

  const std::string& text() const { return text_; }

 private:
  agusererrf previous_;
  std::string text_;
};

// One Graphviz context for the process, created on first use (under graphviz_mutex) and never
// freed. Graphviz 2.43's pango plugin remembers the last font it measured by a pointer into
// the context's font table and compares against it on its next call, so once a context is
// freed (gvFreeContext) the next drawing reads freed memory (AddressSanitizer reports it).
// The context is small (loaded plugin list, font table) and stays reachable, so the leak
// checker has nothing to report either.
GVC_t* SharedContext() {
  static GVC_t* const context = gvContext();
  return context;
}

// Declares an attribute with its default for every object of `kind` (AGRAPH, AGNODE, AGEDGE).
Agsym_t* Attribute(Agraph_t* graph, int kind, const char* name, const std::string& fallback) {
  return agattr(graph, kind, Chars(name), Chars(fallback));
}

void SetHtml(Agraph_t* graph, void* object, Agsym_t* attribute, const std::string& html) {
  // agxset copies through the string pool, which finds this HTML-flagged copy by content.
  char* value = agstrdup_html(graph, Chars(html));
  agxset(object, attribute, value);
  agstrfree(graph, value);
}

std::string Number(std::uint64_t value) { return std::to_string(value); }

ChartFile WriteBytes(const std::filesystem::path& out, std::string_view bytes) {
  const std::string path = out.string();
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) throw IoError(path, std::string("cannot create: ") + std::strerror(errno));
  const bool written = std::fwrite(bytes.data(), 1, bytes.size(), file) == bytes.size();
  const int write_errno = errno;
  const bool closed = std::fclose(file) == 0;
  if (!written || !closed) {
    throw IoError(path,
                  std::string("cannot write: ") + std::strerror(written ? errno : write_errno));
  }
  return {bytes.size(), Sha256::HexOf(bytes)};
}

ChartFile WriteDrawing(const Chart& chart, const std::filesystem::path& out, ChartFormat format,
                       const ChartOptions& options) {
  const char* engine = nullptr;
  switch (options.layout) {
    case ChartLayout::kAuto:
      engine = chart.nodes.size() <= kNeatoMaxNodes ? "neato" : "sfdp";
      break;
    case ChartLayout::kNeato:
      engine = "neato";
      break;
    case ChartLayout::kSfdp:
      engine = "sfdp";
      break;
  }

  const std::lock_guard<std::mutex> lock(graphviz_mutex);
  const GraphvizMessages messages;
  const auto failure = [&](const std::string& what) {
    return InternalError("chart: Graphviz failed to " + what + " " + out.string() +
                         (messages.text().empty() ? "" : ": " + messages.text()));
  };

  GVC_t* const context = SharedContext();
  if (context == nullptr) throw failure("start for");
  const std::unique_ptr<Agraph_t, GraphDeleter> graph(agopen(Chars("chart"), Agdirected, nullptr));
  if (graph == nullptr) throw failure("create the graph of");
  Agraph_t* g = graph.get();

  // Graph attributes. Splines are straight lines: routing them around nodes (splines=true or
  // curved) took 95 s for 300 nodes and 600 links against 0.6 s for the whole drawing.
  // overlap=prism removes node overlaps after the layout while keeping its shape.
  // outputorder=edgesfirst draws nodes over lines, so crossing lines never hide a label.
  agattr(g, AGRAPH, Chars("charset"), Chars("UTF-8"));
  agattr(g, AGRAPH, Chars("fontname"), Chars("DejaVu Sans"));
  agattr(g, AGRAPH, Chars("overlap"), Chars("prism"));
  agattr(g, AGRAPH, Chars("splines"), Chars("false"));
  agattr(g, AGRAPH, Chars("outputorder"), Chars("edgesfirst"));
  agattr(g, AGRAPH, Chars("start"), Chars(Number(options.seed)));
  agattr(g, AGRAPH, Chars("pad"), Chars("0.3"));
  agattr(g, AGRAPH, Chars("labelloc"), Chars("b"));
  SetHtml(g, g, Attribute(g, AGRAPH, "label", ""), LegendLabel(chart));

  Attribute(g, AGNODE, "fontname", "DejaVu Sans");
  Attribute(g, AGNODE, "fontsize", "10");
  Attribute(g, AGNODE, "color", "#555555");
  Agsym_t* shape = Attribute(g, AGNODE, "shape", "ellipse");
  Agsym_t* fill = Attribute(g, AGNODE, "fillcolor", "white");
  Agsym_t* node_label = Attribute(g, AGNODE, "label", "\\N");
  Agsym_t* penwidth = Attribute(g, AGNODE, "penwidth", "1");
  Agsym_t* style = Attribute(g, AGNODE, "style", "filled");

  Attribute(g, AGEDGE, "fontname", "DejaVu Sans");
  Attribute(g, AGEDGE, "fontsize", "8");
  Attribute(g, AGEDGE, "color", "#666666");
  Attribute(g, AGEDGE, "fontcolor", "#333333");
  Attribute(g, AGEDGE, "arrowsize", "0.6");
  Agsym_t* edge_label = Attribute(g, AGEDGE, "label", "");

  // Graphviz names are the chart's indices ("n0", "n1", ...): they show in the SVG's <title>
  // elements, which Graphviz escapes less carefully than labels, and a chart's ids are text.
  std::vector<Agnode_t*> nodes(chart.nodes.size());
  for (std::size_t i = 0; i < chart.nodes.size(); ++i) {
    const ChartNode& node = chart.nodes[i];
    Agnode_t* n = agnode(g, Chars("n" + Number(i)), 1);
    if (n == nullptr) throw failure("add a node to");
    nodes[i] = n;
    const TypeStyle& type_style = StyleOf(node.type);
    // The id goes under the name so that a node can be found in the CSV and GraphML exports.
    std::string label = PlainLabel(DisplayLabel(node));
    if (!node.label.empty() && node.label != node.id) label += "\\n" + PlainLabel(node.id);
    agxset(n, node_label, Chars(label));
    agxset(n, shape, Chars(type_style.shape));
    agxset(n, fill, Chars(HexColour(type_style.fill)));
    if (node.focus) {
      agxset(n, penwidth, Chars("3"));
      agxset(n, style, Chars("filled,bold"));
    }
  }
  for (const ChartLink& link : chart.links) {
    Agedge_t* e = agedge(g, nodes[link.source], nodes[link.target], nullptr, 1);
    if (e == nullptr) throw failure("add a link to");
    std::string label;
    for (const std::string& line : LinkLabelLines(link)) {
      if (!label.empty()) label += "\\n";
      label += PlainLabel(line);
    }
    agxset(e, edge_label, Chars(label));
  }

  // Graphviz seeds drand48 from `start`, but sfdp's coarsening also draws from rand(), which
  // nothing reseeds: without this a second sfdp drawing in one process differs from the first.
  // Graphviz is the only user of either generator in Corridor (the house style forbids global
  // generators), and the lock keeps other drawings out meanwhile.
  std::srand(options.seed);
  if (gvLayout(context, g, engine) != 0) throw failure(std::string("lay out (") + engine + ")");
  const LayoutGuard layout(context, g);
  char* data = nullptr;
  unsigned int length = 0;
  const int rendered = gvRenderData(context, g, GraphvizFormat(format), &data, &length);
  const std::unique_ptr<char, RenderDataDeleter> owned(data);
  if (rendered != 0 || data == nullptr) throw failure("render");
  return WriteBytes(out, std::string_view(data, length));
}

}  // namespace

std::optional<ChartFormat> ChartFormatFromPath(const std::filesystem::path& path) {
  const std::string extension = Lower(path.extension().string());
  if (extension == ".graphml") return ChartFormat::kGraphml;
  if (extension == ".svg") return ChartFormat::kSvg;
  if (extension == ".pdf") return ChartFormat::kPdf;
  if (extension == ".csv") return ChartFormat::kCsv;
  if (extension == ".dot" || extension == ".gv") return ChartFormat::kDot;
  return std::nullopt;
}

void ValidateChart(const Chart& chart) {
  CheckUniqueIds(chart);
  for (std::size_t i = 0; i < chart.nodes.size(); ++i) {
    CheckEvidence(chart.nodes[i].evidence, "node '" + chart.nodes[i].id + "'");
  }
  const std::size_t n = chart.nodes.size();
  for (std::size_t i = 0; i < chart.links.size(); ++i) {
    const ChartLink& link = chart.links[i];
    const std::string what = "link " + std::to_string(i);
    if (link.source >= n || link.target >= n) {
      throw InternalError("chart: " + what + " names node " +
                          std::to_string(std::max(link.source, link.target)) + " of " +
                          std::to_string(n));
    }
    CheckEvidence(link.evidence, what);
    if (link.count == 0) throw InternalError("chart: " + what + " has count 0");
    if (link.first_seen.known() && link.last_seen.known() && link.last_seen < link.first_seen) {
      throw InternalError("chart: " + what + " is last seen (" + link.last_seen.ToIso() +
                          ") before it is first seen (" + link.first_seen.ToIso() + ")");
    }
  }
}

ChartFile WriteChart(const Chart& chart, const std::filesystem::path& out, ChartFormat format,
                     const ChartOptions& options) {
  ValidateChart(chart);
  switch (format) {
    case ChartFormat::kCsv:
      return WriteCsv(chart, out);
    case ChartFormat::kGraphml:
      return WriteGraphml(chart, out);
    case ChartFormat::kSvg:
    case ChartFormat::kPdf:
    case ChartFormat::kDot:
      return WriteDrawing(chart, out, format, options);
  }
  throw InternalError("chart: unknown format");
}

}  // namespace corridor
