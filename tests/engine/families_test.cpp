// Every family's tiny model (random weights, written by the project) loads,
// generates, agrees with its own KV cache, and — through an independent
// forward pass written here head by head — computes what the family defines.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <cmath>

#include "data/test_support.h"
#include "engine/causal_lm.h"
#include "engine/generation.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "tokenizer/tokenizer.h"

using namespace tunedesk;
using namespace tunedesk::engine;

namespace {

at::Tensor weight(const model::WeightFiles& files, const std::string& name) {
  const model::TensorView* v = files.find(name);
  if (!v) throw std::runtime_error("no " + name);
  return torch::from_blob(const_cast<char*>(v->bytes.data()), v->shape, torch::kFloat).to(torch::kDouble);
}

// A plain float64 transcription of the Hugging Face modelling code, one
// head and one position at a time: no shared code with the engine.
at::Tensor reference_logits(const std::filesystem::path& dir, const std::vector<int64_t>& ids) {
  const model::ModelConfig c = model::load_model_config(dir);
  const model::WeightFiles w(dir);
  const int64_t T = static_cast<int64_t>(ids.size()), D = c.head_dim;
  const auto norm = [&](const at::Tensor& x, const at::Tensor& g) {
    return x / torch::sqrt(x.pow(2).mean(-1, true) + c.rms_norm_eps) * g;
  };
  // RoPE on the first rotary_dim channels: pairs (i, i + R/2), or (2i, 2i + 1) for GLM.
  const int64_t R = c.rotary_dim;
  const auto rope = [&](at::Tensor v, int64_t pos) {  // v: [D]
    at::Tensor out = v.clone();
    for (int64_t i = 0; i < R / 2; ++i) {
      const double angle = pos / std::pow(c.rope_theta, 2.0 * i / R);
      const int64_t ia = c.rope_interleaved ? 2 * i : i, ib = c.rope_interleaved ? 2 * i + 1 : i + R / 2;
      const double a = v[ia].item<double>(), b = v[ib].item<double>();
      out[ia] = a * std::cos(angle) - b * std::sin(angle);
      out[ib] = b * std::cos(angle) + a * std::sin(angle);
    }
    return out;
  };
  const bool chatglm = c.arch == model::Arch::chatglm;
  const bool phi3 = c.arch == model::Arch::phi3;  // q|k|v and gate|up fused under Llama's names
  const std::string embed = chatglm ? "transformer.embedding.word_embeddings.weight" : "model.embed_tokens.weight";
  at::Tensor x = weight(w, embed).index_select(0, torch::tensor(ids));  // [T, C]
  for (int64_t l = 0; l < c.num_layers; ++l) {
    const std::string p = (chatglm ? "transformer.encoder.layers." : "model.layers.") + std::to_string(l) + ".";
    const at::Tensor h = norm(x, weight(w, p + "input_layernorm.weight"));
    at::Tensor q, k, v;
    if (chatglm || phi3) {
      const at::Tensor qkv = phi3 ? h.matmul(weight(w, p + "self_attn.qkv_proj.weight").t())
                                  : h.matmul(weight(w, p + "self_attention.query_key_value.weight").t()) +
                                        weight(w, p + "self_attention.query_key_value.bias");
      const auto parts = qkv.split_with_sizes({c.num_heads * D, c.num_kv_heads * D, c.num_kv_heads * D}, -1);
      q = parts[0], k = parts[1], v = parts[2];
    } else {
      q = h.matmul(weight(w, p + "self_attn.q_proj.weight").t());
      k = h.matmul(weight(w, p + "self_attn.k_proj.weight").t());
      v = h.matmul(weight(w, p + "self_attn.v_proj.weight").t());
      if (c.qkv_bias) {
        q = q + weight(w, p + "self_attn.q_proj.bias");
        k = k + weight(w, p + "self_attn.k_proj.bias");
        v = v + weight(w, p + "self_attn.v_proj.bias");
      }
    }
    at::Tensor attended = torch::zeros({T, c.num_heads * D}, torch::kDouble);
    for (int64_t head = 0; head < c.num_heads; ++head) {
      const int64_t kv_head = head / (c.num_heads / c.num_kv_heads);
      for (int64_t t = 0; t < T; ++t) {
        at::Tensor qt = q[t].narrow(0, head * D, D);
        if (c.qk_norm) qt = norm(qt, weight(w, p + "self_attn.q_norm.weight"));
        qt = rope(qt, t);
        std::vector<double> scores;
        for (int64_t s = 0; s <= t; ++s) {
          at::Tensor ks = k[s].narrow(0, kv_head * D, D);
          if (c.qk_norm) ks = norm(ks, weight(w, p + "self_attn.k_norm.weight"));
          scores.push_back(qt.dot(rope(ks, s)).item<double>() / std::sqrt(static_cast<double>(D)));
        }
        const double top = *std::max_element(scores.begin(), scores.end());
        double total = 0;
        for (double& s : scores) total += s = std::exp(s - top);
        at::Tensor out = torch::zeros({D}, torch::kDouble);
        for (int64_t s = 0; s <= t; ++s) out += scores[static_cast<std::size_t>(s)] / total * v[s].narrow(0, kv_head * D, D);
        attended[t].narrow(0, head * D, D).copy_(out);
      }
    }
    at::Tensor attn_out = attended.matmul(weight(w, p + (chatglm ? "self_attention.dense.weight" : "self_attn.o_proj.weight")).t());
    if (c.arch == model::Arch::glm4) attn_out = norm(attn_out, weight(w, p + "post_self_attn_layernorm.weight"));
    x = x + attn_out;
    const at::Tensor m = norm(x, weight(w, p + "post_attention_layernorm.weight"));
    at::Tensor gate, up;
    if (c.arch == model::Arch::glm || c.arch == model::Arch::glm4 || chatglm || phi3) {
      const at::Tensor both = m.matmul(weight(w, p + (chatglm ? "mlp.dense_h_to_4h.weight" : "mlp.gate_up_proj.weight")).t());
      gate = both.narrow(-1, 0, c.intermediate_size);
      up = both.narrow(-1, c.intermediate_size, c.intermediate_size);
    } else {
      gate = m.matmul(weight(w, p + "mlp.gate_proj.weight").t());
      up = m.matmul(weight(w, p + "mlp.up_proj.weight").t());
    }
    at::Tensor mlp = (gate * torch::sigmoid(gate) * up).matmul(weight(w, p + (chatglm ? "mlp.dense_4h_to_h.weight" : "mlp.down_proj.weight")).t());
    if (c.arch == model::Arch::glm4) mlp = norm(mlp, weight(w, p + "post_mlp_layernorm.weight"));
    x = x + mlp;
  }
  if (chatglm) return norm(x, weight(w, "transformer.encoder.final_layernorm.weight")).matmul(weight(w, "transformer.output_layer.weight").t());
  x = norm(x, weight(w, "model.norm.weight"));
  const at::Tensor head = c.tie_word_embeddings ? weight(w, "model.embed_tokens.weight") : weight(w, "lm_head.weight");
  return x.matmul(head.t());
}

class Family : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    model::TinyModelSpec spec;
    spec.arch = *model::parse_tiny_arch(GetParam());
    spec.seed = 11;
    dir = std::make_unique<test::TempDir>();
    model::write_tiny_model(dir->path(), spec);
  }
  std::unique_ptr<test::TempDir> dir;
};

}  // namespace

