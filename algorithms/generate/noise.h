#pragma once
// The ways real dumps get values wrong, each a small function of a clean value and a random
// stream: keyboard and OCR typos, Persian digits, phone numbers in local, international,
// 00-prefixed and spaced forms, document numbers with or without separators, and dates in
// the formats clerks use. Which of these a generated row gets, and how often, is decided by
// NoiseRates (case_generator.h); these functions only say how.

#include <string>
#include <string_view>

#include "algorithms/generate/random.h"

namespace corridor::generate {

// One keyboard slip on a Latin letter: a QWERTY neighbour, a dropped, doubled or swapped
// letter. Text without Latin letters comes back unchanged.
std::string KeyboardTypo(std::string_view text, Rng& rng);

// One OCR confusion (O/0, I/1, S/5, B/8, rn/m, cl/d, ...), or a keyboard typo if the text
// has no confusable character.
std::string OcrTypo(std::string_view text, Rng& rng);

// ASCII digits to Extended Arabic-Indic (Persian) digits; other characters kept.
std::string PersianDigits(std::string_view text);

// A phone number given as country code and national significant number (digits only).
struct PhoneNumber {
  std::string_view country_code;  // "92"
  std::string national;           // "3001234567"
  std::string E164() const { return "+" + std::string(country_code) + national; }
};

enum class PhoneStyle {
  kE164,           // +923001234567
  kDigitsOnly,     // 923001234567 (CDR exports)
  kInternational,  // +92 300 1234567
  kDoubleZero,     // 00923001234567
  kLocal,          // 03001234567
  kLocalDashed,    // 0300-1234567
  kLocalSpaced,    // 0300 123 4567
};
std::string FormatPhone(const PhoneNumber& phone, PhoneStyle style);
PhoneStyle RandomPhoneStyle(Rng& rng);

// Replaces one digit of the national number with another (a misheard or mistyped digit).
PhoneNumber WrongDigit(const PhoneNumber& phone, Rng& rng);

// Dates of birth as clerks write them. `kSwapped` is month/day order for a day/month source.
enum class DateStyle { kIso, kDayMonthYear, kMonthDayYear, kDayMonYear, kYearOnly, kMonthYear };
std::string FormatDate(int year, int month, int day, DateStyle style);

// A document number with its separators removed, or with spaces in place of dashes.
std::string DocumentVariant(std::string_view document, Rng& rng);

}  // namespace corridor::generate
