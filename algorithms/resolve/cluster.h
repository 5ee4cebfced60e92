#pragma once
// Clustering of matched pairs into entities.
//
// Pairs at or above the match threshold are joined transitively with union-find. Analysts'
// judgements are applied: must-link pairs are joined first, whatever the model says; with
// cannot-link pairs present, matches are joined strongest first (Kruskal order: weight
// descending, ties by pair) and a join that would put a cannot-link pair in one cluster is
// refused. Without cannot-links the order is irrelevant and a concurrent union-find does it.
//
// Chaining guard: transitive closure lets one weak link fuse two people. In each cluster, a
// bridge of the match graph (an edge whose removal disconnects it, found with Tarjan's
// algorithm) whose probability is below `bridge_probability`, with at least `bridge_side`
// mentions on each side, is cut: two groups each internally well supported, joined by one
// doubtful pair, stay apart. Must-link pairs are never cut.
//
// Labels are the smallest mention of each cluster, so they depend only on the partition.
// Cost: near-linear in pairs, plus O(edges) per cluster for the bridge search.

#include <cstdint>
#include <utility>
#include <vector>

namespace corridor {

struct WeightedPair {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double probability = 0.0;
};

struct ClusterOptions {
  double bridge_probability = 0.99;
  std::size_t bridge_side = 2;
};

struct Clustering {
  std::vector<std::uint32_t> label;  // per mention: smallest mention of its cluster
  std::uint64_t refused_cannot_link = 0;
  std::uint64_t bridges_cut = 0;
  std::uint64_t must_links = 0;
};

Clustering ClusterPairs(std::uint32_t mentions, const std::vector<WeightedPair>& matches,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& must_link,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cannot_link,
                        const ClusterOptions& options);

// Joins whole clusters along (mention, anchor) pairs: all clusters holding the mentions of one
// anchor become one. Two guards, because the pairs are inferred, not judged:
//  - a cluster that holds mentions of two anchors joins neither: the model put together two
//    mentions that the inference gives to different people, and which of them the rest of the
//    cluster belongs with is unknowable, while joining both would make one entity of the two;
//  - an anchor whose joins would put a cannot-link pair in one cluster joins nothing: an
//    analyst's judgement outranks an inference.
// Labels stay the smallest member of each cluster.
struct JoinReport {
  std::uint64_t refused_anchors = 0;  // by a cannot-link judgement
  std::uint64_t held_back = 0;        // mentions in clusters claimed by two anchors
};
JoinReport JoinClusters(Clustering& clustering,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& joins,
                        const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cannot_link);

// Joins clusters to their anchors' one by one: each (mention, anchor) pair moves the mention's
// cluster into the anchor's, unless a cannot-link pair would then share a cluster, which
// refuses that pair alone. For evidence about single mentions (one payment each), where a
// judgement against one of them says nothing about the others. The caller makes sure a cluster
// is named by pairs to one anchor only, and that no cluster that moves holds an anchor.
// Returns how many pairs were refused.
std::uint64_t JoinOneByOne(Clustering& clustering,
                           const std::vector<std::pair<std::uint32_t, std::uint32_t>>& joins,
                           const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cannot_link);

// Throws InternalError unless: every label is the smallest member of its cluster, every
// must-link pair shares a cluster, and no cannot-link pair does (unless a must-link chain
// forced it, which the caller reports as a conflict).
void VerifyClustering(const Clustering& clustering,
                      const std::vector<std::pair<std::uint32_t, std::uint32_t>>& cannot_link);

}  // namespace corridor
