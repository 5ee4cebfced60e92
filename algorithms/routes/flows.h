#pragma once
// Money flows (DESIGN.md section 4): transfers aggregated between entities and between places,
// and, for a seed entity, where its money went (downstream) or where the money it received
// came from (upstream).
//
// Places of a transfer: the payer is where the transfer was made when the record says so,
// else at the payer's last sighting at or before it (movements.h); the payee at the payee's
// last sighting at or before it. Unknown places are kNoId, and their money is still counted.
//
// Flow trees follow money in time (temporal reachability, as in Kempe, Kleinberg & Kumar
// 2002): downstream, a transfer out of an entity counts only if it is not earlier than the
// first money that reached the entity from the seed; upstream, a transfer into an entity
// counts only if it is not later than the last money the entity passed towards the seed.
// Transfers are scanned once in time order (reverse order upstream), so each entity gets its
// earliest (latest) time and the number of hops on the path that first reached it.
// Undated transfers cannot be placed in time and are followed only when time_respecting is
// off. O(T log T) for T transfers.

#include <cstdint>
#include <span>
#include <vector>

#include "algorithms/resolve/network.h"
#include "algorithms/routes/movements.h"
#include "engine/partial_time.h"
#include "engine/record.h"

namespace corridor {

// Transfers folded per (from, to, currency).
struct Flow {
  NodeId from, to;  // entities, or places (kNoId where unknown)
  StringId currency;
  double amount = 0;
  std::uint32_t count = 0;
  PartialTime first_seen, last_seen;
  std::vector<RecordIndex> evidence;  // ascending
};

// By (from, to, currency); sums taken in record order, so they are reproducible.
std::vector<Flow> EntityFlows(std::span<const Transfer> transfers, const RecordTable& records);
std::vector<Flow> PlaceFlows(std::span<const Transfer> transfers, const RecordTable& records,
                             const Movements& movements);

struct FlowTreeOptions {
  bool downstream = true;
  std::uint32_t max_depth = 4;  // hops from the seed
  bool time_respecting = true;
};

struct FlowTree {
  NodeId seed = kNoId;
  std::vector<NodeId> nodes;            // reached, the seed first, then by node id
  std::vector<std::uint32_t> depth;     // hops from the seed, per entry of `nodes`
  std::vector<PartialTime> reached_at;  // first (downstream) or last (upstream) money
  std::vector<Flow> flows;              // the transfers followed, folded; by (from, to, currency)
};

FlowTree TraceFlows(std::span<const Transfer> transfers, const RecordTable& records, NodeId seed,
                    const FlowTreeOptions& options);

// Checks every followed transfer by brute force: its payer (payee upstream) was reached no
// later (earlier) than it, within the depth, and no transfer that qualifies was left out.
// Throws InternalError.
void VerifyFlowTree(const FlowTree& tree, std::span<const Transfer> transfers,
                    const RecordTable& records, const FlowTreeOptions& options);

}  // namespace corridor
