// fp32 matrix products on the CPU through oneDNN's GEMM, called directly.
//
// libtorch computes fp32 products with the BLAS it links (OpenBLAS on
// Debian). Debian's libtorch also links oneDNN (libdnnl), whose GEMM is
// faster for the shapes of training: on the 2-core AMD EPYC (AVX2) oneDNN
// 2.6.3's sgemm ran the projections of a ~100M Llama 3–15% faster than
// OpenBLAS's Zen kernels, and a LoRA training step ~12% faster
// (docs/BENCHMARKS.md). So the linear layers and attention's products call
// oneDNN's sgemm themselves where libtorch's oneDNN is in the process; nothing is loaded for it: a
// libtorch without a shared oneDNN keeps its own products. bf16 stays with
// libtorch (its bf16 products go to oneDNN's matmul on AVX-512 CPUs).
// From AVX up: imitating an AVX CPU (Sandy/Ivy Bridge) on that EPYC, a LoRA
// step ran 1.8x faster on oneDNN's AVX GEMM than on OpenBLAS's better kernel
// for the class; at SSE4.1 the two were level (+3%), so there libtorch's stay.
//
// TUNEDESK_CPU_GEMM=blas keeps libtorch's products (to compare, or to rule
// this out); =onednn (the default) uses oneDNN where it is present.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <string>

namespace tunedesk::engine {

struct CpuGemm {
  bool onednn = false;  // linear layers' fp32 products go to oneDNN
  std::string library;  // "oneDNN 2.6.3 AVX2" (version, the level it runs at), or "" when no oneDNN is in the process
  unsigned isa = 0;     // that level, as dnnl_cpu_isa_t (DNNL_MAX_CPU_ISA lowers it)
  std::string why;      // when oneDNN is present but not used: the reason
  bool bf16 = false;    // oneDNN's bf16 GEMM (fp32 sums) is used too: the CPU has AVX512_BF16
};

// Whether oneDNN's GEMM at this level (dnnl_cpu_isa_t) is used: AVX and above.
bool onednn_gemm_pays(unsigned isa);

// Found once per process (the environment variable is read then; a value
// other than onednn or blas throws std::invalid_argument naming it).
const CpuGemm& cpu_gemm();

// The name oneDNN gives its instruction set level (dnnl_cpu_isa_t), for a
// version's major number: "AVX2", "AVX-512 BF16 + AMX", or the value in hex.
std::string onednn_isa_name(int major_version, unsigned isa);

// x · wᵀ (+ b) with autograd for x, w and b, the products through oneDNN's
// sgemm. x: fp32 CPU [..., in]; w: fp32 contiguous [out, in]; b: [out] or
// undefined. Call only where cpu_gemm().onednn (layers.h's apply_linear() does).
at::Tensor linear_onednn(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b);

// y = x · wᵀ without autograd, into rows `ldy` apart (a block of columns of
// a wider y): x [n, k] and w [count, k] with dense rows. Only where
// cpu_gemm().onednn (packed_weights.cpp's prefill, a widened tile at a time).
void multiply_rows_onednn(const float* x, int64_t n, int64_t k, const float* w, int64_t count, float* y, int64_t ldy);

// The same with x and w in bf16 (their bits) and fp32 y, the products
// summed in fp32: a bf16 prefill on a CPU with AVX512_BF16 reads the packed
// bf16 weights as they are (and x rounded to bf16, as the vector kernels
// there do). Only where cpu_gemm().bf16.
void multiply_rows_bf16_onednn(const uint16_t* x, int64_t n, int64_t k, const uint16_t* w, int64_t count, float* y,
                               int64_t ldy);

// alpha · A[i] · op(B[i]) (+ add[i]) for each batch entry i, with autograd
// for a and b: attention's scores and mixing. a: fp32 [batch, m, k]; b:
// [batch, k, n], or [batch, n, k] with b_transposed (keys read as rows);
// add: [batch, m, n] or broadcastable to it (a mask: it takes no gradient),
// or undefined. Views with dense rows are read in place. Only where
// cpu_gemm().onednn (layers.cpp's attention).
at::Tensor batched_product_onednn(const at::Tensor& a, const at::Tensor& b, bool b_transposed, double alpha,
                                  const at::Tensor& add);

}  // namespace tunedesk::engine
