#include "algorithms/resolve/cluster.h"

#include <algorithm>
#include <numeric>
#include <string>

#include "algorithms/union_find.h"
#include "engine/errors.h"
#include "engine/ids.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

using IdPairs = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

std::vector<std::uint32_t> Labels(ConcurrentUnionFind& sets) {
  std::vector<std::uint32_t> label(sets.size());
  parallel::For(0, sets.size(), parallel::kGrainCoarse,
                [&](std::size_t i) { label[i] = sets.Find(static_cast<std::uint32_t>(i)); });
  return label;
}

// Serial Kruskal-order joining with cannot-link checks.
std::uint64_t JoinWithConstraints(ConcurrentUnionFind& sets,
                                  const std::vector<WeightedPair>& matches,
                                  const IdPairs& cannot_link) {
  std::vector<std::vector<std::uint32_t>> forbidden(sets.size());
  for (const auto& [a, b] : cannot_link) {
    forbidden[sets.Find(a)].push_back(b);
    forbidden[sets.Find(b)].push_back(a);
  }
  std::vector<std::size_t> order(matches.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // A pair is matched once, so probability and (a, b) order the indices totally.
  parallel::Sort(order.begin(), order.end(), [&matches](std::size_t x, std::size_t y) {
    const WeightedPair& p = matches[x];
    const WeightedPair& q = matches[y];
    if (p.probability != q.probability) return p.probability > q.probability;
    return std::tie(p.a, p.b) < std::tie(q.a, q.b);
  });
  std::uint64_t refused = 0;
  for (const std::size_t index : order) {
    const std::uint32_t ra = sets.Find(matches[index].a), rb = sets.Find(matches[index].b);
    if (ra == rb) continue;
    bool conflict = false;
    for (const std::uint32_t other : forbidden[ra]) conflict = conflict || sets.Find(other) == rb;
    if (conflict) {
      ++refused;
      continue;
    }
    sets.Unite(ra, rb);
    const std::uint32_t root = sets.Find(ra);
    const std::uint32_t child = root == ra ? rb : ra;
    auto& kept = forbidden[root];
    kept.insert(kept.end(), forbidden[child].begin(), forbidden[child].end());
    forbidden[child].clear();
    forbidden[child].shrink_to_fit();
  }
  return refused;
}

// Bridges of one cluster's match graph (Tarjan 1974), iteratively so a long chain cannot
// overflow the stack. `edges` index into `pairs`; returns the bridge edges' indices.
std::vector<std::size_t> Bridges(const std::vector<std::uint32_t>& nodes,
                                 const std::vector<WeightedPair>& pairs,
                                 const std::vector<std::size_t>& edges,
                                 std::vector<std::size_t>& side_size) {
  const std::size_t n = nodes.size();
  const auto local = [&nodes](std::uint32_t mention) {
    return static_cast<std::size_t>(std::lower_bound(nodes.begin(), nodes.end(), mention) -
                                    nodes.begin());
  };
  std::vector<std::size_t> begin(n + 1, 0);
  for (const std::size_t e : edges) {
    ++begin[local(pairs[e].a) + 1];
    ++begin[local(pairs[e].b) + 1];
  }
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  std::vector<std::pair<std::size_t, std::size_t>> adjacency(begin[n]);  // (neighbour, edge)
  std::vector<std::size_t> fill(begin.begin(), begin.end() - 1);
  for (const std::size_t e : edges) {
    const std::size_t a = local(pairs[e].a), b = local(pairs[e].b);
    adjacency[fill[a]++] = {b, e};
    adjacency[fill[b]++] = {a, e};
  }
  constexpr std::size_t kUnseen = ~std::size_t{0};
  std::vector<std::size_t> order(n, kUnseen), low(n, 0), subtree(n, 1);
  std::vector<std::size_t> bridges;
  side_size.clear();
  struct Frame {
    std::size_t node, parent_edge, next;
  };
  std::vector<Frame> stack;
  std::size_t counter = 0;
  stack.push_back({0, kUnseen, begin[0]});
  order[0] = low[0] = counter++;
  while (!stack.empty()) {
    Frame& frame = stack.back();
    if (frame.next < begin[frame.node + 1]) {
      const auto [neighbour, edge] = adjacency[frame.next++];
      if (edge == frame.parent_edge) continue;
      if (order[neighbour] == kUnseen) {
        order[neighbour] = low[neighbour] = counter++;
        stack.push_back({neighbour, edge, begin[neighbour]});
      } else {
        low[frame.node] = std::min(low[frame.node], order[neighbour]);
      }
      continue;
    }
    const Frame done = frame;
    stack.pop_back();
    if (stack.empty()) break;
    Frame& parent = stack.back();
    low[parent.node] = std::min(low[parent.node], low[done.node]);
    subtree[parent.node] += subtree[done.node];
    if (low[done.node] > order[parent.node]) {
      bridges.push_back(done.parent_edge);
      side_size.push_back(subtree[done.node]);
    }
  }
  return bridges;
}

}  // namespace

