#include "loaders/time_parse.h"

#include <array>
#include <cctype>

#include "engine/errors.h"

namespace corridor {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }

struct Cursor {
  std::string_view text;
  std::size_t at = 0;

  bool Done() const { return at == text.size(); }
  bool Peek(char c) const { return !Done() && text[at] == c; }
  bool Take(char c) {
    if (!Peek(c)) return false;
    ++at;
    return true;
  }
  // Reads between min_digits and max_digits ASCII digits.
  bool Number(int min_digits, int max_digits, int& value) {
    int digits = 0;
    value = 0;
    while (!Done() && digits < max_digits && IsDigit(text[at])) {
      value = value * 10 + (text[at] - '0');
      ++at;
      ++digits;
    }
    return digits >= min_digits;
  }
};

constexpr std::array<std::string_view, 12> kMonths = {"jan", "feb", "mar", "apr", "may", "jun",
                                                      "jul", "aug", "sep", "oct", "nov", "dec"};

// An English month name or its first three letters, any case.
bool MonthName(Cursor& in, int& month) {
  std::size_t length = 0;
  while (in.at + length < in.text.size() &&
         std::isalpha(static_cast<unsigned char>(in.text[in.at + length]))) {
    ++length;
  }
  if (length < 3) return false;
  char prefix[3];
  for (std::size_t i = 0; i < 3; ++i) {
    prefix[i] = static_cast<char>(std::tolower(static_cast<unsigned char>(in.text[in.at + i])));
  }
  for (std::size_t m = 0; m < kMonths.size(); ++m) {
    if (kMonths[m] == std::string_view(prefix, 3)) {
      month = static_cast<int>(m) + 1;
      in.at += length;
      return true;
    }
  }
  return false;
}

TimeParse Finish(const CivilTime& civil, TimePrecision precision, std::int64_t offset_seconds) {
  TimeParse result;
  result.status = TimeParse::Status::kInvalid;
  try {
    result.time = PartialTime::FromCivil(civil, precision);
    if (offset_seconds != 0) {
      result.time = PartialTime::FromSeconds(result.time.seconds() - offset_seconds, precision);
    }
  } catch (const InvalidInput&) {
    return result;
  }
  result.status = TimeParse::Status::kOk;
  return result;
}

// "Z", "+05", "+0530", "+05:30" or "-03:00" at the end; false if something else is there.
bool Offset(Cursor& in, std::int64_t& seconds) {
  seconds = 0;
  if (in.Done() || in.Take('Z') || in.Take('z')) return in.Done();
  const bool negative = in.Peek('-');
  if (!in.Take('+') && !in.Take('-')) return false;
  int hours = 0, minutes = 0;
  if (!in.Number(2, 2, hours)) return false;
  in.Take(':');
  if (!in.Done() && !in.Number(2, 2, minutes)) return false;
  if (hours > 14 || minutes > 59) return false;
  seconds = (hours * 3600 + minutes * 60) * (negative ? -1 : 1);
  return in.Done();
}

// "YYYY-MM-DDTHH:MM:SS" read at fixed places: the layout of nearly every export's times, and
// a CDR has one a row. Any other text, or a digit missing, is left to the general parser.
bool FixedIsoSeconds(std::string_view text, CivilTime& civil) {
  if (text.size() != 19 || text[4] != '-' || text[7] != '-' || text[13] != ':' || text[16] != ':' ||
      (text[10] != 'T' && text[10] != ' ' && text[10] != 't')) {
    return false;
  }
  const auto number = [&](std::size_t at, std::size_t digits, int& value) {
    value = 0;
    for (std::size_t k = at; k < at + digits; ++k) {
      if (!IsDigit(text[k])) return false;
      value = value * 10 + (text[k] - '0');
    }
    return true;
  };
  return number(0, 4, civil.year) && number(5, 2, civil.month) && number(8, 2, civil.day) &&
         number(11, 2, civil.hour) && number(14, 2, civil.minute) && number(17, 2, civil.second);
}

