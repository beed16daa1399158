// The three methods: gradients of LoRA and the prefix equal finite
// differences (in float64), a merged model equals base + adapter, the
// prefix behaves the same with and without the KV cache, full fine-tuning
// trains every weight and saves a model that loads back, and each method
// resumes exactly.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <nlohmann/json.hpp>

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/test_support.h"
#include "data/validator.h"
#include "engine/causal_lm.h"
#include "engine/lora.h"
#include "engine/model_export.h"
#include "engine/prefix_tuning.h"
#include "model/tiny_model.h"
#include "tokenizer/tokenizer.h"
#include "training/fine_tuning.h"
#include "training/memory_estimate.h"
#include "training/trained_model.h"

using namespace tunedesk;
using namespace tunedesk::training;

namespace {

// `trainable_head`: an untied output head of larger scale, as the demo model
// has, so that adapters can make the logits confident.
engine::CausalLM tiny(const std::filesystem::path& dir, model::Arch arch = model::Arch::qwen3, bool trainable_head = false) {
  model::TinyModelSpec spec;
  if (trainable_head) {
    spec.tie_embeddings = false;
    spec.head_std = 0.1;
  }
  spec.arch = arch;
  spec.seed = 11;
  spec.hidden = 32;
  spec.heads = 4;
  spec.kv_heads = 2;  // grouped-query attention
  model::write_tiny_model(dir, spec);
  return engine::CausalLM::load(dir, engine::pick_target("cpu", "fp32"));
}

// Every weight and the given trainable tensors in float64, for finite differences.
void to_double(engine::CausalLM& m, const std::vector<at::Tensor>& trainable) {
  for (const engine::NamedWeight& w : m.named_weights()) *w.tensor = w.tensor->to(torch::kDouble);
  if (m.config().tie_word_embeddings) m.weights().lm_head = m.weights().embed_tokens;
  for (at::Tensor t : trainable) t.set_data(t.detach().to(torch::kDouble));
}

at::Tensor token_ids() { return torch::tensor({{5, 17, 3, 42, 8, 21, 9}}, torch::kLong); }

// A scalar of the logits that every trainable tensor influences.
at::Tensor objective(const engine::CausalLM& m) {
  const at::Tensor logits = m.forward(token_ids());
  return (logits * torch::linspace(-1, 1, logits.size(-1), logits.options())).sum() / 100.0 + logits.pow(2).mean();
}

// Compares autograd's gradient with central differences at a few entries of `t`.
void expect_gradient_matches(const engine::CausalLM& m, at::Tensor t, const std::string& what) {
  if (t.grad().defined()) t.mutable_grad().zero_();
  objective(m).backward();
  const at::Tensor grad = t.grad().clone();
  ASSERT_GT(grad.abs().max().item<double>(), 0.0) << what << ": no gradient at all";
  const at::Tensor flat = t.detach().view({-1});
  const at::Tensor g = grad.view({-1});
  const int64_t n = flat.numel();
  for (int64_t i : {int64_t{0}, n / 3, n / 2, n - 1, g.abs().argmax().item<int64_t>()}) {
    torch::NoGradGuard no_grad;
    const double eps = 1e-6, original = flat[i].item<double>();
    flat[i] = original + eps;
    const double up = objective(m).item<double>();
    flat[i] = original - eps;
    const double down = objective(m).item<double>();
    flat[i] = original;
    const double numeric = (up - down) / (2 * eps);
    EXPECT_NEAR(g[i].item<double>(), numeric, 1e-6 + 1e-5 * std::abs(numeric)) << what << " entry " << i;
  }
}

}  // namespace

TEST(FineTuningGradients, LoraMatchesFiniteDifferences) {
  test::TempDir dir;
  engine::CausalLM m = tiny(dir.path());
  engine::LoraConfig config;
  config.target_modules = {"all-linear"};
  engine::LoraAdapter adapter = engine::LoraAdapter::create(m, config, 3);
  to_double(m, adapter.parameters());
  {  // B starts at zero; give it values so that A's gradient is not zero too
    torch::NoGradGuard no_grad;
    for (const auto& [name, t] : adapter.named_parameters())
      if (name.find("lora_B") != std::string::npos) t.copy_(torch::randn(t.sizes(), t.options()) * 0.1);
  }
  m.set_adapter(&adapter);
  const auto named = adapter.named_parameters();
  expect_gradient_matches(m, named.front().second, named.front().first);  // layer 0's first A
  expect_gradient_matches(m, named.back().second, named.back().first);    // the last layer's last B
}

