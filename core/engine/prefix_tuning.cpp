#include "engine/prefix_tuning.h"

#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include <cmath>

#include "engine/causal_lm.h"
#include "engine/layers.h"
#include "engine/peft_config.h"
#include "engine/tensor_io.h"
#include "model/safetensors.h"
#include "util/file_io.h"
#include "util/splitmix64.h"

namespace tunedesk::engine {
namespace {

using nlohmann::json;

at::Tensor random_tensor(util::SplitMix64& rng, std::vector<int64_t> shape, double std, bool uniform,
                         const c10::Device& device) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  std::vector<float> values(static_cast<std::size_t>(n));
  for (float& v : values) v = static_cast<float>(uniform ? (rng.uniform() * 2.0 - 1.0) * std : std * rng.normal());
  return torch::tensor(values).view(shape).to(device).set_requires_grad(true);
}

}  // namespace

PrefixAdapter PrefixAdapter::create(const CausalLM& model, const PrefixConfig& config, uint64_t seed) {
  if (config.num_virtual_tokens <= 0) throw std::invalid_argument("num_virtual_tokens must be positive");
  const model::ModelConfig& c = model.config();
  PrefixAdapter a;
  a.config_ = config;
  a.layers_ = c.num_layers;
  a.kv_heads_ = c.num_kv_heads;
  a.head_dim_ = c.head_dim;
  a.compute_dtype_ = model.target().dtype;
  const int64_t token_dim = c.num_kv_heads * c.head_dim, out = c.num_layers * 2 * token_dim;
  const c10::Device device = model.target().device;
  util::SplitMix64 rng(seed);
  if (!config.prefix_projection) {
    a.embedding_ = random_tensor(rng, {config.num_virtual_tokens, out}, 1.0, false, device);
    return a;
  }
  if (a.config_.encoder_hidden_size <= 0) a.config_.encoder_hidden_size = c.hidden_size;
  const int64_t hidden = a.config_.encoder_hidden_size;
  a.embedding_ = random_tensor(rng, {config.num_virtual_tokens, token_dim}, 1.0, false, device);
  // nn.Linear's default: uniform in ±1/sqrt(fan_in) for weight and bias.
  const double b1 = 1.0 / std::sqrt(static_cast<double>(token_dim)), b2 = 1.0 / std::sqrt(static_cast<double>(hidden));
  a.mlp_w1_ = random_tensor(rng, {hidden, token_dim}, b1, true, device);
  a.mlp_b1_ = random_tensor(rng, {hidden}, b1, true, device);
  a.mlp_w2_ = random_tensor(rng, {out, hidden}, b2, true, device);
  a.mlp_b2_ = random_tensor(rng, {out}, b2, true, device);
  return a;
}

at::Tensor PrefixAdapter::flat_prefix() const {
  if (!config_.prefix_projection) return embedding_;
  return apply_linear(torch::tanh(apply_linear(embedding_, mlp_w1_, mlp_b1_)), mlp_w2_, mlp_b2_);
}

PrefixKeyValues PrefixAdapter::key_values() const {
  const int64_t N = config_.num_virtual_tokens;
  // Rows split as (layer, key|value, head, channel), PEFT's order.
  at::Tensor kv = flat_prefix().view({N, layers_ * 2, kv_heads_, head_dim_}).permute({1, 2, 0, 3});
  if (kv.scalar_type() != at::kDouble) kv = kv.to(compute_dtype_);  // fp64 stays fp64 (gradient checks)
  PrefixKeyValues out;
  for (int64_t l = 0; l < layers_; ++l) out.emplace_back(kv[2 * l].unsqueeze(0), kv[2 * l + 1].unsqueeze(0));
  return out;
}

std::vector<std::pair<std::string, at::Tensor>> PrefixAdapter::named_parameters() const {
  std::vector<std::pair<std::string, at::Tensor>> out{{"prompt_embeddings", embedding_}};
  if (config_.prefix_projection) {
    out.emplace_back("prefix_mlp.0.weight", mlp_w1_);
    out.emplace_back("prefix_mlp.0.bias", mlp_b1_);
    out.emplace_back("prefix_mlp.2.weight", mlp_w2_);
    out.emplace_back("prefix_mlp.2.bias", mlp_b2_);
  }
  return out;
}

int64_t PrefixAdapter::parameter_count() const {
  int64_t n = 0;
  for (const auto& [_, t] : named_parameters()) n += t.numel();
  return n;
}

void PrefixAdapter::save(const std::filesystem::path& dir, const std::string& base_model) const {
  std::filesystem::create_directories(dir);
  const at::Tensor prefix = flat_prefix().detach();
  const std::string bytes = tensor_bytes(prefix, model::DType::f32);
  model::SafetensorsWriter writer;
  writer.set_metadata("format", "pt");
  writer.add("prompt_embeddings", model::DType::f32, prefix.sizes().vec(), bytes);
  writer.write(dir / "adapter_model.safetensors");
  const int64_t token_dim = kv_heads_ * head_dim_;
  const json config = {{"peft_type", "PREFIX_TUNING"},
                       {"task_type", "CAUSAL_LM"},
                       {"base_model_name_or_path", base_model},
                       {"num_virtual_tokens", config_.num_virtual_tokens},
                       {"num_layers", layers_},
                       {"token_dim", token_dim},
                       {"num_attention_heads", kv_heads_},
                       {"num_transformer_submodules", 1},
                       {"prefix_projection", config_.prefix_projection},
                       {"encoder_hidden_size", config_.encoder_hidden_size > 0 ? config_.encoder_hidden_size : token_dim},
                       {"inference_mode", true},
                       {"modules_to_save", nullptr}};
  util::write_file_atomically(dir / "adapter_config.json", config.dump(2) + "\n");
}

PrefixAdapter PrefixAdapter::load(const std::filesystem::path& dir, const CausalLM& model) {
  const std::string where = (dir / "adapter_config.json").string();
  const json config = read_peft_config(dir, "PREFIX_TUNING");
  const model::ModelConfig& c = model.config();
  PrefixAdapter a;
  a.layers_ = c.num_layers;
  a.kv_heads_ = c.num_kv_heads;
  a.head_dim_ = c.head_dim;
  a.compute_dtype_ = model.target().dtype;
  a.config_.num_virtual_tokens = config.value("num_virtual_tokens", int64_t{0});
  const int64_t token_dim = c.num_kv_heads * c.head_dim;
  if (config.value("num_layers", c.num_layers) != c.num_layers || config.value("token_dim", token_dim) != token_dim)
    throw std::runtime_error(where + ": the prefix is for " + std::to_string(config.value("num_layers", 0)) +
                             " layers of token_dim " + std::to_string(config.value("token_dim", 0)) + "; this " +
                             c.architecture + " has " + std::to_string(c.num_layers) + " layers of key/value size " +
                             std::to_string(token_dim) + " (another base model?)");
  const model::SafetensorsFile weights(dir / "adapter_model.safetensors");
  const model::TensorView* view = weights.find("prompt_embeddings");
  if (!view) throw std::runtime_error(weights.path().string() + ": no prompt_embeddings tensor");
  const std::vector<int64_t> want{a.config_.num_virtual_tokens, c.num_layers * 2 * token_dim};
  if (view->shape != want)
    throw std::runtime_error(weights.path().string() + ": prompt_embeddings has the wrong shape for num_virtual_tokens " +
                             std::to_string(a.config_.num_virtual_tokens) + " on this model");
  a.embedding_ = float_tensor(*view).to(model.target().device);
  return a;
}

}  // namespace tunedesk::engine
