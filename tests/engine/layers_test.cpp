// The building blocks against direct computations written out here, element
// by element, independently of the engine's tensor formulation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "engine/layers.h"

using namespace tunedesk::engine;

TEST(Layers, RmsNormMatchesTheFormula) {
  torch::manual_seed(0);
  const at::Tensor x = torch::randn({2, 3, 8});
  const at::Tensor w = torch::randn({8});
  const at::Tensor y = rms_norm(x, w, 1e-5);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      double sum = 0;
      for (int64_t k = 0; k < 8; ++k) sum += std::pow(x[i][j][k].item<double>(), 2);
      const double inv = 1.0 / std::sqrt(sum / 8 + 1e-5);
      for (int64_t k = 0; k < 8; ++k)
        EXPECT_NEAR(y[i][j][k].item<double>(), x[i][j][k].item<double>() * inv * w[k].item<double>(), 1e-5);
    }
}

TEST(Layers, RmsNormGradientsMatchFiniteDifferences) {
  // In double, against central differences of the summed, weighted output;
  // then with a frozen weight (LoRA), whose gradient must not be computed.
  torch::manual_seed(1);
  const auto opts = torch::TensorOptions().dtype(torch::kDouble);
  const at::Tensor x = torch::randn({3, 5, 16}, opts).requires_grad_(), w = torch::randn({16}, opts).requires_grad_();
  const at::Tensor mix = torch::randn({3, 5, 16}, opts);
  const auto loss = [&](const at::Tensor& xs, const at::Tensor& ws) { return (rms_norm(xs, ws, 1e-6) * mix).sum(); };
  loss(x, w).backward();
  const double h = 1e-6;
  torch::NoGradGuard no_grad;
  for (const auto& [t, grad] : {std::pair{x, x.grad()}, std::pair{w, w.grad()}}) {
    const at::Tensor flat = t.view({-1});
    for (int64_t i = 0; i < flat.numel(); i += 7) {
      const double keep = flat[i].item<double>();
      flat[i] = keep + h;
      const double up = loss(x, w).item<double>();
      flat[i] = keep - h;
      const double down = loss(x, w).item<double>();
      flat[i] = keep;
      EXPECT_NEAR(grad.view({-1})[i].item<double>(), (up - down) / (2 * h), 1e-6) << "element " << i;
    }
  }
}

TEST(Layers, RmsNormWithAFrozenWeightGivesOnlyTheInputGradient) {
  torch::manual_seed(2);
  const at::Tensor x = torch::randn({4, 32}).requires_grad_(), w = torch::randn({32});
  const at::Tensor mix = torch::randn({4, 32});
  (rms_norm(x, w, 1e-5) * mix).sum().backward();
  const at::Tensor x2 = x.detach().clone().requires_grad_();
  (w * (x2 * torch::rsqrt(x2.pow(2).mean(-1, true) + 1e-5)) * mix).sum().backward();  // the formula as tensor operations
  EXPECT_TRUE(torch::allclose(x.grad(), x2.grad(), 1e-5, 1e-6));
  EXPECT_FALSE(w.grad().defined());
}

TEST(Layers, SwigluValuesAndGradientsMatchTheFormula) {
  torch::manual_seed(5);
  const at::Tensor gate = torch::randn({3, 40}, torch::kDouble).requires_grad_();
  const at::Tensor up = torch::randn({3, 40}, torch::kDouble).requires_grad_();
  const at::Tensor mix = torch::randn({3, 40}, torch::kDouble);
  const at::Tensor y = swiglu(gate, up);
  (y * mix).sum().backward();
  torch::NoGradGuard no_grad;
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 40; ++j) {
      const double g = gate[i][j].item<double>(), u = up[i][j].item<double>(), m = mix[i][j].item<double>();
      const double sigma = 1 / (1 + std::exp(-g));
      EXPECT_NEAR(y[i][j].item<double>(), g * sigma * u, 1e-12);
      EXPECT_NEAR(gate.grad()[i][j].item<double>(), m * u * sigma * (1 + g * (1 - sigma)), 1e-12);
      EXPECT_NEAR(up.grad()[i][j].item<double>(), m * g * sigma, 1e-12);
    }
}

