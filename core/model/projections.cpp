#include "model/projections.h"

#include <algorithm>
#include <stdexcept>

#include "model/checkpoint_layout.h"

namespace tunedesk::model {

ProjectionShape projection_shape(const ModelConfig& c, Projection p) {
  const std::vector<int64_t> shape = tensor_shape(c, weight_role(p));
  return {shape[0], shape[1]};
}

std::vector<std::string> default_lora_targets(Arch arch) {
  if (module_name(arch, Projection::q)) return {module_name(arch, Projection::q), module_name(arch, Projection::v)};
  return {module_name(arch, Projection::qkv)};  // the matrix that holds them
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
