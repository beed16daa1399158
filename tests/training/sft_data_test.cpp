#include "training/sft_data.h"

#include <gtest/gtest.h>

#include <set>

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/test_support.h"
#include "data/validator.h"
#include "model/tiny_model.h"
#include "tokenizer/tokenizer.h"

using namespace tunedesk;
using namespace tunedesk::training;

namespace {

// A generated Qwen-style tokenizer (ChatML specials), loaded once.
const tok::Tokenizer& tokenizer() {
  static const tok::Tokenizer t = [] {
    const auto g = model::generate_tokenizer(model::Arch::qwen2);
    return tok::Tokenizer::from_json(g.tokenizer_json, "generated");
  }();
  return t;
}

SftData build(std::string_view csv, const TruncationOptions& truncation = {}) {
  const data::Dataset ds = data::read_dataset_bytes(csv, "t.csv");
  return build_sft_data(ds, data::validate(ds), tokenizer(), *chat::find_template("chatml"), "SYS", truncation);
}

std::string trained_text(const TokenizedExample& ex) {
  std::vector<int32_t> ids;
  for (int32_t l : ex.labels)
    if (l != kIgnoreIndex) ids.push_back(l);
  return tokenizer().decode(ids);
}

}  // namespace

TEST(SftData, LossOnlyOnTheAnswerAndItsEndOfTurn) {
  const SftData d = build("text,result\n1+1,2\n你好,你好！有什么可以帮你？\n");
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_EQ(trained_text(d.examples[0]), "2<|im_end|>");
  EXPECT_EQ(trained_text(d.examples[1]), "你好！有什么可以帮你？<|im_end|>");
  EXPECT_EQ(tokenizer().decode(d.examples[0].input_ids),
            "<|im_start|>system\nSYS<|im_end|>\n<|im_start|>user\n1+1<|im_end|>\n<|im_start|>assistant\n2<|im_end|>\n");
  EXPECT_EQ(d.examples[1].line, 3u);
  EXPECT_EQ(d.truncated, 0u);
}

// Thousands of rows are rendered on every core: the result is the one row by
// row would give, in file order, rows with errors skipped where they are.
TEST(SftData, ManyRowsRenderedInParallelKeepTheirOrder) {
  std::string csv = "text,result\n";
  for (int i = 0; i < 3000; ++i)
    csv += i % 997 == 5 ? std::string(",no question\n") : "q" + std::to_string(i) + ",a" + std::to_string(i * 7) + "\n";
  const SftData d = build(csv);
  EXPECT_EQ(d.skipped_errors, 4u);  // rows 5, 1002, 1999, 2996
  ASSERT_EQ(d.examples.size(), 2996u);
  std::size_t k = 0;
  for (int i = 0; i < 3000; ++i) {
    if (i % 997 == 5) continue;
    const TokenizedExample& ex = d.examples[k++];
    ASSERT_EQ(ex.line, static_cast<std::size_t>(i + 2));
    ASSERT_EQ(trained_text(ex), "a" + std::to_string(i * 7) + "<|im_end|>") << i;
  }
  EXPECT_EQ(d.total_lengths.size(), 2996u);
}

TEST(SftData, RowsWithErrorsAreLeftOut) {
  const SftData d = build("text,result\n,empty input\nq,a\nsame,same\n");
  EXPECT_EQ(d.examples.size(), 1u);
  EXPECT_EQ(d.skipped_errors, 2u);
}

TEST(SftData, TruncationKeepsTheBeginningsAndCounts) {
  const std::string long_answer(300, 'x');
  TruncationOptions t;
  t.max_output_length = 10;
  SftData d = build("text,result\nq," + long_answer + "\nq2,short\n", t);
  ASSERT_EQ(d.examples.size(), 2u);
  EXPECT_TRUE(d.examples[0].truncated);
  EXPECT_FALSE(d.examples[1].truncated);
  EXPECT_EQ(d.truncated, 1u);
  std::size_t trained = 0;
  for (int32_t l : d.examples[0].labels) trained += l != kIgnoreIndex;
  EXPECT_EQ(trained, 10u);

  t = {};
  t.cutoff_len = 40;
  d = build("text,result\n" + std::string(200, 'q') + "," + long_answer + "\n", t);
  ASSERT_EQ(d.examples.size(), 1u);
  EXPECT_EQ(d.examples[0].input_ids.size(), 40u);
}

