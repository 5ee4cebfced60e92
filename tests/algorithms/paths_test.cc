#include "algorithms/paths/paths.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// A Network and the records behind it, built by hand: every node and every event has a
// record; an event without a time becomes an undated record.
struct Case {
  Network network;
  RecordTable records;
};

class CaseBuilder {
 public:
  explicit CaseBuilder(std::vector<EntityType> types) {
    for (NodeId v = 0; v < types.size(); ++v) {
      const RecordIndex r = Record(std::nullopt);
      Network& net = case_.network;
      net.nodes.types.push_back(types[v]);
      net.nodes.keys.push_back("E" + std::to_string(v));
      net.nodes.labels.push_back("node " + std::to_string(v));
      net.nodes.entity.push_back(v);
      net.nodes.evidence.push_back(r);
      net.nodes.evidence_begin.push_back(v);
    }
    case_.network.nodes.evidence_begin.push_back(types.size());
  }

  // One event per entry of `times`; no entry: one undated event.
  LinkIndex Link(LinkType type, NodeId source, NodeId target,
                 std::vector<std::int64_t> times = {}) {
    LinkTable& links = case_.network.links;
    const auto l = static_cast<LinkIndex>(links.size());
    links.types.push_back(type);
    links.sources.push_back(source);
    links.targets.push_back(target);
    links.counts.push_back(static_cast<std::uint32_t>(std::max<std::size_t>(1, times.size())));
    std::sort(times.begin(), times.end());
    links.first_seen.push_back(times.empty() ? PartialTime()
                                             : PartialTime::FromSeconds(times.front(), kSecond));
    links.last_seen.push_back(times.empty() ? PartialTime()
                                            : PartialTime::FromSeconds(times.back(), kSecond));
    links.total_duration_s.push_back(0);
    if (links.evidence_begin.empty()) links.evidence_begin.push_back(0);
    if (times.empty()) {
      links.evidence.push_back(Record(std::nullopt));
    } else {
      for (const std::int64_t t : times) links.evidence.push_back(Record(t));
    }
    links.evidence_begin.push_back(links.evidence.size());
    return l;
  }

  bool Has(LinkType type, NodeId source, NodeId target) const {
    const LinkTable& links = case_.network.links;
    for (std::size_t l = 0; l < links.size(); ++l) {
      if (links.types[l] == type && links.sources[l] == source && links.targets[l] == target) {
        return true;
      }
    }
    return false;
  }

  Case Build() {
    LinkTable& links = case_.network.links;
    if (links.evidence_begin.empty()) links.evidence_begin.push_back(0);
    links.amount_begin.assign(links.size() + 1, 0);
    case_.network.BuildGraph();
    case_.network.Validate();
    return std::move(case_);
  }

 private:
  static constexpr TimePrecision kSecond = TimePrecision::kSecond;

  RecordIndex Record(std::optional<std::int64_t> time) {
    const RecordIndex r = case_.records.BeginRecord(RecordKind::kCall, RecordRef{},
                                                    "r" + std::to_string(case_.records.size()));
    if (time) case_.records.SetTime(r, PartialTime::FromSeconds(*time, kSecond));
    return r;
  }

  Case case_;
};

Path MakePath(std::vector<NodeId> nodes, std::vector<LinkIndex> links, std::vector<bool> forward) {
  return Path{std::move(nodes), std::move(links), std::move(forward)};
}

// Every simple path from `from` (to `to`, or to anywhere when `to` is none) of at most
// max_hops steps, walking the link table directly: the oracle shares no code with paths.cc.
std::vector<Path> AllSimplePaths(const Network& network, const PathGraphOptions& options,
                                 NodeId from, std::optional<NodeId> to, std::size_t max_hops) {
  const LinkTable& links = network.links;
  const auto allowed_type = [&](NodeId v) {
    return options.allowed_types[static_cast<std::size_t>(network.nodes.types[v])];
  };
  std::vector<Path> paths;
  Path current = MakePath({from}, {}, {});
  std::vector<bool> on_path(network.nodes.size(), false);
  on_path[from] = true;
  std::function<void(NodeId)> extend = [&](NodeId v) {
    if (to ? v == *to : true) paths.push_back(current);
    if (to && v == *to) return;
    if (current.hops() == max_hops) return;
    if (v != from && !allowed_type(v)) return;  // an end only
    for (std::size_t l = 0; l < links.size(); ++l) {
      if (!options.allowed_links[static_cast<std::size_t>(links.types[l])]) continue;
      if (options.since_s && options.until_s && links.first_seen[l].known() &&
          (links.first_seen[l].seconds() > *options.until_s ||
           links.last_seen[l].seconds() < *options.since_s)) {
        continue;
      }
      for (const bool forward : {true, false}) {
        if (!forward && options.directed) continue;
        const NodeId tail = forward ? links.sources[l] : links.targets[l];
        const NodeId head = forward ? links.targets[l] : links.sources[l];
        if (tail != v || on_path[head]) continue;
        current.nodes.push_back(head);
        current.links.push_back(static_cast<LinkIndex>(l));
        current.forward.push_back(forward);
        on_path[head] = true;
        extend(head);
        on_path[head] = false;
        current.nodes.pop_back();
        current.links.pop_back();
        current.forward.pop_back();
      }
    }
  };
  extend(from);
  return paths;
}

