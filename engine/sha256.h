#pragma once
// SHA-256 for chain of custody: every source file's digest is computed while it is read, so a
// run's manifest proves which bytes produced which result. Wraps OpenSSL's EVP interface.

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace corridor {

class Sha256 {
 public:
  using Digest = std::array<std::uint8_t, 32>;

  Sha256();
  ~Sha256();
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;

  void Update(std::string_view bytes);
  // Ends the computation; the object must not be updated afterwards.
  Digest Finish();

  static std::string Hex(const Digest& digest);
  static std::string HexOf(std::string_view bytes);

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace corridor
