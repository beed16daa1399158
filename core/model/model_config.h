// A model's hyper-parameters, read once from its config.json (and
// generation_config.json) into one flat struct that the forward passes use.
// No torch here: the CLI can describe a model without loading it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
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
  phi3,     // Phi3ForCausalLM (Phi-3, Phi-4): Llama math with q|k|v and gate|up fused, partial RoPE
};
// Every family, in the order lists show them.
inline constexpr Arch kArchs[] = {Arch::llama, Arch::mistral, Arch::qwen2, Arch::qwen3, Arch::glm, Arch::glm4, Arch::chatglm, Arch::phi3};

class ModelConfigError : public UserError {
 public:
  using UserError::UserError;
};

// How RoPE's frequencies are stretched beyond the context a model was
// trained on: transformers' rope_type. The kinds implemented are these; any
// other is refused by name when config.json is read.
struct RopeScaling {
  std::string type;                       // "linear", "dynamic", "yarn" or "llama3"
  double factor = 1.0;
  int64_t original_max_position = 0;      // the pretraining context (dynamic: max_position_embeddings)
  double low_freq_factor = 1.0;           // llama3
  double high_freq_factor = 4.0;          // llama3
  double beta_fast = 32.0;                // yarn: rotations where interpolation stops
  double beta_slow = 1.0;                 // yarn: rotations where it starts
  bool truncate = true;                   // yarn: round the ramp's ends to whole channels
  double attention_factor = 1.0;          // yarn: cos and sin are multiplied by it (1 for the others)
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
  int64_t head_dim = 0;            // hidden_size / num_heads unless config.json (or the family) says otherwise
  int64_t max_position = 2048;     // the context TuneDesk allows: max_position_embeddings, or what the
                                   // RoPE scaling extends it to (dynamic, yarn)
  int64_t max_position_embeddings = 2048;  // as config.json says it (ChatGLM: seq_length)
  double rms_norm_eps = 1e-6;
  double rope_theta = 10000.0;
  std::optional<RopeScaling> rope_scaling;
  bool tie_word_embeddings = false;  // lm_head shares embed_tokens
  bool qkv_bias = false;             // q/k/v projections have biases (Qwen2, GLM, attention_bias)
  bool o_bias = false;               // the output projection too (Llama, Qwen3 with attention_bias)
  bool qk_norm = false;              // RMSNorm on each head of q and k (Qwen3)
  int64_t rotary_dim = 0;            // channels of each head that RoPE rotates (head_dim unless partial)
  bool rope_interleaved = false;     // RoPE pairs adjacent channels (GLM) instead of halves (Llama)
  // Per layer: attend to at most this many positions, the query's own
  // included (Mistral's sliding_window; Qwen2/3's sliding_attention layers);
  // 0 = all. One entry per layer.
  std::vector<int64_t> layer_window;
  std::string torch_dtype;           // the checkpoint's dtype, e.g. "bfloat16" ("dtype" or "torch_dtype")
  std::optional<int64_t> bos_token_id;
  std::optional<int64_t> pad_token_id;
  std::vector<int64_t> eos_token_ids;  // config.json and generation_config.json together
  // Keys of config.json that neither TuneDesk nor transformers' class for
  // this family reads (transformers ignores them too); listed by `model info`.
  std::vector<std::string> unread_keys;

  int64_t window(std::size_t layer) const { return layer < layer_window.size() ? layer_window[layer] : 0; }
};

// What reading config.json does with a key, family by family.
enum class KeyUse {
  read,       // it changes the computation and is read (values not implemented are refused by name)
  no_effect,  // it does not change the forward pass or the training math
  refused,    // its presence means a model TuneDesk cannot run (e.g. quantization_config)
  unknown,    // neither TuneDesk nor transformers' class for the family knows it
};
KeyUse config_key_use(Arch arch, std::string_view key);

std::string arch_name(Arch a);

// Reads DIR/config.json (and DIR/generation_config.json if present). Throws
// ModelConfigError naming the file and key.
ModelConfig load_model_config(const std::filesystem::path& model_dir);

}  // namespace tunedesk::model
