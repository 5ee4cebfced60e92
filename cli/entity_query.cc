#include "cli/entity_query.h"

#include <algorithm>
#include <cctype>
#include <sstream>

#include "algorithms/resolve/name_score.h"
#include "algorithms/resolve/normalise.h"
#include "cli/command.h"

namespace corridor::cli {
namespace {

bool LooksLikePhone(std::string_view query) {
  std::size_t digits = 0;
  for (const char c : query) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c != '+' && c != ' ' && c != '-' && c != '(' && c != ')' && c != '.') {
      return false;
    }
  }
  return digits >= 6;
}

}  // namespace

std::vector<EntityMatch> FindEntities(const Network& network, const CaseData& data,
                                      std::string_view query) {
  const NetworkNodes& nodes = network.nodes;
  std::vector<EntityMatch> matches;
  for (NodeId v = 0; v < nodes.size(); ++v) {
    if (nodes.keys[v] == query) matches.push_back({v, 1.0, "key"});
  }
  if (!matches.empty()) return matches;

  if (LooksLikePhone(query)) {
    const NormalisedPhone phone = NormalisePhone(query, data.region);
    if (phone.valid()) {
      const std::string key = FormatE164(phone.e164);
      for (NodeId v = 0; v < nodes.size(); ++v) {
        if (nodes.types[v] == EntityType::kPhone &&
            (nodes.keys[v] == key || nodes.labels[v] == key)) {
          matches.push_back({v, 1.0, "phone"});
        }
      }
      if (!matches.empty()) return matches;
    }
  }

  // A record id names the entity the record resolved to.
  const RecordTable& records = data.records;
  for (NodeId v = 0; v < nodes.size() && matches.empty(); ++v) {
    if (nodes.entity[v] == kNoId) continue;
    for (const RecordIndex r : nodes.Evidence(v)) {
      if (records.record_id(r) == query) {
        matches.push_back({v, 1.0, "record"});
        break;
      }
    }
  }
  if (!matches.empty()) return matches;

  NameNormaliser normaliser;
  const NormalisedName wanted = normaliser.Normalise(query);
  for (NodeId v = 0; v < nodes.size(); ++v) {
    if (nodes.types[v] != EntityType::kPerson && nodes.types[v] != EntityType::kOrganisation) {
      continue;
    }
    const NormalisedName name = normaliser.Normalise(nodes.labels[v]);
    const double score = NameScore(wanted, name);
    if (score >= kNameMatchThreshold) matches.push_back({v, score, "name"});
  }
  std::sort(matches.begin(), matches.end(), [](const EntityMatch& a, const EntityMatch& b) {
    return a.score != b.score ? a.score > b.score : a.node < b.node;
  });
  // An exact match of the normalised name settles the query unless it is itself shared.
  if (!matches.empty() && matches.front().score >= 1.0) {
    std::erase_if(matches, [](const EntityMatch& m) { return m.score < 1.0; });
  }
  return matches;
}

std::array<bool, kEntityTypeCount> ParseTypeFilter(const std::string& list) {
  std::array<bool, kEntityTypeCount> allowed{};
  if (list.empty()) {
    allowed.fill(true);
    allowed[static_cast<std::size_t>(EntityType::kPlace)] = false;
    return allowed;
  }
  std::istringstream names(list);
  for (std::string name; std::getline(names, name, ',');) {
    const std::optional<EntityType> type = ParseEntityType(name);
    if (!type) throw UsageError("--types: unknown entity type '" + name + "'");
    allowed[static_cast<std::size_t>(*type)] = true;
  }
  return allowed;
}

NodeId ResolveEntity(const Network& network, const CaseData& data, std::string_view query) {
  const std::vector<EntityMatch> matches = FindEntities(network, data, query);
  if (matches.size() == 1) return matches.front().node;
  std::ostringstream message;
  if (matches.empty()) {
    message << "no entity matches '" << query
            << "': give a node key (E12), a record id, a phone number or a name";
    throw UsageError(message.str());
  }
  message << "'" << query << "' matches " << matches.size() << " entities; name one by its key:";
  for (std::size_t i = 0; i < std::min<std::size_t>(20, matches.size()); ++i) {
    const EntityMatch& m = matches[i];
    message << "\n  " << network.nodes.keys[m.node] << "  "
            << EntityTypeName(network.nodes.types[m.node]) << "  " << network.nodes.labels[m.node]
            << "  (" << m.how << " " << std::round(m.score * 100) / 100 << ")";
  }
  if (matches.size() > 20) message << "\n  ... and " << matches.size() - 20 << " more";
  throw UsageError(message.str());
}

}  // namespace corridor::cli
