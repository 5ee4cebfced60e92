#include "loaders/csv_reader.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "engine/errors.h"
#include "engine/sha256.h"
#include "engine/utf8.h"
#include "tests/test_files.h"

namespace corridor {
namespace {

struct ReadRow {
  std::vector<std::string> fields;
  std::uint64_t line;
  std::uint64_t offset;
  std::string raw;
  std::string error;
};

struct ReadResult {
  std::vector<ReadRow> rows;
  CsvStats stats;
  char delimiter;
  std::string sha256;
};

ReadResult ReadAll(std::string_view bytes, CsvOptions options = {}) {
  const testing::TempDir dir;
  CsvReader reader(dir.Write("input.csv", bytes), options);
  ReadResult result;
  CsvRow row;
  while (reader.Next(row)) {
    result.rows.push_back({std::vector<std::string>(row.fields.begin(), row.fields.end()), row.line,
                           row.byte_offset, std::string(row.raw), row.error});
  }
  result.stats = reader.stats();
  result.delimiter = reader.delimiter();
  result.sha256 = reader.FinishDigest();
  return result;
}

using Fields = std::vector<std::string>;

TEST(CsvReader, PlainRowsWithLinesOffsetsAndDigest) {
  const std::string text = "id,name\n1,Ali\n2,Akbar Khan\n";
  const ReadResult r = ReadAll(text);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"1", "Ali"}));
  EXPECT_EQ(r.rows[2].line, 3u);
  EXPECT_EQ(r.rows[2].offset, 14u);
  EXPECT_EQ(r.rows[2].raw, "2,Akbar Khan");
  EXPECT_EQ(r.sha256, Sha256::HexOf(text));
}

TEST(CsvReader, QuotesDoubledQuotesAndEmbeddedNewlines) {
  const ReadResult r = ReadAll("a,b\n\"Khan, M\",\"say \"\"hi\"\"\"\n\"two\nlines\",x\nnext,row\n");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].fields, (Fields{"Khan, M", "say \"hi\""}));
  EXPECT_EQ(r.rows[2].fields, (Fields{"two\nlines", "x"}));
  EXPECT_EQ(r.rows[2].line, 3u);
  EXPECT_EQ(r.rows[3].line, 5u);  // the embedded newline advanced the physical line
}

TEST(CsvReader, CrlfBomAndMissingFinalNewline) {
  const ReadResult r = ReadAll("\xEF\xBB\xBFid,name\r\n1,\"Ali\"\r\n2,Zia");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[0].fields, (Fields{"id", "name"}));
  EXPECT_EQ(r.rows[1].fields, (Fields{"1", "Ali"}));
  EXPECT_EQ(r.rows[2].fields, (Fields{"2", "Zia"}));
  EXPECT_EQ(r.rows[1].raw, "1,\"Ali\"");
  EXPECT_EQ(r.rows[0].offset, 3u);
}

TEST(CsvReader, DetectsDelimiters) {
  EXPECT_EQ(ReadAll("a;b;c\n1;2;3\n").delimiter, ';');
  EXPECT_EQ(ReadAll("a\tb\n1\t2\n").delimiter, '\t');
  EXPECT_EQ(ReadAll("a|b|c\n").delimiter, '|');
  EXPECT_EQ(ReadAll("\"x;y;z\",b\n").delimiter, ',');  // quoted ';' do not count
  EXPECT_EQ(ReadAll("single\n").delimiter, ',');
  CsvOptions forced;
  forced.delimiter = ';';
  EXPECT_EQ(ReadAll("a,b;c\n", forced).rows[0].fields, (Fields{"a,b", "c"}));
  // A CR delimiter: a CRLF after a closing quote still ends the row, on every path.
  forced.delimiter = '\r';
  const ReadResult cr = ReadAll("\"a\"\r\"b\"\r\n\"c\"\r\n", forced);
  ASSERT_EQ(cr.rows.size(), 2u);
  EXPECT_EQ(cr.rows[0].fields, (Fields{"a", "b"}));
  EXPECT_EQ(cr.rows[1].fields, (Fields{"c"}));
}

