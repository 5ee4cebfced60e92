#pragma once
// Phone number validity as libphonenumber's IsValidNumber decides it, from libphonenumber's
// own metadata, without its cost. IsValidNumber looks up each of a territory's dozen
// patterns in a regular-expression cache behind one mutex and builds a matcher per match:
// 4-8 us a number on this machine, and two threads barely faster than one. A large case
// validates millions of distinct numbers (its people's phones, then every caller in the call
// records), so that lock set the pace of normalisation and of tying payees to numbers.
//
// Here every pattern is compiled once with RE2, whose matching is thread-safe without locks,
// and the decision follows libphonenumber's: the territory of a shared calling code is the
// first, in libphonenumber's order, whose leading digits start the number or, lacking leading
// digits, whose patterns accept it; the number is valid if it fits that territory's general
// description and one of its number types, each first checked by its possible lengths. Tests
// compare the two on numbers of every calling code.

#include <memory>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace re2 {
class RE2;
}

namespace corridor {

class PhoneValidity {
 public:
  // Built once, on first use, from the metadata compiled into libphonenumber.
  static const PhoneValidity& Get();

  // `national` is the national significant number: digits only, with any leading zeros the
  // territory keeps (Italy's), without the calling code.
  bool IsValid(int calling_code, std::string_view national) const;

  PhoneValidity(const PhoneValidity&) = delete;
  PhoneValidity& operator=(const PhoneValidity&) = delete;
  ~PhoneValidity();

 private:
  PhoneValidity();

  // One number description: possible lengths (none listed: any) and the pattern the whole
  // national number must match (none: the description has no numbers).
  struct Description {
    std::vector<int> lengths;
    std::unique_ptr<re2::RE2> pattern;
    bool Matches(std::string_view national) const;
  };
  struct Territory {
    bool has_leading_digits = false;
    std::unique_ptr<re2::RE2> leading_digits;  // matched at the start; null: empty, matches all
    Description general;
    // In libphonenumber's order of number types, fixed line and mobile last.
    std::vector<Description> special;
    Description fixed_line, mobile;
    bool same_mobile_and_fixed_line_pattern = false;
    bool HasType(std::string_view national) const;
  };

  std::unordered_map<int, std::vector<Territory>> territories_;  // by calling code
};

}  // namespace corridor
