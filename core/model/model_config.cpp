#include "model/model_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <set>

#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::model {
namespace {

using nlohmann::json;

// Which projections carry biases in a family.
enum class Biases {
  none,             // Mistral: never
  qkv_always,       // Qwen2: q/k/v always
  qkv_by_key,       // GLM, GLM-4: q/k/v when attention_bias (default true)
  qkvo_by_key,      // Llama, Qwen3: q/k/v/o when attention_bias (default false)
};

// Where sliding-window attention applies.
enum class Windows {
  none,        // never
  all_layers,  // Mistral: every layer when sliding_window is set (default 4096)
  all_layers_when_set,  // Phi-3: every layer when sliding_window is set (default none)
  per_layer,   // Qwen2/3: layers whose layer_types entry is "sliding_attention", when use_sliding_window
};

// The family table: how transformers' config class for each family reads
// config.json, the defaults it gives keys a file leaves out included
// (checked against transformers by tests/model/hf_config_keys_test.cpp).
struct Family {
  const char* hf_name;
  Arch arch;
  int64_t head_dim;                // default; 0: hidden_size / num_attention_heads
  int64_t kv_heads;                // default; 0: num_attention_heads
  double rms_norm_eps;             // default
  int64_t max_position;            // default max_position_embeddings
  double partial_rotary_factor;    // default
  bool attention_bias;             // default of attention_bias (where the family has the key)
  Biases biases;
  Windows windows;
  bool rope_interleaved;           // GLM pairs adjacent channels
  bool qk_norm;                    // Qwen3
};
constexpr Family kFamilies[] = {
    // hf_name              arch           head kv  eps        max_pos  partial bias   biases              windows              interl. qk_norm
    {"LlamaForCausalLM",    Arch::llama,   0,   0,  1e-6,      2048,    1.0,    false, Biases::qkvo_by_key, Windows::none,       false,  false},
    {"MistralForCausalLM",  Arch::mistral, 0,   8,  1e-6,      131072,  1.0,    false, Biases::none,        Windows::all_layers, false,  false},
    {"Qwen2ForCausalLM",    Arch::qwen2,   0,   32, 1e-6,      32768,   1.0,    false, Biases::qkv_always,  Windows::per_layer,  false,  false},
    {"Qwen3ForCausalLM",    Arch::qwen3,   128, 32, 1e-6,      32768,   1.0,    false, Biases::qkvo_by_key, Windows::per_layer,  false,  true},
    {"GlmForCausalLM",      Arch::glm,     128, 2,  1.5625e-7, 131072,  0.5,    true,  Biases::qkv_by_key,  Windows::none,       true,   false},
    {"Glm4ForCausalLM",     Arch::glm4,    128, 2,  1.5625e-7, 131072,  0.5,    true,  Biases::qkv_by_key,  Windows::none,       true,   false},
    {"Phi3ForCausalLM",     Arch::phi3,    0,   0,  1e-5,      4096,    1.0,    false, Biases::none,        Windows::all_layers_when_set, false, false},
};
// The original glm-4-9b-chat layout (remote code, not in transformers): its
// own keys, read by read_chatglm_keys.
constexpr const char* kChatglmNames[] = {"ChatGLMModel", "ChatGLMForConditionalGeneration"};

// Keys of every Hugging Face config that change nothing TuneDesk computes:
// bookkeeping, generation defaults of old transformers versions (TuneDesk's
// own sampling settings apply), implementation choices.
constexpr const char* kNoEffectKeys[] = {
    "_name_or_path", "model_type", "transformers_version", "initializer_range", "use_cache", "auto_map",
    "_attn_implementation", "attn_implementation", "_commit_hash", "tunedesk_tiny_model",
    "chunk_size_feed_forward", "id2label", "label2id", "is_encoder_decoder", "is_decoder", "add_cross_attention",
    "cross_attention_hidden_size", "tie_encoder_decoder", "output_attentions", "output_hidden_states", "output_scores",
    "return_dict", "return_dict_in_generate", "problem_type", "finetuning_task", "tokenizer_class", "prefix",
    "pruned_heads", "torchscript", "tf_legacy_loss", "use_bfloat16", "task_specific_params", "sep_token_id",
    "decoder_start_token_id", "bad_words_ids", "begin_suppress_tokens", "suppress_tokens", "diversity_penalty",
    "do_sample", "early_stopping", "encoder_no_repeat_ngram_size", "exponential_decay_length_penalty",
    "forced_bos_token_id", "forced_eos_token_id", "length_penalty", "max_length", "min_length",
    "no_repeat_ngram_size", "num_beam_groups", "num_beams", "num_return_sequences", "remove_invalid_values",
    "repetition_penalty", "temperature", "top_k", "top_p", "typical_p",
    // Llama: transformers 5 no longer reads it (the sliced products it asked for are the same products).
    "pretraining_tp",
};
// Keys the transformers families all read.
constexpr const char* kReadKeys[] = {
    "architectures", "vocab_size", "hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads",
    "num_key_value_heads", "head_dim", "max_position_embeddings", "rms_norm_eps", "hidden_act", "attention_dropout",
    "rope_parameters", "rope_theta", "rope_scaling", "partial_rotary_factor", "original_max_position_embeddings",
    "tie_word_embeddings", "bos_token_id", "eos_token_id", "pad_token_id", "dtype", "torch_dtype",
};
// Phi-3's dropout on the residual branches and the embeddings.
constexpr const char* kPhi3DropoutKeys[] = {"resid_pdrop", "embd_pdrop"};
// ChatGLM's keys: read (values checked where only one is implemented) or without effect here.
constexpr const char* kChatglmReadKeys[] = {
    "architectures", "padded_vocab_size", "hidden_size", "ffn_hidden_size", "num_layers", "num_attention_heads",
    "kv_channels", "multi_query_attention", "multi_query_group_num", "seq_length", "layernorm_epsilon", "rope_ratio",
    "add_qkv_bias", "add_bias_linear", "rmsnorm", "post_layer_norm", "apply_residual_connection_post_layernorm",
    "original_rope", "hidden_dropout", "attention_dropout", "pre_seq_len", "quantization_bit", "eos_token_id",
    "pad_token_id", "bos_token_id", "torch_dtype", "dtype",
};
constexpr const char* kChatglmNoEffectKeys[] = {
    // Numerics of half-precision runs (the same math), fused kernels, a classifier head TuneDesk does not use.
    "fp32_residual_connection", "apply_query_key_layer_scaling", "attention_softmax_in_fp32", "bias_dropout_fusion",
    "classifier_dropout", "prefix_projection", "tie_word_embeddings",
};
// Present only in checkpoints TuneDesk cannot run.
constexpr const char* kRefusedKeys[] = {"quantization_config"};

template <std::size_t N>
bool listed(const char* const (&keys)[N], std::string_view key) {
  return std::find(std::begin(keys), std::end(keys), key) != std::end(keys);
}

const Family* family_of(Arch arch) {
  for (const Family& f : kFamilies)
    if (f.arch == arch) return &f;
  return nullptr;
}

[[noreturn]] void refuse(const std::string& where, const std::string& key, const json& value, const std::string& implemented) {
  throw ModelConfigError("model.config_unsupported", {where, key, value.dump(), implemented});
}

// A config.json with `where` for its errors.
class Keys {
 public:
  Keys(const json& j, std::string where) : j_(j), where_(std::move(where)) {}
  const std::string& where() const { return where_; }
  // In the file (perhaps as null).
  bool present(const char* key) const { return j_.contains(key); }
  // In the file and not null.
  bool has(const char* key) const { return j_.contains(key) && !j_.at(key).is_null(); }
  const json& operator[](const char* key) const { return j_.at(key); }
  int64_t positive(const char* key) const {
    if (!has(key) || !j_[key].is_number_integer() || j_[key].get<int64_t>() <= 0)
      throw ModelConfigError(where_ + ": \"" + key + "\" must be a positive whole number");
    return j_[key].get<int64_t>();
  }
  int64_t positive_or(const char* key, int64_t fallback) const { return has(key) ? positive(key) : fallback; }
  double number_or(const char* key, double fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_number()) throw ModelConfigError(where_ + ": \"" + key + "\" must be a number");
    return j_[key].get<double>();
  }
  bool flag_or(const char* key, bool fallback) const {
    if (!has(key)) return fallback;
    if (!j_[key].is_boolean()) throw ModelConfigError(where_ + ": \"" + key + "\" must be true or false");
    return j_[key].get<bool>();
  }

