#include "engine/cpu_gemm.h"

#include "engine/cpu_features.h"

#include <ATen/Parallel.h>
#include <ATen/record_function.h>
#include <torch/torch.h>

#include <dlfcn.h>
#include <link.h>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::engine {
namespace {

// oneDNN's C API, as its headers declare it (the same in 2.x and 3.x);
// looked up in the process, not linked, so that a libtorch without a shared
// oneDNN still loads this library.
// Row-major C[M, N] = alpha · op(A) · op(B) + beta · C, op(A): [M, K].
using SgemmFn = int (*)(char transa, char transb, int64_t M, int64_t N, int64_t K, float alpha, const float* A,
                        int64_t lda, const float* B, int64_t ldb, float beta, float* C, int64_t ldc);
struct OneDnnVersion {
  int major, minor, patch;
  const char* hash;
  unsigned cpu_runtime, gpu_runtime;
};
using VersionFn = const OneDnnVersion* (*)();
using IsaFn = int (*)();

SgemmFn sgemm = nullptr;
// The same with bf16 A and B (their bits) and fp32 C: dnnl_gemm_bf16bf16f32.
using Bf16GemmFn = int (*)(char transa, char transb, int64_t M, int64_t N, int64_t K, float alpha, const uint16_t* A,
                           int64_t lda, const uint16_t* B, int64_t ldb, float beta, float* C, int64_t ldc);
Bf16GemmFn bf16_gemm = nullptr;

// TUNEDESK_CPU_GEMM: "onednn" (or unset), or "blas"; anything else is refused
// by name, wherever the engine starts, whether or not oneDNN is present.
std::string_view gemm_override() {
  const char* asked = std::getenv("TUNEDESK_CPU_GEMM");
  if (!asked || !*asked) return "onednn";
  const std::string_view value = asked;
  if (value != "onednn" && value != "blas")
    throw std::invalid_argument("TUNEDESK_CPU_GEMM=" + std::string(value) +
                                ": the CPU's fp32 products are onednn (the default) or blas (libtorch's own)");
  return value;
}

// The file of the oneDNN in this process, whatever its soname: Debian 12's
// libtorch 1.13 links libdnnl.so.2, sid's 2.x libdnnl.so.3.6 (not .so.3).
std::string loaded_onednn_path() {
  std::string found;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        const std::string_view path = info->dlpi_name ? info->dlpi_name : "";
        const std::size_t slash = path.rfind('/');
        const std::string_view file = slash == std::string_view::npos ? path : path.substr(slash + 1);
        if (file.rfind("libdnnl.so", 0) != 0) return 0;
        *static_cast<std::string*>(out) = std::string(path);
        return 1;
      },
      &found);
  return found;
}

CpuGemm find_cpu_gemm() {
  (void)gemm_override();  // checked even where no oneDNN is loaded
  CpuGemm found;
  // Only a oneDNN already loaded (by libtorch): RTLD_NOLOAD loads nothing.
  const std::string path = loaded_onednn_path();
  void* library = path.empty() ? nullptr : dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (!library) return found;
  const auto version = reinterpret_cast<VersionFn>(dlsym(library, "dnnl_version"));
  const auto isa = reinterpret_cast<IsaFn>(dlsym(library, "dnnl_get_effective_cpu_isa"));
  const auto product = reinterpret_cast<SgemmFn>(dlsym(library, "dnnl_sgemm"));
  if (!version || !isa || !product) return found;
  const OneDnnVersion* v = version();
  found.isa = static_cast<unsigned>(isa());
  found.library = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                  std::to_string(v->patch) + " " + onednn_isa_name(v->major, found.isa);
  const std::string_view asked = gemm_override();
  if (asked == "blas") found.why = "TUNEDESK_CPU_GEMM=blas";
  if (found.why.empty() && !onednn_gemm_pays(found.isa)) found.why = "oneDNN's level is below AVX";
  if (found.why.empty()) {
    sgemm = product;
    found.onednn = true;
  }
  // bf16 products only where the CPU has bf16 dot products: elsewhere oneDNN
  // would emulate them, slower than widening to fp32.
  if (found.onednn && cpu_features().avx512_bf16) {
    bf16_gemm = reinterpret_cast<Bf16GemmFn>(dlsym(library, "dnnl_gemm_bf16bf16f32"));
    found.bf16 = bf16_gemm != nullptr;
  }
  return found;
}

// A oneDNN GEMM's status, as an exception naming the product's shapes.
void check_gemm_status(const char* gemm, int status, int64_t m, int64_t k, int64_t n) {
  if (status != 0)
    throw std::runtime_error(std::string("oneDNN's ") + gemm + " failed (status " + std::to_string(status) + ") for [" +
                             std::to_string(m) + " x " + std::to_string(k) + "] · [" + std::to_string(k) + " x " +
                             std::to_string(n) + "]");
}

