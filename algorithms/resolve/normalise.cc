#include "algorithms/resolve/normalise.h"

#include <phonenumbers/phonenumber.pb.h>
#include <phonenumbers/phonenumberutil.h>
#include <unicode/translit.h>
#include <unicode/unistr.h>
#include <unicode/utypes.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <optional>
#include <string>

#include "algorithms/gazetteer.h"
#include "algorithms/resolve/phone_validity.h"
#include "engine/errors.h"

namespace corridor {
namespace {

// Letters Any-Latin misses or renders inconsistently go first; short-vowel marks are dropped
// because most Arabic-script sources do not write them, and a name must transliterate the
// same whether its writer added them or not. Ain becomes "a" so علی meets Ali.
constexpr const char16_t* kNameRules =
    u":: NFKC ;\n"
    u":: Lower ;\n"
    u"[\u200C\u200D\u0640\u0621] > ;\n"
    u"[\u064B-\u065F\u0670] > ;\n"
    u"[\u06C1\u06BE\u06C2\u0629\u06C3] > h ;\n"
    u"[\u06D2\u06D3] > e ;\n"
    u"\u06BA > n ;\n"
    u"\u0679 > t ;\n"
    u"\u0688 > d ;\n"
    u"\u0691 > r ;\n"
    u"\u069A > sh ;\n"
    u"\u0681 > z ;\n"
    u"\u0685 > s ;\n"
    u"[\u0696\u0698] > zh ;\n"
    u"[\u06CC\u064A\u0649\u0626] > y ;\n"
    u"[\u06A9\u0643] > k ;\n"
    u"\u06AF > g ;\n"
    u"\u067E > p ;\n"
    u"\u0686 > ch ;\n"
    u"\u0639 > a ;\n"
    u"[\u0622\u0623\u0625\u0627\u0671] > a ;\n"
    u"\u0624 > w ;\n"
    u"[\u0660\u06F0] > 0 ; [\u0661\u06F1] > 1 ; [\u0662\u06F2] > 2 ; [\u0663\u06F3] > 3 ;\n"
    u"[\u0664\u06F4] > 4 ; [\u0665\u06F5] > 5 ; [\u0666\u06F6] > 6 ; [\u0667\u06F7] > 7 ;\n"
    u"[\u0668\u06F8] > 8 ; [\u0669\u06F9] > 9 ;\n"
    u":: Any-Latin ;\n"
    u":: Latin-ASCII ;\n"
    u":: Lower ;\n"
    u"[\\u0027\\u02BB\\u02BC\\u02BF\\u02BE\\u2018\\u2019`] > ;\n"
    u"[^a-z0-9/] > \\u0020 ;\n";

bool IsAsciiLetterOrDigit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// ASCII input needs no ICU: this is most Latin-script data, and ICU costs ~10 us a call.
std::string FoldAscii(std::string_view raw) {
  std::string out;
  out.reserve(raw.size());
  for (const char c : raw) {
    const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    if (lower == '\'' || lower == '`') continue;
    out.push_back(IsAsciiLetterOrDigit(lower) || lower == '/' ? lower : ' ');
  }
  return out;
}

std::vector<std::string> SplitWords(std::string_view text) {
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < text.size()) {
    while (i < text.size() && text[i] == ' ') ++i;
    std::size_t j = i;
    while (j < text.size() && text[j] != ' ') ++j;
    if (j > i) words.emplace_back(text.substr(i, j - i));
    i = j;
  }
  return words;
}

std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const std::string& word : words) {
    if (!out.empty()) out.push_back(' ');
    out += word;
  }
  return out;
}

template <std::size_t N>
bool OneOf(std::string_view word, const std::array<std::string_view, N>& list) {
  return std::find(list.begin(), list.end(), word) != list.end();
}

// Titles that say nothing about who a person is. Words that are titles in one place and names
// in another (Syed, Sardar, Mian, Chaudhry, Begum) are kept: dropping a real name costs more.
// The last seven are the titles as Arabic script writes them, transliterated: حاجی, ملا, شیخ,
// حافظ, قاری, مولوی, مولانا.
constexpr std::array<std::string_view, 39> kHonorifics = {
    "mr",    "mrs",    "ms",    "miss",   "dr",      "haji",    "hajji",  "hadji",
    "alhaj", "alhajj", "hajj",  "sheikh", "shaikh",  "sheik",   "shaykh", "janab",
    "sahib", "sahab",  "saheb", "mullah", "mulla",   "maulana", "molvi",  "maulvi",
    "hafiz", "qari",   "prof",  "eng",    "marhoom", "late",    "mst",    "mosammat",
    "hajy",  "mla",    "shykh", "hafz",   "qary",    "mwlwy",   "mwlana"};
