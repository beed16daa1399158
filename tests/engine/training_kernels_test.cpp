// The training step's own loops (engine/kernels/training_kernels.h) at every
// kernel level this CPU can run, each table called directly, against the
// composite libtorch form of the same step: RMSNorm and SwiGLU with their
// gradients from autograd, rotary embedding as a rotation of channel pairs,
// and AdamW as tensor operations. A level the CPU lacks is named as skipped.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <iostream>
#include <limits>
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
  const at::Tensor g = gate.clone().requires_grad_(), u = up.clone().requires_grad_();
  const at::Tensor expected = torch::silu(g) * u;
  expected.backward(dy);
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor y = torch::empty_like(gate), d_gate = torch::empty_like(gate), d_up = torch::empty_like(gate);
    k->swiglu(gate.data_ptr<float>(), up.data_ptr<float>(), y.data_ptr<float>(), n);
    EXPECT_TRUE(torch::allclose(y, expected.detach(), 1e-5, 1e-6));
    k->swiglu_backward(gate.data_ptr<float>(), up.data_ptr<float>(), dy.data_ptr<float>(), d_gate.data_ptr<float>(),
                       d_up.data_ptr<float>(), n);
    EXPECT_TRUE(torch::allclose(d_gate, g.grad(), 1e-5, 1e-5));
    EXPECT_TRUE(torch::allclose(d_up, u.grad(), 1e-5, 1e-6));
    at::Tensor only_up = torch::zeros_like(gate);  // the gate's gradient not wanted
    k->swiglu_backward(gate.data_ptr<float>(), up.data_ptr<float>(), dy.data_ptr<float>(), nullptr,
                       only_up.data_ptr<float>(), n);
    EXPECT_TRUE(torch::equal(only_up, d_up));
  }
}

