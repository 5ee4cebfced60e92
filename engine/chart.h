#pragma once
// Link charts for prosecutors: a small, already chosen set of entities and links, each line and
// each node citing the records it rests on, written as
//   - CSV: an i2 Analyst's Notebook style import table, one row per link (entity 1, link,
//     entity 2, dates, count, amount, evidence), plus one row per unlinked node;
//   - GraphML: nodes and edges with every field as a named attribute (Gephi, yEd, networkx);
//   - SVG, PDF, DOT: a drawing laid out and rendered by Graphviz (libgvc): shape and colour by
//     entity type, focus entities in bold, links labelled with type, count and date range, and
//     below the drawing a legend, the title and the footer, so a printed page ties back to the
//     run that produced it.
// Which entities and links go in a chart is the caller's choice; this file only writes it.
//
// Reproducibility: CSV, GraphML, SVG and DOT are byte-identical for the same chart and options
// (the layout's random start is seeded). PDF is not: cairo stamps the wall-clock time into the
// document and rounds a few glyph positions differently from run to run.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/entity.h"
#include "engine/link.h"
#include "engine/partial_time.h"

namespace corridor {

struct ChartNode {
  std::string id;  // stable key, unique in the chart: "E12", "+923001234567"
  EntityType type = EntityType::kPerson;
  std::string label;                  // display name; the id is shown when empty
  bool focus = false;                 // a subject of the case: drawn emphasised
  std::vector<std::string> evidence;  // citations, e.g. "bus_manifest.csv:17 T-9"
};

struct ChartLink {
  std::uint32_t source = 0;  // index into Chart::nodes
  std::uint32_t target = 0;
  LinkType type = LinkType::kAssociate;
  std::uint32_t count = 1;  // events behind the link
  PartialTime first_seen;   // unknown when no event had a time
  PartialTime last_seen;
  std::string amount;  // e.g. "218000 PKR; 500 USD", empty when none
  std::vector<std::string> evidence;
};

struct Chart {
  std::string title;
  std::string footer;  // e.g. "run manifest sha256 ab12..; corridor 0.4.0"
  std::vector<ChartNode> nodes;
  std::vector<ChartLink> links;
};

enum class ChartFormat : std::uint8_t { kGraphml, kSvg, kPdf, kCsv, kDot };

// By extension, case-insensitive: .graphml, .svg, .pdf, .csv, .dot or .gv; nullopt otherwise.
std::optional<ChartFormat> ChartFormatFromPath(const std::filesystem::path& path);

enum class ChartLayout : std::uint8_t {
  kAuto,   // neato up to kNeatoMaxNodes nodes, sfdp above
  kNeato,  // stress majorization: the most even spacing, O(n^2) time and memory
  kSfdp,   // multilevel force-directed: O(n log n), denser clumps
};

struct ChartOptions {
  ChartLayout layout = ChartLayout::kAuto;
  // Seed of the layout's random start (Graphviz `start`): same chart and seed, same drawing.
  std::uint32_t seed = 1;
};

// Above this many nodes kAuto switches from neato to sfdp: neato takes about 0.6 s at 300
// nodes and 600 links, 5 s at 1000 and 16 s at 2000 on this project's reference machine.
inline constexpr std::size_t kNeatoMaxNodes = 500;

// What was written, for the run's manifest.
struct ChartFile {
  std::uint64_t bytes = 0;
  std::string sha256_hex;
};

// Throws InternalError naming the first violation: an empty or repeated node id, a link
// endpoint out of range, a node or link without evidence (or with an empty citation), a link
// with count 0 or with first_seen after last_seen. A chart comes from Corridor's own
// extraction, so a violation is a bug, not bad input.
void ValidateChart(const Chart& chart);

// Validates, then writes `chart` to `out` in `format`, replacing any existing file. Throws
// InternalError as ValidateChart does or if Graphviz fails to lay out or render, IoError if
// the file cannot be written. Invalid UTF-8 in any text is written as U+FFFD.
// Graphviz keeps global state, so drawings (SVG, PDF, DOT) from several threads run one at a
// time; a drawing reseeds the C library's rand(), which sfdp draws from. Complexity: linear in the
// chart for CSV and GraphML; the layout dominates otherwise.
ChartFile WriteChart(const Chart& chart, const std::filesystem::path& out, ChartFormat format,
                     const ChartOptions& options = {});

}  // namespace corridor
