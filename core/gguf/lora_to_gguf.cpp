#include "gguf/lora_to_gguf.h"

#include <cmath>
#include <map>
#include <optional>

#include <nlohmann/json.hpp>

#include "engine/peft_config.h"
#include "gguf/file_type.h"
#include "gguf/gguf_file.h"
#include "gguf/llama_cpp_layout.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "model/safetensors.h"

namespace tunedesk::gguf {

using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// One adapted matrix: "model.layers.0.self_attn.q_proj" with its A [r, in] and B [out, r].
struct AdaptedModule {
  const model::TensorView* a = nullptr;
  const model::TensorView* b = nullptr;
};

// A boolean setting that is true (PEFT writes null for some it leaves unset).
bool is_true(const json& config, const char* key) {
  return config.contains(key) && config[key].is_boolean() && config[key].get<bool>();
}

bool is_nonempty(const json& config, const char* key) {
  if (!config.contains(key) || config[key].is_null()) return false;
  const json& v = config[key];
  return (v.is_object() || v.is_array()) ? !v.empty() : !(v.is_boolean() && !v.get<bool>());
}

// What PEFT computes that a GGUF adapter cannot say; the reason, or empty.
std::string unsupported_setting(const json& config) {
  if (is_true(config, "use_dora")) return "use_dora is true (DoRA rescales the weight's columns; llama.cpp applies plain LoRA only)";
  if (is_true(config, "fan_in_fan_out")) return "fan_in_fan_out is true (a Conv1D layout; these families use Linear)";
  if (config.contains("bias") && config["bias"].is_string() && config["bias"] != "none")
    return "bias is \"" + config["bias"].get<std::string>() + "\" (trained biases of the base have no place in a GGUF adapter)";
  if (is_true(config, "lora_bias")) return "lora_bias is true (llama.cpp's LoRA has no bias)";
  if (is_nonempty(config, "modules_to_save"))
    return "modules_to_save is set (whole modules trained beside the adapter, e.g. the embeddings or the output head; "
           "llama.cpp's adapter holds A and B only: export it merged instead)";
  if (is_nonempty(config, "alpha_pattern")) return "alpha_pattern is set (llama.cpp has one alpha per adapter)";
  if (is_nonempty(config, "rank_pattern") && is_true(config, "use_rslora"))
    return "rank_pattern with use_rslora (with one alpha, llama.cpp's alpha / r cannot equal alpha / sqrt(r) for every rank)";
  return {};
}

}  // namespace

