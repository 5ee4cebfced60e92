#include "engine/errors.h"

#include <gtest/gtest.h>

namespace corridor {
namespace {

TEST(Errors, InvalidInputNamesFileLineAndField) {
  const InvalidInput error("sources/bus.csv", 17, "dob", "impossible date 1987-13-40");
  EXPECT_STREQ(error.what(), "sources/bus.csv:17: field 'dob': impossible date 1987-13-40");
  EXPECT_EQ(error.line(), 17u);
  EXPECT_EQ(error.field(), "dob");
  const InvalidInput whole_file("case.json", "no sources");
  EXPECT_STREQ(whole_file.what(), "case.json: no sources");
}

TEST(Errors, FamilySharesOneBase) {
  const IoError io("out/records.csv", "No space left on device");
  const InternalError internal("broken invariant");
  const Error& as_base = io;
  EXPECT_STREQ(as_base.what(), "out/records.csv: No space left on device");
  EXPECT_STREQ(internal.what(), "internal error: broken invariant");
}

}  // namespace
}  // namespace corridor
