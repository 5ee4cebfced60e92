#pragma once
// Naming pools for the synthetic cases: Pakistani, Afghan (Pashto and Dari), Iranian, Iraqi
// Arabic, Kurdish and Bangladeshi given and family names, each with its native-script form and
// the Latin spellings seen in real manifests, plus honorifics and nicknames. Pools are ordered
// by frequency: generators draw with Zipf weights so common names (Muhammad, Khan) collide
// across many distinct people, as they do in real dumps.

#include <cstdint>
#include <span>
#include <string_view>

namespace corridor::generate {

enum class Origin : std::uint8_t { kPakistan, kAfghan, kIranian, kIraqi, kKurdish, kBangladeshi };
inline constexpr int kOriginCount = 6;

struct Name {
  std::string_view latin;     // most common Latin spelling
  std::string_view native;    // native script
  std::string_view variants;  // other Latin spellings, '|' separated (may be empty)
};

struct NamePool {
  std::span<const Name> male;
  std::span<const Name> female;
  std::span<const Name> family;
  std::string_view country;  // ISO 3166 alpha-2 of nationals
};

const NamePool& PoolFor(Origin origin);

std::span<const std::string_view> Honorifics();  // Haji, Mullah, Sheikh, ...
std::span<const std::string_view> Epithets();    // Doctor, Lala, Engineer, ... (nicknames)

// The i-th '|'-separated variant of `name` (0: the usual Latin form), and how many it has.
std::size_t VariantCount(const Name& name);
std::string_view Variant(const Name& name, std::size_t i);

}  // namespace corridor::generate
