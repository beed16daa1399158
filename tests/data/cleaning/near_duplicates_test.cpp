// MinHash grouping on crafted near-duplicates with a known answer.
#include <gtest/gtest.h>

#include "data/cleaning/near_duplicates.h"

using namespace tunedesk::data::cleaning;

TEST(NearDuplicates, NgramSetsAndJaccard) {
  EXPECT_EQ(ngram_set("abc", 3).size(), 1u);
  EXPECT_EQ(ngram_set("ab", 3).size(), 1u) << "shorter than n: one n-gram";
  EXPECT_EQ(ngram_set("A b C", 3), ngram_set("abc", 3)) << "white space and ASCII case ignored";
  EXPECT_DOUBLE_EQ(jaccard(ngram_set("abcd", 3), ngram_set("abcd", 3)), 1.0);
  EXPECT_DOUBLE_EQ(jaccard(ngram_set("abcde", 3), ngram_set("abcdf", 3)), 0.5);  // {abc, bcd} of {abc, bcd, cde, cdf}
}

TEST(NearDuplicates, GroupsTheCraftedPairsAndFlagsOtherAnswers) {
  const std::vector<std::string_view> questions = {
      "高血压患者平时饮食需要注意哪些问题？请详细说明。",  // 0
      "糖尿病的早期症状有哪些？",                         // 1
      "高血压患者平时饮食需要注意哪些问题?请详细说明。",   // 2: one mark of 0 in half width
      "合同违约后，守约方可以主张哪些权利？",             // 3
      "高血压患者平时饮食需要注意哪些问题？请详细说明",    // 4: 0 without its last mark
      "合同违约后，守约方可以主张哪些权利？？",           // 5: 3 with one more mark
      "今天天气怎么样？",                                 // 6
  };
  const std::vector<std::string_view> answers = {
      "少盐少油，多吃蔬菜。", "多饮多尿，体重下降。", "少盐少油，多吃蔬菜。", "继续履行、赔偿损失。",
      "少盐少油，多吃蔬菜。", "可以解除合同并要求赔偿。", "晴天。"};
  // Similarities of the questions' 3-grams: 0–2 0.76 (one of 22 changed), 0–4 0.95, 3–5 0.94; the rest far below.
  NearDuplicateOptions o;
  o.threshold = 0.7;
  const std::vector<NearDuplicateGroup> groups = near_duplicate_groups(questions, answers, o);
  ASSERT_EQ(groups.size(), 2u);
  EXPECT_EQ(groups[0].members, (std::vector<std::size_t>{0, 2, 4}));
  EXPECT_TRUE(groups[0].conflicting.empty()) << "the same answer";
  EXPECT_EQ(groups[1].members, (std::vector<std::size_t>{3, 5}));
  EXPECT_EQ(groups[1].conflicting, (std::vector<std::size_t>{5})) << "the same question answered otherwise";
  // A threshold above every crafted pair's similarity groups nothing.
  o.threshold = 0.99;
  EXPECT_TRUE(near_duplicate_groups(questions, answers, o).empty());
}

TEST(NearDuplicates, ManyRowsStayInTheirGroups) {
  // 300 distinct questions, each written three ways: 300 groups of 3, whatever the hashing.
  std::vector<std::string> texts;
  for (int i = 0; i < 300; ++i) {
    const std::string base = "第" + std::to_string(i) + "号病人的检查报告显示血糖偏高，需要如何调整饮食和运动" + std::to_string(i * 7919);
    texts.push_back(base + "？");
    texts.push_back(base + "?");
    texts.push_back(" " + base + "？ ");
  }
  std::vector<std::string_view> views(texts.begin(), texts.end());
  NearDuplicateOptions o;
  o.threshold = 0.85;
  const auto groups = near_duplicate_groups(views, {}, o);
  ASSERT_EQ(groups.size(), 300u);
  for (std::size_t g = 0; g < groups.size(); ++g)
    EXPECT_EQ(groups[g].members, (std::vector<std::size_t>{3 * g, 3 * g + 1, 3 * g + 2}));
}

TEST(NearDuplicates, BadOptionsAreRefused) {
  NearDuplicateOptions o;
  o.threshold = 0;
  EXPECT_THROW(near_duplicate_groups({"a"}, {}, o), std::invalid_argument);
  o.threshold = 0.9;
  EXPECT_THROW(near_duplicate_groups({"a", "b"}, {"x"}, o), std::invalid_argument);
}
