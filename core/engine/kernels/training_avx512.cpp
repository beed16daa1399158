// training_kernels.h's loops for AVX-512 F/BW/VL (-mavx512f -mavx512bw -mavx512vl): sixteen fp32 lanes.
// Called only at a level cpuid allows (cpu_features.h).
#include "engine/kernels/training_loops.h"

namespace tunedesk::engine::kernels {

const TrainingKernels& avx512_training_kernels() {
  static const TrainingKernels k = level_training_kernels("avx512");
  return k;
}

}  // namespace tunedesk::engine::kernels
