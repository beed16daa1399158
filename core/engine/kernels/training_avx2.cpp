// training_kernels.h's loops for AVX2 + FMA (-mavx2 -mfma -mf16c): eight fp32 lanes.
// Called only at a level cpuid allows (cpu_features.h).
#include "engine/kernels/training_loops.h"

namespace tunedesk::engine::kernels {

const TrainingKernels& avx2_training_kernels() {
  static const TrainingKernels k = level_training_kernels("avx2");
  return k;
}

}  // namespace tunedesk::engine::kernels