TEST(CsvReader, TrimsFebrlStyleSpacing) {
  CsvOptions options;
  options.trim = true;
  const ReadResult r =
      ReadAll("rec_id, given_name, surname\nrec-1-org, mohammad ,  \" khan\" \n", options);
  EXPECT_EQ(r.rows[0].fields, (Fields{"rec_id", "given_name", "surname"}));
  EXPECT_EQ(r.rows[1].fields, (Fields{"rec-1-org", "mohammad", " khan"}));
  EXPECT_EQ(ReadAll("a, b\n").rows[0].fields, (Fields{"a", " b"}));  // no trim by default
}

TEST(CsvReader, BlankLinesSkippedAndCounted) {
  const ReadResult r = ReadAll("a\n\n1\r\n\r\n2\n");
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[2].line, 5u);
  EXPECT_EQ(r.stats.blank_lines, 2u);
}

TEST(CsvReader, EmptyAndHeaderOnlyFiles) {
  EXPECT_TRUE(ReadAll("").rows.empty());
  const ReadResult header = ReadAll("a,b,c\n");
  ASSERT_EQ(header.rows.size(), 1u);
  EXPECT_EQ(header.rows[0].fields.size(), 3u);
  EXPECT_EQ(ReadAll("a,,\n").rows[0].fields, (Fields{"a", "", ""}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsText) {
  EXPECT_EQ(ReadAll("5'11\",x\n").rows[0].fields, (Fields{"5'11\"", "x"}));
}

TEST(CsvReader, TextAfterClosingQuoteRejectsThatRowOnly) {
  const ReadResult r = ReadAll("\"ab\"c,d\nok,row\n");
  ASSERT_EQ(r.rows.size(), 2u);
  EXPECT_EQ(r.rows[0].error, "text after the closing quote of field 1");
  EXPECT_TRUE(r.rows[0].fields.empty());
  EXPECT_EQ(r.rows[0].raw, "\"ab\"c,d");
  EXPECT_EQ(r.rows[1].fields, (Fields{"ok", "row"}));
  EXPECT_EQ(r.rows[1].line, 2u);
}

TEST(CsvReader, UnclosedQuoteCostsOneLine) {
  const ReadResult r = ReadAll("a,b\n1,\"open\n2,x\n3,y\n");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].error, "quoted field not closed before end of file");
  EXPECT_EQ(r.rows[1].raw, "1,\"open");
  EXPECT_EQ(r.rows[1].line, 2u);
  EXPECT_EQ(r.rows[2].fields, (Fields{"2", "x"}));
  EXPECT_EQ(r.rows[2].line, 3u);
  EXPECT_EQ(r.rows[3].line, 4u);
}

TEST(CsvReader, NulByteRejectsRow) {
  const ReadResult r = ReadAll(std::string("a,b\n1,x\0y\n2,z\n", 14));
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].error, "NUL byte in field 2");
  EXPECT_EQ(r.rows[2].fields, (Fields{"2", "z"}));
}

TEST(CsvReader, InvalidUtf8RepairedAndCounted) {
  const ReadResult r = ReadAll("name\nAl\xFFi\n\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF\n\xC0\xAF\n");
  ASSERT_EQ(r.rows.size(), 4u);
  EXPECT_EQ(r.rows[1].fields[0], "Al\xEF\xBF\xBDi");
  EXPECT_EQ(r.rows[2].fields[0], "\xD9\x85\xD8\xAD\xD9\x85\xD8\xAF");  // محمد untouched
  EXPECT_EQ(r.rows[3].fields[0], "\xEF\xBF\xBD\xEF\xBF\xBD");          // overlong '/'
  EXPECT_EQ(r.stats.repaired_utf8, 3u);
}

TEST(CsvReader, HugeFieldRejectedAndReadingContinues) {
  CsvOptions options;
  options.max_field_bytes = 100;
  const std::string text = "a,b\n1," + std::string(150, 'x') + "\n2,y\n";
  const ReadResult r = ReadAll(text, options);
  ASSERT_EQ(r.rows.size(), 3u);
  EXPECT_EQ(r.rows[1].error, "field 2 is 150 bytes, over the limit of 100");
  EXPECT_EQ(r.rows[2].fields, (Fields{"2", "y"}));
}

