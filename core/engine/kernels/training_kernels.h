// The element loops of a training step that TuneDesk writes itself rather
// than composing from libtorch's operators: RMSNorm and SwiGLU each way,
// rotary embedding of one row, cross-entropy's passes over the logits, and
// the AdamW update. One table per instruction set (cpu_features.h's
// KernelLevel), as gemv_kernels.h has for
// decoding: the loops are written once (training_loops.h) and compiled in
// one file per level with that level's -m flags, so an AVX2 or AVX-512 CPU
// runs them eight or sixteen lanes wide and a .deb still runs on any x86-64.
// cpu_kernels.cpp and fused_adamw.cpp call them through training_kernels().
//
// Shapes: row-major; x, y, dy, dx: `rows` rows of `width` fp32 values;
// inverse_rms: one value per row; the rotary tables cos, sin: `half` values
// for the row's position. Calls cover a range of rows or values; threads
// are the caller's (at::parallel_for).
//
// A CPU with bf16 matrix units trains in bf16 (training_dtype.h), so the same
// loops come for bf16 tensors too (TrainingKernels::bf16): they read bf16
// (the upper 16 bits of an fp32, as uint16_t), compute in fp32 and round each
// result once to the nearest bf16, ties to even, in one pass; inverse_rms
// stays fp32.
#pragma once

#include <cstdint>

namespace tunedesk::engine {
enum class KernelLevel;
}

namespace tunedesk::engine::kernels {

// One AdamW update's constants, in fp32 as libtorch's tensor operations
// apply them (torch::optim::AdamW): for every value,
//   g = grad · grad_scale;  m = β1·m + (1 − β1)·g;  v = β2·v + (1 − β2)·g²
//   w = w · decay − step_size · m / (√v / correction2 + eps)
// with decay = 1 − lr·weight_decay, step_size = lr / (1 − β1^t),
// correction2 = √(1 − β2^t).
struct AdamWUpdate {
  float beta1, beta2, keep1, keep2, decay, step_size, correction2, eps, grad_scale;
};

// The bf16 forms of TrainingKernels' loops; the same arguments, with every
// tensor but inverse_rms and the rotary tables in bf16.
struct Bf16TrainingKernels {
  void (*rms_norm)(const uint16_t* x, const uint16_t* w, uint16_t* y, float* inverse_rms, int64_t rows, int64_t width,
                   double eps);
  void (*rms_norm_backward)(const uint16_t* x, const uint16_t* w, const uint16_t* dy, const float* inverse_rms,
                            uint16_t* dx, double* weight_sums, int64_t rows, int64_t width);
  void (*swiglu)(const uint16_t* gate, const uint16_t* up, uint16_t* y, int64_t count);
  void (*swiglu_backward)(const uint16_t* gate, const uint16_t* up, const uint16_t* dy, uint16_t* d_gate,
                          uint16_t* d_up, int64_t count);
  void (*rotate_row)(const uint16_t* x, uint16_t* y, const float* cos, const float* sin, int64_t half, int64_t width,
                     bool interleaved, bool inverse);
};

struct TrainingKernels {
  const char* name;  // the level's name: "baseline", "avx2", "avx512"
  // y = w · x · r with r = 1 / √(mean(x²) + eps), written to inverse_rms.
  void (*rms_norm)(const float* x, const float* w, float* y, float* inverse_rms, int64_t rows, int64_t width,
                   double eps);
  // With n = x · r: dx = r · (dy·w − n · mean(dy·w·n)) where dx is not null;
  // weight_sums[c] += Σ_rows dy · n (in double) where weight_sums is not null.
  void (*rms_norm_backward)(const float* x, const float* w, const float* dy, const float* inverse_rms, float* dx,
                            double* weight_sums, int64_t rows, int64_t width);
  // y = gate · σ · up over `count` values, σ = sigmoid(gate) (computed in
  // the loop, to within ~1 ulp of fp32's exp).
  void (*swiglu)(const float* gate, const float* up, float* y, int64_t count);
  // d_gate = dy · up · σ · (1 + gate · (1 − σ)), d_up = dy · gate · σ; either may be null.
  void (*swiglu_backward)(const float* gate, const float* up, const float* dy, float* d_gate, float* d_up,
                          int64_t count);
  // One row of `width` values (x and y distinct): each channel pair (i, i + half),
  // or (2i, 2i + 1) when interleaved, turned by the angle whose cos and sin are
  // given (by minus it when inverse); channels from 2·half on copied.
  void (*rotate_row)(const float* x, float* y, const float* cos, const float* sin, int64_t half, int64_t width,
                     bool interleaved, bool inverse);
  // Cross-entropy over `rows` rows of `width` logits: each row's
  // log Σ e^x (NaN where the row holds a NaN or an infinity), and the
  // gradient's softmax part d = g · e^(x − log_sum_exp).
  void (*log_sum_exp)(const float* x, float* log_sum_exp, int64_t rows, int64_t width);
  void (*scaled_softmax)(const float* x, const float* log_sum_exp, float g, float* d, int64_t rows, int64_t width);
  // AdamWUpdate over `count` values of weight w, gradient g, moments m and v.
  void (*adamw)(float* w, const float* g, float* m, float* v, int64_t count, const AdamWUpdate& update);
  Bf16TrainingKernels bf16;
};

const TrainingKernels& baseline_training_kernels();
#if defined(__x86_64__)
const TrainingKernels& avx2_training_kernels();
const TrainingKernels& avx512_training_kernels();
#endif

// The table of `level` (which the CPU must run: cpu_features.h).
const TrainingKernels& training_kernels(KernelLevel level);
// The table of this process's kernel level (kernel_level()).
const TrainingKernels& training_kernels();

}  // namespace tunedesk::engine::kernels
