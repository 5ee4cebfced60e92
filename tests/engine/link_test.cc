#include "engine/link.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace corridor {
namespace {

PartialTime Day(int year, int month, int day) {
  return PartialTime::FromCivil({year, month, day}, TimePrecision::kDay);
}

TEST(LinkTable, AggregatesEventsPerTypedPair) {
  const StringId pkr = 1, usd = 2;
  std::vector<LinkEvent> events = {
      {LinkType::kCalled, 0, 1, 10, Day(2024, 3, 2), 60, 0, 0},
      {LinkType::kPaid, 3, 4, 12, Day(2024, 3, 5), 0, 500, usd},
      {LinkType::kCalled, 0, 1, 11, Day(2024, 3, 1), 30, 0, 0},
      {LinkType::kPaid, 3, 4, 13, PartialTime(), 0, 100000, pkr},
      {LinkType::kPaid, 3, 4, 14, Day(2024, 4, 1), 0, 250, usd},
      {LinkType::kCalled, 1, 0, 15, PartialTime(), 10, 0, 0},
  };
  const LinkTable links = LinkTable::Aggregate(events);
  ASSERT_EQ(links.size(), 3u);

  EXPECT_EQ(links.types[0], LinkType::kCalled);
  EXPECT_EQ(links.counts[0], 2u);
  EXPECT_EQ(links.first_seen[0].ToIso(), "2024-03-01");
  EXPECT_EQ(links.last_seen[0].ToIso(), "2024-03-02");
  EXPECT_DOUBLE_EQ(links.total_duration_s[0], 90);
  EXPECT_EQ(std::vector<RecordIndex>(links.Evidence(0).begin(), links.Evidence(0).end()),
            (std::vector<RecordIndex>{10, 11}));

  // Direction matters: 1 -> 0 is its own link, with no known time.
  EXPECT_EQ(links.sources[1], 1u);
  EXPECT_FALSE(links.first_seen[1].known());

  EXPECT_EQ(links.types[2], LinkType::kPaid);
  const auto amounts = links.Amounts(2);
  ASSERT_EQ(amounts.size(), 2u);
  EXPECT_EQ(amounts[0].currency, pkr);
  EXPECT_DOUBLE_EQ(amounts[0].amount, 100000);
  EXPECT_DOUBLE_EQ(amounts[1].amount, 750);
  EXPECT_EQ(links.Evidence(2).size(), 3u);
  EXPECT_TRUE(links.Amounts(0).empty());
}

TEST(LinkTable, ResultIndependentOfEventOrder) {
  std::mt19937 rng(7);
  std::vector<LinkEvent> events;
  std::uniform_real_distribution<double> amount(1, 1e9);
  for (RecordIndex r = 0; r < 3000; ++r) {
    events.push_back({LinkType::kPaid, r % 5, r % 3, r, Day(2020 + static_cast<int>(r % 4), 1, 1),
                      0, amount(rng), 1 + r % 2});
  }
  const LinkTable base = LinkTable::Aggregate(events);
  std::shuffle(events.begin(), events.end(), rng);
  const LinkTable shuffled = LinkTable::Aggregate(events);
  ASSERT_EQ(base.size(), shuffled.size());
  EXPECT_EQ(base.evidence, shuffled.evidence);
  ASSERT_EQ(base.amounts.size(), shuffled.amounts.size());
  for (std::size_t i = 0; i < base.amounts.size(); ++i) {
    EXPECT_EQ(base.amounts[i].amount, shuffled.amounts[i].amount);  // bit-identical
  }
  std::uint64_t total = 0;
  for (const auto c : base.counts) total += c;
  EXPECT_EQ(total, events.size());
}

TEST(LinkTable, NamesRoundTripAndEmptyInput) {
  for (int t = 0; t < kLinkTypeCount; ++t) {
    const auto type = static_cast<LinkType>(t);
    EXPECT_EQ(ParseLinkType(LinkTypeName(type)), type);
  }
  const LinkTable empty = LinkTable::Aggregate({});
  EXPECT_EQ(empty.size(), 0u);
  EXPECT_EQ(empty.evidence_begin.size(), 1u);
}

}  // namespace
}  // namespace corridor
