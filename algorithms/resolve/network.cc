#include "algorithms/resolve/network.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <numeric>
#include <span>
#include <string>
#include <tuple>
#include <unordered_map>
#include <utility>

#include "algorithms/resolve/normalise.h"
#include "algorithms/resolve/projection.h"
#include "engine/case_writers.h"
#include "engine/record_finder.h"

namespace corridor {
namespace {

// Identifier nodes get their final ids only once all are known (they are numbered by key);
// until then they carry this bit and their index in order of first sight.
constexpr NodeId kPending = NodeId{1} << 31;

class NodeRegistry {
 public:
  explicit NodeRegistry(std::size_t entities) : entities_(entities) {}

  // Makes `key` name an entity's node.
  void Bind(const std::string& key, NodeId entity_node) { bound_.try_emplace(key, entity_node); }

  NodeId Get(EntityType type, const std::string& key, RecordIndex evidence) {
    const auto bound = bound_.find(key);
    if (bound != bound_.end()) return bound->second;
    const auto [it, inserted] = extra_.try_emplace(key, static_cast<NodeId>(keys_.size()));
    if (inserted) {
      keys_.push_back(key);
      types_.push_back(type);
    }
    evidence_.emplace_back(it->second, evidence);
    return kPending | it->second;
  }

  // Numbers identifier nodes after the entities, in key order.
  void Finish() {
    std::vector<NodeId> order(keys_.size());
    std::iota(order.begin(), order.end(), NodeId{0});
    std::sort(order.begin(), order.end(),
              [this](NodeId a, NodeId b) { return keys_[a] < keys_[b]; });
    final_.resize(keys_.size());
    for (std::size_t rank = 0; rank < order.size(); ++rank) {
      final_[order[rank]] = static_cast<NodeId>(entities_ + rank);
    }
    order_ = std::move(order);
  }

  NodeId Final(NodeId v) const { return (v & kPending) != 0 ? final_[v & ~kPending] : v; }

  // Appends the identifier nodes, in final order, to `nodes`.
  void AppendTo(NetworkNodes& nodes) {
    for (auto& [pending, record] : evidence_) pending = final_[pending];
    std::sort(evidence_.begin(), evidence_.end());
    evidence_.erase(std::unique(evidence_.begin(), evidence_.end()), evidence_.end());
    std::size_t next = 0;
    for (const NodeId index : order_) {
      const NodeId node = final_[index];
      nodes.types.push_back(types_[index]);
      nodes.keys.push_back(keys_[index]);
      nodes.labels.push_back(LabelOf(types_[index], keys_[index]));
      nodes.entity.push_back(kNoId);
      while (next < evidence_.size() && evidence_[next].first == node) {
        nodes.evidence.push_back(evidence_[next++].second);
      }
      nodes.evidence_begin.push_back(nodes.evidence.size());
    }
  }

 private:
  static std::string LabelOf(EntityType type, const std::string& key) {
    const auto colon = key.find(':');
    if (type == EntityType::kPlace) return PlaceMatcher::Label(key.substr(colon + 1));
    return colon == std::string::npos ? key : key.substr(colon + 1);
  }