// A connector starts the father's (or husband's) name.
constexpr std::array<std::string_view, 12> kConnectors = {
    "s/o", "d/o", "w/o", "bin", "ibn", "bint", "binti", "bn", "walad", "wald", "wd", "wld"};
constexpr std::array<std::string_view, 4> kMuhammadAbbreviations = {"md", "mohd", "muhd", "mhd"};
constexpr std::array<std::string_view, 7> kAbdPrefixes = {"abdul", "abdel", "abdal", "abdur",
                                                          "abdus", "abdu",  "abd"};

// "Abdul Rahman", "Abd al-Rahman", "Abdurrahman" and عبدالرحمن are one name written four
// ways: join the Abd- family into "abd" + the rest, dropping the article's letters.
void JoinAbdNames(std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    std::string word = words[i];
    if (OneOf(word, kAbdPrefixes) && i + 1 < words.size()) {
      std::size_t next = i + 1;
      if ((words[next] == "al" || words[next] == "el" || words[next] == "ul") &&
          next + 1 < words.size()) {
        ++next;
      }
      out.push_back("abd" + words[next]);
      i = next;
      continue;
    }
    for (const std::string_view prefix : {"abdul", "abdel", "abdal", "abdur", "abdus", "abdun"}) {
      // The article's letter is assimilated (abdu-r-rahman), so the prefix takes it.
      if (word.size() >= prefix.size() + 2 && word.starts_with(prefix)) {
        word = "abd" + word.substr(prefix.size());
        break;
      }
    }
    out.push_back(std::move(word));
  }
  words = std::move(out);
}

// Compounds of Allah and of al-Din (Noorullah, Ziauddin) are one name that Latin spellings
// write joined or split ("Noor Ullah", "Zia ud-Din", "Salah al-Din") and Arabic script writes
// joined (نورالله: "nwrallh"). Each ending's spellings, longest first so that a token is cut
// at its whole ending; every one is rewritten to the canonical spelling.
constexpr std::string_view kAllahCanonical = "ullah";
constexpr std::string_view kDinCanonical = "uddin";
constexpr std::array<std::string_view, 8> kAllahEndings = {"ullah", "ollah", "allah", "ullh",
                                                           "allh",  "ulla",  "olla",  "ulah"};
constexpr std::array<std::string_view, 10> kDinEndings = {
    "uddeen", "aldeen", "uddin", "uddyn", "eddin", "addin", "aldin", "aldyn", "udeen", "udin"};
// "Din" after a name is the compound with its article unwritten (Imam Din, Salah al-Din once
// the article is dropped); the article may also stand as a word of its own (Zia ud Din).
constexpr std::array<std::string_view, 3> kDinWords = {"din", "deen", "dyn"};
constexpr std::array<std::string_view, 3> kDinArticles = {"ud", "ad", "ed"};
// A shorter stem is no name ("Mulla" is a title, "Aladdin" a name of its own).
constexpr std::size_t kMinCompoundStem = 3;

// The stem of a token that ends in one of `endings`, or empty. Abd- names are the Abd-
// family's (JoinAbdNames), Abdullah among them.
template <std::size_t N>
std::string_view CompoundStem(std::string_view token,
                              const std::array<std::string_view, N>& endings) {
  if (token.starts_with("abd")) return {};
  for (const std::string_view ending : endings) {
    if (token.size() >= ending.size() + kMinCompoundStem && token.ends_with(ending)) {
      return token.substr(0, token.size() - ending.size());
    }
  }
  return {};
}

