#pragma once
// How a user names an entity on the command line (`corridor flows`, `paths`, `chart`): by its
// node key ("E12", "+923001234567", "document:AB1234567"), by the id of one of its records
// ("T-9#person"), by a phone number in any local format (the case's default region), or by a
// name query. A name matches persons and organisations whose label scores at least
// kNameMatchThreshold against it (algorithms/resolve/name_score.h), in any script; an exact
// match of the normalised name outranks fuzzy ones.

#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "engine/case_data.h"
#include "engine/network.h"

namespace corridor::cli {

struct EntityMatch {
  NodeId node;
  double score;     // 1 for a key, record id or phone; the name score otherwise
  std::string how;  // "key", "record", "phone", "name"
};

// Best first, then by node; empty when nothing matches.
std::vector<EntityMatch> FindEntities(const Network& network, const CaseData& data,
                                      std::string_view query);

// The one entity `query` names. Throws UsageError (exit 1) when nothing matches, or when
// several do, listing the candidates with their keys and labels.
NodeId ResolveEntity(const Network& network, const CaseData& data, std::string_view query);

// A --types list ("person,phone,account"): the entity types a path or chart may pass
// through. Empty means all but place: a city joins everyone who passed through it, so a path
// by way of Quetta says nothing about who knows whom. Throws UsageError on an unknown type.
std::array<bool, kEntityTypeCount> ParseTypeFilter(const std::string& list);

}  // namespace corridor::cli
