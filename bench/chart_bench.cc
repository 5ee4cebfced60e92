// Link chart drawing time: a synthetic smuggling-network chart (default 300 nodes, ~600 links,
// labels in Latin and Arabic script, 1-4 citations per element) generated outside the timer,
// then written several times as SVG and PDF with each layout engine, and once as CSV, GraphML
// and DOT. Each trial is timed around WriteChart (layout, rendering, writing into the page
// cache) and verified: the file's size equals the bytes reported, an SVG or DOT is the same
// bytes in every trial, a PDF starts with %PDF. Issue #7's bar: extraction and drawing of a
// 300-node chart within 5 s. Prints one JSON line per trial.
//
//   corridor_chart_bench [--nodes N] [--trials T] [--keep DIR]
//
// --keep DIR leaves chart.{svg,pdf,csv,graphml,dot} (auto layout) in DIR instead of removing
// them, e.g. to look at the drawing: `neato -n2 -Tpng DIR/chart.dot -o chart.png`.

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "engine/chart.h"
#include "engine/errors.h"

namespace corridor {
namespace {

struct Options {
  std::uint32_t nodes = 300;
  int trials = 3;
  std::string keep;  // empty: a temporary folder, removed at the end
};

constexpr std::string_view kGiven[] = {"Muhammad", "Abdul",   "Gul",  "Hamid",
                                       "Ayesha",   "Bibi",    "Reza", "Karim",
                                       "Naveed",   "Shahida", "Ali",  "\u0645\u062D\u0645\u062F",
                                       "Zahra",    "Faisal"};
constexpr std::string_view kFamily[] = {
    "Khan",   "Karimi",  "Baloch",   "Rehman",  "Yusufzai",
    "Ahmadi", "Qureshi", "Hosseini", "Durrani", "\u0631\u0636\u0627",
    "Shah",   "Noorzai"};
constexpr std::string_view kPlaces[] = {"Quetta",  "Taftan",  "Zahedan",  "Kerman",
                                        "Mashhad", "Van",     "Istanbul", "Gwadar",
                                        "Turbat",  "Karachi", "Tehran",   "Erzurum"};
constexpr std::string_view kSources[] = {"bus_manifest.csv", "cdr_jazz.csv",  "ledger.xlsx",
                                         "handset_17.csv",   "passports.csv", "hawala_book.pdf"};

class Generator {
 public:
  explicit Generator(std::uint32_t nodes) : rng_(7) { Build(nodes); }
  Chart Take() { return std::move(chart_); }

 private:
  std::uint32_t Pick(const std::vector<std::uint32_t>& from) { return from[rng_() % from.size()]; }