// Writes a compound as its stem and its ending, the ending spelt one way: "noor ullah",
// "noorulla" and "nwrallh" are the stem and "ullah"; "zia ud din", "ziauddin" and "zia aldyn"
// the stem and "uddin". Split rather than joined, so that the stems are what token-by-token
// comparison weighs: joined, "kamaluddin" and "jamaluddin" are as close as spelling variants
// (Jaro-Winkler 0.93), and a family name written first ("Uddin, Mohammad") stays in any order.
void SplitCompoundNames(std::vector<std::string>& words) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = words[i];
    if (OneOf(word, kDinArticles) && i + 1 < words.size() && OneOf(words[i + 1], kDinWords)) {
      out.emplace_back(kDinCanonical);
      ++i;
    } else if (OneOf(word, kDinEndings) || (OneOf(word, kDinWords) && !out.empty())) {
      out.emplace_back(kDinCanonical);  // a first "Din" is a name of its own (Din Mohammad)
    } else if (OneOf(word, kAllahEndings)) {
      out.emplace_back(kAllahCanonical);
    } else if (const std::string_view stem = CompoundStem(word, kAllahEndings); !stem.empty()) {
      out.emplace_back(stem);
      out.emplace_back(kAllahCanonical);
    } else if (const std::string_view din_stem = CompoundStem(word, kDinEndings);
               !din_stem.empty()) {
      out.emplace_back(din_stem);
      out.emplace_back(kDinCanonical);
    } else {
      out.emplace_back(word);
    }
  }
  words = std::move(out);
}

bool IsVowel(char c) { return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u'; }

// Mahmud (محمود) is Muhammad (محمد) with a long u before the last letter, and the skeleton
// drops long vowels with the short ones, so the two commonest names of the region would
// share "mhmd". Mahmud's spellings put no vowel between h and m and a u before the d
// (Mahmood, Mahmud, Mahmoud, Mehmood, the script's "mhmwd"); Muhammad's never have that u
// (Mohammed, Muhamad, "mhmd"), nor does the Somali Mohamud, which has a vowel after the h.
// Bengali script comes out with its inherent vowels written ("mahamuda" for মাহমুদ): a token
// ending in "da" is read without that final a and without an a after the h.
bool IsMahmud(std::string_view written) {
  std::string bengali;
  if (written.size() > 6 && written.ends_with("da")) {
    bengali = written.substr(0, written.size() - 1);
    const std::size_t h = bengali.find('h');
    if (h != std::string::npos && h + 1 < bengali.size() && bengali[h + 1] == 'a') {
      bengali.erase(h + 1, 1);
    }
  }
  const std::string_view token = bengali.empty() ? written : std::string_view(bengali);
  std::size_t at = 1;
  if (token.size() < 5 || token[0] != 'm') return false;
  if (IsVowel(token[at])) ++at;
  if (token.compare(at, 2, "hm") != 0) return false;
  const std::string_view vowel = token.substr(at + 2, token.size() - at - 3);
  return token.back() == 'd' &&
         (vowel == "oo" || vowel == "ou" || vowel == "u" || vowel == "o" || vowel == "w");
}

}  // namespace

std::string NameSkeleton(std::string_view token) {
  if (token.empty()) return {};
  if (IsMahmud(token)) return "mhmwd";
  std::string folded;
  folded.reserve(token.size());
  for (std::size_t i = 0; i < token.size(); ++i) {
    const char c = token[i];
    const char next = i + 1 < token.size() ? token[i + 1] : '\0';
    if (c == 'p' && next == 'h') {
      folded.push_back('f');
      ++i;
    } else if (c == 'c' && next == 'k') {
      folded.push_back('k');
      ++i;
    } else if (c == 'q' || c == 'c') {
      folded.push_back('k');
    } else if (c == 'x') {
      folded += "ks";
    } else {
      folded.push_back(c);
    }
  }
  std::string skeleton;
  const char first = folded[0];
  if (IsVowel(first)) {
    skeleton.push_back('a');  // Ahmed, Ehmad, احمد: the opening vowel is a, whatever written
  } else if (first == 'w') {
    skeleton.push_back('v');  // Wahid, Vahid, وحید
  } else {
    skeleton.push_back(first);
  }
  for (std::size_t i = 1; i < folded.size(); ++i) {
    const char c = folded[i];
    // Vowels and the half-vowels w and y are what scripts and transliterators disagree on.
    if (IsVowel(c) || c == 'y' || c == 'w') continue;
    // An h after a stop or a sibilant marks aspiration or a digraph (kh, sh, bh, th): a
    // spelling choice. After m, n, l, r it is a letter of its own (Arabic ha in mhmd, rhmn).
    if (c == 'h' && std::string_view("bdgjkpstz").find(folded[i - 1]) != std::string_view::npos) {
      continue;
    }
    if (c == 'h' && i + 1 == folded.size()) continue;  // Fatimah, Fatima, فاطمه
    if (skeleton.back() == c) continue;                // Muhammad, Muhamad
    skeleton.push_back(c);
  }
  if (skeleton.size() > 1 && skeleton.back() == 'h') skeleton.pop_back();
  return skeleton;
}

