#pragma once
// A lock-free concurrent union-find (disjoint sets) over dense ids.
//
// Unite always links the larger root under the smaller one, with a compare-and-swap on the
// root's parent slot, so every set's root is its smallest member once all unions are done:
// the resulting partition *and* its labels are the same whatever order unions ran in. Find
// uses path halving with CAS, which only ever shortens a path to an ancestor and so is safe
// under concurrency (Anderson & Woll 1991, "Wait-free parallel algorithms for the union-find
// problem"; Jayanti & Tarjan 2016). Near-linear total work.

#include <atomic>
#include <cstdint>
#include <memory>

namespace corridor {

class ConcurrentUnionFind {
 public:
  explicit ConcurrentUnionFind(std::uint32_t size);

  std::uint32_t size() const { return size_; }
  std::uint32_t Find(std::uint32_t x);
  // Returns true if x and y were in different sets.
  bool Unite(std::uint32_t x, std::uint32_t y);

 private:
  std::uint32_t size_;
  std::unique_ptr<std::atomic<std::uint32_t>[]> parent_;
};

inline ConcurrentUnionFind::ConcurrentUnionFind(std::uint32_t size)
    : size_(size), parent_(std::make_unique<std::atomic<std::uint32_t>[]>(size)) {
  for (std::uint32_t i = 0; i < size; ++i) parent_[i].store(i, std::memory_order_relaxed);
}

inline std::uint32_t ConcurrentUnionFind::Find(std::uint32_t x) {
  for (;;) {
    std::uint32_t parent = parent_[x].load(std::memory_order_acquire);
    if (parent == x) return x;
    const std::uint32_t grandparent = parent_[parent].load(std::memory_order_acquire);
    if (grandparent != parent) {
      parent_[x].compare_exchange_weak(parent, grandparent, std::memory_order_acq_rel);
    }
    x = grandparent;
  }
}

inline bool ConcurrentUnionFind::Unite(std::uint32_t x, std::uint32_t y) {
  for (;;) {
    std::uint32_t rx = Find(x);
    std::uint32_t ry = Find(y);
    if (rx == ry) return false;
    if (rx < ry) std::swap(rx, ry);
    // rx > ry: hang the larger root under the smaller. The CAS fails if rx stopped being a
    // root meanwhile; then retry from the new roots.
    std::uint32_t expected = rx;
    if (parent_[rx].compare_exchange_strong(expected, ry, std::memory_order_acq_rel)) return true;
  }
}

}  // namespace corridor