void multiply(char transa, char transb, int64_t m, int64_t n, int64_t k, const float* a, int64_t lda,
              const float* b, int64_t ldb, float* c, int64_t ldc, float alpha = 1.0f, float beta = 0.0f) {
  // oneDNN's OpenMP region takes this thread's OpenMP thread count, which
  // libtorch sets lazily per thread: ask for it first, so that a product on a
  // thread that has not run a libtorch operator yet uses the configured count.
  (void)at::get_num_threads();
  RECORD_USER_SCOPE("onednn::sgemm");  // a range of its own in libtorch's profiler (bench/op_profile.h)
  check_gemm_status("sgemm", sgemm(transa, transb, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc), m, k, n);
}

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

struct LinearFunction : public torch::autograd::Function<LinearFunction> {
  // x: [..., in], w: [out, in] → [..., out]. The bias is added outside:
  // Function::apply takes no undefined tensor.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& w) {
    const int64_t in = w.size(1), out = w.size(0);
    const at::Tensor rows = x.reshape({-1, in}).contiguous();
    at::Tensor y = at::empty({rows.size(0), out}, x.options());
    multiply('N', 'T', rows.size(0), out, in, rows.data_ptr<float>(), in, w.data_ptr<float>(), in,
             y.data_ptr<float>(), out);
    ctx->save_for_backward({w});
    // x is kept only for w's gradient (LoRA's frozen weights need none).
    if (w.requires_grad()) ctx->saved_data["x"] = x;
    std::vector<int64_t> shape = x.sizes().vec();
    shape.back() = out;
    return y.view(shape);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor& w = saved[0];
    const int64_t in = w.size(1), out = w.size(0);
    const at::Tensor dy = grad_outputs[0].reshape({-1, out}).contiguous();  // [rows, out]
    const int64_t rows = dy.size(0);
    at::Tensor dx, dw;
    if (ctx->needs_input_grad(0)) {  // dy · w: [rows, in]
      dx = at::empty({rows, in}, dy.options());
      multiply('N', 'N', rows, in, out, dy.data_ptr<float>(), out, w.data_ptr<float>(), in, dx.data_ptr<float>(), in);
      std::vector<int64_t> shape = grad_outputs[0].sizes().vec();
      shape.back() = in;
      dx = dx.view(shape);
    }
    if (ctx->needs_input_grad(1)) {  // dyᵀ · x: [out, in]
      const at::Tensor x_rows = ctx->saved_data["x"].toTensor().reshape({-1, in}).contiguous();
      dw = at::empty({out, in}, dy.options());
      multiply('T', 'N', out, in, rows, dy.data_ptr<float>(), out, x_rows.data_ptr<float>(), in,
               dw.data_ptr<float>(), in);
    }
    return {dx, dw};
  }
};

// A 3-D operand as the GEMM reads it: each batch entry's rows dense
// (stride 1 along the last axis), `ld` apart; copied where not.
struct Operand {
  at::Tensor t;
  int64_t ld;
  explicit Operand(const at::Tensor& x) : t(x.stride(2) == 1 && x.stride(1) >= x.size(2) ? x : x.contiguous()), ld(t.stride(1)) {
    if (t.size(1) == 1) ld = std::max<int64_t>(ld, t.size(2));  // one row: any ld ≥ its width will do
  }
  const float* at(int64_t batch) const { return t.data_ptr<float>() + batch * t.stride(0); }
};

