// Character-level ROUGE and BLEU, checked against values worked out by hand
// (and, for BLEU, NLTK's sentence_bleu with SmoothingFunction().method3).
#include <gtest/gtest.h>

#include <cmath>

#include "training/text_metrics.h"

using namespace tunedesk::training;

TEST(TextMetrics, IdenticalTextScoresFull) {
  EXPECT_DOUBLE_EQ(rouge_n("感冒应多喝水", "感冒应多喝水", 1), 100.0);
  EXPECT_DOUBLE_EQ(rouge_n("感冒应多喝水", "感冒应多喝水", 2), 100.0);
  EXPECT_DOUBLE_EQ(rouge_l("感冒应多喝水", "感冒应多喝水"), 100.0);
  EXPECT_NEAR(bleu_4("感冒应多喝水", "感冒应多喝水"), 100.0, 1e-9);
}

TEST(TextMetrics, CharactersAreTheUnitsAndSpacesDoNotCount) {
  EXPECT_EQ(score_units("多 喝\n水").size(), 3u);
  EXPECT_DOUBLE_EQ(rouge_n("多 喝 水", "多喝水", 1), 100.0);
}

TEST(TextMetrics, PartialOverlap) {
  // prediction 甲乙丙丁, reference 甲乙戊: unigrams 2 of 4 and 2 of 3.
  EXPECT_NEAR(rouge_n("甲乙丙丁", "甲乙戊", 1), 100 * 2 * 0.5 * (2.0 / 3) / (0.5 + 2.0 / 3), 1e-9);
  // bigrams: 甲乙 matches, 1 of 3 and 1 of 2.
  EXPECT_NEAR(rouge_n("甲乙丙丁", "甲乙戊", 2), 100 * 2 * (1.0 / 3) * 0.5 / (1.0 / 3 + 0.5), 1e-9);
  // LCS of 甲丙乙 and 甲乙 is 2: P 2/3, R 1.
  EXPECT_NEAR(rouge_l("甲丙乙", "甲乙"), 100 * 2 * (2.0 / 3) / (2.0 / 3 + 1), 1e-9);
  EXPECT_DOUBLE_EQ(rouge_n("", "甲乙", 1), 0.0);
  EXPECT_DOUBLE_EQ(bleu_4("丙丁", "甲乙"), 0.0);  // no unigram in common
}

TEST(TextMetrics, BleuSmoothsMissingHigherOrdersLikeNltkMethod3) {
  // hypothesis ABCD vs reference ABCE: p1 = 3/4, p2 = 2/3, p3 = 1/2, p4 = 0/1 -> 1/(2·1).
  const double expected = 100 * std::exp(0.25 * (std::log(0.75) + std::log(2.0 / 3) + std::log(0.5) + std::log(0.5)));
  EXPECT_NEAR(bleu_4("ABCD", "ABCE"), expected, 1e-9);
  // A short hypothesis pays the brevity penalty: AB vs ABCD, p1 = p2 = 1,
  // p3 and p4 have no n-grams: 1/2 and 1/4; BP = exp(1 - 4/2).
  const double short_one = 100 * std::exp(1 - 2.0) * std::exp(0.25 * (std::log(0.5) + std::log(0.25)));
  EXPECT_NEAR(bleu_4("AB", "ABCD"), short_one, 1e-9);
}

TEST(TextMetrics, ScoresAreMeansOverPairs) {
  const auto s = score_answers({"甲乙", "丙"}, {"甲乙", "丁"});
  EXPECT_DOUBLE_EQ(s.at("rouge-1"), 50.0);
  EXPECT_DOUBLE_EQ(s.at("rouge-l"), 50.0);
  EXPECT_EQ(s.size(), 4u);
}

TEST(TextMetrics, ReasoningBlocksAreNotScored) {
  EXPECT_EQ(answer_text("<think>\n\n</think>\n\n22"), "22");
  EXPECT_EQ(answer_text("  <think>let me add</think> 22 "), "22");
  EXPECT_EQ(answer_text("<think> unfinished 22"), "<think> unfinished 22");
  const auto s = score_answers({"<think>\n\n</think>\n\n丙"}, {"<think>\n\n</think>\n\n丁"});
  EXPECT_DOUBLE_EQ(s.at("rouge-1"), 0.0);
}