TEST(FineTuningGradients, PrefixMatchesFiniteDifferencesWithAndWithoutProjection) {
  for (bool projection : {false, true}) {
    test::TempDir dir;
    engine::CausalLM m = tiny(dir.path());
    engine::PrefixConfig config;
    config.num_virtual_tokens = 3;
    config.prefix_projection = projection;
    config.encoder_hidden_size = 16;
    engine::PrefixAdapter prefix = engine::PrefixAdapter::create(m, config, 5);
    std::vector<at::Tensor> params;
    for (const auto& [_, t] : prefix.named_parameters()) params.push_back(t);
    to_double(m, params);
    m.set_prefix(&prefix);
    for (const auto& [name, t] : prefix.named_parameters()) expect_gradient_matches(m, t, name);
  }
}

TEST(FineTuning, GradientCheckpointingGivesTheSameGradients) {
  for (Method method : {Method::lora, Method::ptuning_v2, Method::full}) {
    test::TempDir dir;
    engine::CausalLM m = tiny(dir.path());
    TrainConfig c;
    c.method = method;
    c.lora.target_modules = {"all-linear"};
    c.lora.dropout = 0.2;  // recomputation must see the same dropout mask
    c.prefix.num_virtual_tokens = 3;
    auto tuning = FineTuning::create(m, c);
    tuning->trainable().set_training ? tuning->trainable().set_training(true) : void();
    std::vector<at::Tensor> plain;
    for (bool checkpointing : {false, true}) {
      m.set_gradient_checkpointing(checkpointing);
      for (auto& [_, t] : tuning->trainable().parameters)
        if (t.grad().defined()) t.mutable_grad().zero_();
      torch::manual_seed(3);
      objective(m).backward();
      for (std::size_t i = 0; i < tuning->trainable().parameters.size(); ++i) {
        const at::Tensor g = tuning->trainable().parameters[i].second.grad();
        ASSERT_TRUE(g.defined()) << method_name(method) << " " << tuning->trainable().parameters[i].first;
        if (!checkpointing) plain.push_back(g.clone());
        else EXPECT_TRUE(torch::allclose(g, plain[i], 1e-5, 1e-6)) << method_name(method) << " " << tuning->trainable().parameters[i].first;
      }
    }
  }
}

TEST(FineTuning, FullFineTuningInBf16TrainsFp32Masters) {
  test::TempDir dir;
  model::TinyModelSpec spec;
  spec.arch = model::Arch::qwen2;
  spec.hidden = 32;
  spec.tie_embeddings = false;
  spec.head_std = 0.1;
  model::write_tiny_model(dir.path(), spec);
  engine::CausalLM m = engine::CausalLM::load(dir.path(), engine::pick_target("cpu", "bf16"));
  TrainConfig c;
  c.method = Method::full;
  c.max_steps = 30;
  c.learning_rate = 3e-3;
  c.schedule = Schedule::constant;
  auto tuning = FineTuning::create(m, c);
  for (const auto& [name, t] : tuning->trainable().parameters) ASSERT_EQ(t.scalar_type(), torch::kFloat) << name;
  EXPECT_EQ(m.weights().layers[0].q_proj.scalar_type(), torch::kBFloat16);
  SftData data;
  TokenizedExample ex;
  ex.input_ids = {5, 17, 3, 42, 8, 21, 9, 30};
  ex.labels = ex.input_ids;
  data.examples = {ex};
  const TrainResult r = train(m, tuning->trainable(), data, data.examples, c, 0);
  EXPECT_LT(r.history.back().loss, r.history.front().loss * 0.5);
  // The weights the model computes with follow the masters.
  const at::Tensor& master = tuning->trainable().parameters[1].second;  // layer 0's input norm
  EXPECT_TRUE(torch::allclose(m.named_weights()[1].tensor->to(torch::kFloat), master, 1e-2, 1e-2));
}

