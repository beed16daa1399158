#include "data/validator.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "data/dataset_reader.h"
#include "data/test_support.h"

using namespace tunedesk::data;
using tunedesk::test::findings_of;
using tunedesk::test::lines_of;

namespace {

ValidationReport check(std::string_view csv, const ValidationOptions& options = {}) {
  return validate(read_dataset_bytes(csv, "test.csv"), options);
}

using Lines = std::vector<std::size_t>;
using namespace std::string_literals;

}  // namespace

TEST(Validator, CleanDataPasses) {
  const auto r = check("text,result\n1+1,2\n1+2,3\n请介绍一下北京,北京是中国的首都。\n");
  EXPECT_TRUE(r.passed);
  EXPECT_EQ(r.rows, 3u);
  EXPECT_EQ(r.valid_rows, 3u);
  EXPECT_EQ(r.errors, 0u);
  // Only the row-count recommendation.
  EXPECT_EQ(r.warnings, 1u);
  EXPECT_EQ(lines_of(r.findings, rule::too_few_rows), (Lines{0}));
}

TEST(Validator, EmptyField) {
  const auto r = check("text,result\n,answer\nquestion,\n \u3000 ,x\nok,fine\n");
  const auto f = findings_of(r.findings, rule::empty_field);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].field, "text");
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_EQ(f[1].line, 3u);
  EXPECT_EQ(f[1].field, "result");
  EXPECT_EQ(f[2].line, 4u);  // ideographic space only
  EXPECT_NE(f[2].message.find("white space"), std::string::npos);
  EXPECT_EQ(r.valid_rows, 1u);
  EXPECT_FALSE(r.passed);
}

TEST(Validator, TooLongInCharactersIsConfigurable) {
  ValidationOptions o;
  o.max_input_chars = 5;
  o.max_output_chars = 3;
  const auto r = check("text,result\n一二三四五六,好\n一二三,四五六七\n一二,三\n", o);
  const auto f = findings_of(r.findings, rule::too_long);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].field, "text");
  EXPECT_NE(f[0].message.find("6 characters"), std::string::npos);
  EXPECT_EQ(f[1].line, 3u);
  EXPECT_EQ(f[1].field, "result");
  EXPECT_EQ(f[0].severity, Severity::warning);
}

TEST(Validator, TooLongInTokensWhenATokenizerIsKnown) {
  ValidationOptions o;
  // A stand-in tokenizer: one token per space-separated word.
  o.count_tokens = [](std::string_view s) {
    std::size_t n = 0;
    bool in_word = false;
    for (char c : s) {
      if (c != ' ' && !in_word) ++n;
      in_word = c != ' ';
    }
    return n;
  };
  o.max_input_tokens = 3;
  o.max_output_tokens = 2;
  const auto r = check("text,result\na b c d,x\na b,x y z\na,b\n", o);
  EXPECT_EQ(lines_of(r.findings, rule::too_long), (Lines{2, 3}));
  EXPECT_EQ(r.input_tokens.max, 4u);
  EXPECT_EQ(r.output_tokens.max, 3u);
  EXPECT_NE(findings_of(r.findings, rule::too_long)[0].message.find("max_input_length"), std::string::npos);
}

TEST(Validator, TooShort) {
  const auto r = check("text,result\n好,这是回答\n问题,答\n");
  EXPECT_EQ(lines_of(r.findings, rule::too_short), (Lines{2}));
  ValidationOptions o;
  o.min_output_chars = 2;
  EXPECT_EQ(lines_of(check("text,result\n好,这是回答\n问题,答\n", o).findings, rule::too_short), (Lines{2, 3}));
}

TEST(Validator, SameInputOutput) {
  const auto r = check("text,result\n你好,你好\n hello , hello\n谢谢,谢谢谢谢\nHello!,hello\n1+1,2\n");
  const auto f = findings_of(r.findings, rule::same_input_output);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_EQ(f[1].line, 3u);  // identical after trimming
  EXPECT_EQ(f[1].severity, Severity::error);
  EXPECT_EQ(f[2].line, 4u);  // merely repeats
  EXPECT_EQ(f[2].severity, Severity::warning);
  EXPECT_NE(f[2].message.find("repeats"), std::string::npos);
  EXPECT_EQ(f[3].line, 5u);  // differs only in punctuation and case
  EXPECT_EQ(f[3].severity, Severity::warning);
}

