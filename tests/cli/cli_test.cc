#include <gtest/gtest.h>

#include <string>

#include "engine/sha256.h"
#include "engine/version.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

using testing::RunCorridor;

TEST(Cli, HelpListsCommandsOptionsAndExitCodes) {
  const auto r = RunCorridor("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("--threads"), std::string::npos);
  EXPECT_NE(r.out.find("--quiet"), std::string::npos);
  EXPECT_NE(r.out.find("hash"), std::string::npos);
  EXPECT_NE(r.out.find("Exit codes: 0 ok, 1 bad usage"), std::string::npos);
}

TEST(Cli, VersionPrintsVersion) {
  const auto r = RunCorridor("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_EQ(r.out, std::string("corridor ") + kVersion + "\n");
}

TEST(Cli, BadUsageExitsOne) {
  EXPECT_EQ(RunCorridor("").exit_code, 1);                 // no subcommand
  EXPECT_EQ(RunCorridor("no-such-command").exit_code, 1);  // unknown subcommand
  EXPECT_EQ(RunCorridor("hash").exit_code, 1);             // missing argument
  EXPECT_EQ(RunCorridor("--threads -3 hash x").exit_code, 1);
  EXPECT_EQ(RunCorridor("--threads many hash x").exit_code, 1);
}

TEST(Cli, MissingInputExitsTwoNamingTheFile) {
  const auto r = RunCorridor("hash /nonexistent/manifest.csv");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("/nonexistent/manifest.csv"), std::string::npos);
}

TEST(Cli, UnwritableOutputExitsThree) {
  const testing::TempDir dir;
  const std::string file = dir.Write("a.csv", "x\n");
  const auto r = RunCorridor("hash " + file + " --manifest /nonexistent/dir/m.json");
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_NE(r.err.find("/nonexistent/dir/m.json"), std::string::npos);
}

TEST(Cli, HashPrintsSha256sumLinesAndManifest) {
  const testing::TempDir dir;
  const std::string a = dir.Write("a.csv", "id,name\n1,Ali\n");
  const std::string b = dir.Write("b.csv", "");
  const std::string manifest = (dir.path() / "m.json").string();
  const auto r = RunCorridor("--threads 1 hash " + a + " " + b + " --manifest " + manifest);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, Sha256::HexOf("id,name\n1,Ali\n") + "  " + a + "\n" + Sha256::HexOf("") + "  " +
                       b + "\n");
  const std::string json = testing::ReadFile(manifest);
  EXPECT_NE(json.find("\"bytes\": 14"), std::string::npos);
  EXPECT_NE(json.find("\"lines\": 2"), std::string::npos);
  // stderr is not a terminal here, so no progress lines.
  EXPECT_EQ(r.err.find('\r'), std::string::npos);
}

TEST(Cli, GlobalOptionsAcceptedAfterSubcommand) {
  const testing::TempDir dir;
  const std::string a = dir.Write("a.csv", "x\n");
  EXPECT_EQ(RunCorridor("hash --threads 2 --quiet " + a).exit_code, 0);
}

}  // namespace
}  // namespace corridor
