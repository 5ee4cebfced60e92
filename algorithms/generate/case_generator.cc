#include "algorithms/generate/case_generator.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdio>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "algorithms/gazetteer.h"
#include "algorithms/generate/corridors.h"
#include "algorithms/generate/names.h"
#include "algorithms/generate/noise.h"
#include "algorithms/generate/random.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "engine/partial_time.h"

namespace corridor::generate {
namespace {

using F = OutputFile;

constexpr std::array<std::string_view, kOutputFileCount> kPaths = {
    "case.json",
    "sources/bus_manifest.csv",
    "sources/border_crossings.csv",
    "sources/cdr_operator_a.csv",
    "sources/cdr_operator_b.csv",
    "sources/subscribers.csv",
    "sources/handsets.jsonl",
    "sources/hawala_ledger.csv",
    "sources/partner.ftm.json",
    "truth/records.csv",
    "truth/persons.csv",
    "truth/phones.csv",
    "truth/routes.csv",
    "truth/corridors.csv",
};

// Source names as the loaders derive them (file name up to the first dot).
constexpr std::array<std::string_view, kOutputFileCount> kSourceNames = {"",
                                                                         "bus_manifest",
                                                                         "border_crossings",
                                                                         "cdr_operator_a",
                                                                         "cdr_operator_b",
                                                                         "subscribers",
                                                                         "handsets",
                                                                         "hawala_ledger",
                                                                         "partner",
                                                                         "",
                                                                         "",
                                                                         "",
                                                                         "",
                                                                         ""};

constexpr std::string_view kHeaders[kOutputFileCount] = {
    "",
    "Ticket,Passenger,CNIC,Mobile,From,To,Departure\n",
    "CrossingID,Surname,Given names,Passport,Nationality,DOB,Exit point,Entry point,Date\n",
    "call_id,a_number,b_number,start,duration_s,cell_id\n",
    "CallRef;Caller;Called;Date;Time;Seconds;Site\n",
    "MSISDN,Subscriber,Father,CNIC,Address,Activation\n",
    "",
    "Entry,From,From phone,To,Amount,Cur,Date,City\n",
    "",
    "source,line,record_id,person\n",
    "person,cell,role\n",
    "phone_e164,person,from,to\n",
    "person,leg_index,from_place,to_place,time\n",
    "corridor,name,places,legs,observable_places\n",
};

constexpr std::string_view kCaseJson = R"json({
  "name": "Synthetic case (corridor generate)",
  "region": "PK",
  "sources": [
    { "path": "sources/bus_manifest.csv", "kind": "travel",
      "time_format": "%d/%m/%Y %H:%M",
      "fields": { "id": "Ticket", "full_name": "Passenger", "document": "CNIC",
                  "phone": "Mobile", "from_place": "From", "to_place": "To",
                  "time": "Departure" } },
    { "path": "sources/border_crossings.csv", "kind": "travel",
      "fields": { "id": "CrossingID", "family_name": "Surname", "given_name": "Given names",
                  "document": "Passport", "nationality": "Nationality", "dob": "DOB",
                  "from_place": "Exit point", "to_place": "Entry point", "time": "Date" } },
    { "path": "sources/cdr_operator_a.csv", "kind": "call",
      "fields": { "id": "call_id", "from": "a_number", "to": "b_number", "time": "start",
                  "duration": "duration_s", "cell": "cell_id" } },
    { "path": "sources/cdr_operator_b.csv", "kind": "call", "region": "IR",
      "time_format": "%d.%m.%Y %H:%M:%S",
      "fields": { "id": "CallRef", "from": "Caller", "to": "Called", "time": ["Date", "Time"],
                  "duration": "Seconds", "cell": "Site" } },
    { "path": "sources/subscribers.csv", "kind": "phone",
      "time_format": "%d/%m/%Y",
      "fields": { "phone": "MSISDN", "full_name": "Subscriber", "father_name": "Father",
                  "document": "CNIC", "address": "Address" } },
    { "path": "sources/handsets.jsonl", "kind": "contact",
      "fields": { "owner_phone": "/device/msisdn", "contact_name": "/name",
                  "contact_phone": "/numbers" } },
    { "path": "sources/hawala_ledger.csv", "kind": "transfer",
      "time_format": "%d-%m-%Y",
      "fields": { "id": "Entry", "payer_name": "From", "payer_phone": "From phone",
                  "payee_name": "To", "amount": "Amount", "currency": "Cur", "time": "Date",
                  "place": "City" } },
    { "path": "sources/partner.ftm.json" }
  ]
}
)json";

enum class Role : std::uint8_t {
  kOrganiser,
  kRecruiter,
  kTransporter,
  kSafehouse,
  kForger,
  kHawala,
  kMigrant
};
constexpr std::string_view kRoleNames[] = {"organiser", "recruiter", "transporter", "safehouse",
                                           "forger",    "hawala",    "migrant"};

constexpr std::uint32_t kNoPerson = 0xFFFFFFFFu;
constexpr int kCaseDays = 200;  // the case window starts 2024-01-01
const std::int64_t kCaseEpoch = PartialTime::FromCivil({2024, 1, 1}, TimePrecision::kDay).seconds();

// Mobile ranges libphonenumber (Debian's 8.12 metadata) knows as valid: a number outside them
// gets no E.164 key, and a case full of such numbers tests the metadata, not resolution.
constexpr std::string_view kPakistanMobile[] = {
    "300", "301", "302", "303", "305", "306", "307", "308", "311", "312", "313", "314",
    "321", "322", "323", "331", "333", "334", "335", "336", "341", "342", "343", "345"};
constexpr std::string_view kAfghanMobile[] = {"70", "72", "77", "78", "79"};
constexpr std::string_view kIranMobile[] = {"901", "902", "910", "911", "912", "913", "914", "915",
                                            "916", "917", "918", "919", "920", "921", "930", "933",
                                            "935", "936", "937", "938", "939", "990"};
constexpr std::string_view kIraqMobile[] = {"750", "751", "770", "771", "772",
                                            "780", "781", "790", "791"};
constexpr std::string_view kBangladeshMobile[] = {"13", "14", "15", "16", "17", "18", "19"};

struct CountryPhone {
  std::string_view code;
  std::span<const std::string_view> prefixes;  // leading national digits of mobiles
  int digits;                                  // national significant number length
};
constexpr CountryPhone kPhonePlans[kOriginCount] = {
    {"92", kPakistanMobile, 10}, {"93", kAfghanMobile, 9}, {"98", kIranMobile, 10},
    {"964", kIraqMobile, 10},    {"964", kIraqMobile, 10}, {"880", kBangladeshMobile, 10}};

struct Phone {
  PhoneNumber number;
  int from_day;
  int to_day;
  bool owned = true;  // false: someone else's phone this person also uses
};

