#include "engine/csv_writer.h"

#include <gtest/gtest.h>

#include <string>

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

}  // namespace
}  // namespace corridor
