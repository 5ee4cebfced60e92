#include "algorithms/paths/paths.h"

#include <algorithm>
#include <limits>
#include <string>
#include <utility>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {

// Per-node labels are valid only when their stamp equals the current epoch, so starting a
// search is one increment, not an O(n) clear.
struct PathWorkspace::Arrays {
  struct Label {
    std::uint32_t epoch = 0;
    std::uint32_t dist = 0;
  };

  explicit Arrays(NodeId n) : forward(n), backward(n), blocked(n, 0), mark(n, 0) {}

  std::uint32_t NewEpoch() {
    if (++epoch == 0) {  // wrapped after 2^32 searches: clear once and start again
      std::fill(forward.begin(), forward.end(), Label{});
      std::fill(backward.begin(), backward.end(), Label{});
      std::fill(blocked.begin(), blocked.end(), 0);
      std::fill(mark.begin(), mark.end(), 0);
      epoch = 1;
    }
    return epoch;
  }
  bool HasForward(NodeId v) const { return forward[v].epoch == epoch; }
  bool HasBackward(NodeId v) const { return backward[v].epoch == epoch; }
  bool Blocked(NodeId v) const { return blocked[v] == epoch; }
  bool Marked(NodeId v) const { return mark[v] == epoch; }

  std::vector<Label> forward;          // hops from the search's source
  std::vector<Label> backward;         // hops to the search's target
  std::vector<std::uint32_t> blocked;  // Yen's root nodes, off limits to a spur search
  std::vector<std::uint32_t> mark;     // on a shortest path; on the current temporal path
  std::uint32_t epoch = 0;
  // Breadth-first queues; layer j is queue[layers[j], layers[j + 1]).
  std::vector<NodeId> forward_queue, backward_queue;
  std::vector<std::size_t> forward_layers, backward_layers;
};

PathWorkspace::PathWorkspace(const PathGraph& graph)
    : arrays_(std::make_unique<Arrays>(graph.num_nodes)) {}
PathWorkspace::~PathWorkspace() = default;
PathWorkspace::PathWorkspace(PathWorkspace&&) noexcept = default;
PathWorkspace& PathWorkspace::operator=(PathWorkspace&&) noexcept = default;

