#pragma once
// A growable array for a record table's columns, whose large buffers are mappings that grow
// and merge by moving pages rather than copying them into fresh ones.
//
// A loader fills one table per thread and appends the later tables to the first. With the
// columns in std::vector, every appended element was copied into pages of the first table
// faulted in for the copy: on the 1 GB CDR case, two threads spent about 2 core-seconds of a
// 5 s load stage there, most of it the kernel zeroing fresh pages. Here a large buffer grows
// with mremap (the kernel moves page-table entries), and Append hands the appended column's
// pages to this one: it shifts the appended bytes, in place, by the offset at which they must
// start within a page, copies this column's last, partly filled page in front of them, and
// remaps those pages to follow this column's full pages. No page is faulted in for them again.
//
// A buffer that has taken another's pages is several mappings, which mremap will not grow as
// one: it grows by mapping the free pages after it, else by a copy, and it is copied, not
// moved, when appended to another. A caller appending many columns reserves the total first
// (RecordTable::Concatenate), so the appends need no growth.
//
// Buffers under kMappedColumnBytes come from malloc and are copied as vectors are. Elements
// made by resize are left unconstructed: each must be written before it is read. T must be
// trivially copyable and trivially destructible.

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <new>
#include <type_traits>
#include <utility>

namespace corridor {

inline constexpr std::size_t kMappedColumnBytes = std::size_t{2} << 20;

// The bytes behind a MappedColumn: malloc'd under kMappedColumnBytes, otherwise anonymous
// mappings on 4 KiB pages (advised MADV_NOHUGEPAGE, as the loader's other arrays are:
// mapped_memory.h). Throws std::bad_alloc when memory cannot be had.
class ColumnBytes {
 public:
  ColumnBytes() = default;
  ~ColumnBytes() { Release(); }
  ColumnBytes(ColumnBytes&& other) noexcept { Take(other); }
  ColumnBytes& operator=(ColumnBytes&& other) noexcept {
    if (this != &other) {
      Release();
      Take(other);
    }
    return *this;
  }
  ColumnBytes(const ColumnBytes&) = delete;
  ColumnBytes& operator=(const ColumnBytes&) = delete;

  char* data() const { return data_; }
  std::size_t capacity() const { return capacity_; }
  // True once the buffer has taken another's pages or grown by an adjacent mapping.
  bool several_mappings() const { return several_; }

  // Makes room for at least `bytes`, keeping the first `used`.
  void Grow(std::size_t bytes, std::size_t used);
  // Appends the first `tail_used` bytes of `tail` after the first `used` bytes of this buffer,
  // moving tail's pages where both are mappings and tail is one; tail is left empty. Should
  // the kernel refuse the move, the bytes are copied instead.
  void Append(std::size_t used, ColumnBytes&& tail, std::size_t tail_used);

 private:
  void Release() noexcept;
  void Take(ColumnBytes& other) noexcept;
  // Copies tail's bytes after `used`, growing as a vector would while this buffer is small.
  void AppendCopy(std::size_t used, const ColumnBytes& tail, std::size_t tail_used);

  char* data_ = nullptr;
  std::size_t capacity_ = 0;
  bool mapped_ = false;
  bool several_ = false;
};

template <typename T>
class MappedColumn {
  static_assert(std::is_trivially_copyable_v<T> && std::is_trivially_destructible_v<T>);
  static_assert(alignof(T) <= alignof(std::max_align_t));  // malloc's alignment

 public:
  MappedColumn() = default;
  MappedColumn(MappedColumn&& other) noexcept
      : bytes_(std::move(other.bytes_)), size_(std::exchange(other.size_, 0)) {}
  MappedColumn& operator=(MappedColumn&& other) noexcept {
    bytes_ = std::move(other.bytes_);
    size_ = std::exchange(other.size_, 0);
    return *this;
  }
  MappedColumn(const MappedColumn& other) : size_(other.size_) {
    bytes_.Grow(size_ * sizeof(T), 0);
    if (size_ > 0) std::memcpy(bytes_.data(), other.bytes_.data(), size_ * sizeof(T));
  }
  MappedColumn& operator=(const MappedColumn& other) {
    if (this != &other) *this = MappedColumn(other);
    return *this;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  std::size_t capacity() const { return bytes_.capacity() / sizeof(T); }
  T* data() { return reinterpret_cast<T*>(bytes_.data()); }
  const T* data() const { return reinterpret_cast<const T*>(bytes_.data()); }
  T& operator[](std::size_t i) { return data()[i]; }
  const T& operator[](std::size_t i) const { return data()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + size_; }
  const T* begin() const { return data(); }
  const T* end() const { return data() + size_; }
  T& back() { return data()[size_ - 1]; }
  const T& back() const { return data()[size_ - 1]; }
  bool several_mappings() const { return bytes_.several_mappings(); }

  void reserve(std::size_t n) {
    if (n > capacity()) bytes_.Grow(n * sizeof(T), size_ * sizeof(T));
  }
  // New elements are unconstructed (see above).
  void resize(std::size_t n) {
    reserve(n);
    size_ = n;
  }
  void push_back(const T& value) {
    const T copy = value;  // `value` may be an element, which growing moves
    if (size_ == capacity()) {
      bytes_.Grow(std::max<std::size_t>(2 * size_, 64) * sizeof(T), size_ * sizeof(T));
    }
    ::new (static_cast<void*>(data() + size_)) T(copy);
    ++size_;
  }
  void pop_back() { --size_; }

  // Appends tail's elements, taking its pages where it can; tail is left empty.
  void Append(MappedColumn&& tail) {
    bytes_.Append(size_ * sizeof(T), std::move(tail.bytes_), tail.size_ * sizeof(T));
    size_ += std::exchange(tail.size_, 0);
  }

 private:
  ColumnBytes bytes_;
  std::size_t size_ = 0;
};

}  // namespace corridor
