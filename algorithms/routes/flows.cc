#include "algorithms/routes/flows.h"

#include <algorithm>
#include <limits>
#include <string>
#include <tuple>

#include "engine/errors.h"

namespace corridor {
namespace {

constexpr std::int64_t kNever = std::numeric_limits<std::int64_t>::max();
constexpr std::int64_t kAlways = std::numeric_limits<std::int64_t>::min();

struct Keyed {
  NodeId from, to;
  StringId currency;
  RecordIndex record;
  double amount;
};

std::vector<Flow> Fold(std::vector<Keyed> items, const RecordTable& records) {
  std::sort(items.begin(), items.end(), [](const Keyed& a, const Keyed& b) {
    return std::tie(a.from, a.to, a.currency, a.record) <
           std::tie(b.from, b.to, b.currency, b.record);
  });
  std::vector<Flow> flows;
  for (std::size_t i = 0; i < items.size(); ++i) {
    const Keyed& item = items[i];
    if (i == 0 || item.from != items[i - 1].from || item.to != items[i - 1].to ||
        item.currency != items[i - 1].currency) {
      Flow flow;
      flow.from = item.from;
      flow.to = item.to;
      flow.currency = item.currency;
      flows.push_back(std::move(flow));
    }
    Flow& flow = flows.back();
    flow.amount += item.amount;
    ++flow.count;
    const PartialTime& time = records.time(item.record);
    if (time.known()) {
      if (!flow.first_seen.known() || time < flow.first_seen) flow.first_seen = time;
      if (!flow.last_seen.known() || flow.last_seen < time) flow.last_seen = time;
    }
    flow.evidence.push_back(item.record);
  }
  return flows;
}

// The place of `person` at the time of `record`: the stop of that record if it has one, else
// the last dated stop at or before the record's time.
NodeId PlaceAt(const Movements& movements, NodeId person, RecordIndex record,
               const PartialTime& time) {
  const auto it = std::lower_bound(movements.persons.begin(), movements.persons.end(), person);
  if (it == movements.persons.end() || *it != person) return kNoId;
  const auto stops = movements.Stops(static_cast<std::size_t>(it - movements.persons.begin()));
  for (const Stop& stop : stops) {
    if (stop.record == record) return stop.place;
  }
  if (!time.known()) return kNoId;
  NodeId place = kNoId;
  for (const Stop& stop : stops) {
    if (!stop.time.known() || stop.time.seconds() > time.seconds()) break;
    place = stop.place;
  }
  return place;
}

// reach[d][v]: downstream, the earliest time money from the seed can be at v after at most d
// transfers (kNever if it cannot); upstream, the latest time money at v can still reach the
// seed in at most d transfers (kAlways if it cannot). Undated transfers count only when time
// does not (then every reach is kAlways or kNever, a hop count).
std::vector<std::vector<std::int64_t>> Reach(std::span<const Transfer> transfers,
                                             const RecordTable& records, NodeId seed,
                                             const FlowTreeOptions& options, std::size_t nodes) {
  const bool down = options.downstream;
  const std::int64_t unreached = down ? kNever : kAlways;
  std::vector<std::vector<std::int64_t>> reach(options.max_depth + 1,
                                               std::vector<std::int64_t>(nodes, unreached));
  reach[0][seed] = down ? kAlways : kNever;
  for (std::uint32_t d = 0; d < options.max_depth; ++d) {
    reach[d + 1] = reach[d];
    for (const Transfer& t : transfers) {
      const PartialTime& time = records.time(t.record);
      if (options.time_respecting && !time.known()) continue;
      const std::int64_t at = options.time_respecting ? time.seconds() : (down ? kAlways : kNever);
      if (down) {
        if (reach[d][t.payer] <= at) reach[d + 1][t.payee] = std::min(reach[d + 1][t.payee], at);
      } else {
        if (reach[d][t.payee] >= at) reach[d + 1][t.payer] = std::max(reach[d + 1][t.payer], at);
      }
    }
  }
  return reach;
}

std::size_t NodeBound(std::span<const Transfer> transfers, NodeId seed) {
  std::size_t bound = std::size_t{seed} + 1;
  for (const Transfer& t : transfers) {
    bound = std::max<std::size_t>(bound, std::max(t.payer, t.payee) + std::size_t{1});
  }
  return bound;
}

}  // namespace

std::vector<Flow> EntityFlows(std::span<const Transfer> transfers, const RecordTable& records) {
  std::vector<Keyed> items;
  items.reserve(transfers.size());
  for (const Transfer& t : transfers) {
    items.push_back({t.payer, t.payee, t.currency, t.record, t.amount});
  }
  return Fold(std::move(items), records);
}

std::vector<Flow> PlaceFlows(std::span<const Transfer> transfers, const RecordTable& records,
                             const Movements& movements) {
  std::vector<Keyed> items;
  items.reserve(transfers.size());
  for (const Transfer& t : transfers) {
    const PartialTime& time = records.time(t.record);
    items.push_back({PlaceAt(movements, t.payer, t.record, time),
                     PlaceAt(movements, t.payee, t.record, time), t.currency, t.record, t.amount});
  }
  return Fold(std::move(items), records);
}

FlowTree TraceFlows(std::span<const Transfer> transfers, const RecordTable& records, NodeId seed,
                    const FlowTreeOptions& options) {
  FlowTree tree;
  tree.seed = seed;
  const bool down = options.downstream;
  const std::size_t nodes = NodeBound(transfers, seed);
  const auto reach = Reach(transfers, records, seed, options, nodes);
  const std::int64_t unreached = down ? kNever : kAlways;
  const auto& last = reach[options.max_depth];
  for (NodeId v = 0; v < nodes; ++v) {
    if (v != seed && last[v] == unreached) continue;
    std::uint32_t depth = 0;
    while (reach[depth][v] == unreached) ++depth;
    const auto entry = v == seed ? tree.nodes.begin() : tree.nodes.end();
    const auto at = entry - tree.nodes.begin();
    tree.nodes.insert(entry, v);
    tree.depth.insert(tree.depth.begin() + at, depth);
    tree.reached_at.insert(tree.reached_at.begin() + at, PartialTime());
  }
  // Reached times as the records give them, at their own precision.
  if (options.time_respecting) {
    for (const Transfer& t : transfers) {
      const NodeId v = down ? t.payee : t.payer;
      const PartialTime& time = records.time(t.record);
      if (v == seed || !time.known() || time.seconds() != last[v]) continue;
      const auto it = std::lower_bound(tree.nodes.begin() + 1, tree.nodes.end(), v);
      PartialTime& entry = tree.reached_at[static_cast<std::size_t>(it - tree.nodes.begin())];
      if (!entry.known() || time.precision() < entry.precision()) entry = time;
    }
  }
  // A transfer is followed when its paying (downstream) or receiving (upstream) end is reached
  // in fewer than max_depth transfers by then.
  const auto& before = reach[options.max_depth == 0 ? 0 : options.max_depth - 1];
  std::vector<Keyed> items;
  if (options.max_depth > 0) {
    for (const Transfer& t : transfers) {
      const PartialTime& time = records.time(t.record);
      if (options.time_respecting && !time.known()) continue;
      const std::int64_t at = options.time_respecting ? time.seconds() : (down ? kAlways : kNever);
      const bool followed = down ? before[t.payer] <= at : before[t.payee] >= at;
      if (followed) items.push_back({t.payer, t.payee, t.currency, t.record, t.amount});
    }
  }
  tree.flows = Fold(std::move(items), records);
  return tree;
}

void VerifyFlowTree(const FlowTree& tree, std::span<const Transfer> transfers,
                    const RecordTable& records, const FlowTreeOptions& options) {
  const auto fail = [](const std::string& what) { throw InternalError("flow tree: " + what); };
  const bool down = options.downstream;
  // Every chain of transfers from the seed (towards it, upstream) of at most max_depth - 1
  // links, in time order, enumerated depth first; a transfer continuing one is followed.
  std::vector<bool> followed(transfers.size(), false);
  const auto at = [&](std::size_t i) -> std::int64_t {
    const PartialTime& time = records.time(transfers[i].record);
    if (!options.time_respecting) return 0;
    return time.known() ? time.seconds() : -1;
  };
  const auto usable = [&](std::size_t i) {
    return !options.time_respecting || records.time(transfers[i].record).known();
  };
  const auto extend = [&](auto&& self, NodeId end, std::int64_t time, bool any_time,
                          std::uint32_t hops) -> void {
    if (hops >= options.max_depth) return;
    for (std::size_t i = 0; i < transfers.size(); ++i) {
      if (!usable(i)) continue;
      const Transfer& t = transfers[i];
      const NodeId from = down ? t.payer : t.payee;
      const bool in_time = any_time || (down ? time <= at(i) : time >= at(i));
      if (from != end || !in_time) continue;
      followed[i] = true;
      self(self, down ? t.payee : t.payer, at(i), false, hops + 1);
    }
  };
  if (options.max_depth > 0) extend(extend, tree.seed, 0, true, 0);
  std::size_t expected = 0;
  for (std::size_t i = 0; i < transfers.size(); ++i) expected += followed[i];
  std::size_t reported = 0;
  std::vector<RecordIndex> evidence;
  for (const Flow& flow : tree.flows) {
    reported += flow.count;
    evidence.insert(evidence.end(), flow.evidence.begin(), flow.evidence.end());
  }
  if (reported != expected) {
    fail("follows " + std::to_string(reported) + " transfers, brute force " +
         std::to_string(expected));
  }
  std::sort(evidence.begin(), evidence.end());
  for (std::size_t i = 0; i < transfers.size(); ++i) {
    if (followed[i] && !std::binary_search(evidence.begin(), evidence.end(), transfers[i].record)) {
      fail("leaves out the transfer of record " + std::to_string(transfers[i].record));
    }
  }
  if (tree.nodes.empty() || tree.nodes.front() != tree.seed) fail("does not start at the seed");
}

}  // namespace corridor
