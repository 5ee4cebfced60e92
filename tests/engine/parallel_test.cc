#include "engine/parallel.h"

#include <gtest/gtest.h>

#include <atomic>
#include <numeric>
#include <vector>

namespace corridor {
namespace {

TEST(Parallel, ThreadLimitCapsAndRestores) {
  const int before = parallel::MaxThreads();
  {
    const parallel::ThreadLimit limit(1);
    EXPECT_EQ(parallel::MaxThreads(), 1);
  }
  EXPECT_EQ(parallel::MaxThreads(), before);
  EXPECT_GE(parallel::HardwareThreads(), 1);
}

TEST(Parallel, ForVisitsEveryIndexOnceAtAnyThreadCount) {
  for (const int threads : {1, 2, 4}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const parallel::ThreadLimit limit(threads);
    std::vector<std::atomic<int>> hits(10007);
    parallel::For(0, hits.size(), 64, [&](std::size_t i) { hits[i].fetch_add(1); });
    for (const auto& h : hits) ASSERT_EQ(h.load(), 1);
  }
}

TEST(Parallel, ChunksRespectGrainAndCoverRange) {
  std::vector<std::atomic<int>> covered(1000);
  std::atomic<bool> oversized{false};
  parallel::ForChunks(10, 1000, 33, [&](std::size_t lo, std::size_t hi) {
    if (hi - lo > 33 || (lo - 10) % 33 != 0) oversized = true;
    for (std::size_t i = lo; i < hi; ++i) covered[i].fetch_add(1);
  });
  EXPECT_FALSE(oversized.load());
  for (std::size_t i = 0; i < covered.size(); ++i) ASSERT_EQ(covered[i].load(), i >= 10 ? 1 : 0);
}

TEST(Parallel, EmptyRangeRunsNothing) {
  bool ran = false;
  parallel::For(5, 5, 1, [&](std::size_t) { ran = true; });
  EXPECT_FALSE(ran);
  EXPECT_EQ(parallel::OrderedReduce(
                3, 3, 1, 7, [](std::size_t, std::size_t) { return 1; },
                [](int a, int b) { return a + b; }),
            7);
}

TEST(Parallel, OrderedReduceIsBitIdenticalAcrossThreadCounts) {
  // Terms of wildly different magnitude: an unordered sum would differ between runs.
  std::vector<double> terms(100000);
  for (std::size_t i = 0; i < terms.size(); ++i) {
    terms[i] = (i % 3 == 0 ? 1e16 : 1.0) * (i % 2 ? 1 : -1) / static_cast<double>(i + 1);
  }
  const auto sum = [&] {
    return parallel::OrderedReduce(
        0, terms.size(), 1000, 0.0,
        [&](std::size_t lo, std::size_t hi) {
          double s = 0;
          for (std::size_t i = lo; i < hi; ++i) s += terms[i];
          return s;
        },
        [](double a, double b) { return a + b; });
  };
  double one;
  {
    const parallel::ThreadLimit limit(1);
    one = sum();
  }
  for (int trial = 0; trial < 5; ++trial) EXPECT_EQ(sum(), one);

  // Order is left to right: concatenating chunk strings gives the whole range in order.
  const std::string joined = parallel::OrderedReduce(
      0, 26, 4, std::string(),
      [](std::size_t lo, std::size_t hi) {
        std::string s;
        for (std::size_t i = lo; i < hi; ++i) s.push_back(static_cast<char>('a' + i));
        return s;
      },
      [](std::string a, std::string b) { return a + b; });
  EXPECT_EQ(joined, "abcdefghijklmnopqrstuvwxyz");
}

// Each index writes as many outputs as its value mod 4; the outputs come out in index order,
// as one pass would write them, at any thread count and grain, over an empty range too.
TEST(Parallel, CountThenFillWritesInOrderOfOnePass) {
  const std::size_t n = 50'003;
  std::vector<std::size_t> expected;
  for (std::size_t i = 7; i < n; ++i) {
    for (std::size_t k = 0; k < i % 4; ++k) expected.push_back(i * 10 + k);
  }
  for (const int threads : {1, 2, 4}) {
    const parallel::ThreadLimit limit(threads);
    for (const std::size_t grain : {0, 1, 1000, 16384, 100000}) {
      std::vector<std::size_t> out;
      std::size_t room_calls = 0;
      parallel::CountThenFill(
          7, n, grain,
          [](std::size_t lo, std::size_t hi) {
            std::size_t outputs = 0;
            for (std::size_t i = lo; i < hi; ++i) outputs += i % 4;
            return outputs;
          },
          [&](std::size_t total) {
            ++room_calls;
            out.assign(total, 0);
          },
          [&](std::size_t lo, std::size_t hi, std::size_t at) {
            for (std::size_t i = lo; i < hi; ++i) {
              for (std::size_t k = 0; k < i % 4; ++k) out[at++] = i * 10 + k;
            }
          });
      EXPECT_EQ(room_calls, 1u);
      EXPECT_EQ(out, expected) << threads << " threads, grain " << grain;
    }
  }
  std::size_t room = 1;
  parallel::CountThenFill(
      5, 5, 16, [](std::size_t, std::size_t) -> std::size_t { return 1; },
      [&](std::size_t total) { room = total; },
      [](std::size_t, std::size_t, std::size_t) { FAIL() << "no chunk in an empty range"; });
  EXPECT_EQ(room, 0u);
}

// Both runs each piece once, to completion, with parallel loops inside either, at any thread
// count (one thread must run them one after the other without deadlock).
TEST(Parallel, BothRunsEachPieceOnceWithNestedLoops) {
  for (const int threads : {1, 2, 4}) {
    const parallel::ThreadLimit limit(threads);
    std::vector<int> left(50000, 0), right(70000, 0);
    std::atomic<int> calls{0};
    parallel::Both(
        [&] {
          ++calls;
          parallel::For(0, left.size(), 128, [&](std::size_t i) { left[i] += 1; });
        },
        [&] {
          ++calls;
          parallel::For(0, right.size(), 128, [&](std::size_t i) { right[i] += 2; });
        });
    EXPECT_EQ(calls.load(), 2) << threads << " threads";
    EXPECT_EQ(std::accumulate(left.begin(), left.end(), 0), 50000) << threads << " threads";
    EXPECT_EQ(std::accumulate(right.begin(), right.end(), 0), 140000) << threads << " threads";
  }
}

TEST(Parallel, OrderedPipelineConsumesInOrderAtAnyThreadCount) {
  for (const int threads : {1, 2, 4}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const parallel::ThreadLimit limit(threads);
    std::vector<std::size_t> consumed;
    std::atomic<int> in_flight{0}, most_in_flight{0};
    parallel::OrderedPipeline(
        500, 3,
        [&](std::size_t i) {
          const int now = ++in_flight;
          int seen = most_in_flight.load();
          while (now > seen && !most_in_flight.compare_exchange_weak(seen, now)) {
          }
          std::vector<std::size_t> item(1 + i % 7, i);  // a movable, heap-owning item
          --in_flight;
          return item;
        },
        [&](std::vector<std::size_t> item) {
          EXPECT_EQ(item.size(), 1 + item[0] % 7);
          consumed.push_back(item[0]);
        });
    ASSERT_EQ(consumed.size(), 500u);
    for (std::size_t i = 0; i < consumed.size(); ++i) ASSERT_EQ(consumed[i], i);
    EXPECT_LE(most_in_flight.load(), 3);
  }
  bool ran = false;
  parallel::OrderedPipeline(
      0, 2, [](std::size_t i) { return i; }, [&](std::size_t) { ran = true; });
  EXPECT_FALSE(ran);
}

TEST(Parallel, OrderedTextHandsEachItemAnEmptyBufferAndWritesInOrder) {
  for (const int threads : {1, 2, 4}) {
    SCOPED_TRACE("threads " + std::to_string(threads));
    const parallel::ThreadLimit limit(threads);
    std::string written, expected;
    bool always_empty = true;
    parallel::OrderedText(
        300, 3,
        [&](std::size_t i, std::string& text) {
          if (!text.empty()) always_empty = false;
          text.append(1 + i % 50, static_cast<char>('a' + i % 26));
          text.push_back('\n');
        },
        [&](std::string_view text) { written += text; });
    for (std::size_t i = 0; i < 300; ++i) {
      expected.append(1 + i % 50, static_cast<char>('a' + i % 26));
      expected.push_back('\n');
    }
    EXPECT_TRUE(always_empty);
    EXPECT_EQ(written, expected);
  }
}

}  // namespace
}  // namespace corridor
