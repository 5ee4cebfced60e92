#pragma once
// `corridor generate`: a synthetic smuggling case that looks like seized data and knows the
// truth. Cells of organisers, recruiters, transporters, safe-house keepers, forgers and hawala
// brokers run the planted corridors (corridors.h); migrants are recruited in origin towns, pay
// in instalments through hawala brokers and move in groups, often families; phones are swapped
// and shared; names come from six naming pools with very common names, so many distinct people
// share a name. Every source is written as a real dump would look (sources below), with the
// noise of NoiseRates, and the truth beside it:
//   truth/records.csv    source, line, record_id, person: every person mention, with exactly
//                        the record id the loaders give it
//   truth/persons.csv    person, cell, role
//   truth/phones.csv     phone_e164, person, from, to
//   truth/routes.csv     person, leg_index, from_place, to_place, time
//   truth/corridors.csv  corridor, name, places, legs, observable_places (those a travel
//                        record can name: ends of bus legs, official crossings and flights,
//                        and the start, reached by bus from the recruitment towns)
//
// Method: the organisation (a few percent of persons) is built first from one random stream;
// migrants are then generated in fixed-size batches, each from its own stream seeded by
// (seed, batch), in parallel, and written in batch order. Output is therefore byte-identical
// for a seed at any thread count, and memory holds the organisation plus a few batches, not
// the case. Work is linear in the number of persons.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace corridor::generate {

enum class OutputFile : std::uint8_t {
  kCase,
  kBusManifest,
  kBorderCrossings,
  kCdrA,
  kCdrB,
  kSubscribers,
  kHandsets,
  kHawala,
  kPartnerFtm,
  kTruthRecords,
  kTruthPersons,
  kTruthPhones,
  kTruthRoutes,
  kTruthCorridors,
};
inline constexpr int kOutputFileCount = 14;

// Path relative to the case folder ("sources/bus_manifest.csv", "truth/records.csv", ...).
std::string_view OutputPath(OutputFile file);

// Rates of each kind of noise, per value or per row as stated. Defaults are "default noise".
struct NoiseRates {
  double transliteration = 0.35;    // a name part in another Latin spelling
  double native_script = 0.12;      // a name in native script, where the source allows it
  double typo = 0.06;               // one keyboard slip in a name
  double ocr = 0.05;                // one OCR confusion in a scanned border form
  double swapped_order = 0.10;      // "Family, Given" instead of "Given Family"
  double missing_name_part = 0.10;  // the family (or given) name left out
  double dob_partial = 0.08;        // year, or month and year, only
  double dob_swapped = 0.05;        // day and month swapped
  double dob_off_by_year = 0.03;
  double phone_wrong_digit = 0.02;
  double persian_digits = 0.10;    // in Iranian exports and handsets
  double document_variant = 0.30;  // separators removed or replaced by spaces
  double document_typo = 0.02;
  double alias = 0.30;          // an organisation member named by nickname or honorific
  double duplicate_row = 0.01;  // a row written twice
  double corrupt_row = 0.002;   // a row cut short, which the loader must reject

  // Every rate multiplied by `level` (0: a clean case), capped at 1.
  NoiseRates Scaled(double level) const;

  // Sets the rate named as its field here ("typo", "dob_swapped", ...); false for an unknown
  // name. Throws InvalidInput for a value outside [0, 1].
  bool Set(std::string_view name, double value);
  static std::string_view Names();  // every settable name, comma-separated
};

struct GenerateOptions {
  std::uint64_t persons = 2000;  // distinct people: organisation members and migrants
  std::uint64_t seed = 1;
  double noise = 1.0;  // multiplies every rate of `rates`
  NoiseRates rates;
  std::uint32_t batch_migrants = 2048;  // a cost knob: migrants per parallel batch
};

struct GenerateReport {
  std::uint64_t persons = 0;
  std::uint64_t members = 0;
  std::uint64_t migrants = 0;
  std::uint64_t cells = 0;
  std::array<std::uint64_t, kOutputFileCount> rows{};       // data rows, headers excluded
  std::array<std::uint64_t, kOutputFileCount> corrupted{};  // rows cut short on purpose
  std::array<std::uint64_t, kOutputFileCount> duplicated{};
};

// Receives the case's bytes; each file's bytes arrive in order.
class CaseSink {
 public:
  virtual ~CaseSink() = default;
  virtual void Append(OutputFile file, std::string_view bytes) = 0;
};

// Throws InvalidInput for options that cannot make a case (fewer than 50 persons, negative
// noise).
GenerateReport GenerateCase(const GenerateOptions& options, CaseSink& sink);

// The tazkira (Afghan national identity card) number of person `id`, "1400-DDDD-DDDDD": a
// different number for every id below 10^9. Every identity document the generator issues is
// one person's, as on real cards; until session 17 the tazkira's nine digits depended on the
// id modulo 10^5 only, so from 100,000 persons on, ten people carried each number.
std::string Tazkira(std::uint64_t id);

}  // namespace corridor::generate