// The memory estimate counts trained parameters from config.json alone: the same number the methods train.
TEST(FineTuning, EstimatedTrainableParametersAreTheTrainedOnes) {
  for (model::Arch arch : {model::Arch::qwen3, model::Arch::llama, model::Arch::glm, model::Arch::chatglm}) {
    test::TempDir dir;
    engine::CausalLM m = tiny(dir.path() / "m", arch);
    const model::ModelConfig config = m.config();
    for (const std::vector<std::string>& targets : {std::vector<std::string>{}, std::vector<std::string>{"all-linear"}}) {
      TrainConfig c;
      c.method = Method::lora;
      c.lora.rank = 4;
      c.lora.target_modules = targets;
      auto tuning = FineTuning::create(m, c);
      EXPECT_EQ(tuning->trainable().parameter_count(), trainable_parameter_count(config, c))
          << model::arch_name(arch) << (targets.empty() ? " default targets" : " all-linear");
    }
    for (bool projection : {false, true}) {
      TrainConfig c;
      c.method = Method::ptuning_v2;
      c.prefix.num_virtual_tokens = 5;
      c.prefix.prefix_projection = projection;
      auto tuning = FineTuning::create(m, c);
      EXPECT_EQ(tuning->trainable().parameter_count(), trainable_parameter_count(config, c))
          << model::arch_name(arch) << " prefix" << (projection ? " projected" : "");
    }
    TrainConfig full;
    full.method = Method::full;
    auto tuning = FineTuning::create(m, full);
    EXPECT_EQ(tuning->trainable().parameter_count(), trainable_parameter_count(config, full)) << model::arch_name(arch);
  }
}

TEST(FineTuning, MergedModelEqualsBasePlusAdapter) {
  test::TempDir dir;
  engine::CausalLM m = tiny(dir.path() / "base", model::Arch::glm4);  // fused gate_up
  engine::LoraConfig config;
  config.target_modules = {"all-linear"};
  engine::LoraAdapter adapter = engine::LoraAdapter::create(m, config, 3);
  {
    torch::NoGradGuard no_grad;
    for (const at::Tensor& t : adapter.parameters()) t.add_(torch::randn(t.sizes()) * 0.05);
  }
  m.set_adapter(&adapter);
  const at::Tensor with_adapter = m.forward(token_ids()).detach();
  m.set_adapter(nullptr);
  const at::Tensor base = m.forward(token_ids()).detach();
  ASSERT_GT((with_adapter - base).abs().max().item<double>(), 1e-3);
  adapter.merge_into(m);
  EXPECT_TRUE(torch::allclose(m.forward(token_ids()), with_adapter, 1e-4, 1e-5));
  // Written out and loaded back, the merged model gives the same logits.
  engine::save_model_folder(m, dir.path() / "base", dir.path() / "merged");
  const engine::CausalLM reloaded = engine::CausalLM::load(dir.path() / "merged", engine::pick_target("cpu", "fp32"));
  EXPECT_TRUE(torch::allclose(reloaded.forward(token_ids()), with_adapter, 1e-4, 1e-5));
  EXPECT_TRUE(std::filesystem::exists(dir.path() / "merged" / "tokenizer.json"));
}

TEST(FineTuning, MergeRefusesNonFiniteWeights) {
  test::TempDir dir;
  engine::CausalLM m = tiny(dir.path());
  engine::LoraAdapter adapter = engine::LoraAdapter::create(m, {}, 3);
  {
    torch::NoGradGuard no_grad;
    adapter.parameters()[1].fill_(std::numeric_limits<float>::quiet_NaN());
  }
  EXPECT_THROW(adapter.merge_into(m), std::runtime_error);
}

