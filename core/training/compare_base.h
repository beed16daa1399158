// "Did it get better?": a fine-tuned result (run, adapter or model folder)
// and its base model answer the same rows greedily, from the weights a chat
// decodes from, and the answers are scored side by side
// (training/evaluation.h). The rows: a file the caller names, or the rows a
// run held out for validation (config.json's val_lines, in its val_data or
// data file). Shared by `tunedesk-cli eval --compare-base` and the engine
// plugin (the desktop's and the server's Evaluate).
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <set>
#include <string>

#include "training/evaluation.h"

namespace tunedesk::engine {
struct DecodeWeightsChoice;
}
namespace tunedesk::tok {
class Tokenizer;
}
namespace tunedesk::chat {
struct ChatTemplate;
}
namespace tunedesk::data {
struct Dataset;
}

namespace tunedesk::training {

struct SftData;
struct TrainedModel;

// The rows to compare on: `data` when given, else a run's held-out rows.
// Throws std::invalid_argument saying what to give when there are none.
struct EvaluationRows {
  std::filesystem::path file;
  std::set<std::size_t> lines;  // empty: every row of the file
};
EvaluationRows evaluation_rows(const std::filesystem::path& source, const std::filesystem::path& data);

// Answers counted as given, of both models' (2 × rows); `cancel` checked between answers.
using CompareProgress = std::function<void(std::size_t done, std::size_t total)>;
struct CompareCancelled : std::runtime_error {
  CompareCancelled() : std::runtime_error("the evaluation was cancelled") {}
};

// Both models answer every example of `data`; the fine-tuned one first,
// then the base (the adapter detached, or a fully tuned model's recorded
// base, loaded). Leaves `trained` without its adapter.
Evaluation compare_answers(TrainedModel& trained, const SftData& data, const data::Dataset& dataset,
                           const tok::Tokenizer& tokenizer, const chat::ChatTemplate& tmpl,
                           const engine::DecodeWeightsChoice& decode, int64_t max_new_tokens,
                           const CompareProgress& progress = {}, const std::atomic<bool>* cancel = nullptr);

struct CompareOptions {
  std::filesystem::path data;       // empty: the run's held-out rows
  std::string device = "auto";
  std::string weights = "auto";     // what answers are decoded from (engine::choose_decode_weights)
  int64_t max_new_tokens = 128;
  CompareProgress progress;
  const std::atomic<bool>* cancel = nullptr;
};
// Opens `source`, reads and renders the rows as the run was trained
// (template, model type, cutoff), compares, and for a run folder keeps the
// result as evaluation.json. Throws std::exception with a message for the
// user; CompareCancelled when cancelled.
Evaluation compare_with_base(const std::filesystem::path& source, const CompareOptions& options);

}  // namespace tunedesk::training
