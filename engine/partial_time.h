#pragma once
// A point in time known only to some precision. Seized data gives "1987", "03/1987" or a full
// timestamp; a date known to the year must stay a year, never become 1 January. Times are UTC
// seconds since 1970 at the start of the known interval, in the proleptic Gregorian calendar.

#include <compare>
#include <cstdint>
#include <string>

namespace corridor {

enum class TimePrecision : std::uint8_t { kUnknown, kYear, kMonth, kDay, kMinute, kSecond };

struct CivilTime {
  int year = 1970;
  int month = 1;  // 1..12
  int day = 1;    // 1..31
  int hour = 0;
  int minute = 0;
  int second = 0;
};

class PartialTime {
 public:
  PartialTime() = default;

  // Fields finer than `precision` are ignored. Throws InvalidInput on an impossible date
  // (month 13, 30 February), naming no file: callers add the location.
  static PartialTime FromCivil(const CivilTime& civil, TimePrecision precision);

  // `seconds` since 1970 UTC; finer parts than `precision` are truncated away.
  static PartialTime FromSeconds(std::int64_t seconds, TimePrecision precision);

  bool known() const { return precision() != TimePrecision::kUnknown; }
  TimePrecision precision() const { return static_cast<TimePrecision>(packed_ & kPrecisionMask); }
  std::int64_t seconds() const { return packed_ >> kPrecisionBits; }
  CivilTime ToCivil() const;

  // ISO 8601 at the value's own precision: "1987", "1987-03", "1987-03-14",
  // "1987-03-14T09:26Z", "1987-03-14T09:26:53Z"; empty when unknown.
  std::string ToIso() const;

  // Unknown times sort first; equal instants sort coarser precision first.
  friend std::strong_ordering operator<=>(const PartialTime& a, const PartialTime& b);
  friend bool operator==(const PartialTime& a, const PartialTime& b) = default;

 private:
  // Seconds and precision in one word: every record has a time, and 8 bytes instead of 16
  // is 225 MB on a case of 28M records. Seconds keep 61 bits (years far beyond any record).
  static constexpr int kPrecisionBits = 3;
  static constexpr std::int64_t kPrecisionMask = (1 << kPrecisionBits) - 1;
  void Set(std::int64_t seconds, TimePrecision precision) {
    packed_ = static_cast<std::int64_t>(static_cast<std::uint64_t>(seconds) << kPrecisionBits) |
              static_cast<std::int64_t>(precision);
  }
  std::int64_t packed_ = 0;  // seconds << kPrecisionBits | precision
};

static_assert(sizeof(PartialTime) == 8);

bool IsValidCivilDate(int year, int month, int day);

// The UTC calendar date and time of `seconds` since 1970.
CivilTime CivilFromUnixSeconds(std::int64_t seconds);

}  // namespace corridor
