#include "algorithms/routes/corridors.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <unordered_map>

#include "engine/errors.h"

namespace corridor {
namespace {

constexpr std::uint32_t kNone = ~std::uint32_t{0};

std::int64_t NearestRank(const std::vector<std::int64_t>& sorted, double q) {
  const auto rank = static_cast<std::size_t>(std::max(1.0, std::ceil(q * sorted.size())));
  return sorted[rank - 1];
}

// The person (index into Movements::persons) of every leg.
std::vector<std::uint32_t> PersonOfLeg(const Movements& movements) {
  std::vector<std::uint32_t> person(movements.legs.size());
  for (std::uint32_t p = 0; p < movements.size(); ++p) {
    std::fill(person.begin() + static_cast<std::ptrdiff_t>(movements.leg_begin[p]),
              person.begin() + static_cast<std::ptrdiff_t>(movements.leg_begin[p + 1]), p);
  }
  return person;
}

// joins[l]: leg l + 1 continues leg l's trip (same person, no stay over the limit between).
std::vector<bool> TripJoins(const Movements& movements, const std::vector<std::uint32_t>& person,
                            const CorridorOptions& options) {
  const auto& legs = movements.legs;
  const double max_stay_s = options.max_stay_days * 86400.0;
  std::vector<bool> joins(legs.size(), false);
  for (std::size_t l = 0; l + 1 < legs.size(); ++l) {
    if (person[l] != person[l + 1]) continue;
    const PartialTime& reached = legs[l].arrive.known() ? legs[l].arrive : legs[l].depart;
    joins[l] = static_cast<double>(legs[l + 1].depart.seconds() - reached.seconds()) <= max_stay_s;
  }
  return joins;
}

struct Window {
  std::uint32_t prefix;  // kNone for a single leg
  std::uint32_t suffix;
  std::uint32_t legs;
  std::uint32_t support;
  bool maximal = true;
};

bool CorridorBefore(const Corridor& a, const Corridor& b) {
  if (a.support() != b.support()) return a.support() > b.support();
  if (a.places.size() != b.places.size()) return a.places.size() > b.places.size();
  return a.places < b.places;
}

Corridor MakeCorridor(const Movements& movements, std::vector<CorridorPassage> passages,
                      std::uint32_t legs) {
  Corridor corridor;
  const Leg& first = movements.legs[passages.front().first_leg];
  corridor.places.push_back(first.from);
  for (std::uint32_t k = 0; k < legs; ++k) {
    corridor.places.push_back(movements.legs[passages.front().first_leg + k].to);
  }
  std::vector<double> durations;
  bool seen = false;
  for (const CorridorPassage& passage : passages) {
    const Leg& begin = movements.legs[passage.first_leg];
    const Leg& end = movements.legs[passage.first_leg + legs - 1];
    const PartialTime& last = end.arrive.known() ? end.arrive : end.depart;
    if (!seen || begin.depart < corridor.first_seen) corridor.first_seen = begin.depart;
    if (!seen || corridor.last_seen < last) corridor.last_seen = last;
    seen = true;
    if (end.arrive.known()) {
      durations.push_back(static_cast<double>(end.arrive.seconds() - begin.depart.seconds()));
    }
  }
  if (!durations.empty()) {
    std::sort(durations.begin(), durations.end());
    const std::size_t mid = durations.size() / 2;
    corridor.median_duration_s =
        durations.size() % 2 == 1 ? durations[mid] : (durations[mid - 1] + durations[mid]) / 2;
  }
  corridor.passages = std::move(passages);
  return corridor;
}

}  // namespace

RouteGraph BuildRouteGraph(const Movements& movements) {
  RouteGraph out;
  // Distinct persons per place, from dated stops.
  std::vector<std::pair<NodeId, std::uint32_t>> place_person;
  for (std::uint32_t p = 0; p < movements.size(); ++p) {
    for (const Stop& stop : movements.Stops(p)) {
      if (stop.time.known()) place_person.emplace_back(stop.place, p);
    }
  }
  std::sort(place_person.begin(), place_person.end());
  place_person.erase(std::unique(place_person.begin(), place_person.end()), place_person.end());
  for (const auto& [place, person] : place_person) {
    if (out.places.empty() || out.places.back().place != place) out.places.push_back({place, 0});
    ++out.places.back().persons;
  }

  std::vector<std::uint64_t> order(movements.legs.size());
  for (std::uint64_t l = 0; l < order.size(); ++l) order[l] = l;
  const auto& legs = movements.legs;
  std::sort(order.begin(), order.end(), [&](std::uint64_t a, std::uint64_t b) {
    return std::tie(legs[a].from, legs[a].to, legs[a].person, a) <
           std::tie(legs[b].from, legs[b].to, legs[b].person, b);
  });
  std::size_t begin = 0;
  while (begin < order.size()) {
    const Leg& head = legs[order[begin]];
    RouteEdge edge;
    edge.from = head.from;
    edge.to = head.to;
    std::vector<std::int64_t> durations;
    std::size_t end = begin;
    NodeId last_person = kNoId;
    for (; end < order.size(); ++end) {
      const Leg& leg = legs[order[end]];
      if (leg.from != head.from || leg.to != head.to) break;
      if (leg.person != last_person) ++edge.persons;
      last_person = leg.person;
      ++edge.legs;
      if (leg.recorded) ++edge.recorded_legs;
      if (leg.flags != 0) ++edge.flagged_legs;
      if (leg.arrive.known()) durations.push_back(leg.DurationSeconds());
      const PartialTime& last = leg.arrive.known() ? leg.arrive : leg.depart;
      if (end == begin || leg.depart < edge.first_seen) edge.first_seen = leg.depart;
      if (end == begin || edge.last_seen < last) edge.last_seen = last;
      edge.evidence.push_back(leg.depart_record);
      edge.evidence.push_back(leg.arrive_record);
    }
    if (!durations.empty()) {
      std::sort(durations.begin(), durations.end());
      edge.duration_p25_s = NearestRank(durations, 0.25);
      edge.duration_median_s = NearestRank(durations, 0.5);
      edge.duration_p75_s = NearestRank(durations, 0.75);
    }
    std::sort(edge.evidence.begin(), edge.evidence.end());
    edge.evidence.erase(std::unique(edge.evidence.begin(), edge.evidence.end()),
                        edge.evidence.end());
    out.edges.push_back(std::move(edge));
    begin = end;
  }
  return out;
}

Corridors MineCorridors(const Movements& movements, const CorridorOptions& options) {
  Corridors out;
  const auto& legs = movements.legs;
  const std::size_t n = legs.size();
  const std::vector<std::uint32_t> person = PersonOfLeg(movements);
  const std::vector<bool> joins = TripJoins(movements, person, options);
  const std::uint32_t min_support = std::max<std::uint32_t>(1, options.min_support);

  std::vector<Window> windows;
  // Passages of the windows long enough to be corridors, kept until maximality is known.
  std::map<std::uint32_t, std::vector<CorridorPassage>> passages;
  std::vector<std::uint32_t> frequent(n, kNone);  // window of the current length at each leg
  std::vector<std::uint32_t> candidate(n, kNone);
  std::vector<std::uint64_t> candidate_key;
  std::vector<std::uint32_t> candidate_suffix;

  for (std::uint32_t length = 1; length <= options.max_legs; ++length) {
    // Name the candidates starting at each leg.
    std::unordered_map<std::uint64_t, std::uint32_t> ids;
    candidate_suffix.clear();
    candidate_key.clear();
    bool any = false;
    for (std::size_t l = 0; l < n; ++l) {
      candidate[l] = kNone;
      std::uint64_t key;
      std::uint32_t suffix = kNone;
      if (length == 1) {
        key = (std::uint64_t{legs[l].from} << 32) | legs[l].to;
      } else {
        if (frequent[l] == kNone || !joins[l] || l + 1 >= n || frequent[l + 1] == kNone) continue;
        key = (std::uint64_t{frequent[l]} << 32) | legs[l + length - 1].to;
        suffix = frequent[l + 1];
      }
      const auto [it, inserted] = ids.try_emplace(key, static_cast<std::uint32_t>(ids.size()));
      if (inserted) {
        candidate_key.push_back(key);
        candidate_suffix.push_back(suffix);
      }
      candidate[l] = it->second;
      any = true;
    }
    if (!any) break;

    // Support: each person once, at the person's first passage.
    std::vector<std::uint32_t> support(candidate_key.size(), 0);
    std::vector<std::pair<std::uint32_t, std::uint64_t>> first_passage;  // (candidate, leg)
    std::vector<std::pair<std::uint32_t, std::uint64_t>> person_candidates;
    for (std::uint32_t p = 0; p < movements.size(); ++p) {
      person_candidates.clear();
      for (std::uint64_t l = movements.leg_begin[p]; l < movements.leg_begin[p + 1]; ++l) {
        if (candidate[l] != kNone) person_candidates.emplace_back(candidate[l], l);
      }
      std::sort(person_candidates.begin(), person_candidates.end());
      for (std::size_t i = 0; i < person_candidates.size(); ++i) {
        if (i > 0 && person_candidates[i].first == person_candidates[i - 1].first) continue;
        ++support[person_candidates[i].first];
        first_passage.push_back(person_candidates[i]);
      }
    }

    // Frequent candidates become windows, in candidate order.
    std::vector<std::uint32_t> window_of(candidate_key.size(), kNone);
    for (std::uint32_t c = 0; c < candidate_key.size(); ++c) {
      if (support[c] < min_support) continue;
      window_of[c] = static_cast<std::uint32_t>(windows.size());
      const std::uint32_t prefix =
          length == 1 ? kNone : static_cast<std::uint32_t>(candidate_key[c] >> 32);
      const std::uint32_t suffix = candidate_suffix[c];
      windows.push_back({prefix, suffix, length, support[c]});
      if (prefix != kNone && windows[prefix].support == support[c]) windows[prefix].maximal = false;
      if (suffix != kNone && windows[suffix].support == support[c]) windows[suffix].maximal = false;
    }
    out.frequent_windows = windows.size();
    if (length >= options.min_legs) {
      for (const auto& [c, l] : first_passage) {
        if (window_of[c] != kNone) passages[window_of[c]].push_back({person[l], l});
      }
    }
    bool grew = false;
    for (std::size_t l = 0; l < n; ++l) {
      frequent[l] = candidate[l] == kNone ? kNone : window_of[candidate[l]];
      grew |= frequent[l] != kNone;
    }
    // Windows of the previous length now know whether they are maximal.
    for (auto it = passages.begin(); it != passages.end();) {
      const Window& window = windows[it->first];
      if (window.legs + 1 == length && !window.maximal) {
        it = passages.erase(it);
      } else {
        ++it;
      }
    }
    if (!grew) break;
  }

  for (auto& [w, list] : passages) {
    if (!windows[w].maximal) continue;
    out.corridors.push_back(MakeCorridor(movements, std::move(list), windows[w].legs));
  }
  std::sort(out.corridors.begin(), out.corridors.end(), CorridorBefore);
  return out;
}

void VerifyCorridors(const Corridors& corridors, const Movements& movements,
                     const CorridorOptions& options, std::uint32_t max_window) {
  const auto fail = [](const std::string& what) { throw InternalError("corridors: " + what); };
  const auto& legs = movements.legs;
  const std::vector<std::uint32_t> person = PersonOfLeg(movements);
  const std::vector<bool> joins = TripJoins(movements, person, options);
  const std::uint32_t min_support = std::max<std::uint32_t>(1, options.min_support);

  // Every window of each trip, as a place sequence, with the persons following it and each
  // person's first passage.
  std::map<std::vector<NodeId>, std::map<std::uint32_t, std::uint64_t>> followed;
  const std::uint32_t longest = std::max<std::uint32_t>(max_window + 1, 2);
  for (std::uint64_t l = 0; l < legs.size(); ++l) {
    std::vector<NodeId> places{legs[l].from};
    for (std::uint64_t k = l; k < legs.size() && k - l < longest; ++k) {
      if (k > l && !joins[k - 1]) break;
      places.push_back(legs[k].to);
      followed[places].try_emplace(person[l], l);
    }
  }
  // The largest support of any one-place extension of each window, either side.
  std::map<std::vector<NodeId>, std::size_t> extended;
  for (const auto& [places, persons] : followed) {
    if (places.size() < 3) continue;
    const std::vector<NodeId> prefix(places.begin(), places.end() - 1);
    const std::vector<NodeId> suffix(places.begin() + 1, places.end());
    for (const auto* part : {&prefix, &suffix}) {
      std::size_t& best = extended[*part];
      best = std::max(best, persons.size());
    }
  }
  const auto is_maximal = [&](const std::vector<NodeId>& places, std::size_t support) {
    const auto it = extended.find(places);
    return it == extended.end() || it->second < support;
  };

  for (std::size_t c = 0; c < corridors.corridors.size(); ++c) {
    const Corridor& corridor = corridors.corridors[c];
    const std::string which = "corridor " + std::to_string(c);
    if (corridor.legs() < options.min_legs || corridor.legs() > options.max_legs) {
      fail(which + " has a length outside the options");
    }
    if (c > 0 && CorridorBefore(corridor, corridors.corridors[c - 1]))
      fail(which + " is out of rank");
    if (corridor.support() < min_support) fail(which + " is below the minimum support");
    for (std::size_t i = 0; i < corridor.passages.size(); ++i) {
      const CorridorPassage& passage = corridor.passages[i];
      if (i > 0 && corridor.passages[i - 1].person >= passage.person) {
        fail(which + ": passages not one per person in order");
      }
      for (std::size_t k = 0; k < corridor.legs(); ++k) {
        const std::uint64_t l = passage.first_leg + k;
        if (l >= legs.size() || person[l] != passage.person || legs[l].from != corridor.places[k] ||
            legs[l].to != corridor.places[k + 1] || (k > 0 && !joins[l - 1])) {
          fail(which + ": a passage does not follow the corridor");
        }
      }
    }
    if (corridor.legs() > max_window) continue;
    const auto it = followed.find(corridor.places);
    if (it == followed.end() || it->second.size() != corridor.support()) {
      fail(which + ": support differs from a recount");
    }
    std::size_t i = 0;
    for (const auto& [who, first_leg] : it->second) {
      if (corridor.passages[i].person != who || corridor.passages[i].first_leg != first_leg) {
        fail(which + ": a passage is not the person's first");
      }
      ++i;
    }
    if (!is_maximal(corridor.places, corridor.support())) fail(which + " is not maximal");
  }

  // Nothing missing: every maximal frequent window within reach is reported.
  std::map<std::vector<NodeId>, std::size_t> reported;
  for (const Corridor& corridor : corridors.corridors)
    reported[corridor.places] = corridor.support();
  for (const auto& [places, persons] : followed) {
    const std::size_t legs_in = places.size() - 1;
    if (legs_in < options.min_legs || legs_in > max_window || legs_in > options.max_legs) continue;
    if (persons.size() < min_support || !is_maximal(places, persons.size())) continue;
    if (!reported.contains(places)) fail("a maximal frequent window is missing");
  }
}

std::vector<std::vector<Facilitator>> FindFacilitators(const Corridors& corridors,
                                                       const Movements& movements,
                                                       const PersonProjection& projection) {
  const auto& node_of_person = projection.node_of_person;
  const std::size_t persons = node_of_person.size();
  // Ties by calls, contacts or payments, both ways, as CSR over persons: (other, events).
  struct Tied {
    std::uint32_t other;
    std::uint32_t calls, contacts, payments;
  };
  std::vector<std::uint64_t> begin(persons + 1, 0);
  const auto counts = [&](std::size_t pair) {
    const auto& ties = projection.ties[pair];
    return std::array<std::uint32_t, 3>{ties[static_cast<int>(Tie::kCall)],
                                        ties[static_cast<int>(Tie::kContact)],
                                        ties[static_cast<int>(Tie::kPayment)]};
  };
  const auto facilitating = [&](std::size_t pair) {
    const auto [calls, contacts, payments] = counts(pair);
    return std::uint64_t{calls} + contacts + payments > 0;
  };
  for (std::size_t pair = 0; pair < projection.size(); ++pair) {
    if (!facilitating(pair)) continue;
    ++begin[projection.first[pair] + 1];
    ++begin[projection.second[pair] + 1];
  }
  for (std::size_t v = 0; v < persons; ++v) begin[v + 1] += begin[v];
  std::vector<Tied> tied(begin[persons]);
  std::vector<std::uint64_t> fill(begin.begin(), begin.end() - 1);
  for (std::size_t pair = 0; pair < projection.size(); ++pair) {
    if (!facilitating(pair)) continue;
    const auto [calls, contacts, payments] = counts(pair);
    const std::uint32_t a = projection.first[pair], b = projection.second[pair];
    tied[fill[a]++] = {b, calls, contacts, payments};
    tied[fill[b]++] = {a, calls, contacts, payments};
  }

  std::vector<std::vector<Facilitator>> out(corridors.corridors.size());
  std::vector<std::uint32_t> traveller_of(persons, kNone);  // last corridor it travels
  std::vector<std::uint32_t> slot(persons, kNone);
  for (std::size_t c = 0; c < corridors.corridors.size(); ++c) {
    const auto mark = static_cast<std::uint32_t>(c);
    std::vector<std::uint32_t> travellers;
    for (const CorridorPassage& passage : corridors.corridors[c].passages) {
      const NodeId node = movements.persons[passage.person];
      const auto it = std::lower_bound(node_of_person.begin(), node_of_person.end(), node);
      if (it == node_of_person.end() || *it != node) continue;
      const auto index = static_cast<std::uint32_t>(it - node_of_person.begin());
      traveller_of[index] = mark;
      travellers.push_back(index);
    }
    std::vector<Facilitator>& list = out[c];
    for (const std::uint32_t t : travellers) {
      for (std::uint64_t i = begin[t]; i < begin[t + 1]; ++i) {
        const Tied& tie = tied[i];
        if (traveller_of[tie.other] == mark) continue;
        if (slot[tie.other] == kNone) {
          slot[tie.other] = static_cast<std::uint32_t>(list.size());
          list.push_back({node_of_person[tie.other]});
        }
        Facilitator& entry = list[slot[tie.other]];
        ++entry.travellers;
        entry.calls += tie.calls;
        entry.contacts += tie.contacts;
        entry.payments += tie.payments;
      }
    }
    for (const Facilitator& entry : list) {
      const auto it = std::lower_bound(node_of_person.begin(), node_of_person.end(), entry.person);
      slot[static_cast<std::size_t>(it - node_of_person.begin())] = kNone;
    }
    std::sort(list.begin(), list.end(), [](const Facilitator& a, const Facilitator& b) {
      return std::tuple(b.travellers, std::uint64_t{b.calls} + b.payments, a.person) <
             std::tuple(a.travellers, std::uint64_t{a.calls} + a.payments, b.person);
    });
  }
  return out;
}

std::vector<std::vector<FacilitatorNumber>> FindFacilitatorNumbers(const Corridors& corridors,
                                                                   const Movements& movements,
                                                                   const Network& network) {
  const std::size_t nodes = network.nodes.size();
  const LinkTable& links = network.links;
  std::vector<bool> used(nodes, false);
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (links.types[l] == LinkType::kUses) used[links.targets[l]] = true;
  }
  // Two CSR lists over nodes: a person's phones, and a phone's calls with unused numbers as
  // (number, records).
  struct Called {
    NodeId number;
    std::uint32_t calls;
  };
  std::vector<std::uint64_t> phones_begin(nodes + 1, 0), called_begin(nodes + 1, 0);
  const auto unused_end = [&](std::size_t l, NodeId& from, NodeId& number) {
    const NodeId a = links.sources[l], b = links.targets[l];
    if (used[a] == used[b]) return false;
    from = used[a] ? a : b;
    number = used[a] ? b : a;
    return true;
  };
  for (std::size_t l = 0; l < links.size(); ++l) {
    NodeId from = 0, number = 0;
    if (links.types[l] == LinkType::kUses) ++phones_begin[links.sources[l] + 1];
    if (links.types[l] == LinkType::kCalled && unused_end(l, from, number)) {
      ++called_begin[from + 1];
    }
  }
  for (std::size_t v = 0; v < nodes; ++v) {
    phones_begin[v + 1] += phones_begin[v];
    called_begin[v + 1] += called_begin[v];
  }
  std::vector<NodeId> phones(phones_begin[nodes]);
  std::vector<Called> called(called_begin[nodes]);
  {
    std::vector<std::uint64_t> phone_fill(phones_begin.begin(), phones_begin.end() - 1);
    std::vector<std::uint64_t> called_fill(called_begin.begin(), called_begin.end() - 1);
    for (std::size_t l = 0; l < links.size(); ++l) {
      NodeId from = 0, number = 0;
      if (links.types[l] == LinkType::kUses) {
        phones[phone_fill[links.sources[l]]++] = links.targets[l];
      }
      if (links.types[l] == LinkType::kCalled && unused_end(l, from, number)) {
        called[called_fill[from]++] = {number, links.counts[l]};
      }
    }
  }

