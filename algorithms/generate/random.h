#pragma once
// The generator's random streams: xoshiro256** (Blackman & Vigna 2018), seeded through
// SplitMix64 from (case seed, stream id), so every batch of work draws from its own stream
// and the output does not depend on which thread ran which batch.

#include <cmath>
#include <cstdint>
#include <span>

namespace corridor::generate {

// A GCC and clang extension; marked so -Wpedantic accepts it.
__extension__ typedef unsigned __int128 Wide;

class Rng {
 public:
  Rng(std::uint64_t seed, std::uint64_t stream) {
    std::uint64_t x = seed * 0x9E3779B97F4A7C15ull ^ (stream + 0x632BE59BD9B4E019ull);
    for (auto& s : state_) {
      x += 0x9E3779B97F4A7C15ull;
      std::uint64_t z = x;
      z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
      z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
      s = z ^ (z >> 31);
    }
  }

  std::uint64_t Next() {
    const std::uint64_t result = Rotl(state_[1] * 5, 7) * 9;
    const std::uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = Rotl(state_[3], 45);
    return result;
  }

  // Uniform in [0, n); n > 0. Multiply-shift (Lemire); the tiny bias is irrelevant here.
  std::uint64_t Below(std::uint64_t n) {
    return static_cast<std::uint64_t>((static_cast<Wide>(Next()) * n) >> 64);
  }
  // Uniform in [lo, hi].
  std::int64_t Between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
  }
  double Real() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
  bool Chance(double p) { return Real() < p; }
  // Index in [0, n) skewed towards 0: frequent names first, as name frequencies are.
  std::size_t Skewed(std::size_t n, double skew = 2.2) {
    return static_cast<std::size_t>(static_cast<double>(n) * std::pow(Real(), skew)) % n;
  }
  template <typename T>
  const T& Pick(std::span<const T> items) {
    return items[Below(items.size())];
  }
  // Exponential with the given mean.
  double Exponential(double mean) { return -mean * std::log1p(-Real()); }

 private:
  static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t state_[4];
};

}  // namespace corridor::generate
