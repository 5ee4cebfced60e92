// make_cdr_case: writes a case folder of generated call detail records for the loader
// benchmark (bench/load_bench.sh): OUT/case.json and OUT/sources/cdr_N.csv, totalling about
// the requested size. Output depends only on the arguments, so a case can be regenerated
// instead of shipped.
//
// The rows imitate operator CDR exports from Pakistan: numbers in the formats different
// operators use (+92 300 1234567, 0300-1234567, 00923001234567, ...) for the same subscriber,
// ISO start times, and a cell column quoted with an embedded comma in part of the rows, so the
// loader exercises quoting and interning of repeated values as it would on real dumps.
//
// Rows are formatted by hand into a buffer flushed in large writes: iostreams formatting would
// make the generator, not the disk, the bottleneck for multi-gigabyte cases.

#include <array>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr std::string_view kUsage =
    "usage: make_cdr_case OUT_DIR [--mb TOTAL_MB] [--files N] [--seed S]\n"
    "Writes OUT_DIR/case.json and N CDR-style CSV files under OUT_DIR/sources/ totalling about\n"
    "TOTAL_MB megabytes (10^6 bytes; default 1000, 2 files, seed 1).\n";

// SplitMix64: a fixed, portable sequence for a given seed (the standard distributions are
// implementation-defined, so they would make the case differ between standard libraries).
class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
  }
  // Uniform enough in [0, n) for test data: n is tiny next to 2^64.
  std::uint32_t Below(std::uint32_t n) { return static_cast<std::uint32_t>(Next() % n); }

 private:
  std::uint64_t state_;
};

struct Subscriber {
  std::uint16_t network;     // 300..349: the mobile network code after 92
  std::uint32_t subscriber;  // 7 digits
};

struct CellSite {
  std::string_view code;
  std::string_view city;
};

constexpr std::array<CellSite, 10> kCities = {{{"QTA", "Quetta"},
                                               {"TFN", "Taftan"},
                                               {"NSK", "Nushki"},
                                               {"DLB", "Dalbandin"},
                                               {"GWD", "Gwadar"},
                                               {"TBT", "Turbat"},
                                               {"KHI", "Karachi"},
                                               {"PSH", "Peshawar"},
                                               {"LHE", "Lahore"},
                                               {"ISB", "Islamabad"}}};

constexpr std::array<int, 12> kDaysIn2024 = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

// Enough subscribers that interning sees many distinct numbers, few enough that each recurs
// in many calls as in a real case; a small hot set stands in for the handful of numbers
// investigators care about, which dominate a seized CDR.
constexpr std::uint32_t kSubscribers = 200'000;
constexpr std::uint32_t kHotSubscribers = 500;
constexpr std::size_t kFlushBytes = std::size_t{4} << 20;

class RowWriter {
 public:
  explicit RowWriter(std::FILE* file) : file_(file) { buffer_.reserve(kFlushBytes + 4096); }

  void Text(std::string_view text) { buffer_.append(text); }
  void Char(char c) { buffer_.push_back(c); }
  // `value` in exactly `width` digits, zero-padded.
  void Digits(std::uint64_t value, int width) {
    char digits[20];
    for (int i = width - 1; i >= 0; --i) {
      digits[i] = static_cast<char>('0' + value % 10);
      value /= 10;
    }
    buffer_.append(digits, static_cast<std::size_t>(width));
  }
  void Number(std::uint64_t value) {
    char digits[20];
    const auto result = std::to_chars(digits, digits + sizeof digits, value);
    buffer_.append(digits, result.ptr);
  }
  // Flushes once the buffer is full, so callers write whole rows between checks.
  void EndRow() {
    buffer_.push_back('\n');
    if (buffer_.size() >= kFlushBytes) Flush();
  }
  void Flush() {
    if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) {
      throw std::runtime_error(std::string("write failed: ") + std::strerror(errno));
    }
    written_ += buffer_.size();
    buffer_.clear();
  }
  std::uint64_t bytes() const { return written_ + buffer_.size(); }

 private:
  std::FILE* file_;
  std::string buffer_;
  std::uint64_t written_ = 0;
};

