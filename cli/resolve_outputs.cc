#include "cli/resolve_outputs.h"

#include <rapidjson/document.h>
#include <rapidjson/ostreamwrapper.h>
#include <rapidjson/prettywriter.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include "cli/progress.h"
#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "engine/parallel.h"
#include "loaders/load_case.h"

namespace corridor::cli {
namespace {

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Distinct values in first-seen order, joined with " | " as records.csv joins repeats.
class DistinctList {
 public:
  void Add(std::string_view value) {
    if (value.empty() || std::find(values_.begin(), values_.end(), value) != values_.end()) {
      return;
    }
    values_.emplace_back(value);
  }
  std::string Joined() const {
    std::string out;
    for (const std::string& value : values_) out += (out.empty() ? "" : " | ") + value;
    return out;
  }
  // The value named most often, ties to the first seen: a stable, readable label.
  static std::string MostFrequent(const std::vector<std::string_view>& values) {
    std::map<std::string_view, std::size_t> counts;
    for (const std::string_view value : values) {
      if (!value.empty()) ++counts[value];
    }
    std::string_view best;
    std::size_t best_count = 0;
    for (const std::string_view value : values) {
      if (value.empty()) continue;
      if (counts[value] > best_count) {
        best = value;
        best_count = counts[value];
      }
    }
    return std::string(best);
  }

 private:
  std::vector<std::string> values_;
};

std::string_view BasisName(PayeeCallTie::Basis basis) {
  switch (basis) {
    case PayeeCallTie::Basis::kPayments:
      return "payments";
    case PayeeCallTie::Basis::kHolder:
      return "holder";
    case PayeeCallTie::Basis::kSpelling:
      return "spelling";
    case PayeeCallTie::Basis::kShared:
      return "shared";
    case PayeeCallTie::Basis::kLine:
      return "line";
    case PayeeCallTie::Basis::kPayer:
      return "payer";
    case PayeeCallTie::Basis::kCaller:
      return "caller";
    case PayeeCallTie::Basis::kCalled:
      return "called";
    case PayeeCallTie::Basis::kPlace:
      return "place";
  }
  return "unknown";
}

// Rows are formatted in parallel chunks and written in order, as records.csv is.
template <typename FormatRow>
void WriteRowsInOrder(CsvWriter& out, std::size_t rows, FormatRow format_row) {
  constexpr std::size_t kRowsPerChunk = std::size_t{1} << 14;
  const std::size_t chunks = (rows + kRowsPerChunk - 1) / kRowsPerChunk;
  parallel::OrderedText(
      chunks, static_cast<std::size_t>(2 * parallel::MaxThreads() + 2),
      [&](std::size_t chunk, std::string& text) {
        const std::size_t end = std::min(rows, (chunk + 1) * kRowsPerChunk);
        for (std::size_t i = chunk * kRowsPerChunk; i < end; ++i) format_row(i, text);
      },
      [&](std::string_view text) { out.Rows(text); });
}

// Appends fields separated by commas and ends the row.
class RowText {
 public:
  explicit RowText(std::string& text) : text_(text) {}
  RowText& operator<<(std::string_view field) {
    if (!first_) text_.push_back(',');
    first_ = false;
    AppendCsvField(text_, field);
    return *this;
  }
  // As printf's "%.6f" would write it, without printf's cost: matches.csv holds a dozen
  // weights per pair, millions of pairs on a large case.
  RowText& operator<<(double value) {
    char number[400];  // the longest double in fixed notation has 309 integer digits
    const auto result =
        std::to_chars(number, number + sizeof number, value, std::chars_format::fixed, 6);
    return *this << std::string_view(number, static_cast<std::size_t>(result.ptr - number));
  }
  ~RowText() { text_.push_back('\n'); }

