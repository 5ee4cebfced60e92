#include "engine/csv_writer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/sha256.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

TEST(CsvWriter, QuotesOnlyWhatNeedsIt) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "q.csv").string();
  CsvWriter out(path);
  for (const char* field : {"plain", "a,b", "say \"hi\"", " padded", "two\nlines"}) {
    out.Field(field);
  }
  out.Field(std::uint64_t{42});
  out.EndRow();
  out.Close();
  EXPECT_EQ(testing::ReadFile(path),
            "plain,\"a,b\",\"say \"\"hi\"\"\",\" padded\",\"two\nlines\",42\n");
}

// The manifest records each output's digest: it must be the digest of the bytes on disk,
// including the last, partly filled buffer.
TEST(CsvWriter, DigestAndSizeCoverEveryByteWritten) {
  const testing::TempDir dir;
  for (const std::size_t rows : {std::size_t{0}, std::size_t{3}, std::size_t{300'000}}) {
    SCOPED_TRACE(rows);
    const std::string path = (dir.path() / ("d" + std::to_string(rows) + ".csv")).string();
    CsvWriter out(path);
    for (std::size_t r = 0; r < rows; ++r) {
      out.Field("row");
      out.Field(std::uint64_t{r});
      out.EndRow();
    }
    out.Close();
    const std::string bytes = testing::ReadFile(path);
    EXPECT_EQ(out.bytes(), bytes.size());
    EXPECT_EQ(out.sha256_hex(), Sha256::HexOf(bytes));
  }
}

// Outputs go past the page cache in aligned 8 MiB blocks, the unaligned tail written apart: the
// bytes on disk must be exactly those handed over, whatever their sizes and however they fall
// on the blocks' and the sectors' bounds, on a file system with direct I/O (the test folder's)
// and on one without (tmpfs, where the writer falls back to buffered writes).
TEST(CsvWriter, WritesEveryByteAcrossBlockAndSectorBounds) {
  const testing::TempDir dir;
  std::vector<std::filesystem::path> folders{dir.path()};
  if (std::filesystem::is_directory("/dev/shm")) folders.emplace_back("/dev/shm");
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  for (const auto& folder : folders) {
    for (const std::size_t total : {std::size_t{1}, std::size_t{4096}, std::size_t{4097}, kBlock,
                                    kBlock + 1, 2 * kBlock + 4096 + 17}) {
      SCOPED_TRACE(folder.string() + " " + std::to_string(total));
      std::string expected;
      for (std::size_t i = 0; expected.size() < total; ++i) {
        expected += std::to_string(i * 7919 % 100003) + (i % 5 == 0 ? "\n" : ",");
      }
      expected.resize(total);
      const std::string path =
          (folder / (dir.path().filename().string() + "-" + std::to_string(total) + ".csv"))
              .string();
      {
        CsvWriter out(path);
        // Pieces of a few sizes, so writes land at every offset within a block.
        std::size_t at = 0;
        for (std::size_t piece = 1; at < total; piece = piece * 3 % 1000003 + 1) {
          const std::size_t take = std::min(piece, total - at);
          out.Rows(std::string_view(expected).substr(at, take));
          at += take;
        }
        out.Close();
        EXPECT_EQ(out.bytes(), total);
        EXPECT_EQ(out.sha256_hex(), Sha256::HexOf(expected));
      }
      EXPECT_TRUE(testing::ReadFile(path) == expected);
      std::filesystem::remove(path);
    }
  }
}

}  // namespace
}  // namespace corridor
