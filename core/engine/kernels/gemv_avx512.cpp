// gemv_kernels.h's products for AVX-512 (F, BW, VL): sixteen fp32 lanes, the
// bf16 and int8 weights widened in registers. Built with -mavx512f
// -mavx512bw -mavx512vl -mfma -mf16c; called only when cpuid and the OS's
// saved state say so. The Q8_0 products use the AVX2 integer form
// (q8_dot_256.h): 512-bit pairs of blocks would need a scale per half, and
// no AVX-512 machine has measured the difference yet.
#include <immintrin.h>

#include "engine/kernels/gemv_kernels.h"
#include "engine/kernels/q8_dot_256.h"
#include "engine/kernels/row_loops.h"

namespace tunedesk::engine::kernels {
namespace {

// One cache line 1 KiB ahead per line read (see gemv_avx2.cpp).
inline void prefetch_ahead(const void* p) { _mm_prefetch(static_cast<const char*>(p) + 1024, _MM_HINT_T0); }

// Sixteen bf16 values (32 bytes) as fp32 lanes.
inline __m512 load_bf16(const uint16_t* p) {
  const __m256i h = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(h), 16));
}

// Sixteen int8 values (16 bytes) as fp32 lanes.
inline __m512 load_i8(const int8_t* p) {
  return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}

// The first `count` (< 16) lanes' mask.
inline __mmask16 first_lanes(int64_t count) { return static_cast<__mmask16>((1u << count) - 1u); }

// Sixteen weights as fp32 lanes (all, or the first `m`): the two forms' loads.
inline __m512 load16(const float* p) { return _mm512_loadu_ps(p); }
inline __m512 load16(const uint16_t* p) { return load_bf16(p); }
inline __m512 load16(const float* p, __mmask16 m) { return _mm512_maskz_loadu_ps(m, p); }
inline __m512 load16(const uint16_t* p, __mmask16 m) {
  return _mm512_castsi512_ps(_mm512_slli_epi32(_mm512_cvtepu16_epi32(_mm256_maskz_loadu_epi16(m, p)), 16));
}

// Σ w[c] · x[c], four sums in flight, the tail masked; one cache line
// prefetched per line read.
template <class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  constexpr int64_t kPerLine = 64 / sizeof(Weight);
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  int64_t c = 0;
  for (; c + 64 <= cols; c += 64) {
    for (int64_t line = 0; line < 64; line += kPerLine) prefetch_ahead(w + c + line);
    s0 = _mm512_fmadd_ps(load16(w + c), _mm512_loadu_ps(x + c), s0);
    s1 = _mm512_fmadd_ps(load16(w + c + 16), _mm512_loadu_ps(x + c + 16), s1);
    s2 = _mm512_fmadd_ps(load16(w + c + 32), _mm512_loadu_ps(x + c + 32), s2);
    s3 = _mm512_fmadd_ps(load16(w + c + 48), _mm512_loadu_ps(x + c + 48), s3);
  }
  for (; c + 16 <= cols; c += 16) s0 = _mm512_fmadd_ps(load16(w + c), _mm512_loadu_ps(x + c), s0);
  if (c < cols) {
    const __mmask16 m = first_lanes(cols - c);
    s1 = _mm512_fmadd_ps(load16(w + c, m), _mm512_maskz_loadu_ps(m, x + c), s1);
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

void bf16_to_f32(const uint16_t* w, float* out, int64_t count) {
  int64_t i = 0;
  for (; i + 16 <= count; i += 16) _mm512_storeu_ps(out + i, load_bf16(w + i));
  if (i < count) {
    const __mmask16 m = first_lanes(count - i);
    _mm512_mask_storeu_ps(out + i, m, load16(w + i, m));
  }
}

void q8_0_to_f32(const int8_t* q, const float* d, float* out, int64_t count) {
  for (int64_t b = 0; b < count / kQ8BlockSize; ++b) {
    const __m512 scale = _mm512_set1_ps(d[b]);
    _mm512_storeu_ps(out + b * kQ8BlockSize, _mm512_mul_ps(scale, load_i8(q + b * kQ8BlockSize)));
    _mm512_storeu_ps(out + b * kQ8BlockSize + 16, _mm512_mul_ps(scale, load_i8(q + b * kQ8BlockSize + 16)));
  }
}

}  // namespace

const GemvKernels& avx512_kernels() {
  static const GemvKernels k{"avx512", gemv_rows<float, dot<float>>, gemv_rows<uint16_t, dot<uint16_t>>, gemv_q8_0_256,
                             bf16_to_f32, q8_0_to_f32};
  return k;
}

}  // namespace tunedesk::engine::kernels
