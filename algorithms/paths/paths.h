#pragma once
// Routes through a Network (issue #7): the k shortest chains between two entities, chains that
// respect the order of events, and the sub-networks a prosecutor's link chart shows.
//
// PathGraph. The Network's links as a traversal view in CSR form: per node, the arcs it may
// walk (neighbour, link, direction), sorted by (neighbour, link). Undirected views walk every
// link both ways; directed ones keep a second CSR of in-arcs for searches from the target.
// Self-loops are dropped (no simple path uses one). Two counting-sort scatters, O(n + m).
//
// Path order. Paths are ranked by hop count, then by their sequence of (node id, link index)
// steps compared lexicographically. The order is a function of the network alone, so results
// never depend on thread count or hash order, and it is consistent with concatenation
// (root + a < root + b iff a < b), which Yen's algorithm needs to return exactly the k first.
//
// KShortestPaths. Yen, "Finding the k shortest loopless paths in a network", Management
// Science 17(11), 1971. Each spur search is a bidirectional breadth-first search that expands
// the smaller frontier a whole layer at a time; the first layer that meets gives the distance
// d. The least path in the order above is then read off greedily: behind the meeting layer a
// backward sweep marks the forward-labelled nodes that lie on a shortest path, past it the
// backward labels say which step is still shortest. Labels are epoch-stamped arrays in a
// reusable PathWorkspace, so a search costs what it touches, not O(n). Cost: O(k L) spur
// searches, L the hop count of the k-th path, each bounded by the nodes and arcs within reach
// of its two balls (worst case O(n + m), far less on the small-world networks of a case).
//
// TimeRespectingPaths. Depth-first enumeration of simple paths by increasing hop count
// (iterative deepening), pruned by time feasibility and by a lower bound on the hops left,
// from a ball grown around the target beside one around the source (smaller frontier first,
// radii summing to max_hops), so the bound costs what the two balls touch.
// Each step uses one event of its link; times never decrease along the path and consecutive
// dated steps lie at most max_gap_s apart. A link with no dated event at all (a person's
// phone, a held document) is timeless: walkable at any point, it does not move the clock.
// Greedily taking the earliest usable event per step is not exact under the gap bound (an
// early choice can leave the next link's only event outside the window), so the search
// carries the exact set of feasible arrival events per step, computed by a merge over the
// sorted event lists: O(|F| + |E|) per step. Worst case exponential in max_hops; bounded by
// max_hops and by max_states, with `truncated` set when the cap stops the search.
//
// Neighbourhood and ConnectingNetwork. Breadth-first search from the seeds; the connecting
// network (i2 Analyst's Notebook's "Find Connecting Network") is the union of all shortest
// paths between every ordered pair of seeds. An arc u->v lies on a shortest s-t path iff
// d_s(u) + 1 + d_t(v) = d_s(t); the set is collected by one BFS per seed s and, for each
// target t, a backward walk from t over arcs that drop d_s by one, which visits exactly the
// shortest-path DAG. O(p (n + m)) for p seeds.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "engine/entity.h"
#include "engine/ids.h"
#include "engine/link.h"
#include "engine/network.h"
#include "engine/record.h"

namespace corridor {

// Index of a link in the Network's LinkTable. 32 bits halve the arc arrays; a case with 2^32
// links would not fit in memory anyway, and BuildPathGraph refuses one.
using LinkIndex = std::uint32_t;

namespace detail {
template <std::size_t N>
constexpr std::array<bool, N> AllTrue() {
  std::array<bool, N> all{};
  all.fill(true);
  return all;
}
}  // namespace detail

struct PathGraphOptions {
  // false: every link can be walked both ways (who is connected to whom); true: only from its
  // source to its target (who called, paid or travelled to whom).
  bool directed = false;
  // Node types a path may pass through; a path's two ends may be of any type.
  std::array<bool, kEntityTypeCount> allowed_types = detail::AllTrue<kEntityTypeCount>();
  // Link types a path may walk.
  std::array<bool, kLinkTypeCount> allowed_links = detail::AllTrue<kLinkTypeCount>();
  // Time window for charts, UTC seconds, inclusive. The LinkTable keeps only a link's first
  // and last event, so a link is kept when [first_seen, last_seen] overlaps the window: a
  // superset of "an event falls in the window" (a link seen before and after it but not
  // during is kept). Times count from the start of their precision (a day-precise date is its
  // midnight). TimeRespectingPaths's earliest_s/latest_s bound the exact event times instead.
  std::optional<std::int64_t> since_s = std::nullopt;
  std::optional<std::int64_t> until_s = std::nullopt;
  // Under a window, keep links with no dated event (a person's phone, document): they hold
  // at all times, and dropping them would cut a person off from his own phone.
  bool keep_undated_links = true;
};

// Arcs of one direction: node v's are [offsets[v], offsets[v + 1]), sorted by (neighbour,
// link). forward[i] is 1 when arc i walks links[i] from its source to its target.
struct ArcLists {
  std::vector<EdgeOffset> offsets{0};
  std::vector<NodeId> neighbours;
  std::vector<LinkIndex> links;
  std::vector<std::uint8_t> forward;
};

struct PathGraph {
  bool directed = false;
  NodeId num_nodes = 0;
  std::size_t num_links = 0;       // links in the Network, kept or not
  std::vector<std::uint8_t> pass;  // 1 when a path may pass through the node (its type)
  ArcLists out;                    // arcs v -> neighbour
  ArcLists in;                     // directed only: arcs neighbour -> v, for backward search