TEST(CsvReader, RowsSpanningManySmallChunksParseTheSame) {
  std::string text = "id,note\n";
  for (int i = 0; i < 200; ++i) {
    text += std::to_string(i) + ",\"line one\nline \"\"two\"\"\"\r\n";
  }
  CsvOptions tiny;
  tiny.chunk_bytes = 7;
  const ReadResult small = ReadAll(text, tiny);
  const ReadResult large = ReadAll(text);
  ASSERT_EQ(small.rows.size(), 201u);
  ASSERT_EQ(large.rows.size(), 201u);
  for (std::size_t i = 0; i < small.rows.size(); ++i) {
    EXPECT_EQ(small.rows[i].fields, large.rows[i].fields);
    EXPECT_EQ(small.rows[i].line, large.rows[i].line);
    EXPECT_EQ(small.rows[i].offset, large.rows[i].offset);
  }
  EXPECT_EQ(small.rows[200].fields, (Fields{"199", "line one\nline \"two\""}));
  EXPECT_EQ(small.rows[200].line, 400u);
  EXPECT_EQ(small.sha256, Sha256::HexOf(text));
}

// Rows of random fields, quoted where they need it and sometimes where they do not, read back
// at several buffer sizes: the plain rows the reader takes as views of its buffer and the rows
// it unescapes must both come back as written. A stable row's views must hold until the
// reader announces a refill.
TEST(CsvReader, RandomRowsReadBackAsWrittenAtAnyBufferSize) {
  std::mt19937 random(7);
  const std::vector<std::string> pieces = {"a",  "Zi", "9",  " ",        ",",
                                           "\"", "\n", "\r", "\xC3\xA9", "-"};
  struct Written {
    Fields fields;
    std::uint64_t line, offset;
    std::string raw;
  };
  std::vector<Written> written;
  std::string text;
  std::uint64_t line = 1;
  for (int r = 0; r < 3000; ++r) {
    Written row{{}, line, text.size(), {}};
    const int width = 1 + static_cast<int>(random() % 5);
    for (int f = 0; f < width; ++f) {
      std::string value;
      const int length = static_cast<int>(random() % 6);
      for (int k = 0; k < length; ++k) value += pieces[random() % pieces.size()];
      const bool must_quote =
          value.find_first_of(",\"\n\r") != std::string::npos || (width == 1 && value.empty());
      std::string cell = value;
      if (must_quote || random() % 4 == 0) {
        cell = "\"";
        for (const char c : value) cell += c == '"' ? std::string("\"\"") : std::string(1, c);
        cell += "\"";
      }
      row.raw += (f > 0 ? "," : "") + cell;
      row.fields.push_back(value);
    }
    line += static_cast<std::uint64_t>(std::count(row.raw.begin(), row.raw.end(), '\n')) + 1;
    text += row.raw + (random() % 2 == 0 ? "\n" : "\r\n");
    written.push_back(row);
  }
  for (const std::size_t chunk : {std::size_t{7}, std::size_t{64}, std::size_t{1} << 20}) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    const testing::TempDir dir;
    CsvOptions options;
    options.delimiter = ',';
    options.chunk_bytes = chunk;
    CsvReader reader(dir.Write("random.csv", text), options);
    std::vector<std::pair<std::size_t, std::vector<std::string_view>>> held;
    std::size_t stable_rows = 0, refills = 0;
    const auto check_held = [&] {
      for (const auto& [index, views] : held) {
        ASSERT_EQ(Fields(views.begin(), views.end()), written[index].fields) << "row " << index;
      }
      held.clear();
    };
    reader.SetBeforeRefill([&] {
      ++refills;
      check_held();
    });
    CsvRow row;
    std::size_t index = 0;
    for (; reader.Next(row); ++index) {
      ASSERT_LT(index, written.size());
      ASSERT_EQ(row.error, "") << "row " << index;
      EXPECT_EQ(Fields(row.fields.begin(), row.fields.end()), written[index].fields)
          << "row " << index;
      EXPECT_EQ(row.line, written[index].line) << "row " << index;
      EXPECT_EQ(row.byte_offset, written[index].offset) << "row " << index;
      EXPECT_EQ(row.raw, written[index].raw) << "row " << index;
      if (row.stable) {
        ++stable_rows;
        held.emplace_back(index,
                          std::vector<std::string_view>(row.fields.begin(), row.fields.end()));
      }
    }
    check_held();
    EXPECT_EQ(index, written.size());
    EXPECT_EQ(reader.FinishDigest(), Sha256::HexOf(text));
    // Both paths ran: plain rows as views, the others unescaped.
    EXPECT_GT(stable_rows, written.size() / 10);
    EXPECT_LT(stable_rows, written.size());
    EXPECT_GT(refills, 0u);
  }
}