TEST(FineTuning, PrefixGivesTheSameLogitsWithAndWithoutTheCache) {
  test::TempDir dir;
  engine::CausalLM m = tiny(dir.path());
  engine::PrefixConfig config;
  config.num_virtual_tokens = 4;
  engine::PrefixAdapter prefix = engine::PrefixAdapter::create(m, config, 7);
  m.set_prefix(&prefix);
  torch::NoGradGuard no_grad;
  const at::Tensor ids = token_ids();
  const at::Tensor whole = m.forward(ids);
  engine::KVCache cache = m.make_cache(1, ids.size(1));
  EXPECT_EQ(cache.length, 4);
  const at::Tensor first = m.forward(ids.narrow(1, 0, 4), &cache);
  const at::Tensor rest = m.forward(ids.narrow(1, 4, ids.size(1) - 4), &cache);
  EXPECT_TRUE(torch::allclose(torch::cat({first, rest}, 1), whole, 1e-5, 1e-5));
  // And the prefix matters.
  m.set_prefix(nullptr);
  EXPECT_GT((m.forward(ids) - whole).abs().max().item<double>(), 1e-4);
}

TEST(FineTuning, PrefixSavedInPeftLayoutLoadsBackIdentically) {
  test::TempDir dir;
  engine::CausalLM m = tiny(dir.path() / "base");
  engine::PrefixConfig config;
  config.num_virtual_tokens = 5;
  config.prefix_projection = true;
  const engine::PrefixAdapter prefix = engine::PrefixAdapter::create(m, config, 7);
  prefix.save(dir.path() / "adapter", "base");
  const nlohmann::json saved = nlohmann::json::parse(test::read_bytes(dir.path() / "adapter" / "adapter_config.json"));
  EXPECT_EQ(saved["peft_type"], "PREFIX_TUNING");
  EXPECT_EQ(saved["num_attention_heads"], 2);  // the key/value heads
  EXPECT_EQ(saved["token_dim"], 2 * m.config().head_dim);
  EXPECT_EQ(saved["num_layers"], m.config().num_layers);
  const engine::PrefixAdapter loaded = engine::PrefixAdapter::load(dir.path() / "adapter", m);
  const auto a = prefix.key_values(), b = loaded.key_values();
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t l = 0; l < a.size(); ++l) {
    EXPECT_EQ(a[l].first.sizes(), (std::vector<int64_t>{1, 2, 5, m.config().head_dim}));
    EXPECT_TRUE(torch::allclose(a[l].first, b[l].first));
    EXPECT_TRUE(torch::allclose(a[l].second, b[l].second));
  }
}

// ---- each method through the trainer ---------------------------------------------

namespace {

struct Sums {
  test::TempDir dir;
  std::unique_ptr<engine::CausalLM> model;
  SftData data;
  explicit Sums(model::Arch arch = model::Arch::qwen3) {
    model = std::make_unique<engine::CausalLM>(tiny(dir.path() / "base", arch, /*trainable_head=*/true));
    const tok::Tokenizer tokenizer = tok::Tokenizer::load(dir.path() / "base");
    std::string csv = "text,result\n";
    for (int a = 1; a <= 4; ++a)
      for (int b = 1; b <= 3; ++b) csv += std::to_string(a) + "+" + std::to_string(b) + "," + std::to_string(a + b) + "\n";
    const data::Dataset ds = data::read_dataset_bytes(csv, "sums.csv");
    data = build_sft_data(ds, data::validate(ds), tokenizer, *chat::find_template("chatml"), "你是一个智能助手", {});
  }
};

TrainConfig config_for(Method method, int64_t steps) {
  TrainConfig c;
  c.method = method;
  c.max_steps = steps;
  c.batch_size = 4;
  c.schedule = Schedule::constant;
  c.learning_rate = method == Method::full ? 3e-3 : method == Method::ptuning_v2 ? 5e-2 : 1e-2;
  c.lora.target_modules = {"all-linear"};
  c.prefix.num_virtual_tokens = 4;
  c.weight_decay = 0.01;
  return c;
}

class EachMethod : public ::testing::TestWithParam<Method> {};

}  // namespace