 private:
  std::string& text_;
  bool first_ = true;
};

WrittenFile WriteEntitiesCsv(const std::string& path, const CaseData& data,
                             const Resolution& resolution) {
  const RecordTable& records = data.records;
  std::vector<std::uint64_t> phone_of_person_record(records.size(), 0);
  for (std::uint32_t m = 0; m < resolution.persons.size(); ++m) {
    const auto phones = resolution.persons.Phones(m);
    if (!phones.empty()) phone_of_person_record[resolution.persons.records[m]] = phones[0];
  }
  CsvWriter out(path);
  for (const char* name :
       {"entity_id", "type", "label", "names", "phones", "documents", "records"}) {
    out.Field(name);
  }
  out.EndRow();
  WriteRowsInOrder(out, resolution.entities.size(), [&](std::size_t index, std::string& text) {
    const auto e = static_cast<EntityId>(index);
    DistinctList names, phones, documents;
    std::vector<std::string> labels;
    const EntityType type = resolution.entities.types[e];
    for (const RecordIndex r : resolution.entities.Members(e)) {
      const std::string name = PersonName(records, r);
      labels.push_back(name);
      names.Add(name);
      for (const FieldValue& value : records.fields(r)) {
        if (value.field == Field::kDocument || value.field == Field::kAccount) {
          documents.Add(records.strings().View(value.value));
        }
      }
      if (phone_of_person_record[r] != 0) phones.Add(FormatE164(phone_of_person_record[r]));
    }
    if (type == EntityType::kPhone) {
      // Invalid numbers are their own entities, labelled as written.
      phones.Add(
          resolution.entity_e164[e] != 0
              ? FormatE164(resolution.entity_e164[e])
              : std::string(records.First(resolution.entities.Members(e)[0], Field::kPhone)));
    }
    std::vector<std::string_view> views(labels.begin(), labels.end());
    std::string label = DistinctList::MostFrequent(views);
    if (label.empty() && type == EntityType::kPhone) label = phones.Joined();
    if (label.empty()) label = documents.Joined();
    RowText row(text);
    row << EntityLabel(e) << EntityTypeName(type) << label << names.Joined() << phones.Joined()
        << documents.Joined() << std::to_string(resolution.entities.Members(e).size());
  });
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

WrittenFile WriteMatchesCsv(const std::string& path, const CaseData& data,
                            const Resolution& resolution) {
  const RecordTable& records = data.records;
  CsvWriter out(path);
  for (const char* name :
       {"record_id_a", "record_id_b", "entity_id", "probability", "match_weight", "prior_weight"}) {
    out.Field(name);
  }
  for (std::size_t c = 0; c < kComparisonCount; ++c) {
    out.Field(std::string(Info(c).name) + "_level");
    out.Field(std::string(Info(c).name) + "_weight");
  }
  out.EndRow();
  const PairWeigher weigh(resolution.model, &resolution.frequencies, resolution.persons);
  WriteRowsInOrder(out, resolution.matches.size(), [&](std::size_t i, std::string& text) {
    const ScoredPair& pair = resolution.matches[i];
    const RecordIndex a = resolution.persons.records[pair.a];
    const RecordIndex b = resolution.persons.records[pair.b];
    const PairWeights weights = weigh(pair.a, pair.b, pair.gamma);
    // A pair above the threshold can still sit in two entities: a cut bridge or a cannot-link.
    const EntityId ea = resolution.entity_of_record[a], eb = resolution.entity_of_record[b];
    RowText row(text);
    row << records.record_id(a) << records.record_id(b)
        << (ea == eb ? EntityLabel(ea) : std::string()) << pair.probability << weights.total
        << weights.prior_weight;
    for (std::size_t c = 0; c < kComparisonCount; ++c) {
      const std::uint8_t level = LevelOf(pair.gamma, c);
      if (level == kMissingLevel) {
        row << std::string_view() << std::string_view();
      } else {
        row << Info(c).levels[level] << weights.weights[c];
      }
    }
  });
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

// Why name-only payees were joined or kept apart: each name group's tie to the number its
// payers rang, each holder, spelling and line, each person a shared name points at, each
// mention its payer's other payments or its payer's caller point at one of the people its
// name points at, and each payer joined through his call. A named name's people have no rows
// of their own.
WrittenFile WritePayeeCallsCsv(const std::string& path, const CaseData& data,
                               const Resolution& resolution) {
  const RecordTable& records = data.records;
  CsvWriter out(path);
  for (const char* name :
       {"record_id", "list", "name", "mentions", "number", "basis", "payments",
        "payments_in_window", "first_day", "last_day", "joined_with", "entity_id"}) {
    out.Field(name);
  }
  out.EndRow();
  const auto day = [](std::int64_t days) {
    return PartialTime::FromSeconds(days * 86400, TimePrecision::kDay).ToIso();
  };
  const PersonMentions& persons = resolution.persons;
  WriteRowsInOrder(out, resolution.payee_calls.ties.size(), [&](std::size_t i, std::string& text) {
    const PayeeCallTie& tie = resolution.payee_calls.ties[i];
    const RecordIndex r = persons.records[tie.representative];
    RowText row(text);
    const bool dated =
        tie.basis != PayeeCallTie::Basis::kHolder && tie.basis != PayeeCallTie::Basis::kSpelling &&
        tie.basis != PayeeCallTie::Basis::kPayer && tie.basis != PayeeCallTie::Basis::kPlace;
    const bool counted = tie.basis != PayeeCallTie::Basis::kHolder;
    row << records.record_id(r) << persons.column_names[persons.column[tie.representative]]
        << PersonName(records, r) << std::to_string(tie.mentions) << FormatE164(tie.e164)
        << BasisName(tie.basis) << (counted ? std::to_string(tie.payments) : std::string())
        << (counted ? std::to_string(tie.in_window) : std::string())
        << (dated ? day(tie.first_day) : std::string())
        << (dated ? day(tie.last_day) : std::string())
        << (tie.joined ? records.record_id(persons.records[tie.anchor]) : std::string_view())
        << EntityLabel(resolution.entity_of_record[r]);
  });
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

// Why numbers were taken as one person's: each number that took over from another, with the
// callers the two share across the change.
WrittenFile WriteNumberSuccessionsCsv(const std::string& path, const CaseData& data,
                                      const Resolution& resolution) {
  const RecordTable& records = data.records;
  CsvWriter out(path);
  for (const char* name :
       {"previous_number", "next_number", "previous_last_day", "next_first_day", "shared_callers",
        "previous_callers", "next_callers", "anchor", "entity_id"}) {
    out.Field(name);
  }
  out.EndRow();
  const auto day = [](std::int64_t days) {
    return PartialTime::FromSeconds(days * 86400, TimePrecision::kDay).ToIso();
  };
  const PersonMentions& persons = resolution.persons;
  const std::vector<NumberSuccession>& successions = resolution.payee_calls.successions;
  WriteRowsInOrder(out, successions.size(), [&](std::size_t i, std::string& text) {
    const NumberSuccession& succession = successions[i];
    RowText row(text);
    row << FormatE164(succession.previous) << FormatE164(succession.next)
        << day(succession.previous_last_day) << day(succession.next_first_day)
        << std::to_string(succession.shared_callers) << std::to_string(succession.previous_callers)
        << std::to_string(succession.next_callers);
    if (succession.anchor == kNoId) {
      row << std::string_view() << std::string_view();
    } else {
      const RecordIndex r = persons.records[succession.anchor];
      row << records.record_id(r) << EntityLabel(resolution.entity_of_record[r]);
    }
  });
  out.Close();
  return {path, out.sha256_hex(), out.bytes()};
}

void WriteBlockingJson(const std::string& path, const Resolution& resolution,
                       const ResolveOptions& options) {
  std::ofstream file(path);
  if (!file) throw IoError(path, "cannot create file");
  rapidjson::OStreamWrapper stream(file);
  rapidjson::PrettyWriter<rapidjson::OStreamWrapper> w(stream);
  w.StartObject();
  w.Key("person_mentions");
  w.Uint64(resolution.persons.size());
  w.Key("candidate_pairs");
  w.Uint64(resolution.candidate_pairs);
  w.Key("max_block");
  w.Uint64(options.blocking.max_block);
  w.Key("window");
  w.Uint64(options.blocking.window);
  w.Key("rules");
  w.StartArray();
  for (const BlockingRuleReport& rule : resolution.blocking) {
    w.StartObject();
    w.Key("rule");
    w.String(rule.rule.c_str());
    w.Key("pairs");
    w.Uint64(rule.pairs);
    w.Key("blocks");
    w.Uint64(rule.blocks);
    w.Key("largest_block");
    w.Uint64(rule.largest_block);
    w.Key("capped_blocks");
    w.Uint64(rule.capped_blocks);
    w.Key("capped_mentions");
    w.Uint64(rule.capped_mentions);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  file << '\n';
  if (!file) throw IoError(path, "write failed");
}

}  // namespace

WrittenFile Digest(const std::string& path) {
  const std::string text = [&path] {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
  }();
  return {path, Sha256::HexOf(text), text.size()};
}

void AddResolveFlags(CLI::App& app, ResolveFlags& flags) {
  app.add_option("--threshold", flags.threshold,
                 "Match probability at which two person mentions merge")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1.0));
  app.add_option("--max-block", flags.max_block,
                 "Blocking keys shared by more mentions than this give no pairs")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_flag("--no-payee-calls", flags.no_payee_calls,
               "Do not join name-only payees through the number their payers rang on the day "
               "of payment");
}

ResolveOptions ResolveSettings(const ResolveFlags& flags) {
  ResolveOptions resolve;
  resolve.threshold = flags.threshold;
  resolve.blocking.max_block = flags.max_block;
  resolve.payee_calls.enabled = !flags.no_payee_calls;
  return resolve;
}

void AddResolveFlagsToManifest(const ResolveFlags& flags,
                               std::map<std::string, std::string>& options) {
  options["threshold"] = std::to_string(flags.threshold);
  options["max_block"] = std::to_string(flags.max_block);
  options["payee_calls"] = flags.no_payee_calls ? "off" : "on";
}

CaseData LoadWithProgress(const std::string& case_path, bool quiet) {
  const CaseFile case_file = ReadCaseFile(case_path);
  LoadOptions load;
  Progress progress("loading", Progress::Unit::kBytes, Progress::ShouldShow(quiet));
  load.on_progress = [&](std::uint64_t done, std::uint64_t total) { progress.Update(done, total); };
  CaseData data = LoadCase(case_file, load);
  progress.Finish();
  return data;
}

void CreateFolder(const std::string& path) {
  std::error_code error;
  std::filesystem::create_directories(path, error);
  if (error) throw IoError(path, "cannot create folder: " + error.message());
}

void WriteTextFile(const std::string& path, const std::string& text) {
  std::ofstream file(path, std::ios::binary);
  if (!file) throw IoError(path, "cannot create file");
  file << text;
  if (!file) throw IoError(path, "write failed");
}

FellegiSunterModel ReadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw IoError(path, "cannot open model file");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  return ModelFromJson(buffer.str(), path);
}

RunOutputs LoadAndResolve(const std::string& case_path, const std::string& out_dir,
                          const ResolveOptions& options, bool quiet) {
  RunOutputs run;
  CreateFolder(out_dir);
  auto start = std::chrono::steady_clock::now();
  run.data = LoadWithProgress(case_path, quiet);
  run.extras.timings_s["load"] = SecondsSince(start);

  ResolveOptions resolve = options;
  const bool show = Progress::ShouldShow(quiet);
  resolve.on_stage = [show](const std::string& stage, double seconds) {
    if (show) ReportStage("resolve", stage, seconds);
  };
  run.resolution = Resolve(run.data, resolve);
  for (const auto& [stage, seconds] : run.resolution.timings_s) {
    run.extras.timings_s["resolve_" + stage] = seconds;
  }

  start = std::chrono::steady_clock::now();
  const std::filesystem::path out(out_dir);
  const auto file = [&out](const char* name) { return (out / name).string(); };
  run.extras.outputs.push_back(
      WriteRecordsCsv(file("records.csv"), run.data, run.resolution.entity_of_record));
  run.extras.outputs.push_back(WriteRejectsCsv(file("rejects.csv"), run.data));
  run.extras.outputs.push_back(WriteEntitiesCsv(file("entities.csv"), run.data, run.resolution));
  run.extras.outputs.push_back(WriteMatchesCsv(file("matches.csv"), run.data, run.resolution));
  run.extras.outputs.push_back(
      WritePayeeCallsCsv(file("payee_calls.csv"), run.data, run.resolution));
  run.extras.outputs.push_back(
      WriteNumberSuccessionsCsv(file("number_successions.csv"), run.data, run.resolution));
  WriteBlockingJson(file("blocking.json"), run.resolution, resolve);
  run.extras.outputs.push_back(Digest(file("blocking.json")));
  WriteTextFile(file("model.json"), ModelToJson(run.resolution.model));
  run.extras.outputs.push_back(Digest(file("model.json")));
  run.extras.timings_s["write"] = SecondsSince(start);
  return run;
}

RunSettings ReadRunSettings(const std::filesystem::path& run) {
  const std::string path = (run / "manifest.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InvalidInput(path, 0, "", "not a resolved run: no manifest.json");
  std::ostringstream text;
  text << in.rdbuf();
  rapidjson::Document manifest;
  manifest.Parse(text.str().c_str());
  if (manifest.HasParseError() || !manifest.IsObject() || !manifest.HasMember("options") ||
      !manifest["options"].IsObject()) {
    throw InvalidInput(path, 0, "", "manifest has no options object");
  }
  const auto& options = manifest["options"];
  const auto text_option = [&](const char* key) -> std::string {
    return options.HasMember(key) && options[key].IsString() ? options[key].GetString() : "";
  };
  RunSettings settings;
  settings.case_path = text_option("case_file");
  if (settings.case_path.empty()) {
    throw InvalidInput(path, 0, "options.case_file",
                       "not written by corridor resolve or run (no case_file option)");
  }
  if (const std::string threshold = text_option("threshold"); !threshold.empty()) {
    settings.threshold = std::stod(threshold);
  }
  if (const std::string max_block = text_option("max_block"); !max_block.empty()) {
    settings.max_block = std::stoul(max_block);
  }
  // Runs from before the option existed were resolved without payee calls.
  settings.payee_calls = text_option("payee_calls") == "on";
  return settings;
}

ReloadedRun ReloadRun(const std::filesystem::path& run, bool quiet) {
  ReloadedRun out;
  out.settings = ReadRunSettings(run);
  ResolveOptions resolve;
  resolve.threshold = out.settings.threshold;
  resolve.blocking.max_block = out.settings.max_block;
  resolve.payee_calls.enabled = out.settings.payee_calls;
  resolve.fixed_model = ReadModelFile((run / "model.json").string());
  out.data = LoadWithProgress(out.settings.case_path, quiet);
  out.resolution = Resolve(out.data, resolve);
  return out;
}

void PrintResolveSummary(const CaseData& data, const Resolution& resolution, std::ostream& out) {
  std::array<std::size_t, kEntityTypeCount> by_type{};
  for (const EntityType type : resolution.entities.types) ++by_type[static_cast<std::size_t>(type)];
  out << "records:          " << data.records.size() << " (" << data.rejects.size()
      << " rows rejected)\n"
      << "person mentions:  " << resolution.persons.size() << '\n'
      << "candidate pairs:  " << resolution.candidate_pairs << '\n'
      << "matched pairs:    " << resolution.matches.size() << '\n'
      << "model:            prior " << resolution.model.prior << ", EM "
      << resolution.model.iterations << " iterations"
      << (resolution.model.converged ? "" : " (not converged)") << '\n'
      << "entities:        ";
  for (int t = 0; t < kEntityTypeCount; ++t) {
    if (by_type[t] != 0)
      out << ' ' << EntityTypeName(static_cast<EntityType>(t)) << ' ' << by_type[t];
  }
  out << '\n';
  if (!resolution.payee_calls.ties.empty()) {
    const PayeeCalls& payees = resolution.payee_calls;
    // A group tied to several numbers (a hawaladar who changed his) has a tie for each.
    std::set<std::uint64_t> numbers;
    std::set<std::uint32_t> tied_groups;
    const auto count = [&](PayeeCallTie::Basis basis) {
      return std::count_if(payees.ties.begin(), payees.ties.end(),
                           [basis](const PayeeCallTie& tie) { return tie.basis == basis; });
    };
    const auto count_joined = [&](PayeeCallTie::Basis basis) {
      return std::count_if(
          payees.ties.begin(), payees.ties.end(),
          [basis](const PayeeCallTie& tie) { return tie.basis == basis && tie.joined; });
    };
    for (const PayeeCallTie& tie : payees.ties) {
      if (tie.basis != PayeeCallTie::Basis::kPayments) continue;
      numbers.insert(tie.e164);
      tied_groups.insert(tie.representative);
    }
    out << "payee calls:      " << tied_groups.size() << " name groups tied to " << numbers.size()
        << " numbers, " << count(PayeeCallTie::Basis::kHolder) << " holders, "
        << count(PayeeCallTie::Basis::kSpelling) << " spellings, "
        << count(PayeeCallTie::Basis::kLine) << " lines ("
        << count_joined(PayeeCallTie::Basis::kLine) << " joined), "
        << count(PayeeCallTie::Basis::kPayer) << " payers' lines ("
        << count_joined(PayeeCallTie::Basis::kPayer) << " joined), "
        << count(PayeeCallTie::Basis::kCaller) << " payers by their calls ("
        << count_joined(PayeeCallTie::Basis::kCaller) << " joined), "
        << count(PayeeCallTie::Basis::kCalled) << " lines by their payers' calls ("
        << count_joined(PayeeCallTie::Basis::kCalled) << " joined), "
        << count(PayeeCallTie::Basis::kPlace) << " lines by place ("
        << count_joined(PayeeCallTie::Basis::kPlace) << " joined), " << payees.joins.size()
        << " mentions joined (payee_calls.csv), " << payees.successions.size()
        << " numbers taking over from another (number_successions.csv)";
    if (!payees.kept_apart.empty()) {
      std::set<std::uint32_t> shared_groups;
      for (const PayeeCallTie& tie : payees.ties) {
        if (tie.basis == PayeeCallTie::Basis::kShared) shared_groups.insert(tie.representative);
      }
      out << ", " << shared_groups.size() << " name groups of two people at once ("
          << payees.kept_apart.size() << " mentions kept apart)";
    }
    if (payees.held_back != 0) out << ", " << payees.held_back << " held back";
    if (payees.refused_by_judgement != 0) {
      out << ", " << payees.refused_by_judgement << " joins refused by judgements";
    }
    out << '\n';
  }
  for (const BlockingRuleReport& rule : resolution.blocking) {
    if (rule.capped_blocks != 0) {
      out << "warning: blocking rule " << rule.rule << " skipped " << rule.capped_blocks
          << " blocks over the size limit (" << rule.capped_mentions << " mentions, largest "
          << rule.largest_block << ")\n";
    }
  }
}

}  // namespace corridor::cli
