#include "engine/causal_lm.h"

#include <torch/torch.h>

#include <set>

#include "engine/lora.h"
#include "model/safetensors.h"

namespace tunedesk::engine {
namespace {

namespace F = torch::nn::functional;

c10::ScalarType torch_dtype(model::DType d) {
  switch (d) {
    case model::DType::f64: return c10::kDouble;
    case model::DType::f32: return c10::kFloat;
    case model::DType::f16: return c10::kHalf;
    case model::DType::bf16: return c10::kBFloat16;
    case model::DType::i64: return c10::kLong;
    case model::DType::i32: return c10::kInt;
    case model::DType::i16: return c10::kShort;
    case model::DType::i8: return c10::kChar;
    case model::DType::u8: return c10::kByte;
    case model::DType::boolean: return c10::kBool;
  }
  return c10::kFloat;
}

// Collects the expected weights, converting each to the compute target, and
// every problem, so that one error names them all.
class WeightLoader {
 public:
  WeightLoader(std::shared_ptr<model::WeightFiles> files, const ComputeTarget& target)
      : files_(std::move(files)), target_(target) {}

  at::Tensor take(const std::string& name, std::vector<int64_t> shape) {
    seen_.insert(name);
    const model::TensorView* view = files_->find(name);
    if (!view) {
      missing_.push_back(name);
      return {};
    }
    if (view->shape != shape) {
      misshaped_.push_back(name + " is " + shape_text(view->shape) + ", expected " + shape_text(shape));
      return {};
    }
    const c10::ScalarType source = torch_dtype(view->dtype);
    void* data = const_cast<char*>(view->bytes.data());
    const bool aligned = reinterpret_cast<uintptr_t>(data) % c10::elementSize(source) == 0;
    // The mapping is read-only: a tensor used in place must never be written
    // (training clones what it trains). The deleter keeps the mapping alive.
    auto files = files_;
    at::Tensor mapped = aligned ? torch::from_blob(data, view->shape, [files](void*) {}, torch::TensorOptions().dtype(source))
                                : torch::from_blob(data, view->shape, torch::TensorOptions().dtype(source)).clone();
    if (!aligned || source != target_.dtype || !target_.device.is_cpu()) return mapped.to(target_.device, target_.dtype);
    return mapped;
  }

  LoadReport finish(const std::string& dir) {
    if (!missing_.empty() || !misshaped_.empty()) {
      std::string message = dir + ": the weights do not match config.json";
      if (!missing_.empty()) message += "\n  missing: " + list(missing_);
      if (!misshaped_.empty()) message += "\n  wrong shape: " + list(misshaped_);
      throw ModelLoadError(message);
    }
    LoadReport report;
    for (const std::string& name : files_->names())
      if (!seen_.count(name)) report.unexpected.push_back(name);
    return report;
  }

 private:
  static std::string shape_text(const std::vector<int64_t>& s) {
    std::string out = "[";
    for (std::size_t i = 0; i < s.size(); ++i) out += (i ? ", " : "") + std::to_string(s[i]);
    return out + "]";
  }
  static std::string list(const std::vector<std::string>& names) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < 12; ++i) out += (i ? ", " : "") + names[i];
    if (names.size() > 12) out += ", and " + std::to_string(names.size() - 12) + " more";
    return out;
  }

  std::shared_ptr<model::WeightFiles> files_;
  ComputeTarget target_;
  std::set<std::string> seen_;
  std::vector<std::string> missing_, misshaped_;
};

}  // namespace

CausalLM::CausalLM(CausalLM&&) noexcept = default;
CausalLM& CausalLM::operator=(CausalLM&&) noexcept = default;
CausalLM::~CausalLM() = default;

