#include "engine/string_pool.h"

#include <algorithm>
#include <cstring>
#include <functional>

#include "engine/errors.h"

namespace corridor {
namespace {

std::uint64_t HashText(std::string_view text) { return std::hash<std::string_view>{}(text); }

}  // namespace

StringPool::StringPool() : table_(64, Slot{0, kNoId}) {
  views_.emplace_back();
  indexed_.push_back(true);
  indexed_count_ = 1;
  const std::uint64_t hash = HashText({});
  table_[Home(hash)] = {static_cast<std::uint32_t>(hash >> 32), kEmpty};
}

std::optional<StringId> StringPool::Find(std::string_view text) const {
  const std::uint64_t hash = HashText(text);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  for (std::size_t slot = Home(hash);; slot = (slot + 1) & (table_.size() - 1)) {
    const Slot& entry = table_[slot];
    if (entry.id == kNoId) return std::nullopt;
    if (entry.tag == tag && views_[entry.id] == text) return entry.id;
  }
}

void StringPool::Prefetch(std::string_view text) const {
  __builtin_prefetch(&table_[Home(HashText(text))]);
}

StringId StringPool::Intern(std::string_view text) { return Insert(text, false); }

StringId StringPool::InternStored(std::string_view stored) { return Insert(stored, true); }

StringId StringPool::Insert(std::string_view text, bool stored) {
  const std::uint64_t hash = HashText(text);
  const auto tag = static_cast<std::uint32_t>(hash >> 32);
  std::size_t slot = Home(hash);
  for (;; slot = (slot + 1) & (table_.size() - 1)) {
    const Slot& entry = table_[slot];
    if (entry.id == kNoId) break;
    if (entry.tag == tag && views_[entry.id] == text) return entry.id;
  }
  if (views_.size() >= kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
  const auto id = static_cast<StringId>(views_.size());
  views_.push_back(stored ? text : Store(text));
  indexed_.push_back(true);
  table_[slot] = {tag, id};
  // Keep the load factor under 1/2 so probe sequences stay short.
  if (++indexed_count_ * 2 > table_.size()) Grow();
  return id;
}

StringId StringPool::Append(std::string_view text) { return AppendStored(Store(text)); }

StringId StringPool::AppendStored(std::string_view stored) {
  if (views_.size() >= kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
  views_.push_back(stored);
  indexed_.push_back(false);
  return static_cast<StringId>(views_.size() - 1);
}

StringPool StringPool::Concatenate(std::vector<StringPool>&& parts,
                                   std::vector<std::vector<StringId>>& remaps) {
  remaps.assign(parts.size(), {});
  if (parts.empty()) return StringPool();
  std::size_t total = 0, indexed = 0;
  for (const StringPool& part : parts) {
    total += part.size();
    indexed += part.indexed_count_;
  }
  StringPool merged = std::move(parts[0]);
  merged.Reserve(total, indexed);
  for (std::size_t p = 1; p < parts.size(); ++p) {
    StringPool& part = parts[p];
    for (auto& block : part.blocks_) merged.blocks_.push_back(std::move(block));
    merged.stored_bytes_ += part.stored_bytes_;
    std::vector<StringId>& remap = remaps[p];
    remap.resize(part.size());
    for (std::size_t id = 0; id < part.size(); ++id) {
      remap[id] = part.indexed_[id] ? merged.InternStored(part.views_[id])
                                    : merged.AppendStored(part.views_[id]);
    }
  }
  return merged;
}

std::string_view StringPool::Store(std::string_view text) {
  if (text.empty()) return {};
  if (text.size() > block_left_) {
    // Oversized strings get a block of their own so the current block's tail is not wasted.
    const std::size_t size = std::max(kBlockBytes, text.size());
    blocks_.push_back(Block(static_cast<char*>(AllocateHuge(size)), BlockDeleter{size}));
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

void StringPool::Reserve(std::size_t strings, std::size_t indexed) {
  std::size_t size = table_.size();
  while (size < 2 * indexed) size *= 2;
  if (size > table_.size()) Rehash(size);
  views_.reserve(strings);
  indexed_.reserve(strings);
}

void StringPool::Grow() { Rehash(table_.size() * 2); }

void StringPool::Rehash(std::size_t size) {
  // Hashes are recomputed rather than stored: a pass over the bytes in id order streams
  // through memory, and saves 8 bytes per string.
  table_.assign(size, Slot{0, kNoId});
  for (StringId id = 0; id < views_.size(); ++id) {
    if (!indexed_[id]) continue;
    const std::uint64_t hash = HashText(views_[id]);
    std::size_t slot = Home(hash);
    while (table_[slot].id != kNoId) slot = (slot + 1) & (table_.size() - 1);
    table_[slot] = {static_cast<std::uint32_t>(hash >> 32), id};
  }
}

}  // namespace corridor
