// Matrix-vector products over weights in the forms decoding reads fastest
// (fp32, bf16, or int8 blocks with a scale per 32 values as ggml's Q8_0),
// with fp32 inputs and fp32 sums, and the widening of those forms back to
// fp32 for products with many rows. One table of functions per instruction
// set (cpu_features.h's KernelLevel), each compiled in its own file with its
// own -m flags; those files include nothing but this header and the
// intrinsics, so that no inline function compiled for a bigger CPU can leak
// into the rest of the program.
//
// Shapes: W row-major [rows, cols]; x: n rows of cols values, one after
// another (x + t·cols); y: n rows of `rows` values (y + t·rows). A call
// computes the output rows [first, last) of every x row:
//   y[t, r] = Σ_c W[r, c] · x[t, c]
// Q8_0: q int8 [rows, cols], d fp32 [rows, cols / 32]; cols a multiple of 32;
//   W[r, c] = d[r, c / 32] · q[r, c]. As llama.cpp does for Q8_0 weights, x
//   is quantized too, to int8 blocks of 32 with an fp32 scale each (xq, xd:
//   quantize_q8), and each block's products are summed exactly in integers:
//   y[t, r] = Σ_b d[r, b] · xd[t, b] · Σ_{c in b} q[r, c] · xq[t, c]
// bf16: the upper 16 bits of an IEEE fp32 (W = bits << 16).
#pragma once

#include <cstdint>

namespace tunedesk::engine::kernels {

struct GemvKernels {
  const char* name;  // the level's name: "baseline", "avx2", "avx512"
  void (*f32)(const float* w, const float* x, float* y, int64_t n, int64_t first, int64_t last, int64_t rows,
              int64_t cols);
  void (*bf16)(const uint16_t* w, const float* x, float* y, int64_t n, int64_t first, int64_t last, int64_t rows,
               int64_t cols);
  void (*q8_0)(const int8_t* q, const float* d, const int8_t* xq, const float* xd, float* y, int64_t n,
               int64_t first, int64_t last, int64_t rows, int64_t cols);
  // `count` values widened to fp32 (Q8_0: a multiple of 32, d one scale per 32).
  void (*bf16_to_f32)(const uint16_t* w, float* out, int64_t count);
  void (*q8_0_to_f32)(const int8_t* q, const float* d, float* out, int64_t count);
  // Whether the bf16 product reads x rounded to bf16 (to the nearest, ties to
  // even), as AVX512_BF16's pair instruction wants, rather than in fp32.
  bool bf16_rounds_x;
  // Whether the products prefetch the weights, a cache line 1 KiB ahead per
  // line read (the widenings never do).
  bool prefetches;
};

const GemvKernels& baseline_kernels();  // its SSE2 products prefetch; plain C++ does not
#if defined(__x86_64__)
// The AVX2 and AVX-512 tables come twice, with and without the prefetch:
// which is faster depends on the machine, not on the instruction set (the
// AVX2 products on an AVX2 EPYC: 17 -> 22 GB/s with it; on a Zen 4, 10-30%
// slower with it), so decoding measures both (packed_weights.h's
// choose_prefetch).
const GemvKernels& avx2_kernels(bool prefetch);
const GemvKernels& avx512_kernels(bool prefetch);
// avx512_kernels() with the bf16 products on AVX512_BF16 (cpu_features().avx512_bf16).
const GemvKernels& avx512_bf16_kernels(bool prefetch);
#endif

constexpr int64_t kQ8BlockSize = 32;  // values per Q8_0 scale, as ggml's QK8_0

// x's blocks for the Q8_0 products: `count` values (a multiple of 32) into
// int8 q and one fp32 scale per block, max|x| / 127, q = x / scale rounded
// to the nearest (half away from zero). The same on every level.
void quantize_q8(const float* x, int8_t* q, float* d, int64_t count);

}  // namespace tunedesk::engine::kernels
