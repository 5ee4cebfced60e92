#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include "algorithms/generate/case_generator.h"
#include "algorithms/generate/noise.h"
#include "algorithms/resolve/normalise.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "loaders/csv_reader.h"
#include "loaders/load_case.h"
#include "tests/test_files.h"

namespace corridor::generate {
namespace {

class MemorySink : public CaseSink {
 public:
  void Append(OutputFile file, std::string_view bytes) override {
    files[static_cast<int>(file)].append(bytes);
  }
  std::array<std::string, kOutputFileCount> files;
};

class DirSink : public CaseSink {
 public:
  explicit DirSink(const std::filesystem::path& root) : root_(root) {}
  void Append(OutputFile file, std::string_view bytes) override {
    const auto path = root_ / OutputPath(file);
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary | std::ios::app)
        .write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  }

 private:
  std::filesystem::path root_;
};

GenerateOptions Small(std::uint64_t seed, double noise = 1.0) {
  GenerateOptions options;
  options.persons = 1500;
  options.seed = seed;
  options.noise = noise;
  options.batch_migrants = 256;  // several batches, so thread order could matter
  return options;
}

// Rows of a generated CSV as field vectors, header first.
std::vector<std::vector<std::string>> Rows(const std::filesystem::path& file) {
  CsvReader reader(file.string(), {});
  std::vector<std::vector<std::string>> rows;
  CsvRow row;
  while (reader.Next(row)) rows.emplace_back(row.fields.begin(), row.fields.end());
  return rows;
}

TEST(Generate, SameSeedSameBytesAtAnyThreadCount) {
  MemorySink one, many, again, other;
  {
    const parallel::ThreadLimit limit(1);
    GenerateCase(Small(7), one);
  }
  GenerateCase(Small(7), many);
  GenerateCase(Small(7), again);
  GenerateCase(Small(8), other);
  for (int f = 0; f < kOutputFileCount; ++f) {
    SCOPED_TRACE(std::string(OutputPath(static_cast<OutputFile>(f))));
    EXPECT_FALSE(one.files[f].empty());
    EXPECT_EQ(one.files[f], many.files[f]);
    EXPECT_EQ(many.files[f], again.files[f]);
  }
  EXPECT_NE(one.files[static_cast<int>(OutputFile::kBusManifest)],
            other.files[static_cast<int>(OutputFile::kBusManifest)]);
}

TEST(Generate, RejectsImpossibleOptions) {
  MemorySink sink;
  GenerateOptions options = Small(1);
  options.persons = 10;
  EXPECT_THROW(GenerateCase(options, sink), InvalidInput);
  options = Small(1);
  options.noise = -1;
  EXPECT_THROW(GenerateCase(options, sink), InvalidInput);
}

// Loads a generated case and checks it against its own truth and report.
TEST(Generate, LoadsCleanlyAndTruthMatchesTheLoadedRecords) {
  const testing::TempDir dir;
  DirSink sink(dir.path());
  const GenerateReport report = GenerateCase(Small(11), sink);
  EXPECT_EQ(report.persons, 1500u);
  EXPECT_GE(report.cells, 7u);

  const CaseData data = LoadCase(ReadCaseFile((dir.path() / "case.json").string()));
  // Only the rows corrupted on purpose are rejected, source by source.
  std::map<std::string, std::uint64_t> corrupted;
  for (int f = 0; f < kOutputFileCount; ++f) {
    const std::string path(OutputPath(static_cast<OutputFile>(f)));
    if (path.rfind("sources/", 0) != 0) continue;
    const std::string file = path.substr(8);
    corrupted[file.substr(0, file.find('.'))] = report.corrupted[f];
  }
  std::uint64_t total_corrupted = 0;
  for (const SourceReport& source : data.sources) {
    EXPECT_EQ(source.info.rejected, corrupted.at(source.name)) << source.name;
    EXPECT_EQ(source.info.rows, source.info.loaded + source.info.rejected) << source.name;
    EXPECT_EQ(source.warnings.count("invalid_time"), 0u) << source.name;
    total_corrupted += corrupted.at(source.name);
  }
  EXPECT_GT(total_corrupted, 0u);

  // Every truth row names a loaded person record at its source and line; every loaded person
  // record is in the truth.
  std::map<std::string, std::pair<std::string, std::string>> truth;  // id -> (source:line, person)
  const auto truth_rows = Rows(dir.path() / "truth/records.csv");
  ASSERT_EQ(truth_rows[0], (std::vector<std::string>{"source", "line", "record_id", "person"}));
  for (std::size_t i = 1; i < truth_rows.size(); ++i) {
    const auto& r = truth_rows[i];
    ASSERT_TRUE(truth.emplace(r[2], std::make_pair(r[0] + ":" + r[1], r[3])).second) << r[2];
  }
  std::size_t persons = 0;
  for (RecordIndex i = 0; i < data.records.size(); ++i) {
    if (data.records.kind(i) != RecordKind::kPerson) continue;
    ++persons;
    const auto it = truth.find(std::string(data.records.record_id(i)));
    ASSERT_NE(it, truth.end()) << data.records.record_id(i);
    const RecordRef& ref = data.records.ref(i);
    EXPECT_EQ(it->second.first, data.sources[ref.source].name + ":" + std::to_string(ref.line));
  }
  EXPECT_EQ(persons, truth.size());

  // Truth persons: every person once, with a role; every mention's person among them.
  std::set<std::string> people;
  std::map<std::string, int> roles;
  for (const auto& row : Rows(dir.path() / "truth/persons.csv")) {
    if (row[0] == "person") continue;
    EXPECT_TRUE(people.insert(row[0]).second);
    ++roles[row[2]];
  }
  EXPECT_EQ(people.size(), 1500u);
  for (const char* role :
       {"organiser", "recruiter", "transporter", "safehouse", "hawala", "migrant"}) {
    EXPECT_GT(roles[role], 0) << role;
  }
  for (const auto& [id, where] : truth) EXPECT_TRUE(people.count(where.second)) << id;
}

TEST(Generate, RoutesFollowThePlantedCorridors) {
  const testing::TempDir dir;
  DirSink sink(dir.path());
  GenerateCase(Small(5), sink);
  std::set<std::pair<std::string, std::string>> corridor_legs;
  for (const auto& row : Rows(dir.path() / "truth/corridors.csv")) {
    if (row[0] == "corridor") continue;
    std::vector<std::string> places;
    std::string rest = row[2];
    for (std::size_t at; (at = rest.find(" > ")) != std::string::npos; rest = rest.substr(at + 3)) {
      places.push_back(rest.substr(0, at));
    }
    places.push_back(rest);
    for (std::size_t k = 1; k < places.size(); ++k) corridor_legs.emplace(places[k - 1], places[k]);
  }
  EXPECT_GE(corridor_legs.size(), 40u);
  std::map<std::string, std::string> last_time;
  std::size_t on_corridor = 0, legs = 0;
  for (const auto& row : Rows(dir.path() / "truth/routes.csv")) {
    if (row[0] == "person") continue;
    ++legs;
    on_corridor += corridor_legs.count({row[2], row[3]});
    // Times never go backwards along a person's route (ISO strings compare in time order).
    auto& last = last_time[row[0]];
    EXPECT_LE(last, row[4]) << row[0];
    last = row[4];
  }
  // Only the first leg (recruit town to corridor start) may lie off the planted legs.
  EXPECT_GE(static_cast<double>(on_corridor) / static_cast<double>(legs), 0.85);
}

double Share(const std::vector<std::vector<std::string>>& rows, std::size_t column,
             bool (*test)(const std::string&)) {
  std::size_t hits = 0, total = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].size() <= column) continue;
    ++total;
    hits += test(rows[i][column]);
  }
  return static_cast<double>(hits) / static_cast<double>(total);
}

