// The Q8_0 integer dot product in 256-bit registers (AVX2), included by the
// AVX2 and AVX-512 kernel files only, each compiling it with its own flags
// (static: no copy is shared between them, so none compiled for the bigger
// CPU can reach the smaller). See gemv_kernels.h for the math.
#pragma once

#include <immintrin.h>

#include <cstdint>

#include "engine/kernels/gemv_kernels.h"

namespace tunedesk::engine::kernels {

// Σ_b dw[b] · dx[b] · Σ q[32b .. 32b + 31] · xq[...]: each block's 32
// products summed exactly (maddubs pairs, then madd to eight int32), then
// scaled in fp32, two blocks in flight; kPrefetch: a cache line 1 KiB ahead per block.
template <bool kPrefetch>
static inline float dot_q8_0_256(const int8_t* q, const float* dw, const int8_t* xq, const float* dx, int64_t blocks) {
  const __m256i ones = _mm256_set1_epi16(1);
  const auto block = [&](int64_t b) {
    if constexpr (kPrefetch) _mm_prefetch(reinterpret_cast<const char*>(q + b * kQ8BlockSize) + 1024, _MM_HINT_T0);
    const __m256i w = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + b * kQ8BlockSize));
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(xq + b * kQ8BlockSize));
    // maddubs multiplies unsigned by signed: |x| times w with x's sign moved onto it.
    const __m256i pairs = _mm256_maddubs_epi16(_mm256_sign_epi8(x, x), _mm256_sign_epi8(w, x));
    return _mm256_cvtepi32_ps(_mm256_madd_epi16(pairs, ones));
  };
  __m256 s0 = _mm256_setzero_ps(), s1 = s0;
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    s0 = _mm256_fmadd_ps(block(b), _mm256_set1_ps(dw[b] * dx[b]), s0);
    s1 = _mm256_fmadd_ps(block(b + 1), _mm256_set1_ps(dw[b + 1] * dx[b + 1]), s1);
  }
  if (b < blocks) s0 = _mm256_fmadd_ps(block(b), _mm256_set1_ps(dw[b] * dx[b]), s0);
  const __m256 s = _mm256_add_ps(s0, s1);
  const __m128 half = _mm_add_ps(_mm256_castps256_ps128(s), _mm256_extractf128_ps(s, 1));
  const __m128 pairs = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_movehdup_ps(pairs)));
}

template <bool kPrefetch>
static inline void gemv_q8_0_256(const int8_t* q, const float* d, const int8_t* xq, const float* xd, float* y,
                                 int64_t n, int64_t first, int64_t last, int64_t rows, int64_t cols) {
  const int64_t blocks = cols / kQ8BlockSize;
  for (int64_t r = first; r < last; ++r)
    for (int64_t t = 0; t < n; ++t)
      y[t * rows + r] = dot_q8_0_256<kPrefetch>(q + r * cols, d + r * blocks, xq + t * cols, xd + t * blocks, blocks);
}

}  // namespace tunedesk::engine::kernels