TEST(Layers, SwigluOfFusedHalvesEqualsSwigluOfTheHalvesWithOneGradient) {
  // A fused gate|up output's rows, in every dtype the loops take: the same
  // values and gradient as silu(gate) · up on the two halves, through one
  // autograd node whose gradient is the fused output's.
  torch::manual_seed(6);
  for (const auto dtype : {torch::kDouble, torch::kFloat, torch::kBFloat16}) {
    const at::Tensor both = (torch::randn({2, 3, 2 * 37}, torch::kDouble) * 3).to(dtype).requires_grad_();
    const at::Tensor mix = torch::randn({2, 3, 37}, torch::kDouble).to(dtype);
    const at::Tensor y = swiglu_halves(both);
    EXPECT_NE(y.grad_fn()->name().find("SwigluHalves"), std::string::npos) << y.grad_fn()->name();
    (y.to(torch::kDouble) * mix.to(torch::kDouble)).sum().backward();
    const at::Tensor reference = both.detach().to(torch::kDouble).requires_grad_();
    const at::Tensor gate = reference.narrow(-1, 0, 37), up = reference.narrow(-1, 37, 37);
    const at::Tensor expected = torch::silu(gate) * up;
    (expected * mix.to(torch::kDouble)).sum().backward();
    const double tolerance = dtype == torch::kDouble ? 1e-12 : dtype == torch::kFloat ? 1e-5 : 1.0 / 64;
    EXPECT_TRUE(torch::allclose(y.to(torch::kDouble), expected, tolerance, tolerance)) << dtype;
    EXPECT_TRUE(torch::allclose(both.grad().to(torch::kDouble), reference.grad(), tolerance, tolerance)) << dtype;
  }
}

TEST(Layers, SplitLastAxisGivesTheNarrowedPartsAndOneJoinedGradient) {
  torch::manual_seed(7);
  const at::Tensor x = torch::randn({2, 5, 12}, torch::kDouble).requires_grad_();
  const std::vector<at::Tensor> parts = split_last_axis(x, {6, 2, 4});
  ASSERT_EQ(parts.size(), 3u);
  EXPECT_TRUE(torch::equal(parts[1], x.narrow(-1, 6, 2)));
  EXPECT_TRUE(parts[2].is_contiguous());
  // Gradients for the first and last parts only: the middle one's columns get zeros.
  (parts[0] * 2).sum().backward(torch::Tensor(), /*retain_graph=*/true);
  (parts[2] * parts[2]).sum().backward();
  const at::Tensor expected = torch::cat({torch::full({2, 5, 6}, 2.0, torch::kDouble), torch::zeros({2, 5, 2}, torch::kDouble),
                                          2 * x.detach().narrow(-1, 8, 4)}, -1);
  EXPECT_TRUE(torch::allclose(x.grad(), expected));
  // Without autograd: views of x, no copies.
  torch::NoGradGuard no_grad;
  EXPECT_EQ(split_last_axis(x, {6, 6})[1].data_ptr<double>(), x.data_ptr<double>() + 6);
  EXPECT_THROW(split_last_axis(x, {6, 5}), c10::Error);
}

TEST(Layers, RotaryRotatesPairsHalfADimensionApart) {
  torch::manual_seed(1);
  const int64_t D = 8;
  const RopeTable rope = RopeTable::make(D, 10000.0, std::nullopt, 0, 16, torch::kCPU);
  const at::Tensor x = torch::randn({1, 2, 3, D});
  const at::Tensor positions = torch::tensor({4, 5, 6}, torch::kLong);
  const at::Tensor y = apply_rotary(x, rope, positions);
  for (int64_t h = 0; h < 2; ++h)
    for (int64_t t = 0; t < 3; ++t)
      for (int64_t i = 0; i < D / 2; ++i) {
        const double angle = (4 + t) / std::pow(10000.0, 2.0 * i / D);
        const double a = x[0][h][t][i].item<double>(), b = x[0][h][t][i + D / 2].item<double>();
        EXPECT_NEAR(y[0][h][t][i].item<double>(), a * std::cos(angle) - b * std::sin(angle), 1e-5);
        EXPECT_NEAR(y[0][h][t][i + D / 2].item<double>(), b * std::cos(angle) + a * std::sin(angle), 1e-5);
      }
}

