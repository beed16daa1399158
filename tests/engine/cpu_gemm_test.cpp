// The linear layers' fp32 products through oneDNN (engine/cpu_gemm.h):
// values and all three gradients against libtorch's linear in fp64, and that
// the path is taken where libtorch brought its oneDNN.
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <cstdlib>
#include <fstream>
#include <string>

#include "engine/cpu_gemm.h"
#include "engine/device.h"
#include "engine/layers.h"

using namespace tunedesk::engine;

namespace {

// Whether a oneDNN shared library is mapped into this process (by libtorch).
bool onednn_is_loaded() {
  std::ifstream maps("/proc/self/maps");
  for (std::string line; std::getline(maps, line);)
    if (line.find("/libdnnl.so") != std::string::npos) return true;
  return false;
}

void expect_close(const at::Tensor& got, const at::Tensor& want, const char* what) {
  ASSERT_TRUE(got.defined()) << what;
  ASSERT_EQ(got.sizes(), want.sizes()) << what;
  const double error = (got.to(torch::kDouble) - want).abs().max().item<double>();
  const double scale = want.abs().max().item<double>() + 1e-12;
  EXPECT_LT(error / scale, 2e-6) << what << ": max error " << error << " against max " << scale;
}

// One case: y = x · wᵀ (+ b) and the gradients of Σ y · dy, against fp64.
void check_linear(const at::Tensor& x_in, int64_t out, bool with_bias, bool x_trains, bool w_trains) {
  torch::manual_seed(7);
  const int64_t in = x_in.size(-1);
  const at::Tensor x = x_in.detach().requires_grad_(x_trains);
  const at::Tensor w = torch::randn({out, in}).requires_grad_(w_trains);
  const at::Tensor b = with_bias ? torch::randn({out}).requires_grad_(true) : at::Tensor();
  const at::Tensor y = linear_onednn(x, w, b);

  const at::Tensor x64 = x.detach().to(torch::kDouble).requires_grad_(x_trains);
  const at::Tensor w64 = w.detach().to(torch::kDouble).requires_grad_(w_trains);
  const at::Tensor b64 = with_bias ? b.detach().to(torch::kDouble).requires_grad_(true) : at::Tensor();
  const at::Tensor want = torch::nn::functional::linear(x64, w64, b64);
  expect_close(y.detach(), want.detach(), "y");

  const at::Tensor dy = torch::randn(want.sizes(), torch::kDouble);
  (y * dy.to(torch::kFloat)).sum().backward();
  (want * dy).sum().backward();
  if (x_trains) expect_close(x.grad(), x64.grad(), "dx");
  if (w_trains) {
    expect_close(w.grad(), w64.grad(), "dw");
  } else {
    EXPECT_FALSE(w.grad().defined());
  }
  if (with_bias) expect_close(b.grad(), b64.grad(), "db");
}

}  // namespace

TEST(CpuGemm, NamesOneDnnsInstructionSetLevels) {
  EXPECT_EQ(onednn_isa_name(2, 0x7), "AVX2");
  EXPECT_FALSE(onednn_gemm_pays(0x1));  // SSE4.1
  EXPECT_TRUE(onednn_gemm_pays(0x3));   // AVX
  EXPECT_TRUE(onednn_gemm_pays(0x7));
  EXPECT_TRUE(onednn_gemm_pays(0x3e7));
  EXPECT_EQ(onednn_isa_name(2, 0xe7), "AVX-512 BF16");
  EXPECT_EQ(onednn_isa_name(2, 0x3e7), "AVX-512 BF16 + AMX");
  EXPECT_EQ(onednn_isa_name(3, 0xfef), "AVX-512 BF16 + AMX");
  EXPECT_EQ(onednn_isa_name(2, 0x407), "AVX2 VNNI");
  EXPECT_EQ(onednn_isa_name(3, 0xf), "AVX2 VNNI");
  EXPECT_EQ(onednn_isa_name(2, 0xf), "ISA 0xf");  // 2.x's deprecated Xeon Phi level: not named
}

// Debian's libtorch 1.13 links libdnnl: there the linear layers must use it
// from AVX up (unless told not to), and the runtime description must say so.
// CTest runs this again with oneDNN held to SSE4.1 and to AVX (DNNL_MAX_CPU_ISA).
TEST(CpuGemm, TheLinearLayersUseTheOneDnnLibtorchBrought) {
  if (!onednn_is_loaded()) GTEST_SKIP() << "this libtorch has no shared oneDNN; its own products are used";
  const CpuGemm& gemm = cpu_gemm();
  EXPECT_EQ(gemm.library.rfind("oneDNN ", 0), 0u) << gemm.library;
  const char* asked = std::getenv("TUNEDESK_CPU_GEMM");
  const bool blas_asked = asked && std::string(asked) == "blas";
  const char* env_limit = std::getenv("DNNL_MAX_CPU_ISA");
  const std::string limit = env_limit ? env_limit : "";
  const bool below_avx = limit == "SSE41";
  // Held to a level, oneDNN names that level.
  const std::string level = limit == "SSE41" ? " SSE4.1" : limit == "AVX" ? " AVX" : "";
  EXPECT_TRUE(gemm.library.size() >= level.size() &&
              gemm.library.compare(gemm.library.size() - level.size(), level.size(), level) == 0)
      << gemm.library << " for DNNL_MAX_CPU_ISA=" << limit;
  EXPECT_EQ(gemm.onednn, !blas_asked && !below_avx) << gemm.why;
  EXPECT_EQ(onednn_gemm_pays(gemm.isa), !below_avx) << gemm.library;
  if (!blas_asked && below_avx) {
    EXPECT_EQ(gemm.why, "oneDNN's level is below AVX");
  }
  const std::string d = runtime_description();
  if (gemm.onednn) EXPECT_NE(d.find("linear layers on " + gemm.library), std::string::npos) << d;
  else EXPECT_NE(d.find(gemm.why), std::string::npos) << d;
}

