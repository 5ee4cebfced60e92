#include "algorithms/resolve/normalise.h"

#include <gtest/gtest.h>
#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>

#include <algorithm>
#include <cstddef>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "algorithms/resolve/similarity.h"

namespace corridor {
namespace {

class NameNormaliserTest : public ::testing::Test {
 protected:
  NormalisedName Name(std::string_view raw) { return normaliser_.Normalise(raw); }
  std::string Skeleton(std::string_view raw) { return Name(raw).skeleton; }
  NameNormaliser normaliser_;
};

TEST_F(NameNormaliserTest, SpellingsAndScriptsOfMuhammadShareOneSkeleton) {
  const std::string expected = Skeleton("Muhammad");
  EXPECT_EQ(expected, "mhmd");
  for (const char* raw : {"Mohammed", "Mohamad", "MUHAMMED", "Mohd", "Md.", "محمد", "Muhammad"}) {
    EXPECT_EQ(Skeleton(raw), expected) << raw;
  }
}

// Mahmud keeps the long vowel that tells it from Muhammad; the Somali Mohamud is Muhammad.
TEST_F(NameNormaliserTest, MahmudIsNotMuhammad) {
  for (const char* raw : {"Mahmood", "Mahmud", "Mahmoud", "Mehmood", "محمود", "মাহমুদ"}) {
    EXPECT_EQ(Skeleton(raw), "mhmwd") << raw;
  }
  EXPECT_EQ(Skeleton("Mohamud"), Skeleton("Muhammad"));
  EXPECT_EQ(Skeleton("মোহাম্মদ"), Skeleton("Muhammad"));
  EXPECT_TRUE(DistinctNames("mahmood", "muhammad"));
  EXPECT_TRUE(DistinctNames("mhmd", "mhmwd"));
  EXPECT_FALSE(DistinctNames("mahmood", "mahmud"));
  EXPECT_FALSE(DistinctNames("mohamud", "muhammad"));
}

TEST_F(NameNormaliserTest, ArabicScriptNamesMeetTheirLatinSpellings) {
  // Urdu and Persian letters that Any-Latin misses (ی ک ہ ے) and ain (ع) are mapped first.
  const std::pair<const char*, const char*> pairs[] = {{"محمد اکبر", "Muhammad Akbar"},
                                                       {"علی", "Ali"},
                                                       {"فاطمه", "Fatima"},
                                                       {"احمد", "Ahmed"},
                                                       {"حسین", "Hussain"},
                                                       {"خان", "Khan"},
                                                       {"یوسف", "Yousaf"},
                                                       {"عبدالله", "Abdullah"}};
  for (const auto& [native, latin] : pairs) {
    EXPECT_EQ(Skeleton(native), Skeleton(latin)) << native << " vs " << latin;
  }
}

// ث, ذ and ض are read s, z and z in Persian, Dari, Pashto and Urdu, as Latin spellings from
// there write them; text with a letter only Arabic spelling uses keeps the Arabic reading.
TEST_F(NameNormaliserTest, PersianAndUrduReadingsOfArabicLetters) {
  const std::pair<const char*, const char*> pairs[] = {{"ذبیح‌الله", "Zabihullah"},
                                                       {"ضیاء", "Zia"},
                                                       {"ثاقب", "Saqib"},
                                                       {"نذیر", "Nazir"},
                                                       {"رضا", "Raza"},
                                                       {"عثمان", "Usman"}};
  for (const auto& [native, latin] : pairs) {
    EXPECT_EQ(Skeleton(native), Skeleton(latin)) << native << " vs " << latin;
  }
  // Arabic yeh (ي), kaf (ك) or teh marbuta (ة): an Arabic spelling, read as Arabic is.
  EXPECT_EQ(Skeleton("ضياء"), Skeleton("Diya"));
  EXPECT_EQ(Skeleton("ثامر علي"), Skeleton("Thamer Ali"));
  // Zakir with the Persian kaf (ک), then with the Arabic one (ك).
  EXPECT_EQ(normaliser_.ToAscii("ذاکر"), "zakr");
  EXPECT_EQ(normaliser_.ToAscii("ذاكر"), "dhakr");
}

TEST_F(NameNormaliserTest, OutputIsAsciiForEveryScript) {
  for (const char* raw :
       {"ښکلی ځای څوک ږ", "মোহাম্মদ", "Мухаммед", "Müller‌", "ٹیپو ڈار ڑ ں ے"}) {
    const std::string ascii = normaliser_.ToAscii(raw);
    for (const char c : ascii) {
      EXPECT_TRUE((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' || c == '/')
          << raw << " -> " << ascii;
    }
    EXPECT_FALSE(ascii.empty()) << raw;
  }
}

TEST_F(NameNormaliserTest, HonorificsGoAndConnectorsStartTheFathersName) {
  const NormalisedName name = Name("Haji Muhammad Akbar Khan s/o Gul Khan");
  EXPECT_EQ(name.tokens, (std::vector<std::string>{"muhammad", "akbar", "khan"}));
  EXPECT_EQ(name.father_tokens, (std::vector<std::string>{"gul", "khan"}));
  EXPECT_EQ(Name("Mr. Sheikh Tariq S / O Aslam").father_tokens, std::vector<std::string>{"aslam"});
  EXPECT_EQ(Name("Omar bin Laden").tokens, std::vector<std::string>{"omar"});
  EXPECT_EQ(Name("Fatima daughter of Aslam").father_tokens, std::vector<std::string>{"aslam"});
  // A name that is nothing but a connector word is still a name.
  EXPECT_EQ(Name("Bin").tokens, std::vector<std::string>{"bin"});
  // Titles written in Arabic script go as the Latin ones do.
  EXPECT_EQ(Skeleton("حاجی محمد اکبر"), Skeleton("Haji Muhammad Akbar"));
  EXPECT_EQ(Skeleton("ملا عمر"), Skeleton("Mullah Omar"));
  EXPECT_EQ(Skeleton("حافظ سعید"), Skeleton("Hafiz Saeed"));
  EXPECT_TRUE(Name("حافظ").empty());
}

TEST_F(NameNormaliserTest, TokenOrderDoesNotChangeTheKey) {
  EXPECT_EQ(Name("AKBAR KHAN, MOHAMMAD").key, Name("Mohammad Akbar Khan").key);
  EXPECT_EQ(Name("Khan Muhammad").skeleton, Name("Mohd Khan").skeleton);
}

// Passport names read by a machine take digits for the letters they look like.
TEST_F(NameNormaliserTest, DigitsMisreadForLettersAreReadBack) {
  EXPECT_EQ(Name("HO5SEINI, MOHAMMAD").key, Name("Mohammad Hosseini").key);
  EXPECT_EQ(Name("AHMADZA1 ABDUL WALI").key, Name("Abdul Wali Ahmadzai").key);
  EXPECT_EQ(Name("AHMAD2AI FATIMA").key, Name("Fatima Ahmadzai").key);
  EXPECT_EQ(Name("M0HAMMAD RE8WAR").key, Name("Mohammad Rebwar").key);
  EXPECT_EQ(Name("NAQI8ULLAH").key, Name("Naqibullah").key);
  EXPECT_EQ(Name("6UL").key, Name("Gul").key);
  // A number standing alone is not a misread letter.
  EXPECT_EQ(Name("Akbar 2").tokens, (std::vector<std::string>{"akbar", "2"}));
}

TEST_F(NameNormaliserTest, AbdNamesJoin) {
  const std::string expected = Name("Abdul Rahman").key;
  EXPECT_EQ(expected, "abdrahman");
  EXPECT_EQ(Name("Abd al-Rahman").key, expected);
  EXPECT_EQ(Name("Abdurrahman").key, expected);
}

// Compounds of Allah and of al-Din, joined, split, hyphenated, with the article in any
// spelling or dropped, and in Arabic script: one key per Latin name, one skeleton with the
// script's, and the stem a token of its own.
TEST_F(NameNormaliserTest, CompoundNamesMeetInEveryWriting) {
  const std::vector<std::vector<const char*>> latin = {
      {"Noorullah Ahmadzai", "Noor Ullah Ahmadzai", "Noorulla Ahmadzai", "Ahmadzai, Noor-Ullah"},
      {"Ziauddin", "Zia ud Din", "Zia-ud-Deen", "Zia Uddin", "Zia al-Din", "Zia Udin"},
      {"Mohammad Uddin", "Mohammad Ud Din", "Uddin, Mohammad", "Mohammad Udin"},
      {"Ruhollah", "Ruh Ollah", "Ruhullah"},
      {"Imamuddin", "Imam Din"}};
  for (const auto& writings : latin) {
    const std::string expected = Name(writings.front()).key;
    for (const char* raw : writings) EXPECT_EQ(Name(raw).key, expected) << raw;
  }
  EXPECT_EQ(Name("Ziauddin").tokens, (std::vector<std::string>{"zia", "uddin"}));
  EXPECT_EQ(Name("Noor Ullah").tokens, (std::vector<std::string>{"noor", "ullah"}));
  const std::pair<const char*, const char*> scripts[] = {{"نورالله", "Noorullah"},
                                                         {"رحمت‌الله", "Rahmat Ullah"},
                                                         {"صلاح الدين", "Salahuddin"},
                                                         {"صلاح‌الدین", "Salah ud-Din"}};
  for (const auto& [native, written] : scripts) {
    EXPECT_EQ(Skeleton(native), Skeleton(written)) << native << " vs " << written;
  }
  // A first "Din" is a name of its own; a compound's ending alone stays a word; a stem under
  // three letters is none ("Mulla" is a title, dropped); Abdullah is the Abd- family's.
  EXPECT_EQ(Name("Din Mohammad").tokens, (std::vector<std::string>{"din", "mohammad"}));
  EXPECT_EQ(Name("Ullah").tokens, std::vector<std::string>{"ullah"});
  EXPECT_EQ(Name("Aladdin").tokens, std::vector<std::string>{"aladdin"});
  EXPECT_EQ(Name("Abdullah").tokens.size(), 1u);
  EXPECT_EQ(Skeleton("Abdullah"), Skeleton("Abdulla"));
  EXPECT_EQ(Name("Noorullah Khan s/o Ziauddin").father_tokens,
            (std::vector<std::string>{"zia", "uddin"}));
}

TEST(Phones, LocalFormatsReachOneE164) {
  const std::uint64_t expected = 923001234567;
  for (const char* raw : {"0300-1234567", "+92 300 1234567", "0092 300 1234567", "923001234567",
                          "+۹۲۳۰۰۱۲۳۴۵۶۷", "(0300) 123 4567"}) {
    EXPECT_EQ(NormalisePhone(raw, "PK").e164, expected) << raw;
  }
  // Iranian and Afghan numbers with their own region, or with their code against another.
  EXPECT_EQ(NormalisePhone("0912 345 6789", "IR").e164, 989123456789u);
  EXPECT_EQ(NormalisePhone("0093 70 123 4567", "PK").e164, 93701234567u);
  EXPECT_EQ(FormatE164(923001234567), "+923001234567");
}

TEST(Phones, CanonicalTextParsesLikeTheRawText) {
  // National, international and punctuated forms, valid and not, in the trunk-zero regions.
  const std::pair<const char*, const char*> numbers[] = {
      {"PK", "0300-1234567"},     {"PK", "042 3576 1234"},  {"PK", "0300 12"},
      {"AF", "070 123 4567"},     {"IR", "0912 345 6789"},  {"IQ", "0790 123 4567"},
      {"BD", "01712-345678"},     {"TR", "0532 123 45 67"}, {"IN", "098765 43210"},
      {"SY", "0944 567 890"},     {"DE", "030 1234567"},    {"FR", "01 23 45 67 89"},
      {"GB", "020 7946 0958"},    {"GB", "07700 900123"},   {"PK", "0092 300 1234567"},
      {"IR", "+98 912 345 6789"}, {"GR", "0210 1234567"},   {"IT", "06 1234 5678"}};
  for (const auto& [region, raw] : numbers) {
    EXPECT_EQ(NormalisePhone(CanonicalPhoneText(raw, region), region).e164,
              NormalisePhone(raw, region).e164)
        << region << " " << raw;
  }
  EXPECT_EQ(CanonicalPhoneText("0300-1234567", "PK"), "+923001234567");
  EXPECT_EQ(CanonicalPhoneText("06 1234 5678", "IT"), "0612345678");  // Italy keeps its 0
}

TEST(Phones, FastPathAgreesWithLibphonenumber) {
  // Random international numbers in the trunk-zero countries, valid and not: the direct
  // construction must give exactly what a full Parse, IsValidNumber and Format give.
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::mt19937_64 rng(17);
  int valid = 0;
  for (const char* calling :
       {"92", "93", "98", "964", "880", "90", "91", "963", "49", "33", "44"}) {
    for (int i = 0; i < 2000; ++i) {
      std::string text = std::string("+") + calling;
      const int length = 7 + static_cast<int>(rng() % 6);
      for (int d = 0; d < length; ++d) text.push_back(static_cast<char>('0' + rng() % 10));
      PhoneNumber number;
      std::string expected;
      if (util.Parse(text, "ZZ", &number) == PhoneNumberUtil::NO_PARSING_ERROR &&
          util.IsValidNumber(number)) {
        util.Format(number, PhoneNumberUtil::E164, &expected);
        ++valid;
      }
      EXPECT_EQ(FormatE164(NormalisePhone(text, "ZZ").e164), expected) << text;
    }
  }
  EXPECT_GT(valid, 1000);  // the comparison covered valid numbers, not only rejects
}

TEST(Phones, InvalidNumbersGetNoKey) {
  for (const char* raw : {"", "12", "not a phone", "0000000000", "+92 123"}) {
    EXPECT_FALSE(NormalisePhone(raw, "PK").valid()) << raw;
  }
  EXPECT_FALSE(NormalisePhone("0300-1234567", "").valid());  // national number, no region
}

TEST(Dates, PartialAndRegionalFormats) {
  const auto check = [](const char* raw, int y, int m, int d) {
    const DateOfBirth date = ParseDateOfBirth(raw);
    EXPECT_EQ(date.year, y) << raw;
    EXPECT_EQ(date.month, m) << raw;
    EXPECT_EQ(date.day, d) << raw;
  };
  check("1987-03-14", 1987, 3, 14);
  check("19870314", 1987, 3, 14);
  check("14/03/1987", 1987, 3, 14);
  check("14.03.1987", 1987, 3, 14);
  check("1987-03", 1987, 3, 0);
  check("03/1987", 1987, 3, 0);
  check("1987", 1987, 0, 0);
  check("1987-13-40", 1987, 0, 0);  // keeps only what is certain
  check("1987-02-30", 1987, 2, 0);
  check("1987-03-14T00:00:00", 1987, 3, 14);
  check("24-Jul-1976", 1976, 7, 24);
  check("24 July 1976", 1976, 7, 24);
  check("Jul-1976", 1976, 7, 0);
  check("garbage", 0, 0, 0);
  check("", 0, 0, 0);
}

TEST(Identifiers, DocumentsAndEmails) {
  EXPECT_EQ(NormaliseDocument("54400-0000777-1"), "5440000007771");
  EXPECT_EQ(NormaliseDocument(" ab 123 456 "), "AB123456");
  EXPECT_EQ(NormaliseEmail(" Robert255@Smith.NET "), "robert255@smith.net");
  EXPECT_EQ(NormaliseEmail("no-at-sign"), "");
  EXPECT_EQ(NormaliseEmail("a@b@c"), "");
}

TEST(Addresses, ADwellingHasAPremiseNumber) {
  NameNormaliser normaliser;
  const auto dwelling = [&](std::string_view raw) {
    return NamesDwelling(normaliser.NormaliseText(raw));
  };
  EXPECT_TRUE(dwelling("House 23, Street 5, Sector G-9, Islamabad"));
  EXPECT_TRUE(dwelling("H.No. 14-B, Mohalla Noorzai, Herat"));
  EXPECT_TRUE(dwelling("H No 7, Jinnah Road, Quetta"));
  EXPECT_TRUE(dwelling("H/No 14, Street 3, Rawalpindi"));
  EXPECT_TRUE(dwelling("House No. B-12, Block 13-D, Karachi"));
  EXPECT_TRUE(dwelling("Plot C-17, Gulshan-e-Iqbal"));
  EXPECT_TRUE(dwelling("Flat 4b, Al-Noor Tower, Karachi"));
  EXPECT_TRUE(dwelling("Plot no 12, Industrial Area"));
  EXPECT_TRUE(dwelling("12 Baker Street, London"));
  EXPECT_TRUE(dwelling("9/2 Kingston Road"));
  EXPECT_FALSE(dwelling("Mohalla Noorzai, Street 33, Herat"));
  EXPECT_FALSE(dwelling("Street no 4, Satellite Town, Quetta"));
  EXPECT_FALSE(dwelling("Sector G-9, Islamabad"));
  EXPECT_FALSE(dwelling("Street 12, Sector H-9, Islamabad"));
  EXPECT_FALSE(dwelling("Main Bazaar, Chaman"));
  EXPECT_FALSE(dwelling("H # 7, Kabul"));  // folds to "h 7", as the sector "H-7" does
  EXPECT_FALSE(dwelling("5th Road, Satellite Town, Rawalpindi"));
  EXPECT_FALSE(dwelling("Shop 12, Main Bazaar, Chaman"));
  EXPECT_FALSE(dwelling("House no"));
  EXPECT_FALSE(dwelling("House, Kabul"));
  EXPECT_FALSE(dwelling(""));
}

TEST(Similarity, JaroWinklerKnownValues) {
  // Values from Winkler's 1990 paper (table 2) and the common textbook pairs.
  EXPECT_NEAR(JaroWinkler("martha", "marhta"), 0.961, 0.001);
  EXPECT_NEAR(JaroWinkler("dwayne", "duane"), 0.840, 0.001);
  EXPECT_NEAR(JaroWinkler("dixon", "dicksonx"), 0.813, 0.001);
  EXPECT_DOUBLE_EQ(JaroWinkler("same", "same"), 1.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("abc", "xyz"), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("", ""), 0.0);
  EXPECT_DOUBLE_EQ(JaroWinkler("ab", "ba"), JaroWinkler("ba", "ab"));
}

// Jaro-Winkler as the textbook writes it (a flag per character, a scan of each window), to
// hold the bit-mask version to: every result must be the same double, not merely close.
double TextbookJaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > b.size()) std::swap(a, b);
  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
  std::vector<bool> a_flag(a.size()), b_flag(b.size());
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    for (std::size_t j = i > window ? i - window : 0; j < std::min(i + window + 1, b.size()); ++j) {
      if (!b_flag[j] && a[i] == b[j]) {
        a_flag[i] = b_flag[j] = true;
        ++matches;
        break;
      }
    }
  }
  if (matches == 0) return 0.0;
  std::string common_a, common_b;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a_flag[i]) common_a += a[i];
  }
  for (std::size_t j = 0; j < b.size(); ++j) {
    if (b_flag[j]) common_b += b[j];
  }
  std::size_t transpositions = 0;
  for (std::size_t k = 0; k < common_a.size(); ++k) transpositions += common_a[k] != common_b[k];
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

