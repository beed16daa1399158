// The training step's own loops (engine/kernels/training_kernels.h) at every
// kernel level this CPU can run, each table called directly, against the
// composite libtorch form of the same step: RMSNorm and SwiGLU with their
// gradients from autograd, rotary embedding as a rotation of channel pairs,
// and AdamW as tensor operations. A level the CPU lacks is named as skipped.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "engine/cpu_features.h"
#include "engine/kernels/training_kernels.h"

using namespace tunedesk::engine;

namespace {

std::vector<const kernels::TrainingKernels*> runnable_tables() {
  std::vector<const kernels::TrainingKernels*> out;
  for (KernelLevel level : {KernelLevel::baseline, KernelLevel::avx2, KernelLevel::avx512})
    if (level <= cpu_features().best()) out.push_back(&kernels::training_kernels(level));
  return out;
}

// Widths that are not multiples of any vector length, so the loops' tails run too.
constexpr int64_t kRows = 7, kWidth = 77;

void note_skipped_levels() {
  if (cpu_features().best() < KernelLevel::avx512)
    std::cout << "[ note ] this CPU (" << cpu_features().flags() << ") does not run the avx512 level; not tested here\n";
}

}  // namespace

TEST(TrainingKernels, TheProcessUsesTheTableOfItsKernelLevel) {
  EXPECT_STREQ(kernels::training_kernels().name, kernel_level_name(kernel_level()));
  for (const auto* table : runnable_tables()) EXPECT_NE(table->rms_norm, nullptr) << table->name;
}

TEST(TrainingKernels, RmsNormAndItsGradientsMatchAutograd) {
  note_skipped_levels();
  torch::manual_seed(11);
  const at::Tensor x = torch::randn({kRows, kWidth}) * 3, w = torch::randn({kWidth}), dy = torch::randn({kRows, kWidth});
  const double eps = 1e-5;
  // The composite form: w · x / √(mean(x²) + eps), gradients by autograd.
  const at::Tensor xs = x.clone().requires_grad_(), ws = w.clone().requires_grad_();
  const at::Tensor inverse = torch::rsqrt(xs.pow(2).mean(-1, true) + eps);
  const at::Tensor expected = ws * (xs * inverse);
  expected.backward(dy);
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor y = torch::empty_like(x), inv = torch::empty({kRows});
    k->rms_norm(x.data_ptr<float>(), w.data_ptr<float>(), y.data_ptr<float>(), inv.data_ptr<float>(), kRows, kWidth, eps);
    EXPECT_TRUE(torch::allclose(y, expected.detach(), 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(inv, inverse.detach().squeeze(1), 1e-5, 1e-6));
    at::Tensor dx = torch::empty_like(x);
    std::vector<double> sums(kWidth, 0.0);
    k->rms_norm_backward(x.data_ptr<float>(), w.data_ptr<float>(), dy.data_ptr<float>(), inv.data_ptr<float>(),
                         dx.data_ptr<float>(), sums.data(), kRows, kWidth);
    EXPECT_TRUE(torch::allclose(dx, xs.grad(), 1e-4, 1e-5));
    const at::Tensor dw = torch::tensor(sums, torch::kDouble).to(torch::kFloat);
    EXPECT_TRUE(torch::allclose(dw, ws.grad(), 1e-4, 1e-5));
    // Without dx (the weight's gradient only) and without the sums (a frozen weight).
    std::vector<double> alone(kWidth, 0.0);
    k->rms_norm_backward(x.data_ptr<float>(), w.data_ptr<float>(), dy.data_ptr<float>(), inv.data_ptr<float>(), nullptr,
                         alone.data(), kRows, kWidth);
    EXPECT_EQ(alone, sums);
    at::Tensor dx_alone = torch::zeros_like(x);
    k->rms_norm_backward(x.data_ptr<float>(), w.data_ptr<float>(), dy.data_ptr<float>(), inv.data_ptr<float>(),
                         dx_alone.data_ptr<float>(), nullptr, kRows, kWidth);
    EXPECT_TRUE(torch::equal(dx_alone, dx));
  }
}

TEST(TrainingKernels, SwigluAndItsGradientsMatchAutograd) {
  torch::manual_seed(12);
  const int64_t n = kRows * kWidth;
  const at::Tensor gate = torch::randn({n}) * 4, up = torch::randn({n}), dy = torch::randn({n});
  const at::Tensor sigma = torch::sigmoid(gate);
  const at::Tensor g = gate.clone().requires_grad_(), u = up.clone().requires_grad_();
  const at::Tensor expected = torch::silu(g) * u;
  expected.backward(dy);
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor y = torch::empty_like(gate), d_gate = torch::empty_like(gate), d_up = torch::empty_like(gate);
    k->swiglu(gate.data_ptr<float>(), up.data_ptr<float>(), sigma.data_ptr<float>(), y.data_ptr<float>(), n);
    EXPECT_TRUE(torch::allclose(y, expected.detach(), 1e-5, 1e-6));
    k->swiglu_backward(gate.data_ptr<float>(), up.data_ptr<float>(), sigma.data_ptr<float>(), dy.data_ptr<float>(),
                       d_gate.data_ptr<float>(), d_up.data_ptr<float>(), n);
    EXPECT_TRUE(torch::allclose(d_gate, g.grad(), 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(d_up, u.grad(), 1e-5, 1e-6));
    at::Tensor only_up = torch::zeros_like(gate);  // the gate's gradient not wanted
    k->swiglu_backward(gate.data_ptr<float>(), up.data_ptr<float>(), sigma.data_ptr<float>(), dy.data_ptr<float>(),
                       nullptr, only_up.data_ptr<float>(), n);
    EXPECT_TRUE(torch::equal(only_up, d_up));
  }
}