std::vector<Path> BruteKShortest(const Network& network, const PathGraphOptions& options,
                                 NodeId from, NodeId to, const KShortestOptions& k_options) {
  std::vector<Path> all =
      AllSimplePaths(network, options, from, to, k_options.max_hops.value_or(network.nodes.size()));
  std::sort(all.begin(), all.end(), PathLess);
  if (all.size() > k_options.k) all.resize(k_options.k);
  return all;
}

std::string Describe(const Path& path) {
  std::string text = std::to_string(path.nodes[0]);
  for (std::size_t i = 0; i < path.hops(); ++i) {
    text += " -" + std::to_string(path.links[i]) + (path.forward[i] ? ">" : "<") + " " +
            std::to_string(path.nodes[i + 1]);
  }
  return text;
}

constexpr EntityType kPerson = EntityType::kPerson;
constexpr EntityType kPhone = EntityType::kPhone;
constexpr EntityType kPlace = EntityType::kPlace;

//      0 --l0-- 1 --l1-- 3
//      |        |        |
//      l2       l3       l4
//      |        |        |
//      2 --l5-- 4 ==l6== 5      (l6 and l7: two links between 4 and 5)
//                  l7
// Links run left to right and top to bottom (source first).
Case HandDrawn(EntityType type_of_1 = kPerson) {
  CaseBuilder builder({kPerson, type_of_1, kPerson, kPerson, kPerson, kPerson});
  builder.Link(LinkType::kAssociate, 0, 1);  // l0
  builder.Link(LinkType::kAssociate, 1, 3);  // l1
  builder.Link(LinkType::kAssociate, 0, 2);  // l2
  builder.Link(LinkType::kAssociate, 1, 4);  // l3
  builder.Link(LinkType::kAssociate, 3, 5);  // l4
  builder.Link(LinkType::kAssociate, 2, 4);  // l5
  builder.Link(LinkType::kAssociate, 4, 5);  // l6
  builder.Link(LinkType::kPaid, 4, 5);       // l7
  return builder.Build();
}

TEST(PathsKShortest, HandDrawnGraphInPathOrder) {
  const Case c = HandDrawn();
  const PathGraph graph = BuildPathGraph(c.network, {});
  const KShortestOptions options{.k = 10};
  const std::vector<Path> paths = KShortestPaths(graph, 0, 5, options);
  const std::vector<Path> expected = {
      MakePath({0, 1, 3, 5}, {0, 1, 4}, {true, true, true}),
      MakePath({0, 1, 4, 5}, {0, 3, 6}, {true, true, true}),
      MakePath({0, 1, 4, 5}, {0, 3, 7}, {true, true, true}),
      MakePath({0, 2, 4, 5}, {2, 5, 6}, {true, true, true}),
      MakePath({0, 2, 4, 5}, {2, 5, 7}, {true, true, true}),
      MakePath({0, 2, 4, 1, 3, 5}, {2, 5, 3, 1, 4}, {true, true, false, true, true}),
  };
  EXPECT_EQ(paths, expected);
  VerifyKShortestPaths(c.network, {}, 0, 5, options, paths);

  // Backwards every step walks its link against its direction.
  const std::vector<Path> back = KShortestPaths(graph, 5, 0, {.k = 1});
  EXPECT_EQ(back, (std::vector<Path>{MakePath({5, 3, 1, 0}, {4, 1, 0}, {false, false, false})}));

  // Directed: 4 -> 1 cannot be walked, so the five-step path goes; nothing leads back to 0.
  const PathGraphOptions directed{.directed = true};
  const PathGraph one_way = BuildPathGraph(c.network, directed);
  const std::vector<Path> forward_only = KShortestPaths(one_way, 0, 5, options);
  EXPECT_EQ(forward_only, std::vector<Path>(expected.begin(), expected.begin() + 5));
  EXPECT_TRUE(KShortestPaths(one_way, 5, 0, options).empty());

  // max_hops and k cut the list.
  EXPECT_EQ(KShortestPaths(graph, 0, 5, {.k = 10, .max_hops = 3}).size(), 5u);
  EXPECT_TRUE(KShortestPaths(graph, 0, 5, {.k = 10, .max_hops = 2}).empty());
  EXPECT_EQ(KShortestPaths(graph, 0, 5, {.k = 2}),
            std::vector<Path>(expected.begin(), expected.begin() + 2));
  EXPECT_TRUE(KShortestPaths(graph, 0, 5, {.k = 0}).empty());
}