namespace {

using Arrays = PathWorkspace::Arrays;

void CheckNode(const PathGraph& graph, NodeId v, const char* role) {
  if (v >= graph.num_nodes) {
    throw InvalidInput("paths",
                       std::string(role) + " node " + std::to_string(v) + " is not in the network");
  }
}

// Whether `options` lets paths walk link l (self-loops aside).
bool LinkKept(const LinkTable& links, const PathGraphOptions& options, std::size_t l) {
  if (!options.allowed_links[static_cast<std::size_t>(links.types[l])]) return false;
  if (!options.since_s && !options.until_s) return true;
  if (!links.first_seen[l].known()) return options.keep_undated_links;
  if (options.until_s && links.first_seen[l].seconds() > *options.until_s) return false;
  if (options.since_s && links.last_seen[l].seconds() < *options.since_s) return false;
  return true;
}

struct ArcEnds {
  NodeId tail;
  NodeId head;
  bool forward;
};

// CSR arcs sorted by (head, link) within each tail, by two stable counting-sort scatters (by
// head, then by tail), as an LSD radix sort: O(n + arcs). for_each_arc(fn) calls fn(code) for
// every arc in ascending link order; ends(code) says where it runs; code >> 1 is its link.
template <typename ForEachArc, typename Ends>
ArcLists ScatterArcs(NodeId n, const ForEachArc& for_each_arc, const Ends& ends) {
  std::vector<EdgeOffset> head_begin(std::size_t{n} + 1, 0);
  for_each_arc([&](std::uint64_t code) { ++head_begin[ends(code).head + 1]; });
  for (NodeId v = 0; v < n; ++v) head_begin[v + 1] += head_begin[v];
  std::vector<std::uint64_t> by_head(head_begin[n]);
  for_each_arc([&](std::uint64_t code) { by_head[head_begin[ends(code).head]++] = code; });

  ArcLists arcs;
  arcs.offsets.assign(std::size_t{n} + 1, 0);
  for (const std::uint64_t code : by_head) ++arcs.offsets[ends(code).tail + 1];
  for (NodeId v = 0; v < n; ++v) arcs.offsets[v + 1] += arcs.offsets[v];
  arcs.neighbours.resize(by_head.size());
  arcs.links.resize(by_head.size());
  arcs.forward.resize(by_head.size());
  std::vector<EdgeOffset> cursor(arcs.offsets.begin(), arcs.offsets.end() - 1);
  for (const std::uint64_t code : by_head) {
    const ArcEnds e = ends(code);
    const EdgeOffset i = cursor[e.tail]++;
    arcs.neighbours[i] = e.head;
    arcs.links[i] = static_cast<LinkIndex>(code >> 1);
    arcs.forward[i] = e.forward ? 1 : 0;
  }
  return arcs;
}

constexpr std::uint32_t kFar = std::numeric_limits<std::uint32_t>::max();

// The least path, in the path order, among the shortest from s to t (s != t) that avoid the
// nodes stamped blocked in the current epoch and, out of s, the links in `banned`; none when
// every such path is longer than max_hops. The caller opens the epoch and stamps the blocked
// nodes. Method in the header's comment.
std::optional<Path> LeastShortestPath(const PathGraph& graph, Arrays& w, NodeId s, NodeId t,
                                      std::span<const LinkIndex> banned, std::uint32_t max_hops) {
  const std::uint32_t epoch = w.epoch;
  const ArcLists& out = graph.out;
  const ArcLists& in = graph.InArcs();
  const auto is_banned = [&](NodeId x, LinkIndex l) {
    return x == s && std::find(banned.begin(), banned.end(), l) != banned.end();
  };
  // Nodes a path may enter: its two ends, and any unblocked node of a type it may pass.
  const auto enterable = [&](NodeId v) {
    return !w.Blocked(v) && (graph.pass[v] != 0 || v == t || v == s);
  };
  auto& fq = w.forward_queue;
  auto& bq = w.backward_queue;
  auto& fl = w.forward_layers;
  auto& bl = w.backward_layers;
  fq.assign(1, s);
  bq.assign(1, t);
  fl.assign({0, 1});
  bl.assign({0, 1});
  w.forward[s] = {epoch, 0};
  w.backward[t] = {epoch, 0};

  // Until they meet the two balls are disjoint, so the first layer that touches the other
  // side fixes the distance at F + B (a shorter path would have met a layer earlier). The
  // meeting layer is completed so that layer F holds every node at that distance.
  std::uint32_t f = 0;
  std::uint32_t b = 0;
  bool met = false;
  while (!met && f + b < max_hops) {
    const std::size_t forward_size = fl[f + 1] - fl[f];
    const std::size_t backward_size = bl[b + 1] - bl[b];
    if (forward_size == 0 || backward_size == 0) return std::nullopt;
    if (forward_size <= backward_size) {
      for (std::size_t i = fl[f]; i < fl[f + 1]; ++i) {
        const NodeId x = fq[i];
        for (EdgeOffset a = out.offsets[x]; a < out.offsets[x + 1]; ++a) {
          const NodeId y = out.neighbours[a];
          if (w.HasForward(y) || !enterable(y) || is_banned(x, out.links[a])) continue;
          w.forward[y] = {epoch, f + 1};
          fq.push_back(y);
          met = met || w.HasBackward(y);
        }
      }
      fl.push_back(fq.size());
      ++f;
    } else {
      for (std::size_t i = bl[b]; i < bl[b + 1]; ++i) {
        const NodeId y = bq[i];
        for (EdgeOffset a = in.offsets[y]; a < in.offsets[y + 1]; ++a) {
          const NodeId x = in.neighbours[a];
          if (w.HasBackward(x) || !enterable(x) || is_banned(x, in.links[a])) continue;
          w.backward[x] = {epoch, b + 1};
          bq.push_back(x);
          met = met || w.HasForward(x);
        }
      }
      bl.push_back(bq.size());
      ++b;
    }
  }
  if (!met) return std::nullopt;
  const std::uint32_t d = f + b;

  // Forward-labelled nodes on a shortest path: in layer F those the backward search reached
  // (their distance to t is then exactly B), in earlier layers those with an arc to a marked
  // node one layer on.
  for (std::size_t i = fl[f]; i < fl[f + 1]; ++i) {
    if (w.HasBackward(fq[i])) w.mark[fq[i]] = epoch;
  }
  for (std::uint32_t j = f; j-- > 0;) {
    for (std::size_t i = fl[j]; i < fl[j + 1]; ++i) {
      const NodeId x = fq[i];
      for (EdgeOffset a = out.offsets[x]; a < out.offsets[x + 1]; ++a) {
        const NodeId y = out.neighbours[a];
        if (w.Marked(y) && w.HasForward(y) && w.forward[y].dist == j + 1 &&
            !is_banned(x, out.links[a])) {
          w.mark[x] = epoch;
          break;
        }
      }
    }
  }

  // Every step offered below extends to a shortest path, so taking the least (neighbour,
  // link) at each step gives the least path; arcs are sorted that way.
  Path path;
  path.nodes.reserve(d + 1);
  path.nodes.push_back(s);
  NodeId x = s;
  for (std::uint32_t j = 0; j < d; ++j) {
    bool stepped = false;
    for (EdgeOffset a = out.offsets[x]; a < out.offsets[x + 1] && !stepped; ++a) {
      const NodeId y = out.neighbours[a];
      if (is_banned(x, out.links[a])) continue;
      const bool shortest = j < f ? w.Marked(y) && w.HasForward(y) && w.forward[y].dist == j + 1
                                  : w.HasBackward(y) && w.backward[y].dist == d - j - 1;
      if (!shortest) continue;
      path.nodes.push_back(y);
      path.links.push_back(out.links[a]);
      path.forward.push_back(out.forward[a] != 0);
      x = y;
      stepped = true;
    }
    if (!stepped)
      throw InternalError("KShortestPaths: lost the shortest path at step " + std::to_string(j));
  }
  return path;
}

bool SameRoot(const Path& a, const Path& b, std::size_t steps) {
  return std::equal(a.nodes.begin(), a.nodes.begin() + steps + 1, b.nodes.begin()) &&
         std::equal(a.links.begin(), a.links.begin() + steps, b.links.begin());
}

// The caller's workspace, checked against the graph, or a fresh one held in `own`.
Arrays& WorkspaceFor(const PathGraph& graph, PathWorkspace* workspace,
                     std::optional<PathWorkspace>& own) {
  if (workspace == nullptr) return own.emplace(graph).arrays();
  if (workspace->arrays().forward.size() != graph.num_nodes) {
    throw InvalidInput("paths", "the workspace was made for another graph");
  }
  return workspace->arrays();
}

Path TrivialPath(NodeId v) {
  Path path;
  path.nodes.push_back(v);
  return path;
}

// Lower bounds on the hops from each node to `to` over links usable(l), ignoring time and
// simplicity: the pruning bound of the temporal search. A ball around `to` is grown layer by
// layer, and one around `from` beside it, always the smaller frontier first (as in the spur
// search), until the radii sum to max_hops, so a query between two ends a few hops apart
// does not pay for a search of the whole network. Nodes labelled in w.backward have their
// exact distance; the returned bound holds for every other node (max_hops + 1 when the ball
// around `to` holds all that can reach it). `from` is never expanded (no path passes it).
template <typename Usable>
std::uint32_t DistancesToTarget(const PathGraph& graph, Arrays& w, NodeId from, NodeId to,
                                std::uint32_t max_hops, const Usable& usable) {
  const ArcLists& out = graph.out;
  const ArcLists& in = graph.InArcs();
  auto& fq = w.forward_queue;
  auto& bq = w.backward_queue;
  auto& fl = w.forward_layers;
  auto& bl = w.backward_layers;
  fq.assign(1, from);
  bq.assign(1, to);
  fl.assign({0, 1});
  bl.assign({0, 1});
  w.forward[from] = {w.epoch, 0};
  w.backward[to] = {w.epoch, 0};
  std::uint32_t f = 0;
  std::uint32_t b = 0;
  while (f + b < max_hops) {
    const std::size_t forward_size = fl[f + 1] - fl[f];
    const std::size_t backward_size = bl[b + 1] - bl[b];
    if (backward_size == 0) return max_hops + 1;
    if (forward_size == 0) break;  // nothing more to learn from the `from` side
    if (backward_size <= forward_size) {
      for (std::size_t i = bl[b]; i < bl[b + 1]; ++i) {
        const NodeId y = bq[i];
        if (y == from) continue;
        for (EdgeOffset a = in.offsets[y]; a < in.offsets[y + 1]; ++a) {
          const NodeId x = in.neighbours[a];
          if (w.HasBackward(x) || (graph.pass[x] == 0 && x != from) || !usable(in.links[a])) {
            continue;
          }
          w.backward[x] = {w.epoch, b + 1};
          bq.push_back(x);
        }
      }
      bl.push_back(bq.size());
      ++b;
    } else {
      for (std::size_t i = fl[f]; i < fl[f + 1]; ++i) {
        const NodeId x = fq[i];
        if (x == to) continue;
        for (EdgeOffset a = out.offsets[x]; a < out.offsets[x + 1]; ++a) {
          const NodeId y = out.neighbours[a];
          if (w.HasForward(y) || (graph.pass[y] == 0 && y != to) || !usable(out.links[a])) {
            continue;
          }
          w.forward[y] = {w.epoch, f + 1};
          fq.push_back(y);
        }
      }
      fl.push_back(fq.size());
      ++f;
    }
  }
  // Every node at distance b or less from `to` is labelled; if the last backward layer is
  // empty, nothing further can reach `to` at all.
  return bl[b + 1] == bl[b] ? max_hops + 1 : b + 1;
}

bool TemporalLess(const TemporalPath& a, const TemporalPath& b) {
  if (a.path.hops() != b.path.hops()) return a.path.hops() < b.path.hops();
  if (a.arrival_s != b.arrival_s) return a.arrival_s < b.arrival_s;  // none first
  return PathLess(a.path, b.path);
}

// The depth-first search of TimeRespectingPaths for one hop count.
class TemporalSearch {
 public:
  TemporalSearch(const PathGraph& graph, const LinkTimes& times, const TemporalOptions& options,
                 Arrays& w, NodeId to, TemporalPaths& result)
      : graph_(graph),
        times_(times),
        options_(options),
        w_(w),
        to_(to),
        result_(result),
        feasible_(options.max_hops + 1),
        dated_(options.max_hops + 1, -1) {}

