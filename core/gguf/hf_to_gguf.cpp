#include "gguf/hf_to_gguf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <optional>

#include "gguf/gguf_file.h"
#include "gguf/gguf_vocab.h"
#include "model/model_config.h"
#include "model/safetensors.h"

namespace tunedesk::gguf {
namespace {

using model::Arch;

// The families llama.cpp runs as TuneDesk does, and how their checkpoints
// become llama.cpp's: its architecture name, whether q/k rows are
// reordered, and the keys its converter writes for them. llama.cpp's Llama
// rotates adjacent channel pairs (2i, 2i+1); Hugging Face's Llama
// checkpoints are laid out for rotate-half (i, i + D/2), so each head's rows
// are interleaved as the converter does. Qwen's architectures rotate halves
// in llama.cpp too (NEOX mode), and GLM's checkpoints already pair adjacent
// channels: rows as they are.
struct GgufFamily {
  Arch arch;
  const char* gguf_arch;
  bool permute_qk;
  bool vocab_size_key;   // {arch}.vocab_size (Llama)
  bool rope_dims_key;    // {arch}.rope.dimension_count (Llama; GLM, which rotates part of each head)
  bool glm_specials;     // GLM-4's end tokens: eos and unk <|endoftext|>, end of turn <|user|>, no BOS added
};
constexpr GgufFamily kFamilies[] = {
    {Arch::llama, "llama", true, true, true, false},
    {Arch::mistral, "llama", true, true, true, false},
    {Arch::qwen2, "qwen2", false, false, false, false},
    {Arch::qwen3, "qwen3", false, false, false, false},
    {Arch::glm, "chatglm", false, false, true, true},  // GlmForCausalLM: llama.cpp's chatglm, separate q/k/v
    {Arch::glm4, "glm4", false, false, true, true},    // Glm4ForCausalLM (GLM-4-0414)
};

// Checkpoint names -> llama.cpp's: top-level tensors, and the modules of layer N.
struct NameRule {
  const char* hf;
  const char* gguf;
};
constexpr NameRule kTopNames[] = {
    {"model.embed_tokens", "token_embd"},
    {"model.norm", "output_norm"},
    {"lm_head", "output"},
};
constexpr NameRule kLayerNames[] = {
    {"input_layernorm", "attn_norm"},
    {"self_attn.q_proj", "attn_q"},
    {"self_attn.k_proj", "attn_k"},
    {"self_attn.v_proj", "attn_v"},
    {"self_attn.o_proj", "attn_output"},
    {"self_attn.q_norm", "attn_q_norm"},            // Qwen3
    {"self_attn.k_norm", "attn_k_norm"},            // Qwen3
    {"post_self_attn_layernorm", "post_attention_norm"},  // GLM-4-0414, on the attention's output
    {"post_attention_layernorm", "ffn_norm"},
    {"mlp.gate_proj", "ffn_gate"},
    {"mlp.up_proj", "ffn_up"},
    {"mlp.gate_up_proj", "ffn_up"},                 // GLM: gate and up fused, gate rows first, as llama.cpp reads them
    {"mlp.down_proj", "ffn_down"},
    {"post_mlp_layernorm", "post_ffw_norm"},        // GLM-4-0414, on the MLP's output
};

// "model.layers.3.self_attn.q_proj.weight" -> "blk.3.attn_q.weight"; nullopt for a name no rule covers.
std::optional<std::string> gguf_name(const std::string& hf) {
  const auto dot = hf.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  const std::string stem = hf.substr(0, dot), suffix = hf.substr(dot);  // ".weight" / ".bias"
  if (suffix != ".weight" && suffix != ".bias") return std::nullopt;
  for (const NameRule& r : kTopNames)
    if (stem == r.hf) return std::string(r.gguf) + suffix;
  const std::string prefix = "model.layers.";
  if (!stem.starts_with(prefix)) return std::nullopt;
  const auto layer_end = stem.find('.', prefix.size());
  if (layer_end == std::string::npos) return std::nullopt;
  const std::string layer = stem.substr(prefix.size(), layer_end - prefix.size());
  if (layer.empty() || !std::all_of(layer.begin(), layer.end(), [](char c) { return c >= '0' && c <= '9'; })) return std::nullopt;
  const std::string module = stem.substr(layer_end + 1);
  for (const NameRule& r : kLayerNames)
    if (module == r.hf) return "blk." + layer + "." + r.gguf + suffix;
  return std::nullopt;
}

// The type a tensor is stored in: norms, biases and vectors in F32, as
// llama.cpp's converter and quantizer keep them.
TensorType storage_type(const std::string& gguf, const std::vector<int64_t>& shape, TensorType wanted) {
  if (shape.size() <= 1 || gguf.ends_with("_norm.weight") || !gguf.ends_with(".weight")) return TensorType::f32;
  if (shape.back() % traits(wanted).block_elements != 0) return TensorType::f16;
  return wanted;
}

// Source element `i` as fp32.
float source_value(const model::TensorView& v, int64_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.bytes.data());
  switch (v.dtype) {
    case model::DType::f32: {
      float f;
      std::memcpy(&f, p + 4 * i, 4);
      return f;
    }
    case model::DType::f16: return fp16_to_fp32(static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8)));
    case model::DType::bf16: return bf16_to_fp32(static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8)));
    default: break;
  }
  throw GgufError(v.name + ": a " + std::string(model::dtype_name(v.dtype)) + " tensor; TuneDesk converts F32, F16 and BF16 weights");
}

