// gemv_kernels.h's products for AVX-512 (F, BW, VL): sixteen fp32 lanes, the
// bf16 and int8 weights widened in registers. Built with -mavx512f
// -mavx512bw -mavx512vl -mfma -mf16c; called only when cpuid and the OS's
// saved state say so. avx512_bf16_kernels() is the same table with the bf16
// products on AVX512_BF16's pair instruction. The Q8_0 products use the AVX2 integer form
// (q8_dot_256.h): 512-bit pairs of blocks would need a scale per half, and
// no AVX-512 machine has measured the difference yet.
//
// Each table with and without the AVX2 kernels' prefetch (gemv_kernels.h);
// packing a model measures which is faster. On the one AVX-512 machine
// measured (Zen 4 EPYC, weights on huge pages) a line 256 B to 4 KiB ahead
// took one thread's bf16 stream from 22 to 18-20 GB/s, and fp32 decoding
// from 80 to 59 tokens/s on one thread, while Q8_0's products, which
// compute more per byte, gained from it (one thread: 124-139 tokens/s
// without, 133-150 with).
#include <immintrin.h>

#include "engine/kernels/gemv_kernels.h"
#include "engine/kernels/q8_dot_256.h"
#include "engine/kernels/row_loops.h"

namespace tunedesk::engine::kernels {
namespace {

// One cache line 1 KiB ahead (as gemv_avx2.cpp's).
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

// Σ w[c] · x[c], four sums in flight, the tail masked; kPrefetch: one cache
// line prefetched per line read.
template <bool kPrefetch, class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  constexpr int64_t kPerLine = 64 / sizeof(Weight);
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  int64_t c = 0;
  for (; c + 64 <= cols; c += 64) {
    if constexpr (kPrefetch)
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

// With AVX512_BF16 (Zen 4, Cooper Lake, Sapphire Rapids and later), one
// vdpbf16ps multiplies 32 bf16 pairs and adds them into 16 fp32 sums, where
// widening takes three instructions per 16 weights. It wants x in bf16 too:
// rounded to the nearest (ties to even) once per call, as llama.cpp's BF16
// products round theirs (rounding as the rows are read instead left the
// conversion the loop's bottleneck: perf on Zen 4). Compiled for that
// extension alone (a function attribute), called only where cpuid reports it.
#define TUNEDESK_BF16_PAIRS __attribute__((target("avx512f,avx512bw,avx512vl,avx512bf16")))

// Σ w[c] · x[c] over `cols` bf16 pairs, four sums in flight, the tail masked.
template <bool kPrefetch>
TUNEDESK_BF16_PAIRS float dot_bf16_pairs(const uint16_t* w, const uint16_t* x, int64_t cols) {
  const auto load = [](const uint16_t* p) { return reinterpret_cast<__m512bh>(_mm512_loadu_si512(p)); };
  __m512 s0 = _mm512_setzero_ps(), s1 = s0, s2 = s0, s3 = s0;
  int64_t c = 0;
  for (; c + 128 <= cols; c += 128) {
    if constexpr (kPrefetch)
      for (int64_t line = 0; line < 128; line += 32) prefetch_ahead(w + c + line);
    s0 = _mm512_dpbf16_ps(s0, load(w + c), load(x + c));
    s1 = _mm512_dpbf16_ps(s1, load(w + c + 32), load(x + c + 32));
    s2 = _mm512_dpbf16_ps(s2, load(w + c + 64), load(x + c + 64));
    s3 = _mm512_dpbf16_ps(s3, load(w + c + 96), load(x + c + 96));
  }
  for (; c + 32 <= cols; c += 32) s0 = _mm512_dpbf16_ps(s0, load(w + c), load(x + c));
  if (c < cols) {  // zeros in the lanes past the end add nothing
    const __mmask32 lanes = static_cast<__mmask32>((uint64_t{1} << (cols - c)) - 1u);
    s1 = _mm512_dpbf16_ps(s1, reinterpret_cast<__m512bh>(_mm512_maskz_loadu_epi16(lanes, w + c)),
                          reinterpret_cast<__m512bh>(_mm512_maskz_loadu_epi16(lanes, x + c)));
  }
  return _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(s0, s1), _mm512_add_ps(s2, s3)));
}

// `count` fp32 values rounded to bf16 (the last 32 masked).
TUNEDESK_BF16_PAIRS void round_to_bf16(const float* x, uint16_t* out, int64_t count) {
  for (int64_t c = 0; c < count; c += 32) {
    const int64_t left = count - c;
    const __mmask16 low = first_lanes(left < 16 ? left : 16), high = first_lanes(left > 32 ? 16 : left > 16 ? left - 16 : 0);
    const __m512bh pairs = _mm512_cvtne2ps_pbh(_mm512_maskz_loadu_ps(high, x + c + 16), _mm512_maskz_loadu_ps(low, x + c));
    const __mmask32 lanes = left >= 32 ? ~__mmask32{0} : static_cast<__mmask32>((uint64_t{1} << left) - 1u);
    _mm512_mask_storeu_epi16(out + c, lanes, reinterpret_cast<__m512i>(pairs));
  }
}

template <bool kPrefetch>
TUNEDESK_BF16_PAIRS void gemv_bf16_pairs(const uint16_t* w, const float* x, float* y, int64_t n, int64_t first,
                                         int64_t last, int64_t rows, int64_t cols) {
  // x's rows in bf16, on the stack (these files use no heap: nothing of the
  // standard library compiled here for AVX-512 may reach the rest of the
  // program), a span of columns at a time: all of them for one token of any
  // width up to 32,768.
  constexpr int64_t kRounded = 32768;  // values: 64 KiB
  alignas(64) uint16_t rounded[kRounded];
  for (int64_t t0 = 0; t0 < n; t0 += kRounded / 32) {  // tokens per group: a span of at least 32 columns each
    const int64_t tokens = n - t0 < kRounded / 32 ? n - t0 : kRounded / 32;
    const int64_t span = kRounded / tokens / 32 * 32;
    for (int64_t from = 0; from < cols; from += span) {
      const int64_t width = cols - from < span ? cols - from : span;
      for (int64_t t = 0; t < tokens; ++t) round_to_bf16(x + (t0 + t) * cols + from, rounded + t * width, width);
      for (int64_t r = first; r < last; ++r)
        for (int64_t t = 0; t < tokens; ++t) {
          const float part = dot_bf16_pairs<kPrefetch>(w + r * cols + from, rounded + t * width, width);
          float& out = y[(t0 + t) * rows + r];
          out = from == 0 ? part : out + part;
        }
    }
  }
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

// kBf16Pairs: the bf16 products on AVX512_BF16's pairs, x rounded to bf16.
template <bool kPrefetch, bool kBf16Pairs>
const GemvKernels& table() {
  static const GemvKernels k{kBf16Pairs ? "avx512_bf16" : "avx512",
                             gemv_rows<float, dot<kPrefetch, float>>,
                             kBf16Pairs ? gemv_bf16_pairs<kPrefetch> : gemv_rows<uint16_t, dot<kPrefetch, uint16_t>>,
                             gemv_q8_0_256<kPrefetch>,
                             bf16_to_f32,
                             q8_0_to_f32,
                             /*bf16_rounds_x=*/kBf16Pairs,
                             kPrefetch};
  return k;
}

}  // namespace

const GemvKernels& avx512_kernels(bool prefetch) {
  return prefetch ? table<true, false>() : table<false, false>();
}

const GemvKernels& avx512_bf16_kernels(bool prefetch) {
  return prefetch ? table<true, true>() : table<false, true>();
}

}  // namespace tunedesk::engine::kernels
