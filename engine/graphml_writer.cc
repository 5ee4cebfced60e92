#include "engine/graphml_writer.h"

#include <array>
#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>
#include <utility>

#include "engine/errors.h"
#include "engine/utf8.h"

namespace corridor {
namespace {

constexpr std::size_t kFlushBytes = std::size_t{1} << 20;
constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD

constexpr std::string_view kHeader =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\""
    " xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
constexpr std::string_view kPlainSchema =
    " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
    " http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n";
// yEd writes its own files against this schema, which extends GraphML with the y: elements.
constexpr std::string_view kYedSchema =
    " xmlns:y=\"http://www.yworks.com/xml/graphml\""
    " xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns"
    " http://www.yworks.com/xml/schema/graphml/1.1/ygraphml.xsd\">\n";
constexpr std::string_view kYedKeys =
    "  <key id=\"ng\" for=\"node\" yfiles.type=\"nodegraphics\"/>\n"
    "  <key id=\"eg\" for=\"edge\" yfiles.type=\"edgegraphics\"/>\n";

// Bytes that the escaping loop must look at: controls, XML's five specials, and non-ASCII
// (for UTF-8 repair and U+FFFE/U+FFFF). Everything else is copied in runs.
constexpr std::array<bool, 256> kSpecialBytes = [] {
  std::array<bool, 256> special{};
  for (int b = 0; b < 0x20; ++b) special[b] = true;
  for (int b = 0x80; b < 0x100; ++b) special[b] = true;
  for (const char c : std::string_view("&<>\"'")) special[static_cast<unsigned char>(c)] = true;
  return special;
}();

// Appends `text` escaped for use both as element content and inside a double-quoted attribute.
void AppendEscaped(std::string& out, std::string_view text) {
  std::size_t run = 0;
  bool utf8_checked = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (!kSpecialBytes[byte]) continue;
    if (byte >= 0x80) {
      if (!utf8_checked) {
        utf8_checked = true;
        // Everything before i is ASCII, so the rest decides validity; repair is rare and may
        // allocate.
        if (!IsValidUtf8(text.substr(i))) {
          out.append(text.substr(run, i - run));
          std::string repaired;
          AppendRepairedUtf8(text.substr(i), repaired);
          AppendEscaped(out, repaired);
          return;
        }
      }
      // U+FFFE and U+FFFF are valid UTF-8 but not XML characters.
      if (byte == 0xEF && i + 2 < text.size() && static_cast<unsigned char>(text[i + 1]) == 0xBF &&
          static_cast<unsigned char>(text[i + 2]) >= 0xBE) {
        out.append(text.substr(run, i - run));
        out.append(kReplacement);
        i += 2;
        run = i + 1;
      }
      continue;
    }
    out.append(text.substr(run, i - run));
    run = i + 1;
    switch (byte) {
      case '&':
        out.append("&amp;");
        break;
      case '<':
        out.append("&lt;");
        break;
      case '>':
        out.append("&gt;");
        break;
      case '"':
        out.append("&quot;");
        break;
      case '\'':
        out.append("&apos;");
        break;
      case '\t':
        out.append("&#9;");
        break;
      case '\n':
        out.append("&#10;");
        break;
      case '\r':
        out.append("&#13;");
        break;
      default:  // other C0 controls: not representable in XML 1.0, even as references
        out.append(kReplacement);
        break;
    }
  }
  out.append(text.substr(run));
}

template <typename T>
void AppendNumber(std::string& out, T value) {
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  out.append(digits, result.ptr);
}

std::string_view TypeName(GraphmlType type) {
  switch (type) {
    case GraphmlType::kBool:
      return "boolean";
    case GraphmlType::kInt:
      return "int";
    case GraphmlType::kLong:
      return "long";
    case GraphmlType::kFloat:
      return "float";
    case GraphmlType::kDouble:
      return "double";
    case GraphmlType::kString:
      return "string";
  }
  throw InternalError("GraphmlWriter: unknown attribute type");
}

std::string_view DomainName(GraphmlDomain domain) {
  return domain == GraphmlDomain::kNode ? "node" : "edge";
}

std::string_view ShapeName(YedShape shape) {
  switch (shape) {
    case YedShape::kRectangle:
      return "rectangle";
    case YedShape::kRoundRectangle:
      return "roundrectangle";
    case YedShape::kEllipse:
      return "ellipse";
    case YedShape::kDiamond:
      return "diamond";
    case YedShape::kTriangle:
      return "triangle";
    case YedShape::kHexagon:
      return "hexagon";
    case YedShape::kOctagon:
      return "octagon";
    case YedShape::kParallelogram:
      return "parallelogram";
    case YedShape::kTrapezoid:
      return "trapezoid";
  }
  throw InternalError("GraphmlWriter: unknown yEd shape");
}

GraphmlValue::Kind KindFor(GraphmlType type) {
  switch (type) {
    case GraphmlType::kBool:
      return GraphmlValue::Kind::kBool;
    case GraphmlType::kInt:
    case GraphmlType::kLong:
      return GraphmlValue::Kind::kInteger;
    case GraphmlType::kFloat:
    case GraphmlType::kDouble:
      return GraphmlValue::Kind::kReal;
    case GraphmlType::kString:
      return GraphmlValue::Kind::kString;
  }
  throw InternalError("GraphmlWriter: unknown attribute type");
}

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsAsciiDigit(char c) { return c >= '0' && c <= '9'; }

// Why a key name is refused, or empty if it is acceptable (see AddKey).
std::string_view KeyNameProblem(std::string_view name) {
  if (name.empty()) return "empty key name";
  if (!IsAsciiLetter(name.front()) && name.front() != '_') {
    return "key name must start with an ASCII letter or '_'";
  }
  for (const char c : name) {
    if (!IsAsciiLetter(c) && !IsAsciiDigit(c) && c != '_' && c != '-' && c != '.') {
      return "key name may hold only ASCII letters, digits, '_', '-' and '.'";
    }
  }
  if (name == "id" || name == "ng" || name == "eg") return "key name is reserved";
  if (name.size() > 1 && name.front() == 'd' &&
      name.find_first_not_of("0123456789", 1) == std::string_view::npos) {
    return "key name d<digits> is reserved: importers read numbered ids specially";
  }
  return {};
}

}  // namespace

