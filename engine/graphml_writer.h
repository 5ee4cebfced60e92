#pragma once
// Streaming GraphML output (http://graphml.graphdrawing.org/specification.html) written so
// that Gephi, yEd, Cytoscape and networkx import every node, edge and attribute:
//   - every key is declared before the graph, with its `attr.type`; the key id is the
//     attribute name itself (prefixed `edge_` for an edge attribute whose name a node
//     attribute also has: `label`, `type`, `weight` exist in both), never `d0`, `d1`, ...
//     (Gephi reads some numbered ids as labels);
//   - every element carries an explicit value for every key of its domain, so no reader has to
//     apply (or ignore) a default;
//   - all nodes come before all edges, and edges get the unique ids e0, e1, ...
// Text is escaped for XML; invalid UTF-8 becomes U+FFFD, and so do the characters XML 1.0
// cannot carry at all (controls other than tab, LF and CR, and U+FFFE/U+FFFF). Tab, LF and CR
// are written as character references so that attribute-value and line-end normalisation do
// not change them. Doubles are written in the shortest form that reads back to the same value.
//
// Memory is the key table plus a 1 MiB buffer (or one element, if larger): the writer keeps no
// per-node state, so it does not check that edge endpoints name written nodes, nor that node
// ids are unique. The file's SHA-256 is computed as it is written, for the run's manifest.
//
// Errors: API misuse (order of calls, a missing, repeated or wrongly typed value, a yEd style
// given or missing against the options) throws InternalError; a key name or a value that
// cannot be written faithfully (ill-formed or duplicate name, empty id, NaN or infinity, an
// `int` outside 32 bits, a `float` beyond its range) throws InvalidInput naming the output
// file and the key; a failed write throws IoError naming the path. Checks run before anything
// of the element is written.

#include <concepts>
#include <cstdint>
#include <cstdio>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "engine/sha256.h"

namespace corridor {

enum class GraphmlDomain : std::uint8_t { kNode, kEdge };

// GraphML's `attr.type` values (Java types: `int` is 32-bit, `long` 64-bit).
enum class GraphmlType : std::uint8_t { kBool, kInt, kLong, kFloat, kDouble, kString };

// A declared key, as returned by GraphmlWriter::AddKey.
struct GraphmlKey {
  std::uint32_t index = 0;
};

// One attribute value: an integer (for `int` and `long` keys), a double (`float`, `double`),
// a bool or a string. Strings are views: they must outlive the Node or Edge call.
class GraphmlValue {
 public:
  enum class Kind : std::uint8_t { kBool, kInteger, kReal, kString };

  GraphmlValue(bool value) : kind_(Kind::kBool), integer_(value ? 1 : 0) {}
  GraphmlValue(double value) : kind_(Kind::kReal), real_(value) {}
  // 64-bit unsigned values are left out: above INT64_MAX they would silently change sign.
  template <std::integral T>
  requires(!std::same_as<T, bool> && (std::is_signed_v<T> || sizeof(T) < 8)) GraphmlValue(T value)
      : kind_(Kind::kInteger), integer_(static_cast<std::int64_t>(value)) {}
  GraphmlValue(std::string_view value) : kind_(Kind::kString), text_(value) {}
  GraphmlValue(const char* value) : GraphmlValue(std::string_view(value)) {}
  GraphmlValue(const std::string& value) : GraphmlValue(std::string_view(value)) {}
  // Any other pointer would otherwise convert silently to bool.
  GraphmlValue(const void*) = delete;

  Kind kind() const { return kind_; }
  bool boolean() const { return integer_ != 0; }
  std::int64_t integer() const { return integer_; }
  double real() const { return real_; }
  std::string_view text() const { return text_; }