TEST(Layers, InterleavedPartialRotaryOnATransposedViewRotatesAdjacentPairs) {
  // GLM's layout: pairs (2i, 2i + 1), only the first rotary_dim channels
  // turn, the rest pass through; x is a [B, T, H, D] tensor seen as [B, H, T, D].
  torch::manual_seed(3);
  const int64_t D = 6, R = 4, H = 2, T = 3;
  const RopeTable rope = RopeTable::make(R, 10000.0, std::nullopt, 0, 16, torch::kCPU);
  const at::Tensor x = torch::randn({1, T, H, D}).transpose(1, 2);
  const at::Tensor positions = torch::tensor({2, 7, 9}, torch::kLong);
  const at::Tensor y = apply_rotary(x, rope, positions, /*interleaved=*/true);
  for (int64_t h = 0; h < H; ++h)
    for (int64_t t = 0; t < T; ++t) {
      for (int64_t i = 0; i < R / 2; ++i) {
        const double angle = positions[t].item<double>() / std::pow(10000.0, 2.0 * i / R);
        const double a = x[0][h][t][2 * i].item<double>(), b = x[0][h][t][2 * i + 1].item<double>();
        EXPECT_NEAR(y[0][h][t][2 * i].item<double>(), a * std::cos(angle) - b * std::sin(angle), 1e-5);
        EXPECT_NEAR(y[0][h][t][2 * i + 1].item<double>(), b * std::cos(angle) + a * std::sin(angle), 1e-5);
      }
      for (int64_t i = R; i < D; ++i) EXPECT_EQ(y[0][h][t][i].item<float>(), x[0][h][t][i].item<float>());
    }
  EXPECT_THROW(apply_rotary(x, rope, torch::tensor({2, 7, 16}, torch::kLong)), c10::Error) << "position 16 of a 16-row table";
}

TEST(Layers, RotaryGradientMatchesFiniteDifferences) {
  torch::manual_seed(4);
  const RopeTable rope = RopeTable::make(6, 10000.0, std::nullopt, 0, 32, torch::kCPU);
  const at::Tensor positions = torch::tensor({0, 5, 11, 12}, torch::kLong);
  for (const bool interleaved : {false, true}) {
    const at::Tensor x = torch::randn({2, 4, 3, 8}, torch::kDouble).transpose(1, 2).requires_grad_();  // [2, 3, 4, 8]
    const at::Tensor mix = torch::randn({2, 3, 4, 8}, torch::kDouble);
    const auto loss = [&] { return (apply_rotary(x, rope, positions, interleaved) * mix).sum(); };
    loss().backward();
    torch::NoGradGuard no_grad;
    for (int64_t i = 0; i < x.numel(); i += 5) {
      const std::vector<int64_t> at = {i / 96, i / 32 % 3, i / 8 % 4, i % 8};
      at::Tensor element = x[at[0]][at[1]][at[2]][at[3]];
      const double keep = element.item<double>(), h = 1e-6;
      element.fill_(keep + h);
      const double up = loss().item<double>();
      element.fill_(keep - h);
      const double down = loss().item<double>();
      element.fill_(keep);
      EXPECT_NEAR(x.grad()[at[0]][at[1]][at[2]][at[3]].item<double>(), (up - down) / (2 * h), 1e-6)
          << "interleaved " << interleaved << " element " << i;
    }
  }
}

TEST(Layers, Llama3RopeScalingKeepsHighAndSlowsLowFrequencies) {
  tunedesk::model::RopeScaling s;
  s.type = "llama3";
  s.factor = 8;
  s.original_max_position = 8192;
  const at::Tensor plain = rope_inverse_frequencies(128, 500000.0, std::nullopt);
  const at::Tensor scaled = rope_inverse_frequencies(128, 500000.0, s);
  EXPECT_NEAR(scaled[0].item<double>(), plain[0].item<double>(), 1e-9);          // shortest wavelength: unchanged
  EXPECT_NEAR(scaled[63].item<double>(), plain[63].item<double>() / 8, 1e-12);  // longest: divided by the factor
}

