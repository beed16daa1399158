// gemv_kernels.h's products for a CPU without AVX2. On x86-64 they are
// written in SSE2, which every x86-64 CPU has (a Sandy Bridge or a Nehalem
// runs these): four fp32 lanes, four sums in flight, prefetching as the AVX2
// kernels do. The compiler's own vectorisation of plain loops had left the
// Q8_0 products scalar (18 tokens/s against llama.cpp's 117 on its
// Sandy Bridge backend, docs/BENCHMARKS.md) and the rest without prefetch.
// Elsewhere (ARM), plain C++ with eight partial sums per dot product, so that
// the compiler may vectorise without reassociating.
#include <algorithm>
#include <cmath>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "engine/kernels/gemv_kernels.h"
#include "engine/kernels/row_loops.h"
#include "util/bf16.h"

namespace tunedesk::engine::kernels {
namespace {

inline float widen(float v) { return v; }
inline float widen(uint16_t bits) { return util::bf16_bits_to_fp32(bits); }

#if defined(__SSE2__)

// As gemv_avx2.cpp: one cache line prefetched 1 KiB ahead per line read.
constexpr bool kPrefetches = true;
inline void prefetch_ahead(const void* p) { _mm_prefetch(static_cast<const char*>(p) + 1024, _MM_HINT_T0); }

inline float horizontal_sum(__m128 v) {
  const __m128 pairs = _mm_add_ps(v, _mm_movehl_ps(v, v));
  return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_shuffle_ps(pairs, pairs, 1)));
}

// Eight weights as two vectors of four fp32 lanes: bf16 is the upper half of
// an fp32, so interleaving zeros below each value widens it.
struct Lanes8 {
  __m128 low, high;
};
inline Lanes8 load8(const float* p) { return {_mm_loadu_ps(p), _mm_loadu_ps(p + 4)}; }
inline Lanes8 load8(const uint16_t* p) {
  const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  const __m128i zero = _mm_setzero_si128();
  return {_mm_castsi128_ps(_mm_unpacklo_epi16(zero, h)), _mm_castsi128_ps(_mm_unpackhi_epi16(zero, h))};
}

// Σ w[c] · x[c], sixteen values a step in four sums.
template <class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  constexpr int64_t kPerLine = 64 / sizeof(Weight);
  __m128 s0 = _mm_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  int64_t c = 0;
  for (; c + 16 <= cols; c += 16) {
    for (int64_t line = 0; line < 16; line += kPerLine) prefetch_ahead(w + c + line);
    const Lanes8 a = load8(w + c), b = load8(w + c + 8);
    s0 = _mm_add_ps(s0, _mm_mul_ps(a.low, _mm_loadu_ps(x + c)));
    s1 = _mm_add_ps(s1, _mm_mul_ps(a.high, _mm_loadu_ps(x + c + 4)));
    s2 = _mm_add_ps(s2, _mm_mul_ps(b.low, _mm_loadu_ps(x + c + 8)));
    s3 = _mm_add_ps(s3, _mm_mul_ps(b.high, _mm_loadu_ps(x + c + 12)));
  }
  float s = horizontal_sum(_mm_add_ps(_mm_add_ps(s0, s1), _mm_add_ps(s2, s3)));
  for (; c < cols; ++c) s += widen(w[c]) * x[c];
  return s;
}

// Sixteen int8 values as two vectors of eight int16: the even bytes and the
// odd ones, each sign-extended in place (SSE2 has no byte multiply and no
// byte sign extension; shifts within the 16-bit lanes do both halves).
struct Int16Halves {
  __m128i even, odd;
};
inline Int16Halves sign_extend(const int8_t* p) {
  const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  return {_mm_srai_epi16(_mm_slli_epi16(v, 8), 8), _mm_srai_epi16(v, 8)};
}

// One block's 32 products q·x, summed exactly in four int32 lanes (pmaddwd
// adds them in pairs; at most 8 · 127 · 128 per lane).
inline __m128i block_products(const int8_t* q, const int8_t* x) {
  const Int16Halves q0 = sign_extend(q), x0 = sign_extend(x);
  const Int16Halves q1 = sign_extend(q + 16), x1 = sign_extend(x + 16);
  const __m128i a = _mm_add_epi32(_mm_madd_epi16(q0.even, x0.even), _mm_madd_epi16(q0.odd, x0.odd));
  const __m128i b = _mm_add_epi32(_mm_madd_epi16(q1.even, x1.even), _mm_madd_epi16(q1.odd, x1.odd));
  return _mm_add_epi32(a, b);
}

// Σ_b dw[b] · dx[b] · (block b's integer sum), two blocks (a cache line) a step.
float dot_q8_0(const int8_t* q, const float* dw, const int8_t* xq, const float* dx, int64_t blocks) {
  const auto scaled = [&](int64_t b) {
    return _mm_mul_ps(_mm_cvtepi32_ps(block_products(q + b * kQ8BlockSize, xq + b * kQ8BlockSize)),
                      _mm_set1_ps(dw[b] * dx[b]));
  };
  __m128 s0 = _mm_setzero_ps(), s1 = s0;
  int64_t b = 0;
  for (; b + 2 <= blocks; b += 2) {
    prefetch_ahead(q + b * kQ8BlockSize);
    s0 = _mm_add_ps(s0, scaled(b));
    s1 = _mm_add_ps(s1, scaled(b + 1));
  }
  if (b < blocks) s0 = _mm_add_ps(s0, scaled(b));
  return horizontal_sum(_mm_add_ps(s0, s1));
}