TEST(TrainingKernels, RotaryTurnsChannelPairsBothLayoutsAndBack) {
  torch::manual_seed(13);
  const int64_t half = 19, width = 2 * half + 5;  // partial rotary: 5 channels pass through
  const at::Tensor x = torch::randn({width});
  const at::Tensor angle = torch::rand({half}) * 6;
  const at::Tensor cos = torch::cos(angle), sin = torch::sin(angle);
  for (const bool interleaved : {false, true}) {
    // The composite form: the pairs as two tensors, turned, put back.
    const at::Tensor rotated = x.narrow(0, 0, 2 * half);
    const at::Tensor a = interleaved ? rotated.view({half, 2}).select(1, 0) : rotated.narrow(0, 0, half);
    const at::Tensor b = interleaved ? rotated.view({half, 2}).select(1, 1) : rotated.narrow(0, half, half);
    at::Tensor expected = x.clone();
    const at::Tensor first = a * cos - b * sin, second = b * cos + a * sin;
    if (interleaved) {
      expected.narrow(0, 0, 2 * half).copy_(torch::stack({first, second}, 1).view({-1}));
    } else {
      expected.narrow(0, 0, half).copy_(first);
      expected.narrow(0, half, half).copy_(second);
    }
    for (const auto* k : runnable_tables()) {
      SCOPED_TRACE(std::string(k->name) + (interleaved ? ", interleaved" : ", halves"));
      at::Tensor y = torch::empty_like(x), back = torch::empty_like(x);
      k->rotate_row(x.data_ptr<float>(), y.data_ptr<float>(), cos.data_ptr<float>(), sin.data_ptr<float>(), half, width,
                    interleaved, /*inverse=*/false);
      EXPECT_TRUE(torch::allclose(y, expected, 1e-5, 1e-6));
      k->rotate_row(y.data_ptr<float>(), back.data_ptr<float>(), cos.data_ptr<float>(), sin.data_ptr<float>(), half,
                    width, interleaved, /*inverse=*/true);
      EXPECT_TRUE(torch::allclose(back, x, 1e-5, 1e-5)) << "turning back by minus the angle";
    }
  }
}

TEST(TrainingKernels, AdamWUpdateMatchesTheFormulaAsTensorOperations) {
  torch::manual_seed(14);
  const int64_t n = 1000 + 3;
  const at::Tensor w0 = torch::randn({n}), g = torch::randn({n}), m0 = torch::randn({n}) * 0.1,
                   v0 = torch::rand({n}) * 0.01;
  const double lr = 3e-3, beta1 = 0.9, beta2 = 0.95, decay = 0.1, eps = 1e-8, scale = 0.5;
  const int step = 3;
  const kernels::AdamWUpdate update{.beta1 = 0.9f,
                                    .beta2 = 0.95f,
                                    .keep1 = static_cast<float>(1 - beta1),
                                    .keep2 = static_cast<float>(1 - beta2),
                                    .decay = static_cast<float>(1 - lr * decay),
                                    .step_size = static_cast<float>(lr / (1 - std::pow(beta1, step))),
                                    .correction2 = static_cast<float>(std::sqrt(1 - std::pow(beta2, step))),
                                    .eps = static_cast<float>(eps),
                                    .grad_scale = static_cast<float>(scale)};
  // torch::optim::AdamW's step, written out in tensor operations.
  const at::Tensor grad = g * scale;
  const at::Tensor m1 = m0 * beta1 + grad * (1 - beta1);
  const at::Tensor v1 = v0 * beta2 + grad * grad * (1 - beta2);
  const at::Tensor w1 = w0 * (1 - lr * decay) - (lr / (1 - std::pow(beta1, step))) *
                                                    (m1 / (v1.sqrt() / std::sqrt(1 - std::pow(beta2, step)) + eps));
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor w = w0.clone(), m = m0.clone(), v = v0.clone();
    k->adamw(w.data_ptr<float>(), g.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(), n, update);
    EXPECT_TRUE(torch::allclose(m, m1, 1e-6, 1e-7));
    EXPECT_TRUE(torch::allclose(v, v1, 1e-6, 1e-9));
    EXPECT_TRUE(torch::allclose(w, w1, 1e-6, 1e-7));
    EXPECT_FALSE(torch::allclose(w, w0, 0, 1e-5)) << "the weights moved";
  }
}
