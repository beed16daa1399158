// training_kernels.h's loops, written once as templates and compiled by each
// level's file with its own flags (and by cpu_kernels.cpp for double, whose
// tests check gradients by finite differences). `omp simd` (-fopenmp-simd:
// no OpenMP runtime) lets the compiler reorder the sums across lanes, which
// plain -O2 may not do for floats. Static: each file keeps its own copy, so
// nothing compiled for a bigger CPU leaks into the rest of the program.
//
// Each loop reads and writes tensors of a storage type S and computes in T:
// S = T = float or double, or S = uint16_t (bf16's bits) with T = float, so
// that a bf16 tensor is widened as it is read and rounded once as it is
// written, in the same pass.
#pragma once

#include <bit>
#include <cmath>
#include <cstdint>

#include "engine/kernels/training_kernels.h"
#include "util/bf16.h"

namespace tunedesk::engine::kernels {

// A stored value as the loops compute with it (bf16 widened exactly).
static inline float computed(float v) { return v; }
static inline double computed(double v) { return v; }
static inline float computed(uint16_t bf16) { return util::bf16_bits_to_fp32(bf16); }

// Writes a computed value in the storage type: bf16 rounded to the nearest,
// ties to even, as libtorch's .to(kBFloat16) rounds (bit for bit; util/bf16.h).
static inline void store(float* to, float v) { *to = v; }
static inline void store(double* to, double v) { *to = v; }
static inline void store(uint16_t* to, float v) { *to = util::fp32_to_bf16_bits(v); }

template <class S, class T>
static void rms_norm_rows(const S* x, const S* w, S* y, T* inverse_rms, int64_t rows, int64_t width, double eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const S* xr = x + r * width;
    S* yr = y + r * width;
    T squares = 0;
#pragma omp simd reduction(+ : squares)
    for (int64_t c = 0; c < width; ++c) squares += computed(xr[c]) * computed(xr[c]);
    const auto inverse = static_cast<T>(1.0 / std::sqrt(static_cast<double>(squares) / static_cast<double>(width) + eps));
    inverse_rms[r] = inverse;
#pragma omp simd
    for (int64_t c = 0; c < width; ++c) store(yr + c, computed(w[c]) * (computed(xr[c]) * inverse));
  }
}

template <class S, class T>
static void rms_norm_backward_rows(const S* x, const S* w, const S* dy, const T* inverse_rms, S* dx,
                                   double* weight_sums, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; ++r) {
    const S* xr = x + r * width;
    const S* dyr = dy + r * width;
    const T inverse = inverse_rms[r];
    if (dx) {
      T dot = 0;
#pragma omp simd reduction(+ : dot)
      for (int64_t c = 0; c < width; ++c) dot += computed(dyr[c]) * computed(w[c]) * computed(xr[c]);
      const T scale = inverse * inverse * inverse * dot / static_cast<T>(width);
      S* dxr = dx + r * width;
#pragma omp simd
      for (int64_t c = 0; c < width; ++c)
        store(dxr + c, computed(dyr[c]) * computed(w[c]) * inverse - computed(xr[c]) * scale);
    }
    if (weight_sums) {
#pragma omp simd
      for (int64_t c = 0; c < width; ++c)
        weight_sums[c] += static_cast<double>(computed(dyr[c])) * static_cast<double>(computed(xr[c]) * inverse);
    }
  }
}

// e^x in fp32 that the compiler can vectorise (std::exp stays a scalar call
// without -ffast-math): x = n·ln2 + r with n an integer and |r| ≤ ln2/2,
// e^r by its degree-7 Taylor-like minimax polynomial (within ~1 ulp), 2^n
// put in the exponent bits. x is clamped to [-87.33, 88.37], where 2^n
// stays a normal float: e^x saturates at ~2.5e38 above and ~1.2e-38 below
// (what SwiGLU's sigmoid makes of those is 0 or 1 to fp32 precision); a
// NaN gives a number, but SwiGLU multiplies by the NaN gate itself.
static inline float exp_of(float x) {
  // Written as the vector max and min instructions compare (a NaN becomes
  // the bound), so that they are what the compiler emits, without branches.
  x = x > -87.33f ? x : -87.33f;
  x = x < 88.37f ? x : 88.37f;
  // Rounding to the nearest integer by adding 1.5·2^23: the sum's low bits are n.
  const float shifted = x * 1.44269504f + 12582912.0f;
  const float n = shifted - 12582912.0f;
  const float r = (x - n * 0.693359375f) + n * 2.12194440e-4f;  // ln 2 in two parts: x − n·ln2 without cancellation
  float p = 1.9875691500e-4f;
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  const float e_r = p * r * r + r + 1.0f;
  const int32_t exponent = std::bit_cast<int32_t>(shifted) - 0x4B400000 + 127;
  return e_r * std::bit_cast<float>(exponent << 23);
}
static inline double exp_of(double x) { return std::exp(x); }  // the gradient tests' double

// σ(g) = 1 / (1 + e^−g).
template <class T>
static inline T sigmoid_of(T g) {
  return T(1) / (T(1) + exp_of(-g));
}

// SwiGLU's silu(gate)·up, σ computed in the loop (nothing kept for backward
// but gate and up).
template <class S>
static void swiglu_values(const S* gate, const S* up, S* y, int64_t count) {
#pragma omp simd
  for (int64_t i = 0; i < count; ++i) {
    const auto g = computed(gate[i]);
    store(y + i, g * sigmoid_of(g) * computed(up[i]));
  }
}