Clustering ClusterPairs(std::uint32_t mentions, const std::vector<WeightedPair>& matches,
                        const IdPairs& must_link, const IdPairs& cannot_link,
                        const ClusterOptions& options) {
  Clustering out;
  ConcurrentUnionFind sets(mentions);
  for (const auto& [a, b] : must_link) out.must_links += sets.Unite(a, b) ? 1 : 0;
  if (cannot_link.empty()) {
    parallel::For(0, matches.size(), parallel::kGrainMedium,
                  [&](std::size_t i) { sets.Unite(matches[i].a, matches[i].b); });
  } else {
    out.refused_cannot_link = JoinWithConstraints(sets, matches, cannot_link);
  }
  std::vector<std::uint32_t> label = Labels(sets);

  // Chaining guard, per cluster: group the joined pairs by cluster, look for weak bridges.
  std::vector<std::size_t> by_cluster;
  for (std::size_t i = 0; i < matches.size(); ++i) {
    if (label[matches[i].a] == label[matches[i].b]) by_cluster.push_back(i);
  }
  parallel::Sort(by_cluster.begin(), by_cluster.end(), [&](std::size_t x, std::size_t y) {
    return std::make_pair(label[matches[x].a], x) < std::make_pair(label[matches[y].a], y);
  });
  std::vector<std::size_t> groups;  // start offsets into by_cluster
  for (std::size_t i = 0; i < by_cluster.size(); ++i) {
    if (i == 0 || label[matches[by_cluster[i]].a] != label[matches[by_cluster[i - 1]].a]) {
      groups.push_back(i);
    }
  }
  groups.push_back(by_cluster.size());
  std::vector<std::vector<std::size_t>> cut(groups.size());
  const std::size_t min_edges = 2 * options.bridge_side - 1;
  parallel::For(0, groups.size() - 1, 1, [&](std::size_t g) {
    if (groups[g + 1] - groups[g] < min_edges) return;
    std::vector<std::size_t> edges(by_cluster.begin() + static_cast<std::ptrdiff_t>(groups[g]),
                                   by_cluster.begin() + static_cast<std::ptrdiff_t>(groups[g + 1]));
    std::vector<std::uint32_t> nodes;
    for (const std::size_t e : edges) {
      nodes.push_back(matches[e].a);
      nodes.push_back(matches[e].b);
    }
    std::sort(nodes.begin(), nodes.end());
    nodes.erase(std::unique(nodes.begin(), nodes.end()), nodes.end());
    if (nodes.size() < 2 * options.bridge_side) return;
    std::vector<std::size_t> sides;
    const std::vector<std::size_t> bridges = Bridges(nodes, matches, edges, sides);
    for (std::size_t k = 0; k < bridges.size(); ++k) {
      const std::size_t smaller = std::min(sides[k], nodes.size() - sides[k]);
      if (matches[bridges[k]].probability < options.bridge_probability &&
          smaller >= options.bridge_side) {
        cut[g].push_back(bridges[k]);
      }
    }
  });
  std::vector<std::size_t> cut_edges;
  for (const auto& edges : cut) cut_edges.insert(cut_edges.end(), edges.begin(), edges.end());
  if (!cut_edges.empty()) {
    std::sort(cut_edges.begin(), cut_edges.end());
    out.bridges_cut = cut_edges.size();
    ConcurrentUnionFind rebuilt(mentions);
    for (const auto& [a, b] : must_link) rebuilt.Unite(a, b);
    for (const std::size_t i : by_cluster) {
      if (!std::binary_search(cut_edges.begin(), cut_edges.end(), i)) {
        rebuilt.Unite(matches[i].a, matches[i].b);
      }
    }
    label = Labels(rebuilt);
  }
  out.label = std::move(label);
  return out;
}