LoraGgufSummary export_lora_gguf(const fs::path& adapter_dir, const fs::path& base_dir, const fs::path& out_file,
                                 const LoraGgufOptions& options) {
  const json config = engine::read_peft_config(adapter_dir, "LORA");
  const fs::path config_file = adapter_dir / "adapter_config.json";
  if (const std::string why = unsupported_setting(config); !why.empty())
    throw GgufError(config_file.string() + ": not written as a GGUF adapter: " + why);
  const auto number = [&](const char* key, double fallback) {
    if (!config.contains(key)) return fallback;
    if (!config[key].is_number()) throw GgufError(config_file.string() + ": " + key + " is not a number");
    return config[key].get<double>();
  };
  const double rank = number("r", 8), alpha = number("lora_alpha", 8);
  if (rank < 1 || rank != std::floor(rank)) throw GgufError(config_file.string() + ": r is not a positive whole number");
  const bool rslora = is_true(config, "use_rslora");

  const model::ModelConfig base = model::load_model_config(base_dir);
  const GgufFamily* family = gguf_family(base.arch);
  if (!family)
    throw GgufError(base_dir.string() + ": TuneDesk does not write " + base.architecture + " to GGUF yet (it does " +
                    gguf_family_list() + ")");
  const model::WeightFiles base_weights(base_dir);

  // Pair the adapter's tensors by module: "base_model.model.<module>.lora_A.weight".
  const model::SafetensorsFile weights(adapter_dir / "adapter_model.safetensors");
  const std::string source = weights.path().string();
  const std::string prefix = "base_model.model.";
  std::map<std::string, AdaptedModule> modules;  // by module name, in name order
  for (const model::TensorView& t : weights.tensors()) {
    const bool is_a = t.name.ends_with(".lora_A.weight"), is_b = t.name.ends_with(".lora_B.weight");
    if (!t.name.starts_with(prefix) || !(is_a || is_b)) {
      const bool embedding = t.name.find("lora_embedding_") != std::string::npos;
      throw GgufError(source + ": " + t.name + (embedding ? ": an adapter on the embeddings; llama.cpp's adapter covers "
                                                            "the layers' projections as TuneDesk writes them: export it merged instead"
                                                          : ": not a LoRA A or B matrix, so it has no place in a GGUF adapter"));
    }
    const std::string module = t.name.substr(prefix.size(), t.name.size() - prefix.size() - std::string(".lora_A.weight").size());
    (is_a ? modules[module].a : modules[module].b) = &t;
  }
  if (modules.empty()) throw GgufError(source + ": no LoRA matrices");

  GgufWriter w(out_file);
  w.set("general.architecture", Value::string(family->gguf_arch));
  w.set("general.type", Value::string("adapter"));
  w.set("general.name", Value::string(options.name.empty() ? adapter_dir.filename().string() : options.name));
  w.set("adapter.type", Value::string("lora"));
  // llama.cpp scales by alpha / r; rsLoRA's scale is alpha / sqrt(r), so its alpha is written times sqrt(r).
  const double written_alpha = rslora ? alpha * std::sqrt(rank) : alpha;
  w.set("adapter.lora.alpha", Value::f32(static_cast<float>(written_alpha)));

  std::vector<PlannedTensor> plan;
  for (const auto& [module, pair] : modules) {
    if (!pair.a || !pair.b) throw GgufError(source + ": " + module + " has only one of lora_A and lora_B");
    const std::optional<std::string> g = model::gguf_tensor_name(module + ".weight");
    if (g == "token_embd.weight" || g == "output.weight")
      throw GgufError(source + ": " + module + " is adapted; TuneDesk writes GGUF adapters on the layers' projections only "
                      "(llama.cpp treats the embeddings and output head apart): export it merged instead");
    const model::TensorView* matrix = base_weights.find(module + ".weight");
    if (!g || !matrix || matrix->shape.size() != 2)
      throw GgufError(source + ": " + module + " is not a matrix of " + base_dir.string() + " that llama.cpp's " +
                      family->gguf_arch + " has (another base model?)");
    const std::vector<int64_t>& a = pair.a->shape;
    const std::vector<int64_t>& b = pair.b->shape;
    if (a.size() != 2 || b.size() != 2 || a[0] != b[1] || a[1] != matrix->shape[1] || b[0] != matrix->shape[0])
      throw GgufError(source + ": " + module + "'s A and B do not fit its base matrix [" + std::to_string(matrix->shape[0]) +
                      ", " + std::to_string(matrix->shape[1]) + "] (another base model?)");
    if (rslora && a[0] != static_cast<int64_t>(rank))
      throw GgufError(source + ": " + module + " has rank " + std::to_string(a[0]) + ", not r = " +
                      std::to_string(static_cast<int64_t>(rank)) + " (rsLoRA needs one rank for llama.cpp's one alpha)");
    // llama.cpp reads B's rows as the base's output rows, so Llama's q/k reordering applies to B; A reads the input.
    const bool permute = family->permute_qk && is_q_or_k(*g);
    w.add_tensor(*g + ".lora_a", a, tensor_type({*g, a}, options.type));
    plan.push_back({pair.a, 0});
    w.add_tensor(*g + ".lora_b", b, tensor_type({*g, b}, options.type));
    plan.push_back({pair.b, permute ? base.head_dim : 0});
  }

  w.begin_data();
  write_planned(w, plan, options.progress);
  w.finish();

  LoraGgufSummary summary;
  summary.file = out_file;
  summary.architecture = family->gguf_arch;
  summary.tensors = static_cast<int64_t>(plan.size());
  summary.rank = static_cast<int64_t>(rank);
  summary.alpha = written_alpha;
  summary.bytes = fs::file_size(out_file);
  return summary;
}

}  // namespace tunedesk::gguf