// C[i] = alpha · A[i] · op(B[i]) (+ D[i]): A [batch, m, k]; B [batch, k, n],
// or [batch, n, k] when b_transposed; D (optional, no gradient: attention's
// mask) [batch, m, n]. Autograd for A and B.
struct BatchedProductFunction : public torch::autograd::Function<BatchedProductFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& a, const at::Tensor& b, bool b_transposed,
                            double alpha, const at::Tensor* add) {
    const Operand A(a), B(b);
    const int64_t batch = a.size(0), m = a.size(1), k = a.size(2), n = b_transposed ? b.size(1) : b.size(2);
    at::Tensor c = add ? add->expand({batch, m, n}).contiguous() : at::empty({batch, m, n}, a.options());
    float* out = c.data_ptr<float>();
    for (int64_t i = 0; i < batch; ++i)
      multiply('N', b_transposed ? 'T' : 'N', m, n, k, A.at(i), A.ld, B.at(i), B.ld, out + i * m * n, n,
               static_cast<float>(alpha), add ? 1.0f : 0.0f);
    ctx->save_for_backward({A.t, B.t});
    ctx->saved_data["b_transposed"] = b_transposed;
    ctx->saved_data["alpha"] = alpha;
    return c;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const Operand A(saved[0]), B(saved[1]);
    const bool b_transposed = ctx->saved_data["b_transposed"].toBool();
    const float alpha = static_cast<float>(ctx->saved_data["alpha"].toDouble());
    const at::Tensor dc = grad_outputs[0].contiguous();  // [batch, m, n]
    const int64_t batch = dc.size(0), m = dc.size(1), n = dc.size(2), k = A.t.size(2);
    const float* d = dc.data_ptr<float>();
    at::Tensor da, db;
    if (ctx->needs_input_grad(0)) {  // alpha · dC · op(B)ᵀ: [m, k]
      da = at::empty({batch, m, k}, dc.options());
      for (int64_t i = 0; i < batch; ++i)
        multiply('N', b_transposed ? 'N' : 'T', m, k, n, d + i * m * n, n, B.at(i), B.ld,
                 da.data_ptr<float>() + i * m * k, k, alpha);
    }
    if (ctx->needs_input_grad(1)) {  // B as stored: alpha · dCᵀ · A [n, k], or alpha · Aᵀ · dC [k, n]
      db = at::empty(b_transposed ? std::vector<int64_t>{batch, n, k} : std::vector<int64_t>{batch, k, n}, dc.options());
      float* out = db.data_ptr<float>();
      for (int64_t i = 0; i < batch; ++i) {
        if (b_transposed) multiply('T', 'N', n, k, m, d + i * m * n, n, A.at(i), A.ld, out + i * n * k, k, alpha);
        else multiply('T', 'N', k, n, m, A.at(i), A.ld, d + i * m * n, n, out + i * k * n, n, alpha);
      }
    }
    return {da, db, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

}  // namespace

const CpuGemm& cpu_gemm() {
  static const CpuGemm found = find_cpu_gemm();
  return found;
}

bool onednn_gemm_pays(unsigned isa) {
  constexpr unsigned kIsaAvx = 0x3;  // dnnl_cpu_isa_t's AVX: SSE4.1 and the AVX bit
  return (isa & kIsaAvx) == kIsaAvx;
}

std::string onednn_isa_name(int major_version, unsigned isa) {
  switch (isa) {  // dnnl_cpu_isa_t values that 2.x and 3.x share
    case 0x1: return "SSE4.1";
    case 0x3: return "AVX";
    case 0x7: return "AVX2";
    case 0x27: return "AVX-512";
    case 0x67: return "AVX-512 VNNI";
    case 0xe7: return "AVX-512 BF16";
  }
  if (major_version == 2) {
    if (isa == 0x407) return "AVX2 VNNI";
    if (isa == 0x3e7) return "AVX-512 BF16 + AMX";
  } else if (major_version == 3) {
    if (isa == 0xf) return "AVX2 VNNI";
    if (isa == 0x1f) return "AVX2 VNNI 2";
    if (isa == 0x1ef) return "AVX-512 FP16";
    if (isa == 0xfef) return "AVX-512 BF16 + AMX";
    if (isa == 0x1fef) return "AVX-512 FP16 + AMX";
  }
  char hex[16];
  std::snprintf(hex, sizeof hex, "ISA 0x%x", isa);
  return hex;
}

void multiply_rows_onednn(const float* x, int64_t n, int64_t k, const float* w, int64_t count, float* y, int64_t ldy) {
  if (!cpu_gemm().onednn) throw std::logic_error("multiply_rows_onednn: oneDNN is not in use");
  multiply('N', 'T', n, count, k, x, k, w, k, y, ldy);
}

void multiply_rows_bf16_onednn(const uint16_t* x, int64_t n, int64_t k, const uint16_t* w, int64_t count, float* y,
                               int64_t ldy) {
  if (!cpu_gemm().bf16) throw std::logic_error("multiply_rows_bf16_onednn: oneDNN's bf16 GEMM is not in use");
  (void)at::get_num_threads();  // as multiply(): the configured thread count on this thread
  RECORD_USER_SCOPE("onednn::gemm_bf16bf16f32");
  check_gemm_status("bf16 GEMM", bf16_gemm('N', 'T', n, count, k, 1.0f, x, k, w, k, 0.0f, y, ldy), n, k, count);
}

at::Tensor batched_product_onednn(const at::Tensor& a, const at::Tensor& b, bool b_transposed, double alpha,
                                  const at::Tensor& add) {
  if (!cpu_gemm().onednn) throw std::logic_error("batched_product_onednn: oneDNN is not in use");
  return BatchedProductFunction::apply(a, b, b_transposed, alpha, add.defined() ? &add : nullptr);
}

at::Tensor linear_onednn(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  if (!cpu_gemm().onednn) throw std::logic_error("linear_onednn: oneDNN is not in use");
  const at::Tensor y = LinearFunction::apply(x, w);
  return b.defined() ? y + b : y;
}

}  // namespace tunedesk::engine
