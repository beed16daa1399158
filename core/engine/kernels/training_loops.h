// training_kernels.h's loops, written once as templates and compiled by each
// level's file with its own flags (and by cpu_kernels.cpp for double, whose
// tests check gradients by finite differences). `omp simd` (-fopenmp-simd:
// no OpenMP runtime) lets the compiler reorder the sums across lanes, which
// plain -O2 may not do for floats. Static: each file keeps its own copy, so
// nothing compiled for a bigger CPU leaks into the rest of the program.
#pragma once

#include <cmath>
#include <cstdint>

#include "engine/kernels/training_kernels.h"

namespace tunedesk::engine::kernels {

template <class T>
static void rms_norm_rows(const T* x, const T* w, T* y, T* inverse_rms, int64_t rows, int64_t width, double eps) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * width;
    T* yr = y + r * width;
    T squares = 0;
#pragma omp simd reduction(+ : squares)
    for (int64_t c = 0; c < width; ++c) squares += xr[c] * xr[c];
    const auto inverse = static_cast<T>(1.0 / std::sqrt(static_cast<double>(squares) / static_cast<double>(width) + eps));
    inverse_rms[r] = inverse;
#pragma omp simd
    for (int64_t c = 0; c < width; ++c) yr[c] = w[c] * (xr[c] * inverse);
  }
}

template <class T>
static void rms_norm_backward_rows(const T* x, const T* w, const T* dy, const T* inverse_rms, T* dx,
                                   double* weight_sums, int64_t rows, int64_t width) {
  for (int64_t r = 0; r < rows; ++r) {
    const T* xr = x + r * width;
    const T* dyr = dy + r * width;
    const T inverse = inverse_rms[r];
    if (dx) {
      T dot = 0;
#pragma omp simd reduction(+ : dot)
      for (int64_t c = 0; c < width; ++c) dot += dyr[c] * w[c] * xr[c];
      const T scale = inverse * inverse * inverse * dot / static_cast<T>(width);
      T* dxr = dx + r * width;
#pragma omp simd
      for (int64_t c = 0; c < width; ++c) dxr[c] = dyr[c] * w[c] * inverse - xr[c] * scale;
    }
    if (weight_sums) {
#pragma omp simd
      for (int64_t c = 0; c < width; ++c) weight_sums[c] += static_cast<double>(dyr[c]) * static_cast<double>(xr[c] * inverse);
    }
  }
}

template <class T>
static void swiglu_values(const T* gate, const T* up, const T* sigma, T* y, int64_t count) {
#pragma omp simd
  for (int64_t i = 0; i < count; ++i) y[i] = gate[i] * sigma[i] * up[i];
}

template <class T>
static void swiglu_backward_values(const T* gate, const T* up, const T* sigma, const T* dy, T* d_gate, T* d_up,
                                   int64_t count) {
  if (d_gate) {
#pragma omp simd
    for (int64_t i = 0; i < count; ++i) d_gate[i] = dy[i] * up[i] * sigma[i] * (1 + gate[i] * (1 - sigma[i]));
  }
  if (d_up) {
#pragma omp simd
    for (int64_t i = 0; i < count; ++i) d_up[i] = dy[i] * gate[i] * sigma[i];
  }
}

template <class T>
static void rotate_row(const T* x, T* y, const float* cos, const float* sin, int64_t half, int64_t width,
                       bool interleaved, bool inverse) {
  const T sign = inverse ? T(-1) : T(1);
  if (interleaved) {
    for (int64_t i = 0; i < half; ++i) {
      const auto c = static_cast<T>(cos[i]), s = sign * static_cast<T>(sin[i]);
      const T a = x[2 * i], b = x[2 * i + 1];
      y[2 * i] = a * c - b * s;
      y[2 * i + 1] = b * c + a * s;
    }
  } else {
#pragma omp simd
    for (int64_t i = 0; i < half; ++i) {
      const auto c = static_cast<T>(cos[i]), s = sign * static_cast<T>(sin[i]);
      const T a = x[i], b = x[i + half];
      y[i] = a * c - b * s;
      y[i + half] = b * c + a * s;
    }
  }
  for (int64_t i = 2 * half; i < width; ++i) y[i] = x[i];
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
[[maybe_unused]] static TrainingKernels float_training_kernels(const char* name) {
  return {name,
          rms_norm_rows<float>,
          rms_norm_backward_rows<float>,
          swiglu_values<float>,
          swiglu_backward_values<float>,
          rotate_row<float>,
          adamw_values};
}

}  // namespace tunedesk::engine::kernels
