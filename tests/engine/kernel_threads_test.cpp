// The project's CPU loops (cpu_kernels.h's norms, RoPE, SwiGLU and
// cross-entropy; the fused AdamW step; the packed products) run on all of
// libtorch's threads. at::parallel_for is a header template that quietly
// runs serially in a file built without OpenMP, which is how the first two
// ran until 2026-12-06: this fails if a file loses its OpenMP build.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "engine/cpu_kernels.h"
#include "training/fused_adamw.h"

using namespace tunedesk;

TEST(KernelThreads, LoopsShareTheWorkAmongLibtorchsThreads) {
  const int before = at::get_num_threads();
  at::set_num_threads(2);
  EXPECT_EQ(engine::kernel_loop_threads(), 2) << "cpu_kernels.cpp runs its loops on one thread";
  EXPECT_EQ(training::adamw_loop_threads(), 2) << "fused_adamw.cpp runs its loop on one thread";
  at::set_num_threads(before);
}
