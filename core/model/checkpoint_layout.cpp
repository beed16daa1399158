#include "model/checkpoint_layout.h"

#include <algorithm>
#include <cstring>

namespace tunedesk::model {
namespace {

// When a row's tensor is in the checkpoint.
enum class When {
  always,
  qkv_bias,  // ModelConfig::qkv_bias
  o_bias,    // ModelConfig::o_bias
  qk_norm,   // ModelConfig::qk_norm
  untied,    // !ModelConfig::tie_word_embeddings
};

struct Row {
  TensorRole role;
  const char* module;  // top level: the whole path; in a layer: the path after "PREFIX.N."
  const char* kind;    // "weight" or "bias"
  const char* gguf;    // llama.cpp's module: top level "token_embd", in a layer "attn_q" (of "blk.N.attn_q")
  When when = When::always;
};

// Tensors before the layers, the layers' (each under layer_prefix + N), and those after.
struct Layout {
  std::vector<Row> before;
  const char* layer_prefix;
  std::vector<Row> layer;
  std::vector<Row> after;
};

std::vector<Row> rows(std::initializer_list<std::initializer_list<Row>> parts) {
  std::vector<Row> all;
  for (const auto& part : parts) all.insert(all.end(), part.begin(), part.end());
  return all;
}

// Hugging Face transformers' decoder names (LlamaForCausalLM and those built like it).
const std::vector<Row> kEmbedding = {{TensorRole::embed_tokens, "model.embed_tokens", "weight", "token_embd"}};
const std::vector<Row> kHead = {{TensorRole::final_norm, "model.norm", "weight", "output_norm"},
                                {TensorRole::lm_head, "lm_head", "weight", "output", When::untied}};
const std::initializer_list<Row> kAttention = {
    {TensorRole::input_norm, "input_layernorm", "weight", "attn_norm"},
    {TensorRole::q_proj, "self_attn.q_proj", "weight", "attn_q"},
    {TensorRole::k_proj, "self_attn.k_proj", "weight", "attn_k"},
    {TensorRole::v_proj, "self_attn.v_proj", "weight", "attn_v"},
    {TensorRole::q_bias, "self_attn.q_proj", "bias", "attn_q", When::qkv_bias},
    {TensorRole::k_bias, "self_attn.k_proj", "bias", "attn_k", When::qkv_bias},
    {TensorRole::v_bias, "self_attn.v_proj", "bias", "attn_v", When::qkv_bias},
    {TensorRole::q_norm, "self_attn.q_norm", "weight", "attn_q_norm", When::qk_norm},
    {TensorRole::k_norm, "self_attn.k_norm", "weight", "attn_k_norm", When::qk_norm},
    {TensorRole::o_proj, "self_attn.o_proj", "weight", "attn_output"},
    {TensorRole::o_bias, "self_attn.o_proj", "bias", "attn_output", When::o_bias},
};
constexpr Row kMlpNorm = {TensorRole::post_attention_norm, "post_attention_layernorm", "weight", "ffn_norm"};
constexpr Row kDown = {TensorRole::down_proj, "mlp.down_proj", "weight", "ffn_down"};
// GLM, Phi-3: gate and up in one matrix, gate rows first, as llama.cpp's ffn_up reads them.
constexpr Row kGateUp = {TensorRole::gate_up_proj, "mlp.gate_up_proj", "weight", "ffn_up"};

// Llama, Mistral, Qwen2, Qwen3.
const Layout kLlama = {kEmbedding, "model.layers.",
                       rows({kAttention,
                             {kMlpNorm,
                              {TensorRole::gate_proj, "mlp.gate_proj", "weight", "ffn_gate"},
                              {TensorRole::up_proj, "mlp.up_proj", "weight", "ffn_up"},
                              kDown}}),
                       kHead};
// GlmForCausalLM (glm-4-9b-chat-hf).
const Layout kGlm = {kEmbedding, "model.layers.", rows({kAttention, {kMlpNorm, kGateUp, kDown}}), kHead};
// Glm4ForCausalLM (GLM-4-0414): GLM with a norm on each sub-layer's output.
const Layout kGlm4 = {kEmbedding, "model.layers.",
                      rows({kAttention,
                            {{TensorRole::post_self_attn_norm, "post_self_attn_layernorm", "weight", "post_attention_norm"},
                             kMlpNorm, kGateUp, kDown,
                             {TensorRole::post_mlp_norm, "post_mlp_layernorm", "weight", "post_ffw_norm"}}}),
                      kHead};
// Phi3ForCausalLM: Llama's names with q|k|v and gate|up each in one matrix
// (q rows first; gate rows first), as llama.cpp's phi3 reads them.
const Layout kPhi3 = {kEmbedding, "model.layers.",
                      {{TensorRole::input_norm, "input_layernorm", "weight", "attn_norm"},
                       {TensorRole::qkv_proj, "self_attn.qkv_proj", "weight", "attn_qkv"},
                       {TensorRole::o_proj, "self_attn.o_proj", "weight", "attn_output"},
                       kMlpNorm, kGateUp, kDown},
                      kHead};
// ChatGLMModel (glm-4-9b-chat's original layout): q, k and v rows in one
// matrix and bias, as llama.cpp's chatglm reads attn_qkv.
const Layout kChatGlm = {
    {{TensorRole::embed_tokens, "transformer.embedding.word_embeddings", "weight", "token_embd"}},
    "transformer.encoder.layers.",
    {{TensorRole::input_norm, "input_layernorm", "weight", "attn_norm"},
     {TensorRole::qkv_proj, "self_attention.query_key_value", "weight", "attn_qkv"},
     {TensorRole::qkv_bias, "self_attention.query_key_value", "bias", "attn_qkv", When::qkv_bias},
     {TensorRole::o_proj, "self_attention.dense", "weight", "attn_output"},
     kMlpNorm,
     {TensorRole::gate_up_proj, "mlp.dense_h_to_4h", "weight", "ffn_up"},
     {TensorRole::down_proj, "mlp.dense_4h_to_h", "weight", "ffn_down"}},
    {{TensorRole::final_norm, "transformer.encoder.final_layernorm", "weight", "output_norm"},
     {TensorRole::lm_head, "transformer.output_layer", "weight", "output", When::untied}},
};

const Layout& layout_of(Arch arch) {
  switch (arch) {
    case Arch::llama:
    case Arch::mistral:
    case Arch::qwen2:
    case Arch::qwen3: return kLlama;
    case Arch::glm: return kGlm;
    case Arch::glm4: return kGlm4;
    case Arch::chatglm: return kChatGlm;
    case Arch::phi3: return kPhi3;
  }
  return kLlama;
}

const Layout* const kLayouts[] = {&kLlama, &kGlm, &kGlm4, &kChatGlm, &kPhi3};

bool present(const Row& r, const ModelConfig& c) {
  switch (r.when) {
    case When::always: return true;
    case When::qkv_bias: return c.qkv_bias;
    case When::o_bias: return c.o_bias;
    case When::qk_norm: return c.qk_norm;
    case When::untied: return !c.tie_word_embeddings;
  }
  return true;
}

}  // namespace

bool is_norm(TensorRole role) {
  switch (role) {
    case TensorRole::input_norm:
    case TensorRole::q_norm:
    case TensorRole::k_norm:
    case TensorRole::post_self_attn_norm:
    case TensorRole::post_attention_norm:
    case TensorRole::post_mlp_norm:
    case TensorRole::final_norm: return true;
    default: return false;
  }
}

std::vector<int64_t> tensor_shape(const ModelConfig& c, TensorRole role) {
  const int64_t C = c.hidden_size, D = c.head_dim, I = c.intermediate_size, V = c.vocab_size;
  const int64_t q = c.num_heads * D, kv = c.num_kv_heads * D;
  switch (role) {
    case TensorRole::embed_tokens:
    case TensorRole::lm_head: return {V, C};
    case TensorRole::input_norm:
    case TensorRole::post_self_attn_norm:
    case TensorRole::post_attention_norm:
    case TensorRole::post_mlp_norm:
    case TensorRole::final_norm:
    case TensorRole::o_bias: return {C};
    case TensorRole::q_proj: return {q, C};
    case TensorRole::k_proj:
    case TensorRole::v_proj: return {kv, C};
    case TensorRole::q_bias: return {q};
    case TensorRole::k_bias:
    case TensorRole::v_bias: return {kv};
    case TensorRole::qkv_proj: return {q + 2 * kv, C};
    case TensorRole::qkv_bias: return {q + 2 * kv};
    case TensorRole::q_norm:
    case TensorRole::k_norm: return {D};
    case TensorRole::o_proj: return {C, q};
    case TensorRole::gate_proj:
    case TensorRole::up_proj: return {I, C};
    case TensorRole::gate_up_proj: return {2 * I, C};
    case TensorRole::down_proj: return {C, I};
  }
  return {};
}

std::vector<LayoutTensor> checkpoint_layout(const ModelConfig& c) {
  const Layout& layout = layout_of(c.arch);
  std::vector<LayoutTensor> tensors;
  const auto add = [&](const Row& r, int64_t layer) {
    if (!present(r, c)) return;
    const std::string suffix = std::string(".") + r.kind;
    if (layer < 0) {
      tensors.push_back({r.module + suffix, tensor_shape(c, r.role), r.role, -1, r.gguf + suffix});
    } else {
      const std::string n = std::to_string(layer);
      tensors.push_back({layout.layer_prefix + n + "." + r.module + suffix, tensor_shape(c, r.role), r.role, layer,
                         "blk." + n + "." + r.gguf + suffix});
    }
  };
  for (const Row& r : layout.before) add(r, -1);
  for (int64_t l = 0; l < c.num_layers; ++l)
    for (const Row& r : layout.layer) add(r, l);
  for (const Row& r : layout.after) add(r, -1);
  return tensors;
}

int64_t parameter_count(const ModelConfig& c) {
  int64_t n = 0;
  for (const LayoutTensor& t : checkpoint_layout(c)) {
    int64_t numel = 1;
    for (int64_t d : t.shape) numel *= d;
    n += numel;
  }
  return n;
}

TensorRole weight_role(Projection p) {
  switch (p) {
    case Projection::q: return TensorRole::q_proj;
    case Projection::k: return TensorRole::k_proj;
    case Projection::v: return TensorRole::v_proj;
    case Projection::o: return TensorRole::o_proj;
    case Projection::gate: return TensorRole::gate_proj;
    case Projection::up: return TensorRole::up_proj;
    case Projection::gate_up: return TensorRole::gate_up_proj;
    case Projection::down: return TensorRole::down_proj;
    case Projection::qkv: return TensorRole::qkv_proj;
  }
  return TensorRole::q_proj;
}

const char* layer_module(Arch arch, TensorRole role) {
  for (const Row& r : layout_of(arch).layer)
    if (r.role == role) return r.module;
  return nullptr;
}

std::string projection_module_path(Arch arch, int64_t layer, Projection p) {
  const char* module = layer_module(arch, weight_role(p));
  if (!module) return {};
  return layout_of(arch).layer_prefix + std::to_string(layer) + "." + module;
}

const char* module_name(Arch arch, Projection p) {
  const char* module = layer_module(arch, weight_role(p));
  if (!module) return nullptr;
  const char* dot = std::strrchr(module, '.');
  return dot ? dot + 1 : module;
}

std::vector<Projection> projections_of(Arch arch) {
  std::vector<Projection> out;
  for (Projection p : {Projection::qkv, Projection::q, Projection::k, Projection::v, Projection::o, Projection::gate_up,
                       Projection::gate, Projection::up, Projection::down})
    if (module_name(arch, p)) out.push_back(p);
  return out;
}

std::optional<std::string> gguf_tensor_name(const std::string& hf_name) {
  const auto dot = hf_name.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string stem = hf_name.substr(0, dot), kind = hf_name.substr(dot + 1);
  for (const Layout* layout : kLayouts) {
    for (const std::vector<Row>* top : {&layout->before, &layout->after})
      for (const Row& r : *top)
        if (stem == r.module && kind == r.kind) return std::string(r.gguf) + "." + kind;
    const std::string prefix = layout->layer_prefix;
    if (!stem.starts_with(prefix)) continue;
    const auto layer_end = stem.find('.', prefix.size());
    if (layer_end == std::string::npos || layer_end == prefix.size()) continue;
    const std::string layer = stem.substr(prefix.size(), layer_end - prefix.size());
    if (!std::all_of(layer.begin(), layer.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) continue;
    const std::string module = stem.substr(layer_end + 1);
    for (const Row& r : layout->layer)
      if (module == r.module && kind == r.kind) return "blk." + layer + "." + r.gguf + "." + kind;
  }
  return std::nullopt;
}

}  // namespace tunedesk::model