TEST(TrainingKernels, SwigluKeepsFp32PrecisionOverTheWholeRangeOfTheGate) {
  // σ is computed in the loops (their own vectorisable exp): against silu in
  // double, from gates where σ saturates to 0 through to 1, each value and
  // the gate's gradient within a few fp32 ulps; a NaN gate gives NaN.
  const int64_t n = 40001;
  const at::Tensor gate = torch::linspace(-120, 120, n), up = torch::ones({n}), dy = torch::ones({n});
  const at::Tensor g = gate.to(torch::kDouble), sigma = torch::sigmoid(g);
  const at::Tensor expected = g * sigma, expected_dgate = sigma * (1 + g * (1 - sigma));
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor y = torch::empty({n}), d_gate = torch::empty({n});
    k->swiglu(gate.data_ptr<float>(), up.data_ptr<float>(), y.data_ptr<float>(), n);
    k->swiglu_backward(gate.data_ptr<float>(), up.data_ptr<float>(), dy.data_ptr<float>(), d_gate.data_ptr<float>(),
                       nullptr, n);
    const at::Tensor error = (y.to(torch::kDouble) - expected).abs();
    const at::Tensor gradient_error = (d_gate.to(torch::kDouble) - expected_dgate).abs();
    EXPECT_TRUE((error <= expected.abs() * 5e-7 + 1e-30).all().item<bool>()) << error.max().item<double>();
    EXPECT_TRUE((gradient_error <= expected_dgate.abs() * 2e-6 + 1e-7).all().item<bool>())
        << gradient_error.max().item<double>();
    const float nan = std::numeric_limits<float>::quiet_NaN(), one = 1;
    float out = 0;
    k->swiglu(&nan, &one, &out, 1);
    EXPECT_TRUE(std::isnan(out));
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

namespace {

const uint16_t* bits_of(const at::Tensor& bf16) { return reinterpret_cast<const uint16_t*>(bf16.data_ptr<at::BFloat16>()); }
uint16_t* bits_of(at::Tensor& bf16) { return reinterpret_cast<uint16_t*>(bf16.data_ptr<at::BFloat16>()); }

// Two bf16 tensors differ by at most one step of bf16's 8-bit significand
// (the fp32 sums of a row may be taken in another order in each form).
void expect_within_one_bf16_step(const at::Tensor& actual, const at::Tensor& expected) {
  const at::Tensor a = actual.to(torch::kFloat), e = expected.to(torch::kFloat);
  const at::Tensor step = e.abs().clamp_min(1e-30) / 128;
  const at::Tensor off = (a - e).abs() > step;
  EXPECT_EQ(off.sum().item<int64_t>(), 0) << "largest difference " << (a - e).abs().max().item<float>();
}

}  // namespace

TEST(TrainingKernels, Bf16LoopsRoundEachResultToNearestEvenAsLibtorchDoes) {
  // A row of ones turned by an "angle" whose cosine is c and sine 0 is c in
  // every channel, rounded: fp32 values c just
  // either side of and exactly between two bf16 values, both signs, the
  // largest fp32, infinities, NaN, zeros and the smallest normal, as libtorch's
  // .to(kBFloat16) rounds them. (No denormals: a thread that flushes them,
  // as training's do, reads them as zero, where libtorch's conversion is
  // integer arithmetic.)
  const float tie = 1.0f + 1.0f / 256, odd_tie = 1.0f + 3.0f / 256;  // halfway between 1 and 1 + 2^-7, and above 1 + 2^-7
  std::vector<float> values{tie,   -tie,  odd_tie, std::nextafter(tie, 2.0f), std::nextafter(tie, 0.0f),
                            3.39e38f, std::numeric_limits<float>::max(), std::numeric_limits<float>::infinity(),
                            -std::numeric_limits<float>::infinity(), std::numeric_limits<float>::quiet_NaN(),
                            0.0f, 1.17549435e-38f, -1.17549435e-38f, 65504.0f, 0.1f, -2.5e-5f};
  torch::manual_seed(15);
  const at::Tensor random = torch::randn({200}) * 1000;
  values.insert(values.end(), random.data_ptr<float>(), random.data_ptr<float>() + random.numel());
  const auto n = static_cast<int64_t>(values.size());
  const at::Tensor cos = torch::tensor(values), sin = torch::zeros({n});
  const at::Tensor ones = torch::ones({2 * n}, torch::kBFloat16);
  const at::Tensor expected = cos.to(torch::kBFloat16).repeat(2);
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    at::Tensor y = torch::empty({2 * n}, torch::kBFloat16);
    k->bf16.rotate_row(bits_of(ones), bits_of(y), cos.data_ptr<float>(), sin.data_ptr<float>(), n, 2 * n, false, false);
    for (int64_t i = 0; i < 2 * n; ++i) {
      const float value = values[static_cast<std::size_t>(i % n)];
      if (std::isnan(value))  // a NaN (libtorch's vector conversion writes 0xFFFF, its scalar one 0x7FC0)
        EXPECT_TRUE((bits_of(y)[i] & 0x7F80) == 0x7F80 && (bits_of(y)[i] & 0x7F) != 0) << bits_of(y)[i];
      else
        EXPECT_EQ(bits_of(y)[i], bits_of(expected)[i]) << "fp32 " << value;
    }
  }
}