TEST(Generate, MeasuredNoiseRatesMatchTheConfiguredOnes) {
  const testing::TempDir dir;
  DirSink sink(dir.path());
  GenerateOptions options = Small(21);
  options.persons = 6000;
  const GenerateReport report = GenerateCase(options, sink);
  const NoiseRates rates;
  const auto bus = Rows(dir.path() / "sources/bus_manifest.csv");
  const int bus_file = static_cast<int>(OutputFile::kBusManifest);
  const double rows = static_cast<double>(report.rows[bus_file]);
  EXPECT_NEAR(static_cast<double>(report.corrupted[bus_file]) / rows, rates.corrupt_row, 0.0015);
  EXPECT_NEAR(static_cast<double>(report.duplicated[bus_file]) / rows, rates.duplicate_row, 0.004);
  // Passenger names in native script: any byte outside ASCII.
  const double native = Share(bus, 1, [](const std::string& name) {
    return std::any_of(name.begin(), name.end(), [](char c) { return c & 0x80; });
  });
  EXPECT_NEAR(native, rates.native_script, 0.02);
  // "Family, Given": a comma before any "s/o" clause, among Latin names.
  const double swapped = Share(bus, 1, [](const std::string& name) {
    const auto comma = name.find(", ");
    return comma != std::string::npos && comma < name.find(" s/o ") && comma < name.find(" d/o ");
  });
  const double latin = 1 - rates.native_script;
  EXPECT_NEAR(swapped / latin, rates.swapped_order * (1 - rates.missing_name_part), 0.02);

  // Noise level 0: a clean case.
  const testing::TempDir clean_dir;
  DirSink clean(clean_dir.path());
  options.noise = 0;
  options.persons = 1500;
  const GenerateReport clean_report = GenerateCase(options, clean);
  for (int f = 0; f < kOutputFileCount; ++f) {
    EXPECT_EQ(clean_report.corrupted[f], 0u);
    EXPECT_EQ(clean_report.duplicated[f], 0u);
  }
  const auto clean_bus = Rows(clean_dir.path() / "sources/bus_manifest.csv");
  EXPECT_EQ(Share(clean_bus, 1,
                  [](const std::string& name) {
                    return std::any_of(name.begin(), name.end(), [](char c) { return c & 0x80; });
                  }),
            0.0);
}

