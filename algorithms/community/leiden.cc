#include "algorithms/community/leiden.h"

#include <tbb/enumerable_thread_specific.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>
#include <utility>

#include "algorithms/generate/random.h"
#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

using generate::Rng;

// The sums both objectives are made of. Per node (in parallel): weighted degree and weight
// of arcs inside the node's community, a self-loop counted twice in both, as its two arc
// ends; then summed in node order, into totals and per-label K_c and n_c.
struct QualityTerms {
  double two_m = 0.0;              // sum of weighted degrees, 2m
  double internal = 0.0;           // sum over communities of 2 L_c
  std::vector<double> degree_sum;  // K_c per label
  std::vector<double> size;        // n_c per label
  std::vector<double> node_degree;
  std::vector<double> node_internal;
};

void CheckLabels(const CsrGraph& graph, std::span<const NodeId> labels) {
  if (graph.directed()) throw InvalidInput("graph", "community quality needs an undirected graph");
  const NodeId n = graph.num_nodes();
  if (labels.size() != n) {
    throw InvalidInput(
        "labels", std::to_string(labels.size()) + " labels for " + std::to_string(n) + " nodes");
  }
  for (NodeId v = 0; v < n; ++v) {
    if (labels[v] >= n) {
      throw InvalidInput("labels", "node " + std::to_string(v) + " has label " +
                                       std::to_string(labels[v]) + ", not below the node count");
    }
  }
}

// Fills `terms`, reusing its arrays.
void ComputeQualityTerms(const CsrGraph& graph, std::span<const NodeId> labels,
                         QualityTerms& terms) {
  CheckLabels(graph, labels);
  const NodeId n = graph.num_nodes();
  std::vector<double>& degree = terms.node_degree;
  std::vector<double>& internal = terms.node_internal;
  degree.resize(n);
  internal.resize(n);
  parallel::ForChunks(0, n, parallel::kGrainMedium, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t v = lo; v < hi; ++v) {
      const auto targets = graph.Neighbors(static_cast<NodeId>(v));
      const auto weights = graph.Weights(static_cast<NodeId>(v));
      double k = 0.0;
      double in = 0.0;
      for (std::size_t i = 0; i < targets.size(); ++i) {
        const double w = targets[i] == v ? 2.0 * weights[i] : weights[i];
        k += w;
        if (labels[targets[i]] == labels[v]) in += w;
      }
      degree[v] = k;
      internal[v] = in;
    }
  });
  terms.two_m = 0.0;
  terms.internal = 0.0;
  terms.degree_sum.assign(n, 0.0);
  terms.size.assign(n, 0.0);
  for (NodeId v = 0; v < n; ++v) {
    terms.two_m += degree[v];
    terms.internal += internal[v];
    terms.degree_sum[labels[v]] += degree[v];
    terms.size[labels[v]] += 1.0;
  }
}

double ModularityOf(const QualityTerms& terms, double resolution) {
  if (terms.two_m <= 0.0) return 0.0;
  double expected = 0.0;
  for (const double k : terms.degree_sum) expected += k * k;
  return terms.internal / terms.two_m - resolution * expected / (terms.two_m * terms.two_m);
}

double CpmQualityOf(const QualityTerms& terms, double resolution) {
  double pairs = 0.0;
  for (const double size : terms.size) pairs += size * (size - 1.0) / 2.0;
  return terms.internal / 2.0 - resolution * pairs;
}

// The coefficient c of the move gain w(v, D) - c a_v A_D, where a is the node weight the
// objective charges for (degree for modularity, node count for CPM).
double GainCoefficient(LeidenObjective objective, double resolution, double two_m) {
  if (objective == LeidenObjective::kCpm) return resolution;
  return two_m > 0.0 ? resolution / two_m : 0.0;
}

// One level of the hierarchy. Level 0 views the input graph (self-loops included; every loop
// skips them, since a node's own loop weight never changes a move's gain); aggregated levels
// view a LevelStorage and have no self-loops, the weight inside a refined community being
// irrelevant to every later move.
struct Level {
  std::span<const EdgeOffset> offsets;
  std::span<const NodeId> targets;
  std::span<const double> weights;
  std::span<const double> node_weight;

  NodeId size() const { return static_cast<NodeId>(node_weight.size()); }
};

// Arrays of an aggregated level, kept between levels and iterations: refilling them costs no
// allocation and no page faults.
struct LevelStorage {
  std::vector<EdgeOffset> offsets;
  std::vector<NodeId> targets;
  std::vector<double> weights;
  std::vector<double> node_weight;
};

// Stream ids: each (iteration, level, community) gets its own; local moving uses kNoId as its
// community, which no community id reaches.
std::uint64_t StreamId(std::uint32_t iteration, std::uint32_t level, NodeId community) {
  return ((static_cast<std::uint64_t>(iteration) << 8 | level) << 32) | community;
}