TEST(PathsKShortest, TypeAndLinkFilters) {
  // Node 1 a place that paths may not pass: only the routes by 2 remain.
  const Case c = HandDrawn(kPlace);
  PathGraphOptions options;
  options.allowed_types[static_cast<std::size_t>(kPlace)] = false;
  const PathGraph graph = BuildPathGraph(c.network, options);
  const std::vector<Path> paths = KShortestPaths(graph, 0, 5, {.k = 10});
  EXPECT_EQ(paths, (std::vector<Path>{MakePath({0, 2, 4, 5}, {2, 5, 6}, {true, true, true}),
                                      MakePath({0, 2, 4, 5}, {2, 5, 7}, {true, true, true})}));
  VerifyKShortestPaths(c.network, options, 0, 5, {.k = 10}, paths);
  // A disallowed type may still be an end: 0-1, 0-2-4-1, and 0-2-4-5-3-1 by l6 or l7.
  const std::vector<Path> to_place = KShortestPaths(graph, 0, 1, {.k = 10});
  ASSERT_EQ(to_place.size(), 4u);
  EXPECT_EQ(to_place[0], MakePath({0, 1}, {0}, {true}));

  // Without payments, one link joins 4 and 5.
  PathGraphOptions no_payments;
  no_payments.allowed_links[static_cast<std::size_t>(LinkType::kPaid)] = false;
  EXPECT_EQ(KShortestPaths(BuildPathGraph(c.network, no_payments), 0, 5, {.k = 10}).size(), 4u);
}

TEST(PathsKShortest, EmptySingleUnreachableAndBadInput) {
  const Case empty = CaseBuilder({}).Build();
  const PathGraph none = BuildPathGraph(empty.network, {});
  EXPECT_THROW(KShortestPaths(none, 0, 0, {}), InvalidInput);

  CaseBuilder builder({kPerson, kPerson, kPerson});
  builder.Link(LinkType::kAssociate, 0, 0);  // a self-loop: never on a simple path
  builder.Link(LinkType::kAssociate, 0, 1);
  const Case c = builder.Build();
  const PathGraph graph = BuildPathGraph(c.network, {});
  EXPECT_EQ(graph.out.neighbours.size(), 2u);
  EXPECT_EQ(KShortestPaths(graph, 0, 0, {}), (std::vector<Path>{MakePath({0}, {}, {})}));
  VerifyKShortestPaths(c.network, {}, 0, 0, {}, KShortestPaths(graph, 0, 0, {}));
  EXPECT_TRUE(KShortestPaths(graph, 0, 2, {}).empty());  // 2 is isolated
  VerifyKShortestPaths(c.network, {}, 0, 2, {}, {});
  EXPECT_THROW(KShortestPaths(graph, 0, 3, {}), InvalidInput);
  PathWorkspace other(none);
  EXPECT_THROW(KShortestPaths(graph, 0, 1, {}, &other), InvalidInput);
  EXPECT_THROW(BuildPathGraph(c.network, {.since_s = 10, .until_s = 5}), InvalidInput);
}

TEST(PathsKShortest, VerifierCatchesBadPaths) {
  const Case c = HandDrawn();
  EXPECT_NO_THROW(VerifyPath(c.network, {}, 0, 5, MakePath({0, 1, 3, 5}, {0, 1, 4}, {1, 1, 1})));
  // Wrong link, wrong direction, wrong end, repeated node, bad lengths.
  EXPECT_THROW(VerifyPath(c.network, {}, 0, 5, MakePath({0, 1, 3, 5}, {0, 2, 4}, {1, 1, 1})),
               InternalError);
  EXPECT_THROW(VerifyPath(c.network, {}, 0, 5, MakePath({0, 1, 3, 5}, {0, 1, 4}, {1, 0, 1})),
               InternalError);
  EXPECT_THROW(VerifyPath(c.network, {}, 0, 3, MakePath({0, 1, 3, 5}, {0, 1, 4}, {1, 1, 1})),
               InternalError);
  EXPECT_THROW(VerifyPath(c.network, {}, 0, 0, MakePath({0, 1, 0}, {0, 0}, {1, 0})), InternalError);
  EXPECT_THROW(VerifyPath(c.network, {}, 0, 1, MakePath({0, 1}, {0}, {})), InternalError);
  EXPECT_THROW(VerifyPath(c.network, {.directed = true}, 1, 0, MakePath({1, 0}, {0}, {0})),
               InternalError);
  // Out of order, or not starting with a shortest path.
  const Path a = MakePath({0, 1, 3, 5}, {0, 1, 4}, {1, 1, 1});
  const Path b = MakePath({0, 1, 4, 5}, {0, 3, 6}, {1, 1, 1});
  const Path longer = MakePath({0, 2, 4, 1, 3, 5}, {2, 5, 3, 1, 4}, {1, 1, 0, 1, 1});
  EXPECT_THROW(VerifyKShortestPaths(c.network, {}, 0, 5, {}, std::vector<Path>{b, a}),
               InternalError);
  EXPECT_THROW(VerifyKShortestPaths(c.network, {}, 0, 5, {}, std::vector<Path>{longer}),
               InternalError);
  EXPECT_THROW(VerifyKShortestPaths(c.network, {}, 0, 5, {}, {}), InternalError);
}

constexpr std::array<EntityType, 3> kRandomTypes = {kPerson, kPhone, kPlace};

