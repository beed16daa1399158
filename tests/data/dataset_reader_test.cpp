#include "data/dataset_reader.h"

#include <gtest/gtest.h>

#include "data/test_support.h"
#include "data/validator.h"
#include "util/file_io.h"

using namespace tunedesk;
using namespace tunedesk::data;
using test::fixture;
using test::lines_of;

namespace {

// The rows every Excel fixture holds (see tests/fixtures/README.md).
void expect_excel_rows(const Dataset& ds) {
  ASSERT_EQ(ds.examples.size(), 4u) << ds.path;
  EXPECT_EQ(ds.examples[0].turn.user, "你好");
  EXPECT_EQ(ds.examples[0].turn.assistant, "你好！有什么可以帮你？");
  EXPECT_EQ(ds.examples[1].turn.user, "1+1");
  EXPECT_EQ(ds.examples[1].turn.assistant, "2");
  EXPECT_EQ(ds.examples[3].turn.user, "他说\"好\"");
  EXPECT_EQ(ds.examples[3].turn.assistant, "引号, 逗号都在");
  for (std::size_t i = 0; i < ds.examples.size(); ++i) EXPECT_EQ(ds.examples[i].line, i + 2);
  EXPECT_EQ(ds.line_endings, "CRLF");
  const auto report = validate(ds);
  EXPECT_TRUE(report.passed);
  EXPECT_EQ(report.errors, 0u);
}

}  // namespace

TEST(DatasetReader, ExcelChineseWindowsCsvIsGbk) {
  const Dataset ds = read_dataset(fixture("excel_gbk.csv"));
  EXPECT_EQ(ds.encoding, "gbk");
  EXPECT_TRUE(ds.encoding_detected);
  expect_excel_rows(ds);
}

TEST(DatasetReader, ExcelCsvUtf8HasABom) {
  const Dataset ds = read_dataset(fixture("excel_utf8_bom.csv"));
  EXPECT_EQ(ds.encoding, "utf-8");
  EXPECT_TRUE(ds.had_bom);
  EXPECT_EQ(ds.columns, (std::vector<std::string>{"text", "result"}));  // no BOM glued to "text"
  expect_excel_rows(ds);
}

TEST(DatasetReader, ExcelUnicodeTextIsUtf16LeTabSeparated) {
  const Dataset ds = read_dataset(fixture("excel_unicode_text.txt"));
  EXPECT_EQ(ds.encoding, "utf-16le");
  EXPECT_EQ(ds.delimiter, '\t');
  expect_excel_rows(ds);
}

TEST(DatasetReader, Utf16BigEndianWithBom) {
  const Dataset ds = read_dataset(fixture("utf16be_bom.csv"));
  EXPECT_EQ(ds.encoding, "utf-16be");
  expect_excel_rows(ds);
}

TEST(DatasetReader, Gb18030ExtensionCharacters) {
  const Dataset ds = read_dataset(fixture("gb18030_only.csv"));
  EXPECT_EQ(ds.encoding, "gb18030");
  ASSERT_EQ(ds.examples.size(), 2u);
  EXPECT_EQ(ds.examples[0].turn.user, "\U00020000字");
  EXPECT_EQ(ds.examples[1].turn.user, "€符号");
}

TEST(DatasetReader, EncodingOverrideIsHonoured) {
  ReadOptions o;
  o.encoding = "gb18030";
  const Dataset ds = read_dataset(fixture("excel_gbk.csv"), o);
  EXPECT_EQ(ds.encoding, "gb18030");
  EXPECT_FALSE(ds.encoding_detected);
  expect_excel_rows(ds);
  // The wrong override gives encoding errors, with their lines, instead of a crash.
  o.encoding = "utf-8";
  const auto report = validate(read_dataset(fixture("excel_gbk.csv"), o));
  EXPECT_FALSE(report.passed);
  EXPECT_EQ(lines_of(report.findings, rule::encoding), (std::vector<std::size_t>{2, 2, 4, 4, 5, 5}));
}

