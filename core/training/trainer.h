// Supervised fine-tuning with LoRA: the loop in one readable function
// (setup, loop with accumulation, clipping and the schedule, evaluation,
// save), driven by the CLI now and by the app's job runner later through the
// same callbacks and cancel flag.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "engine/lora.h"
#include "training/sft_data.h"

namespace tunedesk::engine {
class CausalLM;
}
namespace tunedesk::tok {
class Tokenizer;
}

namespace tunedesk::training {

enum class Schedule { constant, linear, cosine };

struct TrainConfig {
  engine::LoraConfig lora;
  double learning_rate = 2e-4;
  Schedule schedule = Schedule::cosine;
  int64_t warmup_steps = 0;
  double warmup_ratio = 0.0;          // used when warmup_steps is 0
  double weight_decay = 0.0;          // AdamW's decoupled decay (LoRA matrices only: no norms or biases train)
  double max_grad_norm = 1.0;         // 0 = no clipping
  int64_t batch_size = 4;             // examples per micro-batch
  int64_t grad_accumulation = 1;      // micro-batches per optimizer step
  double epochs = 3;                  // used when max_steps is 0
  int64_t max_steps = 0;
  int64_t logging_steps = 1;
  int64_t eval_steps = 0;             // 0 = evaluate at the end only
  uint64_t seed = 42;
  // Checkpoints: every save_steps (0 = none) under checkpoint_dir, keeping
  // the newest save_total_limit; with resume, training continues from the
  // newest complete one there.
  std::filesystem::path checkpoint_dir;
  int64_t save_steps = 0;
  int64_t save_total_limit = 2;
  bool resume = false;
};

struct StepMetrics {
  int64_t step = 0, total_steps = 0;
  double epoch = 0;
  double loss = 0;                    // mean per trained token over the step
  double learning_rate = 0;
  double grad_norm = 0;
  double tokens_per_s = 0;
  double elapsed_s = 0, eta_s = 0;
  std::optional<double> eval_loss;    // when this step evaluated
};

struct TrainCallbacks {
  std::function<void(const StepMetrics&)> on_step;  // after every logged or evaluated step
  const std::atomic<bool>* cancel = nullptr;        // checked before every optimizer step
};

struct TrainResult {
  int64_t steps = 0;
  int64_t resumed_from = 0;  // the checkpoint's step, when resumed
  bool cancelled = false;
  std::optional<double> final_eval_loss;
  std::vector<StepMetrics> history;
};

// The id batches are padded with: never trained on (labels ignore it) and, with
// right padding, never attended to; the model's end-of-text token by choice.
int32_t pad_token_id(const tok::Tokenizer& tokenizer, const model::ModelConfig& config);

// The learning rate at `step` (0-based) of `total`: linear warm-up, then the schedule.
double learning_rate_at(const TrainConfig& config, int64_t step, int64_t total);

// The newest complete checkpoint in `dir` ("checkpoint-N" holding state.json),
// or an empty path. Folders left half-written by a crash are ignored.
std::filesystem::path latest_checkpoint(const std::filesystem::path& dir);

// Mean loss per trained token over `examples` (no gradients).
double evaluate(const engine::CausalLM& model, const std::vector<TokenizedExample>& examples, int64_t batch_size,
                int32_t pad_id);

// Trains `adapter` (already set on `model`) on `train`; evaluates on `val`.
TrainResult train_lora(engine::CausalLM& model, engine::LoraAdapter& adapter, const SftData& train,
                       const std::vector<TokenizedExample>& val, const TrainConfig& config, int32_t pad_id,
                       const TrainCallbacks& callbacks = {});

}  // namespace tunedesk::training