bool SkeletonSubset(std::string_view a, std::string_view b) {
  thread_local std::vector<std::string_view> tokens_a, tokens_b;
  const auto split = [](std::string_view text, std::vector<std::string_view>& out) {
    out.clear();
    for (std::size_t i = 0; i < text.size();) {
      const std::size_t j = std::min(text.find(' ', i), text.size());
      if (j > i) out.push_back(text.substr(i, j - i));
      i = j + 1;
    }
  };
  split(a, tokens_a);
  split(b, tokens_b);
  const auto& shorter = tokens_a.size() <= tokens_b.size() ? tokens_a : tokens_b;
  const auto& longer = tokens_a.size() <= tokens_b.size() ? tokens_b : tokens_a;
  return std::all_of(shorter.begin(), shorter.end(), [&](std::string_view token) {
    return std::find(longer.begin(), longer.end(), token) != longer.end();
  });
}

bool DistinctNames(std::string_view a, std::string_view b) {
  // Both names open with m; anything else is told without building a skeleton, which name
  // scoring would otherwise do for every pair of tokens it weighs.
  if (!a.starts_with('m') || !b.starts_with('m')) return false;
  const auto mahmud_and_muhammad = [](std::string_view x, std::string_view y) {
    return IsMahmud(x) && NameSkeleton(y) == "mhmd";
  };
  return mahmud_and_muhammad(a, b) || mahmud_and_muhammad(b, a);
}

std::string PhoneticKey(std::string_view skeleton) {
  std::string key;
  for (char c : skeleton) {
    switch (c) {
      case 'z':
      case 'j':
        c = 's';
        break;
      case 'g':
        c = 'k';
        break;
      case 'v':
        c = 'f';
        break;
      case 'p':
        c = 'b';
        break;
      case 't':
        c = 'd';
        break;
      default:
        break;
    }
    if (key.empty() || key.back() != c) key.push_back(c);
  }
  return key;
}

struct NameNormaliser::Impl {
  std::unique_ptr<icu::Transliterator> transliterator;
};

NameNormaliser::NameNormaliser() : impl_(std::make_unique<Impl>()) {
  UParseError parse_error{};
  UErrorCode status = U_ZERO_ERROR;
  impl_->transliterator.reset(icu::Transliterator::createFromRules(
      "corridor-names", icu::UnicodeString(kNameRules), UTRANS_FORWARD, parse_error, status));
  if (U_FAILURE(status) || !impl_->transliterator) {
    throw InternalError(std::string("name transliterator rules do not compile: ") +
                        u_errorName(status) + " at rule line " + std::to_string(parse_error.line) +
                        " offset " + std::to_string(parse_error.offset));
  }
}

NameNormaliser::NameNormaliser(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
NameNormaliser::~NameNormaliser() = default;
NameNormaliser::NameNormaliser(NameNormaliser&&) noexcept = default;
NameNormaliser& NameNormaliser::operator=(NameNormaliser&&) noexcept = default;

NameNormaliser NameNormaliser::Clone() const {
  auto impl = std::make_unique<Impl>();
  impl->transliterator.reset(impl_->transliterator->clone());
  return NameNormaliser(std::move(impl));
}

namespace {

// Arabic script writes ث, ذ and ض for sounds that Persian, Dari, Pashto and Urdu say s, z and
// z, and names from there are spelt that way in Latin letters (Usman, Zabihullah, Raza), while
// Any-Latin reads them as Arabic does (th, dh, d). Text with a letter only Arabic spelling
// uses (ي, ك, ة) keeps the Arabic reading. The letters are two-byte UTF-8 sequences led by
// 0xD8 or 0xD9, bytes no continuation byte can be, so the text is scanned byte by byte.
std::string WithPersianReading(std::string_view raw) {
  const auto pair_at = [&](std::size_t i, unsigned char lead, unsigned char second) {
    return static_cast<unsigned char>(raw[i]) == lead &&
           static_cast<unsigned char>(raw[i + 1]) == second;
  };
  bool arabic_only = false, read_otherwise = false;
  for (std::size_t i = 0; i + 1 < raw.size(); ++i) {
    arabic_only =
        arabic_only || pair_at(i, 0xD9, 0x8A) || pair_at(i, 0xD9, 0x83) || pair_at(i, 0xD8, 0xA9);
    read_otherwise = read_otherwise || pair_at(i, 0xD8, 0xAB) || pair_at(i, 0xD8, 0xB0) ||
                     pair_at(i, 0xD8, 0xB6);
  }
  std::string text(raw);
  if (arabic_only || !read_otherwise) return text;
  for (std::size_t i = 0; i + 1 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) != 0xD8) continue;
    unsigned char& second = reinterpret_cast<unsigned char&>(text[i + 1]);
    if (second == 0xAB) second = 0xB3;                    // ث as س
    if (second == 0xB0 || second == 0xB6) second = 0xB2;  // ذ, ض as ز
  }
  return text;
}

