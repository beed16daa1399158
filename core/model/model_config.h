// A model's hyper-parameters, read once from its config.json (and
// generation_config.json) into one flat struct that the forward passes use.
// No torch here: the CLI can describe a model without loading it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "util/user_error.h"

namespace tunedesk::model {

// The families TuneDesk runs (see docs/ADDING_A_MODEL_FAMILY.md).
enum class Arch {
  llama,    // LlamaForCausalLM
  mistral,  // MistralForCausalLM
  qwen2,    // Qwen2ForCausalLM: q/k/v biases
  qwen3,    // Qwen3ForCausalLM: RMSNorm on q and k heads
  glm,      // GlmForCausalLM (glm-4-9b-chat-hf): partial interleaved RoPE, fused gate_up_proj, q/k/v biases
  glm4,     // Glm4ForCausalLM (GLM-4-0414): GLM plus norms after attention and after the MLP
  chatglm,  // ChatGLMModel (glm-4-9b-chat): GLM math in the original layout (fused query_key_value)
};

class ModelConfigError : public UserError {
 public:
  using UserError::UserError;
};

struct RopeScaling {
  std::string type;                        // "llama3" (others are refused with a clear error)
  double factor = 1.0;
  double low_freq_factor = 1.0;
  double high_freq_factor = 4.0;
  int64_t original_max_position = 8192;
};

struct ModelConfig {
  Arch arch = Arch::llama;
  std::string architecture;        // as in config.json: "LlamaForCausalLM"
  int64_t vocab_size = 0;
  int64_t hidden_size = 0;
  int64_t intermediate_size = 0;   // of the SwiGLU MLP
  int64_t num_layers = 0;
  int64_t num_heads = 0;           // query heads
  int64_t num_kv_heads = 0;        // key/value heads (grouped-query attention when fewer)
  int64_t head_dim = 0;            // hidden_size / num_heads unless config.json says otherwise
  int64_t max_position = 2048;     // context length
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  std::optional<RopeScaling> rope_scaling;
  bool tie_word_embeddings = false;  // lm_head shares embed_tokens
  bool qkv_bias = false;             // q/k/v projections have biases (Qwen2)
  bool qk_norm = false;              // RMSNorm on each head of q and k (Qwen3)
  int64_t rotary_dim = 0;            // channels of each head that RoPE rotates (head_dim unless partial)
  bool rope_interleaved = false;     // RoPE pairs adjacent channels (GLM) instead of halves (Llama)
  int64_t sliding_window = 0;        // attend to at most this many past positions (Mistral); 0 = all
  std::string torch_dtype;           // the checkpoint's dtype, e.g. "bfloat16"
  std::optional<int64_t> bos_token_id;
  std::vector<int64_t> eos_token_ids;  // config.json and generation_config.json together
};

std::string arch_name(Arch a);

// Reads DIR/config.json (and DIR/generation_config.json if present). Throws
// ModelConfigError naming the file and key.
ModelConfig load_model_config(const std::filesystem::path& model_dir);

// The number of parameters the config implies (embeddings counted once when tied).
int64_t parameter_count(const ModelConfig& c);

}  // namespace tunedesk::model
