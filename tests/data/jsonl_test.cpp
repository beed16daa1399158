#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <sstream>

#include "data/dataset_reader.h"
#include "data/jsonl_writer.h"
#include "data/test_support.h"
#include "data/validator.h"

using namespace tunedesk;
using namespace tunedesk::data;
using nlohmann::json;

namespace {

std::vector<json> read_jsonl(const std::filesystem::path& p) {
  std::vector<json> out;
  std::istringstream in(test::read_bytes(p));
  for (std::string line; std::getline(in, line);) out.push_back(json::parse(line));
  return out;
}

ConvertResult convert(const Dataset& ds, const std::filesystem::path& out, ConvertOptions o = {}) {
  if (o.instruction.empty()) o.instruction = "你是一个智能助手，请根据输入提供准确的回答";
  return write_jsonl(ds, validate(ds), out, o);
}

}  // namespace

TEST(JsonlWriter, AlpacaKeepsValuesAsStringsAndSkipsErrorRows) {
  test::TempDir dir;
  const Dataset ds = read_dataset_bytes("text,result\n1+1,2\n,empty\n\"多行\n输入\",\"含\"\"引号\"\"\\和反斜杠\"\n", "x.csv");
  const auto result = convert(ds, dir / "out.jsonl");
  EXPECT_EQ(result.train_rows, 2u);
  EXPECT_EQ(result.skipped_lines, (std::vector<std::size_t>{3}));
  const auto rows = read_jsonl(dir / "out.jsonl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], json({{"instruction", "你是一个智能助手，请根据输入提供准确的回答"}, {"input", "1+1"}, {"output", "2"}}));
  EXPECT_TRUE(rows[0]["output"].is_string());  // "2" stays "2", never the number 2
  EXPECT_EQ(rows[1]["input"], "多行\n输入");
  EXPECT_EQ(rows[1]["output"], "含\"引号\"\\和反斜杠");
  // Chinese is written as UTF-8, not \u escapes: the file stays readable.
  EXPECT_NE(test::read_bytes(dir / "out.jsonl").find("多行"), std::string::npos);
}

TEST(JsonlWriter, MessagesForm) {
  test::TempDir dir;
  const Dataset ds = read_dataset_bytes("text,result\n问,答\n", "x.csv");
  ConvertOptions o;
  o.format = JsonlFormat::messages;
  o.instruction = "SYS";
  convert(ds, dir / "m.jsonl", o);
  const auto rows = read_jsonl(dir / "m.jsonl");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0], json::parse(R"({"messages":[{"role":"system","content":"SYS"},
      {"role":"user","content":"问"},{"role":"assistant","content":"答"}]})"));
}

TEST(JsonlWriter, ControlCharactersAreEscaped) {
  std::string s;
  append_json_string(s, std::string("a\x01\tb\"\\", 6));
  EXPECT_EQ(s, "\"a\\u0001\\tb\\\"\\\\\"");
  EXPECT_EQ(json::parse(s), std::string("a\x01\tb\"\\", 6));
}

TEST(JsonlWriter, DeterministicValidationSplit) {
  test::TempDir dir;
  std::string csv = "text,result\n";
  for (int i = 0; i < 50; ++i) csv += "q" + std::to_string(i) + ",a" + std::to_string(i) + "\n";
  const Dataset ds = read_dataset_bytes(csv, "x.csv");
  ConvertOptions o;
  o.val_ratio = 0.2;
  o.seed = 7;
  const auto r1 = convert(ds, dir / "a.jsonl", o);
  EXPECT_EQ(r1.train_rows, 40u);
  EXPECT_EQ(r1.val_rows, 10u);
  EXPECT_EQ(r1.val_path, dir / "a.val.jsonl");
  const auto r2 = convert(ds, dir / "b.jsonl", o);
  EXPECT_EQ(test::read_bytes(dir / "a.val.jsonl"), test::read_bytes(dir / "b.val.jsonl"));
  o.seed = 8;
  convert(ds, dir / "c.jsonl", o);
  EXPECT_NE(test::read_bytes(dir / "a.val.jsonl"), test::read_bytes(dir / "c.val.jsonl"));
  // Together the two files hold every row once.
  auto all = read_jsonl(dir / "a.jsonl");
  for (auto& j : read_jsonl(dir / "a.val.jsonl")) all.push_back(j);
  std::set<std::string> inputs;
  for (auto& j : all) inputs.insert(j["input"].get<std::string>());
  EXPECT_EQ(inputs.size(), 50u);
}