TEST(Layers, CausalGroupedQueryAttentionMatchesTheDirectSum) {
  torch::manual_seed(2);
  const int64_t B = 2, H = 4, KV = 2, T = 3, S = 5, D = 4;
  const at::Tensor q = torch::randn({B, H, T, D}), k = torch::randn({B, KV, S, D}), v = torch::randn({B, KV, S, D});
  const at::Tensor out = causal_attention(q, k, v);
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h)
      for (int64_t t = 0; t < T; ++t) {
        const int64_t kvh = h / (H / KV);
        const int64_t visible = S - T + t + 1;  // query t sits at position S - T + t
        std::vector<double> w(static_cast<std::size_t>(visible));
        double max = -1e30, total = 0;
        for (int64_t s = 0; s < visible; ++s) {
          double dot = 0;
          for (int64_t d = 0; d < D; ++d) dot += q[b][h][t][d].item<double>() * k[b][kvh][s][d].item<double>();
          w[static_cast<std::size_t>(s)] = dot / std::sqrt(static_cast<double>(D));
          max = std::max(max, w[static_cast<std::size_t>(s)]);
        }
        for (double& x : w) total += x = std::exp(x - max);
        for (int64_t d = 0; d < D; ++d) {
          double expected = 0;
          for (int64_t s = 0; s < visible; ++s) expected += w[static_cast<std::size_t>(s)] / total * v[b][kvh][s][d].item<double>();
          EXPECT_NEAR(out[b][h][t][d].item<double>(), expected, 1e-5);
        }
      }
}

TEST(Layers, AttentionInQueryBlocksEqualsTheWholeProductWithGradients) {
  // Blocks of 2 over 7 queries (the last block short), 2 prefix positions
  // before them (S > T, as with a P-Tuning prefix), 3 query heads per key
  // head, right padding in the second sequence.
  torch::manual_seed(4);
  const int64_t B = 2, H = 6, KV = 2, T = 7, S = 9, D = 8;
  const at::Tensor padding = torch::zeros({B, S}, torch::kBool).index_put_({1, torch::indexing::Slice(7)}, true);
  for (const bool padded : {false, true}) {
    const at::Tensor key_padding = padded ? padding : at::Tensor();
    std::vector<at::Tensor> grads[2];
    at::Tensor outs[2];
    for (const int64_t block : {int64_t{2}, int64_t{1000}}) {  // blocked, and one product of everything
      torch::manual_seed(7);
      const at::Tensor q = torch::randn({B, H, T, D}, torch::requires_grad());
      const at::Tensor k = torch::randn({B, KV, S, D}, torch::requires_grad());
      const at::Tensor v = torch::randn({B, KV, S, D}, torch::requires_grad());
      const at::Tensor out = causal_attention(q, k, v, key_padding, 0, block);
      (out * torch::linspace(-1, 1, out.numel()).reshape(out.sizes())).sum().backward();
      const int i = block == 2 ? 0 : 1;
      outs[i] = out.detach();
      grads[i] = {q.grad(), k.grad(), v.grad()};
    }
    EXPECT_TRUE(torch::allclose(outs[0], outs[1], 1e-5, 1e-6)) << "padded " << padded;
    for (int g = 0; g < 3; ++g)
      EXPECT_TRUE(torch::allclose(grads[0][g], grads[1][g], 1e-5, 1e-6)) << "gradient " << g << " padded " << padded;
  }
  // And the blocks against the formula: query t sees keys 0 .. S - T + t.
  torch::manual_seed(8);
  const at::Tensor q = torch::randn({1, H, T, D}), k = torch::randn({1, KV, S, D}), v = torch::randn({1, KV, S, D});
  const at::Tensor out = causal_attention(q, k, v, {}, 0, 2);
  for (int64_t h = 0; h < H; ++h)
    for (int64_t t = 0; t < T; ++t) {
      const int64_t kvh = h / (H / KV), visible = S - T + t + 1;
      const at::Tensor w = torch::softmax(k[0][kvh].narrow(0, 0, visible).matmul(q[0][h][t]) / std::sqrt(double(D)), 0);
      EXPECT_TRUE(torch::allclose(out[0][h][t], w.matmul(v[0][kvh].narrow(0, 0, visible)), 1e-5, 1e-6)) << h << " " << t;
    }
}