TimeParse ParseIso(std::string_view text) {
  if (CivilTime fixed; FixedIsoSeconds(text, fixed)) {
    return Finish(fixed, TimePrecision::kSecond, 0);
  }
  Cursor in{text};
  CivilTime civil;
  TimeParse invalid;
  invalid.status = TimeParse::Status::kInvalid;
  if (!in.Number(4, 4, civil.year)) return invalid;
  if (in.Done()) return Finish(civil, TimePrecision::kYear, 0);
  if (!in.Take('-') || !in.Number(2, 2, civil.month)) return invalid;
  if (in.Done()) return Finish(civil, TimePrecision::kMonth, 0);
  if (!in.Take('-') || !in.Number(2, 2, civil.day)) return invalid;
  if (in.Done()) return Finish(civil, TimePrecision::kDay, 0);
  if (!in.Take('T') && !in.Take(' ') && !in.Take('t')) return invalid;
  if (!in.Number(2, 2, civil.hour) || !in.Take(':') || !in.Number(2, 2, civil.minute)) {
    return invalid;
  }
  TimePrecision precision = TimePrecision::kMinute;
  if (in.Take(':')) {
    if (!in.Number(2, 2, civil.second)) return invalid;
    precision = TimePrecision::kSecond;
    if (in.Take('.') || in.Take(',')) {
      int fraction = 0;
      if (!in.Number(1, 9, fraction)) return invalid;  // kept to the second
    }
  }
  std::int64_t offset = 0;
  if (!Offset(in, offset)) return invalid;
  return Finish(civil, precision, offset);
}

TimeParse ParseWithFormat(std::string_view text, std::string_view format) {
  Cursor in{text};
  CivilTime civil;
  TimePrecision precision = TimePrecision::kUnknown;
  const auto finer = [&](TimePrecision p) {
    if (p > precision) precision = p;
  };
  TimeParse invalid;
  invalid.status = TimeParse::Status::kInvalid;
  for (std::size_t f = 0; f < format.size(); ++f) {
    const char spec = format[f];
    if (IsSpace(spec)) {
      if (in.Done() || !IsSpace(in.text[in.at])) return invalid;
      while (!in.Done() && IsSpace(in.text[in.at])) ++in.at;
      continue;
    }
    if (spec != '%' || f + 1 == format.size()) {
      if (!in.Take(spec)) return invalid;
      continue;
    }
    bool ok = false;
    switch (format[++f]) {
      case 'Y':
        ok = in.Number(4, 4, civil.year);
        finer(TimePrecision::kYear);
        break;
      case 'y': {
        int two = 0;
        ok = in.Number(2, 2, two);
        // Two-digit years: 00-49 are 20xx, 50-99 are 19xx (seized data spans both centuries).
        civil.year = two < 50 ? 2000 + two : 1900 + two;
        finer(TimePrecision::kYear);
        break;
      }
      case 'm':
        ok = in.Number(1, 2, civil.month);
        finer(TimePrecision::kMonth);
        break;
      case 'b':
        ok = MonthName(in, civil.month);
        finer(TimePrecision::kMonth);
        break;
      case 'd':
        ok = in.Number(1, 2, civil.day);
        finer(TimePrecision::kDay);
        break;
      case 'H':
        ok = in.Number(1, 2, civil.hour);
        finer(TimePrecision::kMinute);
        break;
      case 'M':
        ok = in.Number(1, 2, civil.minute);
        finer(TimePrecision::kMinute);
        break;
      case 'S':
        ok = in.Number(1, 2, civil.second);
        finer(TimePrecision::kSecond);
        break;
      case '%':
        ok = in.Take('%');
        break;
      default:
        return invalid;
    }
    if (!ok) return invalid;
  }
  if (!in.Done() || precision == TimePrecision::kUnknown) return invalid;
  return Finish(civil, precision, 0);
}

std::string_view Trim(std::string_view text) {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  return text;
}

}  // namespace

TimeParse ParseTime(std::string_view text, std::span<const std::string> formats) {
  text = Trim(text);
  if (text.empty()) return {};
  if (formats.empty()) return ParseIso(text);
  for (const std::string& format : formats) {
    const TimeParse parsed = ParseWithFormat(text, format);
    if (parsed.status == TimeParse::Status::kOk) return parsed;
  }
  // Sources that declare a format still often mix in ISO values from another export.
  return ParseIso(text);
}

void CheckTimeFormat(std::string_view format) {
  bool any = false;
  for (std::size_t f = 0; f < format.size(); ++f) {
    if (format[f] != '%') continue;
    if (f + 1 == format.size()) throw InvalidInput("", "time format ends in a lone '%'");
    const char spec = format[++f];
    if (std::string_view("YymbdHMS%").find(spec) == std::string_view::npos) {
      throw InvalidInput("", std::string("time format has unknown directive %") + spec +
                                 " (known: %Y %y %m %b %d %H %M %S %%)");
    }
    any = any || spec != '%';
  }
  if (!any) throw InvalidInput("", "time format '" + std::string(format) + "' names no date part");
}

}  // namespace corridor
