// Decoding's packed weights: the CPU feature choice and its override, every
// kernel level this CPU can run (forced one by one) against the composite
// libtorch form, and whole models of every family giving, packed, the logits
// of the same model with its weights rounded to the packed format.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

#include "data/test_support.h"
#include "engine/causal_lm.h"
#include "engine/cpu_features.h"
#include "engine/cpu_gemm.h"
#include "engine/kernels/gemv_kernels.h"
#include "engine/lora.h"
#include "engine/packed_weights.h"
#include "gguf/quant_blocks.h"
#include "model/tiny_model.h"

using namespace tunedesk;
using namespace tunedesk::engine;

namespace {

CpuFeatures avx2_only() {
  CpuFeatures f;
  f.avx2 = f.fma = f.f16c = true;
  return f;
}

// The levels this CPU can run, each with its kernel tables (with and without prefetch).
std::vector<std::pair<KernelLevel, const kernels::GemvKernels*>> runnable_levels() {
  std::vector<std::pair<KernelLevel, const kernels::GemvKernels*>> out{{KernelLevel::baseline, &kernels::baseline_kernels()}};
#if defined(__x86_64__)
  for (const bool prefetch : {false, true}) {
    if (cpu_features().best() >= KernelLevel::avx2) out.push_back({KernelLevel::avx2, &kernels::avx2_kernels(prefetch)});
    if (cpu_features().best() >= KernelLevel::avx512)
      out.push_back({KernelLevel::avx512, &kernels::avx512_kernels(prefetch)});
    if (cpu_features().best() >= KernelLevel::avx512 && cpu_features().avx512_bf16)
      out.push_back({KernelLevel::avx512, &kernels::avx512_bf16_kernels(prefetch)});
  }
#endif
  return out;
}

// Rows of a packed matrix's values, widened by libtorch (not by the kernels).
at::Tensor widened_by_libtorch(const at::Tensor& w, WeightFormat format) {
  if (format == WeightFormat::fp32) return w;
  if (format == WeightFormat::bf16) return w.to(torch::kBFloat16).to(torch::kFloat);
  at::Tensor out = torch::empty_like(w);
  const at::Tensor dense = w.contiguous();
  char block[34];
  for (int64_t i = 0; i < w.numel(); i += 32) {
    gguf::blocks::encode_q8_0(dense.data_ptr<float>() + i, block);
    gguf::blocks::decode_q8_0(block, out.data_ptr<float>() + i);
  }
  return out;
}

}  // namespace

TEST(CpuFeatures, ChoosesTheBestLevelOrALowerOneAskedFor) {
  const CpuFeatures f = avx2_only();
  EXPECT_EQ(f.best(), KernelLevel::avx2);
  EXPECT_EQ(choose_kernel_level(f, nullptr), KernelLevel::avx2);
  EXPECT_EQ(choose_kernel_level(f, ""), KernelLevel::avx2);
  EXPECT_EQ(choose_kernel_level(f, "baseline"), KernelLevel::baseline);
  EXPECT_EQ(choose_kernel_level(f, "avx2"), KernelLevel::avx2);
  CpuFeatures no_fma = f;
  no_fma.fma = false;
  EXPECT_EQ(no_fma.best(), KernelLevel::baseline);  // AVX2 without FMA is not the avx2 level
  CpuFeatures server = f;
  server.avx512f = server.avx512bw = server.avx512vl = true;
  EXPECT_EQ(server.best(), KernelLevel::avx512);
}

TEST(CpuFeatures, RefusesALevelTheCpuLacksOrAnUnknownName) {
  try {
    choose_kernel_level(avx2_only(), "avx512");
    FAIL() << "a bigger level than the CPU's was accepted";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("TUNEDESK_CPU_KERNELS=avx512"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("at most the avx2"), std::string::npos) << e.what();
  }
  EXPECT_THROW(choose_kernel_level(avx2_only(), "sse9"), std::invalid_argument);
  EXPECT_FALSE(describe_cpu().empty());
}

