#pragma once
// Typed links between entities, each aggregating the events behind it: how many, when first
// and last, total duration and amounts, and the records that evidence it. A prosecutor's
// chart shows one line per link; the evidence list lets every line be cited.
//
// Aggregation sorts events by (type, source, target, record) before folding them, so the
// table, its sums included, is the same whatever order events arrived in.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/ids.h"
#include "engine/partial_time.h"

namespace corridor {

enum class LinkType : std::uint8_t {
  kUses,       // person -> phone
  kHolds,      // person -> document or account
  kCalled,     // phone -> phone
  kPaid,       // account or person -> account or person
  kTravelled,  // person (or a calling phone) -> place: a journey, payment or call put it there
  kLeg,        // place -> place
  kContact,    // phone -> phone, from a handset's contact list
  kAssociate,  // person -> person
};
inline constexpr int kLinkTypeCount = 8;

std::string_view LinkTypeName(LinkType type);
std::optional<LinkType> ParseLinkType(std::string_view name);

struct LinkEvent {
  LinkType type;
  EntityId source;
  EntityId target;
  RecordIndex record;     // the record that evidences this event
  PartialTime time;       // unknown when the source has none
  double duration_s = 0;  // calls
  double amount = 0;      // transfers, in `currency`
  StringId currency = 0;  // interned; 0 when no amount
};

struct CurrencyAmount {
  StringId currency;
  double amount;
};

struct LinkTable {
  std::vector<LinkType> types;
  std::vector<EntityId> sources;
  std::vector<EntityId> targets;
  std::vector<std::uint32_t> counts;
  std::vector<PartialTime> first_seen;  // earliest known event time, unknown if none
  std::vector<PartialTime> last_seen;
  std::vector<double> total_duration_s;
  std::vector<std::uint64_t> amount_begin;    // size() + 1 offsets into amounts
  std::vector<CurrencyAmount> amounts;        // one per currency, ordered by currency id
  std::vector<std::uint64_t> evidence_begin;  // size() + 1 offsets into evidence
  std::vector<RecordIndex> evidence;          // sorted ascending within each link

  std::size_t size() const { return types.size(); }
  std::span<const RecordIndex> Evidence(std::size_t link) const {
    return {evidence.data() + evidence_begin[link], evidence.data() + evidence_begin[link + 1]};
  }
  std::span<const CurrencyAmount> Amounts(std::size_t link) const {
    return {amounts.data() + amount_begin[link], amounts.data() + amount_begin[link + 1]};
  }

  // Folds events into one link per (type, source, target). Consumes `events` (it is sorted).
  static LinkTable Aggregate(std::vector<LinkEvent> events);
};

}  // namespace corridor
