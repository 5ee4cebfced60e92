#include "loaders/time_parse.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/errors.h"

namespace corridor {
namespace {

std::string Iso(std::string_view text, std::vector<std::string> formats = {}) {
  const TimeParse parsed = ParseTime(text, formats);
  if (parsed.status == TimeParse::Status::kEmpty) return "<empty>";
  if (parsed.status == TimeParse::Status::kInvalid) return "<invalid>";
  return parsed.time.ToIso();
}

TEST(ParseTime, IsoAtEveryPrecision) {
  EXPECT_EQ(Iso("1987"), "1987");
  EXPECT_EQ(Iso("1987-03"), "1987-03");
  EXPECT_EQ(Iso(" 1987-03-14 "), "1987-03-14");
  EXPECT_EQ(Iso("2024-02-03T21:30"), "2024-02-03T21:30Z");
  EXPECT_EQ(Iso("2024-02-03 21:30:15"), "2024-02-03T21:30:15Z");
  EXPECT_EQ(Iso("2024-02-03T21:30:15.250Z"), "2024-02-03T21:30:15Z");
  EXPECT_EQ(Iso(""), "<empty>");
}

// Times to the second in the common layout are read at fixed places; every check of the
// general parser must still hold for them.
TEST(ParseTime, SecondsInTheCommonLayoutKeepEveryCheck) {
  EXPECT_EQ(Iso("2024-02-03T21:30:15"), "2024-02-03T21:30:15Z");
  EXPECT_EQ(Iso("2024-02-29t23:59:59"), "2024-02-29T23:59:59Z");
  EXPECT_EQ(Iso("1999-12-31 00:00:00"), "1999-12-31T00:00:00Z");
  EXPECT_EQ(Iso("2023-02-29T10:00:00"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03T24:00:00"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03T21:61:00"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03T21:30:1x"), "<invalid>");
  EXPECT_EQ(Iso("2024-0a-03T21:30:15"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-0:T21:30:15"), "<invalid>");  // not a digit, though ':' - '0' is 10
  EXPECT_EQ(Iso("2024-02-03T2!:30:15"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03X21:30:15"), "<invalid>");
  EXPECT_EQ(Iso("2024/02/03T21:30:15"), "<invalid>");
}

TEST(ParseTime, OffsetsConvertToUtc) {
  EXPECT_EQ(Iso("2024-02-03T01:30:00+05:00"), "2024-02-02T20:30:00Z");
  EXPECT_EQ(Iso("2024-02-03T21:30:00-0330"), "2024-02-04T01:00:00Z");
  EXPECT_EQ(Iso("2024-02-03T21:30+05"), "2024-02-03T16:30Z");
}

TEST(ParseTime, InvalidValues) {
  EXPECT_EQ(Iso("2023-02-29"), "<invalid>");
  EXPECT_EQ(Iso("2024-13"), "<invalid>");
  EXPECT_EQ(Iso("03/02/2024"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03T25:00"), "<invalid>");
  EXPECT_EQ(Iso("yesterday"), "<invalid>");
  EXPECT_EQ(Iso("2024-02-03T10:00:00+99:00"), "<invalid>");
}

TEST(ParseTime, DeclaredFormatsKeepTheirPrecision) {
  EXPECT_EQ(Iso("03/02/2024 21:30", {"%d/%m/%Y %H:%M"}), "2024-02-03T21:30Z");
  EXPECT_EQ(Iso("3/2/2024  9:05", {"%d/%m/%Y %H:%M"}), "2024-02-03T09:05Z");
  EXPECT_EQ(Iso("01-02-2024", {"%d-%m-%Y"}), "2024-02-01");
  EXPECT_EQ(Iso("02/1987", {"%m/%Y"}), "1987-02");
  EXPECT_EQ(Iso("14 Mar 87", {"%d %b %y"}), "1987-03-14");
  EXPECT_EQ(Iso("14 MARCH 2004", {"%d %b %Y"}), "2004-03-14");
  // Formats are tried in order; ISO is the last resort.
  EXPECT_EQ(Iso("2024-02-03", {"%d/%m/%Y"}), "2024-02-03");
  EXPECT_EQ(Iso("03.02.2024", {"%d/%m/%Y", "%d.%m.%Y"}), "2024-02-03");
  EXPECT_EQ(Iso("31/02/2024", {"%d/%m/%Y"}), "<invalid>");
  EXPECT_EQ(Iso("03/02/2024 trailing", {"%d/%m/%Y"}), "<invalid>");
}

TEST(CheckTimeFormat, RejectsUnknownDirectives) {
  EXPECT_NO_THROW(CheckTimeFormat("%d/%m/%Y %H:%M"));
  EXPECT_THROW(CheckTimeFormat("%d/%m/%Q"), InvalidInput);
  EXPECT_THROW(CheckTimeFormat("%d/%m/%"), InvalidInput);
  EXPECT_THROW(CheckTimeFormat("no date"), InvalidInput);
}

}  // namespace
}  // namespace corridor