namespace {

// Whether `name` is among the autograd nodes that made `t` (asked only with libtorch 1.x, whose attention has no SDPA).
[[maybe_unused]] bool made_by(const at::Tensor& t, const std::string& name) {
  std::vector<torch::autograd::Node*> pending{t.grad_fn().get()};
  std::set<torch::autograd::Node*> seen;
  while (!pending.empty()) {
    torch::autograd::Node* node = pending.back();
    pending.pop_back();
    if (!node || !seen.insert(node).second) continue;
    if (node->name() == name) return true;
    for (const torch::autograd::Edge& edge : node->next_edges()) pending.push_back(edge.function.get());
  }
  return false;
}

}  // namespace

TEST(Layers, Bf16AttentionInQueryBlocksGivesTheFp32ValuesAndGradientsToBf16Precision) {
  // What a CPU with bf16 matrix units trains long rows in: blocks whose
  // product brings the mask and the scale (BaddbmmBackward), bf16 scores
  // and probabilities. Compared with fp32 attention on the same (bf16)
  // values, with and without padding, and with a prefix (S > T).
  torch::manual_seed(31);
  const int64_t B = 2, H = 6, KV = 2, T = 40, S = 43, D = 32;
  const at::Tensor padding = torch::zeros({B, S}, torch::kBool).index_put_({1, torch::indexing::Slice(35)}, true);
  for (const bool padded : {false, true}) {
    const at::Tensor key_padding = padded ? padding : at::Tensor();
    const at::Tensor q = (torch::randn({B, H, T, D}) * 2).to(torch::kBFloat16).requires_grad_();
    const at::Tensor k = (torch::randn({B, KV, S, D}) * 2).to(torch::kBFloat16).requires_grad_();
    const at::Tensor v = torch::randn({B, KV, S, D}).to(torch::kBFloat16).requires_grad_();
    const at::Tensor mix = torch::randn({B, H, T, D});
    const at::Tensor out = causal_attention(q, k, v, key_padding, 0, /*query_block=*/8);
    ASSERT_EQ(out.scalar_type(), torch::kBFloat16);
#if TORCH_VERSION_MAJOR < 2
    EXPECT_TRUE(made_by(out, "BaddbmmBackward0")) << "the bf16 rows took the whole product, not the blocks";
#endif
    (out.to(torch::kFloat) * mix).sum().backward();
    const auto widened = [](const at::Tensor& t) { return t.detach().to(torch::kFloat).requires_grad_(); };
    const at::Tensor qr = widened(q), kr = widened(k), vr = widened(v);
    const at::Tensor expected = causal_attention(qr, kr, vr, key_padding, 0, /*query_block=*/1000);
    (expected * mix).sum().backward();
    // bf16 keeps 8 bits: each rounding is within 1/256 of its value. Bounds
    // relative to the largest value compared: a few roundings at most, a
    // fraction of one on average (measured: at most 2.1% and 0.1%; the whole
    // product with fp32 scores, 1.6% and 0.08%).
    const auto close_to = [&](const at::Tensor& bf16, const at::Tensor& fp32, const char* what) {
      const double largest = fp32.abs().max().item<double>();
      const at::Tensor difference = (bf16.to(torch::kFloat) - fp32).abs();
      EXPECT_LT(difference.max().item<double>(), largest * 0.03) << what << " padded " << padded;
      EXPECT_LT(difference.mean().item<double>(), largest * 0.002) << what << " padded " << padded;
    };
    close_to(out.detach(), expected.detach(), "output");
    close_to(q.grad(), qr.grad(), "query gradient");
    close_to(k.grad(), kr.grad(), "key gradient");
    close_to(v.grad(), vr.grad(), "value gradient");
    if (padded) {  // the padded keys get no gradient, and no NaN anywhere
      EXPECT_EQ(k.grad().narrow(2, 35, S - 35)[1].abs().max().item<float>(), 0.0f);
      EXPECT_FALSE(out.isnan().any().item<bool>());
    }
  }
}

