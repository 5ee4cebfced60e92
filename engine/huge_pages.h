#pragma once
// Memory for the large flat arrays (string-pool table and bytes, record columns), backed by
// transparent huge pages where the kernel allows them on request (THP "madvise" mode, as on
// Debian). These arrays reach gigabytes and are read at random: with 4 KiB pages nearly every
// probe of the string pool missed the TLB, and page faults took a quarter of the load's CPU
// time. Requests under 2 MiB go to aligned_alloc, cache-line aligned.

#include <cstddef>
#include <new>

namespace corridor {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Throws std::bad_alloc on failure. FreeHuge takes the size given to AllocateHuge.
void* AllocateHuge(std::size_t bytes);
void FreeHuge(void* memory, std::size_t bytes) noexcept;

template <typename T>
struct HugePageAllocator {
  using value_type = T;

  HugePageAllocator() = default;
  template <typename U>
  HugePageAllocator(const HugePageAllocator<U>&) noexcept {}

  T* allocate(std::size_t n) { return static_cast<T*>(AllocateHuge(n * sizeof(T))); }
  void deallocate(T* memory, std::size_t n) noexcept { FreeHuge(memory, n * sizeof(T)); }

  template <typename U>
  bool operator==(const HugePageAllocator<U>&) const noexcept {
    return true;
  }
};

}  // namespace corridor