TEST(Validator, DuplicateAndConflictingDuplicate) {
  const auto r = check(
      "text,result\n"
      "问题,答案一\n"    // 2
      "别的,别的答案\n"  // 3
      " 问题 ,答案一\n"  // 4: duplicate of 2 (trimmed)
      "问题,答案二\n"    // 5: conflicts with 2
      "问题,答案二\n");  // 6: duplicate of 5
  const auto dup = findings_of(r.findings, rule::duplicate);
  ASSERT_EQ(dup.size(), 2u);
  EXPECT_EQ(dup[0].line, 4u);
  EXPECT_NE(dup[0].message.find("line 2"), std::string::npos);
  EXPECT_EQ(dup[1].line, 6u);
  EXPECT_NE(dup[1].message.find("line 5"), std::string::npos);
  const auto conflict = findings_of(r.findings, rule::conflicting_duplicate);
  ASSERT_EQ(conflict.size(), 1u);
  EXPECT_EQ(conflict[0].line, 5u);
  EXPECT_NE(conflict[0].message.find("line 2"), std::string::npos);
  EXPECT_TRUE(r.passed);  // warnings only
}

TEST(Validator, ControlCharacters) {
  const auto r = check("text,result\nbell\x07here,ok\ntab\tis fine,ok\nnul,a\0b\nc1,x\xC2\x85y\n"s);
  const auto f = findings_of(r.findings, rule::control_chars);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_NE(f[0].message.find("U+0007 at character 5"), std::string::npos);
  EXPECT_EQ(f[1].line, 4u);
  EXPECT_NE(f[1].message.find("U+0000"), std::string::npos);
  EXPECT_EQ(f[2].line, 5u);
  EXPECT_NE(f[2].message.find("U+0085"), std::string::npos);
}

TEST(Validator, EncodingReplacementCharactersAndMojibake) {
  const auto r = check("text,result\nbad\xFF" "byte,ok\nliteral \xEF\xBF\xBD,ok\n"
                       "ä¸­æ–‡,mojibake\n锟斤拷,mojibake\ncafé naïve,fine\n");
  const auto f = findings_of(r.findings, rule::encoding);
  ASSERT_EQ(f.size(), 4u);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].severity, Severity::error);
  EXPECT_EQ(f[1].line, 3u);
  EXPECT_EQ(f[1].severity, Severity::error);
  EXPECT_EQ(f[2].line, 4u);
  EXPECT_EQ(f[2].severity, Severity::warning);
  EXPECT_EQ(f[3].line, 5u);
}

TEST(Validator, MalformedRows) {
  const auto r = check("text,result\nok,row\nunquoted, comma,inside\nonly-one\n\"never closed,x\nafter,fine\n");
  const auto f = findings_of(r.findings, rule::malformed_row);
  ASSERT_EQ(f.size(), 3u);
  EXPECT_EQ(f[0].line, 3u);
  EXPECT_NE(f[0].message.find("double quotes"), std::string::npos);
  EXPECT_EQ(f[1].line, 4u);
  EXPECT_EQ(f[2].line, 5u);
  EXPECT_NE(f[2].message.find("never closed"), std::string::npos);
  EXPECT_EQ(r.rows, 5u);
  EXPECT_EQ(r.valid_rows, 2u);  // "ok,row" and "after,fine": reading resumed after the bad quote
}

TEST(Validator, BlankLinesAreReportedNotSkippedSilently) {
  const auto r = check("text,result\nq1,a1\n\nq2,a2\n");
  EXPECT_EQ(lines_of(r.findings, rule::blank_line), (Lines{3}));
  EXPECT_EQ(r.valid_rows, 2u);
}

TEST(Validator, RowCountRecommendations) {
  ValidationOptions o;
  o.recommended_min_rows = 2;
  o.recommended_max_rows = 3;
  EXPECT_EQ(findings_of(check("text,result\na1,b\n", o).findings, rule::too_few_rows).size(), 1u);
  EXPECT_TRUE(findings_of(check("text,result\na1,b\na2,b\n", o).findings, rule::too_few_rows).empty());
  const auto many = check("text,result\na1,b\na2,b\na3,b\na4,b\n", o);
  ASSERT_EQ(findings_of(many.findings, rule::too_many_rows).size(), 1u);
  EXPECT_EQ(findings_of(many.findings, rule::too_many_rows)[0].severity, Severity::warning);
  EXPECT_TRUE(many.passed);
  // A header and nothing else cannot be trained on.
  const auto none = check("text,result\n", o);
  EXPECT_FALSE(none.passed);
  EXPECT_EQ(findings_of(none.findings, rule::too_few_rows)[0].severity, Severity::error);
}

