#include "engine/string_pool.h"

#include <gtest/gtest.h>

#include <string>

namespace corridor {
namespace {

TEST(StringPool, EmptyStringIsIdZero) {
  StringPool pool;
  EXPECT_EQ(pool.Intern(""), StringPool::kEmpty);
  EXPECT_EQ(pool.View(StringPool::kEmpty), "");
  EXPECT_EQ(pool.size(), 1u);
}

TEST(StringPool, SameTextSameIdInFirstSeenOrder) {
  StringPool pool;
  const StringId a = pool.Intern("Muhammad");
  const StringId b = pool.Intern("محمد");
  EXPECT_EQ(a, 1u);
  EXPECT_EQ(b, 2u);
  EXPECT_EQ(pool.Intern(std::string("Muhammad")), a);
  EXPECT_EQ(pool.View(b), "محمد");
  EXPECT_EQ(pool.Find("Muhammad"), a);
  EXPECT_FALSE(pool.Find("Mohammed").has_value());
}

TEST(StringPool, ViewsSurviveGrowthAndLargeStrings) {
  StringPool pool;
  std::vector<StringId> ids;
  for (int i = 0; i < 100000; ++i) ids.push_back(pool.Intern("name-" + std::to_string(i)));
  const std::string big(3 << 20, 'x');
  const StringId big_id = pool.Intern(big);
  const std::string_view first = pool.View(ids[0]);
  for (int i = 100000; i < 150000; ++i) pool.Intern("name-" + std::to_string(i));
  EXPECT_EQ(first, "name-0");
  EXPECT_EQ(pool.View(big_id), big);
  for (int i = 0; i < 100000; i += 997) {
    EXPECT_EQ(pool.View(ids[i]), "name-" + std::to_string(i));
    EXPECT_EQ(pool.Intern("name-" + std::to_string(i)), ids[i]);
  }
  EXPECT_EQ(pool.size(), 150002u);
}

TEST(StringPool, EmbeddedNulBytesAreDistinct) {
  StringPool pool;
  const StringId a = pool.Intern(std::string_view("a\0b", 3));
  const StringId b = pool.Intern(std::string_view("a\0c", 3));
  EXPECT_NE(a, b);
  EXPECT_EQ(pool.View(a).size(), 3u);
}

TEST(StringPool, AbsorbMapsIds) {
  StringPool left, right;
  left.Intern("x");
  right.Intern("y");
  right.Intern("x");
  const auto remap = left.Absorb(right);
  ASSERT_EQ(remap.size(), 3u);
  EXPECT_EQ(remap[0], StringPool::kEmpty);
  EXPECT_EQ(left.View(remap[1]), "y");
  EXPECT_EQ(remap[2], *left.Find("x"));
  EXPECT_EQ(left.size(), 3u);
}

}  // namespace
}  // namespace corridor
