#include <gtest/gtest.h>

#include <filesystem>
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

namespace corridor {
namespace {

using testing::RunCorridor;

TEST(CliLoad, WritesRecordsRejectsAndManifest) {
  const testing::TempDir dir;
  dir.Write("cdr.csv", "id,a,b,start\nA1,0300 1234567,0345 1112223,2024-02-01T10:02\nA2,,x,\n");
  const std::string case_path =
      dir.Write("case.json", R"({"name": "t", "sources": [{"path": "cdr.csv", "kind": "call",
        "fields": {"id": "id", "from": "a", "to": "b", "time": "start"}}]})");
  const std::string out = (dir.path() / "out").string();
  const auto r = RunCorridor("--quiet load " + case_path + " --out " + out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(testing::ReadFile(out + "/records.csv"),
            "source,line,byte_offset,record_id,kind,time_iso,from,to,time\n"
            "cdr,2,13,A1,call,2024-02-01T10:02Z,0300 1234567,0345 1112223,2024-02-01T10:02\n");
  EXPECT_EQ(testing::ReadFile(out + "/rejects.csv"),
            "source,line,byte_offset,reason,raw\n"
            "cdr,3,59,missing required value: from,\"A2,,x,\"\n");
  const std::string manifest = testing::ReadFile(out + "/manifest.json");
  EXPECT_NE(manifest.find("\"rows\": 2"), std::string::npos);
  EXPECT_NE(manifest.find("\"rejected\": 1"), std::string::npos);
  EXPECT_NE(manifest.find(Sha256::HexOf(testing::ReadFile(dir.path().string() + "/cdr.csv"))),
            std::string::npos);
  EXPECT_NE(r.out.find("records:  " + out + "/records.csv (1)"), std::string::npos);
}

TEST(CliLoad, BadCaseFileExitsTwoWithLocation) {
  const testing::TempDir dir;
  const std::string case_path = dir.Write("case.json", "{\"sources\": [\n  {\"path\": }\n]}");
  const auto r = RunCorridor("load " + case_path + " --out " + dir.path().string() + "/o");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(case_path + ":2:12: JSON syntax error"), std::string::npos) << r.err;
  const auto missing = RunCorridor("load " + dir.path().string() + "/nope.json --out x");
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.json: cannot open the case file"), std::string::npos);
}

TEST(CliLoad, MissingSourceExitsTwoNamingIt) {
  const testing::TempDir dir;
  const std::string case_path =
      dir.Write("case.json", R"({"sources": [{"path": "gone.csv", "kind": "call",
        "fields": {"from": "a", "to": "b"}}]})");
  const auto r = RunCorridor("load " + case_path + " --out " + dir.path().string() + "/o");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("gone.csv: cannot open"), std::string::npos) << r.err;
}

}  // namespace
}  // namespace corridor

namespace corridor {
namespace {

using testing::RunCorridor;

TEST(CliGenerate, WritesACaseThatLoadsAndReportsCounts) {
  const testing::TempDir dir;
  const std::string out = (dir.path() / "case").string();
  const auto r = RunCorridor(
      "--threads 2 generate --persons 300 --seed 4 --rate corrupt_row=0 "
      "--out " +
      out);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("persons: 300"), std::string::npos) << r.out;
  EXPECT_EQ(r.out.find("corrupted on purpose"), std::string::npos);  // the rate was set to 0
  for (const char* file :
       {"case.json", "sources/bus_manifest.csv", "sources/handsets.jsonl", "truth/records.csv",
        "truth/persons.csv", "truth/phones.csv", "truth/routes.csv", "truth/corridors.csv"}) {
    EXPECT_TRUE(std::filesystem::exists(out + "/" + file)) << file;
  }
  const auto load = RunCorridor("--quiet load " + out + "/case.json --out " + out + "/run");
  ASSERT_EQ(load.exit_code, 0) << load.err;
  EXPECT_EQ(testing::ReadFile(out + "/run/rejects.csv"), "source,line,byte_offset,reason,raw\n");
}

TEST(CliGenerate, BadRatesAreUsageErrors) {
  const testing::TempDir dir;
  const std::string out = " --out " + (dir.path() / "x").string();
  const auto unknown = RunCorridor("generate --rate bogus=1" + out);
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_NE(unknown.err.find("unknown noise rate 'bogus'"), std::string::npos);
  EXPECT_EQ(RunCorridor("generate --rate typo=x" + out).exit_code, 1);
  EXPECT_EQ(RunCorridor("generate --rate typo=2" + out).exit_code, 1);
  EXPECT_EQ(RunCorridor("generate --persons 10" + out).exit_code, 2);
  EXPECT_EQ(RunCorridor("generate --noise -1" + out).exit_code, 1);
}

}  // namespace
}  // namespace corridor
