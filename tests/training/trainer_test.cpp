// LoRA training: the loss goes down, the base weights stay bit-identical,
// the same seed gives the same adapter, and the schedule has its shape.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/test_support.h"
#include "data/validator.h"
#include "engine/causal_lm.h"
#include "engine/lora.h"
#include "model/tiny_model.h"
#include "tokenizer/tokenizer.h"
#include "training/trainer.h"
#include "training/training_target.h"

using namespace tunedesk;
using namespace tunedesk::training;

namespace {

struct SumsRun {
  test::TempDir dir;
  engine::CausalLM model;
  tok::Tokenizer tokenizer;
  SftData data;

  static engine::CausalLM make_model(const std::filesystem::path& d) {
    model::TinyModelSpec spec;
    spec.arch = model::Arch::qwen2;
    spec.seed = 4;
    model::write_tiny_model(d, spec);
    return engine::CausalLM::load(d, engine::pick_target("cpu", "fp32"));
  }

  SumsRun() : model(make_model(dir.path())), tokenizer(tok::Tokenizer::load(dir.path())) {
    std::string csv = "text,result\n";
    for (int a = 1; a <= 4; ++a)
      for (int b = 1; b <= 3; ++b) csv += std::to_string(a) + "+" + std::to_string(b) + "," + std::to_string(a + b) + "\n";
    const data::Dataset ds = data::read_dataset_bytes(csv, "sums.csv");
    data = build_sft_data(ds, data::validate(ds), tokenizer, *chat::find_template("chatml"), "你是一个智能助手", {});
  }

  TrainConfig config(int64_t steps) const {
    TrainConfig c;
    c.max_steps = steps;
    c.learning_rate = 1e-2;
    c.batch_size = 4;
    c.lora.rank = 8;
    c.lora.alpha = 16;
    c.lora.dropout = 0;
    c.lora.target_modules = {"all-linear"};
    c.schedule = Schedule::constant;
    return c;
  }
};

TrainResult train_lora(engine::CausalLM& model, engine::LoraAdapter& adapter, const SftData& data,
                       const std::vector<TokenizedExample>& val, const TrainConfig& config, int32_t pad_id,
                       const TrainCallbacks& callbacks = {}) {
  Trainable trainable;
  trainable.parameters = adapter.named_parameters();
  trainable.set_training = [&adapter](bool on) { adapter.set_training(on); };
  return train(model, trainable, data, val, config, pad_id, callbacks);
}

}  // namespace

TEST(Trainer, LossFallsAndTheBaseStaysUntouched) {
  SumsRun s;
  const at::Tensor q_before = s.model.weights().layers[0].q_proj.clone();
  const double before = evaluate(s.model, s.data.examples, 4, 0);
  engine::LoraAdapter adapter = engine::LoraAdapter::create(s.model, s.config(60).lora, 1);
  s.model.set_adapter(&adapter);
  // Untrained, the adapter changes nothing.
  EXPECT_NEAR(evaluate(s.model, s.data.examples, 4, 0), before, 1e-9);
  const TrainResult r = train_lora(s.model, adapter, s.data, s.data.examples, s.config(60), 0);
  EXPECT_EQ(r.steps, 60);
  ASSERT_TRUE(r.final_eval_loss);
  // A random tiny model cannot get far below its starting loss (its tied
  // embeddings are small, so logits stay within a few units after the final
  // norm); a clear fall is what training must show.
  EXPECT_LT(*r.final_eval_loss, before - 0.5) << "from " << before;
  EXPECT_LT(r.history.back().loss, r.history.front().loss);
  EXPECT_TRUE(torch::equal(s.model.weights().layers[0].q_proj, q_before));
}

TEST(Trainer, SameSeedSameAdapter) {
  SumsRun s;
  std::vector<at::Tensor> runs;
  for (int i = 0; i < 2; ++i) {
    engine::LoraAdapter adapter = engine::LoraAdapter::create(s.model, s.config(5).lora, 9);
    s.model.set_adapter(&adapter);
    TrainConfig c = s.config(5);
    c.grad_accumulation = 2;
    train_lora(s.model, adapter, s.data, {}, c, 0);
    runs.push_back(adapter.parameters()[1].detach().clone());
  }
  EXPECT_TRUE(torch::equal(runs[0], runs[1]));
}

TEST(Trainer, CancelStopsBeforeTheNextStep) {
  SumsRun s;
  engine::LoraAdapter adapter = engine::LoraAdapter::create(s.model, s.config(50).lora, 1);
  s.model.set_adapter(&adapter);
  std::atomic<bool> cancel{false};
  TrainCallbacks callbacks;
  callbacks.cancel = &cancel;
  callbacks.on_step = [&](const StepMetrics& m) {
    if (m.step == 3) cancel = true;
  };
  const TrainResult r = train_lora(s.model, adapter, s.data, {}, s.config(50), 0, callbacks);
  EXPECT_TRUE(r.cancelled);
  EXPECT_EQ(r.steps, 3);
}