  // Indices into times_ of link l's events inside [earliest_s, latest_s]. Found on demand by
  // binary search, so a query costs what it touches, not O(links).
  std::pair<std::uint64_t, std::uint64_t> Window(LinkIndex l) const {
    const auto t = times_.Times(l);
    const auto lo = options_.earliest_s ? std::lower_bound(t.begin(), t.end(), *options_.earliest_s)
                                        : t.begin();
    const auto hi = options_.latest_s ? std::upper_bound(lo, t.end(), *options_.latest_s) : t.end();
    return {times_.begin[l] + static_cast<std::uint64_t>(lo - t.begin()),
            times_.begin[l] + static_cast<std::uint64_t>(hi - t.begin())};
  }
  // Timeless, or with an event in the window.
  bool Usable(LinkIndex l) const {
    if (times_.Timeless(l)) return true;
    const auto [lo, hi] = Window(l);
    return lo < hi;
  }

  bool stopped() const { return stopped_; }
  // The lower bound on the hops to `to` of nodes without a backward label.
  void SetUnlabelledBound(std::uint32_t bound) { unlabelled_bound_ = bound; }

  // Feasible paths of exactly `hops` steps from `from`, into `found` (at most `wanted` kept).
  void Run(NodeId from, std::uint32_t hops, std::size_t wanted, std::vector<TemporalPath>& found) {
    hops_ = hops;
    wanted_ = wanted;
    found_ = &found;
    path_ = TrivialPath(from);
    w_.mark[from] = w_.epoch;
    Extend(from, 0);
    w_.mark[from] = 0;
    Trim(found, wanted);
  }

