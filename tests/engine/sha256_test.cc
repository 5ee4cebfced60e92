#include "engine/sha256.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace corridor
