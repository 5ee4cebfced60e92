#pragma once
// Normalisation of the values people are matched on: names in any script, phone numbers in
// any local format, partial and swapped dates, document numbers and emails.
//
// Names go through one ICU rule-based transliterator: NFKC and case folding; the
// Arabic-script letters ICU's Any-Latin leaves untouched (Urdu ہ ھ ے ں ٹ ڈ ڑ, Pashto ښ ځ څ ږ,
// ZWNJ) and the letter variants (ي/ی, ك/ک, ة/ه) mapped first; then Any-Latin and Latin-ASCII;
// anything still outside [a-z0-9] becomes a separator. Tokens are then cleaned of honorifics
// (Haji, Mr, Sheikh), abbreviations are expanded (Md., Mohd -> muhammad), the Abd-al- family
// is joined into one token, and a connector (s/o, d/o, bin, ibn) starts the father's name,
// which is kept apart rather than mixed into the person's own name.
//
// Each token gets a consonant skeleton, which is what lets Muhammad, Mohammed, Mohamad and
// محمد (transliterated "mhmd": Arabic script writes no short vowels) meet: vowels are dropped
// after the first letter, aspirated and paired spellings folded (kh, gh, sh, ph, th, bh ...),
// doubled letters collapsed and a final h dropped. A coarser phonetic key further merges
// letters that transliterations confuse (q/k, z/s, v/w ...).
//
// Phones use libphonenumber with the source's default region; only numbers it calls valid get
// an E.164 key, since Parse and Format succeed on garbage too.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace corridor {

struct NormalisedName {
  std::vector<std::string> tokens;         // the person's own name, in the order written
  std::vector<std::string> father_tokens;  // after s/o, d/o, bin, ibn ...
  std::string key;                         // own tokens sorted and joined with spaces
  std::string skeleton;                    // token skeletons, sorted, joined with spaces
  std::string phonetic;                    // token phonetic keys, sorted, joined

  bool empty() const { return tokens.empty(); }
};

// A name from normalised tokens, with its sorted key, skeleton and phonetic key.
NormalisedName NameFromTokens(std::vector<std::string> tokens);

// The consonant skeleton and the phonetic key of one normalised ASCII token.
std::string NameSkeleton(std::string_view token);
std::string PhoneticKey(std::string_view skeleton);

// Every token of the skeleton with fewer tokens is among the other's ("Wahid" within "Wahid
// Durrani"): a name written in part.
bool SkeletonSubset(std::string_view a, std::string_view b);

// Two normalised tokens that are two names though their letters are close: Mahmud and
// Muhammad (محمود, محمد), which differ in one long vowel. Similarity of letters must not make
// them spellings of one name.
bool DistinctNames(std::string_view a, std::string_view b);

// Not thread-safe (the ICU transliterator keeps state): one per thread, made by Clone().
class NameNormaliser {
 public:
  NameNormaliser();
  ~NameNormaliser();
  NameNormaliser(NameNormaliser&&) noexcept;
  NameNormaliser& operator=(NameNormaliser&&) noexcept;

  NameNormaliser Clone() const;

  // Lower-case ASCII letters, digits and single spaces; empty for a name with no letters.
  std::string ToAscii(std::string_view raw);
  NormalisedName Normalise(std::string_view raw);
  // Address or place text: the same ASCII folding, tokens kept as written, none removed.
  std::string NormaliseText(std::string_view raw) { return ToAscii(raw); }

 private:
  struct Impl;
  explicit NameNormaliser(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

struct NormalisedPhone {
  std::uint64_t e164 = 0;  // digits of the E.164 form as a number; 0 when not valid
  bool valid() const { return e164 != 0; }
};

// `region` is an ISO 3166 code ("PK"); a number with its own +CC or 00CC prefix overrides it.
// Thread-safe.
NormalisedPhone NormalisePhone(std::string_view raw, std::string_view region);
std::string FormatE164(std::uint64_t e164);

// The text a phone is cached by: punctuation dropped, a written-out 00 prefix made +, and, in
// regions whose trunk prefix is a plain 0 (Pakistan, Afghanistan, Iran, Iraq, Bangladesh,
// Turkey, India, Syria, Germany, France, the UK), a national 0 replaced by +CC, so the local
// and the international way of writing one number cost one libphonenumber parse, not two.
// NormalisePhone gives the same answer for the canonical text as for the raw one (tested).
std::string CanonicalPhoneText(std::string_view raw, std::string_view region);

// A date of birth known to some precision. Swapped day and month are not corrected here
// (which of 03/04 is the day is unknowable from one value); comparison detects them.
struct DateOfBirth {
  std::uint16_t year = 0;  // 0: unknown
  std::uint8_t month = 0;  // 0: not known
  std::uint8_t day = 0;    // 0: not known
  bool known() const { return year != 0; }
};

// ISO (1987-03-14, 1987-03, 1987), compact (19870314), and day-first dd/mm/yyyy, dd.mm.yyyy,
// dd-mm-yyyy. An impossible date keeps what is certain: "1987-13-40" -> 1987.
DateOfBirth ParseDateOfBirth(std::string_view raw);

// Upper-case letters and digits only ("54400-0000777-1" -> "5440000007771").
std::string NormaliseDocument(std::string_view raw);
// Trimmed and lower-cased; empty unless it has one '@' with text on both sides.
std::string NormaliseEmail(std::string_view raw);

// Whether a normalised address (NormaliseText: lower-case ASCII words) names a dwelling: it
// carries a premise number, either leading ("12 baker street", not an ordinal: "5th road") or
// after a premise word ("house 23", "h no 23", "h/no 23", "flat 4b", "plot c 17" from "Plot
// C-17", and the romanised "makan", Urdu and Persian for house; a bare "h 9" is a sector of
// Islamabad, and shops and offices are workplaces). A street, a mohalla or a town ("mohalla
// noorzai street 33 herat") is shared by strangers, so sharing it is no sign of living
// together. Native-script premise words are not recognised: they fold to other letters.
bool NamesDwelling(std::string_view address);

// Place keys: "gazetteer:<entry>" when the text is a gazetteer place (any Latin variant or the
// native name), else "name:<ASCII-folded text>"; empty for text with no letters or digits.
// Not thread-safe (it holds a NameNormaliser).
class PlaceMatcher {
 public:
  PlaceMatcher();
  std::string Key(std::string_view raw);
  // The gazetteer's name for a "gazetteer:" key, else the folded text of a "name:" key.
  static std::string Label(std::string_view key);
  // The gazetteer entry a "gazetteer:" key names; nullopt for any other key.
  static std::optional<std::uint32_t> GazetteerEntry(std::string_view key);

 private:
  NameNormaliser normaliser_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

}  // namespace corridor
