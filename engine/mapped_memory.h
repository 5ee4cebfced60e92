#pragma once
// Memory for the large flat arrays (string-pool table, bytes and views, id keys), mapped on their
// own rather than taken from malloc, whose extents are on huge pages (cli/allocator.cc). The record
// table's columns have their own mappings on 4 KiB pages, which grow and merge by moving pages
// (mapped_column.h).
//
// Each array's page size trades the TLB against the cost of fresh memory. The string pool's
// lookup table is probed at random: when it was first measured, with 4 KiB pages nearly every
// probe missed the TLB, so it asks for transparent huge pages (where the kernel allows them
// on request, THP "madvise" mode, as on Debian). The arrays a loader fills in order (string
// bytes and views, id keys, and the record columns of mapped_column.h) take 4 KiB pages: their
// writes walk the pages one after another, and on a virtual machine whose balloon hands free 2 MiB
// blocks back to the host (Firecracker's does), a fresh huge page is often one the host must back
// again: the 1 GB CDR load stage took 20.5-21.7 s with those arrays on huge pages and 9.6-10.8 s
// without (bench/RESULTS.md). Requests under 2 MiB go to aligned_alloc, cache-line aligned.

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace corridor {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// The page size a mapping asks for. Requests under 2 MiB are not mapped (they come from
// malloc, whose extents are on huge pages), so they ignore it.
enum class Pages { kSmall, kHuge };

// Throws std::bad_alloc on failure. FreeMapped takes the size given to AllocateMapped.
void* AllocateMapped(std::size_t bytes, Pages pages);
// As AllocateMapped, filled with zero bytes: free for mapped memory, which the kernel zeroes.
void* AllocateZeroed(std::size_t bytes, Pages pages);
void FreeMapped(void* memory, std::size_t bytes) noexcept;

// A vector allocator for mapped memory whose elements made without a value (resize,
// emplace_back()) are left unconstructed, for arrays grown and then filled in parallel: the
// threads that fill them also fault their pages in, where a value-initialising resize first
// wrote them all on one thread. Only for implicit-lifetime types, and each such element must
// be written before it is read.
template <typename T, Pages kPages>
struct NoInitMappedAllocator {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = NoInitMappedAllocator<U, kPages>;
  };

  NoInitMappedAllocator() = default;
  template <typename U>
  NoInitMappedAllocator(const NoInitMappedAllocator<U, kPages>&) noexcept {}

  T* allocate(std::size_t n) { return static_cast<T*>(AllocateMapped(n * sizeof(T), kPages)); }
  void deallocate(T* memory, std::size_t n) noexcept { FreeMapped(memory, n * sizeof(T)); }

  template <typename U>
  void construct(U*) noexcept {
    static_assert(std::is_trivially_copyable_v<U> && std::is_trivially_destructible_v<U>);
  }
  template <typename U, typename... Args>
  void construct(U* at, Args&&... args) {
    ::new (static_cast<void*>(at)) U(std::forward<Args>(args)...);
  }

  template <typename U>
  bool operator==(const NoInitMappedAllocator<U, kPages>&) const noexcept {
    return true;
  }
};

// A vector for large arrays filled in parallel. A value-initialising vector writes every
// element on one thread when it is sized; this one leaves them unconstructed
// (NoInitMappedAllocator), so the threads that fill it also fault its pages in. Every element
// must be written before it is read.
template <typename T>
using ParallelFilledVector = std::vector<T, NoInitMappedAllocator<T, Pages::kSmall>>;

// A fixed-size array in zeroed memory, on huge pages from 2 MiB on, for hash tables in which
// an all-zero element is empty: a new mapping comes from the kernel zeroed, so making one
// writes nothing, where a vector filled with empty elements wrote the whole table before its
// first use.
template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size)
      : data_(size == 0 ? nullptr
                        : static_cast<T*>(AllocateZeroed(size * sizeof(T), Pages::kHuge))),
        size_(size) {}
  ~ZeroedArray() { FreeMapped(data_, size_ * sizeof(T)); }
  ZeroedArray(ZeroedArray&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  ZeroedArray& operator=(ZeroedArray&& other) noexcept {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    return *this;
  }
  ZeroedArray(const ZeroedArray&) = delete;
  ZeroedArray& operator=(const ZeroedArray&) = delete;

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  T& operator[](std::size_t i) { return data_[i]; }
  const T& operator[](std::size_t i) const { return data_[i]; }
  const T* begin() const { return data_; }
  const T* end() const { return data_ + size_; }

 private:
  T* data_ = nullptr;
  std::size_t size_ = 0;
};

}  // namespace corridor
