#include "engine/record.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace corridor {
namespace {

TEST(RecordVocabulary, NamesRoundTrip) {
  for (int k = 0; k < kRecordKindCount; ++k) {
    const auto kind = static_cast<RecordKind>(k);
    EXPECT_EQ(ParseRecordKind(RecordKindName(kind)), kind);
  }
  for (int f = 0; f < kFieldCount; ++f) {
    const auto field = static_cast<Field>(f);
    EXPECT_EQ(ParseField(FieldName(field)), field);
  }
  EXPECT_EQ(FieldName(Field::kPayeeAccount), "payee_account");
  EXPECT_FALSE(ParseField("surname").has_value());
  EXPECT_FALSE(ParseRecordKind("Person").has_value());
}

TEST(RecordTable, HoldsMultiValuedFieldsWithProvenance) {
  RecordTable table;
  table.BeginRecord(RecordKind::kPerson, {0, 2, 40}, "P1");
  table.AddField(Field::kFullName, "Muhammad Akbar Khan");
  table.AddField(Field::kPhone, "0300-1234567");
  table.AddField(Field::kPhone, "+92 300 1234567");
  table.BeginRecord(RecordKind::kCall, {1, 7, 300}, "c:7");
  table.BeginRecord(RecordKind::kPerson, {0, 3, 80}, "P2");
  table.AddField(Field::kPhone, "0300-1234567");

  ASSERT_EQ(table.size(), 3u);
  EXPECT_EQ(table.record_id(0), "P1");
  EXPECT_EQ(table.ref(1).line, 7u);
  EXPECT_EQ(table.ref(2).byte_offset, 80u);
  EXPECT_EQ(table.fields(0).size(), 3u);
  EXPECT_TRUE(table.fields(1).empty());
  EXPECT_EQ(table.First(0, Field::kPhone), "0300-1234567");
  EXPECT_EQ(table.First(0, Field::kDob), "");
  // The repeated value is interned once.
  EXPECT_EQ(table.fields(0)[1].value, table.fields(2)[0].value);
}

TEST(RecordTable, InternsRepeatingValuesAndStoresUniqueOnesRaw) {
  RecordTable table;
  for (const char* id : {"c:1", "c:2"}) {
    table.BeginRecord(RecordKind::kCall, {0, 2, 0}, id);
    table.AddField(Field::kTime, "2024-02-03T10:00:00");
    table.AddField(Field::kDuration, "193");
    table.AddField(Field::kAmount, "100000");
  }
  // Call lengths and sums repeat: one id for one text.
  EXPECT_EQ(table.fields(0)[1].value, table.fields(1)[1].value);
  EXPECT_EQ(table.fields(0)[2].value, table.fields(1)[2].value);
  // Timestamps are mostly unique: each value is its own handle, and none is indexed.
  EXPECT_NE(table.fields(0)[0].value, table.fields(1)[0].value);
  EXPECT_EQ(table.First(1, Field::kTime), "2024-02-03T10:00:00");
  EXPECT_FALSE(table.strings().Find("2024-02-03T10:00:00").has_value());
  EXPECT_EQ(table.strings().Find("193"), StringId{table.fields(1)[1].value});
}

TEST(RecordTable, ConcatenateMergesStringsAndPreservesOrder) {
  std::vector<RecordTable> parts(3);
  parts[0].BeginRecord(RecordKind::kPerson, {0, 2, 0}, "A1");
  parts[0].AddField(Field::kGivenName, "Ali");
  parts[2].BeginRecord(RecordKind::kTravel, {1, 2, 0}, "B1");
  parts[2].AddField(Field::kFromPlace, "Quetta");
  parts[2].AddField(Field::kGivenName, "Ali");
  parts[2].SetTime(0, PartialTime::FromCivil({2024, 2, 3}, TimePrecision::kDay));
  const RecordTable a = RecordTable::Concatenate(std::move(parts));
  ASSERT_EQ(a.size(), 2u);
  EXPECT_EQ(a.kind(1), RecordKind::kTravel);
  EXPECT_EQ(a.record_id(1), "B1");
  EXPECT_EQ(a.First(1, Field::kFromPlace), "Quetta");
  EXPECT_EQ(a.fields(1)[1].value, a.fields(0)[0].value);
  EXPECT_EQ(a.ref(1).source, 1u);
  EXPECT_EQ(a.time(1).ToIso(), "2024-02-03");
  EXPECT_FALSE(a.time(0).known());
}

// Parts large enough that some columns are mappings (references, 16 bytes a record) and some
// not (kinds, 1 byte), some empty, merged as the loader merges its threads' tables: the result
// must equal one table built from all the records in order.
TEST(RecordTable, ConcatenateOfLargePartsEqualsOneTableBuiltInOrder) {
  const std::vector<std::uint32_t> sizes = {150000, 0, 200003, 1, 180007};
  std::vector<RecordTable> parts(sizes.size());
  RecordTable direct;
  std::uint32_t line = 0;
  const auto add = [&line](RecordTable& table, std::uint32_t source) {
    const std::string id = "R" + std::to_string(line);
    table.BeginRecord(line % 3 == 0 ? RecordKind::kCall : RecordKind::kPerson,
                      {source, line, std::uint64_t{line} * 7}, id);
    table.AddField(Field::kPhone, "9230" + std::to_string(line % 5003));
    if (line % 4 == 0) table.AddField(Field::kGivenName, "Name" + std::to_string(line % 97));
    table.SetTime(static_cast<RecordIndex>(table.size() - 1),
                  PartialTime::FromCivil(
                      {2024, static_cast<int>(1 + line % 12), static_cast<int>(1 + line % 28)},
                      TimePrecision::kDay));
    ++line;
  };
  for (std::size_t p = 0; p < sizes.size(); ++p) {
    for (std::uint32_t i = 0; i < sizes[p]; ++i) {
      add(parts[p], static_cast<std::uint32_t>(p));
      --line;
      add(direct, static_cast<std::uint32_t>(p));
    }
  }
  const RecordTable merged = RecordTable::Concatenate(std::move(parts));
  ASSERT_EQ(merged.size(), direct.size());
  ASSERT_EQ(merged.field_count(), direct.field_count());
  for (RecordIndex r = 0; r < direct.size(); ++r) {
    ASSERT_EQ(merged.kind(r), direct.kind(r)) << r;
    ASSERT_EQ(merged.ref(r), direct.ref(r)) << r;
    ASSERT_EQ(merged.time(r).ToIso(), direct.time(r).ToIso()) << r;
    ASSERT_EQ(merged.record_id(r), direct.record_id(r)) << r;
    const auto a = merged.fields(r), b = direct.fields(r);
    ASSERT_EQ(a.size(), b.size()) << r;
    for (std::size_t k = 0; k < a.size(); ++k) {
      ASSERT_EQ(a[k].field, b[k].field) << r;
      ASSERT_EQ(merged.strings().View(a[k].value), direct.strings().View(b[k].value)) << r;
    }
  }
}

}  // namespace
}  // namespace corridor
