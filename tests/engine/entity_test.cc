#include "engine/entity.h"

#include <gtest/gtest.h>

#include <random>

#include "engine/errors.h"

namespace corridor {
namespace {

TEST(EntityTable, NumberedBySmallestMemberWithEveryRecordOnce) {
  // Records 0..6; clusters named arbitrarily; record 3 is an event in no entity.
  const std::vector<std::uint32_t> cluster = {9, 4, 9, kNoId, 4, 2, 9};
  const EntityTable table = EntityTable::FromAssignment(
      cluster, [](std::uint32_t c) { return c == 2 ? EntityType::kPhone : EntityType::kPerson; });
  table.Validate(cluster.size());
  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(std::vector<RecordIndex>(table.Members(0).begin(), table.Members(0).end()),
            (std::vector<RecordIndex>{0, 2, 6}));
  EXPECT_EQ(std::vector<RecordIndex>(table.Members(1).begin(), table.Members(1).end()),
            (std::vector<RecordIndex>{1, 4}));
  EXPECT_EQ(table.types[2], EntityType::kPhone);
}

TEST(EntityTable, RandomAssignmentsKeepTheInvariant) {
  std::mt19937 rng(42);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<std::uint32_t> cluster(500);
    std::uniform_int_distribution<std::uint32_t> pick(0, 60);
    for (auto& c : cluster) c = pick(rng) == 0 ? kNoId : pick(rng);
    const EntityTable table =
        EntityTable::FromAssignment(cluster, [](std::uint32_t) { return EntityType::kPerson; });
    table.Validate(cluster.size());
    std::size_t placed = 0;
    for (EntityId e = 0; e < table.size(); ++e) {
      for (const RecordIndex r : table.Members(e)) {
        EXPECT_EQ(cluster[r], cluster[table.Members(e)[0]]);
        ++placed;
      }
    }
    EXPECT_EQ(placed, cluster.size() - std::count(cluster.begin(), cluster.end(), kNoId));
  }
}

TEST(EntityTable, ValidateRejectsRecordInTwoEntities) {
  EntityTable table;
  table.types = {EntityType::kPerson, EntityType::kPerson};
  table.labels = {0, 0};
  table.member_begin = {0, 2, 3};
  table.members = {0, 1, 1};
  EXPECT_THROW(table.Validate(2), InternalError);
  table.members = {1, 2, 0};  // entities out of smallest-member order
  EXPECT_THROW(table.Validate(3), InternalError);
  table.members = {1, 0, 2};  // members unsorted
  EXPECT_THROW(table.Validate(3), InternalError);
  table.members = {0, 1, 2};
  EXPECT_NO_THROW(table.Validate(3));
  EXPECT_THROW(table.Validate(2), InternalError);
}

TEST(EntityTypes, NamesRoundTrip) {
  for (int t = 0; t < kEntityTypeCount; ++t) {
    const auto type = static_cast<EntityType>(t);
    EXPECT_EQ(ParseEntityType(EntityTypeName(type)), type);
  }
}

}  // namespace
}  // namespace corridor
