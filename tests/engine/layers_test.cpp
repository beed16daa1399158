// The building blocks against direct computations written out here, element
// by element, independently of the engine's tensor formulation.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

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

TEST(Layers, RotaryRotatesPairsHalfADimensionApart) {
  torch::manual_seed(1);
  const int64_t D = 8;
  const RopeTable rope = RopeTable::make(D, 16, 10000.0, std::nullopt, torch::kCPU);
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