TEST(Validator, StatisticsDescribeTheLengths) {
  const auto r = check("text,result\n一,1\n一二,12\n一二三,123\n一二三四,1234\n");
  EXPECT_EQ(r.input_chars.min, 1u);
  EXPECT_EQ(r.input_chars.median, 2u);
  EXPECT_EQ(r.input_chars.p95, 4u);
  EXPECT_EQ(r.input_chars.max, 4u);
  EXPECT_DOUBLE_EQ(r.output_chars.mean, 2.5);
  EXPECT_DOUBLE_EQ(r.pass_rate(), 1.0);
}

TEST(Validator, JsonFormHasTheDocumentedShape) {
  const auto r = check("text,result\n,x\nq,a\n");
  const nlohmann::json j = report_to_json(r);
  EXPECT_EQ(j["passed"], false);
  EXPECT_EQ(j["rows"], 2);
  EXPECT_EQ(j["valid_rows"], 1);
  ASSERT_TRUE(j["findings"].is_array());
  const auto& first = j["findings"][1];  // [0] is the file-level too_few_rows (line 0)
  EXPECT_EQ(first["rule"], "empty_field");
  EXPECT_EQ(first["severity"], "error");
  EXPECT_EQ(first["line"], 2);
  EXPECT_EQ(first["field"], "text");
  EXPECT_TRUE(first["message"].is_string());
  EXPECT_TRUE(j["findings"][0]["field"].is_null());
  EXPECT_EQ(j["stats"]["encoding"], "utf-8");
  EXPECT_EQ(j["stats"]["delimiter"], "comma");
  EXPECT_EQ(j["stats"]["by_rule"]["empty_field"], 1);
  for (const char* key : {"min", "median", "p95", "max"}) EXPECT_TRUE(j["stats"]["input_chars"].contains(key));
}

TEST(Validator, BrokenSampleExercisesTheRowRules) {
  const auto r = validate(read_dataset(tunedesk::test::sample("broken.csv")));
  for (std::string_view id : {rule::extra_column, rule::malformed_row, rule::blank_line, rule::encoding,
                              rule::empty_field, rule::too_long, rule::too_short, rule::same_input_output,
                              rule::duplicate, rule::conflicting_duplicate, rule::control_chars,
                              rule::too_few_rows})
    EXPECT_FALSE(findings_of(r.findings, id).empty()) << id;
  EXPECT_FALSE(r.passed);
}

TEST(Validator, BundledSamplesPass) {
  for (const char* name : {"arithmetic.csv", "general_zh.csv", "medical_zh.csv", "legal_zh.csv"}) {
    const auto r = validate(read_dataset(tunedesk::test::sample(name)));
    EXPECT_TRUE(r.passed) << name;
    EXPECT_EQ(r.valid_rows, r.rows) << name;
    EXPECT_GE(r.rows, 30u) << name;
  }
}

TEST(Validator, PersonalDataIsAWarningWithItsKindAndValue) {
  const auto r = check("text,result\n患者王五身份证11010519491231002X,请致电010-62345678\n1+1,2\n王五复诊,好\n");
  EXPECT_TRUE(r.passed) << "personal data does not stop a row";
  const auto f = findings_of(r.findings, rule::personal_data);
  ASSERT_EQ(f.size(), 2u);
  EXPECT_EQ(f[0].severity, Severity::warning);
  EXPECT_EQ(f[0].line, 2u);
  EXPECT_EQ(f[0].field, "text");
  EXPECT_EQ(f[0].kind, "pii.id_number");
  EXPECT_EQ(f[0].args, (std::vector<std::string>{"text", "11010519491231002X"}));
  EXPECT_EQ(f[1].kind, "pii.landline");
  EXPECT_EQ(f[1].field, "result");
  EXPECT_EQ(r.rows_with_personal_data, 1u);
  EXPECT_EQ(r.count_by_rule.at("pii"), 2u);

  ValidationOptions names;
  names.personal_data_names = {"王五"};
  EXPECT_EQ(check("text,result\n患者王五身份证11010519491231002X,请致电010-62345678\n1+1,2\n王五复诊,好\n", names)
                .rows_with_personal_data,
            2u);
  ValidationOptions off;
  off.find_personal_data = false;
  EXPECT_TRUE(findings_of(check("text,result\n身份证11010519491231002X,好\n", off).findings, rule::personal_data).empty());
}
