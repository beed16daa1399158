// P-Tuning v2 (PEFT's PREFIX_TUNING): for every layer, num_virtual_tokens
// trained key and value vectors that each attention prepends to its own
// keys and values, as if a prompt of virtual tokens had been cached before
// the real one. Only the prefix trains; the model is untouched. Works with
// grouped-query attention (one prefix per key/value head).
//
// Stored as PEFT stores it: adapter_config.json (peft_type PREFIX_TUNING,
// num_virtual_tokens, num_layers, token_dim = kv_heads × head_dim,
// num_attention_heads = kv_heads, …) and adapter_model.safetensors with one
// tensor "prompt_embeddings" [num_virtual_tokens, num_layers × 2 × token_dim]
// whose rows split as (layer, key|value, head, channel).
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "engine/adapter_configs.h"

namespace tunedesk::engine {

class CausalLM;

// Per layer, key and value [1, KV, N, D] in the model's compute dtype.
using PrefixKeyValues = std::vector<std::pair<at::Tensor, at::Tensor>>;

class PrefixAdapter {
 public:
  // A fresh prefix for `model`, standard-normal like PEFT's embedding, from `seed`.
  static PrefixAdapter create(const CausalLM& model, const PrefixConfig& config, uint64_t seed);
  // A PEFT PREFIX_TUNING folder. Throws std::runtime_error naming what does not fit the model.
  static PrefixAdapter load(const std::filesystem::path& dir, const CausalLM& model);
  void save(const std::filesystem::path& dir, const std::string& base_model) const;  // atomic writes

  PrefixKeyValues key_values() const;
  // The trained tensors: "prompt_embeddings", and with a projection its
  // "prefix_mlp.{0,2}.{weight,bias}" layers.
  std::vector<std::pair<std::string, at::Tensor>> named_parameters() const;
  int64_t parameter_count() const;
  int64_t num_virtual_tokens() const { return config_.num_virtual_tokens; }
  const PrefixConfig& config() const { return config_; }

 private:
  at::Tensor flat_prefix() const;  // [N, L × 2 × KV × D], fp32

  PrefixConfig config_;
  int64_t layers_ = 0, kv_heads_ = 0, head_dim_ = 0;
  c10::ScalarType compute_dtype_ = c10::kFloat;
  at::Tensor embedding_;                         // [N, L·2·KV·D], or [N, KV·D] with a projection
  at::Tensor mlp_w1_, mlp_b1_, mlp_w2_, mlp_b2_; // the projection, when used
};

}  // namespace tunedesk::engine
