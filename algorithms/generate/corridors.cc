#include "algorithms/generate/corridors.h"

namespace corridor::generate {
namespace {

using M = LegMode;
using V = std::string_view;

constexpr Leg kQuettaVan[] = {
    {"Quetta", "Nushki", M::kBus, 3},    {"Nushki", "Dalbandin", M::kBus, 4},
    {"Dalbandin", "Taftan", M::kBus, 5}, {"Taftan", "Mirjaveh", M::kFootIrregular, 6},
    {"Mirjaveh", "Zahedan", M::kCar, 2}, {"Zahedan", "Kerman", M::kBus, 7},
    {"Kerman", "Tehran", M::kBus, 14},   {"Tehran", "Tabriz", M::kBus, 9},
    {"Tabriz", "Maku", M::kBus, 4},      {"Maku", "Dogubayazit", M::kFootIrregular, 30},
    {"Dogubayazit", "Van", M::kCar, 4},  {"Van", "Istanbul", M::kBus, 22},
};
constexpr V kQuettaVanTowns[] = {"Mandi Bahauddin", "Gujrat", "Gujranwala", "Sialkot"};
constexpr Origin kQuettaVanOrigins[] = {Origin::kPakistan};

constexpr Leg kKandaharZahedan[] = {
    {"Kabul", "Kandahar", M::kBus, 8},
    {"Kandahar", "Spin Boldak", M::kCar, 2},
    {"Spin Boldak", "Chaman", M::kOfficialCrossing, 3},
    {"Chaman", "Quetta", M::kBus, 3},
    {"Quetta", "Mashkel", M::kCar, 14},
    {"Mashkel", "Saravan", M::kFootIrregular, 8},
    {"Saravan", "Zahedan", M::kCar, 5},
    {"Zahedan", "Kerman", M::kBus, 7},
    {"Kerman", "Tehran", M::kBus, 14},
};
constexpr V kKandaharZahedanTowns[] = {"Kabul", "Ghazni", "Kandahar"};
constexpr Origin kKandaharZahedanOrigins[] = {Origin::kAfghan};

constexpr Leg kHeratUrmia[] = {
    {"Herat", "Islam Qala", M::kCar, 2},     {"Islam Qala", "Taybad", M::kOfficialCrossing, 2},
    {"Taybad", "Mashhad", M::kBus, 4},       {"Mashhad", "Tehran", M::kBus, 13},
    {"Tehran", "Tabriz", M::kBus, 9},        {"Tabriz", "Urmia", M::kBus, 3},
    {"Urmia", "Van", M::kFootIrregular, 36}, {"Van", "Istanbul", M::kBus, 22},
};
constexpr V kHeratUrmiaTowns[] = {"Herat", "Mazar-i-Sharif", "Kunduz"};
constexpr Origin kHeratUrmiaOrigins[] = {Origin::kAfghan, Origin::kIranian};

constexpr Leg kKarachiDubai[] = {
    {"Karachi", "Gwadar", M::kBus, 10},      {"Gwadar", "Jiwani", M::kCar, 2},
    {"Jiwani", "Chabahar", M::kBoat, 8},     {"Chabahar", "Bandar Abbas", M::kBus, 12},
    {"Bandar Abbas", "Khasab", M::kBoat, 5}, {"Khasab", "Dubai", M::kCar, 3},
};
constexpr V kKarachiDubaiTowns[] = {"Karachi", "Turbat", "Hub"};
constexpr Origin kKarachiDubaiOrigins[] = {Origin::kPakistan, Origin::kBangladeshi};

constexpr Leg kDhakaIstanbul[] = {
    {"Sylhet", "Dhaka", M::kBus, 6},    {"Dhaka", "Dubai", M::kFlight, 5},
    {"Dubai", "Tehran", M::kFlight, 3}, {"Tehran", "Tabriz", M::kBus, 9},
    {"Tabriz", "Maku", M::kBus, 4},     {"Maku", "Dogubayazit", M::kFootIrregular, 30},
    {"Dogubayazit", "Van", M::kCar, 4}, {"Van", "Istanbul", M::kBus, 22},
};
constexpr V kDhakaIstanbulTowns[] = {"Sylhet", "Comilla", "Dhaka"};
constexpr Origin kDhakaIstanbulOrigins[] = {Origin::kBangladeshi};

constexpr Leg kErbilLesbos[] = {
    {"Sulaymaniyah", "Erbil", M::kCar, 3},  {"Erbil", "Duhok", M::kCar, 3},
    {"Duhok", "Zakho", M::kCar, 1},         {"Zakho", "Gaziantep", M::kOfficialCrossing, 8},
    {"Gaziantep", "Istanbul", M::kBus, 14}, {"Istanbul", "Izmir", M::kBus, 8},
    {"Izmir", "Ayvalik", M::kCar, 2},       {"Ayvalik", "Mytilene", M::kBoat, 3},
    {"Mytilene", "Athens", M::kBoat, 12},
};
constexpr V kErbilLesbosTowns[] = {"Sulaymaniyah", "Erbil", "Kirkuk"};
constexpr Origin kErbilLesbosOrigins[] = {Origin::kKurdish, Origin::kIraqi};

constexpr Leg kJalalabadLahore[] = {
    {"Jalalabad", "Torkham", M::kCar, 2},    {"Torkham", "Landi Kotal", M::kOfficialCrossing, 1},
    {"Landi Kotal", "Peshawar", M::kBus, 2}, {"Peshawar", "Rawalpindi", M::kBus, 3},
    {"Rawalpindi", "Lahore", M::kBus, 5},    {"Lahore", "Karachi", M::kBus, 18},
};
constexpr V kJalalabadLahoreTowns[] = {"Jalalabad", "Kabul", "Kunduz"};
constexpr Origin kJalalabadLahoreOrigins[] = {Origin::kAfghan};

constexpr CorridorSpec kCorridors[] = {
    {"Quetta-Taftan-Van", kQuettaVan, kQuettaVanTowns, kQuettaVanOrigins, "Quetta", "Tehran",
     "Quetta"},
    {"Kandahar-Chaman-Mashkel-Zahedan", kKandaharZahedan, kKandaharZahedanTowns,
     kKandaharZahedanOrigins, "Quetta", "Zahedan", "Kandahar"},
    {"Herat-Mashhad-Urmia-Van", kHeratUrmia, kHeratUrmiaTowns, kHeratUrmiaOrigins, "Mashhad",
     "Urmia", "Herat"},
    {"Karachi-Gwadar-Chabahar-Dubai", kKarachiDubai, kKarachiDubaiTowns, kKarachiDubaiOrigins,
     "Karachi", "Bandar Abbas", "Karachi"},
    {"Dhaka-Dubai-Tehran-Van", kDhakaIstanbul, kDhakaIstanbulTowns, kDhakaIstanbulOrigins, "Dubai",
     "Tehran", "Dhaka"},
    {"Erbil-Zakho-Istanbul-Lesbos", kErbilLesbos, kErbilLesbosTowns, kErbilLesbosOrigins,
     "Istanbul", "Izmir", "Erbil"},
    {"Jalalabad-Torkham-Lahore", kJalalabadLahore, kJalalabadLahoreTowns, kJalalabadLahoreOrigins,
     "Peshawar", "Rawalpindi", "Peshawar"},
};

}  // namespace

std::span<const CorridorSpec> Corridors() { return kCorridors; }

std::string_view LegModeName(LegMode mode) {
  switch (mode) {
    case LegMode::kBus:
      return "bus";
    case LegMode::kCar:
      return "car";
    case LegMode::kFootIrregular:
      return "foot";
    case LegMode::kOfficialCrossing:
      return "border";
    case LegMode::kBoat:
      return "boat";
    case LegMode::kFlight:
      return "flight";
  }
  return "bus";
}

}  // namespace corridor::generate
