// `corridor explain OUT RECORD_A RECORD_B`: why two person records were merged, or not. Reads
// the run's manifest for the case and threshold, re-runs resolution with the run's saved model
// (so the scores are the run's own), and prints a waterfall: the prior, each field's level,
// values and weight, the total and the probability, and what happened to the pair.

#include <rapidjson/document.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unordered_map>

#include "algorithms/resolve/resolve.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/resolve_outputs.h"
#include "engine/case_writers.h"
#include "engine/errors.h"

namespace corridor::cli {
namespace {

struct ExplainOptions {
  std::string run_dir;
  std::string record_a;
  std::string record_b;
};

std::string Values(const RecordTable& records, RecordIndex r, std::initializer_list<Field> fields) {
  std::string out;
  for (const Field field : fields) {
    for (const FieldValue& value : records.fields(r)) {
      if (value.field != field) continue;
      if (!out.empty()) out += " | ";
      out += records.strings().View(value.value);
    }
  }
  return out.empty() ? "-" : "\"" + out + "\"";
}

std::string ComparisonValues(const RecordTable& records, RecordIndex r, Comparison comparison) {
  switch (comparison) {
    case Comparison::kName:
      return Values(records, r, {Field::kFullName, Field::kGivenName, Field::kFamilyName});
    case Comparison::kGiven:
      return Values(records, r, {Field::kGivenName});
    case Comparison::kFamily:
      return Values(records, r, {Field::kFamilyName});
    case Comparison::kFather:
      return Values(records, r, {Field::kFatherName, Field::kFullName});
    case Comparison::kDob:
      return Values(records, r, {Field::kDob});
    case Comparison::kDocument:
      return Values(records, r, {Field::kDocument});
    case Comparison::kPhone:
      return Values(records, r, {Field::kPhone});
    case Comparison::kEmail:
      return Values(records, r, {Field::kEmail});
    case Comparison::kAddress:
      return Values(records, r, {Field::kAddress});
    case Comparison::kCity:
      return Values(records, r, {Field::kCity});
    case Comparison::kPostcode:
      return Values(records, r, {Field::kPostcode});
    case Comparison::kNationality:
      return Values(records, r, {Field::kNationality});
    case Comparison::kSex:
      return Values(records, r, {Field::kSex});
    case Comparison::kJourney:
    case Comparison::kCompanions: {
      // The journey, and so the trip, is on the travel record of the mention's row.
      const RecordRef& row = records.ref(r);
      for (RecordIndex q = r > 4 ? r - 4 : 0; q < std::min<std::size_t>(records.size(), r + 5);
           ++q) {
        const RecordRef& other = records.ref(q);
        if (records.kind(q) != RecordKind::kTravel || other.source != row.source ||
            other.line != row.line) {
          continue;
        }
        return "\"" + std::string(records.First(q, Field::kFromPlace)) + " > " +
               std::string(records.First(q, Field::kToPlace)) + " " + records.time(q).ToIso() +
               "\"";
      }
      return "-";
    }
  }
  return "-";
}

}  // namespace

Command AddExplainCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<ExplainOptions>();
  CLI::App* app = parent.add_subcommand(
      "explain", "Why two person records were merged or not: a waterfall of match weights");
  app->add_option("run", options->run_dir, "Output folder of corridor resolve")
      ->required()
      ->check(CLI::ExistingDirectory);
  app->add_option("record_a", options->record_a, "A record id")->required();
  app->add_option("record_b", options->record_b, "Another record id")->required();
  app->footer(
      "Example:\n  corridor explain out/sample T-m0-30#person X-m0-45#person\n"
      "Re-runs resolution with the run's model.json, so it takes about as long as the run.");
  return {app, [options, &global] {
            const std::filesystem::path run(options->run_dir);
            const ReloadedRun reloaded = ReloadRun(run, global.quiet);
            const CaseData& data = reloaded.data;
            const Resolution& resolution = reloaded.resolution;
            const RecordTable& records = data.records;
            std::unordered_map<std::string_view, RecordIndex> by_id;
            for (RecordIndex r = 0; r < records.size(); ++r) by_id.emplace(records.record_id(r), r);
            const auto find = [&](const std::string& id) {
              const auto it = by_id.find(id);
              if (it == by_id.end()) {
                throw UsageError("no record " + id + " in the case of " + options->run_dir);
              }
              return it->second;
            };
            const RecordIndex a = find(options->record_a), b = find(options->record_b);
            const PairExplanation explanation = ExplainPair(resolution, a, b);
            std::ostream& out = std::cout;
            char line[512];
            for (const RecordIndex r : {a, b}) {
              const RecordRef& ref = records.ref(r);
              out << "record " << records.record_id(r) << ": " << data.sources[ref.source].name
                  << " line " << ref.line << " (" << data.sources[ref.source].info.path << ")\n";
            }
            std::snprintf(line, sizeof line, "\n%-12s %-14s %9s   %s\n", "field", "level", "weight",
                          "values (a ; b)");
            out << line;
            const FellegiSunterModel& model = resolution.model;
            const PersonMentions& persons = resolution.persons;
            const double prior = PriorOf(model, persons, explanation.a, explanation.b);
            std::string pairs = "all pairs";
            if (prior != model.match_prior) {
              pairs = "pairs of " + model.lists[persons.column[explanation.a]] + " and " +
                      model.lists[persons.column[explanation.b]] + " mentions";
            }
            // The list names are the case's source names, of any length: streamed, not
            // formatted into the fixed line buffer.
            std::snprintf(line, sizeof line, "%-12s %-14s %+9.2f   share of ", "prior", "",
                          explanation.weights.prior_weight);
            out << line << pairs;
            std::snprintf(line, sizeof line, " that match: %.3g\n", prior);
            out << line;
            for (std::size_t c = 0; c < kComparisonCount; ++c) {
              const std::uint8_t level = LevelOf(explanation.gamma, c);
              const auto comparison = static_cast<Comparison>(c);
              // A father read from the name ("s/o Gul Khan") shows as the name; a name that
              // gave none shows nothing.
              const auto shown = [&](RecordIndex r, std::uint32_t mention) {
                if (comparison == Comparison::kFather && persons.father[mention] == 0) {
                  return std::string("-");
                }
                return ComparisonValues(records, r, comparison);
              };
              const std::string values = shown(a, explanation.a) + " ; " + shown(b, explanation.b);
              if (level == kMissingLevel) {
                if (values == "- ; -") continue;
                std::snprintf(
                    line, sizeof line, "%-12s %-14s %9s   %s\n", std::string(Info(c).name).c_str(),
                    values.find("- ;") == 0 || values.ends_with("; -") ? "missing" : "not used",
                    "0", values.c_str());
              } else {
                std::snprintf(line, sizeof line, "%-12s %-14s %+9.2f   %s\n",
                              std::string(Info(c).name).c_str(),
                              std::string(Info(c).levels[level]).c_str(),
                              explanation.weights.weights[c], values.c_str());
              }
              out << line;
            }
            std::snprintf(line, sizeof line,
                          "%-12s %-14s %+9.2f   probability %.6f (threshold %.4f)\n", "total", "",
                          explanation.weights.total, explanation.probability,
                          reloaded.settings.threshold);
            out << line << '\n';
            const EntityId ea = resolution.entity_of_record[a], eb = resolution.entity_of_record[b];
            const auto& kept_apart = resolution.payee_calls.kept_apart;
            const auto is_kept_apart = [&](std::uint32_t m) {
              return std::binary_search(kept_apart.begin(), kept_apart.end(), m);
            };
            // A kept-apart mention merges with nothing on the model's word, whatever it says.
            const bool scored_apart = is_kept_apart(explanation.a) || is_kept_apart(explanation.b);
            if (ea == eb) {
              const auto& joins = resolution.payee_calls.joins;
              const auto by_payee_calls = [&](std::uint32_t m) {
                return std::any_of(joins.begin(), joins.end(), [m](const auto& join) {
                  return join.first == m || join.second == m;
                });
              };
              out << "same entity: " << EntityLabel(ea);
              if (explanation.probability >= reloaded.settings.threshold && !scored_apart) {
                out << " (merged directly)\n";
              } else if (by_payee_calls(explanation.a) && by_payee_calls(explanation.b)) {
                out << " (joined through a ledger's payments and the calls around them: payees "
                       "by the number their payers rang, their payers' other payments, their "
                       "payers' calls or their payments' place, payers by their call to the "
                       "payee; see payee_calls.csv)\n";
              } else {
                out << " (joined through other records, not directly)\n";
              }
            } else {
              const std::uint32_t first = std::min(explanation.a, explanation.b);
              const std::uint32_t second = std::max(explanation.a, explanation.b);
              const bool paired = std::any_of(
                  resolution.matches.begin(), resolution.matches.end(),
                  [&](const ScoredPair& pair) { return pair.a == first && pair.b == second; });
              out << "different entities: " << EntityLabel(ea) << " and " << EntityLabel(eb);
              if (explanation.probability < reloaded.settings.threshold) {
                out << " (below the threshold)\n";
              } else if (scored_apart) {
                out << " (above the threshold, kept apart: a payee name written for two people "
                       "at once, see payee_calls.csv)\n";
              } else if (paired) {
                out << " (above the threshold, kept apart by a cannot-link judgement or the "
                       "chaining guard)\n";
              } else {
                out << " (above the threshold, but no blocking rule paired them)\n";
              }
            }
            return kExitOk;
          }};
}

}  // namespace corridor::cli
