// A real trained Llama checkpoint (../shared/reference/models/stories260K):
// the engine must reproduce llama2.c's greedy ids and the reference logits.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

#include "engine/causal_lm.h"
#include "model/checkpoint_layout.h"
#include "test_paths.h"
#include "engine/generation.h"

using namespace tunedesk::engine;
using nlohmann::json;

namespace {

std::filesystem::path model_dir() {
  return std::filesystem::path(TUNEDESK_SHARED_DIR) / "reference" / "models" / "stories260K";
}

class Stories260K : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(model_dir() / "model.safetensors"))
      GTEST_SKIP() << "reference model not found at " << model_dir().string();
    configure_cpu();
    static CausalLM loaded = CausalLM::load(model_dir(), pick_target("cpu", "fp32"));
    model = &loaded;
    std::ifstream in(model_dir() / "golden.jsonl");
    for (std::string line; std::getline(in, line);)
      if (!line.empty()) golden.push_back(json::parse(line));
  }
  const CausalLM* model = nullptr;
  std::vector<json> golden;
};

}  // namespace

TEST_F(Stories260K, FirstStepLogitsMatchTheReference) {
  std::ifstream in(model_dir() / "logits_first.json");
  const json reference = json::parse(in);
  torch::NoGradGuard no_grad;
  for (const json& r : reference) {
    const auto prompt = golden[r["prompt_index"].get<std::size_t>()]["prompt_ids"].get<std::vector<int64_t>>();
    const at::Tensor logits = model->forward(torch::tensor(prompt).unsqueeze(0))[0][r["position"].get<int64_t>()];
    const at::Tensor expected = torch::tensor(r["logits"].get<std::vector<float>>());
    const double scale = expected.abs().max().item<double>();
    const double error = (logits - expected).abs().max().item<double>();
    EXPECT_LT(error / scale, 1e-4) << "prompt " << r["prompt_index"];
  }
}

TEST_F(Stories260K, GreedyGenerationWithTheKvCacheMatchesLlama2c) {
  for (const json& g : golden) {
    GenerationOptions options;
    options.max_new_tokens = 64;
    const GenerationResult result = generate(*model, nullptr, g["prompt_ids"].get<std::vector<int64_t>>(), options);
    EXPECT_EQ(result.ids, g["greedy_ids"].get<std::vector<int64_t>>());
    EXPECT_EQ(result.finish_reason, "length");
  }
}

TEST_F(Stories260K, FullRecomputeAgreesWithTheCachedPath) {
  torch::NoGradGuard no_grad;
  const json& g = golden[2];
  std::vector<int64_t> all = g["prompt_ids"].get<std::vector<int64_t>>();
  const auto greedy = g["greedy_ids"].get<std::vector<int64_t>>();
  const std::size_t prompt_len = all.size();
  all.insert(all.end(), greedy.begin(), greedy.end() - 1);
  // Teacher forcing over the whole sequence at once: every argmax is the next greedy id.
  const at::Tensor logits = model->forward(torch::tensor(all).unsqueeze(0))[0];
  const at::Tensor picks = logits.narrow(0, static_cast<int64_t>(prompt_len) - 1, static_cast<int64_t>(greedy.size())).argmax(-1);
  EXPECT_TRUE(torch::equal(picks, torch::tensor(greedy)));
  // And the cached forward, one token at a time, gives the same logits.
  KVCache cache = model->make_cache(1, static_cast<int64_t>(all.size()));
  at::Tensor stepwise = model->forward(torch::tensor(std::vector<int64_t>(all.begin(), all.begin() + 10)).unsqueeze(0), &cache)[0];
  std::vector<at::Tensor> rows{stepwise};
  for (std::size_t i = 10; i < all.size(); ++i) rows.push_back(model->forward(torch::tensor({all[i]}).unsqueeze(0), &cache)[0]);
  EXPECT_TRUE(torch::allclose(torch::cat(rows), logits, 1e-4, 1e-4));
}

TEST_F(Stories260K, ConfigAndParameterCount) {
  const auto& c = model->config();
  EXPECT_EQ(c.num_layers, 5);
  EXPECT_EQ(c.num_kv_heads, 4);
  EXPECT_TRUE(c.tie_word_embeddings);
  // 512*64 embeddings + 5 layers + final norm.
  EXPECT_EQ(tunedesk::model::parameter_count(c), 512 * 64 + 5 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 172 + 2 * 64) + 64);
  EXPECT_TRUE(model->load_report().unexpected.empty());
}

TEST_F(Stories260K, SamplingIsReproducibleFromTheSeed) {
  GenerationOptions options;
  options.max_new_tokens = 20;
  options.sampling = {.greedy = false, .temperature = 0.9, .top_k = 40, .top_p = 0.95, .repetition_penalty = 1.1, .seed = 7};
  const auto prompt = golden[0]["prompt_ids"].get<std::vector<int64_t>>();
  const auto a = generate(*model, nullptr, prompt, options);
  const auto b = generate(*model, nullptr, prompt, options);
  EXPECT_EQ(a.ids, b.ids);
  options.sampling.seed = 8;
  EXPECT_NE(generate(*model, nullptr, prompt, options).ids, a.ids);
  // A stop id ends generation before it.
  options.stop_ids = {a.ids[3]};
  options.sampling.seed = 7;
  const auto stopped = generate(*model, nullptr, prompt, options);
  EXPECT_EQ(stopped.finish_reason, "stop");
  EXPECT_LE(stopped.ids.size(), 3u);
}
