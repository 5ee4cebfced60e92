// `corridor names score PAIRS.csv`: scores pairs of names on their own, for an analyst checking
// a tip against the names in a case. Every input row comes back with its columns as they were,
// plus `score` (0 to 1, four decimals) and `match` (true at or above kNameMatchThreshold);
// algorithms/resolve/name_score.h has the method and why the threshold is where it is.
//
// The whole input is read, and every row checked, before anything is written: a bad row on line
// 90,000 stops the run with nothing on stdout and no half-written --out file, rather than a
// truncated result that looks complete. The output is held in memory meanwhile (about the
// input's size, twice that while --out copies it). Each distinct name is normalised once, as
// names repeat heavily in real lists (the same suspect against every row of a phone book).

#include <charconv>
#include <cmath>
#include <cstdint>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "algorithms/resolve/name_score.h"
#include "algorithms/resolve/normalise.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "engine/csv_writer.h"
#include "engine/errors.h"
#include "engine/string_pool.h"
#include "loaders/csv_reader.h"

namespace corridor::cli {
namespace {

struct NamesScoreOptions {
  std::string pairs;
  std::string name1 = "name1";
  std::string name2 = "name2";
  std::string out;  // empty: stdout
};

constexpr std::string_view kScoreColumn = "score";
constexpr std::string_view kMatchColumn = "match";

// Normalises each distinct raw name once. Ids come from a StringPool, whose id 0 is the empty
// string: slot 0 holds the empty name. Callers keep ids, not references, across calls to Id,
// since a new name may move the others.
class NameCache {
 public:
  NameCache() : names_(1) {}

  StringId Id(std::string_view raw) {
    const StringId id = pool_.Intern(raw);
    if (id == names_.size()) names_.push_back(normaliser_.Normalise(raw));
    return id;
  }
  const NormalisedName& operator[](StringId id) const { return names_[id]; }

