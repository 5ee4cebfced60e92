#pragma once
// Entities: the resolved things (a person, a phone, an account, a document, a place), each
// with the records it was built from. Membership is stored as CSR (offsets into one flat array
// of record indices). Entity ids are stable: entities are numbered by their smallest member
// record, so they depend only on the clustering, never on the order work was done in.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/ids.h"

namespace corridor {

// Organisation: companies and groups from FtM input, beside DESIGN.md's five types.
enum class EntityType : std::uint8_t {
  kPerson,
  kPhone,
  kAccount,
  kDocument,
  kPlace,
  kOrganisation
};
inline constexpr int kEntityTypeCount = 6;

std::string_view EntityTypeName(EntityType type);
std::optional<EntityType> ParseEntityType(std::string_view name);

struct EntityTable {
  std::vector<EntityType> types;
  std::vector<StringId> labels;             // canonical label, interned in the record pool
  std::vector<std::uint64_t> member_begin;  // size() + 1 offsets
  std::vector<RecordIndex> members;         // sorted ascending within each entity

  std::size_t size() const { return types.size(); }
  std::span<const RecordIndex> Members(EntityId e) const {
    return {members.data() + member_begin[e], members.data() + member_begin[e + 1]};
  }

  // Builds entities from a record -> cluster assignment (kNoId: record is in no entity of
  // this kind, an event for instance). Clusters may be numbered arbitrarily; the result is
  // renumbered by smallest member. `type_of_cluster(c)` gives each cluster's type.
  template <typename TypeOf>
  static EntityTable FromAssignment(std::span<const std::uint32_t> cluster_of_record,
                                    TypeOf type_of_cluster);

  // Checks the invariants: offsets consistent, every entity non-empty with sorted members,
  // no record in two entities, entities ordered by smallest member, records < num_records.
  // Throws InternalError naming the first violation.
  void Validate(std::size_t num_records) const;
};

namespace detail {
// Shared, non-template part of FromAssignment: returns entities ordered by smallest member,
// each entity's original cluster id in `cluster_of_entity`.
EntityTable GroupByCluster(std::span<const std::uint32_t> cluster_of_record,
                           std::vector<std::uint32_t>& cluster_of_entity);
}  // namespace detail

template <typename TypeOf>
EntityTable EntityTable::FromAssignment(std::span<const std::uint32_t> cluster_of_record,
                                        TypeOf type_of_cluster) {
  std::vector<std::uint32_t> cluster_of_entity;
  EntityTable table = detail::GroupByCluster(cluster_of_record, cluster_of_entity);
  for (std::size_t e = 0; e < table.size(); ++e) {
    table.types[e] = type_of_cluster(cluster_of_entity[e]);
  }
  return table;
}

}  // namespace corridor