TEST(CpuGemm, LinearMatchesLibtorchWithAllGradients) {
  if (!cpu_gemm().onednn)
    GTEST_SKIP() << "oneDNN not in use here (" << (cpu_gemm().library.empty() ? "none in the process" : cpu_gemm().why)
                 << ")";
  torch::manual_seed(3);
  check_linear(torch::randn({2, 5, 7}), 3, /*with_bias=*/true, /*x_trains=*/true, /*w_trains=*/true);
  check_linear(torch::randn({2, 5, 7}), 3, false, true, false);  // LoRA's frozen weight: no dw, no saved x
  check_linear(torch::randn({9, 16}), 11, false, false, true);   // only the weight trains
  check_linear(torch::randn({64, 96}), 200, true, true, true);   // blocked inside the GEMM
  // A non-contiguous input (a transposed view) and a single row.
  check_linear(torch::randn({7, 4, 6}).transpose(0, 1), 5, true, true, true);
  check_linear(torch::randn({1, 33}), 8, false, true, true);
}

// layers.h's apply_linear() routes fp32 CPU tensors here and keeps the rest on
// libtorch (fp64, bf16, a non-contiguous weight): each gives linear's values.
TEST(CpuGemm, LinearRoutesWhatItCanAndKeepsTheRest) {
  torch::manual_seed(5);
  const at::Tensor x = torch::randn({3, 8}), w = torch::randn({4, 8}), b = torch::randn({4});
  const at::Tensor want = torch::nn::functional::linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble));
  expect_close(apply_linear(x, w, b), want, "fp32");
  expect_close(apply_linear(x.to(torch::kDouble), w.to(torch::kDouble), b.to(torch::kDouble)), want, "fp64");
  const at::Tensor wt = torch::randn({8, 4}).t();  // [4, 8], not contiguous
  expect_close(apply_linear(x, wt, {}), torch::nn::functional::linear(x.to(torch::kDouble), wt.to(torch::kDouble)),
               "strided weight");
  const at::Tensor bf = apply_linear(x.to(torch::kBFloat16), w.to(torch::kBFloat16));
  EXPECT_EQ(bf.scalar_type(), torch::kBFloat16);
  EXPECT_LT((bf.to(torch::kDouble) - torch::nn::functional::linear(x.to(torch::kDouble), w.to(torch::kDouble))).abs().max().item<double>(),
            0.2);
}

// Attention's products: alpha · A · op(B) (+ a mask) per batch entry, with
// the gradients of A and B, against fp64 bmm; B read in place from views
// with dense rows (the keys and values of a longer cache, narrowed).
TEST(CpuGemm, BatchedProductsMatchBmmWithGradients) {
  if (!cpu_gemm().onednn) GTEST_SKIP() << "oneDNN not in use here";
  torch::manual_seed(11);
  for (const bool b_transposed : {true, false}) {
    for (const bool with_mask : {true, false}) {
      const at::Tensor cache = torch::randn({3, 20, 8});  // [batch, positions, head_dim]
      const at::Tensor a = torch::randn({3, 40, 12}).narrow(1, 5, 6).narrow(2, 0, 8).detach().requires_grad_(true);
      // keys as rows (transposed: [batch, n = 9 positions, k = 8]) or values ([batch, k = 8, n]).
      const at::Tensor b_source = b_transposed ? cache.clone() : torch::randn({3, 8, 30});
      const at::Tensor b = (b_transposed ? b_source.narrow(1, 0, 9) : b_source.narrow(2, 2, 9)).detach().requires_grad_(true);
      const at::Tensor mask = with_mask ? torch::randn({6, 9}) : at::Tensor();
      const double alpha = b_transposed ? 0.35 : 1.0;
      const at::Tensor c = batched_product_onednn(a, b, b_transposed, alpha, mask);

      const at::Tensor a64 = a.detach().to(torch::kDouble).requires_grad_(true);
      const at::Tensor b64 = b.detach().to(torch::kDouble).requires_grad_(true);
      const at::Tensor op_b = b_transposed ? b64.transpose(1, 2) : b64;
      at::Tensor want = torch::bmm(a64, op_b) * alpha;
      if (with_mask) want = want + mask.to(torch::kDouble);
      expect_close(c.detach(), want.detach(), b_transposed ? "scores" : "mixed");
      const at::Tensor dc = torch::randn(want.sizes(), torch::kDouble);
      (c * dc.to(torch::kFloat)).sum().backward();
      (want * dc).sum().backward();
      expect_close(a.grad(), a64.grad(), "da");
      expect_close(b.grad(), b64.grad(), "db");
    }
  }
}