  static void Trim(std::vector<TemporalPath>& found, std::size_t wanted) {
    std::sort(found.begin(), found.end(), TemporalLess);
    if (found.size() > wanted) found.resize(wanted);
  }

 private:
  void Extend(NodeId v, std::uint32_t depth) {
    if (v == to_) {
      Record();
      return;
    }
    const ArcLists& out = graph_.out;
    for (EdgeOffset a = out.offsets[v]; a < out.offsets[v + 1]; ++a) {
      const NodeId y = out.neighbours[a];
      const LinkIndex l = out.links[a];
      if (w_.Marked(y) || (graph_.pass[y] == 0 && y != to_)) continue;
      const std::uint32_t bound = w_.HasBackward(y) ? w_.backward[y].dist : unlabelled_bound_;
      if (depth + 1 + bound > hops_ || (y == to_ && depth + 1 != hops_)) continue;
      if (result_.states == options_.max_states) {
        stopped_ = true;
        return;
      }
      ++result_.states;
      if (!Step(depth, l)) continue;
      path_.nodes.push_back(y);
      path_.links.push_back(l);
      path_.forward.push_back(out.forward[a] != 0);
      w_.mark[y] = w_.epoch;
      Extend(y, depth + 1);
      w_.mark[y] = 0;
      path_.nodes.pop_back();
      path_.links.pop_back();
      path_.forward.pop_back();
      if (stopped_) return;
    }
  }

  // The feasible events of step depth + 1 on link l, from those of the last dated step: an
  // event at t is feasible iff the latest feasible event at or before t is within the gap.
  bool Step(std::uint32_t depth, LinkIndex l) {
    if (times_.Timeless(l)) {
      dated_[depth + 1] = dated_[depth];
      return true;
    }
    auto& next = feasible_[depth + 1];
    next.clear();
    const auto [lo, hi] = Window(l);
    const int previous = dated_[depth];
    if (previous < 0) {
      for (std::uint64_t i = lo; i < hi; ++i) next.push_back(i);
    } else {
      const auto& before = feasible_[previous];
      std::size_t p = 0;
      for (std::uint64_t i = lo; i < hi; ++i) {
        const std::int64_t t = times_.seconds[i];
        while (p < before.size() && times_.seconds[before[p]] <= t) ++p;
        if (p > 0 &&
            (!options_.max_gap_s || t - times_.seconds[before[p - 1]] <= *options_.max_gap_s)) {
          next.push_back(i);
        }
      }
    }
    dated_[depth + 1] = static_cast<int>(depth + 1);
    return !next.empty();
  }

  // Builds the witness (earliest arrival, then per earlier step the latest event that reaches
  // the next one) and keeps the path.
  void Record() {
    TemporalPath found;
    found.path = path_;
    found.times.assign(hops_, std::nullopt);
    found.records.assign(hops_, kNoId);
    std::optional<std::int64_t> next_time;
    for (std::uint32_t step = hops_; step >= 1; --step) {
      if (dated_[step] != static_cast<int>(step)) continue;
      const auto& events = feasible_[step];
      auto pick = events.begin();
      if (next_time) {
        const auto seconds_of = [&](std::uint64_t i) { return times_.seconds[i]; };
        auto last = std::partition_point(events.begin(), events.end(), [&](std::uint64_t i) {
          return seconds_of(i) <= *next_time;
        });
        const std::int64_t t = seconds_of(*(last - 1));
        pick = std::partition_point(events.begin(), last,
                                    [&](std::uint64_t i) { return seconds_of(i) < t; });
      }
      found.times[step - 1] = times_.seconds[*pick];
      found.records[step - 1] = times_.records[*pick];
      if (!next_time) found.arrival_s = times_.seconds[*pick];
      next_time = times_.seconds[*pick];
    }
    found_->push_back(std::move(found));
    if (found_->size() > 2 * wanted_ + 16) Trim(*found_, wanted_);
  }

  const PathGraph& graph_;
  const LinkTimes& times_;
  const TemporalOptions& options_;
  Arrays& w_;
  NodeId to_;
  TemporalPaths& result_;
  // feasible_[j]: indices into times_ of the events step j may use, when step j is dated;
  // dated_[j]: the last dated step among the first j, -1 if none.
  std::vector<std::vector<std::uint64_t>> feasible_;
  std::vector<int> dated_;
  Path path_;
  std::uint32_t hops_ = 0;
  std::size_t wanted_ = 0;
  std::vector<TemporalPath>* found_ = nullptr;
  bool stopped_ = false;
  std::uint32_t unlabelled_bound_ = 0;
};

}  // namespace

