// Base model against fine-tuned model, answer by answer: for each evaluated
// row the question, the expected answer, what each model answered (greedy),
// and per-row ROUGE-L and BLEU-4 (characters, training/text_metrics.h) and
// exact match for each; totals for both. Kept with the job as
// RUN/evaluation.json (written atomically), so that it survives restarts and
// front-ends read it without the engine; exported as CSV and JSONL.
#pragma once

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tunedesk::training {

struct AnswerScores {
  double rouge_l = 0, bleu_4 = 0;
  bool exact = false;
};

struct EvaluatedRow {
  std::size_t line = 0;  // where the row is in the evaluated file
  std::string question, expected;
  std::string base, tuned;  // the answers
  AnswerScores base_scores, tuned_scores;
};

struct AnswerTotals {
  std::size_t exact = 0;
  double exact_share = 0;  // 0..1
  double rouge_1 = 0, rouge_2 = 0, rouge_l = 0, bleu_4 = 0;  // means, 0..100
};

struct Evaluation {
  std::string data;     // the evaluated file
  std::string rows_from;  // "held-out rows" or "file"
  std::string weights;  // what the answers were decoded from
  std::string created;  // ISO 8601, UTC
  AnswerTotals base, tuned;
  std::vector<EvaluatedRow> rows;
};

// Scores both models' answers to `rows` (question, expected, base and tuned
// filled in) and totals them.
void score_evaluation(Evaluation& evaluation);

nlohmann::json evaluation_json(const Evaluation& evaluation);
// Throws std::runtime_error naming what is missing or of the wrong type.
Evaluation evaluation_from_json(const nlohmann::json& j);

// One row per line: line, question, expected, base, tuned and the scores,
// and the change in ROUGE-L (tuned minus base). The CSV starts with a UTF-8
// byte order mark, so that Excel reads Chinese text right.
std::string evaluation_csv(const Evaluation& evaluation);
std::string evaluation_jsonl(const Evaluation& evaluation);

// RUN/evaluation.json
std::filesystem::path evaluation_file(const std::filesystem::path& run_dir);
void save_evaluation(const std::filesystem::path& run_dir, const Evaluation& evaluation);
// The evaluation a run keeps; nullopt when it has none. Throws std::runtime_error
// naming the file when it cannot be read.
std::optional<Evaluation> load_evaluation(const std::filesystem::path& run_dir);

}  // namespace tunedesk::training