void bf16_to_f32(const uint16_t* w, float* out, int64_t count) {
  int64_t i = 0;
  for (; i + 8 <= count; i += 8) {
    const Lanes8 v = load8(w + i);
    _mm_storeu_ps(out + i, v.low);
    _mm_storeu_ps(out + i + 4, v.high);
  }
  for (; i < count; ++i) out[i] = widen(w[i]);
}

void q8_0_to_f32(const int8_t* q, const float* d, float* out, int64_t count) {
  for (int64_t b = 0; b < count / kQ8BlockSize; ++b) {
    const __m128 scale = _mm_set1_ps(d[b]);
    for (int64_t k = 0; k < kQ8BlockSize; k += 16) {
      // Sixteen int8 to int32 in order: each byte to the top of a 16-bit lane,
      // then to the top of a 32-bit lane, and shifted down with its sign.
      const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q + b * kQ8BlockSize + k));
      const __m128i lo16 = _mm_unpacklo_epi8(v, v), hi16 = _mm_unpackhi_epi8(v, v);
      const __m128i parts[4] = {_mm_srai_epi32(_mm_unpacklo_epi16(lo16, lo16), 24),
                                _mm_srai_epi32(_mm_unpackhi_epi16(lo16, lo16), 24),
                                _mm_srai_epi32(_mm_unpacklo_epi16(hi16, hi16), 24),
                                _mm_srai_epi32(_mm_unpackhi_epi16(hi16, hi16), 24)};
      for (int p = 0; p < 4; ++p)
        _mm_storeu_ps(out + b * kQ8BlockSize + k + 4 * p, _mm_mul_ps(scale, _mm_cvtepi32_ps(parts[p])));
    }
  }
}

#else  // plain C++

constexpr bool kPrefetches = false;

inline float sum8(const float* s) { return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])); }

template <class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  float s[8] = {};
  int64_t c = 0;
  for (; c + 8 <= cols; c += 8)
    for (int k = 0; k < 8; ++k) s[k] += widen(w[c + k]) * x[c + k];
  for (; c < cols; ++c) s[0] += widen(w[c]) * x[c];
  return sum8(s);
}

float dot_q8_0(const int8_t* q, const float* dw, const int8_t* xq, const float* dx, int64_t blocks) {
  float s = 0;
  for (int64_t b = 0; b < blocks; ++b) {
    int32_t block = 0;
    for (int64_t c = b * kQ8BlockSize; c < (b + 1) * kQ8BlockSize; ++c)
      block += static_cast<int32_t>(q[c]) * static_cast<int32_t>(xq[c]);
    s += dw[b] * dx[b] * static_cast<float>(block);
  }
  return s;
}

void bf16_to_f32(const uint16_t* w, float* out, int64_t count) {
  for (int64_t i = 0; i < count; ++i) out[i] = widen(w[i]);
}

void q8_0_to_f32(const int8_t* q, const float* d, float* out, int64_t count) {
  for (int64_t i = 0; i < count; ++i) out[i] = d[i / kQ8BlockSize] * static_cast<float>(q[i]);
}

#endif

void gemv_q8_0(const int8_t* q, const float* d, const int8_t* xq, const float* xd, float* y, int64_t n,
               int64_t first, int64_t last, int64_t rows, int64_t cols) {
  const int64_t blocks = cols / kQ8BlockSize;
  for (int64_t r = first; r < last; ++r)
    for (int64_t t = 0; t < n; ++t)
      y[t * rows + r] = dot_q8_0(q + r * cols, d + r * blocks, xq + t * cols, xd + t * blocks, blocks);
}

}  // namespace

void quantize_q8(const float* x, int8_t* q, float* d, int64_t count) {
  for (int64_t b = 0; b < count / kQ8BlockSize; ++b) {
    const float* xb = x + b * kQ8BlockSize;
    float amax = 0;
    for (int64_t i = 0; i < kQ8BlockSize; ++i) amax = std::max(amax, std::fabs(xb[i]));
    const float scale = amax / 127.0f;
    const float inverse = scale != 0.0f ? 1.0f / scale : 0.0f;
    d[b] = scale;
    for (int64_t i = 0; i < kQ8BlockSize; ++i) q[b * kQ8BlockSize + i] = static_cast<int8_t>(std::lround(xb[i] * inverse));
  }
}

const GemvKernels& baseline_kernels() {
  static const GemvKernels k{"baseline", gemv_rows<float, dot<float>>, gemv_rows<uint16_t, dot<uint16_t>>, gemv_q8_0,
                             bf16_to_f32, q8_0_to_f32, /*bf16_rounds_x=*/false, kPrefetches};
  return k;
}

}  // namespace tunedesk::engine::kernels
