#include "algorithms/analysis.h"

#include <gtest/gtest.h>

#include <vector>

#include "engine/errors.h"

namespace corridor {
namespace {

// Two triangles (0-1-2, 3-4-5) and a hub (6) tied to all six with heavy weights: on the whole
// graph the hub's weight pulls everything into one community; on the cell graph, without the
// hub's ties, the triangles are two cells. Measures stay those of the whole graph.
TEST(Analysis, CommunitiesComeFromTheCellGraphAndMeasuresFromTheGraph) {
  std::vector<WeightedEdge> triangles = {{0, 1, 1}, {1, 2, 1}, {0, 2, 1},
                                         {3, 4, 1}, {4, 5, 1}, {3, 5, 1}};
  std::vector<WeightedEdge> all = triangles;
  for (NodeId v = 0; v < 6; ++v) all.push_back({v, 6, 5});
  const CsrGraph graph = CsrGraph::Build(7, all);
  const CsrGraph cells = CsrGraph::Build(7, triangles);

  const Analysis whole = Analyse(graph);
  EXPECT_EQ(whole.communities.count, 1u);

  const Analysis split = Analyse(graph, {}, &cells);
  const std::vector<std::uint32_t>& label = split.communities.label;
  EXPECT_EQ(label[0], label[1]);
  EXPECT_EQ(label[1], label[2]);
  EXPECT_EQ(label[3], label[4]);
  EXPECT_EQ(label[4], label[5]);
  EXPECT_NE(label[0], label[3]);
  EXPECT_NE(label[6], label[0]);
  EXPECT_NE(label[6], label[3]);
  EXPECT_EQ(split.communities.count, 3u);
  EXPECT_EQ((*split.Measure("degree"))[6], 6.0);
  // The hub ties both cells evenly: its participation against them is 1 - 2 * (1/2)^2.
  EXPECT_DOUBLE_EQ((*split.Measure("participation"))[6], 0.5);

  const CsrGraph fewer = CsrGraph::Build(6, triangles);
  EXPECT_THROW(Analyse(graph, {}, &fewer), InternalError);
  CsrBuildOptions directed;
  directed.directed = true;
  const CsrGraph one_way = CsrGraph::Build(7, triangles, directed);
  EXPECT_THROW(Analyse(graph, {}, &one_way), InternalError);
}

}  // namespace
}  // namespace corridor
