#include "model/model_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::model {
namespace {

using nlohmann::json;

// The architecture table: config.json's "architectures" name -> family.
struct ArchEntry {
  const char* hf_name;
  Arch arch;
};
constexpr ArchEntry kArchitectures[] = {
    {"LlamaForCausalLM", Arch::llama},
    {"MistralForCausalLM", Arch::mistral},
    {"Qwen2ForCausalLM", Arch::qwen2},
    {"Qwen3ForCausalLM", Arch::qwen3},
    {"GlmForCausalLM", Arch::glm},
    {"Glm4ForCausalLM", Arch::glm4},
    {"ChatGLMModel", Arch::chatglm},
    {"ChatGLMForConditionalGeneration", Arch::chatglm},
};

// The original ChatGLM config.json names its keys differently; they are read
// into the same fields (kv_channels = head_dim, multi_query_group_num =
// key/value heads, rope_ratio scales the base of 10000).
void read_chatglm_keys(const json& j, const std::string& where, ModelConfig& c) {
  const auto need = [&](const char* key) -> int64_t {
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<int64_t>() <= 0)
      throw ModelConfigError(where + ": \"" + key + "\" must be a positive whole number");
    return j[key].get<int64_t>();
  };
  c.vocab_size = need("padded_vocab_size");
  c.hidden_size = need("hidden_size");
  c.intermediate_size = need("ffn_hidden_size");
  c.num_layers = need("num_layers");
  c.num_heads = need("num_attention_heads");
  c.head_dim = j.contains("kv_channels") ? need("kv_channels") : c.hidden_size / c.num_heads;
  c.num_kv_heads = j.value("multi_query_attention", false) ? need("multi_query_group_num") : c.num_heads;
  c.max_position = j.contains("seq_length") ? need("seq_length") : c.max_position;
  c.rms_norm_eps = j.value("layernorm_epsilon", 1e-5);
  c.rope_theta = 10000.0 * j.value("rope_ratio", 1.0);
  c.qkv_bias = j.value("add_qkv_bias", true);
  if (!j.value("rmsnorm", true)) throw ModelConfigError(where + ": rmsnorm false (LayerNorm) is not supported");
  if (j.value("add_bias_linear", false)) throw ModelConfigError(where + ": add_bias_linear true is not supported");
  c.rotary_dim = c.head_dim / 2;  // ChatGLM rotates half of each head
  c.rope_interleaved = true;
}

json read_json(const std::filesystem::path& path) {
  try {
    return json::parse(util::read_file(path));
  } catch (const json::exception& e) {
    throw ModelConfigError("model.config_not_json", {path.string(), utf8::sanitized(e.what())});
  }
}

void add_ids(const json& value, std::vector<int64_t>& ids) {
  const auto add = [&](int64_t id) {
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  };
  if (value.is_number_integer()) add(value.get<int64_t>());
  else if (value.is_array())
    for (const json& v : value)
      if (v.is_number_integer()) add(v.get<int64_t>());
}

}  // namespace

std::string arch_name(Arch a) {
  for (const ArchEntry& e : kArchitectures)
    if (e.arch == a) return e.hf_name;
  return "?";
}

