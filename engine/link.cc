#include "engine/link.h"

#include <algorithm>
#include <array>
#include <tuple>

namespace corridor {
namespace {

constexpr std::array<std::string_view, kLinkTypeCount> kLinkNames = {
    "USES", "HOLDS", "CALLED", "PAID", "TRAVELLED", "LEG", "CONTACT", "ASSOCIATE"};

auto Key(const LinkEvent& e) { return std::tie(e.type, e.source, e.target); }

}  // namespace

std::string_view LinkTypeName(LinkType type) { return kLinkNames[static_cast<std::size_t>(type)]; }

std::optional<LinkType> ParseLinkType(std::string_view name) {
  for (std::size_t i = 0; i < kLinkNames.size(); ++i) {
    if (kLinkNames[i] == name) return static_cast<LinkType>(i);
  }
  return std::nullopt;
}

LinkTable LinkTable::Aggregate(std::vector<LinkEvent> events) {
  std::sort(events.begin(), events.end(), [](const LinkEvent& a, const LinkEvent& b) {
    // Every field takes part, so events equal under the key still have one order whatever
    // order they arrived in, and the floating-point sums below are reproducible.
    return std::tie(a.type, a.source, a.target, a.record, a.currency, a.amount, a.duration_s,
                    a.time) < std::tie(b.type, b.source, b.target, b.record, b.currency, b.amount,
                                       b.duration_s, b.time);
  });
  LinkTable table;
  table.amount_begin.push_back(0);
  table.evidence_begin.push_back(0);
  std::vector<CurrencyAmount> link_amounts;
  for (std::size_t begin = 0; begin < events.size();) {
    std::size_t end = begin + 1;
    while (end < events.size() && Key(events[end]) == Key(events[begin])) ++end;
    const LinkEvent& head = events[begin];
    table.types.push_back(head.type);
    table.sources.push_back(head.source);
    table.targets.push_back(head.target);
    table.counts.push_back(static_cast<std::uint32_t>(end - begin));
    PartialTime first, last;
    double duration = 0;
    link_amounts.clear();
    for (std::size_t i = begin; i < end; ++i) {
      const LinkEvent& e = events[i];
      if (e.time.known()) {
        if (!first.known() || e.time < first) first = e.time;
        if (!last.known() || last < e.time) last = e.time;
      }
      duration += e.duration_s;
      if (e.currency != 0 || e.amount != 0) link_amounts.push_back({e.currency, e.amount});
      if (table.evidence.size() == table.evidence_begin.back() ||
          table.evidence.back() != e.record) {
        table.evidence.push_back(e.record);
      }
    }
    table.first_seen.push_back(first);
    table.last_seen.push_back(last);
    table.total_duration_s.push_back(duration);
    std::stable_sort(
        link_amounts.begin(), link_amounts.end(),
        [](const CurrencyAmount& a, const CurrencyAmount& b) { return a.currency < b.currency; });
    for (const CurrencyAmount& a : link_amounts) {
      if (table.amounts.size() > table.amount_begin.back() &&
          table.amounts.back().currency == a.currency) {
        table.amounts.back().amount += a.amount;
      } else {
        table.amounts.push_back(a);
      }
    }
    table.amount_begin.push_back(table.amounts.size());
    table.evidence_begin.push_back(table.evidence.size());
    begin = end;
  }
  return table;
}

}  // namespace corridor
