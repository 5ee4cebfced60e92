#include "engine/string_pool.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.h"

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

// A batch must give the ids Intern gives one text after another: duplicates within the batch,
// texts interned before it, and the table growing midway.
TEST(StringPool, InternBatchGivesTheIdsOfSequentialInterns) {
  std::vector<std::string> texts;
  for (int i = 0; i < 5000; ++i) {
    texts.push_back("+92300" + std::to_string(i % 1700 * 7919 % 4999));
    if (i % 13 == 0) texts.push_back(std::string(20 + i % 30, 'k') + std::to_string(i % 3));
    if (i % 101 == 0) texts.emplace_back();
  }
  StringPool one, batched;
  one.Intern("+923000");
  batched.Intern("+923000");
  std::vector<StringId> expected;
  for (const std::string& text : texts) expected.push_back(one.Intern(text));
  std::vector<StringId> ids;
  for (std::size_t begin = 0; begin < texts.size(); begin += 700) {
    const std::size_t end = std::min(texts.size(), begin + 700);
    const std::vector<std::string_view> views(texts.begin() + static_cast<std::ptrdiff_t>(begin),
                                              texts.begin() + static_cast<std::ptrdiff_t>(end));
    std::vector<StringId> part(views.size());
    batched.InternBatch(views, part);
    ids.insert(ids.end(), part.begin(), part.end());
  }
  EXPECT_EQ(ids, expected);
  EXPECT_EQ(batched.size(), one.size());
  for (StringId id = 0; id < one.size(); ++id) EXPECT_EQ(batched.View(id), one.View(id));
}

// Slots hold up to 16 bytes inline, the length up to 65534, and the bytes' address: strings
// alike in their first 16 bytes, or in all but their last byte, must stay apart, before and
// after the table grows.
TEST(StringPool, StringsAlikeInTheirFirstBytesStayDistinct) {
  const std::string prefix = "0123456789abcdef";
  const std::string long_a(70000, 'q'), long_b = long_a.substr(1) + "r";
  const std::vector<std::string> texts = {
      prefix, prefix + "-1", prefix + "-2",           prefix.substr(1),       long_a,
      long_b, long_a + "q",  std::string(65534, 'q'), std::string(65535, 'q')};
  StringPool pool;
  std::vector<StringId> ids;
  for (const std::string& text : texts) ids.push_back(pool.Intern(text));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) EXPECT_NE(ids[i], ids[j]) << i << " " << j;
  }
  // Grow the table with many strings of one length and one 16-byte head: among them, slots
  // whose 16-bit hash tag matches by chance, which only the bytes beyond the head tell apart.
  const std::size_t before = pool.size();
  constexpr int kMany = 300000;
  const auto many = [&](int i) {
    const std::string digits = std::to_string(i);
    return prefix + std::string(7 - digits.size(), '0') + digits;
  };
  for (int i = 0; i < kMany; ++i) pool.Intern(many(i));
  EXPECT_EQ(pool.size(), before + kMany);
  for (int i = 0; i < kMany; i += 1009) EXPECT_EQ(pool.View(*pool.Find(many(i))), many(i));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    EXPECT_EQ(pool.Find(texts[i]), ids[i]) << i;
    EXPECT_EQ(pool.Intern(texts[i]), ids[i]) << i;
    EXPECT_EQ(pool.View(ids[i]), texts[i]) << i;
  }
  EXPECT_FALSE(pool.Find(prefix + "-3").has_value());
  EXPECT_FALSE(pool.Find(long_a.substr(1) + "s").has_value());
}

TEST(StringPool, EmbeddedNulBytesAreDistinct) {
  StringPool pool;
  const StringId a = pool.Intern(std::string_view("a\0b", 3));
  const StringId b = pool.Intern(std::string_view("a\0c", 3));
  EXPECT_NE(a, b);
  EXPECT_EQ(pool.View(a).size(), 3u);
}

