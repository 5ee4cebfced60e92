#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <string>

#include "tests/test_files.h"

namespace corridor {
namespace {

using testing::RunCorridor;

rapidjson::Document ParseJson(const std::string& text) {
  rapidjson::Document document;
  document.Parse(text.c_str());
  EXPECT_FALSE(document.HasParseError()) << text;
  return document;
}

// The five items of EvaluateClustering.HandComputedFiveItems (truth a a a b b, predicted
// x x y y y), written as a truth file and a records.csv, with extra rows on both sides that
// must be counted and left out, and a quoted record id with a comma.
TEST(CliEvaluate, PrintsScoresOfTheJoinedRecords) {
  const testing::TempDir dir;
  const std::string truth = dir.Write("truth.csv",
                                      "record_id,cluster\n"
                                      "r1,a\n"
                                      "\"r,2\",a\n"
                                      "r3,a\n"
                                      "r4,b\n"
                                      "r5,b\n"
                                      "gone,c\n");
  const std::string records = dir.Write("records.csv",
                                        "source,line,record_id,kind,entity_id\n"
                                        "s,2,r5,person,y\n"
                                        "s,3,r4,person,y\n"
                                        "s,4,r3,person,y\n"
                                        "s,5,\"r,2\",person,x\n"
                                        "s,6,r1,person,x\n"
                                        "s,7,call-1,call,z\n");
  const auto r = RunCorridor("--quiet evaluate --truth " + truth + " --records " + records);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const rapidjson::Document json = ParseJson(r.out);
  ASSERT_TRUE(json.IsObject());
  EXPECT_EQ(json["items"].GetUint64(), 5u);
  EXPECT_EQ(json["truth"]["rows"].GetUint64(), 6u);
  EXPECT_EQ(json["truth"]["without_record"].GetUint64(), 1u);
  EXPECT_EQ(json["records"]["rows"].GetUint64(), 6u);
  EXPECT_EQ(json["records"]["without_truth"].GetUint64(), 1u);
  EXPECT_EQ(std::string(json["records"]["cluster"].GetString()), "entity_id");
  EXPECT_EQ(json["clusters"]["predicted"].GetUint64(), 2u);
  EXPECT_EQ(json["clusters"]["truth"].GetUint64(), 2u);
  EXPECT_EQ(json["pairs"]["true_positive"].GetUint64(), 2u);
  EXPECT_EQ(json["pairs"]["predicted"].GetUint64(), 4u);
  EXPECT_EQ(json["pairs"]["true"].GetUint64(), 4u);
  EXPECT_DOUBLE_EQ(json["pairwise"]["precision"].GetDouble(), 0.5);
  EXPECT_DOUBLE_EQ(json["pairwise"]["recall"].GetDouble(), 0.5);
  EXPECT_DOUBLE_EQ(json["pairwise"]["f1"].GetDouble(), 0.5);
  EXPECT_DOUBLE_EQ(json["bcubed"]["precision"].GetDouble(), 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(json["bcubed"]["recall"].GetDouble(), 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(json["bcubed"]["f1"].GetDouble(), 11.0 / 15.0);
  EXPECT_DOUBLE_EQ(json["adjusted_rand_index"].GetDouble(), 1.0 / 6.0);
}

TEST(CliEvaluate, ColumnOptionsNameOtherColumns) {
  const testing::TempDir dir;
  const std::string truth =
      dir.Write("truth.csv", "source,line,id,person\nbus,2,A,P1\nbus,3,B,P1\nbus,4,C,P2\n");
  const std::string records = dir.Write("records.csv", "rid,cluster\nA,1\nB,1\nC,2\n");
  const auto r = RunCorridor("evaluate --truth " + truth +
                             " --truth-key id --truth-cluster person --records " + records +
                             " --records-key rid --records-cluster cluster");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const rapidjson::Document json = ParseJson(r.out);
  EXPECT_EQ(json["items"].GetUint64(), 3u);
  EXPECT_DOUBLE_EQ(json["pairwise"]["f1"].GetDouble(), 1.0);
  EXPECT_DOUBLE_EQ(json["bcubed"]["f1"].GetDouble(), 1.0);
  EXPECT_DOUBLE_EQ(json["adjusted_rand_index"].GetDouble(), 1.0);
}

TEST(CliEvaluate, MissingColumnExitsTwoNamingFileAndColumn) {
  const testing::TempDir dir;
  const std::string truth = dir.Write("truth.csv", "record_id,person\nr1,a\n");
  const std::string records = dir.Write("records.csv", "record_id,entity_id\nr1,x\n");
  const auto r = RunCorridor("evaluate --truth " + truth + " --records " + records);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(truth + ":1: column 'cluster' is not in the header"), std::string::npos)
      << r.err;
  EXPECT_NE(r.err.find("--truth-cluster"), std::string::npos) << r.err;
  EXPECT_EQ(r.out, "");

  // Records before resolution have no entity_id.
  const std::string loaded = dir.Write("loaded.csv", "source,line,record_id\ns,2,r1\n");
  const auto unresolved =
      RunCorridor("evaluate --truth " + truth + " --truth-cluster person --records " + loaded);
  EXPECT_EQ(unresolved.exit_code, 2);
  EXPECT_NE(unresolved.err.find(loaded + ":1: column 'entity_id' is not in the header"),
            std::string::npos)
      << unresolved.err;
}

TEST(CliEvaluate, RepeatedTruthKeyExitsTwoNamingTheLines) {
  const testing::TempDir dir;
  const std::string truth = dir.Write("truth.csv", "record_id,cluster\nr1,a\nr2,a\nr1,b\n");
  const std::string records = dir.Write("records.csv", "record_id,entity_id\nr1,x\n");
  const auto r = RunCorridor("evaluate --truth " + truth + " --records " + records);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find(truth + ":4: field 'record_id': record id 'r1' already appears on line 2"),
            std::string::npos)
      << r.err;
}

TEST(CliEvaluate, BadInputsExitTwo) {
  const testing::TempDir dir;
  const std::string truth = dir.Write("truth.csv", "record_id,cluster\nr1,a\nr2,a\n");
  const std::string records = dir.Write("records.csv", "record_id,entity_id\nr1,x\n");
  const auto missing =
      RunCorridor("evaluate --truth " + dir.path().string() + "/nope.csv --records " + records);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("nope.csv"), std::string::npos) << missing.err;