ModelConfig load_model_config(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "config.json";
  std::error_code missing;
  if (!std::filesystem::is_directory(dir, missing)) throw ModelConfigError("model.no_folder", {dir.string()});
  if (!std::filesystem::exists(path, missing)) throw ModelConfigError("model.no_config", {dir.string()});
  const json j = read_json(path);
  const std::string where = path.string();
  const auto need_int = [&](const char* key) -> int64_t {
    if (!j.contains(key) || !j[key].is_number_integer() || j[key].get<int64_t>() <= 0)
      throw ModelConfigError(where + ": \"" + key + "\" must be a positive whole number");
    return j[key].get<int64_t>();
  };

  ModelConfig c;
  if (!j.contains("architectures") || !j["architectures"].is_array() || j["architectures"].empty())
    throw ModelConfigError("model.no_architectures", {where});
  c.architecture = j["architectures"][0].get<std::string>();
  bool known = false;
  std::string supported;
  for (const ArchEntry& e : kArchitectures) {
    supported += (supported.empty() ? "" : ", ") + std::string(e.hf_name);
    if (c.architecture == e.hf_name) {
      c.arch = e.arch;
      known = true;
    }
  }
  if (!known) throw ModelConfigError("model.unsupported_architecture", {where, c.architecture, supported});

  if (c.arch == Arch::chatglm) {
    read_chatglm_keys(j, where, c);
  } else {
    c.vocab_size = need_int("vocab_size");
    c.hidden_size = need_int("hidden_size");
    c.intermediate_size = need_int("intermediate_size");
    c.num_layers = need_int("num_hidden_layers");
    c.num_heads = need_int("num_attention_heads");
    c.num_kv_heads = j.contains("num_key_value_heads") && !j["num_key_value_heads"].is_null() ? need_int("num_key_value_heads")
                                                                                                : c.num_heads;
    c.head_dim = j.contains("head_dim") && !j["head_dim"].is_null() ? need_int("head_dim") : c.hidden_size / c.num_heads;
    if (j.contains("max_position_embeddings") && j["max_position_embeddings"].is_number_integer())
      c.max_position = j["max_position_embeddings"].get<int64_t>();
    c.rms_norm_eps = j.value("rms_norm_eps", c.rms_norm_eps);
    c.rope_theta = j.value("rope_theta", c.rope_theta);
    c.qkv_bias = c.arch == Arch::qwen2 || j.value("attention_bias", false);
    c.qk_norm = c.arch == Arch::qwen3;
    c.rotary_dim = static_cast<int64_t>(static_cast<double>(c.head_dim) * j.value("partial_rotary_factor", 1.0));
    c.rope_interleaved = c.arch == Arch::glm || c.arch == Arch::glm4;
    if (j.value("mlp_bias", false)) throw ModelConfigError(where + ": mlp_bias true is not supported");
    // Mistral limits attention to a window; Qwen2 only when use_sliding_window is set.
    const bool windowed = c.arch == Arch::mistral || (c.arch == Arch::qwen2 && j.value("use_sliding_window", false));
    if (windowed && j.contains("sliding_window") && j["sliding_window"].is_number_integer())
      c.sliding_window = j["sliding_window"].get<int64_t>();
  }
  if (c.num_heads % c.num_kv_heads != 0)
    throw ModelConfigError(where + ": " + std::to_string(c.num_heads) + " attention heads are not a multiple of " +
                           std::to_string(c.num_kv_heads) + " key/value heads");
  if (c.rotary_dim <= 0 || c.rotary_dim > c.head_dim || c.rotary_dim % 2 != 0)
    throw ModelConfigError(where + ": the rotary dimension " + std::to_string(c.rotary_dim) + " does not fit head_dim " +
                           std::to_string(c.head_dim));
  c.tie_word_embeddings = j.value("tie_word_embeddings", false);
  c.torch_dtype = j.contains("torch_dtype") && j["torch_dtype"].is_string() ? j["torch_dtype"].get<std::string>() : "float32";

  if (j.contains("rope_scaling") && j["rope_scaling"].is_object()) {
    const json& s = j["rope_scaling"];
    RopeScaling r;
    r.type = s.value("rope_type", s.value("type", std::string()));
    if (r.type == "default" || r.type.empty()) {
      // plain RoPE
    } else if (r.type == "llama3") {
      r.factor = s.value("factor", 8.0);
      r.low_freq_factor = s.value("low_freq_factor", 1.0);
      r.high_freq_factor = s.value("high_freq_factor", 4.0);
      r.original_max_position = s.value("original_max_position_embeddings", int64_t{8192});
      c.rope_scaling = r;
    } else {
      throw ModelConfigError(where + ": rope_scaling type \"" + r.type + "\" is not supported (llama3)");
    }
  }
  if (j.contains("bos_token_id") && j["bos_token_id"].is_number_integer()) c.bos_token_id = j["bos_token_id"].get<int64_t>();
  if (j.contains("eos_token_id")) add_ids(j["eos_token_id"], c.eos_token_ids);

  std::error_code ec;
  if (std::filesystem::exists(dir / "generation_config.json", ec)) {
    const json g = read_json(dir / "generation_config.json");
    if (g.contains("eos_token_id")) add_ids(g["eos_token_id"], c.eos_token_ids);
    if (!c.bos_token_id && g.contains("bos_token_id") && g["bos_token_id"].is_number_integer())
      c.bos_token_id = g["bos_token_id"].get<int64_t>();
  }
  return c;
}

int64_t parameter_count(const ModelConfig& c) {
  const int64_t h = c.hidden_size, d = c.head_dim;
  const int64_t q = c.num_heads * d, kv = c.num_kv_heads * d;
  int64_t layer = h * q + 2 * h * kv + q * h + 3 * h * c.intermediate_size + 2 * h;
  if (c.arch == Arch::glm4) layer += 2 * h;  // post_self_attn_layernorm, post_mlp_layernorm
  if (c.qkv_bias) layer += q + 2 * kv;
  if (c.qk_norm) layer += 2 * d;
  const int64_t embed = c.vocab_size * h;
  return c.num_layers * layer + embed + (c.tie_word_embeddings ? 0 : embed) + h;
}

}  // namespace tunedesk::model
