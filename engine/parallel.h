#pragma once
// The one layer every parallel loop goes through (oneTBB underneath), so the thread count is
// set in one place and results never depend on it: work is cut into chunks whose boundaries
// depend only on the range and the grain, and reductions combine chunk results in order.

#include <tbb/blocked_range.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_invoke.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/parallel_sort.h>
#include <tbb/partitioner.h>

#include <algorithm>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace corridor::parallel {

// Grain sizes, in items per task: fine for costly items (a BFS per source), coarse for cheap
// ones (a degree count).
inline constexpr std::size_t kGrainFine = 16;
inline constexpr std::size_t kGrainMedium = 1024;
inline constexpr std::size_t kGrainCoarse = 16384;

// Caps the threads used by every parallel loop while alive. 0 means all cores.
class ThreadLimit {
 public:
  explicit ThreadLimit(int threads);
  int threads() const { return threads_; }

 private:
  int threads_;
  std::unique_ptr<tbb::global_control> control_;
};

// Threads parallel loops may use now.
int MaxThreads();
// Cores on this machine.
int HardwareThreads();

// Calls body(begin, end) on disjoint chunks covering [begin, end), each at most `grain` long,
// with boundaries fixed by begin, end and grain alone.
template <typename Body>
void ForChunks(std::size_t begin, std::size_t end, std::size_t grain, Body&& body) {
  if (begin >= end) return;
  if (grain == 0) grain = 1;
  const std::size_t chunks = (end - begin + grain - 1) / grain;
  tbb::parallel_for(
      tbb::blocked_range<std::size_t>(0, chunks, 1),
      [&](const tbb::blocked_range<std::size_t>& range) {
        for (std::size_t c = range.begin(); c != range.end(); ++c) {
          const std::size_t lo = begin + c * grain;
          body(lo, std::min(end, lo + grain));
        }
      },
      tbb::simple_partitioner());
}

// Calls body(i) for every i in [begin, end).
template <typename Body>
void For(std::size_t begin, std::size_t end, std::size_t grain, Body&& body) {
  ForChunks(begin, end, grain, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t i = lo; i < hi; ++i) body(i);
  });
}

// Writes a varying number of outputs per chunk in parallel, in the order one pass would:
// count(lo, hi) says how many outputs the chunk [lo, hi) makes, make_room(total) makes room for
// them all, and fill(lo, hi, first) writes the chunk's from output index `first` on. Chunks are
// fixed by begin, end and grain alone.
template <typename Count, typename MakeRoom, typename Fill>
void CountThenFill(std::size_t begin, std::size_t end, std::size_t grain, Count&& count,
                   MakeRoom&& make_room, Fill&& fill) {
  if (grain == 0) grain = 1;
  const std::size_t chunks = begin < end ? (end - begin + grain - 1) / grain : 0;
  const auto chunk_begin = [&](std::size_t c) { return begin + c * grain; };
  const auto chunk_end = [&](std::size_t c) { return std::min(end, begin + (c + 1) * grain); };
  std::vector<std::size_t> first(chunks + 1, 0);
  ForChunks(0, chunks, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t c = lo; c < hi; ++c) first[c + 1] = count(chunk_begin(c), chunk_end(c));
  });
  for (std::size_t c = 0; c < chunks; ++c) first[c + 1] += first[c];
  make_room(first[chunks]);
  ForChunks(0, chunks, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t c = lo; c < hi; ++c) fill(chunk_begin(c), chunk_end(c), first[c]);
  });
}

// Runs two independent pieces of work side by side (each may run parallel loops of its own),
// returning when both are done: for stages whose serial parts would otherwise leave a core
// idle. The pieces must not write the same data.
template <typename First, typename Second>
void Both(First&& first, Second&& second) {
  tbb::parallel_invoke(std::forward<First>(first), std::forward<Second>(second));
}

// Maps each chunk to a T with map(lo, hi) and folds the chunk results left to right with
// combine(accumulator, chunk_result): the same answer for any thread count, floating-point
// sums included.
template <typename T, typename Map, typename Combine>
T OrderedReduce(std::size_t begin, std::size_t end, std::size_t grain, T identity, Map&& map,
                Combine&& combine) {
  if (begin >= end) return identity;
  if (grain == 0) grain = 1;
  const std::size_t chunks = (end - begin + grain - 1) / grain;
  std::vector<T> partial(chunks, identity);
  ForChunks(0, chunks, 1, [&](std::size_t lo, std::size_t hi) {
    for (std::size_t c = lo; c < hi; ++c) {
      const std::size_t chunk_begin = begin + c * grain;
      partial[c] = map(chunk_begin, std::min(end, chunk_begin + grain));
    }
  });
  T result = identity;
  for (T& value : partial) result = combine(std::move(result), std::move(value));
  return result;
}

// Sorts in parallel. The result is deterministic only when no two distinct elements compare
// equal: give keys a tie-breaker (an index).
template <typename Iterator>
void Sort(Iterator first, Iterator last) {
  tbb::parallel_sort(first, last);
}
template <typename Iterator, typename Less>
void Sort(Iterator first, Iterator last, const Less& less) {
  tbb::parallel_sort(first, last, less);
}

// Produces items 0..count-1 in parallel with produce(i) and hands them to consume(item) one
// at a time, in index order, while later items are still being produced; at most
// `max_in_flight` items exist at once, which bounds memory. consume never runs concurrently.
template <typename Produce, typename Consume>
void OrderedPipeline(std::size_t count, std::size_t max_in_flight, Produce&& produce,
                     Consume&& consume) {
  using Item = decltype(produce(std::size_t{0}));
  std::size_t next = 0;
  tbb::parallel_pipeline(
      std::max<std::size_t>(1, max_in_flight),
      tbb::make_filter<void, std::size_t>(tbb::filter_mode::serial_in_order,
                                          [&](tbb::flow_control& control) -> std::size_t {
                                            if (next == count) {
                                              control.stop();
                                              return 0;
                                            }
                                            return next++;
                                          }) &
          tbb::make_filter<std::size_t, std::shared_ptr<Item>>(
              tbb::filter_mode::parallel,
              [&](std::size_t index) { return std::make_shared<Item>(produce(index)); }) &
          tbb::make_filter<std::shared_ptr<Item>, void>(
              tbb::filter_mode::serial_in_order,
              [&](std::shared_ptr<Item> item) { consume(std::move(*item)); }));
}

// OrderedPipeline for text: fill(i, text) appends item i to an empty buffer, write(text)
// consumes it in index order. Buffers are recycled, keeping their capacity, so a long
// output reuses a few warm buffers instead of growing a fresh one per item: on a 1 GB load,
// allocating, growing and page-faulting those buffers took most of records.csv's write time.
template <typename Fill, typename Write>
void OrderedText(std::size_t count, std::size_t max_in_flight, Fill&& fill, Write&& write) {
  std::mutex mutex;
  std::vector<std::string> spare;
  OrderedPipeline(
      count, max_in_flight,
      [&](std::size_t index) {
        std::string text;
        {
          const std::lock_guard lock(mutex);
          if (!spare.empty()) {
            text = std::move(spare.back());
            spare.pop_back();
          }
        }
        text.clear();
        fill(index, text);
        return text;
      },
      [&](std::string text) {
        write(std::string_view(text));
        const std::lock_guard lock(mutex);
        spare.push_back(std::move(text));
      });
}

}  // namespace corridor::parallel