struct Person {
  std::uint32_t id = 0;
  Origin origin = Origin::kPakistan;
  bool female = false;
  const Name* given = nullptr;
  const Name* father = nullptr;
  const Name* family = nullptr;
  std::uint8_t spelling = 0;  // the Latin variant on the person's passport
  int honorific = -1;
  int epithet = -1;
  std::uint32_t home = 0;  // gazetteer index
  int dob_year = 1990, dob_month = 1, dob_day = 1;
  std::string document;  // CNIC or tazkira
  std::string passport;
  std::string address;
  Role role = Role::kMigrant;
  std::uint32_t cell = 0;
  bool handset_seized = false;  // members only: their phone book is in handsets.jsonl
  std::vector<Phone> phones;
};

struct Cell {
  std::uint32_t corridor = 0;
  std::uint32_t organiser = 0;
  std::vector<std::uint32_t> recruiters;
  std::vector<std::uint32_t> transporters;
  std::uint32_t safehouse = 0;
  std::uint32_t hawala = 0;  // a broker, possibly of another cell
  std::vector<std::uint32_t> members;
};

struct World {
  std::vector<Person> members;  // person id == index
  std::vector<Cell> cells;
};

// A bijection on [0, 10^k) (multiplication by a unit mod 10^k, plus an offset): distinct
// inputs give distinct, random-looking numbers.
std::uint64_t Scatter(std::uint64_t x, int digits, std::uint64_t salt) {
  std::uint64_t modulus = 1;
  for (int i = 0; i < digits; ++i) modulus *= 10;
  return (x % modulus * 7919 % modulus * 104729 + salt) % modulus;
}

std::string ZeroPad(std::uint64_t value, int width) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, value).ptr;
  const auto length = static_cast<int>(end - digits);
  std::string text(static_cast<std::size_t>(std::max(0, width - length)), '0');
  text.append(digits, end);
  return text;
}

std::string PersonKey(std::uint32_t id) { return "P" + ZeroPad(id, 7); }
std::string CellKey(std::uint32_t id) { return "C" + ZeroPad(id, 4); }

PhoneNumber MakePhone(Origin origin, std::uint32_t person, std::uint32_t sequence) {
  const CountryPhone& plan = kPhonePlans[static_cast<int>(origin)];
  // The operator range varies, the rest is a bijection of (person, sequence).
  const std::string_view prefix = plan.prefixes[(person + sequence) % plan.prefixes.size()];
  const int rest = plan.digits - static_cast<int>(prefix.size());
  const std::uint64_t serial = Scatter(std::uint64_t{person} * 4 + sequence, rest, 12345);
  return {plan.code, std::string(prefix) + ZeroPad(serial, rest)};
}

std::string MakeDocument(const Person& p) {
  const std::uint64_t serial = Scatter(p.id, 7, 777);
  if (p.origin == Origin::kPakistan) {
    // CNIC: 5-digit locality, 7-digit serial, a final digit (odd for men, even for women).
    return std::to_string(54400 + p.home % 90) + "-" + ZeroPad(serial, 7) + "-" +
           std::to_string(p.female ? 2 * (p.id % 4) + 2 : 2 * (p.id % 5) + 1);
  }
  if (p.origin == Origin::kAfghan) return Tazkira(p.id);
  return ZeroPad(Scatter(p.id, 10, 4242), 10);  // national id
}

std::string MakePassport(const Person& p) {
  static constexpr std::string_view kLetters = "ABCDEFGHJKLMNPRSTUVWXYZ";
  const std::uint64_t serial = Scatter(p.id, 7, 99991);
  std::string passport;
  passport.push_back(kLetters[p.id % kLetters.size()]);
  passport.push_back(kLetters[(p.id / kLetters.size()) % kLetters.size()]);
  return passport + ZeroPad(serial, 7);
}

CivilTime CivilAt(std::int64_t minute) { return CivilFromUnixSeconds(kCaseEpoch + minute * 60); }

// Appends `value` as `width` digits with leading zeros: the hot path of every timestamp, where
// snprintf cost a fifth of the generator's time.
void AppendDigits(std::string& out, int value, int width) {
  char digits[12];
  for (int i = width - 1; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + value % 10);
    value /= 10;
  }
  out.append(digits, static_cast<std::size_t>(width));
}

// The text of one batch of work, per output file, with the person mentions whose record ids
// need the final line numbers (known only when batches are written in order).
struct Mention {
  F file;
  std::uint32_t local_row;
  std::string id;  // the mapped id, or empty: the loader names it "<source>:<line>"
  std::string_view suffix;
  bool duplicate;  // a repeated row: the loader renames it "<id>@<source>:<line>"
  std::uint32_t person;
};

class Batch {
 public:
  Batch(const GenerateOptions& options, const NoiseRates& rates, std::uint64_t stream,
        std::string tag)
      : rng(options.seed, stream), rates(rates), tag_(std::move(tag)) {}

  Rng rng;
  const NoiseRates& rates;
  std::array<std::string, kOutputFileCount> text;
  std::array<std::uint64_t, kOutputFileCount> rows{};
  std::array<std::uint64_t, kOutputFileCount> corrupted{};
  std::array<std::uint64_t, kOutputFileCount> duplicated{};
  std::vector<Mention> mentions;

  std::string NextId(std::string_view prefix) {
    std::string id;
    id.reserve(prefix.size() + tag_.size() + 12);
    id.append(prefix).append("-").append(tag_).append("-");
    char digits[24];
    id.append(digits, std::to_chars(digits, digits + sizeof digits, ++serial_).ptr);
    return id;
  }

  // Writes one CSV row (with the file's delimiter) and records its person mentions; may
  // instead write it cut short (a corrupt row, no mentions) or twice (a duplicate).
  void Row(F file, std::initializer_list<std::string_view> fields, std::string_view id,
           std::initializer_list<std::pair<std::string_view, std::uint32_t>> people) {
    const int f = static_cast<int>(file);
    const char delimiter = file == F::kCdrB ? ';' : ',';
    std::string& out = text[f];
    const std::size_t start = out.size();
    std::size_t kept = fields.size();
    const bool corrupt = rng.Chance(rates.corrupt_row);
    if (corrupt) kept = 1 + rng.Below(fields.size() - 1);
    std::size_t k = 0;
    for (const std::string_view field : fields) {
      if (k == kept) break;
      if (k++ > 0) out.push_back(delimiter);
      AppendField(out, field, delimiter);
    }
    out.push_back('\n');
    if (corrupt) {
      ++rows[f];
      ++corrupted[f];
      return;
    }
    const int copies = rng.Chance(rates.duplicate_row) ? 2 : 1;
    if (copies == 2) {
      const std::size_t length = out.size() - start;
      out.append(out, start, length);
      ++duplicated[f];
    }
    for (int copy = 0; copy < copies; ++copy) {
      const auto local = static_cast<std::uint32_t>(rows[f]++);
      for (const auto& [suffix, person] : people) {
        mentions.push_back({file, local, std::string(id), suffix, copy > 0 && !id.empty(), person});
      }
    }
  }