  std::vector<std::vector<FacilitatorNumber>> out(corridors.corridors.size());
  std::vector<std::uint32_t> slot(nodes, kNone);
  std::vector<std::uint32_t> last_traveller(nodes, kNone);  // per number, within a corridor
  for (std::size_t c = 0; c < corridors.corridors.size(); ++c) {
    std::vector<FacilitatorNumber>& list = out[c];
    for (const CorridorPassage& passage : corridors.corridors[c].passages) {
      const NodeId traveller = movements.persons[passage.person];
      for (std::uint64_t i = phones_begin[traveller]; i < phones_begin[traveller + 1]; ++i) {
        const NodeId phone = phones[i];
        for (std::uint64_t k = called_begin[phone]; k < called_begin[phone + 1]; ++k) {
          const Called& call = called[k];
          if (slot[call.number] == kNone) {
            slot[call.number] = static_cast<std::uint32_t>(list.size());
            list.push_back({call.number});
          }
          FacilitatorNumber& entry = list[slot[call.number]];
          if (last_traveller[call.number] != passage.person) {
            last_traveller[call.number] = passage.person;
            ++entry.travellers;
          }
          entry.calls += call.calls;
        }
      }
    }
    for (const FacilitatorNumber& entry : list) {
      slot[entry.phone] = kNone;
      last_traveller[entry.phone] = kNone;
    }
    std::sort(list.begin(), list.end(), [](const FacilitatorNumber& a, const FacilitatorNumber& b) {
      return std::tuple(b.travellers, b.calls, a.phone) <
             std::tuple(a.travellers, a.calls, b.phone);
    });
  }
  return out;
}

}  // namespace corridor