// For Llama's q/k: output row r of head h comes from row h·D + (r % 2)·D/2 + r/2 % (D/2)
// of the checkpoint (D = head_dim). Vectors (biases) the same, element-wise.
int64_t permuted_row(int64_t r, int64_t head_dim) {
  const int64_t h = r / head_dim, j = r % head_dim;
  return h * head_dim + (j % 2) * (head_dim / 2) + j / 2;
}

std::string size_label(int64_t parameters) {
  // As gguf's model_weight_count_rounded_notation: two significant digits at least.
  const double p = static_cast<double>(parameters);
  double scaled;
  const char* suffix;
  if (p > 1e12) scaled = p * 1e-12, suffix = "T";
  else if (p > 1e9) scaled = p * 1e-9, suffix = "B";
  else if (p > 1e6) scaled = p * 1e-6, suffix = "M";
  else scaled = p * 1e-3, suffix = "K";
  const std::string whole = std::to_string(static_cast<int64_t>(std::llround(scaled)));
  const std::size_t digits = whole == "0" ? 0 : whole.size();
  const int decimals = static_cast<int>(std::max<std::ptrdiff_t>(2 - static_cast<std::ptrdiff_t>(digits), 0));
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.*f%s", decimals, scaled, suffix);
  return buffer;
}

// Llama 3's frequency factors as llama.cpp wants them: a rope_freqs tensor
// (llama.cpp divides each frequency by its factor).
std::vector<float> llama3_rope_factors(const model::ModelConfig& c) {
  const model::RopeScaling& s = *c.rope_scaling;
  const int64_t dim = c.rotary_dim;
  const double low_wavelen = static_cast<double>(s.original_max_position) / s.low_freq_factor;
  const double high_wavelen = static_cast<double>(s.original_max_position) / s.high_freq_factor;
  std::vector<float> factors;
  for (int64_t i = 0; i < dim; i += 2) {
    const float freq = 1.0f / std::pow(static_cast<float>(c.rope_theta), static_cast<float>(i) / static_cast<float>(dim));
    const double wavelen = 2.0 * std::numbers::pi / freq;
    if (wavelen < high_wavelen) factors.push_back(1.0f);
    else if (wavelen > low_wavelen) factors.push_back(static_cast<float>(s.factor));
    else {
      const double smooth = (static_cast<double>(s.original_max_position) / wavelen - s.low_freq_factor) /
                            (s.high_freq_factor - s.low_freq_factor);
      factors.push_back(static_cast<float>(1.0 / ((1.0 - smooth) / s.factor + smooth)));
    }
  }
  return factors;
}

}  // namespace

uint32_t llama_file_type(TensorType type) {
  switch (type) {
    case TensorType::f32: return 0;   // ALL_F32
    case TensorType::f16: return 1;   // MOSTLY_F16
    case TensorType::q8_0: return 7;  // MOSTLY_Q8_0
    case TensorType::bf16: return 32; // MOSTLY_BF16
  }
  return 0;
}

