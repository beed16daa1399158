// LoRA adapters: an untrained adapter changes nothing, a trained one equals
// merging B·A into W, the PEFT files round-trip, and gradients reach only A and B.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include "data/test_support.h"
#include "engine/causal_lm.h"
#include "engine/lora.h"
#include "model/safetensors.h"
#include "model/tiny_model.h"
#include "util/file_io.h"

using namespace tunedesk;
using namespace tunedesk::engine;

namespace {

struct TinyModel {
  test::TempDir dir;
  explicit TinyModel(model::Arch arch) {
    model::TinyModelSpec spec;
    spec.arch = arch;
    spec.seed = 21;
    model::write_tiny_model(dir.path(), spec);
  }
  CausalLM load() const { return CausalLM::load(dir.path(), pick_target("cpu", "fp32")); }
};

const at::Tensor kIds = torch::tensor({3, 14, 15, 92, 65, 35}).unsqueeze(0);

void randomize_b(LoraAdapter& adapter) {
  torch::NoGradGuard no_grad;
  torch::manual_seed(0);
  for (std::size_t i = 1; i < adapter.parameters().size(); i += 2) adapter.parameters()[i].normal_(0, 0.05);
}

// W += scale · B A, for every adapted projection of `m`.
void merge_into(CausalLM& m, const LoraAdapter& adapter) {
  const double scale = adapter.config().scale();
  for (std::size_t l = 0; l < m.weights().layers.size(); ++l) {
    LayerWeights& w = m.weights().layers[l];
    for (auto [p, weight] : {std::pair{Projection::q, &w.q_proj}, std::pair{Projection::k, &w.k_proj},
                             std::pair{Projection::v, &w.v_proj}, std::pair{Projection::o, &w.o_proj},
                             std::pair{Projection::qkv, &w.qkv_proj}, std::pair{Projection::gate, &w.gate_proj},
                             std::pair{Projection::up, &w.up_proj}, std::pair{Projection::gate_up, &w.gate_up_proj},
                             std::pair{Projection::down, &w.down_proj}})
      if (const LoraPair* pair = adapter.find(l, p)) *weight = *weight + scale * pair->b.detach().mm(pair->a.detach());
  }
}

class LoraFamily : public ::testing::TestWithParam<model::Arch> {};

}  // namespace

TEST_P(LoraFamily, UntrainedAdapterChangesNothingAndTrainedOneEqualsMerging) {
  TinyModel tiny(GetParam());
  CausalLM m = tiny.load();
  torch::NoGradGuard no_grad;
  const at::Tensor base = m.forward(kIds);
  LoraConfig config;
  config.target_modules = {"all-linear"};
  config.rank = 4;
  config.alpha = 8;
  LoraAdapter adapter = LoraAdapter::create(m, config, 1);
  m.set_adapter(&adapter);
  EXPECT_TRUE(torch::equal(m.forward(kIds), base));  // B = 0

  randomize_b(adapter);
  const at::Tensor adapted = m.forward(kIds);
  EXPECT_FALSE(torch::allclose(adapted, base));
  CausalLM merged = tiny.load();
  merge_into(merged, adapter);
  EXPECT_TRUE(torch::allclose(merged.forward(kIds), adapted, 1e-4, 1e-4));
}

// Training on a frozen base fuses q|k|v and gate|up into one weight each:
// the same logits and adapter gradients, the separate weights as views of
// the fused one with unchanged values, and merging still lands in the model.
TEST_P(LoraFamily, FusedProjectionsGiveTheSameLogitsAndGradients) {
  TinyModel tiny(GetParam());
  CausalLM m = tiny.load();
  LoraConfig config;
  config.target_modules = {"all-linear"};
  config.rank = 4;
  LoraAdapter adapter = LoraAdapter::create(m, config, 7);
  randomize_b(adapter);
  m.set_adapter(&adapter);
  const auto run = [&] {
    for (at::Tensor p : adapter.parameters()) p.mutable_grad().reset();
    const at::Tensor logits = m.forward(kIds);
    logits.logsumexp(-1).sum().backward();
    std::vector<at::Tensor> grads{logits.detach()};
    for (const at::Tensor& p : adapter.parameters()) grads.push_back(p.grad().clone());
    return grads;
  };
  const std::vector<at::Tensor> unfused = run();

  m.fuse_frozen_projections();
  EXPECT_TRUE(m.projections_fused());
  const LayerWeights& w = m.weights().layers[1];
  ASSERT_TRUE(w.qkv_proj.defined() && w.gate_up_proj.defined());
  if (w.q_proj.defined()) {  // not ChatGLM, whose checkpoint is fused already
    EXPECT_EQ(w.q_proj.data_ptr(), w.qkv_proj.data_ptr());
    EXPECT_EQ(w.v_proj.data_ptr<float>(), w.qkv_proj.data_ptr<float>() + (w.q_proj.numel() + w.k_proj.numel()));
  }
  CausalLM fresh = tiny.load();
  const std::vector<NamedWeight> before = fresh.named_weights(), after = m.named_weights();
  ASSERT_EQ(before.size(), after.size());
  for (std::size_t i = 0; i < before.size(); ++i) EXPECT_TRUE(torch::equal(*before[i].tensor, *after[i].tensor)) << after[i].name;

  const std::vector<at::Tensor> fused = run();
  for (std::size_t i = 0; i < unfused.size(); ++i) EXPECT_TRUE(torch::allclose(fused[i], unfused[i], 1e-5, 1e-6)) << i;

  torch::NoGradGuard no_grad;
  m.set_adapter(nullptr);
  adapter.merge_into(m);  // replaces the parts, so the fused weights must go
  EXPECT_FALSE(m.projections_fused());
  EXPECT_TRUE(torch::allclose(m.forward(kIds), unfused[0], 1e-4, 1e-4));
}