// A name a machine read off a passport comes back with letters taken for the digits they look
// like ("HO5SEINI", "AHMADZA1", "M0HAMMAD"). In a word that has a letter, such digits are read
// back as their letters; a word of digits alone is left as it is.
void ReadDigitsAsLetters(std::string& word) {
  const auto letter = [](char c) { return c >= 'a' && c <= 'z'; };
  if (std::none_of(word.begin(), word.end(), letter)) return;
  for (char& c : word) {
    switch (c) {
      case '0':
        c = 'o';
        break;
      case '1':
        c = 'i';
        break;
      case '2':
        c = 'z';
        break;
      case '5':
        c = 's';
        break;
      case '6':
        c = 'g';
        break;
      case '8':
        c = 'b';
        break;
      default:
        break;
    }
  }
}

}  // namespace

std::string NameNormaliser::ToAscii(std::string_view raw) {
  const bool ascii = std::all_of(raw.begin(), raw.end(),
                                 [](char c) { return static_cast<unsigned char>(c) < 0x80; });
  std::string folded;
  if (ascii) {
    folded = FoldAscii(raw);
  } else {
    const std::string read = WithPersianReading(raw);
    icu::UnicodeString text = icu::UnicodeString::fromUTF8(
        icu::StringPiece(read.data(), static_cast<std::int32_t>(read.size())));
    impl_->transliterator->transliterate(text);
    std::string utf8;
    text.toUTF8String(utf8);
    // Whatever the rules could not reach (a script ICU has no Latin for) is dropped here.
    folded = FoldAscii(utf8);
    folded.erase(std::remove_if(folded.begin(), folded.end(),
                                [](char c) { return static_cast<unsigned char>(c) >= 0x80; }),
                 folded.end());
  }
  return JoinWords(SplitWords(folded));
}

NormalisedName NameNormaliser::Normalise(std::string_view raw) {
  std::string ascii = ToAscii(raw);
  // "s / o" and "s.o." are written too: glue them back into the connector.
  for (const std::string_view spaced : {"s / o", "d / o", "w / o", "s o ", "d o "}) {
    for (std::size_t at = ascii.find(spaced); at != std::string::npos; at = ascii.find(spaced)) {
      if (at > 0 && ascii[at - 1] != ' ') break;
      std::string glued = {spaced[0], '/', 'o'};
      if (spaced.back() == ' ') glued.push_back(' ');
      ascii.replace(at, spaced.size(), glued);
    }
  }
  std::vector<std::string> words;
  for (std::string& word : SplitWords(ascii)) {
    if (word.find('/') != std::string::npos && !OneOf(word, kConnectors)) {
      for (char& c : word) {
        if (c == '/') c = ' ';
      }
      for (std::string& part : SplitWords(word)) words.push_back(std::move(part));
    } else {
      words.push_back(std::move(word));
    }
  }
  bool father = false;
  std::vector<std::string> own;
  std::vector<std::string> parent;
  for (std::string& word : words) {
    ReadDigitsAsLetters(word);
    if (OneOf(word, kConnectors) || (word == "son" || word == "daughter" || word == "wife")) {
      // "son of" needs its "of" skipped; a name that is only a connector stays a name.
      father = !own.empty();
      if (father) continue;
    }
    if (word == "of" && father && parent.empty()) continue;
    if (OneOf(word, kHonorifics)) continue;
    if (word == "al" || word == "el") continue;  // the article, written or not
    if (OneOf(word, kMuhammadAbbreviations)) word = "muhammad";
    (father ? parent : own).push_back(std::move(word));
  }
  JoinAbdNames(own);
  JoinAbdNames(parent);
  SplitCompoundNames(own);
  SplitCompoundNames(parent);
  NormalisedName name = NameFromTokens(std::move(own));
  name.father_tokens = std::move(parent);
  return name;
}