 private:
  const json& j_;
  std::string where_;
};

// The original ChatGLM config.json names its keys differently; they are read
// into the same fields (kv_channels = head_dim, multi_query_group_num =
// key/value heads, rope_ratio scales the base of 10000).
void read_chatglm_keys(const Keys& k, ModelConfig& c) {
  const std::string& where = k.where();
  c.vocab_size = k.positive("padded_vocab_size");
  c.hidden_size = k.positive("hidden_size");
  c.intermediate_size = k.positive("ffn_hidden_size");
  c.num_layers = k.positive("num_layers");
  c.num_heads = k.positive("num_attention_heads");
  c.head_dim = k.positive_or("kv_channels", c.hidden_size / c.num_heads);
  c.num_kv_heads = k.flag_or("multi_query_attention", false) ? k.positive("multi_query_group_num") : c.num_heads;
  c.max_position = c.max_position_embeddings = k.positive_or("seq_length", c.max_position);
  c.rms_norm_eps = k.number_or("layernorm_epsilon", 1e-5);
  c.rope_theta = 10000.0 * k.number_or("rope_ratio", 1.0);
  c.qkv_bias = k.flag_or("add_qkv_bias", true);
  // Settings whose other values ChatGLM's code computes differently (absent: its default, the one implemented).
  const auto must_be = [&](const char* key, const json& implemented_value, const char* implemented) {
    if (k.has(key) && k[key] != implemented_value) refuse(where, key, k[key], implemented);
  };
  must_be("rmsnorm", true, "RMSNorm (true); LayerNorm is not implemented");
  must_be("add_bias_linear", false, "false: no biases on the other linear layers");
  must_be("post_layer_norm", true, "true: a final norm");
  must_be("apply_residual_connection_post_layernorm", false, "false: the residual is the layer's input");
  must_be("original_rope", true, "true");
  if (k.has("pre_seq_len")) refuse(where, "pre_seq_len", k["pre_seq_len"], "null: a prefix encoder built into the model is not supported");
  if (k.has("quantization_bit") && k["quantization_bit"] != 0)
    refuse(where, "quantization_bit", k["quantization_bit"], "0: quantized weights are not supported");
  for (const char* key : {"hidden_dropout", "attention_dropout"})
    if (k.number_or(key, 0.0) != 0.0) refuse(where, key, k[key], "0: TuneDesk trains without dropout inside the model");
  c.rotary_dim = c.head_dim / 2;  // ChatGLM rotates half of each head
  c.rope_interleaved = true;
  c.layer_window.assign(static_cast<std::size_t>(c.num_layers), 0);
}

