// gemv_kernels.h's products for AVX2 + FMA (+ F16C, part of the level):
// eight fp32 lanes, four independent sums per dot product to cover the FMA
// latency. Built with -mavx2 -mfma -mf16c; called only when cpuid says so.
#include <immintrin.h>

#include "engine/kernels/gemv_kernels.h"
#include "engine/kernels/q8_dot_256.h"
#include "engine/kernels/row_loops.h"

namespace tunedesk::engine::kernels {
namespace {

// Weights stream from memory once per token. On an AVX2 EPYC the hardware
// prefetcher alone left a third of the bandwidth unused (2 threads: 17 GB/s,
// 22 GB/s with this: one cache line 1 KiB ahead per line read); on a Zen 4
// this made the same products slower (gemv_kernels.h: both tables).
inline void prefetch_ahead(const void* p) { _mm_prefetch(static_cast<const char*>(p) + 1024, _MM_HINT_T0); }

inline float horizontal_sum(__m256 v) {
  const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 pairs = _mm_add_ps(half, _mm_movehl_ps(half, half));
  return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_movehdup_ps(pairs)));
}

// Eight bf16 values (16 bytes) as fp32 lanes.
inline __m256 load_bf16(const uint16_t* p) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return _mm256_castsi256_ps(_mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
}

// Eight int8 values (8 bytes) as fp32 lanes.
inline __m256 load_i8(const int8_t* p) {
  return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}

inline float widen_bf16(uint16_t bits) {
  return _mm_cvtss_f32(_mm_castsi128_ps(_mm_cvtsi32_si128(static_cast<int>(static_cast<uint32_t>(bits) << 16))));
}

// Eight weights as fp32 lanes, and one: the two forms' loads.
inline __m256 load8(const float* p) { return _mm256_loadu_ps(p); }
inline __m256 load8(const uint16_t* p) { return load_bf16(p); }
inline float widen(float v) { return v; }
inline float widen(uint16_t bits) { return widen_bf16(bits); }

// Σ w[c] · x[c], four sums in flight; kPrefetch: one cache line prefetched per line read.
template <bool kPrefetch, class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  constexpr int64_t kPerLine = 64 / sizeof(Weight);
  __m256 s0 = _mm256_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  int64_t c = 0;
  for (; c + 32 <= cols; c += 32) {
    if constexpr (kPrefetch)
      for (int64_t line = 0; line < 32; line += kPerLine) prefetch_ahead(w + c + line);
    s0 = _mm256_fmadd_ps(load8(w + c), _mm256_loadu_ps(x + c), s0);
    s1 = _mm256_fmadd_ps(load8(w + c + 8), _mm256_loadu_ps(x + c + 8), s1);
    s2 = _mm256_fmadd_ps(load8(w + c + 16), _mm256_loadu_ps(x + c + 16), s2);
    s3 = _mm256_fmadd_ps(load8(w + c + 24), _mm256_loadu_ps(x + c + 24), s3);
  }
  for (; c + 8 <= cols; c += 8) s0 = _mm256_fmadd_ps(load8(w + c), _mm256_loadu_ps(x + c), s0);
  float s = horizontal_sum(_mm256_add_ps(_mm256_add_ps(s0, s1), _mm256_add_ps(s2, s3)));
  for (; c < cols; ++c) s += widen(w[c]) * x[c];
  return s;
}

void bf16_to_f32(const uint16_t* w, float* out, int64_t count) {
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) _mm256_storeu_ps(out + i, load_bf16(w + i));
  for (; i < count; ++i) out[i] = widen_bf16(w[i]);
}

void q8_0_to_f32(const int8_t* q, const float* d, float* out, int64_t count) {
  for (int64_t b = 0; b < count / kQ8BlockSize; ++b) {
    const __m256 scale = _mm256_set1_ps(d[b]);
    for (int64_t k = 0; k < kQ8BlockSize; k += 8)
      _mm256_storeu_ps(out + b * kQ8BlockSize + k, _mm256_mul_ps(scale, load_i8(q + b * kQ8BlockSize + k)));
  }
}

template <bool kPrefetch>
const GemvKernels& table() {
  static const GemvKernels k{"avx2",      gemv_rows<float, dot<kPrefetch, float>>,
                             gemv_rows<uint16_t, dot<kPrefetch, uint16_t>>,
                             gemv_q8_0_256<kPrefetch>,
                             bf16_to_f32, q8_0_to_f32,
                             /*bf16_rounds_x=*/false, kPrefetch};
  return k;
}

}  // namespace

const GemvKernels& avx2_kernels(bool prefetch) { return prefetch ? table<true>() : table<false>(); }

}  // namespace tunedesk::engine::kernels
