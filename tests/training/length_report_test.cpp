// The length report's distributions: round bin widths that cover the
// longest row, every row counted once, and the histograms in the JSON the
// browser draws.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <numeric>

#include "training/length_report.h"

using namespace tunedesk;

TEST(LengthReport, HistogramsHaveRoundWidthsAndCountEveryRow) {
  const std::vector<std::size_t> lengths = {0, 3, 19, 20, 37, 37, 38};
  const training::LengthHistogram h = training::length_histogram(lengths, 20);
  EXPECT_EQ(h.width, 2u);                       // 1 would need 39 bins; 2 covers 38 in 20
  ASSERT_EQ(h.counts.size(), 38u / 2 + 1);      // up to the longest
  EXPECT_EQ(h.counts[0], 1u);                   // 0
  EXPECT_EQ(h.counts[1], 1u);                   // 3
  EXPECT_EQ(h.counts[9], 1u);                   // 19
  EXPECT_EQ(h.counts[10], 1u);                  // 20
  EXPECT_EQ(h.counts[18], 2u);                  // 37, 37
  EXPECT_EQ(h.counts[19], 1u);                  // 38
  EXPECT_EQ(std::accumulate(h.counts.begin(), h.counts.end(), std::size_t{0}), lengths.size());
  EXPECT_EQ(training::length_histogram({4000}, 20).width, 500u);  // 200 too narrow, 500 the next round width
  EXPECT_EQ(training::length_histogram({5}, 20).width, 1u);
  EXPECT_TRUE(training::length_histogram({}, 20).counts.empty());
}

TEST(LengthReport, JsonCarriesStatsHistogramsAndCutRows) {
  training::SftData data;
  data.prompt_lengths = {10, 20, 30};
  data.answer_lengths = {5, 50, 500};
  data.total_lengths = {15, 70, 530};
  data.cut = {{3, 30, 500, 0, 400}, {2, 20, 50, 12, 0}};  // line 2: over on its prompt only
  training::TruncationOptions limits;
  limits.max_input_length = 8;
  limits.max_output_length = 100;
  const training::LengthReport r = training::length_report(data, limits);
  EXPECT_EQ(r.answer.max, 500u);
  EXPECT_EQ(r.answer_tokens_lost, 400u);
  EXPECT_EQ(r.prompt_tokens_lost, 12u);
  const nlohmann::json j = training::length_report_to_json(r);
  EXPECT_EQ(j["answer"]["histogram"]["width"], 50);
  EXPECT_EQ(j["answer"]["histogram"]["counts"].size(), 11u);
  EXPECT_EQ(j["rows"][0]["line"], 3);
  EXPECT_EQ(j["over_limit"], 2);
  EXPECT_EQ(j["prompt_tokens_lost"], 12);
  EXPECT_EQ(j["answer_tokens_lost"], 400);
}
