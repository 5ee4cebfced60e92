#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

namespace corridor::cli {
namespace {

constexpr auto kRedrawInterval = std::chrono::milliseconds(200);

}  // namespace

void ReportStage(const char* part, const std::string& stage, double seconds) {
  std::fprintf(stderr, "%s: %-12s %8.2f s\n", part, stage.c_str(), seconds);
}

std::string HumanCount(double value, Progress::Unit unit) {
  static constexpr const char* kPrefixes[] = {"", "k", "M", "G", "T"};
  std::size_t prefix = 0;
  while (value >= 1000 && prefix + 1 < std::size(kPrefixes)) {
    value /= 1000;
    ++prefix;
  }
  char text[32];
  const char* suffix = unit == Progress::Unit::kBytes ? "B" : "";
  const char* space = unit == Progress::Unit::kBytes || prefix > 0 ? " " : "";
  std::snprintf(text, sizeof text, value < 10 && prefix > 0 ? "%.2f%s%s%s" : "%.0f%s%s%s", value,
                space, kPrefixes[prefix], suffix);
  return text;
}

Progress::Progress(std::string stage, Unit unit, bool enabled)
    : stage_(std::move(stage)), unit_(unit), enabled_(enabled), start_(Clock::now()) {}

Progress::~Progress() { Finish(); }

bool Progress::ShouldShow(bool quiet) { return !quiet && isatty(STDERR_FILENO) == 1; }

void Progress::Update(std::uint64_t done, std::uint64_t total) {
  if (!enabled_) return;
  const auto now = Clock::now();
  if (drawn_ && now - last_draw_ < kRedrawInterval) return;
  last_draw_ = now;
  Draw(done, total);
}

void Progress::Draw(std::uint64_t done, std::uint64_t total) {
  const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
  const double rate = seconds > 0 ? static_cast<double>(done) / seconds : 0;
  std::string line = "\r" + stage_ + ": " + HumanCount(static_cast<double>(done), unit_);
  if (total > 0) line += " / " + HumanCount(static_cast<double>(total), unit_);
  line += "  " + HumanCount(rate, unit_) + "/s";
  if (total > done && rate > 0) {
    line += "  ETA " + std::to_string(static_cast<long long>((total - done) / rate + 0.5)) + " s";
  }
  line += "\x1b[K";  // clear what a longer previous line left behind
  std::fputs(line.c_str(), stderr);
  drawn_ = true;
}

void Progress::Finish() {
  if (!enabled_ || !drawn_) return;
  std::fputc('\n', stderr);
  drawn_ = false;
  enabled_ = false;
}

}  // namespace corridor::cli