// Short strings are compared and hashed as two zero-padded words: a string must stay apart
// from every other that differs in one byte at any position, and from itself padded with NUL.
TEST(StringPool, ShortStringsDifferingInAnyOneByteStayDistinct) {
  const std::string base = "0123456789abcdef";
  std::vector<std::string> texts;
  for (std::size_t n = 0; n <= base.size(); ++n) {
    const std::string text = base.substr(0, n);
    texts.push_back(text);
    texts.push_back(text + std::string(1, '\0'));
    for (std::size_t p = 0; p < n; ++p) {
      for (const char c : {'x', '\0', '\xff'}) {
        std::string variant = text;
        variant[p] = c;
        texts.push_back(variant);
      }
    }
  }
  StringPool pool;
  std::vector<StringId> ids;
  for (const std::string& text : texts) ids.push_back(pool.Intern(text));
  for (std::size_t i = 0; i < texts.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      EXPECT_EQ(ids[i] == ids[j], texts[i] == texts[j]) << i << " " << j;
    }
    EXPECT_EQ(pool.Find(texts[i]), ids[i]) << i;
    EXPECT_EQ(pool.View(ids[i]), texts[i]) << i;
  }
  // Many 16-byte strings with one first word: some meet slots whose 16-bit tag matches by
  // chance, which only the second word tells apart.
  const std::size_t before = pool.size();
  constexpr int kMany = 300000;
  for (int i = 0; i < kMany; ++i) pool.Intern("01234567" + std::to_string(10000000 + i));
  EXPECT_EQ(pool.size(), before + kMany);
}

TEST(StringPool, AppendedStringsAreNotIndexed) {
  StringPool pool;
  const StringId raw = pool.Append("T-1");
  EXPECT_EQ(pool.View(raw), "T-1");
  EXPECT_FALSE(pool.Find("T-1").has_value());
  const StringId interned = pool.Intern("T-1");
  EXPECT_NE(interned, raw);
  EXPECT_EQ(pool.Intern("T-1"), interned);
  EXPECT_NE(pool.Append("T-1"), raw);  // every Append is a new handle
}

TEST(StringPool, ReleasedIndexIsRebuiltByIntern) {
  StringPool pool;
  std::vector<StringId> ids;
  for (int i = 0; i < 1000; ++i) ids.push_back(pool.Intern("value-" + std::to_string(i)));
  const StringId raw = pool.Append("raw");
  pool.ReleaseIndex();
  EXPECT_THROW(pool.Find("value-1"), InternalError);
  // Views and Append need no index.
  EXPECT_EQ(pool.View(ids[7]), "value-7");
  const StringId appended = pool.Append("after");
  EXPECT_EQ(pool.View(appended), "after");
  // Intern finds every string interned before the release, and only those.
  for (int i = 0; i < 1000; ++i) EXPECT_EQ(pool.Intern("value-" + std::to_string(i)), ids[i]);
  const StringId fresh = pool.Intern("raw");
  EXPECT_NE(fresh, raw);
  EXPECT_EQ(fresh, appended + 1);
  EXPECT_EQ(pool.Find("value-999"), ids[999]);
  EXPECT_FALSE(pool.Find("after").has_value());
}

// Views are packed with a 19-bit length; strings of 2^19 - 1 bytes or more get a block of
// their own. Lengths either side of that limit and of a block (2 MiB) must read back whole,
// interned or appended, and survive a merge into another pool.
TEST(StringPool, StringsAroundTheLengthLimitsReadBackWhole) {
  const std::size_t limit = (std::size_t{1} << 19) - 1;
  const std::vector<std::size_t> lengths = {1,       limit - 1,     limit,   limit + 1,
                                            3 << 19, (2 << 20) - 1, 2 << 20, (2 << 20) + 7};
  const auto text = [](std::size_t length, char fill) {
    std::string value(length, fill);
    value.back() = '!';
    return value;
  };
  std::vector<StringPool> parts(2);
  std::vector<std::vector<StringId>> interned(2), appended(2);
  for (std::size_t p = 0; p < 2; ++p) {
    parts[p].Intern("warm-up");
    for (const std::size_t length : lengths) {
      interned[p].push_back(parts[p].Intern(text(length, 'a')));
      appended[p].push_back(parts[p].Append(text(length, 'b')));
      EXPECT_EQ(parts[p].Intern(text(length, 'a')), interned[p].back()) << length;
    }
    for (std::size_t i = 0; i < lengths.size(); ++i) {
      EXPECT_TRUE(parts[p].View(interned[p][i]) == text(lengths[i], 'a')) << lengths[i];
      EXPECT_TRUE(parts[p].View(appended[p][i]) == text(lengths[i], 'b')) << lengths[i];
    }
  }
  std::vector<std::vector<StringId>> remaps;
  const StringPool merged = StringPool::Concatenate(std::move(parts), remaps);
  for (std::size_t i = 0; i < lengths.size(); ++i) {
    EXPECT_EQ(remaps[1][interned[1][i]], interned[0][i]) << lengths[i];  // deduplicated
    EXPECT_TRUE(merged.View(remaps[1][appended[1][i]]) == text(lengths[i], 'b')) << lengths[i];
    EXPECT_TRUE(merged.View(interned[0][i]) == text(lengths[i], 'a')) << lengths[i];
  }
}

