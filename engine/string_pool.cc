#include "engine/string_pool.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "engine/errors.h"

namespace corridor {
namespace {

std::uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

StringPool::StringPool() : table_(64, kNoId) {
  views_.emplace_back();
  hashes_.push_back(HashText({}));
  table_[Slot(hashes_[0])] = kEmpty;
}

std::optional<StringId> StringPool::Find(std::string_view text) const {
  const std::uint64_t hash = HashText(text);
  for (std::size_t slot = Slot(hash);; slot = (slot + 1) & (table_.size() - 1)) {
    const StringId id = table_[slot];
    if (id == kNoId) return std::nullopt;
    if (hashes_[id] == hash && views_[id] == text) return id;
  }
}

StringId StringPool::Intern(std::string_view text) {
  const std::uint64_t hash = HashText(text);
  std::size_t slot = Slot(hash);
  for (;; slot = (slot + 1) & (table_.size() - 1)) {
    const StringId id = table_[slot];
    if (id == kNoId) break;
    if (hashes_[id] == hash && views_[id] == text) return id;
  }
  if (views_.size() >= kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
  const auto id = static_cast<StringId>(views_.size());
  views_.push_back(Store(text));
  hashes_.push_back(hash);
  table_[slot] = id;
  // Keep the load factor under 1/2 so probe sequences stay short.
  if (views_.size() * 2 > table_.size()) Grow();
  return id;
}

std::vector<StringId> StringPool::Absorb(const StringPool& other) {
  std::vector<StringId> remap(other.size());
  for (std::size_t i = 0; i < other.size(); ++i) remap[i] = Intern(other.views_[i]);
  return remap;
}

std::string_view StringPool::Store(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > block_left_) {
    // Oversized strings get a block of their own so the current block's tail is not wasted.
    const std::size_t size = std::max(kBlockBytes, text.size());
    blocks_.push_back(std::make_unique<char[]>(size));
    if (size > kBlockBytes) {
      std::memcpy(blocks_.back().get(), text.data(), text.size());
      stored_bytes_ += text.size();
      return {blocks_.back().get(), text.size()};
    }
    block_cursor_ = blocks_.back().get();
    block_left_ = size;
  }
  std::memcpy(block_cursor_, text.data(), text.size());
  std::string_view stored(block_cursor_, text.size());
  block_cursor_ += text.size();
  block_left_ -= text.size();
  stored_bytes_ += text.size();
  return stored;
}

void StringPool::Grow() {
  table_.assign(table_.size() * 2, kNoId);
  for (StringId id = 0; id < views_.size(); ++id) {
    std::size_t slot = Slot(hashes_[id]);
    while (table_[slot] != kNoId) slot = (slot + 1) & (table_.size() - 1);
    table_[slot] = id;
  }
}

}  // namespace corridor