TEST(Similarity, JaroWinklerMatchesTheTextbookAtEveryLength) {
  // Few letters, so strings share many characters and windows fill up; lengths on both sides
  // of 64, where the bit masks give way to flags; bytes above 127 (as UTF-8 brings them) and
  // NUL.
  std::mt19937 random(7);
  const std::string alphabet = std::string("abcd\xd9\x85\xff") + '\0';
  const auto make = [&](std::size_t length) {
    std::string text;
    for (std::size_t i = 0; i < length; ++i) text += alphabet[random() % alphabet.size()];
    return text;
  };
  std::size_t compared = 0;
  for (std::size_t length_a = 1; length_a <= 70; ++length_a) {
    for (const std::size_t length_b : {length_a, length_a + 1, length_a + 3, std::size_t{64},
                                       std::size_t{65}, length_a / 2 + 1}) {
      for (int trial = 0; trial < 6; ++trial) {
        const std::string a = make(length_a), b = make(length_b);
        ASSERT_EQ(JaroWinkler(a, b), TextbookJaroWinkler(a, b)) << a << " / " << b;
        ASSERT_EQ(JaroWinkler(b, a), TextbookJaroWinkler(a, b)) << b << " / " << a;
        ++compared;
      }
    }
  }
  EXPECT_EQ(compared, 70u * 6 * 6);
}

TEST(Similarity, BoundedEditDistance) {
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 5), 3u);
  EXPECT_EQ(BoundedEditDistance("kitten", "sitting", 1), 2u);  // capped at limit + 1
  EXPECT_EQ(BoundedEditDistance("1804974", "1804947", 2), 2u);
  EXPECT_EQ(BoundedEditDistance("abc", "abc", 0), 0u);
  EXPECT_EQ(BoundedEditDistance("", "abcd", 2), 3u);
}

TEST(Similarity, TokenSetIsOrderFree) {
  const std::vector<std::string_view> a = {"muhammad", "khan"}, b = {"khan", "muhammad"};
  EXPECT_DOUBLE_EQ(TokenSetSimilarity(a, b), 1.0);
  EXPECT_DOUBLE_EQ(TokenSetSimilarity(a, {}), 0.0);
  EXPECT_LT(TokenSetSimilarity(a, {"gul", "zaman"}), 0.7);
}

}  // namespace
}  // namespace corridor