  // Arcs into each node, as (predecessor, link): `in` when directed; when undirected every
  // arc has its reverse, so `out` serves.
  const ArcLists& InArcs() const { return directed ? in : out; }
};

// O(n + m) time, 9 bytes per arc (two arcs per link: undirected both ways, directed out and
// in) plus a transient 8 per arc while building. Throws InvalidInput if the window is empty
// (since_s > until_s) or the network has 2^32 - 1 links or more.
PathGraph BuildPathGraph(const Network& network, const PathGraphOptions& options = {});

// A walk from nodes.front() to nodes.back(): step i walks links[i] from nodes[i] to
// nodes[i + 1], from the link's source to its target when forward[i]. A path from a node to
// itself has one node and no step.
struct Path {
  std::vector<NodeId> nodes;
  std::vector<LinkIndex> links;
  std::vector<bool> forward;

  std::size_t hops() const { return links.size(); }
  friend bool operator==(const Path&, const Path&) = default;
};

// The order of the file comment: hop count, then the (node, link) sequence lexicographically.
bool PathLess(const Path& a, const Path& b);

// Scratch arrays for repeated searches on one PathGraph (epoch-stamped labels, queues), so a
// query does not allocate or clear O(n) memory. One per thread; reusable across queries and
// across the search functions below, for the graph it was made for.
class PathWorkspace {
 public:
  explicit PathWorkspace(const PathGraph& graph);
  ~PathWorkspace();
  PathWorkspace(PathWorkspace&&) noexcept;
  PathWorkspace& operator=(PathWorkspace&&) noexcept;

  struct Arrays;  // opaque: defined and used in paths.cc only
  Arrays& arrays() { return *arrays_; }

 private:
  std::unique_ptr<Arrays> arrays_;
};

struct KShortestOptions {
  std::size_t k = 5;
  // Longest path returned, in hops; none: no bound.
  std::optional<std::uint32_t> max_hops = std::nullopt;
};

// The first k simple paths from `from` to `to` in the order of the file comment (fewer when
// fewer exist within max_hops). from == to gives the one path with no step. Throws
// InvalidInput for a node out of range. `workspace`, if given, must belong to this graph; when
// null the call makes one (O(n) once per call, not per spur search).
std::vector<Path> KShortestPaths(const PathGraph& graph, NodeId from, NodeId to,
                                 const KShortestOptions& options = {},
                                 PathWorkspace* workspace = nullptr);

// Dated events per link: the times of its evidence records that have a known time, ascending,
// ties by record index. Times count from the start of their precision.
struct LinkTimes {
  std::vector<std::uint64_t> begin{0};  // links + 1 offsets
  std::vector<std::int64_t> seconds;
  std::vector<RecordIndex> records;