TEST(Layers, KeyPaddingHidesPaddedKeys) {
  torch::manual_seed(3);
  const at::Tensor q = torch::randn({1, 2, 4, 4}), k = torch::randn({1, 2, 4, 4}), v = torch::randn({1, 2, 4, 4});
  const at::Tensor padding = torch::tensor({true, false, false, false}).unsqueeze(0);  // left padding
  const at::Tensor padded = causal_attention(q, k, v, padding);
  // Without the padded key, the last three queries see what they see in a 3-long sequence.
  const at::Tensor unpadded = causal_attention(q.narrow(2, 1, 3), k.narrow(2, 1, 3), v.narrow(2, 1, 3));
  EXPECT_TRUE(torch::allclose(padded.narrow(2, 1, 3), unpadded, 1e-5, 1e-5));
}

TEST(Layers, SlidingWindowHidesKeysTooFarBack) {
  torch::manual_seed(5);
  const int64_t H = 2, T = 4, S = 6, D = 4, W = 3;
  const at::Tensor q = torch::randn({1, H, T, D}), k = torch::randn({1, H, S, D}), v = torch::randn({1, H, S, D});
  const at::Tensor out = causal_attention(q, k, v, {}, W);
  for (int64_t h = 0; h < H; ++h)
    for (int64_t t = 0; t < T; ++t) {
      const int64_t pos = S - T + t, first = std::max<int64_t>(0, pos - W + 1);
      const at::Tensor keys = k[0][h].narrow(0, first, pos - first + 1), values = v[0][h].narrow(0, first, pos - first + 1);
      const at::Tensor weights = torch::softmax(keys.matmul(q[0][h][t]) / std::sqrt(static_cast<double>(D)), 0);
      EXPECT_TRUE(torch::allclose(out[0][h][t], weights.matmul(values), 1e-5, 1e-5)) << "query " << t;
    }
}

