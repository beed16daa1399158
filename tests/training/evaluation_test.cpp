// The base-vs-tuned comparison kept with a run: scores per row and totals,
// the stored JSON read back (and broken ones refused by name), the CSV a
// spreadsheet opens.
#include <gtest/gtest.h>

#include "data/test_support.h"
#include "training/evaluation.h"
#include "training/run_comparison.h"

using namespace tunedesk;
using nlohmann::json;

namespace {

training::Evaluation sample() {
  training::Evaluation e;
  e.data = "questions.csv";
  e.rows_from = "file";
  e.weights = "fp32";
  // line, question, expected, base, tuned
  e.rows = {{2, "1+1", "2", "3", "2", {}, {}},
            {3, "北京在哪里？", "北京在中国北部。", "不知道", "北京在中国北部。", {}, {}},
            {4, "say \"hi\", twice", "hi, hi", "hi, hi", "hi", {}, {}}};
  training::score_evaluation(e);
  return e;
}

}  // namespace

TEST(Evaluation, ScoresEachRowAndTotalsBothModels) {
  const training::Evaluation e = sample();
  EXPECT_TRUE(e.rows[0].tuned_scores.exact);
  EXPECT_FALSE(e.rows[0].base_scores.exact);
  EXPECT_DOUBLE_EQ(e.rows[1].tuned_scores.rouge_l, 100.0);
  EXPECT_DOUBLE_EQ(e.rows[1].base_scores.rouge_l, 0.0);  // no character in common
  EXPECT_TRUE(e.rows[2].base_scores.exact);
  EXPECT_GT(e.rows[2].tuned_scores.rouge_l, 0.0);
  EXPECT_LT(e.rows[2].tuned_scores.rouge_l, 100.0);
  EXPECT_EQ(e.tuned.exact, 2u);
  EXPECT_EQ(e.base.exact, 1u);
  EXPECT_DOUBLE_EQ(e.tuned.exact_share, 2.0 / 3.0);
  EXPECT_GT(e.tuned.rouge_l, e.base.rouge_l);
  EXPECT_FALSE(e.created.empty());
}

TEST(Evaluation, KeptWithTheRunAndReadBack) {
  test::TempDir dir;
  const training::Evaluation e = sample();
  training::save_evaluation(dir.path(), e);
  const json stored = json::parse(test::read_bytes(training::evaluation_file(dir.path())));
  const training::Evaluation back = training::evaluation_from_json(stored);
  EXPECT_EQ(training::evaluation_json(back), training::evaluation_json(e));
  EXPECT_EQ(back.rows[1].question, "北京在哪里？");
  const std::optional<training::Evaluation> loaded = training::load_evaluation(dir.path());
  ASSERT_TRUE(loaded);
  EXPECT_EQ(training::evaluation_json(*loaded), training::evaluation_json(e));
  test::TempDir empty;
  EXPECT_FALSE(training::load_evaluation(empty.path()));
  test::write_bytes(training::evaluation_file(empty.path()), "{not json");
  try {
    training::load_evaluation(empty.path());
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_NE(std::string(error.what()).find("evaluation.json"), std::string::npos) << error.what();
  }

  json broken = stored;
  broken["rows"][1].erase("tuned");
  try {
    training::evaluation_from_json(broken);
    FAIL();
  } catch (const std::runtime_error& error) {
    EXPECT_STREQ(error.what(), "evaluation.rows[1]: no \"tuned\"");
  }
  broken = stored;
  broken["tuned"]["exact"] = "two";
  EXPECT_THROW(training::evaluation_from_json(broken), std::runtime_error);
}

TEST(Evaluation, CsvForASpreadsheetAndJsonlPerRow) {
  const training::Evaluation e = sample();
  const std::string csv = training::evaluation_csv(e);
  EXPECT_TRUE(csv.starts_with("\xEF\xBB\xBFline,question,expected,base,tuned,"));
  EXPECT_NE(csv.find("\r\n2,1+1,2,3,2,0.00,100.00,100.00,"), std::string::npos) << csv;
  EXPECT_NE(csv.find("\r\n4,\"say \"\"hi\"\", twice\",\"hi, hi\",\"hi, hi\",hi,"), std::string::npos) << csv;
  const std::string jsonl = training::evaluation_jsonl(e);
  EXPECT_EQ(std::count(jsonl.begin(), jsonl.end(), '\n'), 3);
  EXPECT_EQ(json::parse(jsonl.substr(0, jsonl.find('\n')))["line"], 2);
}

// Runs compared: the settings that differ, in config.json's order, "–" where a run lacks one.
TEST(RunComparison, OnlyTheSettingsThatDiffer) {
  const std::vector<json> configs = {
      json{{"method", "lora"}, {"learning_rate", 0.0002}, {"lora_r", 8}, {"val_lines", {1, 2}}, {"seed", 42}},
      json{{"method", "lora"}, {"learning_rate", 0.001}, {"lora_r", 8}, {"val_lines", {3}}, {"seed", 42}},
      json{{"method", "sft"}, {"learning_rate", 0.0002}, {"seed", 42}}};
  const std::vector<training::SettingDifference> d = training::differing_settings(configs);
  ASSERT_EQ(d.size(), 3u);
  EXPECT_EQ(d[0].key, "learning_rate");  // nlohmann's objects keep their keys sorted
  EXPECT_EQ(d[0].values, (std::vector<std::string>{"0.0002", "0.001", "0.0002"}));
  EXPECT_EQ(d[1].key, "lora_r");
  EXPECT_EQ(d[1].values, (std::vector<std::string>{"8", "8", "–"}));
  EXPECT_EQ(d[2].key, "method");
  EXPECT_EQ(d[2].values, (std::vector<std::string>{"lora", "lora", "sft"}));
  EXPECT_TRUE(training::differing_settings({configs[0], configs[0]}).empty());
}