// RoPE as transformers 5 reads it: the legacy rope_scaling object when
// present and not empty, else rope_parameters; rope_theta and
// partial_rotary_factor inside it win over the top-level keys, which win
// over the family's defaults. Sets rope_theta, rope_scaling, rotary_dim and
// the context the scaling allows.
void read_rope(const Keys& k, const Family& f, int64_t max_position_embeddings, ModelConfig& c) {
  const std::string& where = k.where();
  json rope = json::object();
  std::string source = "rope_parameters";
  if (k.has("rope_scaling") && !k["rope_scaling"].empty()) {
    rope = k["rope_scaling"];
    source = "rope_scaling";
  } else if (k.has("rope_parameters")) {
    rope = k["rope_parameters"];
  }
  if (!rope.is_object()) refuse(where, source, rope, "an object");
  // Per-layer-type RoPE (a dict per layer type) is another model's feature.
  for (const char* layer_type : {"full_attention", "sliding_attention"})
    if (rope.contains(layer_type)) refuse(where, source + "." + layer_type, rope[layer_type], "one RoPE for all layers");
  const Keys r(rope, where + ": " + source);
  c.rope_theta = r.has("rope_theta") ? r.number_or("rope_theta", 0) : k.number_or("rope_theta", 10000.0);
  if (!(c.rope_theta > 1.0)) refuse(where, source + ".rope_theta", c.rope_theta, "a base above 1");
  const double partial = r.has("partial_rotary_factor") ? r.number_or("partial_rotary_factor", 0)
                                                         : k.number_or("partial_rotary_factor", f.partial_rotary_factor);
  c.rotary_dim = static_cast<int64_t>(static_cast<double>(c.head_dim) * partial);  // int(), as transformers

  std::string type = "default";
  if (rope.contains("rope_type") && rope["rope_type"].is_string()) type = rope["rope_type"].get<std::string>();
  else if (rope.contains("type") && rope["type"].is_string()) type = rope["type"].get<std::string>();
  const std::string type_key = source + "." + (rope.contains("rope_type") ? "rope_type" : "type");
  static const std::set<std::string> kImplemented = {"default", "linear", "dynamic", "yarn", "llama3"};
  if (!kImplemented.count(type)) refuse(where, type_key, type, "default, linear, dynamic, yarn or llama3");

  // Keys a kind reads; keys of other kinds are ignored (transformers too),
  // keys of no kind at all are refused: they would change the frequencies.
  static const std::set<std::string> kEveryKind = {"rope_type", "type", "rope_theta", "partial_rotary_factor"};
  static const std::set<std::string> kKnownElsewhere = {
      "factor", "original_max_position_embeddings", "low_freq_factor", "high_freq_factor", "beta_fast", "beta_slow",
      "attention_factor", "mscale", "mscale_all_dim", "truncate"};
  for (const auto& [key, value] : rope.items())
    if (!kEveryKind.count(key) && !kKnownElsewhere.count(key))
      refuse(where, source + "." + key, value, "the keys of default, linear, dynamic, yarn and llama3 RoPE");

  if (type == "default") return;
  RopeScaling s;
  s.type = type;
  const auto required = [&](const char* key) {
    if (!r.has(key)) refuse(where, source + "." + key, nullptr, "a number (" + type + " RoPE needs it)");
    return r.number_or(key, 0);
  };
  // llama3 and yarn take their pretraining context from the object, else
  // from a top-level original_max_position_embeddings, else from
  // max_position_embeddings (transformers' standardize_rope_params).
  const auto original_context = [&] {
    if (k.has("original_max_position_embeddings")) return k.positive("original_max_position_embeddings");
    return r.positive_or("original_max_position_embeddings", max_position_embeddings);
  };
  if (type == "linear") {
    s.factor = required("factor");
  } else if (type == "dynamic") {
    // NTK: the base grows with the sequence past max_position_embeddings.
    s.factor = required("factor");
    s.original_max_position = max_position_embeddings;
    c.max_position = static_cast<int64_t>(std::floor(static_cast<double>(max_position_embeddings) * s.factor));
  } else if (type == "llama3") {
    s.factor = required("factor");
    s.low_freq_factor = required("low_freq_factor");
    s.high_freq_factor = required("high_freq_factor");
    s.original_max_position = original_context();
  } else if (type == "yarn") {
    s.original_max_position = original_context();
    s.factor = r.has("factor") ? r.number_or("factor", 0)
                               : static_cast<double>(max_position_embeddings) / static_cast<double>(s.original_max_position);
    // `or` defaults in transformers: 0 and null both mean the paper's values.
    s.beta_fast = r.number_or("beta_fast", 0) != 0 ? r.number_or("beta_fast", 0) : 32.0;
    s.beta_slow = r.number_or("beta_slow", 0) != 0 ? r.number_or("beta_slow", 0) : 1.0;
    s.truncate = r.flag_or("truncate", true);
    const auto mscale = [](double scale, double m) { return scale <= 1 ? 1.0 : 0.1 * m * std::log(scale) + 1.0; };
    if (r.has("attention_factor")) {
      s.attention_factor = r.number_or("attention_factor", 1.0);
    } else {
      const double m = r.number_or("mscale", 0), m_all = r.number_or("mscale_all_dim", 0);
      s.attention_factor = m != 0 && m_all != 0 ? mscale(s.factor, m) / mscale(s.factor, m_all) : mscale(s.factor, 1.0);
    }
    c.max_position = std::max(c.max_position,
                              static_cast<int64_t>(std::floor(static_cast<double>(s.original_max_position) * s.factor)));
  }
  if (!(s.factor > 0)) refuse(where, source + ".factor", s.factor, "a positive number");
  c.rope_scaling = s;
}

