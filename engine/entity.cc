#include "engine/entity.h"

#include <algorithm>
#include <array>
#include <string>

#include "engine/errors.h"

namespace corridor {
namespace {

constexpr std::array<std::string_view, kEntityTypeCount> kTypeNames = {
    "Person", "Phone", "Account", "Document", "Place", "Organisation"};

}  // namespace

std::string_view EntityTypeName(EntityType type) {
  return kTypeNames[static_cast<std::size_t>(type)];
}

std::optional<EntityType> ParseEntityType(std::string_view name) {
  for (std::size_t i = 0; i < kTypeNames.size(); ++i) {
    if (kTypeNames[i] == name) return static_cast<EntityType>(i);
  }
  return std::nullopt;
}

namespace detail {

EntityTable GroupByCluster(std::span<const std::uint32_t> cluster_of_record,
                           std::vector<std::uint32_t>& cluster_of_entity) {
  // Records are scanned in index order, so the first record seen of a cluster is its smallest
  // member and numbering clusters in order of first sight numbers them by smallest member.
  std::uint32_t max_cluster = 0;
  for (const std::uint32_t c : cluster_of_record) {
    if (c != kNoId) max_cluster = std::max(max_cluster, c + 1);
  }
  std::vector<EntityId> entity_of_cluster(max_cluster, kNoId);
  cluster_of_entity.clear();
  std::vector<std::uint64_t> counts;
  for (const std::uint32_t c : cluster_of_record) {
    if (c == kNoId) continue;
    if (entity_of_cluster[c] == kNoId) {
      entity_of_cluster[c] = static_cast<EntityId>(cluster_of_entity.size());
      cluster_of_entity.push_back(c);
      counts.push_back(0);
    }
    ++counts[entity_of_cluster[c]];
  }
  EntityTable table;
  const std::size_t n = cluster_of_entity.size();
  table.types.assign(n, EntityType::kPerson);
  table.labels.assign(n, 0);
  table.member_begin.assign(n + 1, 0);
  for (std::size_t e = 0; e < n; ++e) table.member_begin[e + 1] = table.member_begin[e] + counts[e];
  table.members.resize(table.member_begin[n]);
  std::vector<std::uint64_t> cursor(table.member_begin.begin(), table.member_begin.end() - 1);
  for (RecordIndex r = 0; r < cluster_of_record.size(); ++r) {
    const std::uint32_t c = cluster_of_record[r];
    if (c != kNoId) table.members[cursor[entity_of_cluster[c]]++] = r;
  }
  return table;
}

}  // namespace detail

void EntityTable::Validate(std::size_t num_records) const {
  const auto fail = [](const std::string& what) { throw InternalError("EntityTable: " + what); };
  if (labels.size() != size()) fail("labels and types differ in length");
  if (member_begin.size() != size() + 1) fail("member_begin must have size() + 1 entries");
  if (member_begin.front() != 0 || member_begin.back() != members.size()) {
    fail("member offsets do not span the member array");
  }
  std::vector<bool> seen(num_records, false);
  RecordIndex previous_first = 0;
  for (EntityId e = 0; e < size(); ++e) {
    if (member_begin[e] >= member_begin[e + 1]) fail("entity " + std::to_string(e) + " is empty");
    const auto list = Members(e);
    if (e > 0 && list.front() <= previous_first) {
      fail("entity " + std::to_string(e) + " is not ordered by smallest member");
    }
    previous_first = list.front();
    for (std::size_t k = 0; k < list.size(); ++k) {
      const RecordIndex r = list[k];
      if (r >= num_records) fail("record " + std::to_string(r) + " out of range");
      if (k > 0 && list[k - 1] >= r) fail("members of entity " + std::to_string(e) + " unsorted");
      if (seen[r]) fail("record " + std::to_string(r) + " is in two entities");
      seen[r] = true;
    }
  }
}

}  // namespace corridor
