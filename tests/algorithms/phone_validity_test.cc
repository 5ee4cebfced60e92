#include "algorithms/resolve/phone_validity.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumberutil.h>

#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace corridor {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

struct Number {
  int calling_code;
  std::string national;
};

// libphonenumber's example numbers of every region, number type and global network, each
// altered at random: a digit changed, one dropped or one added, so about half are valid.
// Altered numbers that start with 0 are read back through Parse, which decides how many
// leading zeros the territory keeps.
std::vector<Number> AlteredExampleNumbers(std::size_t rounds) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::vector<PhoneNumber> examples;
  std::set<std::string> regions;
  util.GetSupportedRegions(&regions);
  for (const std::string& region : regions) {
    for (int type = PhoneNumberUtil::FIXED_LINE; type <= PhoneNumberUtil::VOICEMAIL; ++type) {
      PhoneNumber example;
      if (util.GetExampleNumberForType(region, static_cast<PhoneNumberUtil::PhoneNumberType>(type),
                                       &example)) {
        examples.push_back(example);
      }
    }
  }
  std::set<int> global_networks;
  util.GetSupportedGlobalNetworkCallingCodes(&global_networks);
  for (const int code : global_networks) {
    PhoneNumber example;
    if (util.GetExampleNumberForNonGeoEntity(code, &example)) examples.push_back(example);
  }
  std::mt19937_64 rng(20261130);
  std::vector<Number> numbers;
  for (std::size_t round = 0; round < rounds; ++round) {
    for (const PhoneNumber& example : examples) {
      std::string national;
      util.GetNationalSignificantNumber(example, &national);
      const auto digit = [&rng] { return static_cast<char>('0' + rng() % 10); };
      switch (rng() % 4) {
        case 0:
          national[rng() % national.size()] = digit();
          break;
        case 1:
          if (national.size() > 2) national.pop_back();
          break;
        case 2:
          national.push_back(digit());
          break;
        default:
          break;
      }
      PhoneNumber parsed;
      if (util.Parse("+" + std::to_string(example.country_code()) + national, "ZZ", &parsed) !=
          PhoneNumberUtil::NO_PARSING_ERROR) {
        continue;
      }
      std::string significant;
      util.GetNationalSignificantNumber(parsed, &significant);
      numbers.push_back({parsed.country_code(), significant});
    }
  }
  return numbers;
}

bool LibphonenumberSays(const Number& number) {
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  PhoneNumber parsed;
  util.Parse("+" + std::to_string(number.calling_code) + number.national, "ZZ", &parsed);
  return util.IsValidNumber(parsed);
}

TEST(PhoneValidity, AgreesWithLibphonenumberOnEveryTerritory) {
  const std::vector<Number> numbers = AlteredExampleNumbers(8);
  ASSERT_GT(numbers.size(), 8000u);
  std::size_t valid = 0, leading_zeros = 0;
  for (const Number& number : numbers) {
    const bool expected = LibphonenumberSays(number);
    valid += expected;
    leading_zeros += number.national[0] == '0';
    ASSERT_EQ(PhoneValidity::Get().IsValid(number.calling_code, number.national), expected)
        << "+" << number.calling_code << " " << number.national;
  }
  // Both answers, and Italy's kept zeros, are well represented, so agreement means something.
  EXPECT_GT(valid, numbers.size() / 4);
  EXPECT_LT(valid, numbers.size() * 3 / 4);
  EXPECT_GT(leading_zeros, 100u);
}

TEST(PhoneValidity, KnownNumbers) {
  const PhoneValidity& validity = PhoneValidity::Get();
  EXPECT_TRUE(validity.IsValid(92, "3001234567"));   // Pakistan, mobile
  EXPECT_FALSE(validity.IsValid(92, "300123456"));   // a digit short
  EXPECT_TRUE(validity.IsValid(98, "9123456789"));   // Iran, mobile
  EXPECT_TRUE(validity.IsValid(44, "7400123456"));   // +44: the United Kingdom, mobile
  EXPECT_TRUE(validity.IsValid(44, "7781123456"));   // +44: Guernsey, by its leading digits
  EXPECT_TRUE(validity.IsValid(39, "0669812345"));   // Italy keeps the trunk zero
  EXPECT_FALSE(validity.IsValid(39, "669812345"));   // and needs it for a Rome line
  EXPECT_FALSE(validity.IsValid(999, "123456789"));  // no such calling code
  EXPECT_FALSE(validity.IsValid(92, ""));
}

TEST(PhoneValidity, SameAnswersFromTwoThreads) {
  const std::vector<Number> numbers = AlteredExampleNumbers(2);
  std::vector<char> first(numbers.size()), second(numbers.size());
  const auto check = [&numbers](std::vector<char>& out) {
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      out[i] = PhoneValidity::Get().IsValid(numbers[i].calling_code, numbers[i].national);
    }
  };
  std::thread a(check, std::ref(first)), b(check, std::ref(second));
  a.join();
  b.join();
  EXPECT_EQ(first, second);
}

}  // namespace
}  // namespace corridor
