#include "loaders/edge_list.h"

#include <charconv>
#include <cmath>
#include <unordered_map>

#include "engine/errors.h"
#include "loaders/csv_reader.h"

namespace corridor {

EdgeList ReadEdgeList(const std::string& path, const EdgeListOptions& options) {
  EdgeList out;
  out.info.path = path;
  CsvOptions csv;
  csv.trim = true;
  CsvReader reader(path, csv);
  CsvRow row;
  const auto reject = [&](const CsvRow& bad, std::string reason) {
    out.rejects.push_back({0, bad.line, bad.byte_offset, std::move(reason),
                           std::string(bad.raw.substr(0, kMaxRawBytes))});
  };
  if (!reader.Next(row) || !row.error.empty()) {
    throw InvalidInput(path, 1, "", "an edge list needs a header row naming its columns");
  }
  const auto column = [&](const std::string& name) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
      if (row.fields[i] == name) return i;
    }
    throw InvalidInput(path, 1, name, "no column named '" + name + "' in the header");
  };
  const std::size_t source = column(options.source_column);
  const std::size_t target = column(options.target_column);
  const bool weighted = !options.weight_column.empty();
  const std::size_t weight = weighted ? column(options.weight_column) : 0;

  std::unordered_map<std::string, NodeId> ids;
  const auto node = [&](std::string_view name) {
    const auto [it, inserted] = ids.try_emplace(std::string(name), static_cast<NodeId>(ids.size()));
    if (inserted) out.names.emplace_back(name);
    return it->second;
  };
  while (reader.Next(row)) {
    ++out.info.rows;
    if (!row.error.empty()) {
      reject(row, row.error);
      continue;
    }
    const auto field = [&](std::size_t i) {
      return i < row.fields.size() ? row.fields[i] : std::string_view();
    };
    if (field(source).empty() || field(target).empty()) {
      reject(row, "field '" +
                      (field(source).empty() ? options.source_column : options.target_column) +
                      "' is empty");
      continue;
    }
    double w = 1.0;
    if (weighted) {
      const std::string_view text = field(weight);
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), w);
      if (error != std::errc() || end != text.data() + text.size() || !std::isfinite(w) || w <= 0) {
        reject(row, "field '" + options.weight_column + "' is not a number > 0: '" +
                        std::string(text) + "'");
        continue;
      }
    }
    const NodeId s = node(field(source));
    out.edges.push_back({s, node(field(target)), w});
  }
  out.info.sha256_hex = reader.FinishDigest();
  out.info.bytes = reader.total_bytes();
  out.info.rejected = out.rejects.size();
  out.info.loaded = out.info.rows - out.info.rejected;
  return out;
}

}  // namespace corridor