// A small random network: duplicate links between a pair (of other types or directions),
// self-loops, isolated nodes. Event times in [0, 30) when dated.
Case RandomCase(std::mt19937& rng, bool dated) {
  const NodeId n = std::uniform_int_distribution<NodeId>(1, 8)(rng);
  std::vector<EntityType> types(n);
  for (auto& t : types) t = kRandomTypes[std::uniform_int_distribution<int>(0, 2)(rng)];
  CaseBuilder builder(types);
  const int m = std::uniform_int_distribution<int>(0, 3 * static_cast<int>(n))(rng);
  std::uniform_int_distribution<NodeId> node(0, n - 1);
  std::uniform_int_distribution<int> link_type(0, 3);  // few types: more duplicate pairs
  for (int i = 0; i < m; ++i) {
    const NodeId s = node(rng);
    const NodeId t = std::bernoulli_distribution(0.05)(rng) ? s : node(rng);
    const auto type = static_cast<LinkType>(link_type(rng));
    if (builder.Has(type, s, t)) continue;
    std::vector<std::int64_t> times;
    if (dated && !std::bernoulli_distribution(0.25)(rng)) {
      const int events = std::uniform_int_distribution<int>(1, 3)(rng);
      for (int e = 0; e < events; ++e)
        times.push_back(std::uniform_int_distribution<int>(0, 29)(rng));
    }
    builder.Link(type, s, t, times);
  }
  return builder.Build();
}

PathGraphOptions RandomGraphOptions(std::mt19937& rng) {
  PathGraphOptions options;
  options.directed = std::bernoulli_distribution(0.5)(rng);
  for (auto& allowed : options.allowed_types) allowed = std::bernoulli_distribution(0.8)(rng);
  if (std::bernoulli_distribution(0.3)(rng)) {
    options.allowed_links[std::uniform_int_distribution<int>(0, 3)(rng)] = false;
  }
  if (std::bernoulli_distribution(0.2)(rng)) {  // a chart's window over the event times
    options.since_s = std::uniform_int_distribution<std::int64_t>(0, 15)(rng);
    options.until_s = *options.since_s + std::uniform_int_distribution<std::int64_t>(0, 15)(rng);
  }
  return options;
}

TEST(PathsKShortest, RandomGraphsMatchBruteForce) {
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const Case c = RandomCase(rng, seed % 2 == 0);
    const PathGraphOptions graph_options = RandomGraphOptions(rng);
    const PathGraph graph = BuildPathGraph(c.network, graph_options);
    PathWorkspace workspace(graph);  // reused by every query of this graph
    const NodeId n = graph.num_nodes;
    for (int query = 0; query < 6; ++query) {
      const NodeId from = std::uniform_int_distribution<NodeId>(0, n - 1)(rng);
      const NodeId to = std::uniform_int_distribution<NodeId>(0, n - 1)(rng);
      KShortestOptions options;
      options.k = std::uniform_int_distribution<std::size_t>(1, 12)(rng);
      if (std::bernoulli_distribution(0.3)(rng)) {
        options.max_hops = std::uniform_int_distribution<std::uint32_t>(0, 4)(rng);
      }
      SCOPED_TRACE("query " + std::to_string(from) + " -> " + std::to_string(to));
      const std::vector<Path> paths = KShortestPaths(graph, from, to, options, &workspace);
      const std::vector<Path> expected =
          BruteKShortest(c.network, graph_options, from, to, options);
      ASSERT_EQ(paths.size(), expected.size());
      for (std::size_t i = 0; i < paths.size(); ++i) {
        ASSERT_EQ(paths[i], expected[i]) << Describe(paths[i]) << " vs " << Describe(expected[i]);
      }
      VerifyKShortestPaths(c.network, graph_options, from, to, options, paths);
    }
  }
}

TEST(PathsKShortest, DenserGraphsPassTheVerifierWithAReusedWorkspace) {
  for (std::uint32_t seed = 1; seed <= 5; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const NodeId n = 300;
    std::vector<EntityType> types(n);
    for (auto& t : types) t = kRandomTypes[std::uniform_int_distribution<int>(0, 2)(rng)];
    CaseBuilder builder(types);
    std::uniform_int_distribution<NodeId> node(0, n - 1);
    for (int i = 0; i < 900; ++i) {
      const NodeId s = node(rng), t = node(rng);
      if (!builder.Has(LinkType::kCalled, s, t)) builder.Link(LinkType::kCalled, s, t);
    }
    const Case c = builder.Build();
    const PathGraphOptions graph_options = RandomGraphOptions(rng);
    const PathGraph graph = BuildPathGraph(c.network, graph_options);
    PathWorkspace workspace(graph);
    for (int query = 0; query < 40; ++query) {
      const NodeId from = node(rng), to = node(rng);
      const KShortestOptions options{.k = 8};
      const std::vector<Path> paths = KShortestPaths(graph, from, to, options, &workspace);
      VerifyKShortestPaths(c.network, graph_options, from, to, options, paths);
      EXPECT_EQ(paths, KShortestPaths(graph, from, to, options));  // a fresh workspace
    }
  }
}

// ---- Time-respecting paths -------------------------------------------------------------