// The merge gives the ids one pool would have given interning and appending every part's
// strings in order, and the merged pool goes on finding, interning and rebuilding as that
// pool would; with its index released, it interns as that pool would once rebuilt, the last
// part's new strings included.
TEST(StringPool, ConcatenateGivesTheIdsOfOnePoolFedInOrder) {
  for (const StringPool::MergedIndex index :
       {StringPool::MergedIndex::kKeep, StringPool::MergedIndex::kRelease}) {
    SCOPED_TRACE(index == StringPool::MergedIndex::kKeep ? "index kept" : "index released");
    std::mt19937 random(11);
    StringPool sequential;
    std::vector<StringPool> parts(3);
    std::vector<std::vector<StringId>> part_ids(3), sequential_ids(3);
    std::vector<std::vector<std::string>> texts(3);
    for (std::size_t p = 0; p < parts.size(); ++p) {
      for (int k = 0; k < 40000; ++k) {
        // The last part holds strings no other part does.
        const std::string text = (p == 2 ? "t" : "s") + std::to_string(random() % 30000);
        const bool raw = random() % 3 == 0;
        texts[p].push_back(text);
        part_ids[p].push_back(raw ? parts[p].Append(text) : parts[p].Intern(text));
        sequential_ids[p].push_back(raw ? sequential.Append(text) : sequential.Intern(text));
      }
    }
    std::vector<std::vector<StringId>> remaps;
    StringPool merged = StringPool::Concatenate(std::move(parts), remaps, index);
    ASSERT_EQ(merged.size(), sequential.size());
    EXPECT_EQ(merged.indexed_count(), sequential.indexed_count());
    for (std::size_t p = 0; p < texts.size(); ++p) {
      for (std::size_t k = 0; k < texts[p].size(); ++k) {
        const StringId id = p == 0 ? part_ids[p][k] : remaps[p][part_ids[p][k]];
        ASSERT_EQ(id, sequential_ids[p][k]) << p << " " << k;
        ASSERT_EQ(merged.View(id), texts[p][k]);
      }
    }
    if (index == StringPool::MergedIndex::kKeep) {
      for (int i = 0; i < 30000; i += 7) {
        for (const std::string& text : {"s" + std::to_string(i), "t" + std::to_string(i)}) {
          EXPECT_EQ(merged.Find(text), sequential.Find(text)) << text;
        }
      }
      const StringId next = merged.Intern("new");
      EXPECT_EQ(next, sequential.Intern("new"));
      merged.ReleaseIndex();  // rebuilt from the merged pool's record of which ids are indexed
    } else {
      EXPECT_THROW(merged.Find("s1"), InternalError);
    }
    for (int i = 0; i < 30000; i += 7) {
      for (const std::string& text : {"s" + std::to_string(i), "t" + std::to_string(i)}) {
        EXPECT_EQ(merged.Intern(text), sequential.Intern(text)) << text;
      }
    }
    EXPECT_EQ(merged.size(), sequential.size());
  }
}

TEST(StringPool, ConcatenateDeduplicatesIndexedAndKeepsRaw) {
  std::vector<StringPool> parts(2);
  parts[0].Intern("x");
  parts[0].Append("raw-a");
  parts[1].Intern("y");
  parts[1].Intern("x");
  parts[1].Append("raw-a");
  // Enough strings that the second part's blocks must be adopted, not just the first's.
  for (int i = 0; i < 20000; ++i)
    parts[1].Intern("name-" + std::to_string(i) + std::string(80, 'z'));
  std::vector<std::vector<StringId>> remaps;
  const StringId first_x = 1, first_raw = 2;
  const StringPool merged = StringPool::Concatenate(std::move(parts), remaps);
  ASSERT_EQ(remaps.size(), 2u);
  EXPECT_TRUE(remaps[0].empty());  // the first part is adopted: its ids stand
  EXPECT_EQ(merged.View(first_x), "x");
  EXPECT_EQ(merged.View(first_raw), "raw-a");
  EXPECT_EQ(remaps[1][0], StringPool::kEmpty);
  EXPECT_EQ(remaps[1][2], first_x);  // "x" once
  EXPECT_EQ(merged.View(remaps[1][1]), "y");
  EXPECT_NE(remaps[1][3], first_raw);  // raw strings stay distinct handles
  EXPECT_EQ(merged.View(remaps[1][3]), "raw-a");
  EXPECT_EQ(merged.View(remaps[1][3 + 20000]), "name-19999" + std::string(80, 'z'));
  EXPECT_EQ(*merged.Find("name-5" + std::string(80, 'z')), remaps[1][4 + 5]);
  EXPECT_EQ(merged.size(), 1u + 2 + 1 + 1 + 20000);
}

}  // namespace
}  // namespace corridor