// Renumbers labels in order of first appearance; returns the number of distinct labels.
// `scratch` must hold `bound` entries, bound > every label.
NodeId Canonicalise(std::span<NodeId> labels, std::vector<NodeId>& scratch, NodeId bound) {
  scratch.assign(bound, kNoId);
  NodeId count = 0;
  for (NodeId& label : labels) {
    NodeId& renamed = scratch[label];
    if (renamed == kNoId) renamed = count++;
    label = renamed;
  }
  return count;
}

// Groups nodes 0..labels.size()-1 by label (count labels, dense): members of label c are
// members[offsets[c] .. offsets[c+1]), in increasing node order.
void GroupByLabel(std::span<const NodeId> labels, NodeId count, std::vector<NodeId>& offsets,
                  std::vector<NodeId>& members) {
  offsets.assign(static_cast<std::size_t>(count) + 1, 0);
  for (const NodeId label : labels) ++offsets[label + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  members.resize(labels.size());
  // offsets[c] serves as c's cursor, ending at c's end = (c+1)'s start; then shift back.
  for (NodeId v = 0; v < labels.size(); ++v) members[offsets[labels[v]]++] = v;
  for (NodeId c = count; c > 0; --c) offsets[c] = offsets[c - 1];
  offsets[0] = 0;
}

// Local moving reads nodes in parallel batches of kMoveBatch on levels of at least
// kMoveBatchMinNodes nodes (smaller levels go one node at a time), kMoveBatchGrain per task.
constexpr NodeId kMoveBatchMinNodes = 8192;
constexpr std::size_t kMoveBatch = 1024;
constexpr std::size_t kMoveBatchGrain = 128;
constexpr std::uint32_t kQueued = 1;

// exp(x) is exactly 0.0 in double precision for every x below this (the smallest subnormal,
// 2^-1074, is exp(-744.44); anything below exp(-745.14) rounds to 0).
constexpr double kExpZero = -746.0;

class LeidenRun {
 public:
  LeidenRun(const CsrGraph& graph, const LeidenOptions& options)
      : graph_(graph), options_(options) {}

  LeidenResult Run();

 private:
  // Runs levels from `labels` (dense, canonical) until local moving leaves every node alone;
  // writes the iteration's canonical partition of the input nodes back to `labels`.
  void Iterate(std::uint32_t iteration, std::vector<NodeId>& labels);
  // Fast local moving; `community` holds ids below level.size() and is updated in place.
  void MoveNodes(const Level& level, std::vector<NodeId>& community, Rng& rng);
  // Per thread in local moving: weight from the node being read to each community, zero
  // between uses, and the communities touched.
  struct MoveScratch {
    std::vector<double> link;
    std::vector<NodeId> touched;
  };
  // One node's reading: `count` (community, link) pairs from `first` in proposal_community_
  // and proposal_link_ (room for the node's degree), and the link to its own community.
  struct Proposal {
    EdgeOffset first = 0;
    std::uint32_t count = 0;
    double own_link = 0.0;
  };
  void Evaluate(const Level& level, std::span<const NodeId> community, NodeId v,
                MoveScratch& scratch, Proposal& out);
  // Splits each community (dense ids, `count` of them) into refined communities; returns
  // their count and leaves dense refined ids in refined_. Runs right after MoveNodes on the
  // same level, whose own_link_ it starts from.
  NodeId Refine(const Level& level, std::span<const NodeId> community, NodeId count,
                std::uint32_t iteration, std::uint32_t level_index);
  // Fallback when refinement merged nothing: connected parts of each community.
  NodeId SplitIntoComponents(const Level& level, std::span<const NodeId> community);
  // The graph of refined communities (dense ids in refined_, `count` of them), in `out`.
  Level Aggregate(const Level& level, NodeId count, LevelStorage& out);

  const CsrGraph& graph_;
  const LeidenOptions& options_;
  double coefficient_ = 0.0;
  // Node weight at level 0: weighted degree (modularity) or 1 (CPM).
  std::vector<double> base_weight_;

  // Buffers sized for level 0 and reused by every level.
  // Per community in local moving: total node weight.
  std::vector<double> weight_;
  tbb::enumerable_thread_specific<MoveScratch> move_scratch_;
  std::vector<Proposal> proposals_;
  std::vector<NodeId> proposal_community_;
  std::vector<double> proposal_link_;
  std::vector<NodeId> community_size_;
  // Refinement: weight from the node being moved to each refined community, zero between uses.
  std::vector<double> neighbour_weight_;
  std::vector<NodeId> queue_;
  // Local moving, per node: 0 when out of the queue; otherwise kQueued, or the current batch's
  // stamp when a neighbour moved during the batch (one array, so a neighbour costs one miss).
  std::vector<std::uint32_t> queue_state_;
  // After local moving: each node's arc weight into its own community, kept current from the
  // node's last reading through its neighbours' moves (refinement starts from it).
  std::vector<double> own_link_;
  std::vector<NodeId> empty_;
  std::vector<NodeId> refined_;
  std::vector<double> refined_weight_;
  std::vector<NodeId> refined_size_;
  std::vector<double> external_;
  std::vector<NodeId> group_offsets_;
  std::vector<NodeId> group_members_;
  std::vector<NodeId> rename_;
  // Aggregated levels alternate between the two: one is read while the other is written.
  LevelStorage storage_[2];
  std::vector<NodeId> tasks_;
  std::vector<EdgeOffset> slot_;
  std::vector<EdgeOffset> kept_;
  // Per thread: weight per aggregated target, zero between uses, and the targets touched.
  struct AggregateScratch {
    std::vector<double> weight;
    std::vector<NodeId> touched;
  };
  tbb::enumerable_thread_specific<AggregateScratch> aggregate_scratch_;
  std::vector<NodeId> node_level_;
  std::vector<NodeId> community_;
  std::vector<NodeId> next_community_;
  QualityTerms quality_terms_;
};

// A node's view of the communities around it: the weight of its arcs into its own community
// and into each other neighbouring community, in order of first touch. Reads only `community`.
void LeidenRun::Evaluate(const Level& level, std::span<const NodeId> community, NodeId v,
                         MoveScratch& scratch, Proposal& out) {
  const NodeId own = community[v];
  std::vector<double>& link = scratch.link;
  std::vector<NodeId>& touched = scratch.touched;
  const EdgeOffset begin = level.offsets[v];
  const EdgeOffset end = level.offsets[v + 1];
  for (EdgeOffset i = begin; i < end; ++i) {
    const NodeId u = level.targets[i];
    const double w = level.weights[i];
    if (u == v || w <= 0.0) continue;
    const NodeId c = community[u];
    if (link[c] == 0.0) touched.push_back(c);
    link[c] += w;
  }
  out.own_link = link[own];
  link[own] = 0.0;
  out.count = 0;
  for (const NodeId c : touched) {
    if (c == own) continue;
    proposal_community_[out.first + out.count] = c;
    proposal_link_[out.first + out.count] = link[c];
    ++out.count;
    link[c] = 0.0;
  }
  touched.clear();
}

void LeidenRun::MoveNodes(const Level& level, std::vector<NodeId>& community, Rng& rng) {
  const NodeId n = level.size();
  const std::span<const double> a = level.node_weight;
  weight_.assign(n, 0.0);
  community_size_.assign(n, 0);
  for (NodeId v = 0; v < n; ++v) {
    weight_[community[v]] += a[v];
    ++community_size_[community[v]];
  }
  // Popped from the back: the smallest free id is used first.
  empty_.clear();
  for (NodeId c = n; c-- > 0;) {
    if (community_size_[c] == 0) empty_.push_back(c);
  }
  queue_.resize(n);
  std::iota(queue_.begin(), queue_.end(), NodeId{0});
  for (NodeId i = n; i > 1; --i) std::swap(queue_[i - 1], queue_[rng.Below(i)]);
  queue_state_.assign(n, kQueued);
  own_link_.resize(n);
  // The queue is served in batches taken from its head: the arcs of a batch's nodes are read
  // in parallel against the communities as they stand when the batch starts, then the nodes
  // are moved one by one in queue order. A node a neighbour of which moved earlier in the
  // batch is read again at its turn, and community weights are always the current ones, so
  // every move is the one the serial queue would make: the batch size (a function of the
  // level size alone) changes cost, never results.
  const std::size_t batch_size = n >= kMoveBatchMinNodes ? kMoveBatch : 1;
  proposals_.resize(batch_size);
  // queue_ is a ring: `pending` entries from `head`. A node is in it at most once.
  std::size_t head = 0;
  std::size_t pending = n;
  const auto at = [n](std::size_t i) { return i < n ? i : i - n; };
  std::uint32_t stamp = kQueued;
  MoveScratch& serial_scratch = move_scratch_.local();
  serial_scratch.link.resize(n, 0.0);
  while (pending > 0) {
    const std::size_t batch = std::min(batch_size, pending);
    if (++stamp == 0) {
      for (std::uint32_t& state : queue_state_) state = state == 0 ? 0 : kQueued;
      stamp = kQueued + 1;
    }
    EdgeOffset total = 0;
    for (std::size_t k = 0; k < batch; ++k) {
      const NodeId v = queue_[at(head + k)];
      proposals_[k].first = total;
      total += level.offsets[v + 1] - level.offsets[v];
    }
    if (proposal_community_.size() < total) {
      proposal_community_.resize(total);
      proposal_link_.resize(total);
    }
    if (batch == 1) {
      Evaluate(level, community, queue_[head], serial_scratch, proposals_[0]);
    } else {
      parallel::ForChunks(0, batch, kMoveBatchGrain, [&](std::size_t lo, std::size_t hi) {
        MoveScratch& scratch = move_scratch_.local();
        scratch.link.resize(n, 0.0);
        for (std::size_t k = lo; k < hi; ++k) {
          if (k + 1 < hi) {
            const EdgeOffset next = level.offsets[queue_[at(head + k + 1)]];
            __builtin_prefetch(level.targets.data() + next);
            __builtin_prefetch(level.weights.data() + next);
          }
          Evaluate(level, community, queue_[at(head + k)], scratch, proposals_[k]);
        }
      });
    }
    for (std::size_t k = 0; k < batch; ++k) {
      const NodeId v = queue_[head];
      head = at(head + 1);
      --pending;
      const bool dirty = queue_state_[v] == stamp;
      queue_state_[v] = 0;
      if (k + 1 < batch) {
        const EdgeOffset next = level.offsets[queue_[head]];
        __builtin_prefetch(level.targets.data() + next);
      }
      Proposal& proposal = proposals_[k];
      if (dirty) Evaluate(level, community, v, serial_scratch, proposal);
      const NodeId own = community[v];
      const double charge = coefficient_ * a[v];
      NodeId best = own;
      double best_link = proposal.own_link;
      // Exactly 0 when v is alone, whatever rounding the community's weight has gathered.
      const double rest = community_size_[own] == 1 ? 0.0 : weight_[own] - a[v];
      double best_gain = proposal.own_link - charge * rest;
      for (std::uint32_t j = 0; j < proposal.count; ++j) {
        const NodeId c = proposal_community_[proposal.first + j];
        const double link = proposal_link_[proposal.first + j];
        const double gain = link - charge * weight_[c];
        if (gain > best_gain) {
          best = c;
          best_link = link;
          best_gain = gain;
        }
      }
      // Alone, v gains 0; v's own community is never empty here, so this is a new one.
      if (best_gain < 0.0) {
        best = empty_.back();
        empty_.pop_back();
        best_link = 0.0;
      }
      own_link_[v] = best_link;
      if (best == own) continue;
      weight_[own] = rest;
      weight_[best] += a[v];
      if (--community_size_[own] == 0) empty_.push_back(own);
      ++community_size_[best];
      community[v] = best;
      // Neighbours keep their link to their own community current; those in the queue are
      // marked to be read again if in this batch, the others join unless already in `best`.
      for (EdgeOffset i = level.offsets[v]; i < level.offsets[v + 1]; ++i) {
        const NodeId u = level.targets[i];
        const double w = level.weights[i];
        if (u == v || w <= 0.0) continue;
        const NodeId c = community[u];
        if (c == own) {
          own_link_[u] -= w;
        } else if (c == best) {
          own_link_[u] += w;
        }
        std::uint32_t& state = queue_state_[u];
        if (state != 0) {
          state = stamp;
          continue;
        }
        if (c == best) continue;
        state = kQueued;
        queue_[at(head + pending)] = u;
        ++pending;
      }
    }
  }
}

NodeId LeidenRun::Refine(const Level& level, std::span<const NodeId> community, NodeId count,
                         std::uint32_t iteration, std::uint32_t level_index) {
  const NodeId n = level.size();
  const std::span<const double> a = level.node_weight;
  GroupByLabel(community, count, group_offsets_, group_members_);
  refined_.resize(n);
  refined_weight_.resize(n);
  refined_size_.resize(n);
  external_.resize(n);
  // Tasks are runs of consecutive communities of about refine_grain nodes in all, so tasks
  // carry similar work whether communities are many and small or few and large.
  tasks_.assign(1, 0);
  std::size_t nodes = 0;
  for (NodeId s = 0; s < count; ++s) {
    nodes += group_offsets_[s + 1] - group_offsets_[s];
    if (nodes >= options_.refine_grain || s + 1 == count) {
      tasks_.push_back(s + 1);
      nodes = 0;
    }
  }
  // Communities are disjoint, so each task writes only the entries of its own communities'
  // nodes in the shared arrays (a refined community is named by one of its member nodes).
  parallel::For(0, tasks_.size() - 1, 1, [&](std::size_t task) {
    const std::size_t lo = tasks_[task];
    const std::size_t hi = tasks_[task + 1];
    std::vector<NodeId> touched;
    std::vector<NodeId> candidates;
    std::vector<double> gains;
    std::vector<double> cumulative;
    for (std::size_t s = lo; s < hi; ++s) {
      const std::span<NodeId> members(group_members_.data() + group_offsets_[s],
                                      group_members_.data() + group_offsets_[s + 1]);
      double total = 0.0;
      for (const NodeId v : members) {
        total += a[v];
        refined_[v] = v;
        refined_weight_[v] = a[v];
        refined_size_[v] = 1;
        external_[v] = own_link_[v];
      }
      if (members.size() == 1) continue;
      Rng rng(options_.seed, StreamId(iteration, level_index, static_cast<NodeId>(s)));
      for (std::size_t i = members.size(); i > 1; --i) {
        std::swap(members[i - 1], members[rng.Below(i)]);
      }
      for (std::size_t m = 0; m < members.size(); ++m) {
        const NodeId v = members[m];
        // Members come in random order: fetch the next one's arcs while this one is read.
        if (m + 1 < members.size()) {
          const EdgeOffset next = level.offsets[members[m + 1]];
          __builtin_prefetch(level.targets.data() + next);
          __builtin_prefetch(level.weights.data() + next);
        }
        // Only singletons move, and only when well connected to the rest of the community.
        if (refined_size_[v] != 1 || refined_[v] != v) continue;
        if (external_[v] < coefficient_ * a[v] * (total - a[v])) continue;
        for (EdgeOffset i = level.offsets[v]; i < level.offsets[v + 1]; ++i) {
          const NodeId u = level.targets[i];
          const double w = level.weights[i];
          if (u == v || w <= 0.0 || community[u] != s) continue;
          const NodeId t = refined_[u];
          if (neighbour_weight_[t] == 0.0) touched.push_back(t);
          neighbour_weight_[t] += w;
        }
        // Candidates: gain >= 0 into a well-connected sub-community; staying alone (gain 0)
        // is always one too.
        const double charge = coefficient_ * a[v];
        candidates.clear();
        gains.clear();
        double max_gain = 0.0;
        NodeId greedy = v;
        for (const NodeId t : touched) {
          const double gain = neighbour_weight_[t] - charge * refined_weight_[t];
          const bool connected =
              external_[t] >= coefficient_ * refined_weight_[t] * (total - refined_weight_[t]);
          if (!connected || gain < 0.0) continue;
          if (gain > max_gain) {
            max_gain = gain;
            greedy = t;
          }
          candidates.push_back(t);
          gains.push_back(gain);
        }
        NodeId chosen = greedy;
        if (options_.randomness > 0.0 && !candidates.empty()) {
          // Weights exp((gain - max) / theta) cannot overflow; staying comes last. Below
          // kExpZero, exp is exactly 0 in double precision, so the call is skipped.
          cumulative.clear();
          double sum = 0.0;
          for (const double gain : gains) {
            const double x = (gain - max_gain) / options_.randomness;
            sum += x < kExpZero ? 0.0 : std::exp(x);
            cumulative.push_back(sum);
          }
          const double stay = -max_gain / options_.randomness;
          sum += stay < kExpZero ? 0.0 : std::exp(stay);
          const double draw = rng.Real() * sum;
          const auto pick = std::upper_bound(cumulative.begin(), cumulative.end(), draw);
          chosen = pick == cumulative.end() ? v : candidates[pick - cumulative.begin()];
        }
        if (chosen != v) {
          refined_[v] = chosen;
          refined_weight_[chosen] += a[v];
          ++refined_size_[chosen];
          refined_size_[v] = 0;
          external_[chosen] += external_[v] - 2.0 * neighbour_weight_[chosen];
        }
        for (const NodeId t : touched) neighbour_weight_[t] = 0.0;
        touched.clear();
      }
    }
  });
  // Dense ids in order of each refined community's naming node.
  rename_.assign(n, kNoId);
  NodeId refined_count = 0;
  for (NodeId v = 0; v < n; ++v) {
    if (refined_[v] == v) rename_[v] = refined_count++;
  }
  for (NodeId v = 0; v < n; ++v) refined_[v] = rename_[refined_[v]];
  return refined_count;
}

NodeId LeidenRun::SplitIntoComponents(const Level& level, std::span<const NodeId> community) {
  const NodeId n = level.size();
  refined_.assign(n, kNoId);
  NodeId parts = 0;
  std::vector<NodeId> stack;
  for (NodeId root = 0; root < n; ++root) {
    if (refined_[root] != kNoId) continue;
    refined_[root] = parts;
    stack.push_back(root);
    while (!stack.empty()) {
      const NodeId x = stack.back();
      stack.pop_back();
      for (EdgeOffset i = level.offsets[x]; i < level.offsets[x + 1]; ++i) {
        const NodeId y = level.targets[i];
        if (refined_[y] == kNoId && level.weights[i] > 0.0 && community[y] == community[x]) {
          refined_[y] = parts;
          stack.push_back(y);
        }
      }
    }
    ++parts;
  }
  return parts;
}

Level LeidenRun::Aggregate(const Level& level, NodeId count, LevelStorage& out) {
  GroupByLabel(std::span<const NodeId>(refined_.data(), level.size()), count, group_offsets_,
               group_members_);
  out.node_weight.assign(count, 0.0);
  // Each aggregated node's arcs are summed per target in a per-thread dense array and written,
  // in order of first touch, to a slot bounded by its members' degrees; members are visited in
  // node order and arcs in stored order, so every sum and list is a function of the input.
  std::vector<EdgeOffset>& slot = slot_;
  slot.assign(static_cast<std::size_t>(count) + 1, 0);
  for (NodeId r = 0; r < count; ++r) {
    EdgeOffset degree = 0;
    for (NodeId k = group_offsets_[r]; k < group_offsets_[r + 1]; ++k) {
      const NodeId x = group_members_[k];
      degree += level.offsets[x + 1] - level.offsets[x];
    }
    slot[r + 1] = slot[r] + degree;
  }
  // Arcs are written at their slot in out's arrays, then moved down in place.
  out.targets.resize(slot[count]);
  out.weights.resize(slot[count]);
  std::vector<EdgeOffset>& kept = kept_;
  kept.assign(count, 0);
  // Refined communities differ widely in size (a few hold most nodes on upper levels), so
  // chunks are kept small enough that both threads and larger machines get several.
  const std::size_t grain =
      std::clamp<std::size_t>(count / 64, 1, std::max<std::size_t>(options_.grain, 1));
  parallel::ForChunks(0, count, grain, [&](std::size_t lo, std::size_t hi) {
    AggregateScratch& scratch = aggregate_scratch_.local();
    scratch.weight.resize(count, 0.0);
    for (std::size_t r = lo; r < hi; ++r) {
      double node_weight = 0.0;
      for (NodeId k = group_offsets_[r]; k < group_offsets_[r + 1]; ++k) {
        const NodeId x = group_members_[k];
        node_weight += level.node_weight[x];
        for (EdgeOffset i = level.offsets[x]; i < level.offsets[x + 1]; ++i) {
          const NodeId t = refined_[level.targets[i]];
          const double w = level.weights[i];
          if (t == r || w <= 0.0) continue;
          if (scratch.weight[t] == 0.0) scratch.touched.push_back(t);
          scratch.weight[t] += w;
        }
      }
      out.node_weight[r] = node_weight;
      EdgeOffset at = slot[r];
      for (const NodeId t : scratch.touched) {
        out.targets[at] = t;
        out.weights[at++] = scratch.weight[t];
        scratch.weight[t] = 0.0;
      }
      kept[r] = scratch.touched.size();
      scratch.touched.clear();
    }
  });
  out.offsets.assign(static_cast<std::size_t>(count) + 1, 0);
  for (NodeId r = 0; r < count; ++r) {
    out.offsets[r + 1] = out.offsets[r] + kept[r];
    // out.offsets[r] <= slot[r]: a forward copy never overwrites arcs still to be moved.
    if (out.offsets[r] != slot[r]) {
      const auto from = static_cast<std::ptrdiff_t>(slot[r]);
      const auto to = static_cast<std::ptrdiff_t>(out.offsets[r]);
      const auto length = static_cast<std::ptrdiff_t>(kept[r]);
      std::copy(out.targets.begin() + from, out.targets.begin() + from + length,
                out.targets.begin() + to);
      std::copy(out.weights.begin() + from, out.weights.begin() + from + length,
                out.weights.begin() + to);
    }
  }
  out.targets.resize(out.offsets[count]);
  out.weights.resize(out.offsets[count]);
  return {out.offsets, out.targets, out.weights, out.node_weight};
}

void LeidenRun::Iterate(std::uint32_t iteration, std::vector<NodeId>& labels) {
  const NodeId n = graph_.num_nodes();
  // Level of each input node; identity at level 0.
  std::vector<NodeId>& node_level = node_level_;
  node_level.resize(n);
  std::iota(node_level.begin(), node_level.end(), NodeId{0});
  std::vector<NodeId>& community = community_;
  community.assign(labels.begin(), labels.end());
  Level current{graph_.offsets(), graph_.targets(), graph_.weights(), base_weight_};
  for (std::uint32_t level_index = 0;; ++level_index) {
    Rng rng(options_.seed, StreamId(iteration, level_index, kNoId));
    MoveNodes(current, community, rng);
    const NodeId size = current.size();
    const NodeId count = Canonicalise(community, rename_, size);
    if (count == size) break;
    NodeId refined_count = Refine(current, community, count, iteration, level_index);
    if (refined_count == size) {
      refined_count = SplitIntoComponents(current, community);
      if (refined_count == size) {
        // No community has an internal edge of positive weight: singletons are at least as
        // good, and keep every community connected.
        std::iota(community.begin(), community.end(), NodeId{0});
        break;
      }
    }
    // Each refined community lies inside one community, which becomes its starting one.
    next_community_.resize(refined_count);
    for (NodeId v = 0; v < size; ++v) next_community_[refined_[v]] = community[v];
    const Level next = Aggregate(current, refined_count, storage_[level_index % 2]);
    parallel::For(0, n, options_.grain,
                  [&](std::size_t v) { node_level[v] = refined_[node_level[v]]; });
    current = next;
    community.swap(next_community_);
  }
  for (NodeId v = 0; v < n; ++v) labels[v] = community[node_level[v]];
  Canonicalise(labels, rename_, n);
}

// What an iteration's gain is measured against, below |quality|: 1% of the most the objective
// can reach (1 for modularity, the total edge weight m for CPM). Without it a quality that
// stays near 0 (a resolution near the graph's density) would never let the tolerance end
// the run.
double GainFloor(LeidenObjective objective, double two_m) {
  return 0.01 * (objective == LeidenObjective::kCpm ? two_m / 2.0 : 1.0);
}

// The tolerance rule, on the history up to the latest iteration; the first iteration, which
// starts from singletons, never ends the run by it.
bool GainedTooLittle(std::span<const double> quality_per_iteration, double tolerance,
                     double floor) {
  const std::size_t done = quality_per_iteration.size();
  if (tolerance <= 0.0 || done < 2) return false;
  const double now = quality_per_iteration[done - 1];
  return now - quality_per_iteration[done - 2] < tolerance * std::max(std::abs(now), floor);
}

LeidenResult LeidenRun::Run() {
  if (graph_.directed()) throw InvalidInput("graph", "Leiden needs an undirected graph");
  if (!(options_.resolution >= 0.0) || !std::isfinite(options_.resolution)) {
    throw InvalidInput("resolution", "must be finite and non-negative");
  }
  if (!(options_.randomness >= 0.0) || !std::isfinite(options_.randomness)) {
    throw InvalidInput("randomness", "must be finite and non-negative");
  }
  if (!(options_.tolerance >= 0.0) || !std::isfinite(options_.tolerance)) {
    throw InvalidInput("tolerance", "must be finite and non-negative");
  }
  for (const double w : graph_.weights()) {
    if (w < 0.0) throw InvalidInput("graph", "Leiden needs non-negative edge weights");
  }
  const NodeId n = graph_.num_nodes();
  LeidenResult result;
  result.label.resize(n);
  std::iota(result.label.begin(), result.label.end(), NodeId{0});
  const auto quality = [&](std::span<const NodeId> labels) {
    ComputeQualityTerms(graph_, labels, quality_terms_);
    return options_.objective == LeidenObjective::kCpm
               ? CpmQualityOf(quality_terms_, options_.resolution)
               : ModularityOf(quality_terms_, options_.resolution);
  };
  if (n == 0) {
    result.stable = true;
    return result;
  }
  base_weight_.resize(n);
  parallel::For(0, n, options_.grain, [&](std::size_t v) {
    const auto targets = graph_.Neighbors(static_cast<NodeId>(v));
    const auto weights = graph_.Weights(static_cast<NodeId>(v));
    double k = 0.0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      k += targets[i] == v ? 2.0 * weights[i] : weights[i];
    }
    base_weight_[v] = k;
  });
  const double two_m = std::accumulate(base_weight_.begin(), base_weight_.end(), 0.0);
  if (options_.objective == LeidenObjective::kCpm) base_weight_.assign(n, 1.0);
  coefficient_ = GainCoefficient(options_.objective, options_.resolution, two_m);
  neighbour_weight_.assign(n, 0.0);
  // An aggregated level has at most as many arcs as the input: reserving address space now
  // (no pages are touched) spares regrowth copies later.
  for (LevelStorage& storage : storage_) {
    storage.targets.reserve(graph_.targets().size());
    storage.weights.reserve(graph_.targets().size());
  }
  std::vector<NodeId> labels = result.label;
  while (options_.max_iterations == 0 || result.iterations < options_.max_iterations) {
    ++result.iterations;
    Iterate(result.iterations, labels);
    result.stable = labels == result.label;
    result.label.swap(labels);
    result.quality_per_iteration.push_back(quality(result.label));
    if (result.stable || GainedTooLittle(result.quality_per_iteration, options_.tolerance,
                                         GainFloor(options_.objective, two_m))) {
      break;
    }
    labels = result.label;
  }
  result.count = *std::max_element(result.label.begin(), result.label.end()) + 1;
  result.quality = result.quality_per_iteration.back();
  return result;
}

}  // namespace