PathGraph BuildPathGraph(const Network& network, const PathGraphOptions& options) {
  if (options.since_s && options.until_s && *options.since_s > *options.until_s) {
    throw InvalidInput("paths", "the time window ends before it starts");
  }
  const LinkTable& links = network.links;
  if (links.size() >= kNoId) {
    throw InvalidInput("paths", "too many links for 32-bit link indices");
  }
  const auto n = static_cast<NodeId>(network.nodes.size());
  PathGraph graph;
  graph.directed = options.directed;
  graph.num_nodes = n;
  graph.num_links = links.size();
  graph.pass.resize(n);
  for (NodeId v = 0; v < n; ++v) {
    graph.pass[v] = options.allowed_types[static_cast<std::size_t>(network.nodes.types[v])];
  }
  std::vector<std::uint8_t> kept(links.size());
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (links.sources[l] >= n || links.targets[l] >= n) {
      throw InvalidInput("paths", "link " + std::to_string(l) + " names a node out of range");
    }
    kept[l] = links.sources[l] != links.targets[l] && LinkKept(links, options, l);
  }
  const auto for_each_arc = [&](const auto& fn) {
    for (std::uint64_t l = 0; l < links.size(); ++l) {
      if (kept[l] == 0) continue;
      fn(l << 1);
      if (!options.directed) fn(l << 1 | 1);
    }
  };
  graph.out = ScatterArcs(n, for_each_arc, [&](std::uint64_t code) {
    const std::uint64_t l = code >> 1;
    return (code & 1) != 0 ? ArcEnds{links.targets[l], links.sources[l], false}
                           : ArcEnds{links.sources[l], links.targets[l], true};
  });
  if (options.directed) {
    graph.in = ScatterArcs(n, for_each_arc, [&](std::uint64_t code) {
      const std::uint64_t l = code >> 1;
      return ArcEnds{links.targets[l], links.sources[l], true};
    });
  }
  return graph;
}

bool PathLess(const Path& a, const Path& b) {
  if (a.hops() != b.hops()) return a.hops() < b.hops();
  if (a.nodes.front() != b.nodes.front()) return a.nodes.front() < b.nodes.front();
  for (std::size_t i = 0; i < a.hops(); ++i) {
    if (a.nodes[i + 1] != b.nodes[i + 1]) return a.nodes[i + 1] < b.nodes[i + 1];
    if (a.links[i] != b.links[i]) return a.links[i] < b.links[i];
  }
  return false;
}

std::vector<Path> KShortestPaths(const PathGraph& graph, NodeId from, NodeId to,
                                 const KShortestOptions& options, PathWorkspace* workspace) {
  CheckNode(graph, from, "start");
  CheckNode(graph, to, "end");
  if (options.k == 0) return {};
  if (from == to) return {TrivialPath(from)};
  std::optional<PathWorkspace> own;
  Arrays& w = WorkspaceFor(graph, workspace, own);
  // A simple path has at most n - 1 steps.
  const std::uint32_t max_hops = options.max_hops.value_or(graph.num_nodes);

  w.NewEpoch();
  std::optional<Path> first = LeastShortestPath(graph, w, from, to, {}, max_hops);
  if (!first) return {};
  std::vector<Path> found{std::move(*first)};
  // Yen's candidate set, ascending and duplicate-free; only the first k - found.size() can
  // ever be returned, so it holds no more.
  std::vector<Path> candidates;
  std::vector<LinkIndex> banned;
  while (found.size() < options.k) {
    const std::size_t wanted = options.k - found.size();
    const Path& last = found.back();
    for (std::size_t i = 0; i < last.hops(); ++i) {
      std::uint32_t limit = max_hops;
      if (candidates.size() >= wanted) {
        limit = std::min(limit, static_cast<std::uint32_t>(candidates[wanted - 1].hops()));
      }
      if (limit <= i) break;  // a spur path has a step, so root + spur would be too long
      banned.clear();
      for (const Path& p : found) {
        if (p.hops() > i && SameRoot(p, last, i)) banned.push_back(p.links[i]);
      }
      w.NewEpoch();
      for (std::size_t r = 0; r < i; ++r) w.blocked[last.nodes[r]] = w.epoch;
      std::optional<Path> spur = LeastShortestPath(graph, w, last.nodes[i], to, banned,
                                                   limit - static_cast<std::uint32_t>(i));
      if (!spur) continue;
      Path candidate;
      candidate.nodes.assign(last.nodes.begin(), last.nodes.begin() + i);
      candidate.nodes.insert(candidate.nodes.end(), spur->nodes.begin(), spur->nodes.end());
      candidate.links.assign(last.links.begin(), last.links.begin() + i);
      candidate.links.insert(candidate.links.end(), spur->links.begin(), spur->links.end());
      candidate.forward.assign(last.forward.begin(), last.forward.begin() + i);
      candidate.forward.insert(candidate.forward.end(), spur->forward.begin(), spur->forward.end());
      const auto at = std::lower_bound(candidates.begin(), candidates.end(), candidate, PathLess);
      if (at != candidates.end() && *at == candidate) continue;
      candidates.insert(at, std::move(candidate));
      if (candidates.size() > wanted) candidates.pop_back();
    }
    if (candidates.empty()) break;
    found.push_back(std::move(candidates.front()));
    candidates.erase(candidates.begin());
  }
  return found;
}

LinkTimes BuildLinkTimes(const Network& network, const RecordTable& records) {
  const LinkTable& links = network.links;
  LinkTimes times;
  times.begin.assign(links.size() + 1, 0);
  for (std::size_t l = 0; l < links.size(); ++l) {
    std::uint64_t dated = 0;
    for (const RecordIndex r : links.Evidence(l)) {
      if (r >= records.size()) {
        throw InvalidInput("paths", "link " + std::to_string(l) + " cites record " +
                                        std::to_string(r) + ", not in the record table");
      }
      dated += records.time(r).known() ? 1 : 0;
    }
    times.begin[l + 1] = times.begin[l] + dated;
  }
  times.seconds.resize(times.begin.back());
  times.records.resize(times.begin.back());
  // Each link fills and sorts its own slice: the result does not depend on the threads.
  parallel::ForChunks(0, links.size(), parallel::kGrainMedium, [&](std::size_t lo, std::size_t hi) {
    std::vector<std::pair<std::int64_t, RecordIndex>> events;
    for (std::size_t l = lo; l < hi; ++l) {
      events.clear();
      for (const RecordIndex r : links.Evidence(l)) {
        if (records.time(r).known()) events.emplace_back(records.time(r).seconds(), r);
      }
      std::sort(events.begin(), events.end());
      for (std::size_t i = 0; i < events.size(); ++i) {
        times.seconds[times.begin[l] + i] = events[i].first;
        times.records[times.begin[l] + i] = events[i].second;
      }
    }
  });
  return times;
}