// Dropout draws a mask of its own for each projection, as PEFT's modules do,
// even where the A products are otherwise one GEMM.
TEST(Lora, DropoutMasksAreDrawnPerProjection) {
  TinyModel tiny(model::Arch::llama);
  CausalLM m = tiny.load();
  LoraConfig config;
  config.target_modules = {"q_proj", "k_proj"};
  config.dropout = 0.5;
  LoraAdapter adapter = LoraAdapter::create(m, config, 9);
  torch::NoGradGuard no_grad;
  const LoraPair* q = adapter.find(0, Projection::q);
  const LoraPair* k = adapter.find(0, Projection::k);
  ASSERT_TRUE(q && k);
  k->a.copy_(q->a);  // equal adapters: their deltas differ only by the masks
  q->b.normal_();
  k->b.copy_(q->b.narrow(0, 0, k->b.size(0)));
  const at::Tensor x = torch::randn({1, 5, m.config().hidden_size});
  const auto first_rows = [&](const std::vector<at::Tensor>& d) {
    return std::pair{d[0].narrow(-1, 0, d[2].size(-1)), d[2]};
  };
  const auto [q_eval, k_eval] = first_rows(adapter.deltas(0, {Projection::q, Projection::v, Projection::k}, x));
  EXPECT_TRUE(torch::allclose(q_eval, k_eval, 1e-5, 1e-6));  // no dropout outside training
  adapter.set_training(true);
  const std::vector<at::Tensor> trained = adapter.deltas(0, {Projection::q, Projection::v, Projection::k}, x);
  EXPECT_FALSE(trained[1].defined());  // v has no pair
  const auto [q_train, k_train] = first_rows(trained);
  EXPECT_FALSE(torch::allclose(q_train, k_train, 1e-5, 1e-6));
}

INSTANTIATE_TEST_SUITE_P(Families, LoraFamily,
                         ::testing::Values(model::Arch::llama, model::Arch::qwen2, model::Arch::glm4, model::Arch::chatglm));

TEST(Lora, SavesAndLoadsInPeftLayout) {
  TinyModel tiny(model::Arch::qwen2);
  CausalLM m = tiny.load();
  LoraConfig config;
  config.target_modules = {"q_proj", "v_proj"};
  config.use_rslora = true;
  LoraAdapter adapter = LoraAdapter::create(m, config, 3);
  randomize_b(adapter);
  test::TempDir out;
  adapter.save(out.path(), "tiny-qwen2");

  const model::SafetensorsFile file(out / "adapter_model.safetensors");
  ASSERT_NE(file.find("base_model.model.model.layers.0.self_attn.q_proj.lora_A.weight"), nullptr);
  EXPECT_EQ(file.find("base_model.model.model.layers.1.self_attn.v_proj.lora_B.weight")->shape,
            (std::vector<int64_t>{32, 8}));
  EXPECT_EQ(file.find("base_model.model.model.layers.0.self_attn.k_proj.lora_A.weight"), nullptr);
  const auto cfg = nlohmann::json::parse(util::read_file(out / "adapter_config.json"));
  EXPECT_EQ(cfg["peft_type"], "LORA");
  EXPECT_EQ(cfg["r"], 8);
  EXPECT_EQ(cfg["target_modules"], nlohmann::json({"q_proj", "v_proj"}));
  EXPECT_EQ(cfg["use_rslora"], true);

  torch::NoGradGuard no_grad;
  m.set_adapter(&adapter);
  const at::Tensor before = m.forward(kIds);
  const LoraAdapter loaded = LoraAdapter::load(out.path(), m);
  m.set_adapter(&loaded);
  EXPECT_TRUE(torch::equal(m.forward(kIds), before));

  // An adapter for another architecture is refused with a reason.
  TinyModel other(model::Arch::chatglm);
  EXPECT_THROW(LoraAdapter::load(out.path(), other.load()), std::runtime_error);
}

TEST(Lora, GradientsReachOnlyTheAdapter) {
  TinyModel tiny(model::Arch::llama);
  CausalLM m = tiny.load();
  LoraAdapter adapter = LoraAdapter::create(m, LoraConfig{}, 5);
  adapter.set_training(true);
  m.set_adapter(&adapter);
  m.forward(kIds).logsumexp(-1).sum().backward();
  const auto params = adapter.parameters();
  ASSERT_FALSE(params.empty());
  EXPECT_TRUE(params[1].grad().defined());                   // B of the first pair
  EXPECT_GT(params[1].grad().abs().sum().item<double>(), 0);
  EXPECT_FALSE(m.weights().layers[0].q_proj.requires_grad());  // the base stays frozen
}

TEST(Lora, UnknownTargetModulesAreNamed) {
  TinyModel tiny(model::Arch::chatglm);
  const CausalLM m = tiny.load();
  LoraConfig config;
  config.target_modules = {"q_proj"};
  try {
    LoraAdapter::create(m, config, 0);
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("query_key_value"), std::string::npos) << e.what();
  }
}
