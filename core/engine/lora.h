// LoRA adapters: for chosen projections W of each layer, trainable A [r, in]
// (Kaiming-initialised) and B [out, r] (zeros), applied as
//   y = W x + scale · B (A dropout(x)),   scale = alpha / r  (alpha / √r with rsLoRA)
// so an untrained adapter changes nothing and W itself is never touched.
// Saved and loaded in PEFT's layout (adapter_config.json +
// adapter_model.safetensors with base_model.model.<module>.lora_A.weight keys),
// so PEFT and other tools can use TuneDesk's adapters and the reverse.
#pragma once

#include <ATen/core/Tensor.h>

#include <filesystem>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "engine/adapter_configs.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "model/projections.h"

namespace tunedesk::engine {

// The projections and their names live in model/projections.h (torch-free).
using model::module_name;
using model::Projection;
using model::projections_of;

struct LoraPair {
  at::Tensor a;  // [r, in]
  at::Tensor b;  // [out, r]
};

class CausalLM;

class LoraAdapter {
 public:
  // A fresh adapter for `model`: A Kaiming-uniform from `seed`, B zeros.
  // Throws std::invalid_argument naming a target module the family lacks.
  static LoraAdapter create(const CausalLM& model, const LoraConfig& config, uint64_t seed);
  // A PEFT adapter folder. Throws std::runtime_error naming what does not fit the model.
  static LoraAdapter load(const std::filesystem::path& dir, const CausalLM& model);
  void save(const std::filesystem::path& dir, const std::string& base_model) const;  // atomic writes
  // Copies a saved adapter's values into this one's tensors (which an
  // optimizer may hold). Throws std::runtime_error when they do not match.
  void restore(const std::filesystem::path& dir, const CausalLM& model);

  // The pair for one projection of one layer, or nullptr.
  const LoraPair* find(std::size_t layer, Projection p) const;
  // scale · B (A dropout(x)) for each of several projections of `layer`
  // that read the same input x (q, k, v; or gate, up), in the order asked;
  // undefined where a projection has no pair. Dropout only while training,
  // a mask of its own for each projection as PEFT draws them; without it the
  // A products are one GEMM (the same sums in one larger product).
  std::vector<at::Tensor> deltas(std::size_t layer, std::initializer_list<Projection> projections,
                                 const at::Tensor& x) const;

  std::vector<at::Tensor> parameters() const;  // every A and B, for the optimizer
  // The same under PEFT's key names (base_model.model.<module>.lora_A.weight).
  std::vector<std::pair<std::string, at::Tensor>> named_parameters() const;
  // Adds scale · B A into the model's weights (which become fresh tensors).
  // Throws std::runtime_error naming a module whose merged weight is not finite.
  void merge_into(CausalLM& model) const;
  int64_t parameter_count() const;
  const LoraConfig& config() const { return config_; }
  void set_training(bool training) { training_ = training; }

 private:
  LoraConfig config_;
  model::Arch arch_ = model::Arch::llama;
  std::vector<std::map<Projection, LoraPair>> layers_;
  bool training_ = false;
};

}  // namespace tunedesk::engine