  // A JSON line; never corrupted or duplicated (handset and FtM exports are machine-made).
  // `person` is the person it mentions (kNoPerson: none), as record `id` + `suffix`.
  void JsonLine(F file, const std::string& json, std::string_view id, std::string_view suffix,
                std::uint32_t person) {
    text[static_cast<int>(file)] += json;
    text[static_cast<int>(file)] += '\n';
    const auto local = static_cast<std::uint32_t>(rows[static_cast<int>(file)]++);
    if (person != kNoPerson)
      mentions.push_back({file, local, std::string(id), suffix, false, person});
  }

  void Truth(F file, std::string_view line) {
    text[static_cast<int>(file)] += line;
    ++rows[static_cast<int>(file)];
  }

 private:
  static void AppendField(std::string& line, std::string_view field, char delimiter) {
    if (std::none_of(field.begin(), field.end(),
                     [delimiter](char c) { return c == delimiter || c == '"'; })) {
      line += field;
      return;
    }
    line.push_back('"');
    for (const char c : field) {
      if (c == '"') line.push_back('"');
      line.push_back(c);
    }
    line.push_back('"');
  }

  std::string tag_;
  std::uint64_t serial_ = 0;
};

std::string JsonString(std::string_view text) {
  std::string out = "\"";
  for (const char c : text) {
    if (c == '"' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  return out + "\"";
}

// --- Rendering people as sources write them -------------------------------------------------

std::string_view Spell(const Name& name, std::uint8_t preferred, Batch& b) {
  const std::size_t count = VariantCount(name);
  if (b.rng.Chance(b.rates.transliteration)) return Variant(name, b.rng.Below(count));
  return Variant(name, preferred % count);
}

std::string MaybeTypo(std::string text, Batch& b) {
  if (b.rng.Chance(b.rates.typo)) return KeyboardTypo(text, b.rng);
  return text;
}

// "Given Family", "Family, Given", native script, with father's name, honorific or epithet.
std::string FullName(const Person& p, Batch& b, bool allow_native, bool allow_father) {
  if (allow_native && b.rng.Chance(b.rates.native_script)) {
    std::string name(p.given->native);
    if (!b.rng.Chance(b.rates.missing_name_part)) name += " " + std::string(p.family->native);
    return name;
  }
  std::string given(Spell(*p.given, p.spelling, b));
  std::string family(Spell(*p.family, p.spelling, b));
  std::string name;
  const bool drop_part = b.rng.Chance(b.rates.missing_name_part);
  // A missing part is usually the family name; one time in four the given name.
  const bool drop_given = drop_part && b.rng.Chance(0.25);
  const bool drop_family = drop_part && !drop_given;
  if (drop_given) {
    name = family;
  } else if (b.rng.Chance(b.rates.swapped_order) && !drop_family) {
    name = family + ", " + given;
  } else {
    name = drop_family ? given : given + " " + family;
  }
  if (p.role != Role::kMigrant && p.honorific >= 0 && b.rng.Chance(b.rates.alias)) {
    name = std::string(Honorifics()[static_cast<std::size_t>(p.honorific)]) + " " + name;
  }
  if (allow_father && b.rng.Chance(0.3)) {
    name += (p.female ? " d/o " : " s/o ") + std::string(Spell(*p.father, p.spelling, b));
  }
  return MaybeTypo(std::move(name), b);
}

// How associates write a member in a ledger or a phone book: nickname, honorific, first name
// and town, or the full name.
std::string AliasName(const Person& p, Batch& b) {
  if (b.rng.Chance(b.rates.native_script)) return std::string(p.given->native);
  if (p.role != Role::kMigrant && b.rng.Chance(b.rates.alias)) {
    switch (b.rng.Below(3)) {
      case 0:
        if (p.epithet >= 0) return std::string(Epithets()[static_cast<std::size_t>(p.epithet)]);
        break;
      case 1:
        return std::string(Spell(*p.given, p.spelling, b)) + " " +
               std::string(Gazetteer()[p.home].name);
      default:
        if (p.honorific >= 0) {
          return std::string(Honorifics()[static_cast<std::size_t>(p.honorific)]) + " " +
                 std::string(Spell(*p.given, p.spelling, b));
        }
        break;
    }
  }
  return FullName(p, b, false, false);
}

// A style a source of the country with calling code `home` would use: local forms only for
// that country's own numbers (elsewhere they would name another subscriber).
PhoneStyle StyleFor(const PhoneNumber& phone, std::string_view home, Rng& rng) {
  const PhoneStyle style = RandomPhoneStyle(rng);
  const bool local = style == PhoneStyle::kLocal || style == PhoneStyle::kLocalDashed ||
                     style == PhoneStyle::kLocalSpaced;
  if (!local || phone.country_code == home) return style;
  return rng.Chance(0.5) ? PhoneStyle::kInternational : PhoneStyle::kDoubleZero;
}

// Digits-only as operators export their own numbers, 00-prefixed for foreign ones.
std::string OperatorForm(const PhoneNumber& phone, std::string_view home) {
  return FormatPhone(
      phone, phone.country_code == home ? PhoneStyle::kDigitsOnly : PhoneStyle::kDoubleZero);
}

std::string RenderPhone(const PhoneNumber& phone, Batch& b, PhoneStyle style, bool persian) {
  const PhoneNumber shown =
      b.rng.Chance(b.rates.phone_wrong_digit) ? WrongDigit(phone, b.rng) : phone;
  std::string text = FormatPhone(shown, style);
  if (persian && b.rng.Chance(b.rates.persian_digits)) text = PersianDigits(text);
  return text;
}

std::string RenderDocument(const std::string& document, Batch& b) {
  std::string text =
      b.rng.Chance(b.rates.document_variant) ? DocumentVariant(document, b.rng) : document;
  if (b.rng.Chance(b.rates.document_typo) && !text.empty()) {
    const std::size_t at = b.rng.Below(text.size());
    if (text[at] >= '0' && text[at] <= '9')
      text[at] = static_cast<char>('0' + (text[at] - '0' + 1) % 10);
  }
  return text;
}

std::string RenderDob(const Person& p, Batch& b) {
  int year = p.dob_year, month = p.dob_month, day = p.dob_day;
  if (b.rng.Chance(b.rates.dob_off_by_year)) year += b.rng.Chance(0.5) ? 1 : -1;
  if (b.rng.Chance(b.rates.dob_partial)) {
    return FormatDate(year, month, day,
                      b.rng.Chance(0.6) ? DateStyle::kYearOnly : DateStyle::kMonthYear);
  }
  if (b.rng.Chance(b.rates.dob_swapped) && day <= 12) std::swap(day, month);
  // Border posts of different countries write dates their own way.
  static constexpr DateStyle kStyles[] = {DateStyle::kIso, DateStyle::kIso,
                                          DateStyle::kDayMonthYear, DateStyle::kDayMonYear};
  return FormatDate(year, month, day, kStyles[b.rng.Below(std::size(kStyles))]);
}

// How each source writes times.
enum class Clock {
  kBus,      // bus manifests: 03/02/2024 21:30
  kIso,      // 2024-02-03T21:30:15
  kIsoDate,  // 2024-02-03
  kHawala,   // ledgers: 03-02-2024
  kDotDate,  // Iranian CDR date column: 03.02.2024
  kTime,     // Iranian CDR time column: 21:30:15
};

std::string Stamp(std::int64_t minute, Clock clock) {
  const CivilTime c = CivilAt(minute);
  std::string text;
  text.reserve(20);
  const auto date = [&](char separator, bool day_first) {
    if (day_first) {
      AppendDigits(text, c.day, 2);
      text.push_back(separator);
      AppendDigits(text, c.month, 2);
      text.push_back(separator);
      AppendDigits(text, c.year, 4);
    } else {
      AppendDigits(text, c.year, 4);
      text.push_back(separator);
      AppendDigits(text, c.month, 2);
      text.push_back(separator);
      AppendDigits(text, c.day, 2);
    }
  };
  const auto time = [&](bool seconds) {
    AppendDigits(text, c.hour, 2);
    text.push_back(':');
    AppendDigits(text, c.minute, 2);
    if (seconds) {
      text.push_back(':');
      AppendDigits(text, c.second, 2);
    }
  };
  switch (clock) {
    case Clock::kBus:
      date('/', true);
      text.push_back(' ');
      time(false);
      break;
    case Clock::kIso:
      date('-', false);
      text.push_back('T');
      time(true);
      break;
    case Clock::kIsoDate:
      date('-', false);
      break;
    case Clock::kHawala:
      date('-', true);
      break;
    case Clock::kDotDate:
      date('.', true);
      break;
    case Clock::kTime:
      time(true);
      break;
  }
  return text;
}

const Phone& PhoneAt(const Person& p, int day) {
  for (const Phone& phone : p.phones) {
    if (day >= phone.from_day && day <= phone.to_day) return phone;
  }
  return p.phones.back();
}

// A call between two people's phones at `minute`, in the operator export of the caller.
void Call(Batch& b, const Person& from, const Person& to, std::int64_t minute,
          std::string_view site) {
  const int day = static_cast<int>(minute / 1440);
  const PhoneNumber& a = PhoneAt(from, day).number;
  const PhoneNumber& c = PhoneAt(to, day).number;
  const std::string seconds = std::to_string(5 + b.rng.Below(600));
  if (a.country_code == "92") {
    b.Row(F::kCdrA,
          {b.NextId("A"), OperatorForm(a, "92"), OperatorForm(c, "92"), Stamp(minute, Clock::kIso),
           seconds, site},
          "", {});
  } else {
    b.Row(F::kCdrB,
          {b.NextId("B"),
           RenderPhone(a, b, a.country_code == "98" ? PhoneStyle::kLocal : PhoneStyle::kE164, true),
           RenderPhone(c, b, StyleFor(c, "98", b.rng), true), Stamp(minute, Clock::kDotDate),
           Stamp(minute, Clock::kTime), seconds, site},
          "", {});
  }
}

std::string SiteNear(std::uint32_t place, Batch& b) {
  std::string site(Gazetteer()[place].name.substr(0, 3));
  std::transform(site.begin(), site.end(), site.begin(), [](char c) {
    return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  });
  return site + "-" + ZeroPad(b.rng.Below(200), 3);
}

void Subscriber(Batch& b, const Person& p, const Phone& phone) {
  std::string activation = Stamp(std::max<std::int64_t>(0, phone.from_day) * 1440, Clock::kIsoDate);
  const std::string father = b.rng.Chance(b.rates.missing_name_part)
                                 ? std::string()
                                 : std::string(Spell(*p.father, p.spelling, b));
  b.Row(F::kSubscribers,
        {OperatorForm(phone.number, "92"), FullName(p, b, false, false), father,
         RenderDocument(p.document, b), p.address, activation},
        "", {{"#subscriber", p.id}});
}

void Payment(Batch& b, const Person& payer, const Person& payee, std::int64_t minute,
             std::uint64_t amount, std::string_view currency, std::string_view city) {
  const bool with_phone = b.rng.Chance(0.4);
  const std::string id = b.NextId("H");
  b.Row(
      F::kHawala,
      {id, AliasName(payer, b),
       with_phone ? RenderPhone(PhoneAt(payer, static_cast<int>(minute / 1440)).number, b,
                                StyleFor(PhoneAt(payer, static_cast<int>(minute / 1440)).number,
                                         "92", b.rng),
                                false)
                  : std::string(),
       AliasName(payee, b), std::to_string(amount), currency, Stamp(minute, Clock::kHawala), city},
      id, {{"#payer", payer.id}, {"#payee", payee.id}});
}

void Contact(Batch& b, const Person& owner, const Person& contact, int day) {
  std::string json =
      "{\"device\": {\"msisdn\": " + JsonString(PhoneAt(owner, day).number.E164()) +
      "}, \"name\": " + JsonString(MaybeTypo(AliasName(contact, b), b)) + ", \"numbers\": [" +
      JsonString(RenderPhone(PhoneAt(contact, day).number, b,
                             StyleFor(PhoneAt(contact, day).number, "92", b.rng), true)) +
      "]}";
  b.JsonLine(F::kHandsets, json, "", "#person", contact.id);
}

// A partner agency's FtM Person entity for `p` (a mention in the truth); returns its id.
std::string FtmPerson(Batch& b, const Person& p, int day) {
  const std::string entity = b.NextId("ftm");
  std::string json =
      "{\"id\": " + JsonString(entity) + ", \"schema\": \"Person\", \"properties\": {\"name\": [" +
      JsonString(FullName(p, b, false, false)) + "], \"birthDate\": [" +
      JsonString(b.rng.Chance(b.rates.dob_partial)
                     ? std::to_string(p.dob_year)
                     : FormatDate(p.dob_year, p.dob_month, p.dob_day, DateStyle::kIso)) +
      "], \"passportNumber\": [" + JsonString(p.passport) + "], \"nationality\": [" +
      JsonString(PoolFor(p.origin).country) + "]";
  if (b.rng.Chance(0.7)) json += ", \"phone\": [" + JsonString(PhoneAt(p, day).number.E164()) + "]";
  json += "}}";
  b.JsonLine(F::kPartnerFtm, json, entity, "", p.id);
  return entity;
}

void Truths(Batch& b, const Person& p) {
  b.Truth(F::kTruthPersons, PersonKey(p.id) + "," + CellKey(p.cell) + "," +
                                std::string(kRoleNames[static_cast<int>(p.role)]) + "\n");
  for (const Phone& phone : p.phones) {
    b.Truth(F::kTruthPhones, phone.number.E164() + "," + PersonKey(p.id) + "," +
                                 Stamp(std::int64_t{phone.from_day} * 1440, Clock::kIsoDate) + "," +
                                 Stamp(std::int64_t{phone.to_day} * 1440, Clock::kIsoDate) + "\n");
  }
}

// --- The world ----------------------------------------------------------------------------

Person NewPerson(std::uint32_t id, Origin origin, Rng& rng, bool allow_female) {
  Person p;
  p.id = id;
  p.origin = origin;
  const NamePool& pool = PoolFor(origin);
  p.female = allow_female && rng.Chance(0.12);
  p.given = &(p.female ? pool.female
                       : pool.male)[rng.Skewed((p.female ? pool.female : pool.male).size())];
  p.father = &pool.male[rng.Skewed(pool.male.size())];
  p.family = &pool.family[rng.Skewed(pool.family.size())];
  p.spelling = static_cast<std::uint8_t>(rng.Chance(0.7) ? 0 : rng.Below(4));
  p.dob_year = static_cast<int>(rng.Between(1964, 2006));
  p.dob_month = static_cast<int>(rng.Between(1, 12));
  p.dob_day = static_cast<int>(rng.Between(1, 28));
  return p;
}

void AddPhones(Person& p, Rng& rng, int swaps) {
  int from = 0;
  for (int k = 0; k <= swaps; ++k) {
    const int to = k == swaps ? kCaseDays : from + static_cast<int>(rng.Between(20, 90));
    p.phones.push_back(
        {MakePhone(p.origin, p.id, static_cast<std::uint32_t>(k)), from, std::min(to, kCaseDays)});
    from = std::min(to, kCaseDays) + 1;
    if (from >= kCaseDays) break;
  }
}

World BuildWorld(const GenerateOptions& options, std::uint64_t members_wanted) {
  Rng rng(options.seed, ~std::uint64_t{0});
  World world;
  const auto corridors = Corridors();
  const auto cell_count =
      static_cast<std::uint32_t>(std::max<std::uint64_t>(corridors.size(), members_wanted / 10));
  const auto place = [](std::string_view name) { return *FindPlace(name); };
  std::vector<std::uint32_t> brokers;
  for (std::uint32_t c = 0; c < cell_count; ++c) {
    Cell cell;
    cell.corridor = c % static_cast<std::uint32_t>(corridors.size());
    const CorridorSpec& spec = corridors[cell.corridor];
    const auto add = [&](Role role, std::string_view home) {
      const Origin origin = spec.origins[rng.Below(spec.origins.size())];
      Person p = NewPerson(static_cast<std::uint32_t>(world.members.size()), origin, rng, false);
      p.role = role;
      p.cell = c;
      p.home = place(home);
      p.honorific = rng.Chance(0.5) ? static_cast<int>(rng.Below(Honorifics().size())) : -1;
      p.epithet = static_cast<int>(rng.Below(Epithets().size()));
      p.dob_year = static_cast<int>(rng.Between(1960, 1995));
      p.document = MakeDocument(p);
      p.passport = MakePassport(p);
      p.address = "House " + std::to_string(1 + rng.Below(300)) + ", " +
                  std::string(Gazetteer()[p.home].name);
      AddPhones(p, rng, static_cast<int>(rng.Between(1, 3)));  // members swap SIMs
      p.handset_seized = rng.Chance(0.3);
      cell.members.push_back(p.id);
      world.members.push_back(std::move(p));
      return world.members.back().id;
    };
    cell.organiser = add(Role::kOrganiser, spec.hub);
    const auto recruiters = rng.Between(2, 4);
    for (int k = 0; k < recruiters; ++k) {
      cell.recruiters.push_back(
          add(Role::kRecruiter, spec.recruit_towns[rng.Below(spec.recruit_towns.size())]));
    }
    const auto transporters = rng.Between(2, 4);
    for (int k = 0; k < transporters; ++k) {
      const Leg& leg = spec.legs[rng.Below(spec.legs.size())];
      cell.transporters.push_back(add(Role::kTransporter, leg.from));
    }
    cell.safehouse = add(Role::kSafehouse, spec.safehouse);
    if (rng.Chance(0.5)) add(Role::kForger, spec.hub);
    // A few brokers serve many cells: every third cell gets its own, the others share.
    if (brokers.empty() || rng.Chance(0.34)) brokers.push_back(add(Role::kHawala, spec.hawala));
    cell.hawala = brokers[rng.Below(brokers.size())];
    world.cells.push_back(std::move(cell));
  }
  // Safe houses share one phone with the cell's transporters for part of the case.
  for (Cell& cell : world.cells) {
    const Phone shared = world.members[cell.safehouse].phones.front();
    for (const std::uint32_t t : cell.transporters) {
      if (rng.Chance(0.5)) {
        world.members[t].phones.push_back(shared);
        world.members[t].phones.back().owned = false;
      }
    }
  }
  return world;
}

// Calls, payments, subscriber records and seized phone books of the organisation itself.
void GenerateOrganisation(const World& world, std::uint32_t first_cell, std::uint32_t last_cell,
                          Batch& b) {
  const auto corridors = Corridors();
  for (std::uint32_t c = first_cell; c < last_cell; ++c) {
    const Cell& cell = world.cells[c];
    const Person& organiser = world.members[cell.organiser];
    const Person& broker = world.members[cell.hawala];
    const std::string hub(corridors[cell.corridor].hub);
    for (std::size_t m = 0; m < cell.members.size(); ++m) {
      const Person& member = world.members[cell.members[m]];
      Truths(b, member);
      for (const Phone& phone : member.phones) {
        if (phone.owned && b.rng.Chance(0.8)) Subscriber(b, member, phone);
      }
      if (member.id == organiser.id) continue;
      // Weekly-ish calls with the organiser, both ways.
      for (int day = static_cast<int>(b.rng.Below(7)); day < kCaseDays;
           day += 1 + static_cast<int>(b.rng.Exponential(6))) {
        const std::int64_t minute = std::int64_t{day} * 1440 + b.rng.Between(420, 1380);
        if (b.rng.Chance(0.5)) {
          Call(b, member, organiser, minute, SiteNear(member.home, b));
        } else {
          Call(b, organiser, member, minute, SiteNear(organiser.home, b));
        }
      }
      if (member.role == Role::kTransporter) {
        for (int day = static_cast<int>(b.rng.Below(14)); day < kCaseDays;
             day += 10 + static_cast<int>(b.rng.Below(10))) {
          Payment(b, organiser, member, std::int64_t{day} * 1440 + 600,
                  50000 + 1000 * b.rng.Below(200), "PKR", hub);
        }
      }
    }
    // The broker settles with the organiser every week or two.
    for (int day = static_cast<int>(b.rng.Below(10)); day < kCaseDays;
         day += 7 + static_cast<int>(b.rng.Below(8))) {
      Payment(b, broker, organiser, std::int64_t{day} * 1440 + 700, 500 + 100 * b.rng.Below(90),
              "USD", corridors[cell.corridor].hawala);
      Call(b, broker, organiser, std::int64_t{day} * 1440 + 650, SiteNear(broker.home, b));
    }
    // Seized handsets list the cell, the broker and a few organisers of other cells.
    for (const std::uint32_t member : cell.members) {
      const Person& owner = world.members[member];
      if (!owner.handset_seized) continue;
      const int day = kCaseDays - 1;
      for (const std::uint32_t other : cell.members) {
        if (other != owner.id) Contact(b, owner, world.members[other], day);
      }
      if (broker.cell != c) Contact(b, owner, broker, day);
    }
    // The partner agency shares what it holds on half the cells as FtM: the organiser and the
    // broker as persons, an intercepted call and a payment between them.
    if (b.rng.Chance(0.5)) {
      const std::int64_t minute = b.rng.Between(0, kCaseDays * 1440 - 1);
      const int day = static_cast<int>(minute / 1440);
      const std::string boss = FtmPerson(b, organiser, day);
      const std::string banker = FtmPerson(b, broker, day);
      const Person& other = world.members[cell.members[b.rng.Below(cell.members.size())]];
      b.JsonLine(F::kPartnerFtm,
                 "{\"id\": " + JsonString(b.NextId("ftm-call")) +
                     ", \"schema\": \"Call\", \"properties\": {\"caller\": [" + JsonString(boss) +
                     "], \"callerNumber\": [" + JsonString(PhoneAt(organiser, day).number.E164()) +
                     "], \"receiverNumber\": [" + JsonString(PhoneAt(other, day).number.E164()) +
                     "], \"date\": [" + JsonString(Stamp(minute, Clock::kIso)) + "]}}",
                 "", "", kNoPerson);
      b.JsonLine(F::kPartnerFtm,
                 "{\"id\": " + JsonString(b.NextId("ftm-payment")) +
                     ", \"schema\": \"Payment\", \"properties\": {\"payer\": [" +
                     JsonString(banker) + "], \"beneficiary\": [" + JsonString(boss) +
                     "], \"amount\": [\"" + std::to_string(1000 + 100 * b.rng.Below(200)) +
                     "\"], \"currency\": [\"USD\"], \"date\": [" +
                     JsonString(Stamp(minute, Clock::kIsoDate)) + "]}}",
                 "", "", kNoPerson);
    }
  }
}

// --- Migrants -----------------------------------------------------------------------------

void GenerateMigrants(const World& world, std::uint32_t first_id, std::uint32_t count, Batch& b) {
  const auto corridors = Corridors();
  const auto gazetteer = Gazetteer();
  std::uint32_t next = first_id;
  const std::uint32_t end = first_id + count;
  while (next < end) {
    const Cell& cell = world.cells[b.rng.Below(world.cells.size())];
    const CorridorSpec& spec = corridors[cell.corridor];
    const Origin origin = spec.origins[b.rng.Below(spec.origins.size())];
    const auto size = static_cast<std::uint32_t>(std::min<std::uint64_t>(
        end - next, 1 + std::min<std::uint64_t>(7, b.rng.Exponential(1.6))));
    const bool family = size > 1 && b.rng.Chance(0.6);
    const std::uint32_t town =
        *FindPlace(spec.recruit_towns[b.rng.Below(spec.recruit_towns.size())]);
    const std::uint32_t recruiter_id = cell.recruiters[b.rng.Below(cell.recruiters.size())];
    const Person& recruiter = world.members[recruiter_id];
    const Person& broker = world.members[cell.hawala];
    const Person& organiser = world.members[cell.organiser];
    const int start_day = static_cast<int>(b.rng.Between(30, kCaseDays - 45));
    std::vector<Person> group;
    for (std::uint32_t k = 0; k < size; ++k) {
      Person p = NewPerson(next++, origin, b.rng, true);
      p.cell = static_cast<std::uint32_t>(&cell - world.cells.data());
      p.home = town;
      if (family && !group.empty()) {
        p.family = group.front().family;  // relatives share surname, father and address
        p.father = group.front().father;
        p.address = group.front().address;
      } else {
        const auto families = PoolFor(origin).family;
        p.address = "Mohalla " + std::string(families[b.rng.Below(families.size())].latin) +
                    ", Street " + std::to_string(1 + b.rng.Below(40)) + ", " +
                    std::string(gazetteer[town].name);
      }
      p.document = MakeDocument(p);
      p.passport = MakePassport(p);
      if (family && !group.empty() && b.rng.Chance(0.3)) {
        p.phones.push_back(group.front().phones.front());  // a family shares one phone
        p.phones.back().owned = false;
      } else {
        AddPhones(p, b.rng, b.rng.Chance(0.15) ? 1 : 0);
      }
      group.push_back(std::move(p));
    }
    const Person& leader = group.front();
    // Recruitment calls in the month before departure.
    const int calls = static_cast<int>(b.rng.Between(2, 5));
    for (int k = 0; k < calls; ++k) {
      const std::int64_t minute =
          std::int64_t{start_day - static_cast<int>(b.rng.Between(1, 30))} * 1440 +
          b.rng.Between(480, 1320);
      if (b.rng.Chance(0.5)) {
        Call(b, leader, recruiter, minute, SiteNear(town, b));
      } else {
        Call(b, recruiter, leader, minute, SiteNear(town, b));
      }
    }
    if (recruiter.handset_seized) Contact(b, recruiter, leader, start_day);
    for (const Person& p : group) {
      Truths(b, p);
      for (const Phone& phone : p.phones) {
        if (phone.owned && b.rng.Chance(0.6)) Subscriber(b, p, phone);
      }
      // Instalments: before departure, midway, on arrival.
      const std::string_view currency = origin == Origin::kAfghan ? "AFN" : "PKR";
      const int instalments = static_cast<int>(b.rng.Between(2, 3));
      const bool iran = Gazetteer()[*FindPlace(spec.safehouse)].country == "IR";
      for (int k = 0; k < instalments; ++k) {
        const int day = start_day - 3 + k * 8;
        const std::int64_t minute = std::int64_t{day} * 1440 + b.rng.Between(540, 1080);
        // Payers ring the broker first: his number is called by every client.
        if (b.rng.Chance(0.6))
          Call(b, p, broker, minute - b.rng.Between(10, 180), SiteNear(town, b));
        if (k == 1 && iran) {  // the midway instalment is settled in Iran, in rials
          Payment(b, p, broker, minute, 50'000'000 + 1'000'000 * b.rng.Below(100), "IRR",
                  spec.safehouse);
        } else {
          Payment(b, p, broker, minute, 100000 + 5000 * b.rng.Below(60), currency, spec.hawala);
        }
      }
    }
    // The journey: recruit town to the corridor's start, then every leg.
    std::int64_t minute = std::int64_t{start_day} * 1440 + b.rng.Between(360, 1320);
    std::vector<Leg> legs;
    if (gazetteer[town].name != spec.legs.front().from) {
      legs.push_back({gazetteer[town].name, spec.legs.front().from, LegMode::kBus, 10});
    }
    legs.insert(legs.end(), spec.legs.begin(), spec.legs.end());
    const std::uint32_t transporter_base =
        static_cast<std::uint32_t>(b.rng.Below(cell.transporters.size()));
    for (std::size_t l = 0; l < legs.size(); ++l) {
      const Leg& leg = legs[l];
      const Person& transporter =
          world.members[cell.transporters[(transporter_base + l) % cell.transporters.size()]];
      const std::uint32_t from = *FindPlace(leg.from);
      const std::uint32_t to = *FindPlace(leg.to);
      const auto place_text = [&](std::uint32_t place) {
        const Place& where = gazetteer[place];
        if (b.rng.Chance(b.rates.transliteration) && !where.variants.empty()) {
          return std::string(where.variants[b.rng.Below(where.variants.size())]);
        }
        if (b.rng.Chance(b.rates.native_script / 2)) return std::string(where.native);
        return std::string(where.name);
      };
      for (const Person& p : group) {
        b.Truth(F::kTruthRoutes, PersonKey(p.id) + "," + std::to_string(l) + "," +
                                     std::string(leg.from) + "," + std::string(leg.to) + "," +
                                     Stamp(minute, Clock::kIso) + "\n");
        if (leg.mode == LegMode::kBus && b.rng.Chance(0.9)) {
          const std::string ticket = b.NextId("T");
          const Phone& phone = PhoneAt(p, static_cast<int>(minute / 1440));
          b.Row(F::kBusManifest,
                {ticket, FullName(p, b, true, true),
                 b.rng.Chance(0.5) ? RenderDocument(p.document, b) : std::string(),
                 b.rng.Chance(0.6)
                     ? RenderPhone(phone.number, b, StyleFor(phone.number, "92", b.rng), false)
                     : std::string(),
                 place_text(from), place_text(to), Stamp(minute, Clock::kBus)},
                ticket, {{"#person", p.id}});
        } else if ((leg.mode == LegMode::kOfficialCrossing || leg.mode == LegMode::kFlight) &&
                   b.rng.Chance(0.95)) {
          const std::string crossing = b.NextId("X");
          std::string surname(Spell(*p.family, p.spelling, b));
          std::string given(Spell(*p.given, p.spelling, b));
          std::transform(surname.begin(), surname.end(), surname.begin(), [](char c) {
            return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          });
          std::transform(given.begin(), given.end(), given.begin(), [](char c) {
            return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
          });
          if (b.rng.Chance(b.rates.ocr)) surname = OcrTypo(surname, b.rng);
          if (b.rng.Chance(b.rates.ocr)) given = OcrTypo(given, b.rng);
          b.Row(F::kBorderCrossings,
                {crossing, surname, given, RenderDocument(p.passport, b), PoolFor(p.origin).country,
                 RenderDob(p, b), std::string(leg.from), std::string(leg.to),
                 Stamp(minute, Clock::kIso)},
                crossing, {{"#person", p.id}});
        }
      }
      // Irregular legs leave traces in the call records: the transporter calls the organiser
      // and the group leader calls the transporter.
      if (leg.mode != LegMode::kBus && leg.mode != LegMode::kFlight) {
        Call(b, transporter, organiser, minute - b.rng.Between(30, 240), SiteNear(from, b));
        Call(b, leader, transporter, minute - b.rng.Between(5, 60), SiteNear(from, b));
      }
      const bool safehouse = leg.to == spec.safehouse;
      minute += static_cast<std::int64_t>(leg.hours * 60 * (0.8 + 0.7 * b.rng.Real()));
      minute += safehouse ? b.rng.Between(1, 5) * 1440 : b.rng.Between(120, 720);
      if (safehouse) {
        Call(b, world.members[cell.safehouse], organiser, minute - 600, SiteNear(to, b));
      }
    }
    // Some groups are stopped in Turkey or Greece; the partner agency shares them as FtM.
    const std::string_view last = legs.back().to;
    if ((last == "Istanbul" || last == "Athens") && b.rng.Chance(0.15)) {
      for (const Person& p : group) {
        FtmPerson(b, p, static_cast<int>(minute / 1440));
      }
    }
  }
}

class Writer {
 public:
  explicit Writer(CaseSink& sink) : sink_(sink) {
    for (int f = 0; f < kOutputFileCount; ++f) next_line_[f] = kHeaders[f].empty() ? 1 : 2;
  }

  void Write(const Batch& batch, GenerateReport& report) {
    // Only line numbers are unknown until now; everything else of a truth row is appended
    // as is, and numbers are formatted without temporaries: this stage is serial.
    std::string truth;
    truth.reserve(batch.mentions.size() * 48);
    char digits[24];
    const auto number = [&](std::uint64_t value) {
      truth.append(digits, std::to_chars(digits, digits + sizeof digits, value).ptr);
    };
    for (const Mention& m : batch.mentions) {
      const int f = static_cast<int>(m.file);
      const std::string_view source = kSourceNames[f];
      const std::uint64_t line = next_line_[f] + m.local_row;
      truth.append(source).push_back(',');
      number(line);
      truth.push_back(',');
      if (m.id.empty()) {
        truth.append(source).push_back(':');
        number(line);
      } else {
        truth.append(m.id);
      }
      truth.append(m.suffix);
      if (m.duplicate) {
        truth.append("@").append(source).push_back(':');
        number(line);
      }
      truth.append(",P");
      const std::size_t at = truth.size();
      number(m.person);
      truth.insert(at, 7 - std::min<std::size_t>(7, truth.size() - at), '0');
      truth.push_back('\n');
    }
    for (int f = 0; f < kOutputFileCount; ++f) {
      if (!batch.text[f].empty()) sink_.Append(static_cast<F>(f), batch.text[f]);
      next_line_[f] += batch.rows[f];
      report.rows[f] += batch.rows[f];
      report.corrupted[f] += batch.corrupted[f];
      report.duplicated[f] += batch.duplicated[f];
    }
    const int records = static_cast<int>(F::kTruthRecords);
    sink_.Append(F::kTruthRecords, truth);
    report.rows[records] += batch.mentions.size();
  }

 private:
  CaseSink& sink_;
  std::array<std::uint64_t, kOutputFileCount> next_line_{};
};

}  // namespace

std::string_view OutputPath(OutputFile file) { return kPaths[static_cast<int>(file)]; }

std::string Tazkira(std::uint64_t id) {
  const std::string serial = ZeroPad(Scatter(id, 9, 777), 9);
  return "1400-" + serial.substr(0, 4) + "-" + serial.substr(4);
}

namespace {

// Each rate's name and member, for Set and Names.
constexpr std::pair<std::string_view, double NoiseRates::*> kRateFields[] = {
    {"transliteration", &NoiseRates::transliteration},
    {"native_script", &NoiseRates::native_script},
    {"typo", &NoiseRates::typo},
    {"ocr", &NoiseRates::ocr},
    {"swapped_order", &NoiseRates::swapped_order},
    {"missing_name_part", &NoiseRates::missing_name_part},
    {"dob_partial", &NoiseRates::dob_partial},
    {"dob_swapped", &NoiseRates::dob_swapped},
    {"dob_off_by_year", &NoiseRates::dob_off_by_year},
    {"phone_wrong_digit", &NoiseRates::phone_wrong_digit},
    {"persian_digits", &NoiseRates::persian_digits},
    {"document_variant", &NoiseRates::document_variant},
    {"document_typo", &NoiseRates::document_typo},
    {"alias", &NoiseRates::alias},
    {"duplicate_row", &NoiseRates::duplicate_row},
    {"corrupt_row", &NoiseRates::corrupt_row},
};

}  // namespace

bool NoiseRates::Set(std::string_view name, double value) {
  for (const auto& [field_name, member] : kRateFields) {
    if (field_name != name) continue;
    if (!(value >= 0 && value <= 1)) {
      throw InvalidInput("--rate", std::string(name) + " must be between 0 and 1");
    }
    this->*member = value;
    return true;
  }
  return false;
}

std::string_view NoiseRates::Names() {
  return "transliteration, native_script, typo, ocr, swapped_order, missing_name_part, "
         "dob_partial, dob_swapped, dob_off_by_year, phone_wrong_digit, persian_digits, "
         "document_variant, document_typo, alias, duplicate_row, corrupt_row";
}

NoiseRates NoiseRates::Scaled(double level) const {
  NoiseRates scaled = *this;
  for (double* rate : {&scaled.transliteration, &scaled.native_script, &scaled.typo, &scaled.ocr,
                       &scaled.swapped_order, &scaled.missing_name_part, &scaled.dob_partial,
                       &scaled.dob_swapped, &scaled.dob_off_by_year, &scaled.phone_wrong_digit,
                       &scaled.persian_digits, &scaled.document_variant, &scaled.document_typo,
                       &scaled.alias, &scaled.duplicate_row, &scaled.corrupt_row}) {
    *rate = std::min(1.0, *rate * level);
  }
  return scaled;
}

GenerateReport GenerateCase(const GenerateOptions& options, CaseSink& sink) {
  if (options.persons < 50) throw InvalidInput("--persons", "a case needs at least 50 persons");
  if (!(options.noise >= 0)) throw InvalidInput("--noise", "noise level must be 0 or more");
  if (options.batch_migrants == 0) throw InvalidInput("batch", "batch size must be positive");
  const NoiseRates rates = options.rates.Scaled(options.noise);

  GenerateReport report;
  const World world = BuildWorld(options, std::max<std::uint64_t>(options.persons / 30, 1));
  report.members = world.members.size();
  report.cells = world.cells.size();
  report.migrants = options.persons > report.members ? options.persons - report.members : 0;
  report.persons = report.members + report.migrants;
  if (report.persons >= 10'000'000'000ull) throw InvalidInput("--persons", "too many persons");

  sink.Append(F::kCase, kCaseJson);
  for (int f = 0; f < kOutputFileCount; ++f) {
    if (!kHeaders[f].empty()) sink.Append(static_cast<F>(f), kHeaders[f]);
  }
  std::string corridors;
  for (std::size_t c = 0; c < Corridors().size(); ++c) {
    const CorridorSpec& spec = Corridors()[c];
    std::string places(spec.legs.front().from);
    for (const Leg& leg : spec.legs) places += " > " + std::string(leg.to);
    // What the sources can show: only bus legs, official crossings and flights leave a travel
    // record, so a place reached and left by car, on foot or by boat is named by no record.
    // The start is reached by bus from the recruitment towns.
    std::vector<std::string_view> observable;
    for (std::size_t l = 0; l <= spec.legs.size(); ++l) {
      const auto recorded = [&](std::size_t k) {
        return k < spec.legs.size() && (spec.legs[k].mode == LegMode::kBus ||
                                        spec.legs[k].mode == LegMode::kOfficialCrossing ||
                                        spec.legs[k].mode == LegMode::kFlight);
      };
      if (l == 0 || recorded(l) || recorded(l - 1)) {
        observable.push_back(l < spec.legs.size() ? spec.legs[l].from : spec.legs[l - 1].to);
      }
    }
    std::string shown;
    for (const std::string_view place : observable) {
      shown += (shown.empty() ? "" : " > ") + std::string(place);
    }
    corridors += "K" + std::to_string(c + 1) + "," + std::string(spec.name) + "," + places + "," +
                 std::to_string(spec.legs.size()) + "," + shown + "\n";
  }
  sink.Append(F::kTruthCorridors, corridors);
  report.rows[static_cast<int>(F::kTruthCorridors)] = Corridors().size();

  Writer writer(sink);
  // Organisation batches (a few cells each), then migrant batches, generated in parallel and
  // written in order while later batches are still being generated.
  constexpr std::uint32_t kCellsPerBatch = 16;
  const auto org_batches =
      static_cast<std::uint32_t>((world.cells.size() + kCellsPerBatch - 1) / kCellsPerBatch);
  const std::uint64_t migrant_batches =
      (report.migrants + options.batch_migrants - 1) / options.batch_migrants;
  const auto in_flight = static_cast<std::size_t>(2 * parallel::MaxThreads() + 2);
  // Copies, so producers never read the report the writer is updating.
  const std::uint64_t members = report.members;
  const std::uint64_t migrants = report.migrants;
  parallel::OrderedPipeline(
      org_batches + migrant_batches, in_flight,
      [&](std::size_t index) {
        std::unique_ptr<Batch> batch;
        if (index < org_batches) {
          batch = std::make_unique<Batch>(options, rates, 1'000'000'000ull + index,
                                          "o" + std::to_string(index));
          const auto begin = static_cast<std::uint32_t>(index * kCellsPerBatch);
          const auto end = std::min<std::uint32_t>(begin + kCellsPerBatch,
                                                   static_cast<std::uint32_t>(world.cells.size()));
          GenerateOrganisation(world, begin, end, *batch);
        } else {
          const std::uint64_t m = index - org_batches;
          batch = std::make_unique<Batch>(options, rates, m, "m" + std::to_string(m));
          const std::uint64_t begin = m * options.batch_migrants;
          const std::uint64_t count =
              std::min<std::uint64_t>(options.batch_migrants, migrants - begin);
          GenerateMigrants(world, static_cast<std::uint32_t>(members + begin),
                           static_cast<std::uint32_t>(count), *batch);
        }
        return batch;
      },
      [&](std::unique_ptr<Batch> batch) { writer.Write(*batch, report); });
  return report;
}

}  // namespace corridor::generate