GgufExportSummary export_gguf(const std::filesystem::path& dir, const std::filesystem::path& out_file,
                              const GgufExportOptions& options) {
  const model::ModelConfig c = model::load_model_config(dir);
  const GgufFamily* family = nullptr;
  for (const GgufFamily& f : kFamilies)
    if (f.arch == c.arch) family = &f;
  if (!family)
    throw GgufError(dir.string() + ": TuneDesk does not write " + c.architecture +
                    " to GGUF yet (Llama, Mistral, Qwen2, Qwen3, GlmForCausalLM and Glm4ForCausalLM it does)");
  GgufExportSummary summary;
  summary.file = out_file;
  summary.architecture = family->gguf_arch;
  const std::string arch = family->gguf_arch;

  // RoPE scaling: what llama.cpp implements the same way.
  std::optional<std::vector<float>> rope_freqs;
  GgufWriter w(out_file);
  w.set("general.architecture", Value::string(arch));
  w.set("general.type", Value::string("model"));
  w.set("general.name", Value::string(options.name.empty() ? dir.filename().string() : options.name));
  w.set(arch + ".block_count", Value::u32(static_cast<uint32_t>(c.num_layers)));
  w.set(arch + ".context_length", Value::u32(static_cast<uint32_t>(c.max_position_embeddings)));
  w.set(arch + ".embedding_length", Value::u32(static_cast<uint32_t>(c.hidden_size)));
  w.set(arch + ".feed_forward_length", Value::u32(static_cast<uint32_t>(c.intermediate_size)));
  w.set(arch + ".attention.head_count", Value::u32(static_cast<uint32_t>(c.num_heads)));
  w.set(arch + ".attention.head_count_kv", Value::u32(static_cast<uint32_t>(c.num_kv_heads)));
  w.set(arch + ".rope.freq_base", Value::f32(c.rope_theta));
  w.set(arch + ".attention.layer_norm_rms_epsilon", Value::f32(c.rms_norm_eps));
  w.set(arch + ".attention.key_length", Value::u32(static_cast<uint32_t>(c.head_dim)));
  w.set(arch + ".attention.value_length", Value::u32(static_cast<uint32_t>(c.head_dim)));
  if (c.rope_scaling) {
    const model::RopeScaling& s = *c.rope_scaling;
    if (s.type == "linear") {
      w.set(arch + ".rope.scaling.type", Value::string("linear"));
      w.set(arch + ".rope.scaling.factor", Value::f32(s.factor));
    } else if (s.type == "yarn") {
      const double default_attention = 0.1 * std::log(s.factor) + 1.0;
      if (s.beta_fast != 32.0 || s.beta_slow != 1.0 || !s.truncate || std::fabs(s.attention_factor - default_attention) > 1e-9)
        throw GgufError(dir.string() + ": YaRN with its own beta_fast/beta_slow/attention factor or truncate false; "
                        "TuneDesk writes YaRN to GGUF with the paper's defaults only");
      w.set(arch + ".rope.scaling.type", Value::string("yarn"));
      w.set(arch + ".rope.scaling.factor", Value::f32(s.factor));
      w.set(arch + ".rope.scaling.original_context_length", Value::u32(static_cast<uint32_t>(s.original_max_position)));
    } else if (s.type == "llama3" && family->permute_qk) {
      rope_freqs = llama3_rope_factors(c);
    } else {
      throw GgufError(dir.string() + ": RoPE scaling \"" + s.type + "\" has no equivalent in llama.cpp for " + arch +
                      " (it would run with other frequencies)");
    }
  }
  w.set("general.file_type", Value::u32(llama_file_type(options.type)));
  if (family->vocab_size_key) w.set(arch + ".vocab_size", Value::u32(static_cast<uint32_t>(c.vocab_size)));
  if (family->rope_dims_key) w.set(arch + ".rope.dimension_count", Value::u32(static_cast<uint32_t>(c.rotary_dim)));
  w.set("general.quantization_version", Value::u32(2));
  // GLM-4's tokenizer_config.json names no end of turn; llama.cpp needs it to stop at <|user|>.
  std::vector<std::pair<std::string, std::string>> specials;
  if (family->glm_specials)
    specials = {{"eos", "<|endoftext|>"}, {"eot", "<|user|>"}, {"unk", "<|endoftext|>"}};
  for (auto& [key, value] : tokenizer_metadata(dir, c.vocab_size, specials)) w.set(key, std::move(value));
  if (family->glm_specials) w.set("tokenizer.ggml.add_bos_token", Value::boolean(false));  // [gMASK]<sop> comes from the template

  // What llama.cpp's architecture does not do.
  const int64_t windowed = std::count_if(c.layer_window.begin(), c.layer_window.end(),
                                         [&](int64_t win) { return win > 0 && win < c.max_position_embeddings; });
  if (windowed > 0)
    summary.notes.push_back("llama.cpp's " + arch + " attends to the whole context: the sliding window of " +
                            std::to_string(*std::max_element(c.layer_window.begin(), c.layer_window.end())) +
                            " positions is not applied (the same answers while prompt and reply stay within it)");

  // Tensors, in the checkpoint's name order (as the converter writes them).
  const model::WeightFiles files(dir);
  std::vector<std::string> names = files.names();
  std::sort(names.begin(), names.end());
  struct Planned {
    const model::TensorView* source;
    std::string name;
    bool permute;
  };
  std::vector<Planned> plan;
  std::vector<std::string> unknown;
  int64_t parameters = 0;
  for (const std::string& n : names) {
    if (n.ends_with("rotary_emb.inv_freq")) continue;  // a buffer old checkpoints carry; llama.cpp computes it
    if (c.tie_word_embeddings && n == "lm_head.weight") continue;  // llama.cpp reads the embedding
    const std::optional<std::string> g = gguf_name(n);
    if (!g) {
      unknown.push_back(n);
      continue;
    }
    const model::TensorView* v = files.find(n);
    const bool qk = g->find(".attn_q.") != std::string::npos || g->find(".attn_k.") != std::string::npos;
    plan.push_back({v, *g, family->permute_qk && qk});
    w.add_tensor(*g, v->shape, storage_type(*g, v->shape, options.type));
    parameters += v->numel();
  }
  if (!unknown.empty())
    throw GgufError(dir.string() + ": weights with no place in llama.cpp's " + arch + ": " + unknown.front() +
                    (unknown.size() > 1 ? " and " + std::to_string(unknown.size() - 1) + " more" : std::string()));
  if (rope_freqs) {
    w.add_tensor("rope_freqs.weight", {static_cast<int64_t>(rope_freqs->size())}, TensorType::f32);
  }
  w.set("general.size_label", Value::string(size_label(parameters)));

  uint64_t total = 0, done = 0;
  for (const TensorInfo& t : w.tensors()) total += t.bytes();
  w.begin_data();
  // A few MB of fp32 rows at a time: memory stays flat whatever the model.
  constexpr int64_t kBlockValues = 1 << 20;
  std::vector<float> rows;
  std::string encoded;
  std::size_t index = 0;
  for (const Planned& p : plan) {
    const TensorInfo& info = w.tensors()[index++];
    const model::TensorView& v = *p.source;
    const int64_t columns = v.shape.size() == 1 ? 1 : v.shape.back();
    const int64_t row_count = v.numel() / columns;
    const int64_t rows_per_block = std::max<int64_t>(1, kBlockValues / columns);
    const int64_t head_dim = c.head_dim;
    for (int64_t first = 0; first < row_count; first += rows_per_block) {
      const int64_t n = std::min(rows_per_block, row_count - first);
      rows.resize(static_cast<std::size_t>(n * columns));
      for (int64_t r = 0; r < n; ++r) {
        const int64_t from = p.permute ? permuted_row(first + r, head_dim) : first + r;
        for (int64_t k = 0; k < columns; ++k)
          rows[static_cast<std::size_t>(r * columns + k)] = source_value(v, from * columns + k);
      }
      encoded.clear();
      encode(info.type, rows, encoded);
      w.write_tensor_data(encoded);
      done += encoded.size();
      if (options.progress) options.progress(done, total);
    }
  }
  if (rope_freqs) {
    encoded.clear();
    encode(TensorType::f32, *rope_freqs, encoded);
    w.write_tensor_data(encoded);
  }
  w.finish();
  summary.tensors = static_cast<int64_t>(w.tensors().size());
  summary.bytes = std::filesystem::file_size(out_file);
  return summary;
}

}  // namespace tunedesk::gguf
