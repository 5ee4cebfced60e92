#pragma once
// Interned strings: each distinct byte string is stored once and named by a dense StringId,
// so records hold 4-byte ids instead of std::string and equality is an integer compare.
//
// Bytes live in large append-only blocks (views stay valid for the pool's lifetime); lookup is
// an open-addressing table with linear probing whose 32-byte slots hold the id, 16 bits of the
// hash, the length, the address of the bytes and, for strings of up to 16 bytes (phone
// numbers, cells, most names), the bytes themselves: a lookup of a short string reads one
// cache line, a longer one that line and its bytes, never the id's view. Interned bytes have
// blocks of their own, apart from appended (raw) ones, so the longer strings a lookup compares
// against stay dense in cache. Ids are given in first-insertion order, so the same sequence of
// Intern calls yields the same ids on every machine. Not thread-safe: parallel loaders keep
// one pool each and merge with Concatenate.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "engine/ids.h"
#include "engine/mapped_memory.h"

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
  // Stores `text` under a new id without indexing it: for values that are unique by nature
  // (record ids, timestamps), where a hash lookup costs a cache miss and finds nothing. Such
  // ids are handles, not deduplicated: Find and Intern never return them.
  StringId Append(std::string_view text);
  // Finds an interned string. Not after ReleaseIndex.
  std::optional<StringId> Find(std::string_view text) const;
  // Interns texts[k] into ids[k], in order, as Intern would one after another. Every text's
  // table slot is requested before the first insert, so a batch takes its cache misses
  // together instead of one after another: a loader's values are mostly misses in a table
  // far larger than the cache.
  void InternBatch(std::span<const std::string_view> texts, std::span<StringId> ids);
  // Sizes the pool for `strings` strings of which `indexed` are interned, so reaching that
  // size never rehashes the table or copies the views.
  void Reserve(std::size_t strings, std::size_t indexed);
  // Frees the lookup table (32 bytes per slot, at least two slots per interned string: half a
  // GB for a case of a million persons) once the strings are all in, as after loading a case.
  // Views and Append work as before; Intern rebuilds the table first, Find may not be called.
  void ReleaseIndex();
  std::string_view View(StringId id) const { return Unpack(views_[id]); }

  // One pool holding every string of `parts`, in order: indexed strings deduplicated, raw
  // strings appended. The first part is adopted whole and the others' byte blocks are adopted,
  // not copied (views stay valid), so the cost is one hash probe per indexed string of the
  // later parts, made in parallel, and a table insert per string new to the result. The ids
  // are those interning and appending the parts' strings in order would give. remaps[p][id]
  // is part p's id in the result; remaps[0] is left empty, as the first part's ids are
  // unchanged. With kRelease the result's lookup table is released (ReleaseIndex), and the
  // last part's new strings are never entered in it: one thread's serial work, and a table
  // that may have to double, saved where no string is looked up again.
  enum class MergedIndex { kKeep, kRelease };
  static StringPool Concatenate(std::vector<StringPool>&& parts,
                                std::vector<std::vector<StringId>>& remaps,
                                MergedIndex index = MergedIndex::kKeep);

  std::size_t size() const { return views_.size(); }
  std::size_t stored_bytes() const { return stored_bytes_; }
  std::size_t indexed_count() const { return indexed_count_; }

 private:
  static constexpr std::size_t kBlockBytes = kHugePageBytes;

  struct BlockDeleter {
    std::size_t bytes;
    void operator()(char* block) const noexcept { FreeMapped(block, bytes); }
  };
  using Block = std::unique_ptr<char[], BlockDeleter>;

  // Where the next bytes of one kind (indexed or raw) go.
  struct Cursor {
    std::size_t block = 0;
    std::size_t offset = 0;
    std::size_t left = 0;
  };
  // A view packed in 8 bytes instead of a string_view's 16 (one per id: 570 MB on a case of
  // 72M strings): block index, offset in the block, length. A string as long as
  // kLongLength or longer has a block of its own, and its length is that block's size.
  static constexpr int kOffsetBits = 21;  // blocks are kBlockBytes = 2 MiB
  static constexpr int kLengthBits = 19;
  static constexpr int kBlockBits = 64 - kOffsetBits - kLengthBits;
  static constexpr std::size_t kLongLength = (std::size_t{1} << kLengthBits) - 1;
  static_assert(kBlockBytes <= std::size_t{1} << kOffsetBits);
  using PackedView = std::uint64_t;
  static PackedView Pack(std::size_t block, std::size_t offset, std::size_t length) {
    return std::uint64_t{block} << (kOffsetBits + kLengthBits) |
           std::uint64_t{offset} << kLengthBits | std::min(length, kLongLength);
  }
  std::string_view Unpack(PackedView view) const {
    const std::size_t length = view & kLongLength;
    if (length == 0) return {};
    const Block& block = blocks_[view >> (kOffsetBits + kLengthBits)];
    const std::size_t offset = (view >> kLengthBits) & ((std::size_t{1} << kOffsetBits) - 1);
    return {block.get() + offset, length == kLongLength ? block.get_deleter().bytes : length};
  }
  PackedView Store(std::string_view text, Cursor& cursor);
  StringId Insert(std::string_view text, std::uint64_t hash);
  // Enters an id's string, known to be absent, in the lookup table.
  void Index(StringId id);
  void Grow();
  void Rehash(std::size_t size);
  void RebuildIndex();
  static constexpr std::uint16_t kLongSize = 0xffff;  // the length is in the view instead
  static constexpr std::size_t kInlineBytes = 16;
  // All zero bytes: empty, as a new table is (ZeroedArray).
  struct alignas(32) Slot {
    const char* data;
    StringId id_plus_one;     // the string's id + 1; 0: empty
    std::uint16_t tag;        // bits 32-47 of the hash
    std::uint16_t size;       // or kLongSize
    char head[kInlineBytes];  // the first bytes, zero-padded
  };
  static_assert(sizeof(Slot) == 32);
  static bool Empty(const Slot& slot) { return slot.id_plus_one == 0; }
  static StringId IdOf(const Slot& slot) { return slot.id_plus_one - 1; }
  static Slot MakeSlot(std::string_view stored, StringId id, std::uint64_t hash);
  bool Holds(const Slot& slot, std::string_view text, std::uint16_t tag) const;
  std::size_t Home(std::uint64_t hash) const { return hash & (table_.size() - 1); }

  std::vector<Block> blocks_;
  Cursor indexed_cursor_, raw_cursor_;
  std::size_t stored_bytes_ = 0;
  // Concatenate fills the views it grows.
  std::vector<PackedView, NoInitMappedAllocator<PackedView, Pages::kSmall>> views_;
  // Per id, 64 to a word: interned (1) or appended (0). Words, not vector<bool>, so that
  // Concatenate can set the bits of different ids from several threads.
  std::vector<std::uint64_t> indexed_bits_;
  bool Indexed(std::size_t id) const { return (indexed_bits_[id >> 6] >> (id & 63) & 1) != 0; }
  // Records whether the id just pushed onto views_ is interned.
  void PushIndexed(bool indexed) {
    const std::size_t id = views_.size() - 1;
    if ((id & 63) == 0) indexed_bits_.push_back(0);
    indexed_bits_[id >> 6] |= std::uint64_t{indexed} << (id & 63);
  }
  std::size_t indexed_count_ = 0;
  ZeroedArray<Slot> table_;
  std::vector<std::uint64_t> batch_hashes_;  // InternBatch's scratch
};

}  // namespace corridor