NormalisedName NameFromTokens(std::vector<std::string> tokens) {
  NormalisedName name;
  name.tokens = std::move(tokens);
  std::vector<std::string> sorted = name.tokens;
  std::sort(sorted.begin(), sorted.end());
  name.key = JoinWords(sorted);
  std::vector<std::string> skeletons, phonetics;
  for (const std::string& token : name.tokens) skeletons.push_back(NameSkeleton(token));
  for (const std::string& skeleton : skeletons) phonetics.push_back(PhoneticKey(skeleton));
  std::sort(skeletons.begin(), skeletons.end());
  std::sort(phonetics.begin(), phonetics.end());
  name.skeleton = JoinWords(skeletons);
  name.phonetic = JoinWords(phonetics);
  return name;
}

namespace {

// Calling codes of the regions whose trunk prefix is a plain 0 (see CanonicalPhoneText).
constexpr std::pair<std::string_view, std::string_view> kTrunkZero[] = {
    {"PK", "92"}, {"AF", "93"},  {"IR", "98"}, {"IQ", "964"}, {"BD", "880"}, {"TR", "90"},
    {"IN", "91"}, {"SY", "963"}, {"DE", "49"}, {"FR", "33"},  {"GB", "44"}};

// "+" and digits in a trunk-zero country, national part not starting with 0: libphonenumber's
// Parse would find that country code and strip nothing, so the number is only validated,
// which skips Parse's regular expressions. Returns nullopt when the text is not of that shape,
// so the caller parses it in full.
std::optional<NormalisedPhone> FastInternational(std::string_view text) {
  if (text.size() < 9 || text.size() > 16 || text[0] != '+') return std::nullopt;
  for (std::size_t i = 1; i < text.size(); ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
  }
  for (const auto& [code, calling] : kTrunkZero) {
    if (text.compare(1, calling.size(), calling) != 0) continue;
    const std::string_view national = text.substr(1 + calling.size());
    if (national.empty() || national[0] == '0') return std::nullopt;
    int calling_code = 0;
    std::from_chars(calling.data(), calling.data() + calling.size(), calling_code);
    if (!PhoneValidity::Get().IsValid(calling_code, national)) return std::nullopt;
    std::uint64_t digits = 0;
    std::from_chars(text.data() + 1, text.data() + text.size(), digits);
    return NormalisedPhone{digits};
  }
  return std::nullopt;
}

}  // namespace

NormalisedPhone NormalisePhone(std::string_view raw, std::string_view region) {
  using i18n::phonenumbers::PhoneNumber;
  using i18n::phonenumbers::PhoneNumberUtil;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (const auto fast = FastInternational(CanonicalPhoneText(raw, region))) return *fast;
  std::string text(raw);
  // "0092 300 ..." is an international prefix written out; libphonenumber only reads it as one
  // for regions whose exit code is 00, so make it explicit.
  const std::size_t first = text.find_first_not_of(" \t");
  if (first != std::string::npos && text.compare(first, 2, "00") == 0) {
    text.replace(first, 2, "+");
  }
  PhoneNumber number;
  const std::string region_code(region.empty() ? "ZZ" : region);
  const auto valid = [&util](const PhoneNumber& parsed) {
    std::string national;
    util.GetNationalSignificantNumber(parsed, &national);
    return PhoneValidity::Get().IsValid(parsed.country_code(), national);
  };
  if (util.Parse(text, region_code, &number) != PhoneNumberUtil::NO_PARSING_ERROR) return {};
  if (!valid(number)) {
    // Bare international digits without the plus ("923001234567") are common in CDRs.
    PhoneNumber with_plus;
    if (util.Parse("+" + text, "ZZ", &with_plus) != PhoneNumberUtil::NO_PARSING_ERROR ||
        !valid(with_plus)) {
      return {};
    }
    number = with_plus;
  }
  std::string e164;
  util.Format(number, PhoneNumberUtil::E164, &e164);
  std::uint64_t digits = 0;
  const auto [end, error] = std::from_chars(e164.data() + 1, e164.data() + e164.size(), digits);
  if (error != std::errc() || end != e164.data() + e164.size()) return {};
  return {digits};
}