 private:
  Kind kind_;
  std::int64_t integer_ = 0;
  double real_ = 0.0;
  std::string_view text_;
};

struct GraphmlField {
  GraphmlKey key;
  GraphmlValue value;
};

// yEd's ShapeNode shapes (the `type` of <y:Shape>).
enum class YedShape : std::uint8_t {
  kRectangle,
  kRoundRectangle,
  kEllipse,
  kDiamond,
  kTriangle,
  kHexagon,
  kOctagon,
  kParallelogram,
  kTrapezoid,
};

// How yEd draws one node. yEd shows only its own graphics data, not the attribute keys, so the
// label is given here (an empty one writes no label); networkx also reads it as the node's
// `label` attribute, overriding a `label` key, so give both the same text.
struct YedNodeStyle {
  std::string_view label;
  YedShape shape = YedShape::kEllipse;
  std::uint32_t fill_rgb = 0xFFCC00;  // 0xRRGGBB
};

struct GraphmlWriterOptions {
  // Adds yEd graphics: the yFiles namespace, keys `ng` (nodegraphics) and `eg` (edgegraphics),
  // a ShapeNode per node from its YedNodeStyle, and per edge a PolyLineEdge whose arrow shows
  // the direction (none when undirected). Other readers ignore or tolerate these elements.
  bool yed = false;
};

class GraphmlWriter {
 public:
  // Throws IoError naming the path if the file cannot be created.
  explicit GraphmlWriter(std::string path, GraphmlWriterOptions options = {});
  // Closes the file without completing it if Finish was not called (e.g. during unwinding),
  // so readers reject the truncated document rather than take it for the whole graph.
  ~GraphmlWriter();
  GraphmlWriter(const GraphmlWriter&) = delete;
  GraphmlWriter& operator=(const GraphmlWriter&) = delete;

  // Declares an attribute; only before BeginGraph. The name is also the key id, so it must be
  // an ASCII XML name (a letter or '_', then letters, digits, '_', '-', '.'), unique within
  // its domain, and not one of the ids that would collide: `id` (networkx stores edge ids
  // under it), `ng`, `eg` (yEd graphics) or `d` followed by digits (the numbered ids importers
  // treat specially). A name both domains use gets the id `edge_<name>` for its edge key,
  // which must not be another key's id.
  GraphmlKey AddKey(GraphmlDomain domain, std::string_view name, GraphmlType type);

  // Writes the header, the key declarations and the opening <graph> element.
  void BeginGraph(bool directed);

  // `values` holds exactly one value per key declared for the element's domain, in any order;
  // they are written in that order. Nodes must all come before the first edge.
  void Node(std::string_view id, std::span<const GraphmlField> values);
  // The form required when the options ask for yEd graphics.
  void Node(std::string_view id, std::span<const GraphmlField> values, const YedNodeStyle& style);
  void Edge(std::string_view source, std::string_view target, std::span<const GraphmlField> values);

  // Closes the document, flushes and closes the file; throws IoError if any write failed.
  void Finish();

  const std::string& path() const { return path_; }
  std::uint64_t nodes() const { return nodes_; }
  std::uint64_t edges() const { return edges_; }
  // Size and SHA-256 (hex) of the file; valid after Finish.
  std::uint64_t bytes() const { return bytes_; }
  const std::string& sha256_hex() const { return sha256_hex_; }

 private:
  enum class State : std::uint8_t { kKeys, kNodes, kEdges, kFinished };
  struct Key {
    std::string name;
    std::string id;
    GraphmlDomain domain;
    GraphmlType type;
  };

  // How errors name an element: a node by its id, an edge by the id it would be written with.
  std::string Describe(GraphmlDomain domain, std::string_view node_id) const;
  void CheckValues(GraphmlDomain domain, std::string_view node_id,
                   std::span<const GraphmlField> values);
  void WriteNode(std::string_view id, std::span<const GraphmlField> values,
                 const YedNodeStyle* style);
  void WriteValues(std::span<const GraphmlField> values);
  void MaybeFlush();
  void Flush();

  std::string path_;
  GraphmlWriterOptions options_;
  std::FILE* file_ = nullptr;
  std::string buffer_;
  State state_ = State::kKeys;
  bool directed_ = false;
  std::vector<Key> keys_;
  std::uint32_t node_keys_ = 0;
  std::uint32_t edge_keys_ = 0;
  // seen_[k] == stamp_ once key k has a value in the element being checked: detects repeats
  // without clearing a table per element.
  std::vector<std::uint64_t> seen_;
  std::uint64_t stamp_ = 0;
  std::uint64_t nodes_ = 0;
  std::uint64_t edges_ = 0;
  Sha256 sha_;
  std::string sha256_hex_;
  std::uint64_t bytes_ = 0;
};

}  // namespace corridor