// A file read as two stretches, cut at every byte past the header, gives the rows of one whole
// read: the first stretch stops at the first row or blank line at or after the cut, the second
// starts there on the line the newlines before it give, and buffers of any size may hold the
// rows either side. The first stretch's digest is of the whole file.
TEST(CsvReader, TwoStretchesCutAnywhereReadAsTheWholeFile) {
  const std::string text =
      "\xEF\xBB\xBFid,note\r\n"
      "1,plain\r\n"
      "2,\"two\nlines, \"\"quoted\"\"\"\n"
      "\n"
      "3,bad \xFF byte\n"
      "4,\"closed\" then text\n"
      "5,\"\n\n\"\n"
      "\r\n"
      "6,short\n" +
      std::string("7,nul \0 here\n", 13) +
      "8,\"open quote\n"
      "9,last";
  CsvOptions options;
  options.delimiter = ',';
  const ReadResult whole = ReadAll(text, options);
  const testing::TempDir dir;
  const std::string path = dir.Write("stretches.csv", text);
  const auto header_end = text.find('\n') + 1;
  // Where a stretch may stop: the start of a row, of a blank line, or the end of the file.
  std::vector<std::uint64_t> starts = {text.size()};
  for (const ReadRow& row : whole.rows) starts.push_back(row.offset);
  for (std::size_t p = 1; p < text.size(); ++p) {
    const bool in_row = std::any_of(whole.rows.begin(), whole.rows.end(), [&](const ReadRow& row) {
      return p > row.offset && p <= row.offset + row.raw.size();
    });
    if (text[p - 1] == '\n' && !in_row && (text[p] == '\n' || text.compare(p, 2, "\r\n") == 0)) {
      starts.push_back(p);
    }
  }
  std::sort(starts.begin(), starts.end());
  for (std::size_t cut = header_end + 1; cut <= text.size(); ++cut) {
    for (const std::size_t chunk : {std::size_t{5}, std::size_t{1} << 20}) {
      SCOPED_TRACE("cut " + std::to_string(cut) + ", chunk " + std::to_string(chunk));
      ReadResult joined;
      CsvOptions first = options;
      first.chunk_bytes = chunk;
      first.stop_offset = cut;
      CsvReader head(path, first);
      CsvRow row;
      const auto take = [&](CsvReader& reader) {
        while (reader.Next(row)) {
          joined.rows.push_back({Fields(row.fields.begin(), row.fields.end()), row.line,
                                 row.byte_offset, std::string(row.raw), row.error});
        }
        joined.stats.rows += reader.stats().rows;
        joined.stats.blank_lines += reader.stats().blank_lines;
        joined.stats.repaired_utf8 += reader.stats().repaired_utf8;
      };
      take(head);
      const std::uint64_t start = head.position();
      ASSERT_EQ(start, *std::lower_bound(starts.begin(), starts.end(), cut));
      CsvOptions second = first;
      second.start_offset = start;
      second.start_line =
          1 + static_cast<std::uint64_t>(std::count(text.begin(), text.begin() + start, '\n'));
      second.stop_offset = CsvOptions().stop_offset;
      CsvReader tail(path, second);
      take(tail);
      EXPECT_EQ(tail.position(), text.size());
      ASSERT_EQ(joined.rows.size(), whole.rows.size());
      for (std::size_t i = 0; i < whole.rows.size(); ++i) {
        EXPECT_EQ(joined.rows[i].fields, whole.rows[i].fields) << "row " << i;
        EXPECT_EQ(joined.rows[i].line, whole.rows[i].line) << "row " << i;
        EXPECT_EQ(joined.rows[i].offset, whole.rows[i].offset) << "row " << i;
        EXPECT_EQ(joined.rows[i].raw, whole.rows[i].raw) << "row " << i;
        EXPECT_EQ(joined.rows[i].error, whole.rows[i].error) << "row " << i;
      }
      EXPECT_EQ(joined.stats.rows, whole.stats.rows);
      EXPECT_EQ(joined.stats.blank_lines, whole.stats.blank_lines);
      EXPECT_EQ(joined.stats.repaired_utf8, whole.stats.repaired_utf8);
      EXPECT_EQ(head.FinishDigest(), Sha256::HexOf(text));
      EXPECT_EQ(head.bytes_read(), text.size());
    }
  }
  // Every kind of row is in the file: the cuts fall inside each.
  ASSERT_EQ(whole.rows.size(), 10u);
  EXPECT_EQ(whole.stats.blank_lines, 2u);
  EXPECT_EQ(starts.size(), 10u + 2u + 1u);
  EXPECT_EQ(whole.rows[2].fields, (Fields{"2", "two\nlines, \"quoted\""}));
  EXPECT_EQ(whole.rows[5].fields, (Fields{"5", "\n\n"}));
  EXPECT_EQ(whole.rows[8].error, "quoted field not closed before end of file");
  EXPECT_EQ(whole.rows[9].fields, (Fields{"9", "last"}));
  EXPECT_EQ(whole.rows[9].line, 15u);
}

