// `corridor load`: reads every source of a case file and writes records.csv, rejects.csv and
// manifest.json, then prints a per-source summary.

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include "cli/command.h"
#include "cli/exit_codes.h"
#include "cli/progress.h"
#include "engine/case_writers.h"
#include "engine/errors.h"
#include "loaders/load_case.h"

namespace corridor::cli {
namespace {

struct LoadCommandOptions {
  std::string case_path;
  std::string out_dir;
};

void PrintSummary(const CaseData& data, std::ostream& out) {
  char line[256];
  std::snprintf(line, sizeof line, "%-24s %-10s %10s %10s %10s %10s  %s\n", "source", "format",
                "rows", "loaded", "rejected", "records", "warnings");
  out << line;
  for (const SourceReport& s : data.sources) {
    std::string warnings;
    for (const auto& [name, count] : s.warnings) {
      warnings += (warnings.empty() ? "" : ", ") + name + " " + std::to_string(count);
    }
    std::snprintf(line, sizeof line, "%-24s %-10s %10llu %10llu %10llu %10llu  ",
                  s.name.substr(0, 24).c_str(), s.format.c_str(),
                  static_cast<unsigned long long>(s.info.rows),
                  static_cast<unsigned long long>(s.info.loaded),
                  static_cast<unsigned long long>(s.info.rejected),
                  static_cast<unsigned long long>(s.records));
    out << line << warnings << '\n';
  }
}

}  // namespace

Command AddLoadCommand(CLI::App& parent, const GlobalOptions& global) {
  auto options = std::make_shared<LoadCommandOptions>();
  CLI::App* app = parent.add_subcommand(
      "load", "Read every source of a case into records with provenance, and rejects");
  app->add_option("case", options->case_path, "The case file (JSON)")->required();
  app->add_option("--out", options->out_dir, "Output folder")->required();
  app->footer(
      "Example:\n  corridor load examples/sample-case/case.json --out out/sample\n"
      "Writes OUT/records.csv, OUT/rejects.csv and OUT/manifest.json.");
  return {
      app, [options, &global] {
        const auto start = std::chrono::steady_clock::now();
        const CaseFile case_file = ReadCaseFile(options->case_path);
        std::error_code error;
        std::filesystem::create_directories(options->out_dir, error);
        if (error) throw IoError(options->out_dir, "cannot create folder: " + error.message());
        LoadOptions load;
        Progress progress("loading", Progress::Unit::kBytes, Progress::ShouldShow(global.quiet));
        load.on_progress = [&](std::uint64_t done, std::uint64_t total) {
          progress.Update(done, total);
        };
        const CaseData data = LoadCase(case_file, load);
        progress.Finish();
        const double load_s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        const std::filesystem::path out(options->out_dir);
        const std::string records = (out / "records.csv").string();
        const std::string rejects = (out / "rejects.csv").string();
        const auto write_start = std::chrono::steady_clock::now();
        ManifestExtras extras;
        extras.outputs = {WriteRecordsCsv(records, data), WriteRejectsCsv(rejects, data)};
        extras.command = "load";
        extras.options = {{"case", options->case_path}, {"out", options->out_dir}};
        extras.timings_s = {
            {"load", load_s},
            {"write", std::chrono::duration<double>(std::chrono::steady_clock::now() - write_start)
                          .count()}};
        const std::string manifest = (out / "manifest.json").string();
        WriteManifest(manifest, data, extras);
        PrintSummary(data, std::cout);
        std::cout << "records:  " << records << " (" << data.records.size() << ")\n"
                  << "rejects:  " << rejects << " (" << data.rejects.size() << ")\n"
                  << "manifest: " << manifest << '\n';
        return kExitOk;
      }};
}

}  // namespace corridor::cli