  std::size_t size() const { return begin.size() - 1; }
  std::span<const std::int64_t> Times(LinkIndex link) const {
    return {seconds.data() + begin[link], seconds.data() + begin[link + 1]};
  }
  std::span<const RecordIndex> Records(LinkIndex link) const {
    return {records.data() + begin[link], records.data() + begin[link + 1]};
  }
  // A link with no dated event: walkable at any time, it does not move the clock.
  bool Timeless(LinkIndex link) const { return begin[link] == begin[link + 1]; }
};

// Throws InvalidInput if a link cites a record outside `records`. O(m + E log E), E events.
LinkTimes BuildLinkTimes(const Network& network, const RecordTable& records);

struct TemporalOptions {
  std::size_t k = 5;
  // Longest wait between consecutive dated steps; none: any wait.
  std::optional<std::int64_t> max_gap_s = std::nullopt;
  std::uint32_t max_hops = 6;
  // Only events in [earliest_s, latest_s] (UTC seconds, inclusive) may be used.
  std::optional<std::int64_t> earliest_s = std::nullopt;
  std::optional<std::int64_t> latest_s = std::nullopt;
  // Arc expansions (a step tried from a partial path) before the search gives up and sets
  // `truncated`.
  std::uint64_t max_states = 2'000'000;
};

struct TemporalPath {
  Path path;
  // Per step: the event used (its time, and the evidence record behind it); none and kNoId on
  // a timeless link, which the link's own evidence cites. The witness is the earliest arrival,
  // each earlier step taking the latest of its feasible events that still reaches the next
  // (the smallest record among events at the same second).
  std::vector<std::optional<std::int64_t>> times;
  std::vector<RecordIndex> records;
  std::optional<std::int64_t> arrival_s =
      std::nullopt;  // the last dated step's time; none if all timeless
};

struct TemporalPaths {
  // Ordered by hops, then arrival (all-timeless paths first), then the path order.
  std::vector<TemporalPath> paths;
  // The search hit max_states: paths may be missing, including ones that rank before some
  // listed; the listed ones are all feasible.
  bool truncated = false;
  std::uint64_t states = 0;  // arc expansions made
};

// Up to k feasible simple paths from `from` to `to` (semantics in the file comment). from ==
// to gives the path with no step. `times` must be built from the graph's network. Throws
// InvalidInput for a node out of range or a LinkTimes of the wrong size.
TemporalPaths TimeRespectingPaths(const PathGraph& graph, const LinkTimes& times, NodeId from,
                                  NodeId to, const TemporalOptions& options = {},
                                  PathWorkspace* workspace = nullptr);

// Nodes within `hops` steps of a seed, seeds included, ascending. A node of a type paths may
// not pass through is listed when reached but not expanded (seeds are always expanded). A
// directed graph is followed along its arcs. O(n + m) at most. Throws InvalidInput for a
// negative `hops` or a seed out of range.
std::vector<NodeId> Neighbourhood(const PathGraph& graph, std::span<const NodeId> seeds, int hops);

// A link chart's neighbourhood: the nodes within `hops` of the seeds as Neighbourhood finds
// them, at most `max_nodes` (the seeds always; then nearer nodes before farther ones and, at
// one distance, those with more arcs to the nodes already chosen, then by id), with every
// link of the graph between two chosen nodes. `left_out` counts the nodes the cap dropped.
// O(n + m) plus a sort of each distance's nodes.
struct ChartNeighbourhood {
  std::vector<NodeId> nodes;     // ascending
  std::vector<LinkIndex> links;  // ascending
  std::size_t left_out = 0;
};
ChartNeighbourhood NeighbourhoodForChart(const PathGraph& graph, std::span<const NodeId> seeds,
                                         int hops, std::size_t max_nodes);

struct ConnectingOptions {
  // Pairs further apart than this contribute nothing; none: no bound.
  std::optional<std::uint32_t> max_hops = std::nullopt;
};

struct Subnetwork {
  std::vector<NodeId> nodes;     // ascending; every seed, connected or not
  std::vector<LinkIndex> links;  // ascending
};

// The union of all shortest paths between every ordered pair of distinct seeds (on a directed
// graph, s to t and t to s are both taken). Throws InvalidInput for a seed out of range.
Subnetwork ConnectingNetwork(const PathGraph& graph, std::span<const NodeId> seeds,
                             const ConnectingOptions& options = {});

// Serial checks against the Network itself (not the PathGraph): the path runs from `from` to
// `to`, visits no node twice, each step's link joins its two nodes in a walkable direction and
// is kept by `options`, and every inner node is of an allowed type. Throws InternalError
// naming the first violation.
void VerifyPath(const Network& network, const PathGraphOptions& options, NodeId from, NodeId to,
                const Path& path);

// Every path passes VerifyPath and max_hops, there are at most k, they are strictly increasing
// in the path order, and the first is as short as a breadth-first search over the link table
// finds (none iff that search finds no path within max_hops). O(m d) for the check of the
// first, d its length.
void VerifyKShortestPaths(const Network& network, const PathGraphOptions& graph_options,
                          NodeId from, NodeId to, const KShortestOptions& options,
                          std::span<const Path> paths);

// VerifyPath, and: each dated step's time and record are an event of its link within
// [earliest_s, latest_s]; timeless steps are on links with no dated event; times never
// decrease and consecutive dated steps are at most max_gap_s apart; arrival_s is the last
// dated time; at most max_hops steps.
void VerifyTemporalPath(const Network& network, const PathGraphOptions& graph_options,
                        const LinkTimes& times, const TemporalOptions& options, NodeId from,
                        NodeId to, const TemporalPath& path);

}  // namespace corridor