TemporalPaths TimeRespectingPaths(const PathGraph& graph, const LinkTimes& times, NodeId from,
                                  NodeId to, const TemporalOptions& options,
                                  PathWorkspace* workspace) {
  CheckNode(graph, from, "start");
  CheckNode(graph, to, "end");
  if (times.size() != graph.num_links) {
    throw InvalidInput("paths", "link times are for " + std::to_string(times.size()) +
                                    " links, the network has " + std::to_string(graph.num_links));
  }
  if (options.max_gap_s && *options.max_gap_s < 0) {
    throw InvalidInput("paths", "the longest gap between events must not be negative");
  }
  TemporalPaths result;
  if (options.k == 0) return result;
  if (from == to) {
    result.paths.push_back({TrivialPath(from), {}, {}, std::nullopt});
    return result;
  }
  std::optional<PathWorkspace> own;
  Arrays& w = WorkspaceFor(graph, workspace, own);
  w.NewEpoch();

  TemporalSearch search(graph, times, options, w, to, result);
  const std::uint32_t unlabelled = DistancesToTarget(graph, w, from, to, options.max_hops,
                                                     [&](LinkIndex l) { return search.Usable(l); });
  search.SetUnlabelledBound(unlabelled);
  // Iterative deepening: every path of h hops ranks before any of h + 1, so a level that
  // fills k ends the search.
  const std::uint32_t shortest = w.HasBackward(from) ? w.backward[from].dist : unlabelled;
  for (std::uint32_t hops = shortest; hops <= options.max_hops; ++hops) {
    std::vector<TemporalPath> level;
    search.Run(from, hops, options.k - result.paths.size(), level);
    for (TemporalPath& path : level) result.paths.push_back(std::move(path));
    if (search.stopped()) {
      result.truncated = true;
      break;
    }
    if (result.paths.size() == options.k) break;
  }
  return result;
}

std::vector<NodeId> Neighbourhood(const PathGraph& graph, std::span<const NodeId> seeds, int hops) {
  if (hops < 0) throw InvalidInput("paths", "a neighbourhood needs hops >= 0");
  for (const NodeId s : seeds) CheckNode(graph, s, "seed");
  // 0: not reached; 1: reached; 2: a seed, expanded whatever its type.
  std::vector<std::uint8_t> state(graph.num_nodes, 0);
  std::vector<NodeId> reached;
  for (const NodeId s : seeds) {
    if (state[s] == 0) reached.push_back(s);
    state[s] = 2;
  }
  std::size_t begin = 0;
  for (int level = 0; level < hops && begin < reached.size(); ++level) {
    const std::size_t end = reached.size();
    for (std::size_t i = begin; i < end; ++i) {
      const NodeId x = reached[i];
      if (state[x] != 2 && graph.pass[x] == 0) continue;
      for (EdgeOffset a = graph.out.offsets[x]; a < graph.out.offsets[x + 1]; ++a) {
        const NodeId y = graph.out.neighbours[a];
        if (state[y] != 0) continue;
        state[y] = 1;
        reached.push_back(y);
      }
    }
    begin = end;
  }
  std::sort(reached.begin(), reached.end());
  return reached;
}

ChartNeighbourhood NeighbourhoodForChart(const PathGraph& graph, std::span<const NodeId> seeds,
                                         int hops, std::size_t max_nodes) {
  if (hops < 0) throw InvalidInput("paths", "a neighbourhood needs hops >= 0");
  for (const NodeId s : seeds) CheckNode(graph, s, "seed");
  constexpr std::uint32_t kUnreached = ~std::uint32_t{0};
  std::vector<std::uint32_t> distance(graph.num_nodes, kUnreached);
  std::vector<std::uint8_t> seed(graph.num_nodes, 0);
  std::vector<std::vector<NodeId>> levels(1);
  for (const NodeId s : seeds) {
    if (distance[s] == 0) continue;
    distance[s] = 0;
    seed[s] = 1;
    levels[0].push_back(s);
  }
  std::sort(levels[0].begin(), levels[0].end());
  for (int level = 0; level < hops && !levels.back().empty(); ++level) {
    std::vector<NodeId> next;
    for (const NodeId x : levels.back()) {
      if (seed[x] == 0 && graph.pass[x] == 0) continue;
      for (EdgeOffset a = graph.out.offsets[x]; a < graph.out.offsets[x + 1]; ++a) {
        const NodeId y = graph.out.neighbours[a];
        if (distance[y] != kUnreached) continue;
        distance[y] = static_cast<std::uint32_t>(level + 1);
        next.push_back(y);
      }
    }
    levels.push_back(std::move(next));
  }

  ChartNeighbourhood chart;
  std::vector<std::uint8_t> chosen(graph.num_nodes, 0);
  const auto arcs_to_chosen = [&](NodeId v) {
    std::size_t count = 0;
    for (EdgeOffset a = graph.out.offsets[v]; a < graph.out.offsets[v + 1]; ++a) {
      count += chosen[graph.out.neighbours[a]];
    }
    return count;
  };
  for (std::size_t d = 0; d < levels.size(); ++d) {
    std::vector<std::pair<std::size_t, NodeId>> ranked;
    for (const NodeId v : levels[d]) ranked.emplace_back(d == 0 ? 0 : arcs_to_chosen(v), v);
    std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
    for (const auto& [arcs, v] : ranked) {
      if (d > 0 && chart.nodes.size() >= max_nodes) {
        ++chart.left_out;
        continue;
      }
      chosen[v] = 1;
      chart.nodes.push_back(v);
    }
  }
  std::sort(chart.nodes.begin(), chart.nodes.end());
  for (const NodeId x : chart.nodes) {
    for (EdgeOffset a = graph.out.offsets[x]; a < graph.out.offsets[x + 1]; ++a) {
      if (chosen[graph.out.neighbours[a]]) chart.links.push_back(graph.out.links[a]);
    }
  }
  std::sort(chart.links.begin(), chart.links.end());
  chart.links.erase(std::unique(chart.links.begin(), chart.links.end()), chart.links.end());
  return chart;
}

