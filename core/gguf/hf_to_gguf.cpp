#include "gguf/hf_to_gguf.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <numbers>
#include <optional>

#include "gguf/gguf_file.h"
#include "gguf/gguf_vocab.h"
#include "gguf/llama_cpp_layout.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "model/safetensors.h"

namespace tunedesk::gguf {
namespace {

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

GgufExportSummary export_gguf(const std::filesystem::path& dir, const std::filesystem::path& out_file,
                              const GgufExportOptions& options) {
  const model::ModelConfig c = model::load_model_config(dir);
  const GgufFamily* family = gguf_family(c.arch);
  if (!family)
    throw GgufError(dir.string() + ": TuneDesk does not write " + c.architecture +
                    " to GGUF yet (it does " + gguf_family_list() + ")");
  // llama.cpp splits a fused q|k|v (ChatGLMModel's query_key_value, Phi-3's
  // qkv_proj) at the embedding width: q is heads × head_dim rows, assumed to be hidden_size.
  if (model::layer_module(c.arch, model::TensorRole::qkv_proj) && c.num_heads * c.head_dim != c.hidden_size)
    throw GgufError(dir.string() + ": " + std::to_string(c.num_heads) + " heads × head_dim " + std::to_string(c.head_dim) +
                    " is not hidden_size " + std::to_string(c.hidden_size) + "; llama.cpp's " + family->gguf_arch +
                    " would split the fused q|k|v in the wrong places");
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
  w.set("general.file_type", Value::u32(traits(options.type).llama_ftype));
  if (family->vocab_size_key) w.set(arch + ".vocab_size", Value::u32(static_cast<uint32_t>(c.vocab_size)));
  if (family->rope_dims_key) w.set(arch + ".rope.dimension_count", Value::u32(static_cast<uint32_t>(c.rotary_dim)));
  if (family->phi3_keys) {
    const int64_t window = c.layer_window.empty() ? 0 : c.layer_window.front();  // Phi-3: the same on every layer
    w.set(arch + ".attention.sliding_window", Value::u32(static_cast<uint32_t>(window)));
    if (!c.rope_scaling)
      w.set(arch + ".rope.scaling.original_context_length", Value::u32(static_cast<uint32_t>(c.max_position_embeddings)));
  }
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
  std::vector<PlannedTensor> plan;
  std::vector<TensorSlot> slots;
  std::vector<std::string> unknown;
  int64_t parameters = 0;
  for (const std::string& n : names) {
    // Buffers old checkpoints carry (ChatGLMModel's rotary_pos_emb too); llama.cpp computes them.
    if (n.ends_with("rotary_emb.inv_freq") || n.ends_with("rotary_pos_emb.inv_freq")) continue;
    if (c.tie_word_embeddings && n == "lm_head.weight") continue;  // llama.cpp reads the embedding
    const std::optional<std::string> g = model::gguf_tensor_name(n);
    if (!g) {
      unknown.push_back(n);
      continue;
    }
    const model::TensorView* v = files.find(n);
    plan.push_back({v, family->permute_qk && is_q_or_k(*g) ? c.head_dim : 0});
    slots.push_back({*g, v->shape});
    parameters += v->numel();
  }
  if (!unknown.empty())
    throw GgufError(dir.string() + ": weights with no place in llama.cpp's " + arch + ": " + unknown.front() +
                    (unknown.size() > 1 ? " and " + std::to_string(unknown.size() - 1) + " more" : std::string()));
  const std::vector<TensorType> types = tensor_types(options.type, slots);
  for (std::size_t i = 0; i < slots.size(); ++i) w.add_tensor(slots[i].name, slots[i].shape, types[i]);
  if (rope_freqs) {
    w.add_tensor("rope_freqs.weight", {static_cast<int64_t>(rope_freqs->size())}, TensorType::f32);
  }
  w.set("general.size_label", Value::string(size_label(parameters)));

  w.begin_data();
  write_planned(w, plan, options.progress);
  if (rope_freqs) {
    std::string encoded;
    encode(TensorType::f32, *rope_freqs, encoded);
    w.write_tensor_data(encoded);
  }
  w.finish();
  summary.tensors = static_cast<int64_t>(w.tensors().size());
  summary.bytes = std::filesystem::file_size(out_file);
  return summary;
}

}  // namespace tunedesk::gguf
