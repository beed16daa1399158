// Supervised fine-tuning: the loop in one readable function
// (setup, loop with accumulation, clipping and the schedule, evaluation,
// save), driven the same way by the CLI and by the job runner of the desktop
// app and the server (through the engine plugin): callbacks and a cancel flag.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <map>

#include <ATen/core/Tensor.h>

#include "model/model_config.h"
#include "training/sft_data.h"
#include "training/run_files.h"
#include "training/train_config.h"

namespace tunedesk::engine {
class CausalLM;
}
namespace tunedesk::tok {
class Tokenizer;
}
namespace tunedesk::distributed {
class ProcessGroup;
}

namespace tunedesk::training {

// What a method trains: named tensors that require gradients (their names
// key the checkpoint), and a switch for behaviour only training has (dropout).
struct Trainable {
  std::vector<std::pair<std::string, at::Tensor>> parameters;
  std::function<void(bool)> set_training;  // may be empty
  // With fp32 master copies of low-precision weights: called after backward
  // (gradients to the masters) and after each optimizer step (masters back
  // to the weights the model computes with). May be empty.
  std::function<void()> gradients_to_masters, masters_to_weights;
  int64_t parameter_count() const;
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
  std::map<std::string, double> eval_metrics;  // with predict_with_generate: rouge-1, rouge-2, rouge-l, bleu-4
};

struct TrainCallbacks {
  std::function<void(const StepMetrics&)> on_step;  // after every logged or evaluated step
  const std::atomic<bool>* cancel = nullptr;        // checked before every optimizer step
  // With predict_with_generate: generates for the validation set and scores it.
  std::function<std::map<std::string, double>()> predict;
};

struct TrainResult {
  int64_t steps = 0;
  int64_t resumed_from = 0;  // the checkpoint's step, when resumed
  bool cancelled = false;
  std::optional<double> final_eval_loss;
  // Data parallel: gradient buckets sent, and how many overlapped backward.
  int64_t buckets_sent = 0, buckets_overlapped = 0;
  std::vector<StepMetrics> history;
};

// The id batches are padded with: never trained on (labels ignore it) and, with
// right padding, never attended to; the model's end-of-text token by choice.
int32_t pad_token_id(const tok::Tokenizer& tokenizer, const model::ModelConfig& config);

// The learning rate at `step` (0-based) of `total`: linear warm-up, then the schedule.
double learning_rate_at(const TrainConfig& config, int64_t step, int64_t total);

// Mean loss per trained token over `examples` (no gradients). With a group,
// each process scores its share and every process returns the whole mean.
double evaluate(const engine::CausalLM& model, const std::vector<TokenizedExample>& examples, int64_t batch_size,
                int32_t pad_id, distributed::ProcessGroup* group = nullptr);

// Trains `trainable` (tensors the model already uses: an adapter set on it,
// or its own weights) on `train`; evaluates on `val`.
//
// With a group of W processes (data parallel), every process runs this with
// the same data and settings: the stream of micro-batches is the same
// everywhere, each optimizer step takes batch_size x grad_accumulation x W
// examples, micro-batch k of a step going to process k mod W, and the
// gradients are summed before the step. A run on W processes thus follows
// the run on one process with grad_accumulation x W. Process 0 starts
// everyone from its weights and alone writes checkpoints; every process
// gets the same StepMetrics (process 0 alone runs `predict`).
TrainResult train(engine::CausalLM& model, Trainable& trainable, const SftData& train,
                  const std::vector<TokenizedExample>& val, const TrainConfig& config, int32_t pad_id,
                  const TrainCallbacks& callbacks = {}, distributed::ProcessGroup* group = nullptr);

}  // namespace tunedesk::training