TEST(JsonlReader, AlpacaRoundTrip) {
  test::TempDir dir;
  const Dataset csv = read_dataset(test::sample("general_zh.csv"));
  convert(csv, dir / "g.jsonl");
  const Dataset back = read_dataset(dir / "g.jsonl");
  EXPECT_EQ(back.format, SourceFormat::jsonl_alpaca);
  ASSERT_EQ(back.examples.size(), csv.examples.size());
  for (std::size_t i = 0; i < back.examples.size(); ++i) {
    EXPECT_EQ(back.examples[i].turn.user, csv.examples[i].turn.user);
    EXPECT_EQ(back.examples[i].turn.assistant, csv.examples[i].turn.assistant);
    EXPECT_EQ(back.examples[i].system, "你是一个智能助手，请根据输入提供准确的回答");
    EXPECT_EQ(back.examples[i].line, i + 1);
  }
  EXPECT_TRUE(validate(back).passed);
}

TEST(JsonlReader, MessagesRoundTripIncludingMultiTurn) {
  test::TempDir dir;
  const std::string src =
      R"({"messages":[{"role":"system","content":"S"},{"role":"user","content":"q1"},{"role":"assistant","content":"a1"},{"role":"user","content":"q2"},{"role":"assistant","content":"a2"}]})"
      "\n";
  const Dataset ds = read_dataset_bytes(src, "m.jsonl");
  ASSERT_EQ(ds.examples.size(), 1u);
  EXPECT_EQ(ds.format, SourceFormat::jsonl_messages);
  EXPECT_EQ(ds.examples[0].system, "S");
  ASSERT_EQ(ds.examples[0].history.size(), 1u);
  EXPECT_EQ(ds.examples[0].turn.user, "q2");
  EXPECT_EQ(ds.examples[0].turn.user_field, "messages[3].content");
  ConvertOptions o;
  o.format = JsonlFormat::messages;
  convert(ds, dir / "m.jsonl", o);
  EXPECT_EQ(json::parse(test::read_bytes(dir / "m.jsonl")), json::parse(src));
  // Alpaca keeps earlier turns in "history", as LLaMA-Factory reads them.
  convert(ds, dir / "a.jsonl");
  const json a = json::parse(test::read_bytes(dir / "a.jsonl"));
  EXPECT_EQ(a["history"], json::parse(R"([["q1","a1"]])"));
  const Dataset back = read_dataset(dir / "a.jsonl");
  ASSERT_EQ(back.examples.size(), 1u);
  EXPECT_EQ(back.examples[0].history.size(), 1u);
}

TEST(JsonlReader, AlpacaWithEmptyInputUsesTheInstructionAsTheQuestion) {
  const Dataset ds = read_dataset_bytes(R"({"instruction":"写一首诗","input":"","output":"床前明月光"})", "a.jsonl");
  ASSERT_EQ(ds.examples.size(), 1u);
  EXPECT_EQ(ds.examples[0].turn.user, "写一首诗");
  EXPECT_EQ(ds.examples[0].turn.user_field, "instruction");
  EXPECT_EQ(ds.examples[0].system, "");
}

TEST(JsonlReader, ErrorsNameTheLineAndKey) {
  const Dataset ds = read_dataset_bytes(
      "{\"input\":\"q\",\"output\":\"a\"}\n"  // 1 fine
      "{not json}\n"                          // 2
      "[1,2]\n"                               // 3
      "{\"input\":\"q\"}\n"                   // 4 no output
      "\n"                                    // 5 blank
      "{\"input\":\"1+1\",\"output\":2}\n"    // 6 number: warning, kept as "2"
      "{\"input\":{\"a\":1},\"output\":\"x\"}\n"  // 7 object
      "{\"messages\":[{\"role\":\"assistant\",\"content\":\"a\"}]}\n"  // 8 out of order
      "{\"messages\":[{\"role\":\"user\",\"content\":\"q\"}]}\n",     // 9 no answer
      "e.jsonl");
  EXPECT_EQ(test::lines_of(ds.findings, rule::malformed_row), (std::vector<std::size_t>{2, 3, 4, 7, 8, 9}));
  EXPECT_EQ(test::lines_of(ds.findings, rule::blank_line), (std::vector<std::size_t>{5}));
  const auto coerced = test::findings_of(ds.findings, rule::non_string_value);
  ASSERT_EQ(coerced.size(), 1u);
  EXPECT_EQ(coerced[0].line, 6u);
  EXPECT_EQ(coerced[0].field, "output");
  ASSERT_EQ(ds.examples.size(), 2u);
  EXPECT_EQ(ds.examples[1].turn.assistant, "2");
  EXPECT_EQ(test::findings_of(ds.findings, rule::malformed_row)[2].field, "output");
  EXPECT_EQ(ds.rows, 8u);
  const auto report = validate(ds);
  EXPECT_EQ(report.valid_rows, 2u);
}