LeidenResult Leiden(const CsrGraph& graph, const LeidenOptions& options) {
  return LeidenRun(graph, options).Run();
}

double Modularity(const CsrGraph& graph, std::span<const NodeId> labels, double resolution) {
  QualityTerms terms;
  ComputeQualityTerms(graph, labels, terms);
  return ModularityOf(terms, resolution);
}

double CpmQuality(const CsrGraph& graph, std::span<const NodeId> labels, double resolution) {
  QualityTerms terms;
  ComputeQualityTerms(graph, labels, terms);
  return CpmQualityOf(terms, resolution);
}

void VerifyLeiden(const CsrGraph& graph, const LeidenResult& result, const LeidenOptions& options) {
  const auto fail = [](const std::string& what) { throw InternalError("VerifyLeiden: " + what); };
  const NodeId n = graph.num_nodes();
  if (result.label.size() != n) fail("label array has the wrong size");
  NodeId next = 0;
  for (NodeId v = 0; v < n; ++v) {
    const NodeId label = result.label[v];
    if (label > next || label >= result.count) {
      fail("node " + std::to_string(v) + " has label " + std::to_string(label) +
           ": labels must be dense, below the count, numbered by smallest member");
    }
    if (label == next) ++next;
  }
  if (next != result.count) fail("count differs from the number of communities");

  // Each community must be connected: BFS from its smallest member within the community.
  std::vector<std::uint8_t> reached(n, 0);
  std::vector<NodeId> frontier;
  NodeId seen = 0;
  for (NodeId v = 0; v < n; ++v) {
    const NodeId label = result.label[v];
    if (label < seen) {
      if (!reached[v]) {
        fail("community " + std::to_string(label) + " is disconnected at node " +
             std::to_string(v));
      }
      continue;
    }
    ++seen;
    reached[v] = 1;
    frontier.assign(1, v);
    while (!frontier.empty()) {
      const NodeId x = frontier.back();
      frontier.pop_back();
      for (const NodeId y : graph.Neighbors(x)) {
        if (!reached[y] && result.label[y] == label) {
          reached[y] = 1;
          frontier.push_back(y);
        }
      }
    }
  }

  const bool cpm = options.objective == LeidenObjective::kCpm;
  const double quality = n == 0 ? 0.0
                         : cpm  ? CpmQuality(graph, result.label, options.resolution)
                                : Modularity(graph, result.label, options.resolution);
  const auto close = [](double x, double y) {
    return std::abs(x - y) <= 1e-9 * std::max({1.0, std::abs(x), std::abs(y)});
  };
  if (!close(quality, result.quality)) {
    fail("reported quality " + std::to_string(result.quality) + " but the partition has " +
         std::to_string(quality));
  }
  if (result.quality_per_iteration.size() != result.iterations) {
    fail("quality history length differs from the iteration count");
  }
  if (options.max_iterations != 0 && result.iterations > options.max_iterations) {
    fail("ran more iterations than allowed");
  }
  if (n > 0 && (result.quality_per_iteration.empty() ||
                result.quality_per_iteration.back() != result.quality)) {
    fail("quality history does not end at the reported quality");
  }
  for (std::size_t i = 1; i < result.quality_per_iteration.size(); ++i) {
    const double before = result.quality_per_iteration[i - 1];
    const double after = result.quality_per_iteration[i];
    if (after < before && !close(before, after)) {
      fail("quality dropped in iteration " + std::to_string(i + 1));
    }
  }
  QualityTerms terms;
  ComputeQualityTerms(graph, result.label, terms);
  const double floor = GainFloor(options.objective, terms.two_m);
  const std::span<const double> history = result.quality_per_iteration;
  for (std::size_t done = 1; done < history.size(); ++done) {
    if (GainedTooLittle(history.first(done), options.tolerance, floor)) {
      fail("went on after iteration " + std::to_string(done) + " gained less than the tolerance");
    }
  }
  const bool capped = options.max_iterations != 0 && result.iterations == options.max_iterations;
  if (n > 0 && !result.stable && !capped && !GainedTooLittle(history, options.tolerance, floor)) {
    fail("stopped at iteration " + std::to_string(result.iterations) +
         " with no stopping rule met");
  }
  if (!result.stable || n == 0) return;

  // Local optimality: no node gains by moving alone or to a neighbouring community.
  const double coefficient = GainCoefficient(options.objective, options.resolution, terms.two_m);
  const std::vector<double>& charged = cpm ? terms.size : terms.degree_sum;
  std::vector<double> to_community(n, 0.0);
  std::vector<NodeId> touched;
  for (NodeId v = 0; v < n; ++v) {
    const auto targets = graph.Neighbors(v);
    const auto weights = graph.Weights(v);
    double strength = 0.0;
    double self = 0.0;
    for (std::size_t i = 0; i < targets.size(); ++i) {
      strength += weights[i];
      if (targets[i] == v) {
        self += weights[i];
        continue;
      }
      const NodeId c = result.label[targets[i]];
      if (to_community[c] == 0.0) touched.push_back(c);
      to_community[c] += weights[i];
    }
    const double a = cpm ? 1.0 : strength + self;
    const NodeId own = result.label[v];
    const double charge = coefficient * a;
    const double stay = to_community[own] - charge * (charged[own] - a);
    const double tolerance = 1e-9 * (1.0 + strength + charge * (cpm ? n : terms.two_m));
    double best = 0.0;
    for (const NodeId c : touched) {
      if (c != own) best = std::max(best, to_community[c] - charge * charged[c]);
    }
    for (const NodeId c : touched) to_community[c] = 0.0;
    touched.clear();
    if (best > stay + tolerance) {
      fail("node " + std::to_string(v) + " gains " + std::to_string(best - stay) +
           " by leaving community " + std::to_string(own));
    }
  }
}

}  // namespace corridor
