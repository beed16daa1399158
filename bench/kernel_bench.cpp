// The element steps of a training step, forward and backward, TuneDesk's
// (layers.h: its RMSNorm, SwiGLU and rotary kernels, its blocked causal
// attention) against the same step written as tensor operations the way
// Hugging Face's Llama writes it (what PyTorch runs for the peer; eager
// attention), in fp32 and in bf16, on one batch of the
// ~100M Llama that bench/run_train.sh trains: 2 sequences of 512 tokens,
// hidden 768, MLP 2048, 12 query and 4 key/value heads of 64.
//   tunedesk_kernel_bench [--threads N (2)] [--repeats N (30)]
// One JSON line per step and dtype: the median milliseconds of each form,
// forward with backward for the inputs a LoRA step wants gradients of, and
// their ratio; the first line names the CPU and kernel level.
#include <torch/torch.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <vector>

#include "engine/cpu_features.h"
#include "engine/device.h"
#include "engine/layers.h"

using namespace tunedesk;

namespace {

constexpr int64_t kBatch = 2, kSeq = 512, kHidden = 768, kMlp = 2048, kHeads = 12, kKvHeads = 4, kHeadDim = 64;

// The median of `repeats` timed runs of `step`, in milliseconds, after two untimed ones.
double median_ms(const std::function<void()>& step, int repeats) {
  step();
  step();
  std::vector<double> ms;
  for (int i = 0; i < repeats; ++i) {
    const auto start = std::chrono::steady_clock::now();
    step();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::nth_element(ms.begin(), ms.begin() + static_cast<std::ptrdiff_t>(ms.size() / 2), ms.end());
  return ms[ms.size() / 2];
}

// Gradients of y (given dy) for the inputs, as backward() would compute them.
void backward(const at::Tensor& y, const at::Tensor& dy, const std::vector<at::Tensor>& inputs) {
  (void)torch::autograd::grad({y}, inputs, {dy});
}

// Hugging Face's LlamaRMSNorm: fp32 statistics, the weight applied in the input's dtype.
at::Tensor composite_rms_norm(const at::Tensor& x, const at::Tensor& w, double eps) {
  const at::Tensor h = x.to(torch::kFloat);
  return w * (h * torch::rsqrt(h.pow(2).mean(-1, true) + eps)).to(x.scalar_type());
}

// Its apply_rotary_pos_emb: x·cos + rotate_half(x)·sin, cos and sin in x's dtype.
at::Tensor composite_rotary(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin) {
  const int64_t half = x.size(-1) / 2;
  const at::Tensor rotated = torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
  return x * cos + rotated * sin;
}

// Its eager attention: key/value heads repeated for each query head, an
// additive causal mask, the softmax in fp32, probabilities in q's dtype.
at::Tensor composite_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& mask) {
  const int64_t group = q.size(1) / k.size(1);
  const at::Tensor keys = k.repeat_interleave(group, 1), values = v.repeat_interleave(group, 1);
  const at::Tensor scores = torch::matmul(q, keys.transpose(2, 3)) * (1.0 / std::sqrt(double(q.size(3)))) + mask;
  return torch::matmul(torch::softmax(scores, -1, torch::kFloat).to(q.scalar_type()), values);
}

void report(const char* step, const char* dtype, double ours, double composite) {
  std::printf("{\"step\": \"%s\", \"dtype\": \"%s\", \"tunedesk_ms\": %.3f, \"composite_ms\": %.3f, \"ratio\": %.2f}\n",
              step, dtype, ours, composite, composite / ours);
  std::fflush(stdout);
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 2, repeats = 30;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--repeats")) repeats = std::atoi(argv[i + 1]);
    else {
      std::fprintf(stderr, "usage: %s [--threads N] [--repeats N]\n", argv[0]);
      return 2;
    }
  }
  engine::configure_cpu(threads);
  const engine::CpuFeatures& cpu = engine::cpu_features();
  std::printf("{\"cpu\": \"%s (%s)\", \"kernels\": \"%s\", \"threads\": %d, \"tokens\": %ld}\n", cpu.model.c_str(),
              cpu.flags().c_str(), engine::kernel_level_name(engine::kernel_level()), threads,
              static_cast<long>(kBatch * kSeq));
  torch::manual_seed(0);
  const engine::RopeTable rope = engine::RopeTable::make(kHeadDim, 500000.0, std::nullopt, 0, kSeq, torch::kCPU);
  const at::Tensor positions = torch::arange(kSeq, torch::kLong);
  for (const auto& [dtype, name] : {std::pair{torch::kFloat, "fp32"}, std::pair{torch::kBFloat16, "bf16"}}) {
    const auto make = [dtype = dtype](std::vector<int64_t> shape, bool grad) {
      return torch::randn(shape).to(dtype).requires_grad_(grad);
    };
    // RMSNorm: the input's gradient only (LoRA freezes the norm's weight).
    const at::Tensor x = make({kBatch, kSeq, kHidden}, true), w = make({kHidden}, false);
    const at::Tensor dx = make({kBatch, kSeq, kHidden}, false);
    report("rms_norm", name, median_ms([&] { backward(engine::rms_norm(x, w, 1e-6), dx, {x}); }, repeats),
           median_ms([&] { backward(composite_rms_norm(x, w, 1e-6), dx, {x}); }, repeats));
    // SwiGLU on the gate and up projections' outputs.
    const at::Tensor gate = make({kBatch, kSeq, kMlp}, true), up = make({kBatch, kSeq, kMlp}, true);
    const at::Tensor dm = make({kBatch, kSeq, kMlp}, false);
    report("swiglu", name, median_ms([&] { backward(engine::swiglu(gate, up), dm, {gate, up}); }, repeats),
           median_ms([&] { backward(torch::silu(gate) * up, dm, {gate, up}); }, repeats));
    // Rotary embedding of the queries and keys, [B, heads, T, D] views of the projections' rows.
    const at::Tensor q = make({kBatch, kSeq, kHeads, kHeadDim}, true), k = make({kBatch, kSeq, kKvHeads, kHeadDim}, true);
    const at::Tensor dq = make({kBatch, kHeads, kSeq, kHeadDim}, false), dk = make({kBatch, kKvHeads, kSeq, kHeadDim}, false);
    const at::Tensor cos = torch::cat({rope.cos, rope.cos}, -1).to(dtype), sin = torch::cat({rope.sin, rope.sin}, -1).to(dtype);
    const auto turn_ours = [&] {
      backward(engine::apply_rotary(q.transpose(1, 2), rope, positions), dq, {q});
      backward(engine::apply_rotary(k.transpose(1, 2), rope, positions), dk, {k});
    };
    const auto turn_composite = [&] {
      backward(composite_rotary(q.transpose(1, 2), cos, sin), dq, {q});
      backward(composite_rotary(k.transpose(1, 2), cos, sin), dk, {k});
    };
    report("rotary", name, median_ms(turn_ours, repeats), median_ms(turn_composite, repeats));
    // Causal attention on the rotated queries and keys, gradients for all three.
    const at::Tensor aq = make({kBatch, kHeads, kSeq, kHeadDim}, true), ak = make({kBatch, kKvHeads, kSeq, kHeadDim}, true);
    const at::Tensor av = make({kBatch, kKvHeads, kSeq, kHeadDim}, true), da = make({kBatch, kHeads, kSeq, kHeadDim}, false);
    const at::Tensor mask = torch::full({kSeq, kSeq}, -std::numeric_limits<float>::infinity()).triu(1).to(dtype);
    report("attention", name, median_ms([&] { backward(engine::causal_attention(aq, ak, av), da, {aq, ak, av}); }, repeats),
           median_ms([&] { backward(composite_attention(aq, ak, av, mask), da, {aq, ak, av}); }, repeats));
  }
  return 0;
}