void WritePhone(const Subscriber& s, Rng& rng, RowWriter& out) {
  switch (rng.Below(6)) {
    case 0:  // +92 300 1234567
      out.Text("+92 ");
      out.Number(s.network);
      out.Char(' ');
      out.Digits(s.subscriber, 7);
      break;
    case 1:  // 0300-1234567
      out.Char('0');
      out.Number(s.network);
      out.Char('-');
      out.Digits(s.subscriber, 7);
      break;
    case 2:  // 00923001234567
      out.Text("0092");
      out.Number(s.network);
      out.Digits(s.subscriber, 7);
      break;
    case 3:  // 03001234567
      out.Char('0');
      out.Number(s.network);
      out.Digits(s.subscriber, 7);
      break;
    case 4:  // +923001234567
      out.Text("+92");
      out.Number(s.network);
      out.Digits(s.subscriber, 7);
      break;
    default:  // 923001234567, as most operator exports give it
      out.Text("92");
      out.Number(s.network);
      out.Digits(s.subscriber, 7);
      break;
  }
}

// An Iranian mobile (Zahedan, Mashhad): the cross-border calls a corridor case turns on.
void WriteForeignPhone(Rng& rng, RowWriter& out) {
  const bool plus = rng.Below(2) == 0;
  out.Text(plus ? "+98 91" : "009891");
  out.Number(1 + rng.Below(9));
  if (plus) out.Char(' ');
  out.Digits(rng.Below(10'000'000), 7);
}

const Subscriber& PickSubscriber(const std::vector<Subscriber>& pool, Rng& rng) {
  if (rng.Below(5) == 0) return pool[rng.Below(kHotSubscribers)];
  return pool[rng.Below(kSubscribers)];
}

void WriteRow(const std::vector<Subscriber>& pool, char prefix, std::uint64_t sequence, Rng& rng,
              RowWriter& out) {
  out.Char(prefix);
  out.Char('-');
  out.Number(sequence);
  out.Char(',');
  const Subscriber& a = PickSubscriber(pool, rng);
  WritePhone(a, rng, out);
  out.Char(',');
  if (rng.Below(100) == 0) {
    WriteForeignPhone(rng, out);
  } else {
    const Subscriber* b = &PickSubscriber(pool, rng);
    if (b == &a) b = &pool[(static_cast<std::size_t>(b - pool.data()) + 1) % pool.size()];
    WritePhone(*b, rng, out);
  }
  out.Char(',');
  std::uint32_t day = rng.Below(366);
  int month = 0;
  while (day >= static_cast<std::uint32_t>(kDaysIn2024[month])) day -= kDaysIn2024[month++];
  const std::uint32_t second = rng.Below(86'400);
  out.Text("2024-");
  out.Digits(static_cast<std::uint64_t>(month) + 1, 2);
  out.Char('-');
  out.Digits(day + 1, 2);
  out.Char('T');
  out.Digits(second / 3600, 2);
  out.Char(':');
  out.Digits(second / 60 % 60, 2);
  out.Char(':');
  out.Digits(second % 60, 2);
  out.Char(',');
  // Mostly short calls, some long ones, a few unanswered.
  const std::uint32_t kind = rng.Below(100);
  out.Number(kind < 3 ? 0 : kind < 85 ? 1 + rng.Below(300) : 300 + rng.Below(3300));
  out.Char(',');
  const CellSite& site = kCities[rng.Below(kCities.size())];
  const std::uint32_t cell = 1 + rng.Below(200);
  const bool with_city = rng.Below(10) < 3;
  if (with_city) out.Char('"');
  out.Text(site.code);
  out.Char('-');
  out.Digits(cell, 3);
  if (with_city) {
    out.Text(", ");
    out.Text(site.city);
    out.Char('"');
  }
  out.EndRow();
}

struct FileResult {
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
};

FileResult WriteCdrFile(const std::filesystem::path& path, const std::vector<Subscriber>& pool,
                        char prefix, std::uint64_t target_bytes, Rng rng) {
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr) {
    throw std::runtime_error(path.string() + ": cannot create: " + std::strerror(errno));
  }
  FileResult result;
  try {
    RowWriter out(file);
    out.Text("call_id,a_number,b_number,start,duration_s,cell_id");
    out.EndRow();
    while (out.bytes() < target_bytes) WriteRow(pool, prefix, ++result.rows, rng, out);
    out.Flush();
    result.bytes = out.bytes();
  } catch (...) {
    std::fclose(file);
    throw;
  }
  if (std::fclose(file) != 0) {
    throw std::runtime_error(path.string() + ": close failed: " + std::strerror(errno));
  }
  return result;
}

