#include "algorithms/resolve/similarity.h"

#include <algorithm>
#include <cstdint>

namespace corridor {

double JaroWinkler(std::string_view a, std::string_view b) {
  if (a == b) return a.empty() ? 0.0 : 1.0;
  if (a.empty() || b.empty()) return 0.0;
  if (a.size() > b.size()) std::swap(a, b);
  // One buffer per thread: this runs for every candidate pair, and must not allocate.
  thread_local std::vector<std::uint8_t> flags;
  flags.assign(a.size() + b.size(), 0);
  std::uint8_t* a_flag = flags.data();
  std::uint8_t* b_flag = flags.data() + a.size();

  const std::size_t window = std::max<std::size_t>(b.size() / 2, 1) - 1;
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
  if (matches == 0) return 0.0;
  std::size_t transpositions = 0;
  std::size_t j = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (!a_flag[i]) continue;
    while (!b_flag[j]) ++j;
    if (a[i] != b[j]) ++transpositions;
    ++j;
  }
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
