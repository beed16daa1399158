// Everything a fine-tuning run is set up with, as plain data (no libtorch):
// filled from the command line, a YAML file or the UI, consumed by the trainer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "engine/adapter_configs.h"

namespace tunedesk::training {

enum class Method { lora, ptuning_v2, full };
enum class Schedule { constant, linear, cosine };

// "lora", "ptuning_v2", "sft"; parse accepts PEFT's names too (LORA, PREFIX_TUNING, full).
const char* method_name(Method m);
std::optional<Method> parse_method(std::string_view name);
const char* schedule_name(Schedule s);
std::optional<Schedule> parse_schedule(std::string_view name);

struct TrainConfig {
  Method method = Method::lora;
  engine::LoraConfig lora;
  engine::PrefixConfig prefix;
  double learning_rate = 2e-4;
  Schedule schedule = Schedule::cosine;
  int64_t warmup_steps = 0;
  double warmup_ratio = 0.0;          // used when warmup_steps is 0
  double weight_decay = 0.0;          // AdamW's decoupled decay; never on norms and biases
  double adam_beta1 = 0.9, adam_beta2 = 0.999, adam_epsilon = 1e-8;
  double max_grad_norm = 1.0;         // 0 = no clipping
  int64_t batch_size = 4;             // examples per micro-batch
  int64_t eval_batch_size = 0;        // 0 = batch_size
  int64_t grad_accumulation = 1;      // micro-batches per optimizer step
  double epochs = 3;                  // used when max_steps is 0
  int64_t max_steps = 0;
  int64_t logging_steps = 1;
  int64_t eval_steps = 0;             // 0 = evaluate at the end only
  bool predict_with_generate = false; // also generate answers for the validation set and score them
  int64_t max_new_tokens = 128;       // for predict_with_generate
  int64_t predict_limit = 50;         // at most this many validation examples are generated for
  bool gradient_checkpointing = false;// recompute decoder layers in backward: less memory, ~30% slower
  uint64_t seed = 42;
  // With several processes: ZeRO stage 1, each keeps the AdamW state of its
  // share of the weights only (see optimizer_sharding.h).
  bool shard_optimizer_state = false;
  // Checkpoints: every save_steps (0 = none) under checkpoint_dir, keeping
  // the newest save_total_limit; with resume, training continues from the
  // newest complete one there (or from resume_from when given).
  std::filesystem::path checkpoint_dir;
  int64_t save_steps = 0;
  int64_t save_total_limit = 2;
  bool resume = false;
  std::filesystem::path resume_from;
};

}  // namespace tunedesk::training
