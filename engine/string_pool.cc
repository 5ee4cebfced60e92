#include "engine/string_pool.h"

#include <algorithm>
#include <atomic>
#include <bit>
#include <cstring>
#include <functional>
#include <utility>

#include "engine/errors.h"
#include "engine/parallel.h"

namespace corridor {
namespace {

// The bytes of a string of up to 16 bytes, zero-padded to 16, as two words: a Slot's head
// holds the same bytes, so a short string is compared in two integer compares and hashed
// without a call. Loads overlap rather than copy byte by byte, and never read past the text.
struct Words {
  std::uint64_t low, high;
};

std::uint64_t Load(const char* bytes, std::size_t count) {
  std::uint64_t word = 0;
  std::memcpy(&word, bytes, count);
  return word;
}

Words PaddedWords(std::string_view text) {
  const char* p = text.data();
  const std::size_t n = text.size();
  if constexpr (std::endian::native == std::endian::little) {
    if (n >= 8) {
      return {Load(p, 8), n == 8 ? 0 : Load(p + n - 8, 8) >> (8 * (16 - n))};
    }
    if (n >= 4) return {Load(p, 4) | Load(p + n - 4, 4) << (8 * (n - 4)), 0};
    if (n == 0) return {0, 0};
    return {Load(p, 1) | Load(p + n / 2, 1) << (8 * (n / 2)) | Load(p + n - 1, 1) << (8 * (n - 1)),
            0};
  } else {
    char padded[16] = {};
    std::memcpy(padded, p, n);
    return {Load(padded, 8), Load(padded + 8, 8)};
  }
}

// Phones, cells and most names fit in 16 bytes: one 64x64-bit multiply mixes them, where the
// library's string hash was a call and a loop. Longer strings keep the library's.
__extension__ using Product = unsigned __int128;  // GCC and Clang: a 64x64->128-bit multiply

std::uint64_t HashText(std::string_view text) {
  if (text.size() > 16) return std::hash<std::string_view>{}(text);
  const Words words = PaddedWords(text);
  const Product product = static_cast<Product>(words.low ^ 0xa076'1d64'78bd'642f) *
                          (words.high ^ 0xe703'7ed1'a0b4'28db ^ text.size());
  return static_cast<std::uint64_t>(product) ^ static_cast<std::uint64_t>(product >> 64);
}

std::uint16_t TagOf(std::uint64_t hash) { return static_cast<std::uint16_t>(hash >> 32); }

}  // namespace

StringPool::StringPool() : table_(64) {
  views_.push_back(0);
  PushIndexed(true);
  indexed_count_ = 1;
  const std::uint64_t hash = HashText({});
  table_[Home(hash)] = MakeSlot({}, kEmpty, hash);
}

StringPool::Slot StringPool::MakeSlot(std::string_view stored, StringId id, std::uint64_t hash) {
  const auto size = static_cast<std::uint16_t>(std::min<std::size_t>(stored.size(), kLongSize));
  Slot slot{stored.data(), id + 1, TagOf(hash), size, {}};
  if (!stored.empty()) {
    std::memcpy(slot.head, stored.data(), std::min(stored.size(), kInlineBytes));
  }
  return slot;
}

bool StringPool::Holds(const Slot& slot, std::string_view text, std::uint16_t tag) const {
  if (slot.tag != tag) return false;
  if (slot.size == kLongSize) return View(IdOf(slot)) == text;
  if (slot.size != text.size()) return false;
  if (text.size() <= kInlineBytes) {
    const Words words = PaddedWords(text);
    return Load(slot.head, 8) == words.low && Load(slot.head + 8, 8) == words.high;
  }
  return std::memcmp(slot.data, text.data(), text.size()) == 0;
}

std::optional<StringId> StringPool::Find(std::string_view text) const {
  if (table_.empty()) throw InternalError("string pool: Find after ReleaseIndex");
  const std::uint64_t hash = HashText(text);
  const std::uint16_t tag = TagOf(hash);
  for (std::size_t slot = Home(hash);; slot = (slot + 1) & (table_.size() - 1)) {
    const Slot& entry = table_[slot];
    if (Empty(entry)) return std::nullopt;
    if (Holds(entry, text, tag)) return IdOf(entry);
  }
}

StringId StringPool::Intern(std::string_view text) { return Insert(text, HashText(text)); }

void StringPool::InternBatch(std::span<const std::string_view> texts, std::span<StringId> ids) {
  if (texts.size() != ids.size()) throw InternalError("InternBatch: texts and ids differ in size");
  if (table_.empty()) RebuildIndex();
  batch_hashes_.resize(texts.size());
  for (std::size_t k = 0; k < texts.size(); ++k) {
    batch_hashes_[k] = HashText(texts[k]);
    __builtin_prefetch(&table_[Home(batch_hashes_[k])]);
  }
  // A growth midway leaves later prefetches pointing at the old table: slower, never wrong.
  for (std::size_t k = 0; k < texts.size(); ++k) {
    ids[k] = Insert(texts[k], batch_hashes_[k]);
  }
}

StringId StringPool::Insert(std::string_view text, std::uint64_t hash) {
  if (table_.empty()) RebuildIndex();
  const std::uint16_t tag = TagOf(hash);
  std::size_t slot = Home(hash);
  for (;; slot = (slot + 1) & (table_.size() - 1)) {
    const Slot& entry = table_[slot];
    if (Empty(entry)) break;
    if (Holds(entry, text, tag)) return IdOf(entry);
  }
  if (views_.size() >= kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
  const auto id = static_cast<StringId>(views_.size());
  views_.push_back(Store(text, indexed_cursor_));
  PushIndexed(true);
  table_[slot] = MakeSlot(View(id), id, hash);
  // Keep the load factor under 1/2 so probe sequences stay short.
  if (++indexed_count_ * 2 > table_.size()) Grow();
  return id;
}

StringId StringPool::Append(std::string_view text) {
  if (views_.size() >= kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
  views_.push_back(Store(text, raw_cursor_));
  PushIndexed(false);
  return static_cast<StringId>(views_.size() - 1);
}

StringPool StringPool::Concatenate(std::vector<StringPool>&& parts,
                                   std::vector<std::vector<StringId>>& remaps, MergedIndex index) {
  remaps.assign(parts.size(), {});
  if (parts.empty()) return StringPool();
  std::size_t total = 0;
  for (const StringPool& part : parts) total += part.size();
  StringPool merged = std::move(parts[0]);
  // The table grows as it goes: parts share many strings (one subscriber in two CDR files),
  // so the sum of their indexed counts would size it for strings that never arrive.
  merged.Reserve(total, 0);
  for (std::size_t p = 1; p < parts.size(); ++p) {
    StringPool& part = parts[p];
    // The part's blocks follow the merged pool's, so its views shift by that many blocks.
    if (merged.blocks_.size() + part.blocks_.size() > (std::size_t{1} << kBlockBits)) {
      throw InternalError("string pool exceeds its block count");
    }
    const PackedView shift = PackedView{merged.blocks_.size()} << (kOffsetBits + kLengthBits);
    for (auto& block : part.blocks_) merged.blocks_.push_back(std::move(block));
    merged.stored_bytes_ += part.stored_bytes_;
    const std::size_t count = part.size();
    const auto view_of = [&](std::size_t id) {
      return part.views_[id] == 0 ? PackedView{0} : part.views_[id] + shift;
    };
    // The merged pool's ids for the part's indexed strings it already holds, found in parallel
    // (lookups only read); kNoId for the strings the part adds, raw or new.
    std::vector<StringId>& remap = remaps[p];
    remap.resize(count);
    parallel::ForChunks(0, count, parallel::kGrainCoarse, [&](std::size_t lo, std::size_t hi) {
      for (std::size_t id = lo; id < hi; ++id) {
        remap[id] =
            part.Indexed(id) ? merged.Find(merged.Unpack(view_of(id))).value_or(kNoId) : kNoId;
      }
    });
    // Added strings take the next ids in the part's order, as interning them one after
    // another would give: chunks of the part count those they add, then number them on from
    // the count before them.
    const std::size_t base = merged.size();
    std::size_t added = 0;
    std::atomic<std::size_t> indexed_added{0};
    parallel::CountThenFill(
        0, count, parallel::kGrainCoarse,
        [&](std::size_t lo, std::size_t hi) {
          return static_cast<std::size_t>(
              std::count(remap.begin() + static_cast<std::ptrdiff_t>(lo),
                         remap.begin() + static_cast<std::ptrdiff_t>(hi), kNoId));
        },
        [&](std::size_t total) {
          added = total;
          if (base + added > kNoId - 1) throw InternalError("string pool exceeds 2^32 strings");
          merged.views_.resize(base + added);
          merged.indexed_bits_.resize((base + added + 63) / 64, 0);
        },
        [&](std::size_t lo, std::size_t hi, std::size_t first) {
          std::size_t next = base + first, indexed = 0;
          for (std::size_t id = lo; id < hi; ++id) {
            if (remap[id] != kNoId) continue;
            remap[id] = static_cast<StringId>(next);
            merged.views_[next] = view_of(id);
            if (part.Indexed(id)) {
              // Neighbouring chunks may share the word holding their boundary's bits.
              std::atomic_ref(merged.indexed_bits_[next >> 6])
                  .fetch_or(std::uint64_t{1} << (next & 63), std::memory_order_relaxed);
              ++indexed;
            }
            ++next;
          }
          indexed_added += indexed;
        });
    if (index == MergedIndex::kKeep || p + 1 < parts.size()) {
      for (std::size_t id = base; id < base + added; ++id) {
        if (merged.Indexed(id)) merged.Index(static_cast<StringId>(id));
      }
    } else {
      merged.indexed_count_ += indexed_added;
    }
  }
  if (index == MergedIndex::kRelease) merged.ReleaseIndex();
  return merged;
}

void StringPool::Index(StringId id) {
  const std::string_view text = View(id);
  const std::uint64_t hash = HashText(text);
  std::size_t slot = Home(hash);
  while (!Empty(table_[slot])) slot = (slot + 1) & (table_.size() - 1);
  table_[slot] = MakeSlot(text, id, hash);
  if (++indexed_count_ * 2 > table_.size()) Grow();
}

StringPool::PackedView StringPool::Store(std::string_view text, Cursor& cursor) {
  if (text.empty()) return 0;
  const auto new_block = [this](std::size_t size) {
    if (blocks_.size() >= (std::size_t{1} << kBlockBits)) {
      throw InternalError("string pool exceeds its block count");
    }
    blocks_.push_back(
        Block(static_cast<char*>(AllocateMapped(size, Pages::kSmall)), BlockDeleter{size}));
    return blocks_.size() - 1;
  };
  if (text.size() >= kLongLength) {
    // A long string has a block of exactly its size: the view's length field cannot hold it.
    const std::size_t block = new_block(text.size());
    std::memcpy(blocks_.back().get(), text.data(), text.size());
    stored_bytes_ += text.size();
    return Pack(block, 0, kLongLength);
  }
  if (text.size() > cursor.left) {
    cursor.block = new_block(kBlockBytes);
    cursor.offset = 0;
    cursor.left = kBlockBytes;
  }
  std::memcpy(blocks_[cursor.block].get() + cursor.offset, text.data(), text.size());
  const PackedView stored = Pack(cursor.block, cursor.offset, text.size());
  cursor.offset += text.size();
  cursor.left -= text.size();
  stored_bytes_ += text.size();
  return stored;
}

void StringPool::Reserve(std::size_t strings, std::size_t indexed) {
  if (table_.empty()) RebuildIndex();
  std::size_t size = table_.size();
  while (size < 2 * indexed) size *= 2;
  if (size > table_.size()) Rehash(size);
  views_.reserve(strings);
  indexed_bits_.reserve((strings + 63) / 64);
}

void StringPool::ReleaseIndex() { table_ = ZeroedArray<Slot>(); }

void StringPool::RebuildIndex() {
  std::size_t size = 64;
  while (size < 2 * indexed_count_) size *= 2;
  table_ = ZeroedArray<Slot>(size);
  for (std::size_t id = 0; id < views_.size(); ++id) {
    if (!Indexed(id)) continue;
    const std::uint64_t hash = HashText(View(static_cast<StringId>(id)));
    std::size_t slot = Home(hash);
    while (!Empty(table_[slot])) slot = (slot + 1) & (table_.size() - 1);
    table_[slot] = MakeSlot(View(static_cast<StringId>(id)), static_cast<StringId>(id), hash);
  }
}

void StringPool::Grow() { Rehash(table_.size() * 2); }

void StringPool::Rehash(std::size_t size) {
  // Hashes are recomputed rather than stored, from the old slots: a pass over the table reads
  // the short strings from the slots themselves and skips the raw strings, which would
  // otherwise be most of a pass over the ids. Where an entry lands depends on the order of
  // the pass, which ids are found never does.
  ZeroedArray<Slot> old = std::exchange(table_, ZeroedArray<Slot>(size));
  for (const Slot& entry : old) {
    if (Empty(entry)) continue;
    const std::string_view text =
        entry.size == kLongSize ? View(IdOf(entry)) : std::string_view(entry.data, entry.size);
    std::size_t slot = Home(
        HashText(entry.size <= kInlineBytes ? std::string_view(entry.head, entry.size) : text));
    while (!Empty(table_[slot])) slot = (slot + 1) & (table_.size() - 1);
    table_[slot] = entry;
  }
}

}  // namespace corridor