JoinReport JoinClusters(Clustering& clustering, const IdPairs& joins, const IdPairs& cannot_link) {
  const auto mentions = static_cast<std::uint32_t>(clustering.label.size());
  ConcurrentUnionFind sets(mentions);
  for (std::uint32_t m = 0; m < mentions; ++m) sets.Unite(m, clustering.label[m]);
  IdPairs by_anchor;
  by_anchor.reserve(joins.size());
  for (const auto& [mention, anchor] : joins) by_anchor.emplace_back(anchor, mention);
  std::sort(by_anchor.begin(), by_anchor.end());

  // Which anchor claims each cluster, by root; kNoId - 1 where two do.
  constexpr std::uint32_t kContested = kNoId - 1;
  std::vector<std::uint32_t> claimed_by(mentions, kNoId);
  const auto claim = [&](std::uint32_t mention, std::uint32_t anchor) {
    std::uint32_t& owner = claimed_by[sets.Find(mention)];
    owner = owner == kNoId || owner == anchor ? anchor : kContested;
  };
  for (const auto& [anchor, mention] : by_anchor) {
    claim(anchor, anchor);
    claim(mention, anchor);
  }

  JoinReport report;
  std::vector<std::uint32_t> roots;
  for (std::size_t begin = 0; begin < by_anchor.size();) {
    const std::uint32_t anchor = by_anchor[begin].first;
    std::size_t end = begin;
    roots.clear();
    const auto take = [&](std::uint32_t mention) {
      const std::uint32_t root = sets.Find(mention);
      if (claimed_by[root] == kContested) return false;
      roots.push_back(root);
      return true;
    };
    take(anchor);
    for (; end < by_anchor.size() && by_anchor[end].first == anchor; ++end) {
      if (!take(by_anchor[end].second)) ++report.held_back;
    }
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    const bool conflict =
        std::any_of(cannot_link.begin(), cannot_link.end(), [&](const auto& pair) {
          const std::uint32_t ra = sets.Find(pair.first), rb = sets.Find(pair.second);
          return ra != rb && std::binary_search(roots.begin(), roots.end(), ra) &&
                 std::binary_search(roots.begin(), roots.end(), rb);
        });
    if (conflict) {
      ++report.refused_anchors;
    } else {
      for (const std::uint32_t root : roots) sets.Unite(roots.front(), root);
    }
    begin = end;
  }
  clustering.label = Labels(sets);
  return report;
}

std::uint64_t JoinOneByOne(Clustering& clustering, const IdPairs& joins,
                           const IdPairs& cannot_link) {
  const auto mentions = static_cast<std::uint32_t>(clustering.label.size());
  // Each mention's cannot-link partners, and each cluster's members, before any join.
  IdPairs partners;
  for (const auto& [a, b] : cannot_link) {
    partners.emplace_back(a, b);
    partners.emplace_back(b, a);
  }
  std::sort(partners.begin(), partners.end());
  // Members by cluster, placed by counting: resolution calls this five times over every
  // mention.
  std::vector<std::uint32_t> first_member(std::size_t{mentions} + 1, 0), members(mentions);
  for (const std::uint32_t root : clustering.label) ++first_member[root + 1];
  for (std::uint32_t c = 0; c < mentions; ++c) first_member[c + 1] += first_member[c];
  {
    std::vector<std::uint32_t> next(first_member.begin(), first_member.end() - 1);
    for (std::uint32_t m = 0; m < mentions; ++m) members[next[clustering.label[m]]++] = m;
  }
  ConcurrentUnionFind sets(mentions);
  for (std::uint32_t m = 0; m < mentions; ++m) sets.Unite(m, clustering.label[m]);

  IdPairs ordered(joins);  // by the mention's cluster, so each cluster moves once
  for (auto& join : ordered) join.first = clustering.label[join.first];
  std::sort(ordered.begin(), ordered.end());
  ordered.erase(std::unique(ordered.begin(), ordered.end()), ordered.end());
  std::uint64_t refused = 0;
  for (const auto& [cluster, anchor] : ordered) {
    const std::uint32_t target = sets.Find(anchor);
    if (sets.Find(cluster) == target) continue;
    const auto begin = members.begin() + first_member[cluster];
    const auto end = members.begin() + first_member[cluster + 1];
    const bool conflict = std::any_of(begin, end, [&](const std::uint32_t member) {
      const auto [from, to] =
          std::equal_range(partners.begin(), partners.end(), std::pair(member, 0u),
                           [](const auto& x, const auto& y) { return x.first < y.first; });
      return std::any_of(from, to,
                         [&](const auto& pair) { return sets.Find(pair.second) == target; });
    });
    if (conflict) {
      ++refused;
    } else {
      sets.Unite(target, cluster);
    }
  }
  clustering.label = Labels(sets);
  return refused;
}

void VerifyClustering(const Clustering& clustering, const IdPairs& cannot_link) {
  const auto& label = clustering.label;
  for (std::uint32_t i = 0; i < label.size(); ++i) {
    if (label[i] > i || label[label[i]] != label[i]) {
      throw InternalError("clustering: mention " + std::to_string(i) + " has label " +
                          std::to_string(label[i]) + ", not its cluster's smallest member");
    }
  }
  for (const auto& [a, b] : cannot_link) {
    if (label[a] == label[b] && clustering.refused_cannot_link == 0 && clustering.must_links == 0) {
      throw InternalError("clustering: cannot-link pair " + std::to_string(a) + ", " +
                          std::to_string(b) + " in one cluster");
    }
  }
}

}  // namespace corridor