// x as the Q8_0 products read it: quantized to int8 blocks, widened back.
at::Tensor quantized_activations(const at::Tensor& x) {
  const at::Tensor dense = x.contiguous();
  std::vector<int8_t> q(static_cast<std::size_t>(x.numel()));
  std::vector<float> d(static_cast<std::size_t>(x.numel() / 32));
  kernels::quantize_q8(dense.data_ptr<float>(), q.data(), d.data(), x.numel());
  at::Tensor out = torch::empty_like(dense);
  for (int64_t i = 0; i < x.numel(); ++i) out.data_ptr<float>()[i] = d[static_cast<std::size_t>(i / 32)] * q[static_cast<std::size_t>(i)];
  return out;
}

TEST(GemvKernels, QuantizesActivationsAsLlamaCppDoesForQ8_0) {
  std::vector<float> x(64, 0.0f);  // the second block stays zero
  for (int i = 0; i < 32; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(i - 16) * 0.25f;  // max |x| = 4: scale 4/127
  std::vector<int8_t> q(64);
  std::vector<float> d(2);
  kernels::quantize_q8(x.data(), q.data(), d.data(), 64);
  EXPECT_FLOAT_EQ(d[0], 4.0f / 127.0f);
  EXPECT_EQ(q[0], -127);                              // the largest magnitude takes the end of the range
  EXPECT_EQ(q[18], static_cast<int8_t>(std::lround(0.5f * 127.0f / 4.0f)));  // 15.875 -> 16
  EXPECT_EQ(d[1], 0.0f);
  for (int i = 32; i < 64; ++i) EXPECT_EQ(q[static_cast<std::size_t>(i)], 0);
}

TEST(GemvKernels, EveryLevelThisCpuRunsAgreesWithLibtorch) {
  torch::manual_seed(3);
  // Columns with and without a tail past the vector width, under and over 16 past the last 32 (Q8_0 needs multiples of 32).
  // 11008: wider than AVX512_BF16's span of rounded x for three rows (10,912), so it runs in two.
  for (const int64_t cols : {int64_t{96}, int64_t{800}, int64_t{45}, int64_t{59}, int64_t{11008}}) {
    const int64_t rows = 37, n = 3;
    const at::Tensor w = torch::randn({rows, cols});
    const at::Tensor x = torch::randn({n, cols});
    for (const auto& [level, table] : runnable_levels()) {
      for (WeightFormat format : {WeightFormat::fp32, WeightFormat::bf16, WeightFormat::q8_0}) {
        if (format == WeightFormat::q8_0 && cols % 32 != 0) continue;
        SCOPED_TRACE(std::string(table->name) + (table->prefetches ? " prefetching " : " ") +
                     weight_format_name(format) + " cols " + std::to_string(cols));
        PackedMatrix packed = PackedMatrix::pack(w, format, level);
        packed.set_prefetch(table->prefetches);
        const at::Tensor reference = widened_by_libtorch(w, format);
        EXPECT_TRUE(torch::equal(packed.to_f32(), reference)) << "widening differs from libtorch's";
        // Rows [5, rows) only: the kernels must touch nothing else.
        at::Tensor y = torch::full({n, rows}, 7.0f);
        const at::Tensor xs = x.contiguous();
        if (format == WeightFormat::fp32) {
          const at::Tensor wc = w.contiguous();
          table->f32(wc.data_ptr<float>(), xs.data_ptr<float>(), y.data_ptr<float>(), n, 5, rows, rows, cols);
        } else if (format == WeightFormat::bf16) {
          const at::Tensor bits = w.to(torch::kBFloat16).contiguous();
          table->bf16(reinterpret_cast<const uint16_t*>(bits.data_ptr<at::BFloat16>()), xs.data_ptr<float>(),
                      y.data_ptr<float>(), n, 5, rows, rows, cols);
        } else {
          // The packed matrix's own products, this level's.
          y = packed.apply(x);
          y.narrow(1, 0, 5).fill_(7.0f);
        }
        // What the products read of x: Q8_0 quantizes it; AVX512_BF16's pairs round it to bf16.
        const at::Tensor read_x = format == WeightFormat::q8_0                       ? quantized_activations(x)
                                  : format == WeightFormat::bf16 && table->bf16_rounds_x ? x.to(torch::kBFloat16).to(torch::kFloat)
                                                                                        : x;
        const at::Tensor expected = torch::matmul(read_x.to(torch::kDouble), reference.to(torch::kDouble).t());
        // fp32 sums: their rounding grows with the row's length.
        const double atol = 1e-4 * std::max(1.0, static_cast<double>(cols) / 800);
        EXPECT_TRUE(torch::allclose(y.narrow(1, 5, rows - 5).to(torch::kDouble), expected.narrow(1, 5, rows - 5), 1e-5, atol))
            << (y.narrow(1, 5, rows - 5).to(torch::kDouble) - expected.narrow(1, 5, rows - 5)).abs().max().item<double>();
        EXPECT_TRUE(torch::all(y.narrow(1, 0, 5) == 7.0f).item<bool>()) << "rows outside [first, last) written";
      }
    }
  }
}

TEST(PackedMatrix, PrefetchIsMeasuredAndTheFasterFormTakenWithTheSameProducts) {
  torch::manual_seed(5);
  std::vector<PackedMatrix> packed;
  for (int i = 0; i < 4; ++i) packed.push_back(PackedMatrix::pack(torch::randn({512, 768}), WeightFormat::bf16));
  std::vector<PackedMatrix*> matrices;
  int64_t bytes = 0;
  for (PackedMatrix& m : packed) matrices.push_back(&m), bytes += m.bytes();
  const at::Tensor x = torch::randn({1, 768});
  const at::Tensor before = packed.front().apply(x);
  const PrefetchChoice choice = choose_prefetch(matrices);
  if (!prefetch_is_a_choice(kernel_level())) {
    EXPECT_FALSE(choice.measured) << "one form of the products at this level: nothing to measure";
  } else {
    ASSERT_TRUE(choice.measured);
    EXPECT_EQ(choice.bytes, bytes);
    EXPECT_GT(choice.seconds_with, 0);
    EXPECT_GT(choice.seconds_without, 0);
    EXPECT_EQ(choice.prefetch, choice.seconds_with < choice.seconds_without) << choice.describe();
    EXPECT_NE(choice.describe().find("measured over"), std::string::npos) << choice.describe();
  }
  for (const PackedMatrix& m : packed) EXPECT_EQ(m.prefetches(), choice.prefetch);
  // Prefetching changes when the weights arrive, never what is summed.
  for (const bool prefetch : {false, true}) {
    packed.front().set_prefetch(prefetch);
    EXPECT_TRUE(torch::equal(packed.front().apply(x), before)) << "prefetch " << prefetch;
  }
}

TEST(PackedMatrix, ManyRowsGoThroughWidenedTilesAndMatchTheVectorKernels) {
  torch::manual_seed(4);
  // 1500 rows of 4096: over one 16 MiB tile, so the product runs in two.
  const at::Tensor w = torch::randn({1500, 4096}) * 0.05;
  const at::Tensor bias = torch::randn({1500});
  const at::Tensor x = torch::randn({2, 10, 4096});  // 20 rows: past kGemvRows
  for (WeightFormat format : {WeightFormat::bf16, WeightFormat::q8_0}) {
    SCOPED_TRACE(weight_format_name(format));
    const PackedMatrix packed = PackedMatrix::pack(w, format);
    const at::Tensor many = packed.apply(x, bias);
    ASSERT_EQ(many.sizes(), (std::vector<int64_t>{2, 10, 1500}));
    // Many rows: fp32 products of the widened weights, or on AVX512_BF16 the
    // bf16 GEMM on x rounded to bf16 (what the vector kernels there read too).
    const bool rounds_x = packed.rounds_activations() && cpu_gemm().bf16;
    const at::Tensor expected =
        torch::linear(rounds_x ? x.to(torch::kBFloat16).to(torch::kFloat) : x, widened_by_libtorch(w, format), bias);
    EXPECT_TRUE(torch::allclose(many, expected, 1e-4, 1e-4)) << (many - expected).abs().max().item<float>();
    // 4 rows: the vector kernels (for Q8_0 on quantized activations, as the reference says)
    const at::Tensor few_x = x.narrow(1, 0, 2).contiguous();
    const at::Tensor few = packed.apply(few_x, bias);
    const at::Tensor few_read = format == WeightFormat::q8_0  ? quantized_activations(few_x)
                                : packed.rounds_activations() ? few_x.to(torch::kBFloat16).to(torch::kFloat)
                                                              : few_x;
    const at::Tensor few_expected = torch::linear(few_read, widened_by_libtorch(w, format), bias);
    EXPECT_TRUE(torch::allclose(few, few_expected, 1e-4, 1e-4)) << (few - few_expected).abs().max().item<float>();
  }
  EXPECT_THROW(PackedMatrix::pack(torch::randn({4, 40}), WeightFormat::q8_0), std::invalid_argument);
}

TEST(DecodeWeights, AutoIsBf16OnTheCpuAndNothingElsewhere) {
  const DecodeWeightsChoice cpu = choose_decode_weights(pick_target("cpu", "fp32"));
  ASSERT_TRUE(cpu.format);
  EXPECT_EQ(*cpu.format, WeightFormat::bf16);
  EXPECT_NE(cpu.reason.find("kernels"), std::string::npos) << cpu.reason;
  EXPECT_EQ(*choose_decode_weights(pick_target("cpu", "fp32"), "q8_0").format, WeightFormat::q8_0);
  EXPECT_FALSE(choose_decode_weights(pick_target("cpu", "bf16")).format);
  EXPECT_THROW(choose_decode_weights(pick_target("cpu", "fp32"), "int4"), std::invalid_argument);
}

class PackedFamily : public ::testing::TestWithParam<std::string> {};

// Packed, a model gives the logits of the same model whose projection weights
// were rounded to the format by libtorch: for a prompt (the BLAS path) and
// each decoded token after it (the vector kernels), with a LoRA adapter on
// every projection.
TEST_P(PackedFamily, GivesTheLogitsOfItsRoundedWeights) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = *model::parse_tiny_arch(GetParam());
  spec.hidden = 128;  // rows of a multiple of 32 for Q8_0
  spec.seed = 5;
  model::write_tiny_model(dir.path(), spec);
  const ComputeTarget target = pick_target("cpu", "fp32");
  torch::NoGradGuard no_grad;
  for (WeightFormat format : {WeightFormat::fp32, WeightFormat::bf16, WeightFormat::q8_0}) {
    SCOPED_TRACE(weight_format_name(format));
    CausalLM reference = CausalLM::load(dir.path(), target);
    for (const NamedWeight& w : reference.named_weights())
      if (w.shape.size() == 2 && w.name.find("embed") == std::string::npos && w.name.find("word_embeddings") == std::string::npos)
        *w.tensor = widened_by_libtorch(w.tensor->contiguous(), format);
    // An untied head is among the named weights, rounded above; a tied one is
    // packed from the embedding, whose lookups stay fp32.
    if (reference.config().tie_word_embeddings)
      reference.weights().lm_head = widened_by_libtorch(reference.weights().embed_tokens, format);
    CausalLM packed = CausalLM::load(dir.path(), target);
    LoraConfig lora;
    lora.target_modules = {"all-linear"};
    lora.rank = 72;  // past any fixed buffer a one-token step might keep
    LoraAdapter adapter = LoraAdapter::create(packed, lora, 7);
    for (const at::Tensor& p : adapter.parameters()) p.normal_(0.0, 0.05);  // B starts at zero: no delta to test
    packed.set_adapter(&adapter);
    reference.set_adapter(&adapter);
    packed.pack_for_decoding(format);
    ASSERT_TRUE(packed.packed());
    // bf16 on AVX512_BF16 rounds the activations to bf16, one row or many;
    // Q8_0 quantizes them in one-row steps (as llama.cpp does for both).
    const bool rounds_x = PackedMatrix::pack(torch::zeros({1, 32}), format).rounds_activations();
    EXPECT_THROW(packed.named_weights(), std::logic_error);
    // The checkpoint's pages of what was packed are given back, fp32's too
    // (copied into the arena; the logits below show nothing still reads them).
    EXPECT_GT(packed.packed()->dropped_bytes, 0);
    EXPECT_EQ(packed.packed()->prefetch.measured, kernel_level() != KernelLevel::baseline);

    const std::vector<int64_t> prompt{3, 17, 9, 30, 4, 12, 21, 8, 15, 2, 6, 11};  // 12 rows: the BLAS path
    KVCache cache_r = reference.make_cache(1, 16), cache_p = packed.make_cache(1, 16);
    at::Tensor ids = torch::tensor(prompt).unsqueeze(0);
    for (int step = 0; step < 4; ++step) {
      const at::Tensor want = reference.forward(ids, &cache_r);
      const at::Tensor got = packed.forward(ids, &cache_p);
      // What the reference does not: held within 2% of the logits' range.
      const bool approximated = rounds_x || (format == WeightFormat::q8_0 && step > 0);
      const double tolerance = approximated ? 0.02 * want.abs().max().item<double>() : 1e-4;
      EXPECT_TRUE(torch::allclose(got, want, 1e-4, tolerance))
          << "step " << step << ": " << (got - want).abs().max().item<float>() << " of " << want.abs().max().item<float>();
      ids = want[0][want.size(1) - 1].argmax().view({1, 1});
    }
    // What generation calls for a prompt: the output head on its last position only.
    KVCache full_cache = packed.make_cache(1, 16), last_cache = packed.make_cache(1, 16);
    const at::Tensor all = packed.forward(torch::tensor(prompt).unsqueeze(0), &full_cache);
    const at::Tensor last = packed.next_token_logits(torch::tensor(prompt).unsqueeze(0), last_cache);
    ASSERT_EQ(last.sizes(), (std::vector<int64_t>{1, 1, all.size(2)}));
    const at::Tensor want_last = all[0][all.size(1) - 1];
    // One row takes the vector kernels, twelve the BLAS: for Q8_0 (and bf16
    // on AVX512_BF16) the former quantizes (rounds) the activations.
    const double tolerance = rounds_x || format == WeightFormat::q8_0 ? 0.02 * want_last.abs().max().item<double>() : 1e-4;
    EXPECT_TRUE(torch::allclose(last[0][0], want_last, 1e-4, tolerance))
        << (last[0][0] - want_last).abs().max().item<float>();
    EXPECT_EQ(last_cache.length, full_cache.length);
  }
}

INSTANTIATE_TEST_SUITE_P(Tiny, PackedFamily, ::testing::ValuesIn(tunedesk::model::tiny_arch_names()));

TEST(PackedModel, RefusesTrainingAndGradients) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  model::write_tiny_model(dir.path(), spec);
  CausalLM m = CausalLM::load(dir.path(), pick_target("cpu", "fp32"));
  m.pack_for_decoding(WeightFormat::bf16);
  EXPECT_THROW(m.fuse_frozen_projections(), std::logic_error);
  EXPECT_THROW(m.forward(torch::tensor({1, 2}).unsqueeze(0)), std::logic_error);  // gradients on
  EXPECT_THROW(m.pack_for_decoding(WeightFormat::q8_0), std::logic_error);
}
