#include "training/training_target.h"

#include "engine/cpu_features.h"

namespace tunedesk::training {

TrainingTarget pick_training_target(const std::string& device, const std::string& dtype) {
  TrainingDtype chosen = choose_training_dtype(dtype, engine::pick_target(device).device.is_cuda(), engine::cpu_features());
  const engine::ComputeTarget target = engine::pick_target(device, chosen.name);
  return {target, std::move(chosen)};
}

}  // namespace tunedesk::training
