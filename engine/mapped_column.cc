#include "engine/mapped_column.h"

#include <sys/mman.h>

#include <algorithm>
#include <cstdlib>
#include <utility>

namespace corridor {
namespace {

constexpr std::size_t kPageBytes = 4096;

std::size_t RoundToPages(std::size_t bytes) {
  return (bytes + kPageBytes - 1) / kPageBytes * kPageBytes;
}

char* MapPages(std::size_t bytes) {
  void* memory = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (memory == MAP_FAILED) throw std::bad_alloc();
  // Advice only: a kernel in THP "always" mode would otherwise back the column with huge pages.
  madvise(memory, bytes, MADV_NOHUGEPAGE);
  return static_cast<char*>(memory);
}

}  // namespace

void ColumnBytes::Release() noexcept {
  if (mapped_) {
    munmap(data_, capacity_);
  } else {
    std::free(data_);
  }
  data_ = nullptr;
  capacity_ = 0;
  mapped_ = false;
  several_ = false;
}

void ColumnBytes::Take(ColumnBytes& other) noexcept {
  data_ = std::exchange(other.data_, nullptr);
  capacity_ = std::exchange(other.capacity_, 0);
  mapped_ = std::exchange(other.mapped_, false);
  several_ = std::exchange(other.several_, false);
}

void ColumnBytes::Grow(std::size_t bytes, std::size_t used) {
  if (bytes <= capacity_) return;
  if (bytes < kMappedColumnBytes) {  // mapped buffers are never this small
    void* memory = std::realloc(data_, bytes);
    if (memory == nullptr) throw std::bad_alloc();
    data_ = static_cast<char*>(memory);
    capacity_ = bytes;
    return;
  }
  const std::size_t size = RoundToPages(bytes);
  if (mapped_ && !several_) {
    void* moved = mremap(data_, capacity_, size, MREMAP_MAYMOVE);
    if (moved != MAP_FAILED) {
      data_ = static_cast<char*>(moved);
      capacity_ = size;
      return;
    }
  }
  if (mapped_) {
    char* const after = data_ + capacity_;
    void* extension = mmap(after, size - capacity_, PROT_READ | PROT_WRITE,
                           MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
    if (extension == after) {
      madvise(extension, size - capacity_, MADV_NOHUGEPAGE);
      capacity_ = size;
      several_ = true;
      return;
    }
    // A kernel older than 4.17 takes the address as a hint and may map elsewhere.
    if (extension != MAP_FAILED) munmap(extension, size - capacity_);
  }
  char* memory = MapPages(size);
  if (used > 0) std::memcpy(memory, data_, used);
  Release();
  data_ = memory;
  capacity_ = size;
  mapped_ = true;
}

void ColumnBytes::AppendCopy(std::size_t used, const ColumnBytes& tail, std::size_t tail_used) {
  Grow(mapped_ ? used + tail_used : std::max(used + tail_used, 2 * used), used);
  std::memcpy(data_ + used, tail.data_, tail_used);
}

void ColumnBytes::Append(std::size_t used, ColumnBytes&& tail, std::size_t tail_used) {
  if (tail_used == 0 || !tail.mapped_ || tail.several_) {
    if (tail_used > 0) AppendCopy(used, tail, tail_used);
    tail.Release();
    return;
  }
  if (!mapped_) {
    // A small head before a large tail: the tail's buffer becomes the column's, its bytes
    // moved up past the head's.
    tail.Grow(used + tail_used, tail_used);
    std::memmove(tail.data_ + used, tail.data_, tail_used);
    if (used > 0) std::memcpy(tail.data_, data_, used);
    *this = std::move(tail);
    return;
  }
  // The tail's bytes must start `partial` bytes into a page, after this column's last full
  // page, whose partial bytes go in front of them; those pages then replace that page and the
  // reserved pages after it. Both buffers grow first, so a refusal leaves both as they were.
  const std::size_t partial = used % kPageBytes;
  const std::size_t full = used - partial;
  const std::size_t span = RoundToPages(partial + tail_used);
  Grow(full + span, used);
  tail.Grow(span, tail_used);
  if (tail.several_) {  // grown by an adjacent mapping: one mremap cannot move it
    AppendCopy(used, tail, tail_used);
    tail.Release();
    return;
  }
  if (partial > 0) {
    std::memmove(tail.data_ + partial, tail.data_, tail_used);
    std::memcpy(tail.data_, data_ + full, partial);
  }
  if (mremap(tail.data_, span, span, MREMAP_MAYMOVE | MREMAP_FIXED, data_ + full) == MAP_FAILED) {
    // The kernel may have unmapped the destination before refusing: map it again and copy.
    if (mmap(data_ + full, span, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
             -1, 0) == MAP_FAILED) {
      capacity_ = full;  // release no more than is surely still this buffer's
      throw std::bad_alloc();
    }
    madvise(data_ + full, span, MADV_NOHUGEPAGE);
    std::memcpy(data_ + full, tail.data_, partial + tail_used);
    several_ = true;
    tail.Release();
    return;
  }
  if (tail.capacity_ > span) munmap(tail.data_ + span, tail.capacity_ - span);
  // Tail's pages are this buffer's now: it forgets them, unmapping nothing.
  tail.data_ = nullptr;
  tail.capacity_ = 0;
  tail.mapped_ = false;
  tail.several_ = false;
  several_ = true;
}

}  // namespace corridor