CausalLM CausalLM::load(const std::filesystem::path& dir, const ComputeTarget& target) {
  CausalLM m;
  m.config_ = model::load_model_config(dir);
  m.target_ = target;
  m.files_ = std::make_shared<model::WeightFiles>(dir);
  const model::ModelConfig& c = m.config_;
  const int64_t C = c.hidden_size, D = c.head_dim, H = c.num_heads, KV = c.num_kv_heads, I = c.intermediate_size;

  WeightLoader load(m.files_, target);
  if (c.arch == model::Arch::chatglm) {
    // The original glm-4-9b-chat layout.
    m.weights_.embed_tokens = load.take("transformer.embedding.word_embeddings.weight", {c.vocab_size, C});
    for (int64_t l = 0; l < c.num_layers; ++l) {
      const std::string p = "transformer.encoder.layers." + std::to_string(l) + ".";
      LayerWeights w;
      w.input_norm = load.take(p + "input_layernorm.weight", {C});
      w.qkv_proj = load.take(p + "self_attention.query_key_value.weight", {(H + 2 * KV) * D, C});
      if (c.qkv_bias) w.qkv_bias = load.take(p + "self_attention.query_key_value.bias", {(H + 2 * KV) * D});
      w.o_proj = load.take(p + "self_attention.dense.weight", {C, H * D});
      w.post_attention_norm = load.take(p + "post_attention_layernorm.weight", {C});
      w.gate_up_proj = load.take(p + "mlp.dense_h_to_4h.weight", {2 * I, C});
      w.down_proj = load.take(p + "mlp.dense_4h_to_h.weight", {C, I});
      m.weights_.layers.push_back(std::move(w));
    }
    m.weights_.final_norm = load.take("transformer.encoder.final_layernorm.weight", {C});
    m.weights_.lm_head = load.take("transformer.output_layer.weight", {c.vocab_size, C});
  } else {
    const bool glm = c.arch == model::Arch::glm || c.arch == model::Arch::glm4;
    m.weights_.embed_tokens = load.take("model.embed_tokens.weight", {c.vocab_size, C});
    for (int64_t l = 0; l < c.num_layers; ++l) {
      const std::string p = "model.layers." + std::to_string(l) + ".";
      LayerWeights w;
      w.input_norm = load.take(p + "input_layernorm.weight", {C});
      w.q_proj = load.take(p + "self_attn.q_proj.weight", {H * D, C});
      w.k_proj = load.take(p + "self_attn.k_proj.weight", {KV * D, C});
      w.v_proj = load.take(p + "self_attn.v_proj.weight", {KV * D, C});
      if (c.qkv_bias) {
        w.q_bias = load.take(p + "self_attn.q_proj.bias", {H * D});
        w.k_bias = load.take(p + "self_attn.k_proj.bias", {KV * D});
        w.v_bias = load.take(p + "self_attn.v_proj.bias", {KV * D});
      }
      if (c.qk_norm) {
        w.q_norm = load.take(p + "self_attn.q_norm.weight", {D});
        w.k_norm = load.take(p + "self_attn.k_norm.weight", {D});
      }
      w.o_proj = load.take(p + "self_attn.o_proj.weight", {C, H * D});
      if (c.arch == model::Arch::glm4) w.post_self_attn_norm = load.take(p + "post_self_attn_layernorm.weight", {C});
      w.post_attention_norm = load.take(p + "post_attention_layernorm.weight", {C});
      if (glm) {
        w.gate_up_proj = load.take(p + "mlp.gate_up_proj.weight", {2 * I, C});
      } else {
        w.gate_proj = load.take(p + "mlp.gate_proj.weight", {I, C});
        w.up_proj = load.take(p + "mlp.up_proj.weight", {I, C});
      }
      w.down_proj = load.take(p + "mlp.down_proj.weight", {C, I});
      if (c.arch == model::Arch::glm4) w.post_mlp_norm = load.take(p + "post_mlp_layernorm.weight", {C});
      m.weights_.layers.push_back(std::move(w));
    }
    m.weights_.final_norm = load.take("model.norm.weight", {C});
    // Tied checkpoints usually omit lm_head.weight; if one carries it anyway, it is ignored.
    m.weights_.lm_head = c.tie_word_embeddings ? m.weights_.embed_tokens : load.take("lm_head.weight", {c.vocab_size, C});
  }
  m.report_ = load.finish(dir.string());
  m.rope_ = RopeTable::make(c.rotary_dim, c.max_position, c.rope_theta, c.rope_scaling, target.device);
  return m;
}

KVCache CausalLM::make_cache(int64_t batch, int64_t capacity) const {
  KVCache cache;
  const auto options = torch::TensorOptions().dtype(target_.dtype).device(target_.device);
  for (int64_t l = 0; l < config_.num_layers; ++l) {
    cache.keys.push_back(torch::zeros({batch, config_.num_kv_heads, capacity, config_.head_dim}, options));
    cache.values.push_back(torch::zeros({batch, config_.num_kv_heads, capacity, config_.head_dim}, options));
  }
  return cache;
}

at::Tensor CausalLM::project(std::size_t layer, Projection p, const at::Tensor& x, const at::Tensor& w,
                             const at::Tensor& b) const {
  at::Tensor y = F::linear(x, w, b);
  if (adapter_)
    if (const LoraPair* pair = adapter_->find(layer, p)) y = y + adapter_->delta(*pair, x);
  return y;
}

