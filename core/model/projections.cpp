#include "model/projections.h"

#include <algorithm>
#include <stdexcept>

namespace tunedesk::model {
namespace {

bool glm_mlp(Arch a) { return a == Arch::glm || a == Arch::glm4 || a == Arch::chatglm; }

}  // namespace

const char* module_name(Arch arch, Projection p) {
  if (arch == Arch::chatglm) {
    switch (p) {
      case Projection::qkv: return "query_key_value";
      case Projection::o: return "dense";
      case Projection::gate_up: return "dense_h_to_4h";
      case Projection::down: return "dense_4h_to_h";
      default: return nullptr;
    }
  }
  switch (p) {
    case Projection::q: return "q_proj";
    case Projection::k: return "k_proj";
    case Projection::v: return "v_proj";
    case Projection::o: return "o_proj";
    case Projection::gate: return glm_mlp(arch) ? nullptr : "gate_proj";
    case Projection::up: return glm_mlp(arch) ? nullptr : "up_proj";
    case Projection::gate_up: return glm_mlp(arch) ? "gate_up_proj" : nullptr;
    case Projection::down: return "down_proj";
    case Projection::qkv: return nullptr;
  }
  return nullptr;
}

std::vector<Projection> projections_of(Arch arch) {
  std::vector<Projection> out;
  for (Projection p : {Projection::qkv, Projection::q, Projection::k, Projection::v, Projection::o, Projection::gate_up,
                       Projection::gate, Projection::up, Projection::down})
    if (module_name(arch, p)) out.push_back(p);
  return out;
}

ProjectionShape projection_shape(const ModelConfig& c, Projection p) {
  const int64_t C = c.hidden_size, I = c.intermediate_size, q = c.num_heads * c.head_dim, kv = c.num_kv_heads * c.head_dim;
  switch (p) {
    case Projection::q: return {q, C};
    case Projection::k:
    case Projection::v: return {kv, C};
    case Projection::qkv: return {q + 2 * kv, C};
    case Projection::o: return {C, q};
    case Projection::gate:
    case Projection::up: return {I, C};
    case Projection::gate_up: return {2 * I, C};
    case Projection::down: return {C, I};
  }
  return {};
}

std::vector<std::string> default_lora_targets(Arch arch) {
  return arch == Arch::chatglm ? std::vector<std::string>{"query_key_value"} : std::vector<std::string>{"q_proj", "v_proj"};
}

std::vector<Projection> lora_target_projections(const ModelConfig& c, const std::vector<std::string>& target_modules) {
  const std::vector<std::string> wanted = target_modules.empty() ? default_lora_targets(c.arch) : target_modules;
  const bool all = wanted.size() == 1 && wanted[0] == "all-linear";
  for (const std::string& name : wanted) {
    if (name == "all-linear") continue;
    const std::vector<Projection> has = projections_of(c.arch);
    if (std::none_of(has.begin(), has.end(), [&](Projection p) { return name == module_name(c.arch, p); })) {
      std::string known;
      for (Projection p : has) known += (known.empty() ? "" : ", ") + std::string(module_name(c.arch, p));
      throw std::invalid_argument("target module \"" + name + "\" is not in " + c.architecture +
                                  " (its linear modules: " + known + ", or all-linear)");
    }
  }
  std::vector<Projection> targets;
  for (Projection p : projections_of(c.arch))
    if (all || std::find(wanted.begin(), wanted.end(), module_name(c.arch, p)) != wanted.end()) targets.push_back(p);
  return targets;
}

}  // namespace tunedesk::model
