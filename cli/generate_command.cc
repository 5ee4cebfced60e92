// `corridor generate`: writes a synthetic case with its truth (algorithms/generate/).

#include <cerrno>
#include <charconv>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "algorithms/generate/case_generator.h"
#include "cli/command.h"
#include "cli/exit_codes.h"
#include "engine/errors.h"

namespace corridor::cli {
namespace {

using generate::OutputFile;

struct GenerateCommandOptions {
  std::uint64_t persons = 2000;
  std::uint64_t seed = 1;
  double noise = 1.0;
  std::vector<std::string> rates;  // NAME=VALUE
  std::string out_dir;
};

// Writes each output file through a large stdio buffer, created on first use.
class FileSink : public generate::CaseSink {
 public:
  explicit FileSink(std::filesystem::path root) : root_(std::move(root)) {}
  ~FileSink() override {
    for (std::FILE* file : files_) {
      if (file != nullptr) std::fclose(file);
    }
  }

  void Append(OutputFile which, std::string_view bytes) override {
    std::FILE*& file = files_[static_cast<int>(which)];
    const std::filesystem::path path = root_ / generate::OutputPath(which);
    if (file == nullptr) {
      std::error_code error;
      std::filesystem::create_directories(path.parent_path(), error);
      file = std::fopen(path.c_str(), "wb");
      if (file == nullptr) throw IoError(path.string(), std::strerror(errno));
      std::setvbuf(file, nullptr, _IOFBF, std::size_t{1} << 20);
    }
    if (std::fwrite(bytes.data(), 1, bytes.size(), file) != bytes.size()) {
      throw IoError(path.string(), std::string("write failed: ") + std::strerror(errno));
    }
  }

  void Close() {
    for (int f = 0; f < generate::kOutputFileCount; ++f) {
      std::FILE* file = files_[f];
      files_[f] = nullptr;
      if (file != nullptr && std::fclose(file) != 0) {
        throw IoError((root_ / generate::OutputPath(static_cast<OutputFile>(f))).string(),
                      std::string("write failed: ") + std::strerror(errno));
      }
    }
  }

 private:
  std::filesystem::path root_;
  std::array<std::FILE*, generate::kOutputFileCount> files_{};
};

}  // namespace

Command AddGenerateCommand(CLI::App& parent, const GlobalOptions&) {
  auto options = std::make_shared<GenerateCommandOptions>();
  CLI::App* app =
      parent.add_subcommand("generate", "Write a synthetic smuggling case with its ground truth");
  app->add_option("--persons", options->persons, "Distinct persons (organisation and migrants)")
      ->capture_default_str();
  app->add_option("--seed", options->seed, "Random seed")->capture_default_str();
  app->add_option("--noise", options->noise,
                  "Noise level: multiplies every noise rate (0 clean, 1 default, 2 heavy)")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app->add_option("--rate", options->rates,
                  "Set one noise rate before --noise scales them, as NAME=VALUE (repeatable); "
                  "names: " +
                      std::string(generate::NoiseRates::Names()));
  app->add_option("--out", options->out_dir, "Output folder")->required();
  app->footer(
      "Example:\n  corridor generate --persons 5000 --seed 7 --out cases/demo\n"
      "  corridor load cases/demo/case.json --out runs/demo\n"
      "Writes OUT/case.json, OUT/sources/ and OUT/truth/ (see README). The same seed and\n"
      "options give byte-identical files at any thread count.");
  return {app, [options] {
            generate::GenerateOptions generate_options;
            generate_options.persons = options->persons;
            generate_options.seed = options->seed;
            generate_options.noise = options->noise;
            for (const std::string& setting : options->rates) {
              const auto [name, value] = ParseNameValue(setting, "--rate", 0.0, 1.0);
              if (!generate_options.rates.Set(name, value)) {
                throw UsageError("--rate: unknown noise rate '" + name +
                                 "' (known: " + std::string(generate::NoiseRates::Names()) + ")");
              }
            }
            FileSink sink(options->out_dir);
            const generate::GenerateReport report = GenerateCase(generate_options, sink);
            sink.Close();
            std::cout << "case:    "
                      << (std::filesystem::path(options->out_dir) / "case.json").string()
                      << "\npersons: " << report.persons << " (" << report.members << " in "
                      << report.cells << " cells, " << report.migrants << " migrants)\n";
            for (int f = 1; f < generate::kOutputFileCount; ++f) {
              const auto file = static_cast<OutputFile>(f);
              std::cout << "  " << generate::OutputPath(file) << ": " << report.rows[f] << " rows";
              if (report.corrupted[f] > 0) {
                std::cout << ", " << report.corrupted[f] << " corrupted on purpose";
              }
              if (report.duplicated[f] > 0)
                std::cout << ", " << report.duplicated[f] << " duplicated";
              std::cout << '\n';
            }
            return kExitOk;
          }};
}

}  // namespace corridor::cli