TEST(DatasetReader, QuotedMultiLineFieldsKeepTheirStartLines) {
  const Dataset ds = read_dataset(fixture("multiline_quoted.csv"));
  ASSERT_EQ(ds.examples.size(), 2u);
  EXPECT_EQ(ds.examples[0].line, 2u);
  EXPECT_EQ(ds.examples[0].turn.user, "第一行\r\n第二行");
  EXPECT_EQ(ds.examples[0].turn.assistant, "答案\n也有两行");
  EXPECT_EQ(ds.examples[1].line, 5u);
}

TEST(DatasetReader, OldMacCrLineEnds) {
  const Dataset ds = read_dataset(fixture("cr_only.csv"));
  EXPECT_EQ(ds.line_endings, "CR");
  ASSERT_EQ(ds.examples.size(), 2u);
  EXPECT_EQ(ds.examples[1].line, 3u);
}

TEST(DatasetReader, HeaderNamesAreCaseInsensitiveAndTrimmedExtraColumnsReported) {
  const Dataset ds = read_dataset(fixture("mixed_columns.csv"));
  ASSERT_EQ(ds.examples.size(), 1u);
  EXPECT_EQ(ds.examples[0].turn.user, "问题");
  EXPECT_EQ(ds.examples[0].turn.assistant, "答案");
  const auto extra = test::findings_of(ds.findings, rule::extra_column);
  ASSERT_EQ(extra.size(), 1u);
  EXPECT_EQ(extra[0].severity, Severity::warning);
  EXPECT_NE(extra[0].message.find("\"ID\""), std::string::npos);
  EXPECT_NE(extra[0].message.find("\"备注\""), std::string::npos);
}

TEST(DatasetReader, MissingColumnNamesTheColumnsFound) {
  const Dataset ds = read_dataset_bytes("question,answer\n1+1,2\n", "qa.csv");
  const auto missing = test::findings_of(ds.findings, rule::missing_column);
  ASSERT_EQ(missing.size(), 2u);
  EXPECT_EQ(missing[0].line, 1u);
  EXPECT_EQ(missing[0].field, "text");
  EXPECT_NE(missing[0].message.find("\"question\", \"answer\""), std::string::npos);
  EXPECT_EQ(missing[1].field, "result");
  EXPECT_TRUE(ds.examples.empty());
  EXPECT_EQ(ds.rows, 1u);
}

TEST(DatasetReader, DuplicateColumnUsesTheFirst) {
  const Dataset ds = read_dataset_bytes("text,result,Text\na,b,c\n", "d.csv");
  EXPECT_EQ(lines_of(ds.findings, rule::duplicate_column), (std::vector<std::size_t>{1}));
  ASSERT_EQ(ds.examples.size(), 1u);
  EXPECT_EQ(ds.examples[0].turn.user, "a");
}

TEST(DatasetReader, EmptyFileIsAnError) {
  const Dataset ds = read_dataset_bytes("", "empty.csv");
  EXPECT_EQ(lines_of(ds.findings, rule::missing_column), (std::vector<std::size_t>{1}));
  EXPECT_FALSE(validate(ds).passed);
}

TEST(DatasetReader, FileTooLargeIsRefusedBeforeReading) {
  test::TempDir dir;
  test::write_bytes(dir / "big.csv", "text,result\n" + std::string(3000, 'x') + ",y\n");
  ReadOptions o;
  o.max_file_bytes = 1024;
  const Dataset ds = read_dataset(dir / "big.csv", o);
  const auto f = test::findings_of(ds.findings, rule::file_too_large);
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_EQ(f[0].line, 0u);
  EXPECT_TRUE(ds.examples.empty());
  EXPECT_FALSE(validate(ds).passed);
}

TEST(DatasetReader, UnreadableFilesThrowWithTheReason) {
  test::TempDir dir;
  try {
    read_dataset(dir / "missing.csv");
    FAIL() << "expected FileError";
  } catch (const util::FileError& e) {
    EXPECT_NE(std::string(e.what()).find("missing.csv"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("No such file"), std::string::npos);
  }
  EXPECT_THROW(read_dataset(dir.path()), util::FileError);  // a directory
}

TEST(DatasetReader, JsonlIsRecognisedByContentWithoutExtension) {
  const Dataset ds = read_dataset_bytes("{\"input\":\"a\",\"output\":\"b\"}\n", "upload.dat");
  EXPECT_EQ(ds.format, SourceFormat::jsonl_alpaca);
  ASSERT_EQ(ds.examples.size(), 1u);
}
