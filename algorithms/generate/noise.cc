#include "algorithms/generate/noise.h"

#include <array>
#include <cctype>
#include <cstdio>

namespace corridor::generate {
namespace {

bool IsLatinLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// QWERTY neighbours of each lower-case letter.
constexpr std::array<std::string_view, 26> kNeighbours = {
    "qwsz",   "vghn",  "xdfv", "serfcx", "wsdr", "drtgvc", "ftyhbv", "gyujnb", "ujko",
    "huikmn", "jiolm", "kop",  "njk",    "bhjm", "iklp",   "ol",     "wa",     "edft",
    "awedxz", "rfgy",  "yhji", "cfgb",   "qase", "zsdc",   "tghu",   "asx"};

}  // namespace

std::string KeyboardTypo(std::string_view text, Rng& rng) {
  std::string out(text);
  std::size_t letters = 0;
  for (const char c : out) letters += IsLatinLetter(c);
  if (letters == 0) return out;
  std::size_t target = rng.Below(letters);
  std::size_t at = 0;
  for (; at < out.size(); ++at) {
    if (IsLatinLetter(out[at]) && target-- == 0) break;
  }
  const char c = out[at];
  switch (rng.Below(4)) {
    case 0: {
      const bool upper = c >= 'A' && c <= 'Z';
      const std::string_view near = kNeighbours[static_cast<std::size_t>(std::tolower(c) - 'a')];
      const char replacement = near[rng.Below(near.size())];
      out[at] = upper ? static_cast<char>(std::toupper(replacement)) : replacement;
      break;
    }
    case 1:
      if (letters > 1) out.erase(at, 1);
      break;
    case 2:
      out.insert(at, 1, c);
      break;
    default:
      if (at + 1 < out.size() && IsLatinLetter(out[at + 1])) std::swap(out[at], out[at + 1]);
      break;
  }
  return out;
}

std::string OcrTypo(std::string_view text, Rng& rng) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 14> kConfusions = {{
      {"O", "0"},
      {"0", "O"},
      {"I", "1"},
      {"1", "I"},
      {"l", "1"},
      {"S", "5"},
      {"5", "S"},
      {"B", "8"},
      {"8", "B"},
      {"Z", "2"},
      {"rn", "m"},
      {"m", "rn"},
      {"cl", "d"},
      {"e", "c"},
  }};
  std::size_t candidates = 0;
  for (const auto& [from, to] : kConfusions) {
    for (std::size_t p = text.find(from); p != std::string_view::npos; p = text.find(from, p + 1)) {
      ++candidates;
    }
  }
  if (candidates == 0) return KeyboardTypo(text, rng);
  std::size_t target = rng.Below(candidates);
  for (const auto& [from, to] : kConfusions) {
    for (std::size_t p = text.find(from); p != std::string_view::npos; p = text.find(from, p + 1)) {
      if (target-- == 0) {
        std::string out(text);
        out.replace(p, from.size(), to);
        return out;
      }
    }
  }
  return std::string(text);
}

std::string PersianDigits(std::string_view text) {
  std::string out;
  out.reserve(text.size() * 2);
  for (const char c : text) {
    if (c >= '0' && c <= '9') {
      // U+06F0 + digit, UTF-8 encoded: DB B0..B9.
      out.push_back(static_cast<char>(0xDB));
      out.push_back(static_cast<char>(0xB0 + (c - '0')));
    } else {
      out.push_back(c);
    }
  }
  return out;
}

std::string FormatPhone(const PhoneNumber& phone, PhoneStyle style) {
  const std::string& n = phone.national;
  const std::string cc(phone.country_code);
  // Mobile numbers split as operator code (3 digits) and subscriber number, the way people
  // write them in every country covered here.
  const std::string head = n.substr(0, 3), tail = n.substr(3);
  switch (style) {
    case PhoneStyle::kE164:
      return "+" + cc + n;
    case PhoneStyle::kDigitsOnly:
      return cc + n;
    case PhoneStyle::kInternational:
      return "+" + cc + " " + head + " " + tail;
    case PhoneStyle::kDoubleZero:
      return "00" + cc + n;
    case PhoneStyle::kLocal:
      return "0" + n;
    case PhoneStyle::kLocalDashed:
      return "0" + head + "-" + tail;
    case PhoneStyle::kLocalSpaced:
      return "0" + head + " " + tail.substr(0, 3) + " " + tail.substr(3);
  }
  return "+" + cc + n;
}

PhoneStyle RandomPhoneStyle(Rng& rng) {
  static constexpr PhoneStyle kStyles[] = {PhoneStyle::kE164,        PhoneStyle::kInternational,
                                           PhoneStyle::kDoubleZero,  PhoneStyle::kLocal,
                                           PhoneStyle::kLocal,       PhoneStyle::kLocalDashed,
                                           PhoneStyle::kLocalDashed, PhoneStyle::kLocalSpaced};
  return kStyles[rng.Below(std::size(kStyles))];
}

PhoneNumber WrongDigit(const PhoneNumber& phone, Rng& rng) {
  PhoneNumber out = phone;
  // Keep the operator code, so the number still looks like a mobile of that country.
  const std::size_t at = 3 + rng.Below(out.national.size() - 3);
  out.national[at] = static_cast<char>('0' + (out.national[at] - '0' + 1 + rng.Below(9)) % 10);
  return out;
}

std::string FormatDate(int year, int month, int day, DateStyle style) {
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  char text[32];
  switch (style) {
    case DateStyle::kIso:
      std::snprintf(text, sizeof text, "%04d-%02d-%02d", year, month, day);
      break;
    case DateStyle::kDayMonthYear:
      std::snprintf(text, sizeof text, "%02d/%02d/%04d", day, month, year);
      break;
    case DateStyle::kMonthDayYear:
      std::snprintf(text, sizeof text, "%02d/%02d/%04d", month, day, year);
      break;
    case DateStyle::kDayMonYear:
      std::snprintf(text, sizeof text, "%02d-%s-%04d", day, kMonths[month - 1], year);
      break;
    case DateStyle::kYearOnly:
      std::snprintf(text, sizeof text, "%04d", year);
      break;
    case DateStyle::kMonthYear:
      std::snprintf(text, sizeof text, "%02d/%04d", month, year);
      break;
  }
  return text;
}

std::string DocumentVariant(std::string_view document, Rng& rng) {
  std::string out;
  const bool spaces = rng.Chance(0.5);
  for (const char c : document) {
    if (c == '-') {
      if (spaces) out.push_back(' ');
    } else {
      out.push_back(c);
    }
  }
  return out;
}

}  // namespace corridor::generate