GraphmlWriter::GraphmlWriter(std::string path, GraphmlWriterOptions options)
    : path_(std::move(path)), options_(options) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) throw IoError(path_, std::string("cannot create: ") + std::strerror(errno));
  buffer_.reserve(kFlushBytes + 4096);
}

GraphmlWriter::~GraphmlWriter() {
  if (file_ == nullptr) return;
  if (!buffer_.empty()) {
    // Best effort, errors ignored: the document is incomplete whatever happens here.
    [[maybe_unused]] const std::size_t written =
        std::fwrite(buffer_.data(), 1, buffer_.size(), file_);
  }
  std::fclose(file_);
}

GraphmlKey GraphmlWriter::AddKey(GraphmlDomain domain, std::string_view name, GraphmlType type) {
  if (state_ != State::kKeys) throw InternalError("GraphmlWriter: AddKey after BeginGraph");
  const std::string_view problem = KeyNameProblem(name);
  if (!problem.empty()) {
    throw InvalidInput(path_, InvalidInput::kNoLine, std::string(name), std::string(problem));
  }
  for (const Key& key : keys_) {
    if (key.name == name && key.domain == domain) {
      throw InvalidInput(path_, InvalidInput::kNoLine, std::string(name), "key declared twice");
    }
  }
  // A name the other domain already has: its edge key takes the id edge_<name>.
  Key* twin = nullptr;
  for (Key& key : keys_) {
    if (key.name == name) twin = &key;
  }
  std::string id(name);
  if (twin != nullptr && domain == GraphmlDomain::kEdge) id = "edge_" + id;
  const std::string twin_id = twin == nullptr                  ? std::string()
                              : domain == GraphmlDomain::kNode ? "edge_" + twin->name
                                                               : twin->id;
  for (const Key& key : keys_) {
    const std::string& other = &key == twin ? twin_id : key.id;
    if (other == id || (twin != nullptr && &key != twin && key.id == twin_id)) {
      throw InvalidInput(path_, InvalidInput::kNoLine, std::string(name),
                         "key id '" + other + "' would be used twice");
    }
  }
  if (twin != nullptr) twin->id = twin_id;
  keys_.push_back({std::string(name), std::move(id), domain, type});
  seen_.push_back(0);
  ++(domain == GraphmlDomain::kNode ? node_keys_ : edge_keys_);
  return GraphmlKey{static_cast<std::uint32_t>(keys_.size() - 1)};
}

