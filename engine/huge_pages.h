#pragma once
// Memory for the large flat arrays (string-pool table and bytes, record columns), backed by
// transparent huge pages where the kernel allows them on request (THP "madvise" mode, as on
// Debian). These arrays reach gigabytes and are read at random: with 4 KiB pages nearly every
// probe of the string pool missed the TLB, and page faults took a quarter of the load's CPU
// time. Requests under 2 MiB go to aligned_alloc, cache-line aligned.

#include <cstddef>
#include <new>
#include <type_traits>
#include <utility>

namespace corridor {

inline constexpr std::size_t kHugePageBytes = std::size_t{2} << 20;

// Throws std::bad_alloc on failure. FreeHuge takes the size given to AllocateHuge.
void* AllocateHuge(std::size_t bytes);
// As AllocateHuge, filled with zero bytes: free for mapped memory, which the kernel zeroes.
void* AllocateZeroed(std::size_t bytes);
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

// As HugePageAllocator, but elements made without a value (resize, emplace_back()) are left
// unconstructed, for columns grown and then filled in parallel: the threads that fill them
// also fault their pages in, where a value-initialising resize first wrote them all on one
// thread. Only for implicit-lifetime types, and each such element must be written before it
// is read.
template <typename T>
struct NoInitHugePageAllocator : HugePageAllocator<T> {
  using value_type = T;
  template <typename U>
  struct rebind {
    using other = NoInitHugePageAllocator<U>;
  };

  NoInitHugePageAllocator() = default;
  template <typename U>
  NoInitHugePageAllocator(const NoInitHugePageAllocator<U>&) noexcept {}

  template <typename U>
  void construct(U*) noexcept {
    static_assert(std::is_trivially_copyable_v<U> && std::is_trivially_destructible_v<U>);
  }
  template <typename U, typename... Args>
  void construct(U* at, Args&&... args) {
    ::new (static_cast<void*>(at)) U(std::forward<Args>(args)...);
  }
};

// A fixed-size array in zeroed memory, for tables in which an all-zero element is empty: a
// new array of huge pages comes from the kernel zeroed, so making one writes nothing, where a
// vector filled with empty elements wrote the whole table before its first use.
template <typename T>
class ZeroedArray {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);

 public:
  ZeroedArray() = default;
  explicit ZeroedArray(std::size_t size)
      : data_(size == 0 ? nullptr : static_cast<T*>(AllocateZeroed(size * sizeof(T)))),
        size_(size) {}
  ~ZeroedArray() { FreeHuge(data_, size_ * sizeof(T)); }
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
