// Will a run fit? Its peak memory estimated before the model is loaded, from
// the model's shapes (config.json), the method's settings and the longest
// batch the data makes, against what the device has free. Torch-free: the
// training forms and the API estimate as the trainer does.
//
// The formula (bytes; docs/MEMORY.md gives it whole, with its calibration):
//   peak = runtime + weights + trainable + activations + logits
//   runtime      libtorch, the tokenizer, the data: a constant measured on the CPU
//                (the CUDA context on a GPU)
//   weights      every parameter in the compute dtype (the checkpoint's pages of
//                weights copied into another form are given back at load)
//   trainable    the optimizer state: AdamW's two fp32 moments per trained
//                parameter (split over the processes with ZeRO-1); adapters'
//                values and gradients; full fine-tuning in bf16: fp32 masters
//   activations  what backward needs, per decoder layer and token of the longest
//                micro-batch (B rows × T tokens): multiples of the hidden and MLP
//                widths, plus attention's probabilities (B × heads × T²/2 on
//                libtorch 1.x's CPU path; none with fused attention). With
//                gradient checkpointing: each layer's input, plus one layer's
//                activations while it is recomputed. Full fine-tuning's
//                gradients appear as they are freed: the larger of the two.
//   logits       the output head's logits for the trained tokens of the batch
//                that has most, and their gradient (fp32)
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "model/model_config.h"
#include "training/run_config.h"
#include "training/sft_data.h"
#include "training/train_config.h"

namespace tunedesk::training {

// The two properties of a dataset (after the length limits) the peak depends on.
struct SequenceExtremes {
  std::size_t longest = 0;                // tokens of the longest kept row
  std::vector<std::size_t> most_trained;  // trained tokens of the kept rows, largest first (the first 1024)

  static SequenceExtremes of(const std::vector<TokenizedExample>& examples);
  // Trained tokens in the micro-batch of `batch_size` rows that has most.
  std::size_t trained_in_batch(std::size_t batch_size) const;
  // As if every row were cut to at most `cutoff` tokens (a suggestion's guess).
  SequenceExtremes capped(std::size_t cutoff) const;
};

enum class MemoryDevice { cpu, cuda };

// Whether the libtorch this build uses (its major version, known to CMake)
// has scaled_dot_product_attention, which the engine then uses.
bool libtorch_fuses_attention();

struct MemoryEstimateInput {
  model::ModelConfig model;
  TrainConfig train;               // method, LoRA / prefix settings, batch size, checkpointing, ZeRO-1
  SequenceExtremes data;
  MemoryDevice device = MemoryDevice::cpu;
  bool bf16 = false;               // computing in bf16 (the CUDA default) rather than fp32
  bool fused_attention = libtorch_fuses_attention();  // no T² probabilities kept
  int processes = 1;               // data-parallel processes on this device's memory pool (CPU: all of them)
};

// Bytes, by part (`trainable`: the optimizer state; `activations`: with full
// fine-tuning's gradients). `total` is their sum.
struct MemoryEstimate {
  std::uint64_t runtime = 0, weights = 0, trainable = 0, activations = 0, logits = 0, total = 0;
  std::int64_t trainable_parameters = 0;
};

MemoryEstimate estimate_training_memory(const MemoryEstimateInput& input);

// The trained parameters of `method` on `model` (LoRA: its A and B; P-Tuning
// v2: the prefix, and its MLP when projected; full: every weight).
// Throws std::invalid_argument for a LoRA target the family lacks.
std::int64_t trainable_parameter_count(const model::ModelConfig& model, const TrainConfig& train);

// What the device has for the run: free memory, or `limit` bytes when that is
// set (> 0) and smaller.
struct MemoryBudget {
  std::uint64_t available = 0, total = 0;
  bool known = false;           // false: the device's free memory could not be read (no check then)
  bool limited = false;         // the run's memory_limit decided `available`
};
MemoryBudget memory_budget(MemoryDevice device, std::uint64_t limit_bytes);

// Settings that would make a run fit, and the estimate with them.
struct FitChange {
  bool gradient_checkpointing = false;            // turn it on
  int64_t batch_size = 0, grad_accumulation = 0;  // 0: as they are (accumulation keeps the global batch)
  bool lora = false;                              // LoRA instead of full fine-tuning
  std::size_t cutoff_len = 0;                     // 0: as it is
  std::uint64_t total = 0;
};
// Changes added one at a time in the order that costs the least: gradient
// checkpointing, halving the micro-batch, LoRA instead of full fine-tuning,
// halving the cutoff (to 128 at the least). The first set that fits in
// `available` bytes, or nothing when even all of them together do not.
std::optional<FitChange> change_that_fits(const MemoryEstimateInput& input, std::uint64_t available);

// "gradient_checkpointing: true, per_device_train_batch_size: 1, gradient_accumulation_steps: 8": the config's keys.
std::string describe_fit_change(const FitChange& change);

// A run's settings checked against its device, as the trainer checks them
// before loading the model and as the training forms show it beforehand.
struct MemoryCheck {
  MemoryEstimate estimate;
  MemoryBudget budget;
  MemoryDevice device = MemoryDevice::cpu;
  bool fits = true;                 // the estimate is within budget.available (or the budget is unknown)
  std::optional<FitChange> change;  // when it does not fit: what would
};
// `device`/`dtype` as RunConfig spells them ("auto": CUDA when an NVIDIA GPU is visible; the
// dtype as training_dtype.h chooses it).
MemoryDevice memory_device_for(const std::string& device);
bool computes_in_bf16(const std::string& dtype, MemoryDevice device);
// Reads the model's config.json (throws model::ModelConfigError) and the device's free memory.
MemoryCheck check_run_memory(const RunConfig& config, const SequenceExtremes& data, MemoryDevice device, bool bf16);
// The refusal of a run that does not fit: its estimate, the budget and the change that would fit.
UserError memory_refusal(const MemoryCheck& check);
// For train.log: "Memory: about 1.96 GB at the peak (weights …) of 20.4 GB available (RAM)".
std::string describe_memory_check(const MemoryCheck& check);
// {"estimate": {…}, "available": …, "total": …, "known": …, "limited": …, "device": "cpu"|"cuda", "fits": …,
//  "change": {"gradient_checkpointing", "batch_size", "grad_accumulation", "lora", "cutoff_len", "total"} | null}
nlohmann::json memory_check_to_json(const MemoryCheck& check);

// Decimal units: "207 MB" below 1 GB, "3.24 GB" below 10 GB, "31.2 GB" above.
std::string format_gb(std::uint64_t bytes);

// {"runtime": …, "weights": …, "trainable": …, "activations": …, "logits": …, "total": …,
//  "trainable_parameters": …} in bytes.
nlohmann::json memory_estimate_to_json(const MemoryEstimate& estimate);

}  // namespace tunedesk::training
