#pragma once
// The steps commands share: loading a case with progress, resolving it, and writing the
// resolution's files. Output formats (DESIGN.md section 5):
//   entities.csv   entity_id, type, label, names, phones, documents, records
//   payee_calls.csv  record_id, list, name, mentions, number, basis, payments,
//                  payments_in_window, first_day, last_day, joined_with, entity_id: each name
//                  group of name-only payees tied to the number its payers rang (basis
//                  "payments"; a group tied through a person's successive numbers counts all
//                  its pointing payments as in the window), each mention holding such a number
//                  under the group's name
//                  ("holder", payment columns empty), and each group that follows a tied one
//                  by its spelling ("spelling": payments pointing at the component's numbers and
//                  at any; days empty; number: one of the followed group's), each mention
//                  joined by its own payment's call ("line": 1 and 1, the payment's day twice),
//                  and for each group whose payments point at two people at once, one row per
//                  person ("shared": payments pointing at that person's numbers and at any,
//                  days of the first and last of the former; its mentions are kept apart),
//                  and each mention whose name points at people (a shared or named name's)
//                  that its payer's other payments point at one of
//                  ("payer": the person's number, the payer's other payments to him and all
//                  its payments; days empty), and each lone name-only payer joined to the one
//                  caller of his name who rang his payee that day ("caller": the caller's
//                  number, 1 and the payee's numbers, the payment's day twice), and each line
//                  such a payer's caller points at one of the people its name points at
//                  ("called": the person's number he rang, 1 and those people, the
//                  payment's day twice), and each mention whose name points at people that
//                  joined the one of them its name's mentions in its payment's place went to
//                  ("place": the person's number, those mentions that joined him by their
//                  payers' calls and all the name's mentions there; days empty)
//                  (payee_calls.h)
//   number_successions.csv  previous_number, next_number, previous_last_day,
//                  next_first_day, shared_callers, previous_callers, next_callers, anchor,
//                  entity_id: each number that took over from another as one person's (the
//                  last call to the first, the first to the second, the callers of the first in
//                  its last weeks who rang the second in its first, the distinct callers of
//                  each then; the mention the person's joins go to and its entity, empty when
//                  none) (payee_calls.h)
//   matches.csv    record_id_a, record_id_b, entity_id, probability, match_weight,
//                  prior_weight, then <comparison>_level and <comparison>_weight for each
//                  comparison (level names as in compare.h; empty when the field is missing);
//                  a copy of a profile merged on its own evidence is paired with the profile's
//                  first mention
//   blocking.json  candidate pairs per rule, capped blocks, the union's size
//   model.json     the Fellegi-Sunter model (reusable with --model)

#include <CLI/CLI.hpp>
#include <filesystem>
#include <iosfwd>
#include <map>
#include <string>

#include "algorithms/resolve/resolve.h"
#include "engine/case_data.h"
#include "engine/case_writers.h"

namespace corridor::cli {

// The resolution options `resolve` and `run` share.
struct ResolveFlags {
  double threshold = ResolveOptions().threshold;
  std::size_t max_block = BlockingOptions().max_block;
  bool no_payee_calls = false;
};
void AddResolveFlags(CLI::App& app, ResolveFlags& flags);
ResolveOptions ResolveSettings(const ResolveFlags& flags);
// Records the flags in a manifest's options, where ReloadRun finds them.
void AddResolveFlagsToManifest(const ResolveFlags& flags,
                               std::map<std::string, std::string>& options);

CaseData LoadWithProgress(const std::string& case_path, bool quiet);
void CreateFolder(const std::string& path);
void WriteTextFile(const std::string& path, const std::string& text);
// Size and SHA-256 of a file already written, for the manifest.
WrittenFile Digest(const std::string& path);
FellegiSunterModel ReadModelFile(const std::string& path);

struct RunOutputs {
  CaseData data;
  Resolution resolution;
  ManifestExtras extras;  // outputs and timings filled; command and options left to the caller
};

RunOutputs LoadAndResolve(const std::string& case_path, const std::string& out_dir,
                          const ResolveOptions& options, bool quiet);

// What a run's manifest says about how it was resolved.
struct RunSettings {
  std::string case_path;  // absolute
  double threshold = ResolveOptions().threshold;
  std::size_t max_block = BlockingOptions().max_block;
  bool payee_calls = PayeeCallOptions().enabled;
};
RunSettings ReadRunSettings(const std::filesystem::path& run);

// A run resolved again from its case with its own model.json: the same entities, ids and
// scores as the run wrote, for commands that need more than its files.
struct ReloadedRun {
  RunSettings settings;
  CaseData data;
  Resolution resolution;
};
ReloadedRun ReloadRun(const std::filesystem::path& run, bool quiet);

void PrintResolveSummary(const CaseData& data, const Resolution& resolution, std::ostream& out);

}  // namespace corridor::cli
