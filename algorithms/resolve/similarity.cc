#include "algorithms/resolve/similarity.h"

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <utility>

namespace corridor {

namespace {

// Jaro's common characters and transpositions, `a` no longer than `b`, with a flag per
// character: for strings too long for ShortJaro's bit masks.
std::pair<std::size_t, std::size_t> LongJaro(std::string_view a, std::string_view b,
                                             std::size_t window) {
  // One buffer per thread, so a long string costs no allocation per call.
  thread_local std::vector<std::uint8_t> flags;
  flags.assign(a.size() + b.size(), 0);
  std::uint8_t* a_flag = flags.data();
  std::uint8_t* b_flag = flags.data() + a.size();
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(i + window + 1, b.size());
    for (std::size_t j = lo; j < hi; ++j) {
      if (!b_flag[j] && a[i] == b[j]) {
        a_flag[i] = 1;
        b_flag[j] = 1;
        ++matches;
        break;
      }
    }
  }
  std::size_t transpositions = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
  return {matches, transpositions};
}

// As LongJaro for `b` of at most 64 bytes, a bit per position: the first free equal character
// in the window is the lowest bit of (where b has a[i]) & (window) & ~(taken), one step per
// character of `a` instead of a scan of the window. Name tokens, skeletons and phonetic keys
// are all this short; Jaro-Winkler with the flag scan was 4.6% of the samples of a
// million-person resolve.
std::pair<std::size_t, std::size_t> ShortJaro(std::string_view a, std::string_view b,
                                              std::size_t window) {
  // Positions of each byte value in `b`; all zero between calls, so only b's bytes are set
  // and cleared.
  thread_local std::array<std::uint64_t, 256> positions{};
  for (std::size_t j = 0; j < b.size(); ++j) {
    positions[static_cast<std::uint8_t>(b[j])] |= std::uint64_t{1} << j;
  }
  std::uint64_t a_taken = 0, b_taken = 0;
  std::size_t matches = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    const std::size_t lo = i > window ? i - window : 0;
    const std::size_t hi = std::min(i + window + 1, b.size());
    // At most 2 * window + 1 = 63 positions wide (window = 64 / 2 - 1 at most): the shift
    // stays below 64.
    const std::size_t width = hi - lo;
    const std::uint64_t in_window = ((std::uint64_t{1} << width) - 1) << lo;
    const std::uint64_t free = positions[static_cast<std::uint8_t>(a[i])] & in_window & ~b_taken;
    if (free == 0) continue;
    b_taken |= free & (~free + 1);
    a_taken |= std::uint64_t{1} << i;
    ++matches;
  }
  for (const char c : b) positions[static_cast<std::uint8_t>(c)] = 0;
  // The k-th common character of `a` against the k-th of `b`.
  std::size_t transpositions = 0;
  for (std::uint64_t x = a_taken, y = b_taken; x != 0; x &= x - 1, y &= y - 1) {
    if (a[static_cast<std::size_t>(std::countr_zero(x))] !=
        b[static_cast<std::size_t>(std::countr_zero(y))]) {
      ++transpositions;
    }
  }
  return {matches, transpositions};
}

}  // namespace

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > b.size()) std::swap(a, b);
  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
  const auto [matches, transpositions] =
      b.size() <= 64 ? ShortJaro(a, b, window) : LongJaro(a, b, window);
  if (matches == 0) return 0.0;
  const double m = static_cast<double>(matches);
  const double jaro = (m / static_cast<double>(a.size()) + m / static_cast<double>(b.size()) +
                       (m - static_cast<double>(transpositions) / 2.0) / m) /
                      3.0;
  std::size_t prefix = 0;
  while (prefix < 4 && prefix < a.size() && a[prefix] == b[prefix]) ++prefix;
  return jaro + static_cast<double>(prefix) * 0.1 * (1.0 - jaro);
}

std::size_t BoundedEditDistance(std::string_view a, std::string_view b, std::size_t limit) {
  if (a.size() > b.size()) std::swap(a, b);
  if (b.size() - a.size() > limit) return limit + 1;
  // Per thread, as in JaroWinkler: documents and postcodes of every candidate pair come here.
  thread_local std::vector<std::size_t> previous, current;
  previous.resize(b.size() + 1);
  current.resize(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) previous[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    std::size_t row_min = current[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitute = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] = std::min({previous[j] + 1, current[j - 1] + 1, substitute});
      row_min = std::min(row_min, current[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(previous, current);
  }
  return std::min(previous[b.size()], limit + 1);
}

double TokenSetSimilarity(const std::vector<std::string_view>& a,
                          const std::vector<std::string_view>& b) {
  if (a.empty() || b.empty()) return 0.0;
  const auto& shorter = a.size() <= b.size() ? a : b;
  const auto& longer = a.size() <= b.size() ? b : a;
  double sum = 0.0;
  for (const std::string_view token : shorter) {
    double best = 0.0;
    for (const std::string_view other : longer) best = std::max(best, JaroWinkler(token, other));
    sum += best;
  }
  return sum / static_cast<double>(shorter.size());
}

}  // namespace corridor