template <class S>
static void swiglu_backward_values(const S* gate, const S* up, const S* dy, S* d_gate, S* d_up, int64_t count) {
  if (d_gate && d_up) {  // one σ for both (what LoRA and full fine-tuning want)
#pragma omp simd
    for (int64_t i = 0; i < count; ++i) {
      const auto g = computed(gate[i]);
      const auto sigma = sigmoid_of(g);
      const auto d = computed(dy[i]);
      store(d_gate + i, d * computed(up[i]) * sigma * (1 + g * (1 - sigma)));
      store(d_up + i, d * g * sigma);
    }
    return;
  }
  if (d_gate) {
#pragma omp simd
    for (int64_t i = 0; i < count; ++i) {
      const auto g = computed(gate[i]);
      const auto sigma = sigmoid_of(g);
      store(d_gate + i, computed(dy[i]) * computed(up[i]) * sigma * (1 + g * (1 - sigma)));
    }
  }
  if (d_up) {
#pragma omp simd
    for (int64_t i = 0; i < count; ++i) {
      const auto g = computed(gate[i]);
      store(d_up + i, computed(dy[i]) * g * sigmoid_of(g));
    }
  }
}

template <class S, class T = decltype(computed(S()))>
static void rotate_row(const S* x, S* y, const float* cos, const float* sin, int64_t half, int64_t width,
                       bool interleaved, bool inverse) {
  const T sign = inverse ? T(-1) : T(1);
  if (interleaved) {
    for (int64_t i = 0; i < half; ++i) {
      const auto c = static_cast<T>(cos[i]), s = sign * static_cast<T>(sin[i]);
      const T a = computed(x[2 * i]), b = computed(x[2 * i + 1]);
      store(y + 2 * i, a * c - b * s);
      store(y + 2 * i + 1, b * c + a * s);
    }
  } else {
#pragma omp simd
    for (int64_t i = 0; i < half; ++i) {
      const auto c = static_cast<T>(cos[i]), s = sign * static_cast<T>(sin[i]);
      const T a = computed(x[i]), b = computed(x[i + half]);
      store(y + i, a * c - b * s);
      store(y + i + half, b * c + a * s);
    }
  }
  for (int64_t i = 2 * half; i < width; ++i) y[i] = x[i];
}

// Cross-entropy's log-sum-exp of each row of logits, max-shifted, the
// exponentials summed in fp32 runs of 1024 added in double. As libtorch's
// form gives: a −∞ logit counts as e^−∞ = 0 (to within e^−87), and a row
// with a NaN or a +∞, or with no finite logit, has NaN (never a number).
template <class T>
static void log_sum_exp_rows(const T* x, T* log_sum_exp, int64_t rows, int64_t width) {
  constexpr int64_t kRun = 1024;
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * width;
    T highest = -INFINITY, nans = 0;
#pragma omp simd reduction(max : highest) reduction(+ : nans)
    for (int64_t c = 0; c < width; ++c) {
      highest = xr[c] > highest ? xr[c] : highest;
      nans += xr[c] != xr[c] ? T(1) : T(0);
    }
    if (nans > 0 || highest == INFINITY || highest == -INFINITY) {
      log_sum_exp[r] = NAN;
      continue;
    }
    double total = 0;
    for (int64_t start = 0; start < width; start += kRun) {
      const int64_t end = start + kRun < width ? start + kRun : width;
      T run = 0;
#pragma omp simd reduction(+ : run)
      for (int64_t c = start; c < end; ++c) run += exp_of(xr[c] - highest);
      total += static_cast<double>(run);
    }
    log_sum_exp[r] = highest + static_cast<T>(std::log(total));
  }
}

// Its gradient's main part: d = g · e^(x − log_sum_exp), the softmax times
// the incoming gradient, row by row (the caller subtracts g at each target).
template <class T>
static void scaled_softmax_rows(const T* x, const T* log_sum_exp, T g, T* d, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * width;
    T* dr = d + r * width;
    const T shift = log_sum_exp[r];
#pragma omp simd
    for (int64_t c = 0; c < width; ++c) dr[c] = g * exp_of(xr[c] - shift);
  }
}

[[maybe_unused]] static void adamw_values(float* w, const float* g, float* m, float* v, int64_t count, const AdamWUpdate& u) {
#pragma omp simd
  for (int64_t i = 0; i < count; ++i) {
    const float grad = g[i] * u.grad_scale;
    const float mean = m[i] * u.beta1 + grad * u.keep1;
    const float square = v[i] * u.beta2 + grad * grad * u.keep2;
    m[i] = mean;
    v[i] = square;
    w[i] = w[i] * u.decay - u.step_size * (mean / (std::sqrt(square) / u.correction2 + u.eps));
  }
}

// The table of the level the including file is compiled for. (Unused in
// cpu_kernels.cpp, which includes the templates for double.)
[[maybe_unused]] static TrainingKernels level_training_kernels(const char* name) {
  return {name,
          rms_norm_rows<float, float>,
          rms_norm_backward_rows<float, float>,
          swiglu_values<float>,
          swiglu_backward_values<float>,
          rotate_row<float>,
          log_sum_exp_rows<float>,
          scaled_softmax_rows<float>,
          adamw_values,
          {rms_norm_rows<uint16_t, float>, rms_norm_backward_rows<uint16_t, float>, swiglu_values<uint16_t>,
           swiglu_backward_values<uint16_t>, rotate_row<uint16_t>}};
}

}  // namespace tunedesk::engine::kernels