// One decoder layer: pre-norm attention and pre-norm SwiGLU MLP, each added
// back to the residual stream. x: [B, T, C]
at::Tensor CausalLM::decoder_layer(const LayerWeights& w, const at::Tensor& x, const at::Tensor& positions,
                                   KVCache* cache, std::size_t layer, const at::Tensor& key_padding) const {
  const model::ModelConfig& c = config_;
  const int64_t B = x.size(0), T = x.size(1), D = c.head_dim;

  const at::Tensor h = rms_norm(x, w.input_norm, c.rms_norm_eps);
  at::Tensor q, k, v;
  if (w.qkv_proj.defined()) {  // ChatGLM: one fused projection, rows q | k | v
    const at::Tensor qkv = project(layer, Projection::qkv, h, w.qkv_proj, w.qkv_bias);
    q = qkv.narrow(-1, 0, c.num_heads * D);
    k = qkv.narrow(-1, c.num_heads * D, c.num_kv_heads * D);
    v = qkv.narrow(-1, (c.num_heads + c.num_kv_heads) * D, c.num_kv_heads * D);
  } else {
    q = project(layer, Projection::q, h, w.q_proj, w.q_bias);
    k = project(layer, Projection::k, h, w.k_proj, w.k_bias);
    v = project(layer, Projection::v, h, w.v_proj, w.v_bias);
  }
  q = q.reshape({B, T, c.num_heads, D}).transpose(1, 2);     // [B, H, T, D]
  k = k.reshape({B, T, c.num_kv_heads, D}).transpose(1, 2);  // [B, KV, T, D]
  v = v.reshape({B, T, c.num_kv_heads, D}).transpose(1, 2);
  if (c.qk_norm) {  // Qwen3: each head of q and k normalised before RoPE
    q = rms_norm(q, w.q_norm, c.rms_norm_eps);
    k = rms_norm(k, w.k_norm, c.rms_norm_eps);
  }
  q = apply_rotary(q, rope_, positions, c.rope_interleaved);
  k = apply_rotary(k, rope_, positions, c.rope_interleaved);

  if (cache) {
    const int64_t start = cache->length;
    cache->keys[layer].narrow(2, start, T).copy_(k);
    cache->values[layer].narrow(2, start, T).copy_(v);
    k = cache->keys[layer].narrow(2, 0, start + T);
    v = cache->values[layer].narrow(2, 0, start + T);
  }
  at::Tensor attended = project(layer, Projection::o,
                                causal_attention(q, k, v, key_padding, c.sliding_window).transpose(1, 2).reshape({B, T, c.num_heads * D}),
                                w.o_proj);
  if (w.post_self_attn_norm.defined()) attended = rms_norm(attended, w.post_self_attn_norm, c.rms_norm_eps);  // Glm4
  const at::Tensor after_attention = x + attended;

  const at::Tensor m = rms_norm(after_attention, w.post_attention_norm, c.rms_norm_eps);
  at::Tensor gate, up;
  if (w.gate_up_proj.defined()) {  // GLM: fused, gate rows first
    const at::Tensor both = project(layer, Projection::gate_up, m, w.gate_up_proj);
    gate = both.narrow(-1, 0, c.intermediate_size);
    up = both.narrow(-1, c.intermediate_size, c.intermediate_size);
  } else {
    gate = project(layer, Projection::gate, m, w.gate_proj);
    up = project(layer, Projection::up, m, w.up_proj);
  }
  at::Tensor mlp = project(layer, Projection::down, torch::silu(gate) * up, w.down_proj);  // SwiGLU
  if (w.post_mlp_norm.defined()) mlp = rms_norm(mlp, w.post_mlp_norm, c.rms_norm_eps);  // Glm4
  return after_attention + mlp;
}

at::Tensor CausalLM::forward(const at::Tensor& ids, KVCache* cache, const at::Tensor& key_padding) const {
  const int64_t T = ids.size(1);
  const int64_t start = cache ? cache->length : 0;
  if (start + T > config_.max_position)
    throw std::invalid_argument("sequence of " + std::to_string(start + T) + " positions is longer than the model's " +
                                std::to_string(config_.max_position));
  if (cache && start + T > cache->capacity())
    throw std::invalid_argument("the KV cache holds " + std::to_string(cache->capacity()) + " positions, " +
                                std::to_string(start + T) + " needed");
  const at::Tensor positions = torch::arange(start, start + T, torch::TensorOptions().dtype(torch::kLong).device(target_.device));
  at::Tensor x = F::embedding(ids.to(target_.device), weights_.embed_tokens);  // [B, T, C]
  for (std::size_t l = 0; l < weights_.layers.size(); ++l)
    x = decoder_layer(weights_.layers[l], x, positions, cache, l, key_padding);
  if (cache) cache->length += T;
  x = rms_norm(x, weights_.final_norm, config_.rms_norm_eps);
  return F::linear(x, weights_.lm_head).to(torch::kFloat);  // [B, T, V]
}

}  // namespace tunedesk::engine
