#pragma once
// Progress lines on stderr for long stages: done/total, rate and ETA, redrawn in place at
// most a few times a second. Silent when stderr is not a terminal or with --quiet, so logs
// and pipes stay clean.

#include <chrono>
#include <cstdint>
#include <string>

namespace corridor::cli {

class Progress {
 public:
  enum class Unit { kBytes, kItems };

  Progress(std::string stage, Unit unit, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void Update(std::uint64_t done, std::uint64_t total);
  // Ends the line; called by the destructor if not before.
  void Finish();

  // True when progress should be drawn: stderr is a terminal and --quiet was not given.
  static bool ShouldShow(bool quiet);

 private:
  using Clock = std::chrono::steady_clock;

  void Draw(std::uint64_t done, std::uint64_t total);

  std::string stage_;
  Unit unit_;
  bool enabled_;
  bool drawn_ = false;
  Clock::time_point start_;
  Clock::time_point last_draw_;
};

// One line on stderr as a stage of a long command ends: "analyse: betweenness    12.34 s".
// Callers print it only where Progress::ShouldShow allows.
void ReportStage(const char* part, const std::string& stage, double seconds);

// "12.3 MB", "4.56 M" (items): three significant digits, decimal prefixes.
std::string HumanCount(double value, Progress::Unit unit);

}  // namespace corridor::cli