TEST(TrainingKernels, Bf16FormsEqualTheFp32LoopsOnTheWidenedValuesRoundedOnce) {
  // The fp32 loops are checked against autograd above; the bf16 forms must
  // give what they give on the same values, rounded once, forward and back.
  note_skipped_levels();
  torch::manual_seed(16);
  const at::Tensor x = (torch::randn({kRows, kWidth}) * 3).to(torch::kBFloat16);
  const at::Tensor w = torch::randn({kWidth}).to(torch::kBFloat16), dy = torch::randn({kRows, kWidth}).to(torch::kBFloat16);
  const at::Tensor x32 = x.to(torch::kFloat), w32 = w.to(torch::kFloat), dy32 = dy.to(torch::kFloat);
  const int64_t n = kRows * kWidth;
  const at::Tensor up = torch::randn({n}).to(torch::kBFloat16), up32 = up.to(torch::kFloat);
  const at::Tensor gate32 = x32.reshape({n});
  const int64_t half = 19, width = 2 * half + 5;
  const at::Tensor row = torch::randn({width}).to(torch::kBFloat16), row32 = row.to(torch::kFloat);
  const at::Tensor angle = torch::rand({half}) * 6, cos = torch::cos(angle), sin = torch::sin(angle);
  const double eps = 1e-5;
  for (const auto* k : runnable_tables()) {
    SCOPED_TRACE(k->name);
    // RMSNorm forward: y and the fp32 inverse RMS.
    at::Tensor y32 = torch::empty_like(x32), inv32 = torch::empty({kRows}), y = torch::empty_like(x),
               inv = torch::empty({kRows});
    k->rms_norm(x32.data_ptr<float>(), w32.data_ptr<float>(), y32.data_ptr<float>(), inv32.data_ptr<float>(), kRows,
                kWidth, eps);
    k->bf16.rms_norm(bits_of(x), bits_of(w), bits_of(y), inv.data_ptr<float>(), kRows, kWidth, eps);
    EXPECT_TRUE(torch::allclose(inv, inv32, 1e-6, 0));
    expect_within_one_bf16_step(y, y32.to(torch::kBFloat16));
    // RMSNorm backward: dx in bf16, the weight's sums in double. Both from
    // the same inverse RMS: the forward's may differ in the last bit (its sum
    // of squares is vectorised differently for bf16 and fp32 rows; 1 ulp here
    // at every level), which the weight's sums over rows would carry.
    at::Tensor dx32 = torch::empty_like(x32), dx = torch::empty_like(x);
    std::vector<double> sums32(kWidth, 0.0), sums(kWidth, 0.0);
    k->rms_norm_backward(x32.data_ptr<float>(), w32.data_ptr<float>(), dy32.data_ptr<float>(), inv32.data_ptr<float>(),
                         dx32.data_ptr<float>(), sums32.data(), kRows, kWidth);
    k->bf16.rms_norm_backward(bits_of(x), bits_of(w), bits_of(dy), inv32.data_ptr<float>(), bits_of(dx), sums.data(),
                              kRows, kWidth);
    expect_within_one_bf16_step(dx, dx32.to(torch::kBFloat16));
    EXPECT_TRUE(torch::allclose(torch::tensor(sums, torch::kDouble), torch::tensor(sums32, torch::kDouble), 1e-6, 1e-9));
    // SwiGLU forward and both gradients: element by element, the same products.
    const at::Tensor gate = x.reshape({n}), d = dy.reshape({n}), d32 = dy32.reshape({n});
    at::Tensor s32 = torch::empty({n}), s = torch::empty({n}, torch::kBFloat16);
    k->swiglu(gate32.data_ptr<float>(), up32.data_ptr<float>(), s32.data_ptr<float>(), n);
    k->bf16.swiglu(bits_of(gate), bits_of(up), bits_of(s), n);
    EXPECT_TRUE(torch::equal(s, s32.to(torch::kBFloat16)));
    at::Tensor dg32 = torch::empty({n}), du32 = torch::empty({n});
    at::Tensor dg = torch::empty({n}, torch::kBFloat16), du = torch::empty({n}, torch::kBFloat16);
    k->swiglu_backward(gate32.data_ptr<float>(), up32.data_ptr<float>(), d32.data_ptr<float>(), dg32.data_ptr<float>(),
                       du32.data_ptr<float>(), n);
    k->bf16.swiglu_backward(bits_of(gate), bits_of(up), bits_of(d), bits_of(dg), bits_of(du), n);
    expect_within_one_bf16_step(dg, dg32.to(torch::kBFloat16));
    expect_within_one_bf16_step(du, du32.to(torch::kBFloat16));
    // Rotary, both layouts, the pass-through channels copied as they are.
    for (const bool interleaved : {false, true}) {
      at::Tensor r32 = torch::empty({width}), r = torch::empty({width}, torch::kBFloat16);
      k->rotate_row(row32.data_ptr<float>(), r32.data_ptr<float>(), cos.data_ptr<float>(), sin.data_ptr<float>(), half,
                    width, interleaved, false);
      k->bf16.rotate_row(bits_of(row), bits_of(r), cos.data_ptr<float>(), sin.data_ptr<float>(), half, width,
                         interleaved, false);
      expect_within_one_bf16_step(r, r32.to(torch::kBFloat16));
      EXPECT_TRUE(torch::equal(r.narrow(0, 2 * half, width - 2 * half), row.narrow(0, 2 * half, width - 2 * half)));
    }
  }
}
