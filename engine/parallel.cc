#include "engine/parallel.h"

#include <tbb/info.h>

#include "engine/errors.h"

namespace corridor::parallel {

ThreadLimit::ThreadLimit(int threads) : threads_(threads == 0 ? HardwareThreads() : threads) {
  if (threads_ < 1) throw InvalidInput("--threads", "thread count must be at least 1");
  control_ = std::make_unique<tbb::global_control>(tbb::global_control::max_allowed_parallelism,
                                                   static_cast<std::size_t>(threads_));
}

int MaxThreads() {
  return static_cast<int>(
      tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism));
}

int HardwareThreads() { return tbb::info::default_concurrency(); }

}  // namespace corridor::parallel
