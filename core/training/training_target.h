// Where and in what number format a training run computes: the device asked
// for (engine::pick_target) in the dtype choose_training_dtype picks for it
// there (auto: bf16 on a GPU or a CPU with bf16 matrix units, fp32 on other
// CPUs). `tunedesk-cli train` and the training benchmark both ask here, so
// that the benchmark measures what a run does.
#pragma once

#include <string>

#include "engine/device.h"
#include "training/training_dtype.h"

namespace tunedesk::training {

struct TrainingTarget {
  engine::ComputeTarget target;
  TrainingDtype dtype;
};

// `device`: "auto", "cpu" or "cuda[:N]"; `dtype`: "auto", "fp32", "bf16" or
// "fp16". Throws as pick_target and choose_training_dtype do.
TrainingTarget pick_training_target(const std::string& device, const std::string& dtype);

}  // namespace tunedesk::training
