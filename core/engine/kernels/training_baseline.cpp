// training_kernels.h's loops for the build's own target (x86-64: SSE2): what a CPU without AVX2 runs.
// Called only at a level cpuid allows (cpu_features.h).
#include "engine/kernels/training_loops.h"

namespace tunedesk::engine::kernels {

const TrainingKernels& baseline_training_kernels() {
  static const TrainingKernels k = level_training_kernels("baseline");
  return k;
}

}  // namespace tunedesk::engine::kernels