Subnetwork ConnectingNetwork(const PathGraph& graph, std::span<const NodeId> seeds,
                             const ConnectingOptions& options) {
  for (const NodeId s : seeds) CheckNode(graph, s, "seed");
  std::vector<NodeId> unique(seeds.begin(), seeds.end());
  std::sort(unique.begin(), unique.end());
  unique.erase(std::unique(unique.begin(), unique.end()), unique.end());
  const std::uint32_t max_hops = options.max_hops.value_or(graph.num_nodes);
  const ArcLists& in = graph.InArcs();

  Subnetwork chart;
  std::vector<std::uint8_t> in_chart(graph.num_nodes, 0);
  const auto add_node = [&](NodeId v) {
    if (in_chart[v] == 0) chart.nodes.push_back(v);
    in_chart[v] = 1;
  };
  for (const NodeId s : unique) add_node(s);
  std::vector<std::uint32_t> dist(graph.num_nodes, kFar);
  std::vector<std::uint8_t> in_dag(graph.num_nodes, 0);
  std::vector<NodeId> queue;
  std::vector<NodeId> stack;
  std::vector<NodeId> dag;
  std::vector<std::uint8_t> is_seed(graph.num_nodes, 0);
  for (const NodeId s : unique) is_seed[s] = 1;

  for (const NodeId s : unique) {
    // BFS from s until every other seed is labelled and its layer complete, or max_hops.
    queue.assign(1, s);
    dist[s] = 0;
    std::size_t unlabelled = unique.size() - 1;
    std::size_t begin = 0;
    for (std::uint32_t level = 0; level < max_hops && unlabelled > 0 && begin < queue.size();
         ++level) {
      const std::size_t end = queue.size();
      for (std::size_t i = begin; i < end; ++i) {
        const NodeId x = queue[i];
        if (x != s && graph.pass[x] == 0) continue;  // an end, never passed through
        for (EdgeOffset a = graph.out.offsets[x]; a < graph.out.offsets[x + 1]; ++a) {
          const NodeId y = graph.out.neighbours[a];
          if (dist[y] != kFar) continue;
          dist[y] = level + 1;
          queue.push_back(y);
          unlabelled -= is_seed[y];
        }
      }
      begin = end;
    }
    // Walking back from each target over arcs that drop d_s by one visits exactly its
    // shortest-path DAG: a node reached this way has d_s + d_t = d_s(t).
    for (const NodeId t : unique) {
      if (t == s || dist[t] == kFar) continue;
      stack.assign(1, t);
      dag.assign(1, t);
      in_dag[t] = 1;
      while (!stack.empty()) {
        const NodeId v = stack.back();
        stack.pop_back();
        add_node(v);
        if (dist[v] == 0) continue;
        for (EdgeOffset a = in.offsets[v]; a < in.offsets[v + 1]; ++a) {
          const NodeId x = in.neighbours[a];
          if (dist[x] != dist[v] - 1 || (x != s && graph.pass[x] == 0)) continue;
          chart.links.push_back(in.links[a]);
          if (in_dag[x] == 0) {
            in_dag[x] = 1;
            dag.push_back(x);
            stack.push_back(x);
          }
        }
      }
      for (const NodeId v : dag) in_dag[v] = 0;
    }
    for (const NodeId v : queue) dist[v] = kFar;
  }
  std::sort(chart.nodes.begin(), chart.nodes.end());
  std::sort(chart.links.begin(), chart.links.end());
  chart.links.erase(std::unique(chart.links.begin(), chart.links.end()), chart.links.end());
  return chart;
}