// Per-layer sliding windows, as transformers' config classes set them.
void read_windows(const Keys& k, const Family& f, ModelConfig& c) {
  const std::string& where = k.where();
  c.layer_window.assign(static_cast<std::size_t>(c.num_layers), 0);
  if (f.windows == Windows::all_layers || f.windows == Windows::all_layers_when_set) {
    // Mistral: absent means the class default 4096 (Phi-3: none), null means none.
    const int64_t absent = f.windows == Windows::all_layers ? 4096 : 0;
    const int64_t window = !k.present("sliding_window") ? absent : k.has("sliding_window") ? k.positive("sliding_window") : 0;
    std::fill(c.layer_window.begin(), c.layer_window.end(), window);
  } else if (f.windows == Windows::per_layer) {
    // Qwen2/3: a window only with use_sliding_window; layer_types says which
    // layers, else the layers from max_window_layers on.
    const int64_t window = k.flag_or("use_sliding_window", false) ? k.positive_or("sliding_window", 4096) : 0;
    if (k.has("layer_types")) {
      const json& types = k["layer_types"];
      if (!types.is_array() || static_cast<int64_t>(types.size()) != c.num_layers)
        throw ModelConfigError(where + ": \"layer_types\" must list one type for each of the " +
                               std::to_string(c.num_layers) + " layers");
      for (std::size_t l = 0; l < types.size(); ++l) {
        if (types[l] == "sliding_attention") c.layer_window[l] = window;
        else if (types[l] != "full_attention")
          refuse(where, "layer_types[" + std::to_string(l) + "]", types[l], "full_attention or sliding_attention");
      }
    } else if (window > 0) {
      const int64_t first = k.has("max_window_layers") && k["max_window_layers"].is_number_integer()
                                ? k["max_window_layers"].get<int64_t>() : 28;
      for (int64_t l = first; l < c.num_layers; ++l) c.layer_window[static_cast<std::size_t>(l)] = window;
    }
  }
}

