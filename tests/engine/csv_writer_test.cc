#include "engine/csv_writer.h"

#include <gtest/gtest.h>
#include <linux/magic.h>
#include <sys/resource.h>
#include <sys/vfs.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "engine/errors.h"
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

// Fields are scanned eight bytes at a time: a special byte must be seen wherever it falls,
// in the words or in the tail after them.
TEST(CsvWriter, SeesASpecialByteAtEveryPosition) {
  for (std::size_t length = 1; length <= 20; ++length) {
    for (std::size_t at = 0; at < length; ++at) {
      SCOPED_TRACE(std::to_string(length) + " " + std::to_string(at));
      for (const char special : {',', '"', '\r', '\n'}) {
        std::string field(length, 'x');
        field[at] = special;
        std::string expected = "\"" + field + "\"";
        if (special == '"') expected.insert(at + 1, 1, '"');
        std::string out;
        AppendCsvField(out, field);
        EXPECT_EQ(out, expected);
      }
      std::string invalid(length, 'x');
      invalid[at] = '\xff';  // not UTF-8: repaired to U+FFFD
      std::string repaired = invalid;
      repaired.replace(at, 1, "\xef\xbf\xbd");
      std::string out;
      AppendCsvField(out, invalid);
      EXPECT_EQ(out, repaired);
    }
  }
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

// A full disk is reported naming the file, at the write that fails and again at Close, which
// writes nothing more: part of the block may already be on disk.
TEST(CsvWriter, ReportsAFullDiskAtTheWriteAndAtClose) {
  if (::access("/dev/full", W_OK) != 0) GTEST_SKIP() << "no writable /dev/full";
  CsvWriter out("/dev/full");
  const std::string block((std::size_t{8} << 20) + 1, 'x');
  try {
    out.Rows(block);
    ADD_FAILURE() << "a write to /dev/full succeeded";
  } catch (const IoError& error) {
    EXPECT_NE(std::string(error.what()).find("/dev/full"), std::string::npos) << error.what();
  }
  EXPECT_THROW(out.Close(), IoError);
}

// A write cut short by a file size limit leaves part of a block on disk: the writer must not
// write that block again when it is closed, even once there is room.
TEST(CsvWriter, WritesNothingMoreAfterAFailedWrite) {
  const testing::TempDir dir;
  const std::string path = (dir.path() / "limited.csv").string();
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  const std::size_t limit = kBlock + kBlock / 2;
  struct rlimit saved {};
  ASSERT_EQ(::getrlimit(RLIMIT_FSIZE, &saved), 0);
  if (saved.rlim_max != RLIM_INFINITY && saved.rlim_max < 4 * kBlock) GTEST_SKIP();
  // Restores the limit and the signal however the test ends: a test binary run by hand runs
  // every test in one process.
  struct Restore {
    struct rlimit limit;
    void (*handler)(int);
    ~Restore() {
      ::setrlimit(RLIMIT_FSIZE, &limit);
      std::signal(SIGXFSZ, handler);
    }
  } restore{saved, std::signal(SIGXFSZ, SIG_IGN)};  // EFBIG instead of a signal
  ASSERT_NE(restore.handler, SIG_ERR);
  struct rlimit limited = saved;
  limited.rlim_cur = limit;
  ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &limited), 0);
  {
    CsvWriter out(path);
    const std::string rows(2 * kBlock, 'x');
    EXPECT_THROW(out.Rows(rows), IoError);
    ASSERT_EQ(::setrlimit(RLIMIT_FSIZE, &saved), 0);
    EXPECT_THROW(out.Close(), IoError);
  }
  EXPECT_LE(std::filesystem::file_size(path), limit);
}

// On a local disk outputs go past the page cache in aligned 8 MiB blocks, the unaligned tail
// written apart: the bytes on disk must be exactly those handed over, whatever their sizes and
// however they fall on the blocks' and the sectors' bounds, written directly (the test folder,
// when it is on ext4, XFS or Btrfs) or through the cache (asked for, or in /dev/shm, a tmpfs).
TEST(CsvWriter, WritesEveryByteAcrossBlockAndSectorBounds) {
  const testing::TempDir dir;
  struct statfs info {};
  const bool folder_on_local_disk =
      ::statfs(dir.path().c_str(), &info) == 0 &&
      (info.f_type == EXT4_SUPER_MAGIC || info.f_type == XFS_SUPER_MAGIC ||
       info.f_type == BTRFS_SUPER_MAGIC);
  struct Where {
    std::filesystem::path folder;
    WriteMode mode;
    bool direct;
  };
  std::vector<Where> places{{dir.path(), WriteMode::kDirectOnLocalDisks, folder_on_local_disk},
                            {dir.path(), WriteMode::kBuffered, false}};
  if (std::filesystem::is_directory("/dev/shm")) {
    places.push_back({"/dev/shm", WriteMode::kDirectOnLocalDisks, false});
  }
  constexpr std::size_t kBlock = std::size_t{8} << 20;
  for (const Where& where : places) {
    for (const std::size_t total : {std::size_t{1}, std::size_t{4096}, std::size_t{4097}, kBlock,
                                    kBlock + 1, 2 * kBlock + 4096 + 17}) {
      SCOPED_TRACE(where.folder.string() + (where.direct ? " direct " : " buffered ") +
                   std::to_string(total));
      std::string expected;
      for (std::size_t i = 0; expected.size() < total; ++i) {
        expected += std::to_string(i * 7919 % 100003) + (i % 5 == 0 ? "\n" : ",");
      }
      expected.resize(total);
      const std::string path =
          (where.folder / (dir.path().filename().string() + "-" + std::to_string(total) + ".csv"))
              .string();
      {
        CsvWriter out(path, where.mode);
        EXPECT_EQ(out.direct(), where.direct);
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
