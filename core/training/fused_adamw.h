// One AdamW step as torch::optim::AdamW takes it, in a single pass over each
// tensor's weight, gradient and two moments. libtorch's own step is about
// eight passes per tensor (decay, two moment updates, square root, division,
// epsilon, update) and clipping one more; for full fine-tuning, where every
// weight trains, those passes took a sixth of the CPU step.
//
// The state stays in `optimizer`, kept exactly as its own step keeps it, so
// checkpoints, resuming and ZeRO sharding see no difference, and the two
// steps can follow each other. Gradients are multiplied by `grad_scale` on
// the way (clipping). Tensors that are not contiguous CPU float, and AMSGrad,
// take libtorch's step. The loop is engine/kernels/training_kernels.h's
// `adamw`, at the CPU's kernel level: built as plain scalar code it took a
// tenth of a full fine-tuning step (square root and division one value at a
// time), vectorised a fortieth.
#pragma once

namespace torch::optim {
class AdamW;
}

namespace tunedesk::training {

void adamw_step(torch::optim::AdamW& optimizer, double grad_scale);

// How many threads the step's loop shares a large tensor among (libtorch's
// count when this file was built with OpenMP, 1 when not). For the build's test.
int adamw_loop_threads();

}  // namespace tunedesk::training
