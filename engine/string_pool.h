#pragma once
// Interned strings: each distinct byte string is stored once and named by a dense StringId,
// so records hold 4-byte ids instead of std::string and equality is an integer compare.
//
// Bytes live in large append-only blocks (views stay valid for the pool's lifetime); lookup is
// an open-addressing table of ids with linear probing, keyed by a cached 64-bit hash, so a
// rehash never touches the bytes. Ids are given in first-insertion order, so the same sequence
// of Intern calls yields the same ids on every machine. Not thread-safe: parallel loaders keep
// one pool each and merge with Absorb.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "engine/ids.h"

namespace corridor {

class StringPool {
 public:
  // Id 0 is always the empty string, so a zero-initialised column means "no value".
  static constexpr StringId kEmpty = 0;

  StringPool();
  StringPool(StringPool&&) noexcept = default;
  StringPool& operator=(StringPool&&) noexcept = default;
  StringPool(const StringPool&) = delete;
  StringPool& operator=(const StringPool&) = delete;

  StringId Intern(std::string_view text);
  std::optional<StringId> Find(std::string_view text) const;
  std::string_view View(StringId id) const { return views_[id]; }

  // Interns every string of `other` and returns the map from its ids to ids in this pool.
  std::vector<StringId> Absorb(const StringPool& other);

  std::size_t size() const { return views_.size(); }
  std::size_t stored_bytes() const { return stored_bytes_; }

 private:
  static constexpr std::size_t kBlockBytes = std::size_t{1} << 20;

  std::string_view Store(std::string_view text);
  void Grow();
  std::size_t Slot(std::uint64_t hash) const { return hash & (table_.size() - 1); }

  std::vector<std::unique_ptr<char[]>> blocks_;
  char* block_cursor_ = nullptr;
  std::size_t block_left_ = 0;
  std::size_t stored_bytes_ = 0;
  std::vector<std::string_view> views_;
  std::vector<std::uint64_t> hashes_;
  std::vector<StringId> table_;  // kNoId marks an empty slot
};

}  // namespace corridor