TEST_P(Family, ForwardMatchesAnIndependentComputation) {
  const CausalLM m = CausalLM::load(dir->path(), pick_target("cpu", "fp32"));
  torch::NoGradGuard no_grad;
  const std::vector<int64_t> ids{5, 17, 200, 3, 42, 99};
  const at::Tensor logits = m.forward(torch::tensor(ids).unsqueeze(0))[0].to(torch::kDouble);
  const at::Tensor expected = reference_logits(dir->path(), ids);
  EXPECT_LT((logits - expected).abs().max().item<double>(), 1e-4 * expected.abs().max().item<double>());
}

TEST_P(Family, KvCacheGenerationEqualsFullRecomputation) {
  const CausalLM m = CausalLM::load(dir->path(), pick_target("cpu", "fp32"));
  const tok::Tokenizer t = tok::Tokenizer::load(dir->path());
  std::vector<int64_t> prompt;
  for (int32_t id : t.encode("你好，请介绍一下北京。")) prompt.push_back(id);
  GenerationOptions options;
  options.max_new_tokens = 16;
  const GenerationResult cached = generate(m, &t, prompt, options);
  ASSERT_EQ(cached.ids.size(), 16u);
  // Greedy by full recomputation, one token at a time, no cache.
  torch::NoGradGuard no_grad;
  std::vector<int64_t> seq = prompt;
  for (int i = 0; i < 16; ++i) {
    const at::Tensor logits = m.forward(torch::tensor(seq).unsqueeze(0))[0];
    seq.push_back(logits[logits.size(0) - 1].argmax().item<int64_t>());
  }
  EXPECT_EQ(std::vector<int64_t>(seq.begin() + static_cast<std::ptrdiff_t>(prompt.size()), seq.end()), cached.ids);
  EXPECT_EQ(cached.text, t.decode(std::vector<int32_t>(cached.ids.begin(), cached.ids.end()), true));
}