TEST(SftData, ShareCutoffLikeLlamaFactory) {
  EXPECT_EQ(share_cutoff(100, 10, 50), (std::pair<std::size_t, std::size_t>{40, 10}));  // short answer kept
  EXPECT_EQ(share_cutoff(10, 100, 50), (std::pair<std::size_t, std::size_t>{10, 40}));  // short prompt kept
  EXPECT_EQ(share_cutoff(100, 100, 50), (std::pair<std::size_t, std::size_t>{25, 25}));  // shared by length
}

TEST(SftData, BatchesCoverEveryExampleOnceAndAreDeterministic) {
  std::string csv = "text,result\n";
  for (int i = 0; i < 37; ++i) csv += "q" + std::to_string(i) + "," + std::string(static_cast<std::size_t>(1 + i * 3), 'a') + "\n";
  const SftData d = build(csv);
  const auto a = make_batches(d.examples, 4, 7, 0);
  EXPECT_EQ(a, make_batches(d.examples, 4, 7, 0));
  EXPECT_NE(a, make_batches(d.examples, 4, 7, 1));  // another epoch, another order
  std::multiset<std::size_t> seen;
  for (const auto& b : a) {
    EXPECT_LE(b.size(), 4u);
    seen.insert(b.begin(), b.end());
  }
  EXPECT_EQ(seen.size(), 37u);
  EXPECT_EQ(std::set<std::size_t>(seen.begin(), seen.end()).size(), 37u);
  // Grouping by length: padding is far below what random batches would give.
  const auto padding = [&](const std::vector<std::vector<std::size_t>>& batches) {
    std::size_t pad = 0;
    for (const auto& b : batches) {
      std::size_t longest = 0;
      for (std::size_t i : b) longest = std::max(longest, d.examples[i].input_ids.size());
      for (std::size_t i : b) pad += longest - d.examples[i].input_ids.size();
    }
    return pad;
  };
  EXPECT_LT(padding(a), padding(make_batches(d.examples, 4, 7, 0, /*group_window=*/1)) / 2);
}

// What the limits will do, counted as the trainer renders the rows; with
// overlength: drop exactly those rows are left out.
TEST(SftData, OverLongRowsAreReportedAndCanBeDropped) {
  const std::string csv = "text,result\nshort,fine\nq," + std::string(40, 'y') + "\n" + std::string(200, 'z') + ",a\nok,ok too\n";
  TruncationOptions limits;
  limits.max_input_length = 40;
  limits.max_output_length = 30;
  const SftData cut = build(csv, limits);
  ASSERT_EQ(cut.cut.size(), 2u);
  EXPECT_EQ(cut.cut[0].line, 3u);
  EXPECT_EQ(cut.cut[1].line, 4u);
  // The counts are the rendered conversation's: the prompt up to the answer, the answer with its end of turn.
  const std::string answer = std::string(40, 'y') + "<|im_end|>";
  const std::size_t answer_tokens = tokenizer().encode(std::string(40, 'y')).size() + 1;
  EXPECT_EQ(cut.cut[0].answer_tokens, answer_tokens);
  EXPECT_EQ(cut.cut[0].answer_lost, answer_tokens - 30);
  EXPECT_EQ(cut.cut[0].prompt_lost, 0u);
  EXPECT_EQ(cut.cut[1].answer_lost, 0u);
  EXPECT_EQ(cut.cut[1].prompt_lost, cut.cut[1].prompt_tokens - 40);
  EXPECT_EQ(cut.examples.size(), 4u);
  EXPECT_EQ(cut.truncated, 2u);
  ASSERT_EQ(cut.prompt_lengths.size(), 4u);
  EXPECT_EQ(cut.prompt_lengths[0] + cut.answer_lengths[0] + 1, cut.total_lengths[0]);  // and the newline after the turn
  EXPECT_TRUE(cut.dropped_overlength.empty());

  limits.overlength = TruncationOptions::Overlength::drop;
  const SftData dropped = build(csv, limits);
  EXPECT_EQ(dropped.dropped_overlength, (std::vector<std::size_t>{3, 4}));
  ASSERT_EQ(dropped.examples.size(), 2u);
  EXPECT_EQ(dropped.examples[0].line, 2u);
  EXPECT_EQ(dropped.examples[1].line, 5u);
  EXPECT_FALSE(dropped.examples[0].truncated || dropped.examples[1].truncated);
  EXPECT_EQ(parse_overlength("drop"), TruncationOptions::Overlength::drop);
  EXPECT_FALSE(parse_overlength("cut"));
}