  std::size_t entities_;
  std::unordered_map<std::string, NodeId> bound_;
  std::unordered_map<std::string, NodeId> extra_;
  std::vector<std::string> keys_;
  std::vector<EntityType> types_;
  std::vector<std::pair<NodeId, RecordIndex>> evidence_;
  std::vector<NodeId> final_, order_;
};

double ParseNumber(std::string_view text) {
  double value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && std::isfinite(value) ? value : 0.0;
}

StringId FirstId(const RecordTable& records, RecordIndex r, Field field) {
  for (const FieldValue& value : records.fields(r)) {
    if (value.field == field) return value.value;
  }
  return 0;
}

// The name most members give, ties to the alphabetically first: stable whatever the order.
std::string MostFrequentName(const RecordTable& records, std::span<const RecordIndex> members) {
  std::map<std::string, std::size_t> counts;
  for (const RecordIndex r : members) {
    std::string name = PersonName(records, r);
    if (!name.empty()) ++counts[std::move(name)];
  }
  std::string best;
  std::size_t best_count = 0;
  for (const auto& [name, count] : counts) {
    if (count > best_count) best = name, best_count = count;
  }
  return best;
}

// Per node, the persons linked to it by links of one type (a phone's users, a document's
// holders), in link order, as one array with offsets: most nodes have none, and a vector per
// node would cost 24 bytes each (10M nodes on the 1M-person case).
struct PersonsByNode {
  std::vector<std::uint64_t> begin;  // nodes + 1 offsets
  std::vector<std::uint32_t> persons;
  std::span<const std::uint32_t> Of(NodeId v) const {
    return {persons.data() + begin[v], persons.data() + begin[v + 1]};
  }
};

PersonsByNode LinkedPersons(const LinkTable& links, LinkType type,
                            const std::vector<std::uint32_t>& person_of_node) {
  PersonsByNode out;
  out.begin.assign(person_of_node.size() + 1, 0);
  const auto linked = [&](std::size_t l) {
    return links.types[l] == type && person_of_node[links.sources[l]] != kNoId;
  };
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (linked(l)) ++out.begin[links.targets[l] + 1];
  }
  std::partial_sum(out.begin.begin(), out.begin.end(), out.begin.begin());
  out.persons.resize(out.begin.back());
  std::vector<std::uint64_t> cursor(out.begin.begin(), out.begin.end() - 1);
  for (std::size_t l = 0; l < links.size(); ++l) {
    if (linked(l)) out.persons[cursor[links.targets[l]]++] = person_of_node[links.sources[l]];
  }
  return out;
}

}  // namespace