void read_family_keys(const Keys& k, const Family& f, ModelConfig& c) {
  const std::string& where = k.where();
  c.vocab_size = k.positive("vocab_size");
  c.hidden_size = k.positive("hidden_size");
  c.intermediate_size = k.positive("intermediate_size");
  c.num_layers = k.positive("num_hidden_layers");
  c.num_heads = k.positive("num_attention_heads");
  // Absent keys take the class's default; null ones what its __post_init__ derives.
  c.num_kv_heads = k.positive_or("num_key_value_heads", f.kv_heads > 0 && !k.present("num_key_value_heads") ? f.kv_heads : c.num_heads);
  c.head_dim = k.positive_or("head_dim", f.head_dim > 0 && !k.present("head_dim") ? f.head_dim : c.hidden_size / c.num_heads);
  const int64_t max_position_embeddings = k.positive_or("max_position_embeddings", f.max_position);
  c.max_position = c.max_position_embeddings = max_position_embeddings;
  c.rms_norm_eps = k.number_or("rms_norm_eps", f.rms_norm_eps);
  read_rope(k, f, max_position_embeddings, c);

  const bool attention_bias = f.biases == Biases::qkvo_by_key || f.biases == Biases::qkv_by_key
                                  ? k.flag_or("attention_bias", f.attention_bias) : false;
  c.qkv_bias = f.biases == Biases::qkv_always || attention_bias;
  c.o_bias = f.biases == Biases::qkvo_by_key && attention_bias;
  c.qk_norm = f.qk_norm;
  c.rope_interleaved = f.rope_interleaved;

  // Values other than these change the computation in ways not implemented.
  if (k.has("hidden_act") && k["hidden_act"] != "silu" && k["hidden_act"] != "swish")
    refuse(where, "hidden_act", k["hidden_act"], "silu (SwiGLU)");
  if (k.number_or("attention_dropout", 0.0) != 0.0)
    refuse(where, "attention_dropout", k["attention_dropout"], "0: TuneDesk trains without attention dropout");
  if (f.arch == Arch::llama && k.flag_or("mlp_bias", false)) refuse(where, "mlp_bias", true, "false");
  if (f.arch == Arch::phi3)
    for (const char* key : kPhi3DropoutKeys)
      if (k.number_or(key, 0.0) != 0.0) refuse(where, key, k[key], "0: TuneDesk trains without dropout inside the model");
  read_windows(k, f, c);
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
  if (a == Arch::chatglm) return kChatglmNames[0];
  const Family* f = family_of(a);
  return f ? f->hf_name : "?";
}

