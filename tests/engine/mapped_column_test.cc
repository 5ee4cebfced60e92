#include "engine/mapped_column.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <type_traits>
#include <vector>

namespace corridor {
namespace {

// Element sizes as the record table's columns have them: 1 byte (kinds), 5 bytes unaligned
// (field values, which do not divide a page), 16 bytes (references).
struct Packed5 {
  std::uint8_t bytes[5];
  friend bool operator==(const Packed5& a, const Packed5& b) {
    return std::equal(std::begin(a.bytes), std::end(a.bytes), std::begin(b.bytes));
  }
};
struct Wide16 {
  std::uint64_t a, b;
  friend bool operator==(const Wide16& x, const Wide16& y) { return x.a == y.a && x.b == y.b; }
};

template <typename T>
T Make(std::uint64_t i, std::uint64_t seed) {
  const std::uint64_t v = (i + 1) * 0x9E3779B97F4A7C15ull ^ seed;
  if constexpr (std::is_same_v<T, Packed5>) {
    return Packed5{{static_cast<std::uint8_t>(v), static_cast<std::uint8_t>(v >> 8),
                    static_cast<std::uint8_t>(v >> 16), static_cast<std::uint8_t>(v >> 24),
                    static_cast<std::uint8_t>(v >> 32)}};
  } else if constexpr (std::is_same_v<T, Wide16>) {
    return Wide16{v, ~v};
  } else {
    return static_cast<T>(v >> 7);
  }
}

template <typename T>
void Fill(MappedColumn<T>& column, std::vector<T>& expected, std::size_t count,
          std::uint64_t seed) {
  for (std::size_t i = 0; i < count; ++i) {
    column.push_back(Make<T>(i, seed));
    expected.push_back(Make<T>(i, seed));
  }
}

template <typename T>
void ExpectSame(const MappedColumn<T>& column, const std::vector<T>& expected,
                const std::string& what) {
  ASSERT_EQ(column.size(), expected.size()) << what;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    ASSERT_TRUE(column[i] == expected[i]) << what << " element " << i;
  }
}

// Counts that put a column under the mapping threshold, just over it, and over it at a byte
// length that ends on a page boundary.
template <typename T>
std::vector<std::size_t> Counts() {
  const std::size_t mapped = kMappedColumnBytes / sizeof(T);
  return {0, 1, 1000, mapped + 1, 4096 * 600 / sizeof(T)};
}

enum class Setup { kPlain, kReservedHead, kExactTail };

template <typename T>
void CheckAppend(Setup setup) {
  for (const std::size_t head : Counts<T>()) {
    for (const std::size_t tail : Counts<T>()) {
      const std::string what = "head " + std::to_string(head) + ", tail " + std::to_string(tail) +
                               ", element " + std::to_string(sizeof(T)) + " bytes, setup " +
                               std::to_string(static_cast<int>(setup));
      MappedColumn<T> a, b;
      std::vector<T> expected, tail_values;
      if (setup == Setup::kReservedHead) a.reserve(2 * (head + tail) + 1);
      Fill(a, expected, head, 1);
      Fill(b, tail_values, tail, 2);
      // A copy's buffer ends on the page its bytes end on, so shifting them needs more.
      if (setup == Setup::kExactTail) b = MappedColumn<T>(b);
      expected.insert(expected.end(), tail_values.begin(), tail_values.end());
      const bool both_mapped =
          a.capacity() * sizeof(T) >= kMappedColumnBytes && tail * sizeof(T) >= kMappedColumnBytes;
      a.Append(std::move(b));
      EXPECT_TRUE(b.empty()) << what;
      ExpectSame(a, expected, what);
      // Pages moved, not copied: the column is now more than one mapping.
      EXPECT_EQ(a.several_mappings(), both_mapped) << what;
      if (tail != Counts<T>().back()) continue;
      // A column of several mappings takes a small column, a large one, and one that is itself
      // several mappings (copied, as one mremap cannot move it); then grows on.
      MappedColumn<T> small, large, joined, joined_tail;
      std::vector<T> values;
      Fill(small, values, 7, 3);
      Fill(large, values, kMappedColumnBytes / sizeof(T) + 3, 4);
      Fill(joined, values, kMappedColumnBytes / sizeof(T) + 5, 5);
      Fill(joined_tail, values, kMappedColumnBytes / sizeof(T) + 9, 6);
      joined.Append(std::move(joined_tail));
      ASSERT_TRUE(joined.several_mappings()) << what;
      expected.insert(expected.end(), values.begin(), values.end());
      a.Append(std::move(small));
      a.Append(std::move(large));
      a.Append(std::move(joined));
      a.reserve(a.capacity() + 1);
      for (std::size_t i = 0; i < 1000; ++i) {
        a.push_back(Make<T>(i, 7));
        expected.push_back(Make<T>(i, 7));
      }
      ExpectSame(a, expected, what + ", grown");
    }
  }
}

TEST(MappedColumn, AppendGivesTheConcatenationForEveryElementSizeAndOffset) {
  CheckAppend<std::uint8_t>(Setup::kPlain);
  CheckAppend<Packed5>(Setup::kPlain);
  CheckAppend<Wide16>(Setup::kPlain);
}

TEST(MappedColumn, AppendIntoReservedRoomOrFromAnExactBufferGivesTheConcatenation) {
  CheckAppend<Packed5>(Setup::kReservedHead);
  CheckAppend<std::uint32_t>(Setup::kReservedHead);
  CheckAppend<Packed5>(Setup::kExactTail);
  CheckAppend<std::uint8_t>(Setup::kExactTail);
}

TEST(MappedColumn, GrowsResizesAndCopiesAcrossTheMappingThreshold) {
  MappedColumn<std::uint32_t> column;
  std::vector<std::uint32_t> expected;
  Fill(column, expected, 3 * kMappedColumnBytes / sizeof(std::uint32_t), 5);
  ExpectSame(column, expected, "pushed");
  const MappedColumn<std::uint32_t> copy = column;
  ExpectSame(copy, expected, "copied");
  column.pop_back();
  expected.pop_back();
  column.resize(column.size() + 10);
  for (std::size_t i = 0; i < 10; ++i)
    column[column.size() - 10 + i] = static_cast<std::uint32_t>(i);
  for (std::size_t i = 0; i < 10; ++i) expected.push_back(static_cast<std::uint32_t>(i));
  ExpectSame(column, expected, "resized");
  EXPECT_GE(column.capacity(), column.size());
  MappedColumn<std::uint32_t> moved;
  moved.push_back(1);
  moved = std::move(column);
  EXPECT_TRUE(column.empty());
  ExpectSame(moved, expected, "moved");
  // An element pushed onto its own column survives the growth that moves the buffer.
  MappedColumn<std::uint32_t> self;
  self.push_back(42);
  while (self.size() < self.capacity()) self.push_back(1);
  self.push_back(self[0]);
  EXPECT_EQ(self.back(), 42u);
}

}  // namespace
}  // namespace corridor