TEST(JsonlReader, ParseErrorMessagesStayValidUtf8) {
  // nlohmann quotes the last bytes read, which can be half of a Chinese character.
  const Dataset ds = read_dataset_bytes("甲,乙\n", "x.jsonl");
  const auto report = validate(ds);
  ASSERT_EQ(report.errors, 1u);
  EXPECT_NO_THROW((void)report_to_json(report).dump());
}

TEST(JsonlWriter, EscapingAgreesWithAJsonParserAtEveryPosition) {
  // The writer skips clean 8-byte stretches; put each special byte at every
  // offset around those stretches, among multi-byte characters.
  const std::string specials[] = {"\"", "\\", "\n", "\r", "\t", "\x01", "\x1f", "\x7f"};
  for (const std::string& special : specials) {
    for (std::size_t pos = 0; pos < 24; ++pos) {
      const std::string text = std::string(pos, 'x') + special + "中文abcdefghijklmnopqrstuvwxyz" + special;
      std::string encoded;
      append_json_string(encoded, text);
      ASSERT_EQ(json::parse(encoded).get<std::string>(), text) << "special byte at " << pos;
    }
  }
}

TEST(JsonlReader, NumbersTooLargeAreAFindingOfTheirLine) {
  const Dataset ds = read_dataset_bytes("{\"instruction\":\"a\",\"input\":\"b\",\"output\":\"c\"}\n"
                                        "{\"instruction\":\"a\",\"input\":\"b\",\"output\":1e99999}\n",
                                        "big.jsonl");
  EXPECT_EQ(test::lines_of(ds.findings, rule::malformed_row), (std::vector<std::size_t>{2}));
}

// The fix-ups a user asks for in the validation tab: trimmed texts, repeats
// left out (after trimming, so " 1+1" repeats "1+1"), the source untouched.
TEST(JsonlWriter, TrimAndDropDuplicatesOnlyWhenAsked) {
  test::TempDir dir;
  const std::string csv = "text,result\n1+1,2\n\" 1+1\",\"2\u3000\"\n2+2,4\n2+2,4\n";
  const Dataset ds = read_dataset_bytes(csv, "x.csv");
  const auto plain = convert(ds, dir / "plain.jsonl");
  EXPECT_EQ(plain.train_rows, 4u);
  EXPECT_TRUE(plain.duplicate_lines.empty());
  EXPECT_EQ(plain.trimmed_rows, 0u);
  EXPECT_EQ(read_jsonl(dir / "plain.jsonl")[1]["input"], " 1+1");

  ConvertOptions o;
  o.trim_whitespace = true;
  o.drop_duplicates = true;
  const auto fixed = convert(ds, dir / "fixed.jsonl", o);
  EXPECT_EQ(fixed.train_rows, 2u);
  EXPECT_EQ(fixed.duplicate_lines, (std::vector<std::size_t>{3, 5}));
  const auto rows = read_jsonl(dir / "fixed.jsonl");
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0]["input"], "1+1");
  EXPECT_EQ(rows[1]["output"], "4");

  ConvertOptions trim_only;
  trim_only.trim_whitespace = true;
  const auto trimmed = convert(ds, dir / "trimmed.jsonl", trim_only);
  EXPECT_EQ(trimmed.train_rows, 4u);
  EXPECT_EQ(trimmed.trimmed_rows, 1u);
  EXPECT_EQ(read_jsonl(dir / "trimmed.jsonl")[1]["output"], "2");
}