std::string CanonicalPhoneText(std::string_view raw, std::string_view region) {
  std::string text;
  text.reserve(raw.size() + 3);
  for (const char c : raw) {
    if (c == ' ' || c == '-' || c == '(' || c == ')' || c == '.' || c == '/' || c == '\t') {
      continue;
    }
    text.push_back(c);
  }
  if (text.starts_with("00")) {
    text.replace(0, 2, "+");
  } else if (text.size() > 1 && text[0] == '0') {
    static constexpr std::pair<std::string_view, std::string_view> kTrunkZero[] = {
        {"PK", "92"}, {"AF", "93"},  {"IR", "98"}, {"IQ", "964"}, {"BD", "880"}, {"TR", "90"},
        {"IN", "91"}, {"SY", "963"}, {"DE", "49"}, {"FR", "33"},  {"GB", "44"}};
    for (const auto& [code, calling] : kTrunkZero) {
      if (code == region) {
        text.replace(0, 1, "+" + std::string(calling));
        break;
      }
    }
  }
  return text;
}

std::string FormatE164(std::uint64_t e164) { return e164 == 0 ? "" : "+" + std::to_string(e164); }

namespace {

// "Jul", "july", "JUL" -> 7: border posts write day-Mon-year.
int MonthFromName(std::string_view text) {
  static constexpr std::string_view kMonths[] = {"jan", "feb", "mar", "apr", "may", "jun",
                                                 "jul", "aug", "sep", "oct", "nov", "dec"};
  const bool letters = std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  });
  if (text.size() < 3 || !letters) return 0;
  char prefix[3];
  for (int i = 0; i < 3; ++i) {
    const char c = text[static_cast<std::size_t>(i)];
    prefix[i] = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  for (int m = 0; m < 12; ++m) {
    if (kMonths[m] == std::string_view(prefix, 3)) return m + 1;
  }
  return 0;
}

bool ReadNumber(std::string_view text, int& value) {
  if (text.empty()) return false;
  if (const int month = MonthFromName(text); month != 0) {
    value = month;
    return true;
  }
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc() && end == text.data() + text.size();
}

DateOfBirth MakeDate(int year, int month, int day) {
  DateOfBirth date;
  if (year < 1800 || year > 2200) return date;
  date.year = static_cast<std::uint16_t>(year);
  if (month < 1 || month > 12) return date;
  date.month = static_cast<std::uint8_t>(month);
  static constexpr std::array<int, 13> kDays = {0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  if (day < 1 || day > kDays[static_cast<std::size_t>(month)]) return date;
  date.day = static_cast<std::uint8_t>(day);
  return date;
}

}  // namespace

DateOfBirth ParseDateOfBirth(std::string_view raw) {
  while (!raw.empty() && raw.front() == ' ') raw.remove_prefix(1);
  while (!raw.empty() && raw.back() == ' ') raw.remove_suffix(1);
  // A time of day after the date says nothing about a birth date.
  if (const std::size_t t = raw.find('T'); t != std::string_view::npos && t >= 8) {
    raw = raw.substr(0, t);
  }
  std::string spaced(raw);  // "24 Jul 1976" is "24-Jul-1976"
  std::replace(spaced.begin(), spaced.end(), ' ', '-');
  raw = spaced;
  int year = 0, month = 0, day = 0, compact = 0;
  if (raw.size() == 8 && ReadNumber(raw, compact)) {
    ReadNumber(raw.substr(0, 4), year);
    ReadNumber(raw.substr(4, 2), month);
    ReadNumber(raw.substr(6, 2), day);
    return MakeDate(year, month, day);
  }
  if (raw.size() == 4 && ReadNumber(raw, year)) return MakeDate(year, 0, 0);
  std::array<std::string_view, 3> parts;
  std::size_t count = 0;
  std::size_t start = 0;
  for (std::size_t i = 0; i <= raw.size(); ++i) {
    if (i == raw.size() || raw[i] == '-' || raw[i] == '/' || raw[i] == '.') {
      if (count == parts.size()) return {};
      parts[count++] = raw.substr(start, i - start);
      start = i + 1;
    }
  }
  std::array<int, 3> values{};
  for (std::size_t i = 0; i < count; ++i) {
    if (!ReadNumber(parts[i], values[i])) return {};
  }
  if (count == 2 && parts[0].size() == 4) return MakeDate(values[0], values[1], 0);
  if (count == 2 && parts[1].size() == 4) return MakeDate(values[1], values[0], 0);
  if (count != 3) return {};
  if (parts[0].size() == 4) return MakeDate(values[0], values[1], values[2]);
  if (parts[2].size() == 4) return MakeDate(values[2], values[1], values[0]);
  return {};
}

