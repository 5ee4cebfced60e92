#include "cli/analyse_options.h"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <sstream>
#include <string>

#include "cli/command.h"
#include "cli/output_format.h"

namespace corridor::cli {

std::pair<std::string, double> ParseNameValue(const std::string& setting, const char* flag,
                                              double low, double high) {
  const auto equals = setting.find('=');
  double value = low - 1;
  if (equals != std::string::npos) {
    const std::string text = setting.substr(equals + 1);
    const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) value = low - 1;
  }
  if (equals == std::string::npos || !(value >= low && value <= high)) {
    std::ostringstream message;
    message << flag << ": '" << setting << "' is not NAME=VALUE with a value between " << low
            << " and " << high;
    throw UsageError(message.str());
  }
  return {setting.substr(0, equals), value};
}

namespace {

std::optional<double> ParseResolution(const std::string& text) {
  double value = -1.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc() || end != text.data() + text.size() || !(value >= 0.0) ||
      !std::isfinite(value)) {
    return std::nullopt;
  }
  return value + 0.0;  // -0 becomes 0
}

}  // namespace

void AddAnalyseFlags(CLI::App& app, AnalyseFlags& flags) {
  app.add_option("--objective", flags.objective,
                 "Community objective: modularity, or cpm (constant Potts model)")
      ->capture_default_str()
      ->check(CLI::IsMember({"modularity", "cpm"}));
  app.add_option("--resolution", flags.resolution,
                 "Leiden resolution: higher gives more, smaller cells. auto: max(1, m / " +
                     std::to_string(static_cast<std::int64_t>(kCellReferenceWeight)) +
                     "), m the total tie weight of the graph cells are found on, so a small "
                     "dump and a large one give cells of one scale (modularity on a resolved "
                     "run; 1 for CPM and --edges)")
      ->capture_default_str()
      ->check(CLI::Validator(
          [](std::string& value) -> std::string {
            return value == "auto" || ParseResolution(value) ? "" : "not 'auto' or a number >= 0";
          },
          "auto|NUMBER"));
  app.add_option("--seed", flags.seed,
                 "Seed of Leiden and of the pivots of sampled betweenness and harmonic closeness")
      ->capture_default_str();
  app.add_option("--iterations", flags.iterations,
                 "Leiden iterations; 0 has no cap, leaving --tolerance to stop them (2 is "
                 "igraph's default: faster on large graphs, slightly lower modularity)")
      ->capture_default_str();
  app.add_option("--tolerance", flags.tolerance,
                 "Leiden stops after an iteration that raises the quality by less than this "
                 "share of it; 0 waits for an iteration that changes nothing")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--exact-limit", flags.exact_limit,
                 "Betweenness and harmonic closeness are exact up to this many nodes, "
                 "sampled beyond")
      ->capture_default_str();
  app.add_option("--samples", flags.samples, "Pivots of sampled betweenness and harmonic closeness")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-group", flags.max_group,
                 "Shared phones, addresses and journeys with more persons than this make no "
                 "person-to-person ties")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--money-service-payers", flags.money_service_payers,
                 "A person paid by this many distinct payers or more is a money service: cells "
                 "are found without its payments and its phones' calls (0: none)")
      ->capture_default_str();
  app.add_flag("--street-addresses", flags.street_addresses,
               "Tie persons by any address they share; by default only by one that names a "
               "dwelling (a house, flat or plot number), not a street or a town");
  std::string ties;
  for (int t = 0; t < kTieCount; ++t) {
    ties += (t ? ", " : "") + std::string(TieName(static_cast<Tie>(t))) + "=" +
            std::to_string(ProjectionWeights().weight[t]).substr(0, 3);
  }
  app.add_option(
      "--tie-weight", flags.tie_weights,
      "Weight of one kind of person-to-person tie, as KIND=W (repeatable); defaults: " + ties);
  app.add_option("--style", flags.style, "GraphML style: plain, or yed (adds yEd graphics)")
      ->capture_default_str()
      ->check(CLI::IsMember({"plain", "yed"}));
  app.add_option("--min-support", flags.min_support,
                 "Corridors: the fewest distinct persons that make a path a corridor")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("--max-stay-days", flags.max_stay_days,
                 "Corridors: a longer stay in one place ends a trip")
      ->capture_default_str()
      ->check(CLI::NonNegativeNumber);
  app.add_option("--max-speed", flags.max_speed_kmh,
                 "Legs faster than this (km/h, door to door) are flagged too_fast")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
}

NetworkRunOptions NetworkSettings(const AnalyseFlags& flags) {
  NetworkRunOptions settings;
  settings.analysis.leiden.objective =
      flags.objective == "cpm" ? LeidenObjective::kCpm : LeidenObjective::kModularity;
  if (flags.resolution == "auto") {
    settings.analysis.leiden.resolution = 1.0;
    settings.analysis.reference_weight = kCellReferenceWeight;
  } else {
    const std::optional<double> resolution = ParseResolution(flags.resolution);
    if (!resolution) throw UsageError("--resolution: '" + flags.resolution + "' is not a number");
    settings.analysis.leiden.resolution = *resolution;
  }
  settings.analysis.leiden.seed = flags.seed;
  settings.analysis.leiden.max_iterations = flags.iterations;
  settings.analysis.leiden.tolerance = flags.tolerance;
  settings.analysis.exact_limit = flags.exact_limit;
  settings.analysis.samples = flags.samples;
  settings.network.max_group = flags.max_group;
  settings.network.money_service_payers = flags.money_service_payers;
  settings.network.street_addresses = flags.street_addresses;
  for (const std::string& setting : flags.tie_weights) {
    const auto [name, value] = ParseNameValue(setting, "--tie-weight", 0.0, 1e6);
    const std::optional<Tie> tie = ParseTie(name);
    if (!tie) throw UsageError("--tie-weight: unknown kind of tie '" + name + "'");
    settings.network.weights.weight[static_cast<std::size_t>(*tie)] = value;
  }
  settings.yed = flags.style == "yed";
  settings.routes.yed = settings.yed;
  settings.routes.corridors.min_support = flags.min_support;
  settings.routes.corridors.max_stay_days = flags.max_stay_days;
  settings.routes.movements.max_speed_kmh = flags.max_speed_kmh;
  return settings;
}

void AddAnalyseFlagsToManifest(const AnalyseFlags& flags,
                               std::map<std::string, std::string>& options) {
  options["objective"] = flags.objective;
  options["resolution"] = flags.resolution;
  options["seed"] = std::to_string(flags.seed);
  options["iterations"] = std::to_string(flags.iterations);
  options["tolerance"] = Number(flags.tolerance);
  options["exact_limit"] = std::to_string(flags.exact_limit);
  options["samples"] = std::to_string(flags.samples);
  options["max_group"] = std::to_string(flags.max_group);
  options["money_service_payers"] = std::to_string(flags.money_service_payers);
  options["street_addresses"] = flags.street_addresses ? "true" : "false";
  options["style"] = flags.style;
  std::string ties;
  for (const std::string& setting : flags.tie_weights) ties += (ties.empty() ? "" : ",") + setting;
  options["tie_weights"] = ties;
  options["min_support"] = std::to_string(flags.min_support);
  options["max_stay_days"] = std::to_string(flags.max_stay_days);
  options["max_speed_kmh"] = std::to_string(flags.max_speed_kmh);
}

}  // namespace corridor::cli