void WriteCaseFile(const std::filesystem::path& path, const std::vector<std::string>& sources) {
  std::string json =
      "{\n  \"name\": \"Generated CDR case (load benchmark)\",\n  \"region\": \"PK\",\n"
      "  \"sources\": [\n";
  for (std::size_t i = 0; i < sources.size(); ++i) {
    json += "    { \"path\": \"" + sources[i] +
            "\", \"kind\": \"call\",\n"
            "      \"fields\": { \"id\": \"call_id\", \"from\": \"a_number\", \"to\": "
            "\"b_number\", \"time\": \"start\",\n"
            "                  \"duration\": \"duration_s\", \"cell\": \"cell_id\" } }";
    json += i + 1 < sources.size() ? ",\n" : "\n";
  }
  json += "  ]\n}\n";
  std::FILE* file = std::fopen(path.c_str(), "wb");
  if (file == nullptr || std::fwrite(json.data(), 1, json.size(), file) != json.size() ||
      std::fclose(file) != 0) {
    throw std::runtime_error(path.string() + ": cannot write");
  }
}

std::uint64_t ParseCount(std::string_view option, const char* text) {
  std::uint64_t value = 0;
  const std::string_view s(text);
  const auto [end, error] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (error != std::errc() || end != s.data() + s.size()) {
    throw std::invalid_argument(std::string(option) + ": not a number: " + std::string(s));
  }
  return value;
}

int Run(int argc, char** argv) {
  std::string out_dir;
  std::uint64_t total_mb = 1000;
  std::uint64_t files = 2;
  std::uint64_t seed = 1;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      std::fputs(kUsage.data(), stdout);
      return 0;
    }
    if (arg == "--mb" || arg == "--files" || arg == "--seed") {
      if (i + 1 == argc) throw std::invalid_argument(std::string(arg) + " needs a value");
      const std::uint64_t value = ParseCount(arg, argv[++i]);
      (arg == "--mb" ? total_mb : arg == "--files" ? files : seed) = value;
    } else if (out_dir.empty() && !arg.starts_with("-")) {
      out_dir = arg;
    } else {
      throw std::invalid_argument("unexpected argument: " + std::string(arg));
    }
  }
  if (out_dir.empty()) throw std::invalid_argument("OUT_DIR is required");
  if (files == 0 || files > 26) throw std::invalid_argument("--files must be 1..26");

  const auto start = std::chrono::steady_clock::now();
  const std::filesystem::path root(out_dir);
  std::filesystem::create_directories(root / "sources");
  Rng rng(seed);
  std::vector<Subscriber> pool(kSubscribers);
  for (Subscriber& s : pool) {
    s.network = static_cast<std::uint16_t>(300 + rng.Below(50));
    s.subscriber = rng.Below(10'000'000);
  }
  std::vector<std::string> sources;
  std::uint64_t rows = 0;
  std::uint64_t bytes = 0;
  for (std::uint64_t f = 0; f < files; ++f) {
    sources.push_back("sources/cdr_" + std::to_string(f + 1) + ".csv");
    // Each file has its own stream, so a file's content does not depend on the file count.
    const FileResult result =
        WriteCdrFile(root / sources.back(), pool, static_cast<char>('A' + f),
                     total_mb * 1'000'000 / files, Rng(seed * 1'000'003 + f + 1));
    rows += result.rows;
    bytes += result.bytes;
  }
  WriteCaseFile(root / "case.json", sources);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %llu files, %llu rows, %llu bytes in %.2f s (%.0f MB/s)\n",
              (root / "case.json").c_str(), static_cast<unsigned long long>(files),
              static_cast<unsigned long long>(rows), static_cast<unsigned long long>(bytes),
              seconds, static_cast<double>(bytes) / 1e6 / seconds);
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return Run(argc, argv);
  } catch (const std::invalid_argument& e) {
    std::fprintf(stderr, "make_cdr_case: %s\n%s", e.what(), kUsage.data());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_cdr_case: %s\n", e.what());
    return 3;
  }
}