// Whether a row is over the row limit (64 maximal fields) depends on its length, not on how
// much of the file a read happened to hold: every buffer size rejects the same rows.
TEST(CsvReader, RowLimitJudgedOnTheRowAlone) {
  CsvOptions options;
  options.delimiter = ',';
  options.max_field_bytes = 2;  // rows of up to 128 bytes
  std::string text = "a\n";
  std::vector<bool> too_long;
  for (std::size_t length = 120; length < 136; ++length) {
    std::string row = "x";
    while (row.size() + 2 <= length) row += ",x";
    if (row.size() + 1 < length) row += "y";
    text += row + "\n";
    too_long.push_back(row.size() + 1 > 128);
  }
  // A quoted field that closes past the limit: its first line is rejected, and the next line,
  // read as a row of its own, is over the limit too.
  text += "\"quoted\n" + std::string(130, 'z') + "\"\nok\n";
  for (std::size_t chunk = 1; chunk <= 300; ++chunk) {
    SCOPED_TRACE("chunk " + std::to_string(chunk));
    options.chunk_bytes = chunk;
    const ReadResult r = ReadAll(text, options);
    ASSERT_EQ(r.rows.size(), 1 + too_long.size() + 3);
    for (std::size_t i = 0; i < too_long.size(); ++i) {
      EXPECT_EQ(r.rows[i + 1].error.empty(), !too_long[i]) << "row " << i + 1;
    }
    const std::size_t quoted = too_long.size() + 1;
    EXPECT_EQ(r.rows[quoted].error, "row longer than 128 bytes (unclosed quote?)");
    EXPECT_EQ(r.rows[quoted].raw, "\"quoted");
    EXPECT_EQ(r.rows[quoted + 1].error, "row longer than 128 bytes (unclosed quote?)");
    EXPECT_EQ(r.rows[quoted + 1].line, static_cast<std::uint64_t>(quoted + 2));
    EXPECT_EQ(r.rows.back().fields, (Fields{"ok"}));
  }
  EXPECT_FALSE(too_long.front());
  EXPECT_TRUE(too_long.back());
}

TEST(CsvReader, MissingFileNamesThePath) {
  try {
    CsvReader reader("/nonexistent/bus.csv", {});
    FAIL() << "expected InvalidInput";
  } catch (const InvalidInput& error) {
    EXPECT_NE(std::string(error.what()).find("/nonexistent/bus.csv"), std::string::npos);
  }
}

TEST(Utf8Repair, ValidTextUnchanged) {
  std::string out;
  EXPECT_EQ(AppendRepairedUtf8("Mohammed محمد 😀", out), 0u);
  EXPECT_EQ(out, "Mohammed محمد 😀");
  out.clear();
  EXPECT_EQ(AppendRepairedUtf8("\xED\xA0\x80", out), 3u);  // a surrogate is invalid
}

}  // namespace
}  // namespace corridor
