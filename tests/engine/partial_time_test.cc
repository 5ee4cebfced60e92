#include "engine/partial_time.h"

#include <gtest/gtest.h>

#include "engine/errors.h"

namespace corridor {
namespace {

TEST(PartialTime, IsoAtOwnPrecision) {
  const CivilTime t{1987, 3, 14, 9, 26, 53};
  EXPECT_EQ(PartialTime::FromCivil(t, TimePrecision::kYear).ToIso(), "1987");
  EXPECT_EQ(PartialTime::FromCivil(t, TimePrecision::kMonth).ToIso(), "1987-03");
  EXPECT_EQ(PartialTime::FromCivil(t, TimePrecision::kDay).ToIso(), "1987-03-14");
  EXPECT_EQ(PartialTime::FromCivil(t, TimePrecision::kMinute).ToIso(), "1987-03-14T09:26Z");
  EXPECT_EQ(PartialTime::FromCivil(t, TimePrecision::kSecond).ToIso(), "1987-03-14T09:26:53Z");
  EXPECT_EQ(PartialTime().ToIso(), "");
}

TEST(PartialTime, KnownEpochValues) {
  EXPECT_EQ(PartialTime::FromCivil({1970, 1, 1}, TimePrecision::kDay).seconds(), 0);
  EXPECT_EQ(PartialTime::FromCivil({2000, 3, 1}, TimePrecision::kDay).seconds(), 951868800);
  EXPECT_EQ(PartialTime::FromCivil({1969, 12, 31, 23, 59, 59}, TimePrecision::kSecond).seconds(),
            -1);
}

TEST(PartialTime, RoundTripsThroughCivilAcrossCenturies) {
  for (int year : {1600, 1899, 1900, 1970, 2000, 2024, 2100}) {
    for (int month = 1; month <= 12; ++month) {
      const CivilTime c{year, month, month == 2 ? 28 : 30, 23, 1, 2};
      const CivilTime back = PartialTime::FromCivil(c, TimePrecision::kSecond).ToCivil();
      EXPECT_EQ(back.year, c.year);
      EXPECT_EQ(back.month, c.month);
      EXPECT_EQ(back.day, c.day);
      EXPECT_EQ(back.hour, 23);
      EXPECT_EQ(back.second, 2);
    }
  }
}

TEST(PartialTime, ImpossibleDatesThrow) {
  EXPECT_THROW(PartialTime::FromCivil({2023, 2, 29}, TimePrecision::kDay), InvalidInput);
  EXPECT_NO_THROW(PartialTime::FromCivil({2024, 2, 29}, TimePrecision::kDay));
  EXPECT_THROW(PartialTime::FromCivil({2024, 13, 1}, TimePrecision::kMonth), InvalidInput);
  EXPECT_THROW(PartialTime::FromCivil({2024, 1, 1, 24, 0}, TimePrecision::kMinute), InvalidInput);
  // A year-only value ignores finer garbage.
  EXPECT_NO_THROW(PartialTime::FromCivil({2024, 13, 40}, TimePrecision::kYear));
}

TEST(PartialTime, OrderingPutsUnknownFirstThenTimeThenPrecision) {
  const PartialTime unknown;
  const PartialTime year = PartialTime::FromCivil({1990, 1, 1}, TimePrecision::kYear);
  const PartialTime day = PartialTime::FromCivil({1990, 1, 1}, TimePrecision::kDay);
  const PartialTime later = PartialTime::FromCivil({1990, 1, 2}, TimePrecision::kDay);
  EXPECT_LT(unknown, year);
  EXPECT_LT(year, day);
  EXPECT_LT(day, later);
  EXPECT_NE(year, day);
}

}  // namespace
}  // namespace corridor
