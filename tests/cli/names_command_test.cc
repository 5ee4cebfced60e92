#include <gtest/gtest.h>

#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "tests/test_files.h"

namespace corridor {
namespace {

using testing::ReadFile;
using testing::RunCorridor;

std::vector<std::string> Lines(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// Mixed scripts, a quoted field with a comma, a column that is neither name, and an empty name.
constexpr const char* kPairs =
    "tip,name1,name2\n"
    "1,Muhammad Akbar,محمد اکبر\n"
    "\"2, from the hotline\",\"Khan, Akbar\",Akbar Khan\n"
    "3,Muhammad Akbar,Muhammad Akbar Khan\n"
    "4,Gul Zaman,Muhammad Akbar\n"
    "5,,Ali\n";

TEST(CliNames, ScoreKeepsEveryColumnAndAddsScoreAndMatch) {
  const testing::TempDir dir;
  const std::string pairs = dir.Write("pairs.csv", kPairs);
  const auto r = RunCorridor("--quiet names score " + pairs);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const std::vector<std::string> lines = Lines(r.out);
  ASSERT_EQ(lines.size(), 6u) << r.out;
  EXPECT_EQ(lines[0], "tip,name1,name2,score,match");
  // Skeletons equal (0.95), and the spellings of Akbar closer still.
  EXPECT_EQ(lines[1].rfind("1,Muhammad Akbar,محمد اکبر,0.95", 0), 0u) << lines[1];
  EXPECT_TRUE(lines[1].ends_with(",true")) << lines[1];
  EXPECT_EQ(lines[2], "\"2, from the hotline\",\"Khan, Akbar\",Akbar Khan,1.0000,true");
  EXPECT_EQ(lines[3].rfind("3,Muhammad Akbar,Muhammad Akbar Khan,0.9", 0), 0u) << lines[3];
  EXPECT_TRUE(lines[3].ends_with(",true")) << lines[3];
  EXPECT_NE(lines[3], "3,Muhammad Akbar,Muhammad Akbar Khan,1.0000,true");
  EXPECT_TRUE(lines[4].ends_with(",false")) << lines[4];
  EXPECT_EQ(lines[5], "5,,Ali,0.0000,false");
}

TEST(CliNames, ColumnOptionsAndOutFile) {
  const testing::TempDir dir;
  // Semicolons and a byte order mark, as spreadsheets export them; the output is plain CSV.
  const std::string pairs = dir.Write("tips.csv",
                                      "\xEF\xBB\xBFsuspect;contact;note\n"
                                      "علی;Ali;seized phone\n"
                                      "Mohammed;Muhammad;\n");
  const std::string out = (dir.path() / "scored.csv").string();
  const auto r =
      RunCorridor("names score " + pairs + " --name1 suspect --name2 contact --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_NE(r.err.find("2 pairs scored, 2 matches"), std::string::npos) << r.err;
  EXPECT_EQ(ReadFile(out),
            "suspect,contact,note,score,match\n"
            "علی,Ali,seized phone,0.9500,true\n"
            "Mohammed,Muhammad,,0.9500,true\n");
}

TEST(CliNames, MissingColumnExitsTwoNamingFileAndColumn) {
  const testing::TempDir dir;
  const std::string pairs = dir.Write("pairs.csv", "first,second\nAli,Ali\n");
  const auto r = RunCorridor("names score " + pairs);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(pairs + ":1: column 'name1' is not in the header"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--name1"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  const auto second = RunCorridor("names score " + pairs + " --name1 first");
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find(pairs + ":1: column 'name2' is not in the header"), std::string::npos)
      << second.err;
}

TEST(CliNames, BadRowsStopTheRunNamingTheLineAndWriteNothing) {
  const testing::TempDir dir;
  const std::string pairs =
      dir.Write("pairs.csv", "name1,name2\nAli,Ali\n\"Muhammad\nAkbar\",Akbar\nGul,Zaman,extra\n");
  const std::string out = (dir.path() / "scored.csv").string();
  const auto r = RunCorridor("names score " + pairs + " --out " + out);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(pairs + ":5: expected 2 fields as in the header, found 3"),
            std::string::npos)
      << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_FALSE(std::filesystem::exists(out));

  const std::string scored = dir.Write("scored_before.csv", "name1,name2,score\nAli,Ali,1\n");
  const auto again = RunCorridor("names score " + scored);
  EXPECT_EQ(again.exit_code, 2);
  EXPECT_NE(again.err.find("already has a column 'score'"), std::string::npos) << again.err;

  const std::string empty = dir.Write("empty.csv", "");
  EXPECT_EQ(RunCorridor("names score " + empty).exit_code, 2);
  EXPECT_EQ(RunCorridor("names score " + dir.path().string() + "/nope.csv").exit_code, 2);
}

TEST(CliNames, NamesAloneAsksForASubcommand) {
  const auto r = RunCorridor("names");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.err.find("subcommand"), std::string::npos) << r.err;
  const auto help = RunCorridor("names --help");
  EXPECT_EQ(help.exit_code, 0);
  EXPECT_NE(help.out.find("score"), std::string::npos) << help.out;
  const auto score_help = RunCorridor("names score --help");
  EXPECT_EQ(score_help.exit_code, 0);
  EXPECT_NE(score_help.out.find("--name1"), std::string::npos) << score_help.out;
  EXPECT_NE(score_help.out.find("0.88"), std::string::npos) << score_help.out;
}

}  // namespace
}  // namespace corridor
