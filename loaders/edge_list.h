#pragma once
// An analyst's own network as a CSV edge list: a header naming `source` and `target` columns
// (and optionally a weight column), one edge per row. Nodes are named by any text and
// numbered in order of first appearance, so the same file always gives the same graph.
//
// A row without both ends, or with a weight that is not a finite number > 0 (weights are tie
// strengths: shortest paths take 1/weight as a length), is rejected with its line and reason
// and reading goes on; a missing column is an error before any row
// is read.

#include <cstdint>
#include <string>
#include <vector>

#include "engine/case_data.h"
#include "engine/csr_graph.h"

namespace corridor {

struct EdgeListOptions {
  std::string source_column = "source";
  std::string target_column = "target";
  std::string weight_column;  // empty: every edge weighs 1
};

struct EdgeList {
  std::vector<std::string> names;  // of each node, by id
  std::vector<WeightedEdge> edges;
  std::vector<Reject> rejects;  // source 0
  SourceInfo info;              // path, SHA-256, bytes, rows, loaded, rejected
};

// Throws InvalidInput naming the file and column when a column is missing, IoError when the
// file cannot be read.
EdgeList ReadEdgeList(const std::string& path, const EdgeListOptions& options);

}  // namespace corridor
