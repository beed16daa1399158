#include "training/memory_estimate.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "engine/attention_block.h"
#include "model/checkpoint_layout.h"
#include "model/projections.h"
#include "training/training_dtype.h"
#include "util/system_memory.h"

namespace tunedesk::training {
namespace {

// ---- calibration -------------------------------------------------------------------
// Fitted to the peak resident memory of 44 short CPU runs in fp32 (four
// make-tiny shapes, LoRA / P-Tuning v2 / full, with and without gradient
// checkpointing, 128 to 2048 tokens; docs/MEMORY.md), every one within 13%.
// The process before any model: libtorch's libraries, the tokenizer, the data.
constexpr double kCpuRuntimeBytes = 191e6;
// A CUDA context and libtorch's kernels on the GPU (not calibrated here: no GPU).
constexpr double kCudaRuntimeBytes = 600e6;
// Values kept for backward per decoder layer and token, counted in vectors of
// the hidden width (the norms' inputs and outputs, q/k/v before and after
// RoPE, the attention output, the residuals) and of the MLP width (gate, up
// and their product).
constexpr double kHiddenVectorsPerToken = 8.2;
constexpr double kMlpVectorsPerToken = 3.0;
// Qwen3's RMSNorm on each query and key head: input and output.
constexpr double kHeadNormVectorsPerToken = 2.0;
// The attention probabilities, in copies of one query-by-key matrix per head.
constexpr double kAttentionCopies = 1.04;
// A LoRA projection's input, in copies, with dropout (its mask and the dropped input).
constexpr double kLoraDropoutCopies = 2.36;
// Gradient checkpointing: each layer's input kept (hidden-width vectors per
// token), and this many layers' activations while one is recomputed and
// differentiated.
constexpr double kCheckpointVectorsPerToken = 0.38;
constexpr double kCheckpointLayerCopies = 2.0;
// The logits of the trained tokens and their gradient (fp32 values per
// trained token and vocabulary entry).
constexpr double kLogitCopies = 1.97;
// Full fine-tuning: the output head's gradient, made before it joins .grad,
// and with tied embeddings the lookup's gradient besides (copies of V × C fp32).
constexpr double kHeadGradientCopies = 1.0;
constexpr double kTiedEmbeddingGradientCopies = 1.75;
// Queries per block of libtorch 1.x's blocked CPU attention.
constexpr double kQueryBlock = static_cast<double>(engine::kAttentionQueryBlock);
// ------------------------------------------------------------------------------------

double prefix_length(const TrainConfig& t) {
  return t.method == Method::ptuning_v2 ? static_cast<double>(t.prefix.num_virtual_tokens) : 0.0;
}

// Values kept for one decoder layer's backward, for `tokens` tokens of rows `length` long.
double layer_activation_values(const MemoryEstimateInput& in, double rows, double length) {
  const model::ModelConfig& c = in.model;
  const double tokens = rows * length;
  double values = tokens * (kHiddenVectorsPerToken * static_cast<double>(c.hidden_size) +
                            kMlpVectorsPerToken * static_cast<double>(c.intermediate_size));
  if (c.qk_norm) values += tokens * kHeadNormVectorsPerToken * static_cast<double>((c.num_heads + c.num_kv_heads) * c.head_dim);
  if (in.train.method == Method::lora) {
    // Each adapted projection: with dropout, its mask and the dropped input; else A's output.
    for (model::Projection p : model::lora_target_projections(c, in.train.lora.target_modules)) {
      const double width = in.train.lora.dropout > 0 ? kLoraDropoutCopies * static_cast<double>(model::projection_shape(c, p).in)
                                                     : static_cast<double>(in.train.lora.rank);
      values += tokens * width;
    }
  }
  if (!in.fused_attention) {
    // The softmax's probabilities: every query against the keys before it (and the prefix).
    // Blocked (long rows): each block of queries meets the keys up to its last one.
    const double keys_seen = length >= 2 * kQueryBlock ? length / 2 + kQueryBlock / 2 : length;
    values += kAttentionCopies * rows * static_cast<double>(c.num_heads) * length * (keys_seen + prefix_length(in.train));
  }
  return values;
}

}  // namespace

SequenceExtremes SequenceExtremes::of(const std::vector<TokenizedExample>& examples) {
  SequenceExtremes e;
  for (const TokenizedExample& ex : examples) {
    e.longest = std::max(e.longest, ex.input_ids.size());
    e.most_trained.push_back(trained_token_count(ex));
  }
  std::sort(e.most_trained.begin(), e.most_trained.end(), std::greater<>());
  if (e.most_trained.size() > 1024) e.most_trained.resize(1024);
  return e;
}

std::size_t SequenceExtremes::trained_in_batch(std::size_t batch_size) const {
  std::size_t sum = 0;
  for (std::size_t i = 0; i < std::min(batch_size, most_trained.size()); ++i) sum += most_trained[i];
  return sum;
}

SequenceExtremes SequenceExtremes::capped(std::size_t cutoff) const {
  SequenceExtremes e = *this;
  e.longest = std::min(e.longest, cutoff);
  for (std::size_t& t : e.most_trained) t = std::min(t, cutoff);
  return e;
}

std::int64_t trainable_parameter_count(const model::ModelConfig& c, const TrainConfig& t) {
  switch (t.method) {
    case Method::full: return model::parameter_count(c);
    case Method::lora: {
      std::int64_t per_layer = 0;
      for (model::Projection p : model::lora_target_projections(c, t.lora.target_modules)) {
        const model::ProjectionShape s = model::projection_shape(c, p);
        per_layer += t.lora.rank * (s.in + s.out);
      }
      return per_layer * c.num_layers;
    }
    case Method::ptuning_v2: {
      const std::int64_t n = t.prefix.num_virtual_tokens, kv = c.num_kv_heads * c.head_dim;
      const std::int64_t all_layers = c.num_layers * 2 * kv;
      if (!t.prefix.prefix_projection) return n * all_layers;
      const std::int64_t width = t.prefix.encoder_hidden_size > 0 ? t.prefix.encoder_hidden_size : c.hidden_size;
      return n * kv + (kv * width + width) + (width * all_layers + all_layers);
    }
  }
  return 0;
}

MemoryEstimate estimate_training_memory(const MemoryEstimateInput& in) {
  const model::ModelConfig& c = in.model;
  const TrainConfig& t = in.train;
  const double value_bytes = in.bf16 ? 2.0 : 4.0;  // activations and weights
  const double params = static_cast<double>(model::parameter_count(c));
  const double trained = static_cast<double>(trainable_parameter_count(c, t));
  const double moment_share = t.shard_optimizer_state && in.processes > 1 ? 1.0 / in.processes : 1.0;
  const double processes = in.device == MemoryDevice::cpu ? std::max(1, in.processes) : 1.0;
  MemoryEstimate e;
  e.trainable_parameters = static_cast<std::int64_t>(trained);

  e.runtime = static_cast<std::uint64_t>(in.device == MemoryDevice::cuda ? kCudaRuntimeBytes : kCpuRuntimeBytes * processes);
  e.weights = static_cast<std::uint64_t>(params * value_bytes * processes);
  const double rows = static_cast<double>(std::max<int64_t>(1, t.batch_size));
  const double length = static_cast<double>(in.data.longest);
  const double one_layer = layer_activation_values(in, rows, length) * value_bytes;
  const double activations =
      t.gradient_checkpointing
          ? kCheckpointVectorsPerToken * static_cast<double>(c.num_layers) * rows * length *
                    static_cast<double>(c.hidden_size) * value_bytes +
                kCheckpointLayerCopies * one_layer
          : static_cast<double>(c.num_layers) * one_layer;
  const double trained_tokens = static_cast<double>(in.data.trained_in_batch(static_cast<std::size_t>(rows)));
  const double logits = trained_tokens * static_cast<double>(c.vocab_size) * 4.0 * kLogitCopies;

  // AdamW's two fp32 moments (a share with ZeRO-1), and fp32 gradients.
  const double moments = trained * 8.0 * moment_share, gradients = trained * 4.0;
  double trainable = moments, backward = activations;
  if (t.method == Method::full) {
    // The weights train in place (fp32; in bf16 the fp32 masters are extra).
    // Their gradients appear during backward as the activations are freed:
    // the peak holds the larger of the two, with the output head's gradient
    // (and a tied embedding's) made first.
    if (in.bf16) trainable += trained * 4.0;
    const double head = (kHeadGradientCopies + (c.tie_word_embeddings ? kTiedEmbeddingGradientCopies : 0.0)) *
                        static_cast<double>(c.vocab_size * c.hidden_size) * 4.0;
    backward = std::max(gradients, activations + head + logits) - logits;
  } else {
    trainable += trained * 4.0 /*values*/ + gradients;  // adapters: small
  }
  e.trainable = static_cast<std::uint64_t>(trainable * processes);
  e.activations = static_cast<std::uint64_t>(backward * processes);
  e.logits = static_cast<std::uint64_t>(logits * processes);
  e.total = e.runtime + e.weights + e.trainable + e.activations + e.logits;
  return e;
}

MemoryBudget memory_budget(MemoryDevice device, std::uint64_t limit_bytes) {
  MemoryBudget b;
  if (const std::optional<util::MemoryAmount> m = device == MemoryDevice::cuda ? util::nvidia_gpu(0) : util::ram()) {
    b.known = true;
    b.available = m->available;
    b.total = m->total;
  }
  if (limit_bytes > 0 && (!b.known || limit_bytes < b.available)) {
    b.available = limit_bytes;
    if (!b.known) b.total = limit_bytes;
    b.known = b.limited = true;
  }
  return b;
}

std::optional<FitChange> change_that_fits(const MemoryEstimateInput& input, std::uint64_t available) {
  MemoryEstimateInput in = input;
  FitChange change;
  const auto fits = [&] {
    change.total = estimate_training_memory(in).total;
    return change.total <= available;
  };
  if (!in.train.gradient_checkpointing) {
    in.train.gradient_checkpointing = change.gradient_checkpointing = true;
    if (fits()) return change;
  }
  while (in.train.batch_size > 1) {
    in.train.batch_size = (in.train.batch_size + 1) / 2;
    in.train.grad_accumulation *= 2;
    change.batch_size = in.train.batch_size;
    change.grad_accumulation = in.train.grad_accumulation;
    if (fits()) return change;
  }
  if (in.train.method == Method::full) {
    in.train.method = Method::lora;
    change.lora = true;
    if (fits()) return change;
  }
  while (in.data.longest > 128) {
    change.cutoff_len = std::max<std::size_t>(128, in.data.longest / 2);
    in.data = in.data.capped(change.cutoff_len);
    if (fits()) return change;
  }
  return std::nullopt;
}

std::string describe_fit_change(const FitChange& c) {
  // In the config's own keys, which read the same in every language.
  std::string out;
  const auto add = [&](const std::string& part) { out += (out.empty() ? "" : ", ") + part; };
  if (c.gradient_checkpointing) add("gradient_checkpointing: true");
  if (c.batch_size > 0)
    add("per_device_train_batch_size: " + std::to_string(c.batch_size) + ", gradient_accumulation_steps: " +
        std::to_string(c.grad_accumulation));
  if (c.lora) add("method: lora");
  if (c.cutoff_len > 0) add("cutoff_len: " + std::to_string(c.cutoff_len));
  return out;
}

bool libtorch_fuses_attention() { return TUNEDESK_TORCH_MAJOR >= 2; }

MemoryDevice memory_device_for(const std::string& device) {
  if (device.rfind("cuda", 0) == 0) return MemoryDevice::cuda;
  if (device == "auto" && util::nvidia_gpu(0)) return MemoryDevice::cuda;
  return MemoryDevice::cpu;
}

bool computes_in_bf16(const std::string& dtype, MemoryDevice device) {
  return choose_training_dtype(dtype, device == MemoryDevice::cuda, engine::cpu_features()).low_precision();
}

MemoryCheck check_run_memory(const RunConfig& config, const SequenceExtremes& data, MemoryDevice device, bool bf16) {
  MemoryEstimateInput in;
  in.model = model::load_model_config(config.model);
  in.train = config.train;
  in.data = data;
  in.device = device;
  in.bf16 = bf16;
  in.processes = config.processes;
  MemoryCheck check;
  check.device = device;
  check.estimate = estimate_training_memory(in);
  check.budget = memory_budget(device, static_cast<std::uint64_t>(config.memory_limit_gb * 1e9));
  check.fits = !check.budget.known || check.estimate.total <= check.budget.available;
  if (!check.fits) check.change = change_that_fits(in, check.budget.available);
  return check;
}

namespace {

// What decided the budget: "memory_limit_gb", "GPU" or "RAM".
const char* budget_source(const MemoryCheck& c) {
  return c.budget.limited ? "memory_limit_gb" : c.device == MemoryDevice::cuda ? "GPU" : "RAM";
}

}  // namespace

UserError memory_refusal(const MemoryCheck& c) {
  const MemoryEstimate& e = c.estimate;
  return UserError(c.change ? "training.memory_over" : "training.memory_over_no_change",
                   {format_gb(e.total), format_gb(e.weights), format_gb(e.trainable), format_gb(e.activations),
                    format_gb(e.logits), budget_source(c), format_gb(c.budget.available),
                    c.change ? describe_fit_change(*c.change) + " (about " + format_gb(c.change->total) + ")" : ""});
}

std::string describe_memory_check(const MemoryCheck& c) {
  const MemoryEstimate& e = c.estimate;
  std::string line = "Memory: about " + format_gb(e.total) + " at the peak (weights " + format_gb(e.weights) +
                     ", optimizer state " + format_gb(e.trainable) + ", activations and gradients " +
                     format_gb(e.activations) + ", logits " + format_gb(e.logits) + ")";
  if (!c.budget.known) return line + "; the device's free memory is unknown";
  line += " of " + format_gb(c.budget.available) + " available (" + budget_source(c) + ")";
  if (!c.fits) line += "; over it, started anyway (check_memory: false)";
  return line;
}

nlohmann::json memory_check_to_json(const MemoryCheck& c) {
  nlohmann::json change = nullptr;
  if (c.change)
    change = {{"gradient_checkpointing", c.change->gradient_checkpointing}, {"batch_size", c.change->batch_size},
              {"grad_accumulation", c.change->grad_accumulation},         {"lora", c.change->lora},
              {"cutoff_len", c.change->cutoff_len},                       {"total", c.change->total}};
  return {{"estimate", memory_estimate_to_json(c.estimate)},
          {"available", c.budget.available},
          {"total", c.budget.total},
          {"known", c.budget.known},
          {"limited", c.budget.limited},
          {"device", c.device == MemoryDevice::cuda ? "cuda" : "cpu"},
          {"fits", c.fits},
          {"change", change}};
}

std::string format_gb(std::uint64_t bytes) {
  char out[32];
  const double gb = static_cast<double>(bytes) / 1e9;
  if (gb < 1.0) std::snprintf(out, sizeof out, "%.0f MB", gb * 1e3);
  else std::snprintf(out, sizeof out, gb < 10.0 ? "%.2f GB" : "%.1f GB", gb);
  return out;
}

nlohmann::json memory_estimate_to_json(const MemoryEstimate& e) {
  return {{"runtime", e.runtime},   {"weights", e.weights}, {"trainable", e.trainable},
          {"activations", e.activations}, {"logits", e.logits}, {"total", e.total},
          {"trainable_parameters", e.trainable_parameters}};
}

}  // namespace tunedesk::training