// The earliest arrival over every choice of one event per step (none when infeasible; a
// feasible all-timeless path arrives at "no time", encoded as INT64_MIN).
std::optional<std::int64_t> BruteArrival(const LinkTimes& times, const TemporalOptions& options,
                                         const Path& path) {
  std::optional<std::int64_t> best;
  std::function<void(std::size_t, std::optional<std::int64_t>)> choose =
      [&](std::size_t step, std::optional<std::int64_t> clock) {
        if (step == path.hops()) {
          const std::int64_t arrival = clock.value_or(INT64_MIN);
          if (!best || arrival < *best) best = arrival;
          return;
        }
        const LinkIndex l = path.links[step];
        if (times.Timeless(l)) {
          choose(step + 1, clock);
          return;
        }
        for (const std::int64_t t : times.Times(l)) {
          if (options.earliest_s && t < *options.earliest_s) continue;
          if (options.latest_s && t > *options.latest_s) continue;
          if (clock && t < *clock) continue;
          if (clock && options.max_gap_s && t - *clock > *options.max_gap_s) continue;
          choose(step + 1, t);
        }
      };
  choose(0, std::nullopt);
  return best;
}

struct Expected {
  Path path;
  std::optional<std::int64_t> arrival;
};

std::vector<Expected> BruteTemporal(const Network& network, const PathGraphOptions& graph_options,
                                    const LinkTimes& times, NodeId from, NodeId to,
                                    const TemporalOptions& options) {
  std::vector<Expected> feasible;
  for (Path& path : AllSimplePaths(network, graph_options, from, to, options.max_hops)) {
    const auto arrival = BruteArrival(times, options, path);
    if (!arrival) continue;
    feasible.push_back(
        {std::move(path), *arrival == INT64_MIN ? std::nullopt : std::optional(*arrival)});
  }
  std::sort(feasible.begin(), feasible.end(), [](const Expected& a, const Expected& b) {
    if (a.path.hops() != b.path.hops()) return a.path.hops() < b.path.hops();
    if (a.arrival != b.arrival) return a.arrival < b.arrival;
    return PathLess(a.path, b.path);
  });
  if (feasible.size() > options.k) feasible.resize(options.k);
  return feasible;
}

TEST(PathsTemporal, GreedyEarliestChoiceFailsALaterOneSucceeds) {
  //   0 --calls at 1 and 5--> 1 --call at 9--> 2      max gap 4
  // Taking the call at 1 leaves 8 seconds before the call at 9; the call at 5 fits.
  CaseBuilder builder({kPhone, kPhone, kPhone});
  builder.Link(LinkType::kCalled, 0, 1, {1, 5});
  builder.Link(LinkType::kCalled, 1, 2, {9});
  const Case c = builder.Build();
  const PathGraph graph = BuildPathGraph(c.network, {.directed = true});
  const LinkTimes times = BuildLinkTimes(c.network, c.records);
  const TemporalOptions options{.max_gap_s = 4};
  const TemporalPaths found = TimeRespectingPaths(graph, times, 0, 2, options);
  ASSERT_EQ(found.paths.size(), 1u);
  const TemporalPath& path = found.paths[0];
  EXPECT_EQ(path.times, (std::vector<std::optional<std::int64_t>>{5, 9}));
  EXPECT_EQ(path.arrival_s, 9);
  EXPECT_FALSE(found.truncated);
  VerifyTemporalPath(c.network, {.directed = true}, times, options, 0, 2, path);
  // Each witness names its record: the second event of link 0, the event of link 1.
  EXPECT_EQ(path.records[0], c.network.links.Evidence(0)[1]);
  EXPECT_EQ(path.records[1], c.network.links.Evidence(1)[0]);

  // A gap of 3 admits nothing; so does a window that ends before 9.
  EXPECT_TRUE(TimeRespectingPaths(graph, times, 0, 2, {.max_gap_s = 3}).paths.empty());
  EXPECT_TRUE(TimeRespectingPaths(graph, times, 0, 2, {.latest_s = 8}).paths.empty());
  // And time does not run backwards: 2 -> 1 -> 0 undirected needs 9 then 1 or 5.
  const PathGraph both_ways = BuildPathGraph(c.network, {});
  EXPECT_TRUE(TimeRespectingPaths(both_ways, times, 2, 0, {}).paths.empty());
}