bool NamesDwelling(std::string_view address) {
  // Homes, not workplaces: a shop or an office that many give as their address is a place of
  // business, and tying its customers would bring back what money services leave out.
  static constexpr std::array<std::string_view, 11> kPremiseWords = {
      "house", "flat",     "apartment", "apt",   "plot", "room",
      "unit",  "building", "bldg",      "villa", "makan"};
  const auto has_digit = [](std::string_view token) {
    return std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  // Tokens split at spaces and at the '/' the folding keeps ("h/no 14").
  std::vector<std::string_view> tokens;
  for (std::size_t at = 0; at < address.size();) {
    const std::size_t end = std::min(address.find_first_of(" /", at), address.size());
    if (end > at) tokens.push_back(address.substr(at, end - at));
    at = end + 1;
  }
  if (!tokens.empty()) {
    // A leading number is a house number ("12 baker street"); an ordinal is a street's name
    // ("5th road", "1st floor").
    const std::string_view first = tokens.front();
    const bool ordinal = first.size() > 2 && (first.ends_with("st") || first.ends_with("nd") ||
                                              first.ends_with("rd") || first.ends_with("th"));
    if (first.front() >= '0' && first.front() <= '9' && !ordinal) return true;
  }
  for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
    // "H.No. 14" is a house; a bare "H 9" is an Islamabad sector ("H-9"), as "G 9" is.
    const bool house_abbreviation = tokens[t] == "h";
    if (!house_abbreviation &&
        std::find(kPremiseWords.begin(), kPremiseWords.end(), tokens[t]) == kPremiseWords.end()) {
      continue;
    }
    std::size_t next = t + 1;
    if (tokens[next] == "no" || tokens[next] == "number") {
      ++next;
    } else if (house_abbreviation) {
      continue;
    }
    if (next >= tokens.size()) continue;
    // The number may carry a letter: "4b", "b4", and "B-12" folded to "b 12".
    if (has_digit(tokens[next])) return true;
    if (tokens[next].size() == 1 && next + 1 < tokens.size() && has_digit(tokens[next + 1])) {
      return true;
    }
  }
  return false;
}

std::string NormaliseDocument(std::string_view raw) {
  std::string out;
  for (const char c : raw) {
    if (c >= 'a' && c <= 'z') {
      out.push_back(static_cast<char>(c - 'a' + 'A'));
    } else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
      out.push_back(c);
    }
  }
  return out;
}

std::string NormaliseEmail(std::string_view raw) {
  while (!raw.empty() && (raw.front() == ' ' || raw.front() == '<')) raw.remove_prefix(1);
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '>')) raw.remove_suffix(1);
  const std::size_t at = raw.find('@');
  if (at == std::string_view::npos || at == 0 || at + 1 == raw.size() ||
      raw.find('@', at + 1) != std::string_view::npos) {
    return {};
  }
  std::string out(raw);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

PlaceMatcher::PlaceMatcher() {
  const auto places = Gazetteer();
  for (std::uint32_t i = 0; i < places.size(); ++i) {
    index_.try_emplace(normaliser_.ToAscii(places[i].name), i);
    for (const std::string_view variant : places[i].variants) {
      index_.try_emplace(normaliser_.ToAscii(variant), i);
    }
    index_.try_emplace(normaliser_.ToAscii(places[i].native), i);
  }
}

std::string PlaceMatcher::Key(std::string_view raw) {
  const std::string folded = normaliser_.ToAscii(raw);
  const auto it = index_.find(folded);
  if (it != index_.end()) return "gazetteer:" + std::to_string(it->second);
  return folded.empty() ? std::string() : "name:" + folded;
}

std::optional<std::uint32_t> PlaceMatcher::GazetteerEntry(std::string_view key) {
  constexpr std::string_view kPrefix = "gazetteer:";
  if (!key.starts_with(kPrefix)) return std::nullopt;
  std::uint32_t entry = 0;
  const std::string_view digits = key.substr(kPrefix.size());
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), entry);
  if (error != std::errc() || end != digits.data() + digits.size() || entry >= Gazetteer().size()) {
    return std::nullopt;
  }
  return entry;
}

std::string PlaceMatcher::Label(std::string_view key) {
  if (const auto entry = GazetteerEntry(key)) return std::string(Gazetteer()[*entry].name);
  constexpr std::string_view kName = "name:";
  if (key.starts_with(kName)) key.remove_prefix(kName.size());
  return std::string(key);
}

}  // namespace corridor