// Generated numbers must be numbers libphonenumber accepts, or resolution could not key them.
TEST(Generate, EveryPhoneIsAValidNumberOfItsCountry) {
  MemorySink sink;
  GenerateCase(Small(5), sink);
  std::istringstream phones(sink.files[static_cast<int>(OutputFile::kTruthPhones)]);
  std::string line;
  std::getline(phones, line);  // header
  std::size_t checked = 0;
  while (std::getline(phones, line)) {
    const std::string e164 = line.substr(0, line.find(','));
    EXPECT_EQ(FormatE164(NormalisePhone(e164, "PK").e164), e164) << "invalid number " << e164;
    ++checked;
  }
  EXPECT_GT(checked, 1500u);
}

TEST(Generate, ManyDistinctPeopleShareCommonNames) {
  const testing::TempDir dir;
  DirSink sink(dir.path());
  GenerateOptions options = Small(3, 0.0);  // clean: names as they are
  options.persons = 4000;
  GenerateCase(options, sink);
  std::map<std::string, std::string> person_of;  // bus_manifest line -> person
  for (const auto& row : Rows(dir.path() / "truth/records.csv")) {
    if (row[0] == "bus_manifest") person_of[row[1]] = row[3];
  }
  std::map<std::string, std::set<std::string>> people_named;
  const auto bus = Rows(dir.path() / "sources/bus_manifest.csv");
  for (std::size_t i = 1; i < bus.size(); ++i) {
    std::string name = bus[i][1];
    name = name.substr(0, std::min(name.find(" s/o "), name.find(" d/o ")));
    people_named[name].insert(person_of.at(std::to_string(i + 1)));
  }
  std::size_t crowded = 0;
  for (const auto& [name, people] : people_named) crowded += people.size() >= 5;
  EXPECT_GE(crowded, 10u);
  EXPECT_GE(people_named["Muhammad Khan"].size(), 10u);
}

// A tazkira is one person's, whatever the case size: the first million ids, and ids that agree
// modulo 100,000 (which once shared a number), all get different numbers, in the card's
// format.
TEST(Generate, EveryTazkiraNumberIsOnePersons) {
  std::vector<std::string> numbers;
  for (std::uint64_t id = 0; id < 1'000'000; ++id) numbers.push_back(Tazkira(id));
  for (std::uint64_t k = 10; k < 10'000; ++k) numbers.push_back(Tazkira(k * 100'000 + 7));
  std::sort(numbers.begin(), numbers.end());
  EXPECT_EQ(std::adjacent_find(numbers.begin(), numbers.end()), numbers.end());
  const std::string sample = Tazkira(123456);
  ASSERT_EQ(sample.size(), 15u);
  EXPECT_EQ(sample.substr(0, 5), "1400-");
  EXPECT_EQ(sample[9], '-');
}

TEST(Noise, PhoneStylesAndDigits) {
  const PhoneNumber phone{"92", "3001234567"};
  EXPECT_EQ(FormatPhone(phone, PhoneStyle::kE164), "+923001234567");
  EXPECT_EQ(FormatPhone(phone, PhoneStyle::kInternational), "+92 300 1234567");
  EXPECT_EQ(FormatPhone(phone, PhoneStyle::kDoubleZero), "00923001234567");
  EXPECT_EQ(FormatPhone(phone, PhoneStyle::kLocalDashed), "0300-1234567");
  EXPECT_EQ(FormatPhone(phone, PhoneStyle::kLocalSpaced), "0300 123 4567");
  EXPECT_EQ(PersianDigits("0300-12"), "۰۳۰۰-۱۲");
  Rng rng(1, 2);
  for (int i = 0; i < 100; ++i) {
    const PhoneNumber wrong = WrongDigit(phone, rng);
    int differing = 0;
    for (std::size_t k = 0; k < 10; ++k) differing += wrong.national[k] != phone.national[k];
    EXPECT_EQ(differing, 1);
    EXPECT_EQ(wrong.national.substr(0, 3), "300");
  }
}

TEST(Noise, TyposChangeOneThing) {
  Rng rng(3, 4);
  for (int i = 0; i < 200; ++i) {
    const std::string typo = KeyboardTypo("Muhammad", rng);
    EXPECT_LE(std::abs(static_cast<int>(typo.size()) - 8), 1);
    EXPECT_EQ(KeyboardTypo("محمد", rng), "محمد");
    const std::string ocr = OcrTypo("SOHAIL", rng);
    EXPECT_NE(ocr, "SOHAIL");
  }
  EXPECT_EQ(FormatDate(1987, 3, 14, DateStyle::kMonthDayYear), "03/14/1987");
  EXPECT_EQ(FormatDate(1987, 3, 14, DateStyle::kDayMonYear), "14-Mar-1987");
  EXPECT_EQ(FormatDate(1987, 3, 14, DateStyle::kMonthYear), "03/1987");
}

}  // namespace
}  // namespace corridor::generate