 private:
  NameNormaliser normaliser_;
  StringPool pool_;
  std::vector<NormalisedName> names_;
};

std::size_t FindColumn(const NamesScoreOptions& options, const CsvRow& header,
                       const std::string& column, const char* option) {
  for (std::size_t i = 0; i < header.fields.size(); ++i) {
    if (header.fields[i] == column) return i;
  }
  std::string known;
  for (const std::string_view name : header.fields) {
    known.append(known.empty() ? "" : ", ").append(name);
  }
  throw InvalidInput(options.pairs, header.line, "",
                     "column '" + column + "' is not in the header (columns: " + known +
                         "); name the column with " + option);
}

// Appends ",score,match" for one pair and returns the match. The match is decided on the score
// as printed, so the two columns never disagree at the fourth decimal.
bool AppendVerdict(double score, std::string& out) {
  const double printed = std::round(score * 10000.0) / 10000.0;
  char digits[16];
  const auto result =
      std::to_chars(digits, digits + sizeof digits, printed, std::chars_format::fixed, 4);
  const bool match = printed >= kNameMatchThreshold;
  out.push_back(',');
  out.append(digits, result.ptr);
  out.append(match ? ",true\n" : ",false\n");
  return match;
}

std::string ShortestDecimal(double value) {
  char digits[32];
  const auto result = std::to_chars(digits, digits + sizeof digits, value);
  return std::string(digits, result.ptr);
}

struct Scored {
  std::string csv;
  std::uint64_t rows = 0;
  std::uint64_t matches = 0;
};

Scored ScorePairs(const NamesScoreOptions& options, bool show_progress) {
  CsvReader reader(options.pairs, CsvOptions{});
  Progress progress("scoring " + options.pairs, Progress::Unit::kBytes, show_progress);
  CsvRow row;
  if (!reader.Next(row)) throw InvalidInput(options.pairs, "the file is empty: no header row");
  if (!row.error.empty()) {
    throw InvalidInput(options.pairs, row.line, "", "header row: " + row.error);
  }
  const std::size_t width = row.fields.size();
  const std::size_t first = FindColumn(options, row, options.name1, "--name1");
  const std::size_t second = FindColumn(options, row, options.name2, "--name2");
  // Two columns of one name would leave a reader of the output guessing which is which.
  for (const std::string_view name : row.fields) {
    if (name == kScoreColumn || name == kMatchColumn) {
      throw InvalidInput(options.pairs, row.line, "",
                         "the header already has a column '" + std::string(name) +
                             "', which the output adds; rename or remove it");
    }
  }

  Scored scored;
  const auto append_row = [&scored](const CsvRow& csv_row) {
    for (std::size_t i = 0; i < csv_row.fields.size(); ++i) {
      if (i > 0) scored.csv.push_back(',');
      AppendCsvField(scored.csv, csv_row.fields[i]);
    }
  };
  append_row(row);
  scored.csv.append(",").append(kScoreColumn).append(",").append(kMatchColumn).append("\n");

  NameCache names;
  while (reader.Next(row)) {
    ++scored.rows;
    if (scored.rows % 4096 == 0) progress.Update(reader.bytes_read(), reader.total_bytes());
    // A skipped row would silently drop a pair the analyst asked about.
    if (!row.error.empty()) throw InvalidInput(options.pairs, row.line, "", row.error);
    if (row.fields.size() != width) {
      throw InvalidInput(options.pairs, row.line, "",
                         "expected " + std::to_string(width) + " fields as in the header, found " +
                             std::to_string(row.fields.size()));
    }
    const StringId a = names.Id(row.fields[first]);
    const StringId b = names.Id(row.fields[second]);
    const double score = NameScore(names[a], names[b]);
    append_row(row);
    if (AppendVerdict(score, scored.csv)) ++scored.matches;
  }
  progress.Finish();
  return scored;
}

void WriteStdout(std::string_view text) {
  std::cout.write(text.data(), static_cast<std::streamsize>(text.size()));
  std::cout.flush();
  if (!std::cout) throw IoError("stdout", "write failed");
}

}  // namespace

Command AddNamesCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<NamesScoreOptions>();
  CLI::App* app = parent.add_subcommand("names", "Work with names on their own: score pairs");
  app->require_subcommand(1);
  app->footer("Example:\n  corridor names score tip_pairs.csv --out scored.csv");

  CLI::App* score = app->add_subcommand(
      "score", "Score pairs of names (any script) from a CSV; adds score and match columns");
  score->add_option("pairs", options->pairs, "CSV file with a header and one pair per row")
      ->required();
  score->add_option("--name1", options->name1, "Column of the first name")->capture_default_str();
  score->add_option("--name2", options->name2, "Column of the second name")->capture_default_str();
  score->add_option("--out", options->out, "Write the CSV here instead of stdout");
  score->fallthrough();
  score->footer(
      "Example:\n  corridor names score tip.csv --name1 suspect --name2 contact --out "
      "scored.csv\n"
      "Writes every row back, columns unchanged (as comma-separated CSV), plus score: 0 to 1,\n"
      "1 for the same name in any order, 0.95 for the same name in another script or spelling;\n"
      "and match: true when score >= " +
      ShortestDecimal(kNameMatchThreshold) + ".\n" + kExitCodeHelp);

  return {app, [options, &global] {
            const Scored scored = ScorePairs(*options, Progress::ShouldShow(global.quiet));
            if (options->out.empty()) {
              WriteStdout(scored.csv);
            } else {
              CsvWriter writer(options->out);
              writer.Rows(scored.csv);
              writer.Close();
            }
            if (!global.quiet) {
              std::cerr << "names: " << scored.rows << " pairs scored, " << scored.matches
                        << " matches";
              if (!options->out.empty()) std::cerr << " -> " << options->out;
              std::cerr << '\n';
            }
            return kExitOk;
          }};
}

}  // namespace corridor::cli