  std::vector<std::string> Evidence() {
    std::vector<std::string> evidence;
    for (std::uint64_t i = 0, n = 1 + rng_() % 4; i < n; ++i) {
      evidence.push_back(std::string(kSources[rng_() % std::size(kSources)]) + ":" +
                         std::to_string(2 + rng_() % 40'000) + " T-" + std::to_string(rng_() % 90));
    }
    return evidence;
  }

  std::uint32_t Add(EntityType type, std::string id, std::string label) {
    chart_.nodes.push_back({std::move(id), type, std::move(label), false, Evidence()});
    return static_cast<std::uint32_t>(chart_.nodes.size() - 1);
  }

  void Link(std::uint32_t source, std::uint32_t target, LinkType type, bool money) {
    const int year = 2021 + static_cast<int>(rng_() % 3);
    const PartialTime first = PartialTime::FromCivil(
        {year, 1 + static_cast<int>(rng_() % 12), 1 + static_cast<int>(rng_() % 28)},
        TimePrecision::kDay);
    const PartialTime last = PartialTime::FromSeconds(
        first.seconds() + static_cast<std::int64_t>(rng_() % 400) * 86'400, TimePrecision::kDay);
    std::string amount;
    if (money) {
      amount = std::to_string(5'000 * (1 + rng_() % 100)) + " PKR";
      if (rng_() % 3 == 0) amount += "; " + std::to_string(100 * (1 + rng_() % 50)) + " USD";
    }
    chart_.links.push_back({source, target, type, static_cast<std::uint32_t>(1 + rng_() % 40),
                            first, last, std::move(amount), Evidence()});
  }

  // Half persons in cells of about 15, then phones, accounts, places, documents and a few
  // organisations; links mostly inside a cell, a few brokers (the focus) bridging cells.
  void Build(std::uint32_t nodes) {
    chart_.title = "Case 41/2023: Quetta - Van corridor, benchmark chart";
    chart_.footer = "run manifest sha256 9f2c41d0e7b5a3c8; corridor 0.4.0";
    std::vector<std::uint32_t> persons, phones, accounts, places, documents, organisations;
    const std::uint32_t person_count = nodes / 2;
    for (std::uint32_t i = 0; i < person_count; ++i) {
      persons.push_back(Add(EntityType::kPerson, "E" + std::to_string(i),
                            std::string(kGiven[rng_() % std::size(kGiven)]) + " " +
                                std::string(kFamily[rng_() % std::size(kFamily)])));
    }
    for (std::uint32_t i = 0; i < nodes * 23 / 100; ++i) {
      phones.push_back(
          Add(EntityType::kPhone, "+9230" + std::to_string(10'000'000 + i * 104'729), ""));
    }
    for (std::uint32_t i = 0; i < nodes / 10; ++i) {
      accounts.push_back(Add(EntityType::kAccount, "ACC-" + std::to_string(i),
                             "HBL " + std::to_string(1000 + rng_() % 9000)));
    }
    for (std::uint32_t i = 0; i < std::size(kPlaces) && chart_.nodes.size() < nodes; ++i) {
      places.push_back(Add(EntityType::kPlace, "P" + std::to_string(i), std::string(kPlaces[i])));
    }
    for (std::uint32_t i = 0; chart_.nodes.size() + nodes / 30 < nodes; ++i) {
      documents.push_back(Add(EntityType::kDocument, "D" + std::to_string(i),
                              "Passport AB" + std::to_string(100'000 + rng_() % 900'000)));
    }
    for (std::uint32_t i = 0; chart_.nodes.size() < nodes; ++i) {
      organisations.push_back(Add(EntityType::kOrganisation, "O" + std::to_string(i),
                                  "Al-Noor Travel & Cargo " + std::to_string(i)));
    }

    constexpr std::uint32_t kCell = 15;
    const auto cell_mate = [&](std::uint32_t p) {
      const std::uint32_t base = p / kCell * kCell;
      return persons[std::min<std::uint32_t>(base + rng_() % kCell, person_count - 1)];
    };
    for (std::uint32_t p = 0; p < person_count; p += kCell) chart_.nodes[persons[p]].focus = true;
    for (const std::uint32_t phone : phones) {
      const std::uint32_t owner = Pick(persons);
      Link(owner, phone, LinkType::kUses, false);
      for (int call = 0; call < 2; ++call) {
        const std::uint32_t other = phones[(phone + 1 + rng_() % 6) % phones.size()];
        if (other != phone) Link(phone, other, LinkType::kCalled, false);
      }
    }
    for (const std::uint32_t account : accounts) {
      Link(Pick(persons), account, LinkType::kHolds, false);
      for (int payment = 0; payment < 3; ++payment) {
        Link(account, rng_() % 2 ? Pick(accounts) : Pick(persons), LinkType::kPaid, true);
      }
    }
    for (const std::uint32_t document : documents) {
      Link(Pick(persons), document, LinkType::kHolds, false);
    }
    for (const std::uint32_t organisation : organisations) {
      Link(organisation, Pick(accounts), LinkType::kPaid, true);
    }
    for (std::size_t i = 0; i + 1 < places.size(); ++i) {
      Link(places[i], places[i + 1], LinkType::kLeg, false);
    }
    for (std::uint32_t p = 0; p < person_count; ++p) {
      if (rng_() % 2 == 0) Link(persons[p], Pick(places), LinkType::kTravelled, false);
      const std::uint32_t mate = cell_mate(p);
      if (mate != persons[p]) Link(persons[p], mate, LinkType::kAssociate, false);
      if (p % kCell == 0) {
        Link(persons[p], Pick(persons), LinkType::kAssociate, false);  // brokers bridge cells
      }
    }
  }

  std::mt19937_64 rng_;
  Chart chart_;
};

const char* FormatName(ChartFormat format) {
  switch (format) {
    case ChartFormat::kGraphml:
      return "graphml";
    case ChartFormat::kSvg:
      return "svg";
    case ChartFormat::kPdf:
      return "pdf";
    case ChartFormat::kCsv:
      return "csv";
    case ChartFormat::kDot:
      return "dot";
  }
  return "?";
}

const char* LayoutName(ChartLayout layout) {
  switch (layout) {
    case ChartLayout::kAuto:
      return "auto";
    case ChartLayout::kNeato:
      return "neato";
    case ChartLayout::kSfdp:
      return "sfdp";
  }
  return "?";
}

// Times `trials` writes; returns false (after saying why) if one fails verification.
bool Time(const Chart& chart, const std::filesystem::path& out, ChartFormat format,
          ChartLayout layout, int trials) {
  std::string first_sha;
  for (int trial = 0; trial < trials; ++trial) {
    const auto start = std::chrono::steady_clock::now();
    const ChartFile file = WriteChart(chart, out, format, {.layout = layout});
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (first_sha.empty()) first_sha = file.sha256_hex;
    const bool reproducible = format == ChartFormat::kPdf || file.sha256_hex == first_sha;
    std::FILE* written = std::fopen(out.c_str(), "rb");
    char magic[5] = {};
    const bool is_pdf = written != nullptr && std::fread(magic, 1, 4, written) == 4 &&
                        std::string_view(magic) == "%PDF";
    if (written != nullptr) std::fclose(written);
    if (std::filesystem::file_size(out) != file.bytes || !reproducible ||
        (format == ChartFormat::kPdf && !is_pdf)) {
      std::fprintf(stderr, "verification failed: %s trial %d\n", FormatName(format), trial);
      return false;
    }
    std::printf(
        "{\"bench\":\"chart_write\",\"format\":\"%s\",\"layout\":\"%s\",\"nodes\":%zu,"
        "\"links\":%zu,\"trial\":%d,\"bytes\":%llu,\"seconds\":%.3f}\n",
        FormatName(format), LayoutName(layout), chart.nodes.size(), chart.links.size(), trial,
        static_cast<unsigned long long>(file.bytes), seconds);
    std::fflush(stdout);
  }
  return true;
}

int Run(const Options& options) {
  const Chart chart = Generator(options.nodes).Take();
  ValidateChart(chart);
  const std::filesystem::path dir =
      options.keep.empty() ? std::filesystem::temp_directory_path() / "corridor_chart_bench"
                           : std::filesystem::path(options.keep);
  std::filesystem::create_directories(dir);
  bool ok = true;
  for (const ChartLayout layout : {ChartLayout::kAuto, ChartLayout::kSfdp}) {
    for (const ChartFormat format : {ChartFormat::kSvg, ChartFormat::kPdf}) {
      const std::string name =
          std::string(layout == ChartLayout::kAuto ? "chart." : "sfdp.") + FormatName(format);
      ok = ok && Time(chart, dir / name, format, layout, options.trials);
    }
  }
  for (const ChartFormat format : {ChartFormat::kDot, ChartFormat::kCsv, ChartFormat::kGraphml}) {
    ok = ok && Time(chart, dir / (std::string("chart.") + FormatName(format)), format,
                    ChartLayout::kAuto, 1);
  }
  if (options.keep.empty()) std::filesystem::remove_all(dir);
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace corridor

int main(int argc, char** argv) {
  corridor::Options options;
  if (argc % 2 == 0) {
    std::fprintf(stderr, "every flag takes a value\n");
    return 2;
  }
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string_view flag = argv[i];
    const char* value = argv[i + 1];
    if (flag == "--nodes") {
      options.nodes = static_cast<std::uint32_t>(std::strtoul(value, nullptr, 10));
    } else if (flag == "--trials") {
      options.trials = std::atoi(value);
    } else if (flag == "--keep") {
      options.keep = value;
    } else {
      std::fprintf(stderr, "unknown flag %s\n", argv[i]);
      return 2;
    }
  }
  if (options.nodes < 60 || options.trials <= 0) {
    std::fprintf(stderr, "--nodes must be at least 60 and --trials positive\n");
    return 2;
  }
  try {
    return corridor::Run(options);
  } catch (const corridor::Error& e) {
    std::fprintf(stderr, "%s\n", e.what());
    return 1;
  }
}