TEST(PathsTemporal, TimelessLinksDoNotMoveTheClock) {
  //   person 0 --uses--> phone 2 --call at 100--> phone 3 <--uses-- person 1
  //   person 0 --uses--> phone 4 <--uses-- person 1   (a shared phone: no time at all)
  CaseBuilder builder({kPerson, kPerson, kPhone, kPhone, kPhone});
  builder.Link(LinkType::kUses, 0, 2);
  builder.Link(LinkType::kUses, 1, 3);
  builder.Link(LinkType::kCalled, 2, 3, {100});
  builder.Link(LinkType::kUses, 0, 4);
  builder.Link(LinkType::kUses, 1, 4);
  const Case c = builder.Build();
  const PathGraph graph = BuildPathGraph(c.network, {});
  const LinkTimes times = BuildLinkTimes(c.network, c.records);
  EXPECT_TRUE(times.Timeless(0));
  EXPECT_FALSE(times.Timeless(2));
  const TemporalOptions options{.max_gap_s = 0};
  const TemporalPaths found = TimeRespectingPaths(graph, times, 0, 1, options);
  ASSERT_EQ(found.paths.size(), 2u);
  // The shared phone (two hops, no time) first; then the call (three hops).
  EXPECT_EQ(found.paths[0].path.nodes, (std::vector<NodeId>{0, 4, 1}));
  EXPECT_EQ(found.paths[0].arrival_s, std::nullopt);
  EXPECT_EQ(found.paths[0].records, (std::vector<RecordIndex>{kNoId, kNoId}));
  EXPECT_EQ(found.paths[1].path.nodes, (std::vector<NodeId>{0, 2, 3, 1}));
  EXPECT_EQ(found.paths[1].times,
            (std::vector<std::optional<std::int64_t>>{std::nullopt, 100, std::nullopt}));
  EXPECT_EQ(found.paths[1].arrival_s, 100);
  for (const TemporalPath& path : found.paths) {
    VerifyTemporalPath(c.network, {}, times, options, 0, 1, path);
  }
  // from == to, unreachable, bad input.
  EXPECT_EQ(TimeRespectingPaths(graph, times, 3, 3, {}).paths.size(), 1u);
  CaseBuilder lonely({kPerson, kPerson});
  const Case apart = lonely.Build();
  const PathGraph apart_graph = BuildPathGraph(apart.network, {});
  EXPECT_TRUE(
      TimeRespectingPaths(apart_graph, BuildLinkTimes(apart.network, apart.records), 0, 1, {})
          .paths.empty());
  EXPECT_THROW(TimeRespectingPaths(graph, times, 0, 9, {}), InvalidInput);
  EXPECT_THROW(TimeRespectingPaths(apart_graph, times, 0, 1, {}), InvalidInput);
  EXPECT_THROW(TimeRespectingPaths(graph, times, 0, 1, {.max_gap_s = -1}), InvalidInput);
}

TEST(PathsTemporal, StateCapReportsTruncation) {
  // A ladder of parallel calls: 2^8 routes of 8 hops, far over a cap of 20 expansions.
  CaseBuilder builder(std::vector<EntityType>(9, kPhone));
  for (NodeId v = 0; v < 8; ++v) {
    builder.Link(LinkType::kCalled, v, v + 1, {v});
    builder.Link(LinkType::kContact, v, v + 1, {v});
  }
  const Case c = builder.Build();
  const PathGraph graph = BuildPathGraph(c.network, {});
  const LinkTimes times = BuildLinkTimes(c.network, c.records);
  const TemporalPaths capped =
      TimeRespectingPaths(graph, times, 0, 8, {.k = 1000, .max_hops = 8, .max_states = 20});
  EXPECT_TRUE(capped.truncated);
  EXPECT_EQ(capped.states, 20u);
  const TemporalPaths full = TimeRespectingPaths(graph, times, 0, 8, {.k = 1000, .max_hops = 8});
  EXPECT_FALSE(full.truncated);
  EXPECT_EQ(full.paths.size(), 256u);
}

TEST(PathsTemporal, RandomGraphsMatchBruteForce) {
  int nonempty = 0;
  for (std::uint32_t seed = 1; seed <= 400; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const Case c = RandomCase(rng, true);
    const PathGraphOptions graph_options = RandomGraphOptions(rng);
    const PathGraph graph = BuildPathGraph(c.network, graph_options);
    const LinkTimes times = BuildLinkTimes(c.network, c.records);
    {
      const parallel::ThreadLimit one(1);
      const LinkTimes serial = BuildLinkTimes(c.network, c.records);
      ASSERT_EQ(serial.seconds, times.seconds);
      ASSERT_EQ(serial.records, times.records);
    }
    PathWorkspace workspace(graph);
    const NodeId n = graph.num_nodes;
    for (int query = 0; query < 6; ++query) {
      const NodeId from = std::uniform_int_distribution<NodeId>(0, n - 1)(rng);
      const NodeId to = std::uniform_int_distribution<NodeId>(0, n - 1)(rng);
      TemporalOptions options;
      options.k = std::uniform_int_distribution<std::size_t>(1, 10)(rng);
      options.max_hops = std::uniform_int_distribution<std::uint32_t>(1, 5)(rng);
      if (std::bernoulli_distribution(0.7)(rng)) {
        options.max_gap_s = std::uniform_int_distribution<std::int64_t>(0, 8)(rng);
      }
      if (std::bernoulli_distribution(0.3)(rng)) {
        options.earliest_s = std::uniform_int_distribution<std::int64_t>(0, 10)(rng);
      }
      if (std::bernoulli_distribution(0.3)(rng)) {
        options.latest_s = std::uniform_int_distribution<std::int64_t>(15, 29)(rng);
      }
      SCOPED_TRACE("query " + std::to_string(from) + " -> " + std::to_string(to));
      const TemporalPaths found = TimeRespectingPaths(graph, times, from, to, options, &workspace);
      ASSERT_FALSE(found.truncated);
      const std::vector<Expected> expected =
          BruteTemporal(c.network, graph_options, times, from, to, options);
      ASSERT_EQ(found.paths.size(), expected.size());
      nonempty += !expected.empty() && from != to;
      for (std::size_t i = 0; i < expected.size(); ++i) {
        ASSERT_EQ(found.paths[i].path, expected[i].path)
            << Describe(found.paths[i].path) << " vs " << Describe(expected[i].path);
        ASSERT_EQ(found.paths[i].arrival_s, expected[i].arrival);
        VerifyTemporalPath(c.network, graph_options, times, options, from, to, found.paths[i]);
      }
    }
  }
  EXPECT_GT(nonempty, 200);  // the random cases do exercise the search
}