TEST_P(Family, Bf16LogitsStayCloseToFp32) {
  const CausalLM full = CausalLM::load(dir->path(), pick_target("cpu", "fp32"));
  const CausalLM half = CausalLM::load(dir->path(), pick_target("cpu", "bf16"));
  torch::NoGradGuard no_grad;
  const at::Tensor ids = torch::tensor({1, 2, 3, 4, 5, 6, 7, 8}).unsqueeze(0);
  const at::Tensor a = full.forward(ids), b = half.forward(ids);
  EXPECT_LT((a - b).abs().max().item<double>(), 0.05 * a.abs().max().item<double>() + 1e-3);
}

INSTANTIATE_TEST_SUITE_P(Tiny, Family, ::testing::ValuesIn(tunedesk::model::tiny_arch_names()));

TEST(Loading, ShardedEqualsUnsharded) {
  test::TempDir one, three;
  model::TinyModelSpec spec;
  spec.seed = 5;
  model::write_tiny_model(one.path(), spec);
  spec.shards = 3;
  model::write_tiny_model(three.path(), spec);
  const CausalLM a = CausalLM::load(one.path(), pick_target("cpu", "fp32"));
  const CausalLM b = CausalLM::load(three.path(), pick_target("cpu", "fp32"));
  torch::NoGradGuard no_grad;
  const at::Tensor ids = torch::tensor({3, 1, 4, 1, 5}).unsqueeze(0);
  EXPECT_TRUE(torch::equal(a.forward(ids), b.forward(ids)));
}

TEST(Loading, MissingOrMisshapedWeightsAreNamed) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::llama;
  model::write_tiny_model(dir.path(), spec);
  // Rewrite the weights without one tensor and with another of the wrong shape.
  const model::SafetensorsFile original(dir / "model.safetensors");
  std::vector<std::string> keep;
  model::SafetensorsWriter writer;
  for (const model::TensorView& t : original.tensors()) {
    if (t.name == "model.layers.1.mlp.up_proj.weight") continue;
    if (t.name == "model.norm.weight") {
      writer.add(t.name, t.dtype, {t.shape[0] / 2}, t.bytes.substr(0, t.bytes.size() / 2));
      continue;
    }
    writer.add(t.name, t.dtype, t.shape, t.bytes);
  }
  writer.write(dir / "rewritten.safetensors");
  std::filesystem::rename(dir / "rewritten.safetensors", dir / "model.safetensors");
  try {
    CausalLM::load(dir.path(), pick_target("cpu", "fp32"));
    FAIL() << "expected ModelLoadError";
  } catch (const ModelLoadError& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("missing: model.layers.1.mlp.up_proj.weight"), std::string::npos) << what;
    EXPECT_NE(what.find("model.norm.weight is [32], expected [64]"), std::string::npos) << what;
  }
}

// transformers builds the embedding as nn.Embedding(padding_idx=pad_token_id):
// lookups of the pad id pass no gradient to its row, so full fine-tuning
// leaves it as it is. The engine does the same.
TEST(Loading, PadRowOfTheEmbeddingGetsNoGradient) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::glm;  // make-tiny names GLM's pad token
  model::write_tiny_model(dir.path(), spec);
  CausalLM m = CausalLM::load(dir.path(), pick_target("cpu", "fp32"));
  ASSERT_TRUE(m.config().pad_token_id.has_value());
  const int64_t pad = *m.config().pad_token_id;
  m.weights().embed_tokens = m.weights().embed_tokens.detach().clone().requires_grad_(true);
  const at::Tensor ids = torch::tensor(std::vector<int64_t>{7, pad, 9, pad, 11}).unsqueeze(0);
  m.forward(ids).pow(2).sum().backward();
  const at::Tensor grad = m.weights().embed_tokens.grad();
  EXPECT_EQ(grad[pad].abs().sum().item<double>(), 0.0);
  EXPECT_GT(grad[7].abs().sum().item<double>(), 0.0);
}
