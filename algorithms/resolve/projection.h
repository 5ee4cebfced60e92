#pragma once
// Gathers the person-to-person evidence of a network (engine/network.h, Tie) and folds it into
// the person projection: per pair of persons, the events or shared identifiers of each kind,
// their *shares*, and the weighted sum of the shares.
//
// A share is the part of one piece of evidence that falls to one pair. An identifier shared by
// a group of m persons gives each pair 1/(m - 1), as in Newman's weighting of co-authorship
// (Phys. Rev. E 64, 016132, 2001): a person's tie to each of m - 1 others through one street
// address or one bus says less the more others it is shared with, and a group's members get
// one whole tie each, however large it is. An event between two persons is a whole share; the
// caller passes less where one event may be any of several persons' (a call between phones of
// several users).
//
// Evidence is appended as (pair, kind, events, share) entries of 16 bytes and folded by
// sorting and summing once the array holds twice what the last fold left plus `first_fold`
// (and at the end). A hash map of pairs took about 64 bytes a pair and a sorted copy beside it
// at the end: on a 300k-person case the network build's peak fell from 5.39 to 4.80 GiB.
// Shares are fixed point (kShareUnit per whole share) and both sums are integers, so neither
// the order evidence arrives in nor when it is folded changes the projection. Both saturate,
// at 2^28 events and at 65,536 whole shares per pair and kind (a weight of 16 times the
// kind's); a share is never rounded below one unit, so no evidence is lost to rounding.
//
// Evidence may be marked as a service's (a money service's payments, the calls on its phones):
// it counts in the weights like any other, and is left out of the cell weights, the graph
// cells are found on (PersonProjection::cell_weights).

#include <cstddef>
#include <cstdint>
#include <tuple>
#include <vector>

#include "engine/ids.h"
#include "engine/network.h"

namespace corridor {

class ProjectionBuilder {
 public:
  // Groups of more than `max_group` distinct persons are skipped and counted in `skipped`.
  // The first fold comes after `first_fold` entries; tests lower it to fold often.
  static constexpr std::size_t kFirstFold = std::size_t{1} << 20;
  ProjectionBuilder(std::size_t max_group, std::uint64_t& skipped,
                    std::size_t first_fold = kFirstFold);

  static constexpr std::uint32_t kShareUnit = 1u << 16;

  // `count` events of kind `tie` between persons a and b, in either order; nothing if a == b.
  // Each event is a whole share unless `share` (fixed point, kShareUnit a whole) says less.
  void Add(std::uint32_t a, std::uint32_t b, Tie tie, std::uint32_t count);
  void Add(std::uint32_t a, std::uint32_t b, Tie tie, std::uint32_t count, std::uint64_t share,
           bool service = false);
  // Ties every pair of a group of distinct persons, each with a share of 1/(m - 1); sorts and
  // deduplicates `members`.
  void AddGroup(std::vector<std::uint32_t>& members, Tie tie);

  // The projection over persons 0..node_of_person.size()-1. A pair whose weight comes to 0
  // (every kind of its evidence weighted 0) gets no tie. `money_service` (one flag per person,
  // or empty) is kept in the result.
  PersonProjection Finish(std::vector<NodeId> node_of_person, const ProjectionWeights& weights,
                          std::vector<bool> money_service = {});

 private:
  struct Entry {
    static constexpr std::uint32_t kCountBits = 28;
    static constexpr std::uint32_t kMaxCount = (1u << kCountBits) - 1;

    std::uint64_t pair;  // smaller person in the high half
    // The tie kind in the top 4 bits (the service flag, then the Tie), the events below.
    std::uint32_t kind_count;
    std::uint32_t share;  // fixed point, kShareUnit a whole share

    static constexpr std::uint32_t kServiceKind = 8;
    std::uint32_t kind() const { return kind_count >> kCountBits; }
    Tie tie() const { return static_cast<Tie>(kind() & (kServiceKind - 1)); }
    bool service() const { return (kind() & kServiceKind) != 0; }
    std::uint32_t count() const { return kind_count & kMaxCount; }
    // Kind first after the pair, so one pair's entries of one kind are adjacent.
    friend bool operator<(const Entry& x, const Entry& y) {
      return std::tie(x.pair, x.kind_count, x.share) < std::tie(y.pair, y.kind_count, y.share);
    }
  };
  static_assert(kTieCount <= 8, "the tie kind and the service flag take 4 bits of kind_count");
  void Fold();

  std::size_t max_group_;
  std::uint64_t& skipped_;
  std::size_t first_fold_;
  std::vector<Entry> evidence_;
  std::size_t folded_ = 0;
};

// The graph cells are found on: the projection's ties by their cell weights, those of weight
// 0 left out. Empty (no nodes) when every cell weight equals its weight, as when there are no
// money services: the projection's own graph is then the cell graph, and no copy is made.
CsrGraph CellGraph(const PersonProjection& projection);

}  // namespace corridor