KeyUse config_key_use(Arch arch, std::string_view key) {
  if (listed(kRefusedKeys, key)) return KeyUse::refused;
  if (arch == Arch::chatglm) {
    if (listed(kChatglmReadKeys, key)) return KeyUse::read;
    if (listed(kChatglmNoEffectKeys, key) || listed(kNoEffectKeys, key)) return KeyUse::no_effect;
    return KeyUse::unknown;
  }
  const Family& f = *family_of(arch);
  if (listed(kReadKeys, key)) return KeyUse::read;
  if (key == "attention_bias" && (f.biases == Biases::qkv_by_key || f.biases == Biases::qkvo_by_key)) return KeyUse::read;
  if (key == "mlp_bias" && arch == Arch::llama) return KeyUse::read;
  if (arch == Arch::phi3 && listed(kPhi3DropoutKeys, key)) return KeyUse::read;
  if (key == "sliding_window" && f.windows != Windows::none) return KeyUse::read;
  if ((key == "use_sliding_window" || key == "max_window_layers" || key == "layer_types") && f.windows == Windows::per_layer)
    return KeyUse::read;
  if (listed(kNoEffectKeys, key)) return KeyUse::no_effect;
  return KeyUse::unknown;
}

ModelConfig load_model_config(const std::filesystem::path& dir) {
  const std::filesystem::path path = dir / "config.json";
  std::error_code missing;
  if (!std::filesystem::is_directory(dir, missing)) throw ModelConfigError("model.no_folder", {dir.string()});
  if (!std::filesystem::exists(path, missing)) throw ModelConfigError("model.no_config", {dir.string()});
  const json j = read_json(path);
  const std::string where = path.string();
  if (!j.is_object()) throw ModelConfigError("model.config_not_json", {where, "expected an object"});
  const Keys k(j, where);

  ModelConfig c;
  if (!j.contains("architectures") || !j["architectures"].is_array() || j["architectures"].empty() ||
      !j["architectures"][0].is_string())
    throw ModelConfigError("model.no_architectures", {where});
  c.architecture = j["architectures"][0].get<std::string>();
  const Family* family = nullptr;
  bool chatglm = false;
  std::string supported;
  for (const Family& f : kFamilies) {
    supported += (supported.empty() ? "" : ", ") + std::string(f.hf_name);
    if (c.architecture == f.hf_name) family = &f;
  }
  for (const char* name : kChatglmNames) {
    supported += ", " + std::string(name);
    if (c.architecture == name) chatglm = true;
  }
  if (!family && !chatglm) throw ModelConfigError("model.unsupported_architecture", {where, c.architecture, supported});
  c.arch = chatglm ? Arch::chatglm : family->arch;

  for (const auto& [key, value] : j.items()) {
    const KeyUse use = config_key_use(c.arch, key);
    if (use == KeyUse::refused) {
      const std::string method = value.is_object() && value.contains("quant_method") ? value["quant_method"].dump() : value.dump();
      refuse(where, key, method, "quantized checkpoints are not supported; use the unquantized (bf16/fp16/fp32) weights");
    }
    if (use == KeyUse::unknown) c.unread_keys.push_back(key);
  }

  if (chatglm) read_chatglm_keys(k, c);
  else read_family_keys(k, *family, c);

  if (c.num_heads % c.num_kv_heads != 0)
    throw ModelConfigError(where + ": " + std::to_string(c.num_heads) + " attention heads are not a multiple of " +
                           std::to_string(c.num_kv_heads) + " key/value heads");
  if (c.rotary_dim <= 0 || c.rotary_dim > c.head_dim || c.rotary_dim % 2 != 0)
    throw ModelConfigError(where + ": the rotary dimension " + std::to_string(c.rotary_dim) + " does not fit head_dim " +
                           std::to_string(c.head_dim));
  if (!chatglm) c.tie_word_embeddings = k.flag_or("tie_word_embeddings", false);
  // transformers 5 writes "dtype"; older versions "torch_dtype".
  for (const char* key : {"torch_dtype", "dtype"})
    if (j.contains(key) && j[key].is_string()) c.torch_dtype = j[key].get<std::string>();
  if (c.torch_dtype.empty()) c.torch_dtype = "float32";

  if (j.contains("bos_token_id") && j["bos_token_id"].is_number_integer()) c.bos_token_id = j["bos_token_id"].get<int64_t>();
  if (j.contains("pad_token_id") && j["pad_token_id"].is_number_integer()) c.pad_token_id = j["pad_token_id"].get<int64_t>();
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

}  // namespace tunedesk::model