NetworkBuild BuildNetwork(const CaseData& data, const Resolution& resolution,
                          const NetworkOptions& options) {
  NetworkBuild out;
  const RecordTable& records = data.records;
  const EntityTable& entities = resolution.entities;
  const auto& entity_of = resolution.entity_of_record;
  NetworkNodes& nodes = out.network.nodes;
  NodeRegistry registry(entities.size());
  PlaceMatcher places;

  // Entity nodes, and the keys by which events name them.
  nodes.evidence_begin.push_back(0);
  for (EntityId e = 0; e < entities.size(); ++e) {
    const EntityType type = entities.types[e];
    const RecordIndex first = entities.Members(e)[0];
    std::string label;
    switch (type) {
      case EntityType::kPhone:
        if (resolution.entity_e164[e] != 0) {
          label = FormatE164(resolution.entity_e164[e]);
          registry.Bind(label, e);
        } else {
          label = std::string(records.First(first, Field::kPhone));
        }
        break;
      case EntityType::kAccount: {
        std::string_view number = records.First(first, Field::kAccount);
        if (number.empty()) number = records.First(first, Field::kDocument);
        label = NormaliseDocument(number);
        if (!label.empty()) registry.Bind("account:" + label, e);
        break;
      }
      case EntityType::kPlace: {
        const std::string key = places.Key(records.First(first, Field::kName));
        label = key.empty() ? std::string(records.First(first, Field::kName))
                            : PlaceMatcher::Label(key);
        if (!key.empty()) registry.Bind("place:" + key, e);
        break;
      }
      default:
        label = MostFrequentName(records, entities.Members(e));
        break;
    }
    nodes.types.push_back(type);
    nodes.keys.push_back(EntityLabel(e));
    nodes.labels.push_back(std::move(label));
    nodes.entity.push_back(e);
    const auto members = entities.Members(e);
    nodes.evidence.insert(nodes.evidence.end(), members.begin(), members.end());
    nodes.evidence_begin.push_back(nodes.evidence.size());
  }

  std::vector<LinkEvent> events;
  const auto add = [&](LinkType type, NodeId source, NodeId target, RecordIndex r,
                       double duration = 0, double amount = 0, StringId currency = 0) {
    events.push_back({type, source, target, r, records.time(r), duration, amount, currency});
  };
  const auto entity_node = [&](RecordIndex r) -> NodeId {
    return r == kNoId ? kNoId : entity_of[r];
  };
  std::unordered_map<StringId, std::string> place_keys;
  const auto place_node = [&](RecordIndex r, Field field) -> NodeId {
    const StringId raw = FirstId(records, r, field);
    if (raw == 0) return kNoId;
    auto it = place_keys.find(raw);
    if (it == place_keys.end()) {
      it = place_keys.emplace(raw, places.Key(records.strings().View(raw))).first;
    }
    return it->second.empty() ? kNoId : registry.Get(EntityType::kPlace, "place:" + it->second, r);
  };

  // Person mentions: their phones, documents, accounts; addresses for the projection.
  const PersonMentions& persons = resolution.persons;
  std::map<std::uint32_t, std::vector<EntityId>> by_address;
  for (std::size_t m = 0; m < persons.size(); ++m) {
    const RecordIndex r = persons.records[m];
    const EntityId person = entity_of[r];
    for (const std::uint64_t e164 : persons.Phones(m)) {
      add(LinkType::kUses, person, registry.Get(EntityType::kPhone, FormatE164(e164), r), r);
    }
    if (persons.document[m] != 0) {
      add(LinkType::kHolds, person,
          registry.Get(EntityType::kDocument, "document:" + persons.texts[persons.document[m]], r),
          r);
    }
    const std::string account = NormaliseDocument(records.First(r, Field::kAccount));
    if (!account.empty()) {
      add(LinkType::kHolds, person, registry.Get(EntityType::kAccount, "account:" + account, r), r);
    }
    if (persons.address[m] != 0) by_address[persons.address[m]].push_back(person);
  }
  if (!options.street_addresses) {
    std::erase_if(by_address, [&](const auto& address) {
      return !NamesDwelling(persons.texts[address.first]);
    });
  }

  // Phone numbers of events, by record.
  std::unordered_map<RecordIndex, std::pair<std::uint64_t, std::uint64_t>> ends;
  for (const RecordKind kind : {RecordKind::kCall, RecordKind::kMessage, RecordKind::kContact}) {
    for (const PhoneValue& value : NormalisePhones(data, kind, persons.phone_cache)) {
      auto& [from, to] = ends[value.record];
      if ((value.field == Field::kFrom || value.field == Field::kOwnerPhone) && from == 0) {
        from = value.e164;
      } else if ((value.field == Field::kTo || value.field == Field::kContactPhone) && to == 0) {
        to = value.e164;
      }
    }
  }
  const auto phone_end = [&](std::uint64_t e164, RecordIndex r) -> NodeId {
    return e164 == 0 ? kNoId : registry.Get(EntityType::kPhone, FormatE164(e164), r);
  };

  RecordFinder finder(records);
  const auto ref_entity = [&](RecordIndex r, Field field) {
    const StringId ref = FirstId(records, r, field);
    return ref == 0 ? kNoId : entity_node(finder.Find(r, ref));
  };
  std::map<std::tuple<NodeId, NodeId, std::int64_t, TimePrecision>, std::vector<EntityId>> journeys;
  std::uint64_t& lost = out.network.events_without_end;
  const auto sight = [&](RecordIndex r, NodeId subject, NodeId place, SightingKind kind) {
    if (subject == kNoId || place == kNoId) return;
    add(LinkType::kTravelled, subject, place, r);
    out.sightings.push_back({r, subject, place, kind});
  };
  for (RecordIndex r = 0; r < records.size(); ++r) {
    switch (records.kind(r)) {
      case RecordKind::kCall:
      case RecordKind::kMessage: {
        const auto it = ends.find(r);
        NodeId from = kNoId, to = kNoId;
        if (it != ends.end()) {
          from = phone_end(it->second.first, r);
          to = phone_end(it->second.second, r);
        }
        // FtM calls may name the callers instead of (or without valid) numbers.
        if (from == kNoId || to == kNoId) {
          from = ref_entity(r, Field::kFromRef);
          to = ref_entity(r, Field::kToRef);
        }
        if (from == kNoId || to == kNoId) {
          ++lost;
          break;
        }
        add(LinkType::kCalled, from, to, r, ParseNumber(records.First(r, Field::kDuration)));
        sight(r, from, place_node(r, Field::kPlace), SightingKind::kCall);
        break;
      }
      case RecordKind::kContact: {
        const auto it = ends.find(r);
        const NodeId owner = it == ends.end() ? kNoId : phone_end(it->second.first, r);
        const NodeId contact = it == ends.end() ? kNoId : phone_end(it->second.second, r);
        if (owner == kNoId || contact == kNoId) {
          ++lost;
          break;
        }
        add(LinkType::kContact, owner, contact, r);
        break;
      }
      case RecordKind::kTransfer: {
        const auto party = [&](Field ref, Field account_field) -> NodeId {
          const NodeId entity = ref_entity(r, ref);
          if (entity != kNoId) return entity;
          const std::string account = NormaliseDocument(records.First(r, account_field));
          return account.empty() ? kNoId
                                 : registry.Get(EntityType::kAccount, "account:" + account, r);
        };
        const NodeId payer = party(Field::kFromRef, Field::kPayerAccount);
        const NodeId payee = party(Field::kToRef, Field::kPayeeAccount);
        if (payer == kNoId || payee == kNoId) {
          ++lost;
          break;
        }
        const double amount = ParseNumber(records.First(r, Field::kAmount));
        const StringId currency = FirstId(records, r, Field::kCurrency);
        add(LinkType::kPaid, payer, payee, r, 0, amount, currency);
        out.transfers.push_back({r, payer, payee, amount, currency});
        if (payer < entities.size() && entities.types[payer] == EntityType::kPerson) {
          sight(r, payer, place_node(r, Field::kPlace), SightingKind::kTransfer);
        }
        break;
      }
      case RecordKind::kTravel: {
        const NodeId person = ref_entity(r, Field::kFromRef);
        const NodeId from = place_node(r, Field::kFromPlace);
        const NodeId to = place_node(r, Field::kToPlace);
        if (person == kNoId || (from == kNoId && to == kNoId)) {
          ++lost;
          break;
        }
        sight(r, person, from, SightingKind::kDeparture);
        sight(r, person, to, SightingKind::kArrival);
        if (from != kNoId && to != kNoId) {
          add(LinkType::kLeg, from, to, r);
          if (records.time(r).known()) {
            journeys[{from, to, records.time(r).seconds(), records.time(r).precision()}].push_back(
                person);
          }
        }
        break;
      }
      case RecordKind::kRelation: {
        const NodeId a = ref_entity(r, Field::kFromRef), b = ref_entity(r, Field::kToRef);
        if (a == kNoId || b == kNoId) {
          ++lost;
          break;
        }
        add(LinkType::kAssociate, a, b, r);
        break;
      }
      case RecordKind::kAccount: {
        const NodeId holder = ref_entity(r, Field::kFromRef);
        if (holder != kNoId && entity_of[r] != kNoId)
          add(LinkType::kHolds, holder, entity_of[r], r);
        break;
      }
      default:
        break;
    }
  }

  registry.Finish();
  for (LinkEvent& event : events) {
    event.source = registry.Final(event.source);
    event.target = registry.Final(event.target);
  }
  std::map<std::tuple<NodeId, NodeId, std::int64_t, TimePrecision>, std::vector<EntityId>>
      final_journeys;
  for (auto& [key, travellers] : journeys) {
    final_journeys[{registry.Final(std::get<0>(key)), registry.Final(std::get<1>(key)),
                    std::get<2>(key), std::get<3>(key)}] = std::move(travellers);
  }
  for (Transfer& transfer : out.transfers) {
    transfer.payer = registry.Final(transfer.payer);
    transfer.payee = registry.Final(transfer.payee);
  }
  for (Sighting& sighting : out.sightings) {
    sighting.subject = registry.Final(sighting.subject);
    sighting.place = registry.Final(sighting.place);
  }
  registry.AppendTo(nodes);
  out.network.links = LinkTable::Aggregate(std::move(events));
  out.network.BuildGraph();
  const LinkTable& links = out.network.links;

  // The projection: persons numbered in node order.
  std::vector<std::uint32_t> person_of_node(nodes.size(), kNoId);
  std::vector<NodeId> node_of_person;
  for (NodeId v = 0; v < nodes.size(); ++v) {
    if (nodes.types[v] == EntityType::kPerson) {
      person_of_node[v] = static_cast<std::uint32_t>(node_of_person.size());
      node_of_person.push_back(v);
    }
  }
  ProjectionBuilder projection(options.max_group, out.groups_skipped);
  // Users of each phone, holders of each document or account (links are sorted by type,
  // source, target, so these lists come out sorted by person).
  const PersonsByNode users = LinkedPersons(links, LinkType::kUses, person_of_node);
  const PersonsByNode holders = LinkedPersons(links, LinkType::kHolds, person_of_node);
  for (NodeId v = 0; v < nodes.size(); ++v) {
    std::vector<std::uint32_t> group(users.Of(v).begin(), users.Of(v).end());
    projection.AddGroup(group, Tie::kSharedPhone);
    group.assign(holders.Of(v).begin(), holders.Of(v).end());
    projection.AddGroup(group, Tie::kSharedDocument);
  }
  for (auto& [address, members] : by_address) {
    std::vector<std::uint32_t> group;
    for (const EntityId e : members) group.push_back(person_of_node[e]);
    projection.AddGroup(group, Tie::kSharedAddress);
  }
  for (auto& [journey, travellers] : final_journeys) {
    std::vector<std::uint32_t> group;
    for (const EntityId e : travellers) group.push_back(person_of_node[e]);
    projection.AddGroup(group, Tie::kCoTravel);
  }
  // Money services, by their distinct payers (PAID links are one per payer and payee), and
  // the phones they use: their evidence is marked so the cell weights leave it out. `serves`
  // holds per node whether it is a money service or a phone one uses.
  std::vector<bool> money_service;
  std::vector<bool> serves(nodes.size(), false);
  if (options.money_service_payers > 0) {
    money_service.assign(node_of_person.size(), false);
    std::vector<std::uint32_t> payers(node_of_person.size(), 0);
    for (std::size_t l = 0; l < links.size(); ++l) {
      const std::uint32_t payer = person_of_node[links.sources[l]];
      const std::uint32_t payee = person_of_node[links.targets[l]];
      if (links.types[l] == LinkType::kPaid && payer != kNoId && payee != kNoId && payer != payee &&
          ++payers[payee] == options.money_service_payers) {
        money_service[payee] = true;
        serves[links.targets[l]] = true;
      }
    }
    for (NodeId v = 0; v < nodes.size(); ++v) {
      for (const std::uint32_t user : users.Of(v)) serves[v] = serves[v] || money_service[user];
    }
  }
  // Phones used by more than max_group persons are a call centre's or a shared handset's:
  // their calls are not attributed to anyone.
  const auto phone_users = [&](NodeId phone) -> std::span<const std::uint32_t> {
    if (nodes.types[phone] == EntityType::kPerson) return {};
    const std::span<const std::uint32_t> of = users.Of(phone);
    return of.size() > options.max_group ? std::span<const std::uint32_t>() : of;
  };
  for (std::size_t l = 0; l < links.size(); ++l) {
    const NodeId s = links.sources[l], t = links.targets[l];
    const std::uint32_t count = links.counts[l];
    switch (links.types[l]) {
      case LinkType::kCalled:
      case LinkType::kContact: {
        const Tie tie = links.types[l] == LinkType::kCalled ? Tie::kCall : Tie::kContact;
        const bool service = serves[s] || serves[t];
        if (person_of_node[s] != kNoId && person_of_node[t] != kNoId) {
          projection.Add(person_of_node[s], person_of_node[t], tie, count,
                         std::uint64_t{count} * ProjectionBuilder::kShareUnit, service);
          break;
        }
        // Each call (or stored contact) was one user's of each phone: a phone of several
        // users (a shared handset, or one person's fragments that resolution left apart)
        // spreads it over them rather than giving every one of them the whole of it; at
        // least one unit, so rounding never takes a tie away.
        const std::span<const std::uint32_t> callers = phone_users(s), callees = phone_users(t);
        if (callers.empty() || callees.empty()) break;
        const std::uint64_t share =
            std::max<std::uint64_t>(1, std::uint64_t{count} * ProjectionBuilder::kShareUnit /
                                           (callers.size() * callees.size()));
        for (const std::uint32_t a : callers) {
          for (const std::uint32_t b : callees) projection.Add(a, b, tie, count, share, service);
        }
        break;
      }
      case LinkType::kPaid:
      case LinkType::kAssociate:
        if (person_of_node[s] != kNoId && person_of_node[t] != kNoId) {
          const bool paid = links.types[l] == LinkType::kPaid;
          projection.Add(person_of_node[s], person_of_node[t],
                         paid ? Tie::kPayment : Tie::kAssociate, count,
                         std::uint64_t{count} * ProjectionBuilder::kShareUnit,
                         paid && (serves[s] || serves[t]));
        }
        break;
      default:
        break;
    }
  }
  out.persons =
      projection.Finish(std::move(node_of_person), options.weights, std::move(money_service));
  return out;
}

}  // namespace corridor