// The blocked CPU cross-entropy equals libtorch's log_softmax + nll_loss, in
// value and gradient (scaled as a mean over tokens scales it), over more rows
// than one block and a vocabulary of a real model's size; a target outside
// the vocabulary is refused, never read out of bounds.
TEST(Layers, SummedCrossEntropyMatchesLibtorchWithGradients) {
  torch::manual_seed(11);
  for (const auto& [rows, vocab, dtype] : {std::tuple{37, 50, torch::kDouble}, std::tuple{30, 20000, torch::kDouble},
                                          std::tuple{19, 32000, torch::kFloat}}) {
    const at::Tensor logits = (torch::randn({rows, vocab}, torch::dtype(dtype)) * 4).requires_grad_(true);
    const at::Tensor targets = torch::randint(0, vocab, {rows}, torch::kLong);
    const at::Tensor ours = summed_cross_entropy(logits, targets);
    const at::Tensor reference = torch::nn::functional::cross_entropy(
        logits, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
    const double tolerance = dtype == torch::kDouble ? 1e-10 : 1e-5;
    EXPECT_NEAR(ours.item<double>(), reference.item<double>(), tolerance * rows * 10) << vocab;
    const at::Tensor our_grad = torch::autograd::grad({ours * 0.25}, {logits})[0];
    const at::Tensor reference_grad = torch::autograd::grad({reference * 0.25}, {logits})[0];
    EXPECT_TRUE(torch::allclose(our_grad, reference_grad, tolerance, tolerance)) << vocab;
  }
  const at::Tensor logits = torch::randn({3, 10});
  EXPECT_THROW(summed_cross_entropy(logits, torch::tensor({1, 10, 2}, torch::kLong)), c10::Error);
  EXPECT_THROW(summed_cross_entropy(logits, torch::tensor({1, -1, 2}, torch::kLong)), c10::Error);
  // As libtorch's form: a NaN or a +∞ among a row's logits makes the loss
  // NaN, never a number that hides it; a −∞ logit that is not the target's
  // is a probability of 0.
  const at::Tensor targets = torch::tensor({1, 5, 2}, torch::kLong);
  for (const float bad : {std::nanf(""), INFINITY}) {
    const at::Tensor spoiled = torch::randn({3, 3000}).index_put_({1, 2345}, bad);
    EXPECT_TRUE(std::isnan(summed_cross_entropy(spoiled, targets).item<float>())) << bad;
  }
  const at::Tensor masked = torch::randn({3, 3000}).index_put_({1, 2345}, -INFINITY);
  const at::Tensor reference = torch::nn::functional::cross_entropy(
      masked, targets, torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
  EXPECT_NEAR(summed_cross_entropy(masked, targets).item<float>(), reference.item<float>(), 1e-4);
}

TEST(Layers, Bf16NormSwigluAndRotaryRunTuneDesksKernelsWithinBf16OfFp32) {
  // What a CPU with bf16 matrix units trains in: the element steps take
  // TuneDesk's kernels in bf16 too (their autograd nodes say so), and give
  // the fp32 formula's values and gradients to bf16's precision.
  torch::manual_seed(21);
  const auto close_to = [](const at::Tensor& bf16, const at::Tensor& fp32) {
    EXPECT_EQ(bf16.scalar_type(), torch::kBFloat16);
    const at::Tensor difference = (bf16.to(torch::kFloat) - fp32).abs();
    EXPECT_TRUE((difference <= fp32.abs() * (1.0 / 64) + 1e-3).all().item<bool>())
        << "largest difference " << difference.max().item<float>();
  };
  const auto node = [](const at::Tensor& t) { return t.grad_fn() ? t.grad_fn()->name() : std::string("none"); };
  const at::Tensor x32 = torch::randn({2, 5, 96}) * 2, w32 = torch::randn({96}), mix = torch::randn({2, 5, 96});
  const at::Tensor x = x32.to(torch::kBFloat16).requires_grad_(), w = w32.to(torch::kBFloat16).requires_grad_();
  const at::Tensor y = rms_norm(x, w, 1e-6);
  EXPECT_NE(node(y).find("RmsNorm"), std::string::npos) << node(y);
  (y.to(torch::kFloat) * mix).sum().backward();
  const at::Tensor xr = x.detach().to(torch::kFloat).requires_grad_(), wr = w.detach().to(torch::kFloat).requires_grad_();
  const at::Tensor expected = wr * (xr * torch::rsqrt(xr.pow(2).mean(-1, true) + 1e-6));
  (expected * mix).sum().backward();
  close_to(y, expected.detach());
  close_to(x.grad(), xr.grad());
  EXPECT_TRUE(torch::allclose(w.grad().to(torch::kFloat), wr.grad(), 1.0 / 64, 1e-2));

  const at::Tensor gate = (torch::randn({3, 200}) * 3).to(torch::kBFloat16).requires_grad_();
  const at::Tensor up = torch::randn({3, 200}).to(torch::kBFloat16).requires_grad_();
  const at::Tensor mixed = torch::randn({3, 200});
  const at::Tensor s = swiglu(gate, up);
  EXPECT_NE(node(s).find("Swiglu"), std::string::npos) << node(s);
  (s.to(torch::kFloat) * mixed).sum().backward();
  const at::Tensor gr = gate.detach().to(torch::kFloat).requires_grad_(), ur = up.detach().to(torch::kFloat).requires_grad_();
  const at::Tensor s_expected = torch::silu(gr) * ur;
  (s_expected * mixed).sum().backward();
  close_to(s, s_expected.detach());
  close_to(gate.grad(), gr.grad());
  close_to(up.grad(), ur.grad());

  const RopeTable rope = RopeTable::make(64, 10000.0, std::nullopt, 0, 32, torch::kCPU);
  const at::Tensor q = torch::randn({1, 3, 4, 64}).to(torch::kBFloat16).requires_grad_();
  const at::Tensor positions = torch::tensor({7, 8, 9, 30}, torch::kLong);
  const at::Tensor turned = apply_rotary(q, rope, positions);
  EXPECT_NE(node(turned).find("Rotary"), std::string::npos) << node(turned);
  const at::Tensor qr = q.detach().to(torch::kFloat);
  const at::Tensor cos = rope.cos.index_select(0, positions), sin = rope.sin.index_select(0, positions);
  const at::Tensor a = qr.narrow(-1, 0, 32), b = qr.narrow(-1, 32, 32);
  close_to(turned, torch::cat({a * cos - b * sin, b * cos + a * sin}, -1));
  turned.to(torch::kFloat).sum().backward();  // the inverse turn of a gradient of ones
  const at::Tensor ones_turned_back = torch::cat({cos + sin, cos - sin}, -1).expand({1, 3, 4, 64});
  close_to(q.grad(), ones_turned_back);
}