TEST(PathsTemporal, VerifierCatchesBadTimes) {
  CaseBuilder builder({kPhone, kPhone, kPhone});
  builder.Link(LinkType::kCalled, 0, 1, {1, 5});
  builder.Link(LinkType::kCalled, 1, 2, {9});
  const Case c = builder.Build();
  const LinkTimes times = BuildLinkTimes(c.network, c.records);
  const TemporalOptions options{.max_gap_s = 4};
  const auto r = [&](std::size_t link, std::size_t event) { return times.Records(link)[event]; };
  TemporalPath good{MakePath({0, 1, 2}, {0, 1}, {true, true}), {5, 9}, {r(0, 1), r(1, 0)}, 9};
  EXPECT_NO_THROW(VerifyTemporalPath(c.network, {}, times, options, 0, 2, good));
  TemporalPath gap = good;
  gap.times[0] = 1;
  gap.records[0] = r(0, 0);
  EXPECT_THROW(VerifyTemporalPath(c.network, {}, times, options, 0, 2, gap), InternalError);
  TemporalPath not_an_event = good;
  not_an_event.times[0] = 6;
  EXPECT_THROW(VerifyTemporalPath(c.network, {}, times, options, 0, 2, not_an_event),
               InternalError);
  TemporalPath wrong_arrival = good;
  wrong_arrival.arrival_s = 5;
  EXPECT_THROW(VerifyTemporalPath(c.network, {}, times, options, 0, 2, wrong_arrival),
               InternalError);
}

// ---- Neighbourhoods and connecting networks ---------------------------------------------

