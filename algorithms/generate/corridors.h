#pragma once
// The planted smuggling corridors: multi-leg routes over gazetteer places, each leg with its
// mode, typical duration and how it is crossed, and the origins whose people are recruited for
// it. Durations are hours door to door, from published route reconstructions (the Quetta-
// Taftan-Zahedan-Tehran-Van-Istanbul route takes one to three weeks with waits).

#include <cstdint>
#include <span>
#include <string_view>

#include "algorithms/generate/names.h"

namespace corridor::generate {

enum class LegMode : std::uint8_t { kBus, kCar, kFootIrregular, kOfficialCrossing, kBoat, kFlight };

struct Leg {
  std::string_view from;  // gazetteer names
  std::string_view to;
  LegMode mode;
  double hours;
};

struct CorridorSpec {
  std::string_view name;
  std::span<const Leg> legs;
  std::span<const std::string_view> recruit_towns;  // where recruiters work
  std::span<const Origin> origins;                  // naming pools of its migrants
  std::string_view hub;                             // where the organiser lives
  std::string_view safehouse;                       // where groups wait
  std::string_view hawala;                          // where the hawala broker sits
};

std::span<const CorridorSpec> Corridors();

std::string_view LegModeName(LegMode mode);

}  // namespace corridor::generate