TEST(Trainer, LearningRateSchedules) {
  TrainConfig c;
  c.learning_rate = 1.0;
  c.warmup_steps = 2;
  c.schedule = Schedule::cosine;
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 0, 12), 0.5);   // warming up
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 1, 12), 1.0);
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 2, 12), 1.0);   // cosine starts at the peak
  EXPECT_NEAR(learning_rate_at(c, 7, 12), 0.5, 1e-12);  // half way down
  c.schedule = Schedule::linear;
  EXPECT_NEAR(learning_rate_at(c, 7, 12), 0.5, 1e-12);
  c.schedule = Schedule::constant;
  EXPECT_DOUBLE_EQ(learning_rate_at(c, 11, 12), 1.0);
}

TEST(Trainer, ResumedRunRepeatsTheUninterruptedLossesExactly) {
  SumsRun s;
  TrainConfig c = s.config(10);
  c.lora.dropout = 0.1;  // exercises the saved random state too
  c.learning_rate = 5e-3;
  c.schedule = Schedule::cosine;
  c.warmup_steps = 2;

  // Uninterrupted.
  engine::LoraAdapter full = engine::LoraAdapter::create(s.model, c.lora, 3);
  s.model.set_adapter(&full);
  torch::manual_seed(0);
  const TrainResult whole = train_lora(s.model, full, s.data, {}, c, 0);

  // Interrupted after step 6 (checkpoints every 3 steps, then one on stop), then resumed.
  test::TempDir run;
  c.checkpoint_dir = run / "checkpoints";
  c.save_steps = 3;
  engine::LoraAdapter first = engine::LoraAdapter::create(s.model, c.lora, 3);
  s.model.set_adapter(&first);
  std::atomic<bool> cancel{false};
  TrainCallbacks stop_at_6;
  stop_at_6.cancel = &cancel;
  stop_at_6.on_step = [&](const StepMetrics& m) { cancel = m.step == 6; };
  torch::manual_seed(0);
  EXPECT_TRUE(train_lora(s.model, first, s.data, {}, c, 0, stop_at_6).cancelled);
  EXPECT_EQ(latest_checkpoint(c.checkpoint_dir).filename(), "checkpoint-6");
  // A crash in the middle of writing a later checkpoint leaves only a temporary folder.
  std::filesystem::create_directories(c.checkpoint_dir / "checkpoint-9.tmp-123");
  EXPECT_EQ(latest_checkpoint(c.checkpoint_dir).filename(), "checkpoint-6");

  engine::LoraAdapter second = engine::LoraAdapter::create(s.model, c.lora, 99);  // other init: restored from disk
  s.model.set_adapter(&second);
  torch::manual_seed(12345);  // other random state: restored from disk
  c.resume = true;
  const TrainResult resumed = train_lora(s.model, second, s.data, {}, c, 0);
  EXPECT_EQ(resumed.resumed_from, 6);
  EXPECT_FALSE(std::filesystem::exists(c.checkpoint_dir / "checkpoint-9.tmp-123"));  // cleaned up on resume
  ASSERT_EQ(resumed.history.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    EXPECT_EQ(resumed.history[i].step, whole.history[6 + i].step);
    EXPECT_DOUBLE_EQ(resumed.history[i].loss, whole.history[6 + i].loss) << "step " << resumed.history[i].step;
  }
  for (std::size_t i = 0; i < full.parameters().size(); ++i)
    EXPECT_TRUE(torch::equal(full.parameters()[i], second.parameters()[i]));
  // Only the newest save_total_limit checkpoints are kept.
  std::size_t kept = 0;
  for (const auto& e : std::filesystem::directory_iterator(c.checkpoint_dir))
    kept += e.path().filename().string().find(".tmp") == std::string::npos;
  EXPECT_EQ(kept, 2u);
}

// The device and number format a run computes in: what `tunedesk-cli train`
// and the training benchmark both take, auto following choose_training_dtype.
TEST(TrainingTarget, TheDtypeARunComputesInIsTheOneItsLogNames) {
  const TrainingTarget automatic = pick_training_target("cpu", "auto");
  EXPECT_TRUE(automatic.target.device.is_cpu());
  EXPECT_EQ(automatic.dtype.name, choose_training_dtype("auto", false, engine::cpu_features()).name);
  EXPECT_EQ(automatic.target.dtype, automatic.dtype.name == "bf16" ? torch::kBFloat16 : torch::kFloat)
      << automatic.dtype.why;
  const TrainingTarget fp32 = pick_training_target("cpu", "fp32");
  EXPECT_EQ(fp32.target.dtype, torch::kFloat);
  const TrainingTarget bf16 = pick_training_target("cpu", "bf16");
  EXPECT_EQ(bf16.target.dtype, torch::kBFloat16);
  EXPECT_EQ(bf16.dtype.why.rfind("asked for", 0), 0u) << bf16.dtype.why;
  EXPECT_THROW(pick_training_target("cpu", "int4"), std::invalid_argument);
}