TEST_P(EachMethod, LossFallsAndOnlyTheMethodsTensorsChange) {
  Sums s;
  const at::Tensor q_before = s.model->weights().layers[0].q_proj.clone();
  const double before = evaluate(*s.model, s.data.examples, 4, 0);
  auto method = FineTuning::create(*s.model, config_for(GetParam(), 60));
  const TrainResult r = train(*s.model, method->trainable(), s.data, s.data.examples, config_for(GetParam(), 60), 0);
  ASSERT_TRUE(r.final_eval_loss);
  EXPECT_LT(*r.final_eval_loss, before - 0.5) << "from " << before;
  const bool full = GetParam() == Method::full;
  EXPECT_EQ(torch::equal(s.model->weights().layers[0].q_proj, q_before), !full);
  if (full && s.model->config().tie_word_embeddings) {  // tied weights stay one tensor
    EXPECT_TRUE(s.model->weights().lm_head.is_same(s.model->weights().embed_tokens));
  }
}

TEST_P(EachMethod, WritesAResultThatLoadsBackWithTheSameLoss) {
  Sums s;
  auto method = FineTuning::create(*s.model, config_for(GetParam(), 10));
  train(*s.model, method->trainable(), s.data, {}, config_for(GetParam(), 10), 0);
  const double trained = evaluate(*s.model, s.data.examples, 4, 0);
  TrainedWith info{method_name(GetParam()), (s.dir.path() / "base").string(), "chatml", "general", "你是一个智能助手"};
  method->write_result(s.dir.path() / "result", s.dir.path() / "base", info);
  const auto reopened = open_trained(s.dir.path() / "result", {}, engine::pick_target("cpu", "fp32"));
  EXPECT_EQ(reopened->kind, GetParam() == Method::full ? "model" : method_name(GetParam()));
  ASSERT_TRUE(reopened->trained_with);
  EXPECT_EQ(reopened->trained_with->system_instruction, "你是一个智能助手");
  EXPECT_NEAR(evaluate(*reopened->model, s.data.examples, 4, 0), trained, 1e-5);
}

TEST_P(EachMethod, ResumedRunRepeatsTheUninterruptedLosses) {
  TrainConfig c = config_for(GetParam(), 8);
  c.schedule = Schedule::cosine;
  c.warmup_steps = 2;
  std::vector<double> whole;
  {
    Sums s;
    auto method = FineTuning::create(*s.model, c);
    for (const StepMetrics& m : train(*s.model, method->trainable(), s.data, {}, c, 0).history) whole.push_back(m.loss);
  }
  Sums s;
  test::TempDir run;
  c.checkpoint_dir = run.path();
  c.save_steps = 5;
  {
    auto method = FineTuning::create(*s.model, c);
    std::atomic<bool> cancel{false};
    TrainCallbacks stop_at_3;
    stop_at_3.cancel = &cancel;
    stop_at_3.on_step = [&](const StepMetrics& m) { cancel = m.step == 3; };
    EXPECT_TRUE(train(*s.model, method->trainable(), s.data, {}, c, 0, stop_at_3).cancelled);
  }
  EXPECT_EQ(latest_checkpoint(run.path()).filename(), "checkpoint-3");  // written on stop
  // A fresh model and method: everything trained comes back from the checkpoint.
  s.model = std::make_unique<engine::CausalLM>(engine::CausalLM::load(s.dir.path() / "base", engine::pick_target("cpu", "fp32")));
  c.seed = 1234;  // another initialisation, overwritten by the checkpoint
  c.resume = true;
  auto method = FineTuning::create(*s.model, c);
  c.seed = 42;   // the data order is the run's
  const TrainResult resumed = train(*s.model, method->trainable(), s.data, {}, c, 0);
  ASSERT_EQ(resumed.history.size(), 5u);
  for (std::size_t i = 0; i < 5; ++i) EXPECT_DOUBLE_EQ(resumed.history[i].loss, whole[3 + i]) << "step " << 4 + i;
}

INSTANTIATE_TEST_SUITE_P(Methods, EachMethod, ::testing::Values(Method::lora, Method::ptuning_v2, Method::full),
                         [](const auto& test) { return std::string(method_name(test.param)); });