TEST(PathsCharts, HandDrawnNeighbourhoodAndConnectingNetwork) {
  const Case c = HandDrawn();
  const PathGraph graph = BuildPathGraph(c.network, {});
  const std::vector<NodeId> seed0 = {0};
  EXPECT_EQ(Neighbourhood(graph, seed0, 0), (std::vector<NodeId>{0}));
  EXPECT_EQ(Neighbourhood(graph, seed0, 1), (std::vector<NodeId>{0, 1, 2}));
  EXPECT_EQ(Neighbourhood(graph, seed0, 2), (std::vector<NodeId>{0, 1, 2, 3, 4}));
  EXPECT_THROW(Neighbourhood(graph, seed0, -1), InvalidInput);

  // The five shortest 0-5 routes (three hops: l0 l1 l4, l0 l3 l6/l7, l2 l5 l6/l7) use every
  // link; the five-hop route adds nothing.
  const std::vector<NodeId> ends = {5, 0};
  const Subnetwork chart = ConnectingNetwork(graph, ends);
  EXPECT_EQ(chart.nodes, (std::vector<NodeId>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(chart.links, (std::vector<LinkIndex>{0, 1, 2, 3, 4, 5, 6, 7}));
  // 0, 3 and 4: 0-1-3 (l0 l1), 0-1-4 and 0-2-4 (l0 l3, l2 l5), 3-1-4 and 3-5-4 (l1 l3, l4 l6 l7).
  const std::vector<NodeId> three = {0, 3, 4};
  const Subnetwork chart3 = ConnectingNetwork(graph, three);
  EXPECT_EQ(chart3.links, (std::vector<LinkIndex>{0, 1, 2, 3, 4, 5, 6, 7}));
  // With at most one hop, only seeds that are neighbours connect: none here.
  const Subnetwork near = ConnectingNetwork(graph, three, {.max_hops = 1});
  EXPECT_EQ(near.nodes, (std::vector<NodeId>{0, 3, 4}));
  EXPECT_TRUE(near.links.empty());
}

TEST(PathsCharts, TimeWindowKeepsOverlappingAndUndatedLinks) {
  CaseBuilder builder({kPerson, kPhone, kPhone, kPhone});
  builder.Link(LinkType::kUses, 0, 1);              // undated
  builder.Link(LinkType::kCalled, 1, 2, {10, 50});  // overlaps [20, 30]
  builder.Link(LinkType::kCalled, 2, 3, {40});      // after
  const Case c = builder.Build();
  const PathGraphOptions window{.since_s = 20, .until_s = 30};
  const PathGraph graph = BuildPathGraph(c.network, window);
  const std::vector<NodeId> seed = {0};
  EXPECT_EQ(Neighbourhood(graph, seed, 5), (std::vector<NodeId>{0, 1, 2}));
  PathGraphOptions strict = window;
  strict.keep_undated_links = false;
  EXPECT_EQ(Neighbourhood(BuildPathGraph(c.network, strict), seed, 5), (std::vector<NodeId>{0}));
}

// Oracles from all simple paths: the neighbourhood is every end of a path of <= hops steps
// from a seed; the connecting network the union of the shortest paths of every seed pair.
TEST(PathsCharts, RandomGraphsMatchBruteForce) {
  for (std::uint32_t seed = 1; seed <= 300; ++seed) {
    SCOPED_TRACE("seed " + std::to_string(seed));
    std::mt19937 rng(seed);
    const Case c = RandomCase(rng, seed % 2 == 0);
    const PathGraphOptions graph_options = RandomGraphOptions(rng);
    const PathGraph graph = BuildPathGraph(c.network, graph_options);
    const NodeId n = graph.num_nodes;
    std::vector<NodeId> seeds;
    const int count = std::uniform_int_distribution<int>(1, 4)(rng);
    for (int i = 0; i < count; ++i)
      seeds.push_back(std::uniform_int_distribution<NodeId>(0, n - 1)(rng));
    const int hops = std::uniform_int_distribution<int>(0, 4)(rng);
    ConnectingOptions connecting;
    if (std::bernoulli_distribution(0.3)(rng)) {
      connecting.max_hops = std::uniform_int_distribution<std::uint32_t>(1, 3)(rng);
    }

    std::set<NodeId> near(seeds.begin(), seeds.end());
    std::set<NodeId> chart_nodes(seeds.begin(), seeds.end());
    std::set<LinkIndex> chart_links;
    for (const NodeId s : seeds) {
      const std::vector<Path> paths =
          AllSimplePaths(c.network, graph_options, s, std::nullopt, static_cast<std::size_t>(hops));
      for (const Path& p : paths) near.insert(p.nodes.back());
      for (const NodeId t : seeds) {
        if (t == s) continue;
        const std::vector<Path> to_t =
            AllSimplePaths(c.network, graph_options, s, t, connecting.max_hops.value_or(n));
        if (to_t.empty()) continue;
        std::size_t shortest = to_t[0].hops();
        for (const Path& p : to_t) shortest = std::min(shortest, p.hops());
        for (const Path& p : to_t) {
          if (p.hops() != shortest) continue;
          chart_nodes.insert(p.nodes.begin(), p.nodes.end());
          chart_links.insert(p.links.begin(), p.links.end());
        }
      }
    }
    EXPECT_EQ(Neighbourhood(graph, seeds, hops), std::vector<NodeId>(near.begin(), near.end()));
    // Uncapped, the chart's neighbourhood is the same, with every link between its nodes.
    const ChartNeighbourhood uncapped = NeighbourhoodForChart(graph, seeds, hops, n);
    EXPECT_EQ(uncapped.nodes, std::vector<NodeId>(near.begin(), near.end()));
    EXPECT_EQ(uncapped.left_out, 0u);
    std::set<LinkIndex> between;
    for (LinkIndex l = 0; l < c.network.links.size(); ++l) {
      const bool kept =
          graph_options.allowed_links[static_cast<std::size_t>(c.network.links.types[l])] &&
          c.network.links.sources[l] != c.network.links.targets[l];
      if (kept && near.contains(c.network.links.sources[l]) &&
          near.contains(c.network.links.targets[l])) {
        between.insert(l);
      }
    }
    if (!graph_options.since_s && !graph_options.until_s) {
      EXPECT_EQ(uncapped.links, std::vector<LinkIndex>(between.begin(), between.end()));
    }
    // Capped: every seed stays, the total is the cap (or all), and no chosen node is farther
    // than one left out.
    const std::size_t cap = std::uniform_int_distribution<std::size_t>(1, n)(rng);
    const ChartNeighbourhood capped = NeighbourhoodForChart(graph, seeds, hops, cap);
    const std::set<NodeId> unique_seeds(seeds.begin(), seeds.end());
    EXPECT_EQ(capped.nodes.size(), std::max(unique_seeds.size(), std::min(cap, near.size())));
    EXPECT_EQ(capped.nodes.size() + capped.left_out, near.size());
    for (const NodeId s : unique_seeds) {
      EXPECT_TRUE(std::binary_search(capped.nodes.begin(), capped.nodes.end(), s));
    }
    std::map<NodeId, int> distance;
    for (int d = hops; d >= 0; --d) {
      for (const NodeId v : Neighbourhood(graph, seeds, d)) distance[v] = d;
    }
    int farthest_chosen = 0, nearest_left_out = hops + 1;
    for (const NodeId v : near) {
      const bool chosen = std::binary_search(capped.nodes.begin(), capped.nodes.end(), v);
      if (chosen) farthest_chosen = std::max(farthest_chosen, distance[v]);
      if (!chosen) nearest_left_out = std::min(nearest_left_out, distance[v]);
    }
    EXPECT_LE(farthest_chosen, nearest_left_out);
    const Subnetwork chart = ConnectingNetwork(graph, seeds, connecting);
    EXPECT_EQ(chart.nodes, std::vector<NodeId>(chart_nodes.begin(), chart_nodes.end()));
    EXPECT_EQ(chart.links, std::vector<LinkIndex>(chart_links.begin(), chart_links.end()));
  }
}

}  // namespace
}  // namespace corridor