  const std::string unrelated = dir.Write("other.csv", "record_id,entity_id\nq1,x\n");
  const auto disjoint = RunCorridor("evaluate --truth " + truth + " --records " + unrelated);
  EXPECT_EQ(disjoint.exit_code, 2);
  EXPECT_NE(disjoint.err.find("no record id"), std::string::npos) << disjoint.err;

  const std::string short_row = dir.Write("short.csv", "record_id,entity_id\nr1\n");
  const auto ragged = RunCorridor("evaluate --truth " + truth + " --records " + short_row);
  EXPECT_EQ(ragged.exit_code, 2);
  EXPECT_NE(ragged.err.find(short_row + ":2: expected 2 fields"), std::string::npos) << ragged.err;

  const std::string twice = dir.Write("twice.csv", "record_id,entity_id\nr1,x\nr1,y\n");
  const auto repeated = RunCorridor("evaluate --truth " + truth + " --records " + twice);
  EXPECT_EQ(repeated.exit_code, 2);
  EXPECT_NE(repeated.err.find(twice + ":3: field 'record_id': record id 'r1' already appears"),
            std::string::npos)
      << repeated.err;

  EXPECT_EQ(RunCorridor("evaluate --truth " + truth).exit_code, 1);  // --records missing
}

}  // namespace
}  // namespace corridor