void GraphmlWriter::BeginGraph(bool directed) {
  if (state_ != State::kKeys) throw InternalError("GraphmlWriter: BeginGraph called twice");
  state_ = State::kNodes;
  directed_ = directed;
  buffer_.append(kHeader);
  buffer_.append(options_.yed ? kYedSchema : kPlainSchema);
  for (const Key& key : keys_) {
    // Names are validated ASCII XML names: no escaping needed.
    buffer_.append("  <key id=\"").append(key.id);
    buffer_.append("\" for=\"").append(DomainName(key.domain));
    buffer_.append("\" attr.name=\"").append(key.name);
    buffer_.append("\" attr.type=\"").append(TypeName(key.type)).append("\"/>\n");
  }
  if (options_.yed) buffer_.append(kYedKeys);
  buffer_.append("  <graph id=\"G\" edgedefault=\"");
  buffer_.append(directed ? "directed" : "undirected").append("\">\n");
  MaybeFlush();
}

std::string GraphmlWriter::Describe(GraphmlDomain domain, std::string_view node_id) const {
  if (domain == GraphmlDomain::kNode) return "node '" + std::string(node_id) + "'";
  return "edge e" + std::to_string(edges_);
}

void GraphmlWriter::CheckValues(GraphmlDomain domain, std::string_view node_id,
                                std::span<const GraphmlField> values) {
  const auto describe = [&] { return Describe(domain, node_id); };
  ++stamp_;
  for (const GraphmlField& field : values) {
    if (field.key.index >= keys_.size()) {
      throw InternalError("GraphmlWriter: unknown key handle for " + describe());
    }
    const Key& key = keys_[field.key.index];
    if (key.domain != domain) {
      throw InternalError("GraphmlWriter: key '" + key.name + "' is declared for " +
                          std::string(DomainName(key.domain)) + "s, given for " + describe());
    }
    if (field.value.kind() != KindFor(key.type)) {
      throw InternalError("GraphmlWriter: value of the wrong type for key '" + key.name + "' (" +
                          std::string(TypeName(key.type)) + ") of " + describe());
    }
    if (seen_[field.key.index] == stamp_) {
      throw InternalError("GraphmlWriter: two values for key '" + key.name + "' of " + describe());
    }
    seen_[field.key.index] = stamp_;
    const auto refuse = [&](const std::string& reason) {
      throw InvalidInput(path_, InvalidInput::kNoLine, key.name, reason + " for " + describe());
    };
    if (key.type == GraphmlType::kInt &&
        (field.value.integer() < std::numeric_limits<std::int32_t>::min() ||
         field.value.integer() > std::numeric_limits<std::int32_t>::max())) {
      refuse("value outside the 32-bit range of GraphML int");
    }
    if (key.type == GraphmlType::kFloat || key.type == GraphmlType::kDouble) {
      const double real = field.value.real();
      if (!std::isfinite(real))
        refuse("NaN or infinite value: no spelling of it reads back everywhere");
      if (key.type == GraphmlType::kFloat && std::fabs(real) > std::numeric_limits<float>::max()) {
        refuse("value beyond the range of GraphML float");
      }
    }
  }
  const std::uint32_t expected = domain == GraphmlDomain::kNode ? node_keys_ : edge_keys_;
  if (values.size() != expected) {
    for (std::size_t k = 0; k < keys_.size(); ++k) {
      if (keys_[k].domain == domain && seen_[k] != stamp_) {
        throw InternalError("GraphmlWriter: no value for key '" + keys_[k].name + "' of " +
                            describe());
      }
    }
  }
}

void GraphmlWriter::WriteValues(std::span<const GraphmlField> values) {
  for (const GraphmlField& field : values) {
    const Key& key = keys_[field.key.index];
    buffer_.append("      <data key=\"").append(key.id).append("\">");
    switch (key.type) {
      case GraphmlType::kBool:
        buffer_.append(field.value.boolean() ? "true" : "false");
        break;
      case GraphmlType::kInt:
      case GraphmlType::kLong:
        AppendNumber(buffer_, field.value.integer());
        break;
      case GraphmlType::kFloat:
        // The shortest text that reads back as the same float, not the double's digits.
        AppendNumber(buffer_, static_cast<float>(field.value.real()));
        break;
      case GraphmlType::kDouble:
        AppendNumber(buffer_, field.value.real());
        break;
      case GraphmlType::kString:
        AppendEscaped(buffer_, field.value.text());
        break;
    }
    buffer_.append("</data>\n");
  }
}

