// Opening what fine-tuning produced, whichever form it has: a run folder
// (from `train`), a PEFT adapter folder (LoRA or PREFIX_TUNING, TuneDesk's
// or Python PEFT's), or a model folder (full fine-tuning, or any base
// model). The base model is found from the run, the adapter's records, or
// the caller's override; the adapter is attached to it.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>

#include "engine/causal_lm.h"
#include "engine/lora.h"
#include "engine/prefix_tuning.h"
#include "training/trained_with.h"

namespace tunedesk::training {

struct TrainedModel {
  std::filesystem::path model_dir;     // where the model's weights and tokenizer are
  std::filesystem::path adapter_dir;   // empty when there is no adapter
  std::string kind;                    // "lora", "ptuning_v2" or "model"
  std::optional<TrainedWith> trained_with;
  std::unique_ptr<engine::CausalLM> model;
  std::optional<engine::LoraAdapter> lora;
  std::optional<engine::PrefixAdapter> prefix;
};

// `base_override` replaces the recorded base model when not empty. Throws
// std::runtime_error saying what the folder lacks.
std::unique_ptr<TrainedModel> open_trained(const std::filesystem::path& path, const std::filesystem::path& base_override,
                                           const engine::ComputeTarget& target);

// Where `path` (a run, adapter or model folder) has its result, and what it
// is, without loading anything: {folder, kind, base model or empty, its record}.
struct TrainedLocation {
  std::filesystem::path dir;
  std::string kind;
  std::filesystem::path base_model;
  std::optional<TrainedWith> trained_with;
};
TrainedLocation locate_trained(const std::filesystem::path& path);

}  // namespace tunedesk::training
