// A family's checkpoint layout, in one table per layout: each tensor's
// Hugging Face name, its shape as a function of the config, its role in the
// decoder and llama.cpp's name for it. The loader (CausalLM), make-tiny,
// parameter_count, LoRA's module names and the GGUF export all read it, so a
// family's weights are written down once. Torch-free.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/model_config.h"
#include "model/projections.h"

namespace tunedesk::model {

// What a tensor does in the decoder, whatever the family calls it.
enum class TensorRole {
  embed_tokens,         // [V, C]
  input_norm,           // [C]
  q_proj,               // [H*D, C]
  k_proj,               // [KV*D, C]
  v_proj,               // [KV*D, C]
  q_bias,               // [H*D]
  k_bias,               // [KV*D]
  v_bias,               // [KV*D]
  qkv_proj,             // [(H + 2*KV)*D, C]: q, k and v rows in one matrix (ChatGLMModel)
  qkv_bias,             // [(H + 2*KV)*D]
  q_norm,               // [D]: RMSNorm on each query head (Qwen3)
  k_norm,               // [D]
  o_proj,               // [C, H*D]
  o_bias,               // [C]
  post_self_attn_norm,  // [C]: on the attention's output (GLM-4-0414)
  post_attention_norm,  // [C]: before the MLP
  gate_proj,            // [I, C]
  up_proj,              // [I, C]
  gate_up_proj,         // [2*I, C]: gate rows first (GLM)
  down_proj,            // [C, I]
  post_mlp_norm,        // [C]: on the MLP's output (GLM-4-0414)
  final_norm,           // [C]
  lm_head,              // [V, C]
};

struct LayoutTensor {
  std::string name;            // in the checkpoint: "model.layers.3.self_attn.q_proj.weight"
  std::vector<int64_t> shape;  // [out, in] for matrices
  TensorRole role;
  int64_t layer = -1;          // its decoder layer; -1 for the embedding, the final norm and the head
  std::string gguf_name;       // llama.cpp's: "blk.3.attn_q.weight"
};

// Every tensor a checkpoint of `c` holds, in the order Hugging Face writes
// them. A tied lm_head is not listed (it is the embedding).
std::vector<LayoutTensor> checkpoint_layout(const ModelConfig& c);

// An RMSNorm weight (ones at initialisation).
bool is_norm(TensorRole role);

// A tensor's shape for `role` under `c` (the shapes beside TensorRole).
std::vector<int64_t> tensor_shape(const ModelConfig& c, TensorRole role);

// The module of `role` within a layer of `arch` ("self_attn.q_proj",
// "mlp.dense_h_to_4h"), or nullptr when the family has no such tensor.
const char* layer_module(Arch arch, TensorRole role);

// The number of parameters the config implies (embeddings counted once when tied).
int64_t parameter_count(const ModelConfig& c);

// The role of a projection's weight matrix.
TensorRole weight_role(Projection p);

// Hugging Face's module name of a projection in `arch` ("q_proj",
// "query_key_value", ...), or nullptr when the family has no such projection.
const char* module_name(Arch arch, Projection p);

// The projections a family has, in layer order.
std::vector<Projection> projections_of(Arch arch);

// The module a projection's weight belongs to in layer `layer`
// ("model.layers.3.self_attn.q_proj"): LoRA's target, and PEFT's key for it.
std::string projection_module_path(Arch arch, int64_t layer, Projection p);

// A checkpoint name as llama.cpp names it, whatever the family
// ("model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight");
// nullopt for a tensor llama.cpp has no place for.
std::optional<std::string> gguf_tensor_name(const std::string& hf_name);

}  // namespace tunedesk::model
