#include "engine/sha256.h"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <thread>
#include <vector>

#include "engine/errors.h"
#include "engine/file_reader.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

// Test vectors from FIPS 180-2 / NIST CSRC examples.
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(Sha256::HexOf(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256::HexOf("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256::HexOf("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Sha256, IncrementalEqualsOneShot) {
  Sha256 sha;
  const std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) sha.Update(chunk);
  EXPECT_EQ(Sha256::Hex(sha.Finish()),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(DigestFile, HashesBytesAndCountsLines) {
  const testing::TempDir dir;
  const std::string path = dir.Write("f.txt", "abc\ndef");
  std::uint64_t last_progress = 0;
  const FileDigest digest = DigestFile(path, [&](std::uint64_t done, std::uint64_t total) {
    EXPECT_EQ(total, 7u);
    last_progress = done;
  });
  EXPECT_EQ(digest.sha256_hex, Sha256::HexOf("abc\ndef"));
  EXPECT_EQ(digest.bytes, 7u);
  EXPECT_EQ(digest.lines, 2u);
  EXPECT_EQ(last_progress, 7u);
}

TEST(DigestFile, EmptyFileAndMissingFile) {
  const testing::TempDir dir;
  const FileDigest empty = DigestFile(dir.Write("empty", ""));
  EXPECT_EQ(empty.lines, 0u);
  EXPECT_EQ(empty.sha256_hex, Sha256::HexOf(""));
  try {
    DigestFile((dir.path() / "missing.csv").string());
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("missing.csv"), std::string::npos);
  }
  EXPECT_THROW(DigestFile(dir.path().string()), InvalidInput);
}

// Threads reporting parsed bytes in any amounts, short of the file, to its end or past it
// (a stretch reads on past its cut), leave one digest: the file's, read once in order.
TEST(SharedFileDigest, ThreadsReportingParsedBytesGiveTheFilesDigest) {
  const testing::TempDir dir;
  std::mt19937 random(5);
  std::string content((std::size_t{7} << 19) + 123, '\0');  // 3.5 MiB and a few bytes
  for (char& c : content) c = static_cast<char>(random());
  const std::string path = dir.Write("f.bin", content);
  for (const double share : {0.0, 0.4, 1.0, 1.7}) {
    SharedFileDigest digest(path);
    const auto each = static_cast<std::uint64_t>(share * static_cast<double>(content.size()) / 4);
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < 4; ++t) {
      threads.emplace_back([&digest, each, t] {
        std::mt19937 amounts(t);
        for (std::uint64_t done = 0; done < each;) {
          const std::uint64_t bytes = std::min<std::uint64_t>(each - done, amounts() % 300'000);
          digest.Parsed(bytes);
          done += bytes;
        }
      });
    }
    for (std::thread& thread : threads) thread.join();
    const SharedFileDigest::Result result = digest.Finish();
    EXPECT_EQ(result.sha256_hex, Sha256::HexOf(content)) << share;
    EXPECT_EQ(result.bytes, content.size()) << share;
  }
  EXPECT_THROW(SharedFileDigest((dir.path() / "missing.bin").string()), InvalidInput);
}

}  // namespace
}  // namespace corridor