void GraphmlWriter::Node(std::string_view id, std::span<const GraphmlField> values) {
  if (options_.yed) throw InternalError("GraphmlWriter: yEd output needs a style for each node");
  WriteNode(id, values, nullptr);
}

void GraphmlWriter::Node(std::string_view id, std::span<const GraphmlField> values,
                         const YedNodeStyle& style) {
  if (!options_.yed) throw InternalError("GraphmlWriter: yEd style given without the yEd option");
  if (style.fill_rgb > 0xFFFFFF) throw InternalError("GraphmlWriter: fill colour above 0xFFFFFF");
  WriteNode(id, values, &style);
}

void GraphmlWriter::WriteNode(std::string_view id, std::span<const GraphmlField> values,
                              const YedNodeStyle* style) {
  if (state_ == State::kKeys) throw InternalError("GraphmlWriter: Node before BeginGraph");
  if (state_ != State::kNodes) throw InternalError("GraphmlWriter: Node after Edge or Finish");
  if (id.empty()) throw InvalidInput(path_, "empty node id");
  CheckValues(GraphmlDomain::kNode, id, values);
  buffer_.append("    <node id=\"");
  AppendEscaped(buffer_, id);
  buffer_.append("\">\n");
  WriteValues(values);
  if (style != nullptr) {
    buffer_.append("      <data key=\"ng\"><y:ShapeNode><y:Fill color=\"#");
    constexpr std::string_view kHex = "0123456789ABCDEF";
    for (int shift = 20; shift >= 0; shift -= 4)
      buffer_.push_back(kHex[(style->fill_rgb >> shift) & 0xF]);
    buffer_.append("\" transparent=\"false\"/>");
    // No element for an empty label: networkx would read an empty one as None.
    if (!style->label.empty()) {
      buffer_.append("<y:NodeLabel>");
      AppendEscaped(buffer_, style->label);
      buffer_.append("</y:NodeLabel>");
    }
    buffer_.append("<y:Shape type=\"").append(ShapeName(style->shape));
    buffer_.append("\"/></y:ShapeNode></data>\n");
  }
  buffer_.append("    </node>\n");
  ++nodes_;
  MaybeFlush();
}

void GraphmlWriter::Edge(std::string_view source, std::string_view target,
                         std::span<const GraphmlField> values) {
  if (state_ == State::kKeys) throw InternalError("GraphmlWriter: Edge before BeginGraph");
  if (state_ == State::kFinished) throw InternalError("GraphmlWriter: Edge after Finish");
  if (source.empty() || target.empty()) {
    throw InvalidInput(path_, "empty endpoint id for " + Describe(GraphmlDomain::kEdge, {}));
  }
  CheckValues(GraphmlDomain::kEdge, {}, values);
  state_ = State::kEdges;
  buffer_.append("    <edge id=\"e");
  AppendNumber(buffer_, edges_);
  buffer_.append("\" source=\"");
  AppendEscaped(buffer_, source);
  buffer_.append("\" target=\"");
  AppendEscaped(buffer_, target);
  buffer_.append("\">\n");
  WriteValues(values);
  if (options_.yed) {
    buffer_.append(directed_ ? "      <data key=\"eg\"><y:PolyLineEdge><y:Arrows source=\"none\""
                               " target=\"standard\"/></y:PolyLineEdge></data>\n"
                             : "      <data key=\"eg\"><y:PolyLineEdge><y:Arrows source=\"none\""
                               " target=\"none\"/></y:PolyLineEdge></data>\n");
  }
  buffer_.append("    </edge>\n");
  ++edges_;
  MaybeFlush();
}

void GraphmlWriter::Finish() {
  if (state_ == State::kKeys) throw InternalError("GraphmlWriter: Finish before BeginGraph");
  if (state_ == State::kFinished) throw InternalError("GraphmlWriter: Finish called twice");
  state_ = State::kFinished;
  buffer_.append("  </graph>\n</graphml>\n");
  Flush();
  std::FILE* file = file_;
  file_ = nullptr;
  if (std::fclose(file) != 0) {
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
  }
  sha256_hex_ = Sha256::Hex(sha_.Finish());
}

void GraphmlWriter::MaybeFlush() {
  if (buffer_.size() >= kFlushBytes) Flush();
}

void GraphmlWriter::Flush() {
  if (!buffer_.empty() && std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
    throw IoError(path_, std::string("write failed: ") + std::strerror(errno));
  }
  sha_.Update(buffer_);
  bytes_ += buffer_.size();
  buffer_.clear();
}

}  // namespace corridor
