// The number format a training run computes in, and why: what `dtype:` (or
// --dtype, or the forms' setting) asks for, where `auto` means bf16 on a GPU
// and on a CPU with bf16 matrix units (AMX tiles or AVX512-BF16 dot
// products, where oneDNN runs bf16 products two to six times as fast as
// fp32), and fp32 on any other CPU, where libtorch runs bf16 products about
// twenty times slower than fp32 (measured: docs/BENCHMARKS.md). Asked-for
// bf16 on such a CPU is kept, with a warning in the reason.
// In bf16 the trained weights keep fp32 masters and AdamW's state stays fp32
// (fine_tuning.cpp), as mixed precision does. No torch: the memory estimate
// and the forms ask it before a model is loaded.
#pragma once

#include <string>

#include "engine/cpu_features.h"

namespace tunedesk::training {

struct TrainingDtype {
  std::string name;  // "fp32", "bf16" or "fp16", as engine::pick_target takes it
  std::string why;   // "auto: this CPU has AMX bf16 tiles (amx_bf16)", for train.log and model info
  bool low_precision() const { return name != "fp32"; }
};

// `requested`: "auto", "fp32", "bf16" or "fp16" (RunConfig::dtype; anything
// else throws std::invalid_argument naming it); `gpu`: the run is on a GPU;
// `cpu`: the machine's features (engine::cpu_features()).
TrainingDtype choose_training_dtype(const std::string& requested, bool gpu, const engine::CpuFeatures& cpu);

}  // namespace tunedesk::training
