#pragma once
// A gazetteer of places on the smuggling corridors of South and West Asia and onward to
// Europe: each with its usual Latin name, the spelling variants found in manifests and
// ledgers, its name in native script, ISO country code and coordinates. Used by the case
// generator and by place normalisation. Coordinates are WGS84 degrees, to about 0.01.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace corridor {

struct Place {
  std::string_view name;                       // usual Latin spelling
  std::span<const std::string_view> variants;  // other Latin spellings
  std::string_view native;                     // native script (Urdu, Dari/Pashto, Persian, ...)
  std::string_view country;                    // ISO 3166 alpha-2
  double lat;
  double lon;
};

// All places, in a fixed order (their index is a stable place id).
std::span<const Place> Gazetteer();

// Index of the place named exactly `name` (its usual Latin spelling).
std::optional<std::uint32_t> FindPlace(std::string_view name);

// Great-circle distance in kilometres.
double DistanceKm(const Place& a, const Place& b);

}  // namespace corridor
