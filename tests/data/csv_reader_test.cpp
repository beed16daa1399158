#include "data/csv_reader.h"

#include <gtest/gtest.h>

using namespace tunedesk::data;

namespace {

std::vector<std::vector<std::string>> rows_of(const CsvTable& t) {
  std::vector<std::vector<std::string>> out;
  for (const auto& r : t.records) {
    std::vector<std::string> fields;
    for (auto f : t.fields_of(r)) fields.emplace_back(f);
    out.push_back(fields);
  }
  return out;
}

std::vector<std::size_t> lines_of(const CsvTable& t) {
  std::vector<std::size_t> out;
  for (const auto& r : t.records) out.push_back(r.line);
  return out;
}

using Rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST(CsvReader, PlainRecords) {
  const auto t = parse_csv("text,result\n1+1,2\n1+2,3\n");
  EXPECT_EQ(rows_of(t), (Rows{{"text", "result"}, {"1+1", "2"}, {"1+2", "3"}}));
  EXPECT_EQ(lines_of(t), (std::vector<std::size_t>{1, 2, 3}));
  EXPECT_TRUE(t.issues.empty());
  EXPECT_EQ(t.line_endings.dominant(), "LF");
  EXPECT_EQ(t.line_count, 3u);
}

TEST(CsvReader, QuotedFieldsWithCommasDoubledQuotesAndLineBreaks) {
  const auto t = parse_csv("a,b\n\"x, y\",\"he said \"\"hi\"\"\"\n\"line1\r\nline2\nline3\",z\nlast,1\n");
  EXPECT_EQ(rows_of(t), (Rows{{"a", "b"}, {"x, y", "he said \"hi\""}, {"line1\r\nline2\nline3", "z"}, {"last", "1"}}));
  // The multi-line record starts on line 3 and takes three lines.
  EXPECT_EQ(lines_of(t), (std::vector<std::size_t>{1, 2, 3, 6}));
}

TEST(CsvReader, CrlfCrAndMixedLineEnds) {
  auto t = parse_csv("a,b\r\n1,2\r\n");
  EXPECT_EQ(t.line_endings.dominant(), "CRLF");
  EXPECT_EQ(rows_of(t), (Rows{{"a", "b"}, {"1", "2"}}));
  t = parse_csv("a,b\r1,2\r3,4");
  EXPECT_EQ(t.line_endings.dominant(), "CR");
  EXPECT_EQ(lines_of(t), (std::vector<std::size_t>{1, 2, 3}));
  t = parse_csv("a,b\r\n1,2\n3,4\r5,6\n");
  EXPECT_EQ(t.line_endings.dominant(), "mixed");
  EXPECT_EQ(lines_of(t), (std::vector<std::size_t>{1, 2, 3, 4}));
}

TEST(CsvReader, NoFinalLineBreakAndTrailingSeparator) {
  const auto t = parse_csv("a,b\n1,");
  EXPECT_EQ(rows_of(t), (Rows{{"a", "b"}, {"1", ""}}));
}

TEST(CsvReader, EmptyQuotedAndEmptyPlainFields) {
  const auto t = parse_csv("a,b,c\n\"\",,\"\"\n");
  EXPECT_EQ(rows_of(t), (Rows{{"a", "b", "c"}, {"", "", ""}}));
}

TEST(CsvReader, BlankLinesAreRecordedNotRecords) {
  const auto t = parse_csv("a,b\n\n1,2\r\n\r\n3,4\n");
  EXPECT_EQ(t.blank_lines, (std::vector<std::size_t>{2, 4}));
  EXPECT_EQ(lines_of(t), (std::vector<std::size_t>{1, 3, 5}));
}

TEST(CsvReader, DetectsTabAndSemicolon) {
  EXPECT_EQ(parse_csv("text\tresult\n甲\t乙,丙\n").delimiter, '\t');
  EXPECT_EQ(rows_of(parse_csv("text\tresult\n甲\t乙,丙\n"))[1], (std::vector<std::string>{"甲", "乙,丙"}));
  EXPECT_EQ(detect_delimiter("text;result\n"), ';');
  EXPECT_EQ(detect_delimiter("\"a,b\"\tc\n"), '\t');  // separators inside quotes do not count
  EXPECT_EQ(detect_delimiter("text,result\n"), ',');
  EXPECT_EQ(parse_csv("a;b\n1;2", CsvOptions{','}).delimiter, ',');  // an explicit choice wins
}

TEST(CsvReader, UnterminatedQuoteIsReportedAndReadingResumes) {
  const auto t = parse_csv("text,result\n\"open,1\nnext,2\nthird,3\n");
  ASSERT_EQ(t.issues.size(), 1u);
  EXPECT_EQ(t.issues[0].kind, CsvIssue::Kind::unterminated_quote);
  EXPECT_EQ(t.issues[0].line, 2u);
  ASSERT_EQ(t.records.size(), 4u);
  EXPECT_TRUE(t.records[1].broken);
  EXPECT_EQ(rows_of(t)[2], (std::vector<std::string>{"next", "2"}));
  EXPECT_EQ(t.records[2].line, 3u);
  EXPECT_EQ(t.records[3].line, 4u);
}

TEST(CsvReader, TextAfterClosingQuoteIsKeptAndReported) {
  const auto t = parse_csv("a,b\n\"quoted\"tail,x\n");
  ASSERT_EQ(t.issues.size(), 1u);
  EXPECT_EQ(t.issues[0].kind, CsvIssue::Kind::text_after_quote);
  EXPECT_EQ(t.issues[0].line, 2u);
  EXPECT_EQ(rows_of(t)[1], (std::vector<std::string>{"quotedtail", "x"}));
}

TEST(CsvReader, QuoteInsideUnquotedFieldIsLiteral) {
  EXPECT_EQ(rows_of(parse_csv("a,b\n5\" screen,ok\n"))[1], (std::vector<std::string>{"5\" screen", "ok"}));
}

TEST(CsvReader, EmptyText) {
  const auto t = parse_csv("");
  EXPECT_TRUE(t.records.empty());
  EXPECT_EQ(t.line_count, 0u);
  EXPECT_EQ(t.line_endings.dominant(), "none");
}
