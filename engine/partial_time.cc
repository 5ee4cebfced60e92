#include "engine/partial_time.h"

#include "engine/errors.h"

namespace corridor {
namespace {

// Days since 1970-01-01 for a proleptic Gregorian date (H. Hinnant, "chrono-Compatible
// Low-Level Date Algorithms", days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilTime CivilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  CivilTime civil;
  civil.day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  civil.month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  civil.year = static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (civil.month <= 2));
  return civil;
}

bool IsLeap(int year) { return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0; }

}  // namespace

bool IsValidCivilDate(int year, int month, int day) {
  static constexpr int kDaysInMonth[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (month < 1 || month > 12 || day < 1) return false;
  const int limit = kDaysInMonth[month - 1] + (month == 2 && IsLeap(year) ? 1 : 0);
  return day <= limit;
}

PartialTime PartialTime::FromCivil(const CivilTime& civil, TimePrecision precision) {
  PartialTime time;
  if (precision == TimePrecision::kUnknown) return time;
  const int month = precision >= TimePrecision::kMonth ? civil.month : 1;
  const int day = precision >= TimePrecision::kDay ? civil.day : 1;
  if (!IsValidCivilDate(civil.year, month, day)) {
    throw InvalidInput("", "impossible date " + std::to_string(civil.year) + "-" +
                               std::to_string(month) + "-" + std::to_string(day));
  }
  const int hour = precision >= TimePrecision::kMinute ? civil.hour : 0;
  const int minute = precision >= TimePrecision::kMinute ? civil.minute : 0;
  const int second = precision >= TimePrecision::kSecond ? civil.second : 0;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) {
    throw InvalidInput("", "impossible time of day " + std::to_string(hour) + ":" +
                               std::to_string(minute) + ":" + std::to_string(second));
  }
  time.Set(
      DaysFromCivil(civil.year, static_cast<unsigned>(month), static_cast<unsigned>(day)) * 86400 +
          hour * 3600 + minute * 60 + second,
      precision);
  return time;
}

PartialTime PartialTime::FromSeconds(std::int64_t seconds, TimePrecision precision) {
  PartialTime whole;
  whole.Set(seconds, TimePrecision::kSecond);
  return FromCivil(whole.ToCivil(), precision);
}

CivilTime PartialTime::ToCivil() const { return CivilFromUnixSeconds(seconds()); }

CivilTime CivilFromUnixSeconds(std::int64_t seconds) {
  std::int64_t days = seconds / 86400;
  std::int64_t rest = seconds % 86400;
  if (rest < 0) {
    rest += 86400;
    --days;
  }
  CivilTime civil = CivilFromDays(days);
  civil.hour = static_cast<int>(rest / 3600);
  civil.minute = static_cast<int>(rest / 60 % 60);
  civil.second = static_cast<int>(rest % 60);
  return civil;
}

std::string PartialTime::ToIso() const {
  if (!known()) return {};
  const CivilTime c = ToCivil();
  // Digit by digit: this runs once per record when writing records.csv, where snprintf cost
  // a sixth of the whole load.
  char text[24];
  std::size_t length = 0;
  const auto put = [&](int value, int width) {
    for (int i = width - 1; i >= 0; --i) {
      text[length + static_cast<std::size_t>(i)] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    length += static_cast<std::size_t>(width);
  };
  const auto sep = [&](char separator) { text[length++] = separator; };
  put(c.year, 4);
  if (precision() >= TimePrecision::kMonth) {
    sep('-');
    put(c.month, 2);
  }
  if (precision() >= TimePrecision::kDay) {
    sep('-');
    put(c.day, 2);
  }
  if (precision() >= TimePrecision::kMinute) {
    sep('T');
    put(c.hour, 2);
    sep(':');
    put(c.minute, 2);
  }
  if (precision() >= TimePrecision::kSecond) {
    sep(':');
    put(c.second, 2);
  }
  if (precision() >= TimePrecision::kMinute) sep('Z');
  return std::string(text, length);
}

std::strong_ordering operator<=>(const PartialTime& a, const PartialTime& b) {
  if (a.known() != b.known())
    return a.known() ? std::strong_ordering::greater : std::strong_ordering::less;
  if (auto order = a.seconds() <=> b.seconds(); order != 0) return order;
  return a.precision() <=> b.precision();
}

}  // namespace corridor