void VerifyPath(const Network& network, const PathGraphOptions& options, NodeId from, NodeId to,
                const Path& path) {
  const auto fail = [](const std::string& what) { throw InternalError("VerifyPath: " + what); };
  const LinkTable& links = network.links;
  const std::size_t n = network.nodes.size();
  if (path.nodes.empty()) fail("no node");
  if (path.nodes.size() != path.links.size() + 1 || path.forward.size() != path.links.size()) {
    fail("nodes, links and directions differ in length");
  }
  if (path.nodes.front() != from || path.nodes.back() != to) fail("wrong end points");
  std::vector<NodeId> sorted = path.nodes;
  std::sort(sorted.begin(), sorted.end());
  if (sorted.back() >= n) fail("node " + std::to_string(sorted.back()) + " out of range");
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) fail("a node repeats");
  for (std::size_t i = 1; i + 1 < path.nodes.size(); ++i) {
    const auto type = static_cast<std::size_t>(network.nodes.types[path.nodes[i]]);
    if (!options.allowed_types[type]) {
      fail("passes node " + std::to_string(path.nodes[i]) + " of a type not allowed");
    }
  }
  for (std::size_t i = 0; i < path.hops(); ++i) {
    const std::size_t l = path.links[i];
    const std::string step = "step " + std::to_string(i) + ": ";
    if (l >= links.size()) fail(step + "link out of range");
    if (!LinkKept(links, options, l)) fail(step + "link not allowed");
    const NodeId a = path.nodes[i];
    const NodeId b = path.nodes[i + 1];
    if (path.forward[i]) {
      if (links.sources[l] != a || links.targets[l] != b) fail(step + "link does not join");
    } else {
      if (options.directed) fail(step + "walks a link backwards in a directed graph");
      if (links.targets[l] != a || links.sources[l] != b) fail(step + "link does not join");
    }
  }
}

void VerifyKShortestPaths(const Network& network, const PathGraphOptions& graph_options,
                          NodeId from, NodeId to, const KShortestOptions& options,
                          std::span<const Path> paths) {
  const auto fail = [](const std::string& what) {
    throw InternalError("VerifyKShortestPaths: " + what);
  };
  if (paths.size() > options.k) fail("more than k paths");
  for (std::size_t i = 0; i < paths.size(); ++i) {
    VerifyPath(network, graph_options, from, to, paths[i]);
    if (options.max_hops && paths[i].hops() > *options.max_hops) fail("path over max_hops");
    if (i > 0 && !PathLess(paths[i - 1], paths[i])) {
      fail("paths " + std::to_string(i - 1) + " and " + std::to_string(i) + " out of order");
    }
  }
  if (options.k == 0) return;
  // Level-synchronous BFS that scans the link table once per level, sharing no code with
  // the searches above.
  const LinkTable& links = network.links;
  const std::size_t n = network.nodes.size();
  const auto limit = static_cast<std::uint32_t>(options.max_hops.value_or(n));
  const auto passable = [&](NodeId v) {
    return graph_options.allowed_types[static_cast<std::size_t>(network.nodes.types[v])];
  };
  std::vector<std::uint32_t> dist(n, kFar);
  dist[from] = 0;
  for (std::uint32_t level = 0; level < limit && dist[to] == kFar; ++level) {
    bool grew = false;
    const auto relax = [&](NodeId u, NodeId v) {
      if (dist[u] != level || dist[v] != kFar) return;
      if (u != from && !passable(u)) return;
      if (v != to && !passable(v)) return;
      dist[v] = level + 1;
      grew = true;
    };
    for (std::size_t l = 0; l < links.size(); ++l) {
      if (!LinkKept(links, graph_options, l)) continue;
      relax(links.sources[l], links.targets[l]);
      if (!graph_options.directed) relax(links.targets[l], links.sources[l]);
    }
    if (!grew) break;
  }
  if (dist[to] == kFar) {
    if (!paths.empty()) fail("paths found where a breadth-first search finds none");
  } else if (paths.empty()) {
    fail("no path, but one of " + std::to_string(dist[to]) + " hops exists");
  } else if (paths[0].hops() != dist[to]) {
    fail("first path has " + std::to_string(paths[0].hops()) + " hops, shortest " +
         std::to_string(dist[to]));
  }
}

void VerifyTemporalPath(const Network& network, const PathGraphOptions& graph_options,
                        const LinkTimes& times, const TemporalOptions& options, NodeId from,
                        NodeId to, const TemporalPath& path) {
  const auto fail = [](const std::string& what) {
    throw InternalError("VerifyTemporalPath: " + what);
  };
  VerifyPath(network, graph_options, from, to, path.path);
  const std::size_t hops = path.path.hops();
  if (hops > options.max_hops) fail("more than max_hops steps");
  if (path.times.size() != hops || path.records.size() != hops) fail("one time per step needed");
  if (times.size() != network.links.size()) fail("link times of another network");
  std::optional<std::int64_t> clock;
  for (std::size_t i = 0; i < hops; ++i) {
    const LinkIndex l = path.path.links[i];
    const std::string step = "step " + std::to_string(i) + ": ";
    if (times.Timeless(l)) {
      if (path.times[i] || path.records[i] != kNoId) fail(step + "a time on a timeless link");
      continue;
    }
    if (!path.times[i]) fail(step + "no time on a dated link");
    const std::int64_t t = *path.times[i];
    const auto link_times = times.Times(l);
    const auto link_records = times.Records(l);
    bool event = false;
    for (std::size_t e = 0; e < link_times.size() && !event; ++e) {
      event = link_times[e] == t && link_records[e] == path.records[i];
    }
    if (!event) fail(step + "time and record are not an event of the link");
    if ((options.earliest_s && t < *options.earliest_s) ||
        (options.latest_s && t > *options.latest_s)) {
      fail(step + "event outside the window");
    }
    if (clock && t < *clock) fail(step + "time goes backwards");
    if (clock && options.max_gap_s && t - *clock > *options.max_gap_s) fail(step + "gap too long");
    clock = t;
  }
  if (path.arrival_s != clock) fail("arrival is not the last dated time");
}

}  // namespace corridor
