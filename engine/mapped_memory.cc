#include "engine/mapped_memory.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>

namespace corridor {
namespace {

std::size_t RoundUp(std::size_t bytes) {
  return (bytes + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
}

}  // namespace

void* AllocateMapped(std::size_t bytes, Pages pages) {
  if (bytes < kHugePageBytes) {
    // Cache-line aligned, as the mapped path is: the string pool's 32-byte slots must not
    // straddle lines, and malloc guarantees only 16 bytes.
    constexpr std::size_t kLine = 64;
    void* memory =
        std::aligned_alloc(kLine, (std::max<std::size_t>(bytes, 1) + kLine - 1) / kLine * kLine);
    if (memory == nullptr) throw std::bad_alloc();
    return memory;
  }
  // Map one huge page more than needed and trim, so the region starts on a 2 MiB boundary:
  // the kernel backs only aligned 2 MiB extents with huge pages. Small pages need no such
  // alignment; one path for both costs them 2 MiB of address space and a munmap or two.
  const std::size_t size = RoundUp(bytes);
  void* raw = mmap(nullptr, size + kHugePageBytes, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) throw std::bad_alloc();
  const auto start = reinterpret_cast<std::uintptr_t>(raw);
  const std::uintptr_t aligned = (start + kHugePageBytes - 1) / kHugePageBytes * kHugePageBytes;
  if (aligned > start) munmap(raw, aligned - start);
  const std::uintptr_t tail = aligned + size;
  const std::uintptr_t mapped_end = start + size + kHugePageBytes;
  if (mapped_end > tail) munmap(reinterpret_cast<void*>(tail), mapped_end - tail);
  // Advice only: where huge pages are off, the memory still works with small pages. Small
  // pages are asked for too, so that a kernel whose THP mode is "always" keeps them.
  madvise(reinterpret_cast<void*>(aligned), size,
          pages == Pages::kHuge ? MADV_HUGEPAGE : MADV_NOHUGEPAGE);
  return reinterpret_cast<void*>(aligned);
}

void* AllocateZeroed(std::size_t bytes, Pages pages) {
  void* memory = AllocateMapped(bytes, pages);
  if (bytes < kHugePageBytes) std::memset(memory, 0, bytes);  // from aligned_alloc, not mapped
  return memory;
}

void FreeMapped(void* memory, std::size_t bytes) noexcept {
  if (memory == nullptr) return;
  if (bytes < kHugePageBytes) {
    std::free(memory);
  } else {
    munmap(memory, RoundUp(bytes));
  }
}

}  // namespace corridor
