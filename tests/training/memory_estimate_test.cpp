// The memory estimate's arithmetic: trained parameters per method, the parts
// that grow with the batch and shrink with checkpointing, the change that
// makes a run fit, and the budget a limit sets. (Its calibration against
// measured peaks is tests/training/memory_fit_test.sh.)
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "training/memory_estimate.h"
#include "model/checkpoint_layout.h"

using namespace tunedesk;
using namespace tunedesk::training;

namespace {

model::ModelConfig llama_like() {
  model::ModelConfig c;
  c.arch = model::Arch::llama;
  c.architecture = "LlamaForCausalLM";
  c.vocab_size = 32000;
  c.hidden_size = 512;
  c.intermediate_size = 1536;
  c.num_layers = 8;
  c.num_heads = 8;
  c.num_kv_heads = 4;
  c.head_dim = 64;
  return c;
}

MemoryEstimateInput input(Method method, int64_t batch, std::size_t longest) {
  MemoryEstimateInput in;
  in.model = llama_like();
  in.train.method = method;
  in.train.batch_size = batch;
  in.train.lora.dropout = 0.05;
  in.data.longest = longest;
  in.data.most_trained = std::vector<std::size_t>(16, longest / 2);
  return in;
}

}  // namespace

TEST(MemoryEstimate, TrainableParametersPerMethod) {
  const model::ModelConfig c = llama_like();
  TrainConfig t;
  t.method = Method::lora;
  t.lora.rank = 8;
  // q: 512 -> 512, v: 512 -> 256 per layer
  EXPECT_EQ(trainable_parameter_count(c, t), 8 * (8 * (512 + 512) + 8 * (512 + 256)));
  t.lora.target_modules = {"all-linear"};
  // + k (512 -> 256), o (512 -> 512), gate and up (512 -> 1536), down (1536 -> 512)
  EXPECT_EQ(trainable_parameter_count(c, t), 8 * 8 * ((512 + 512) + 2 * (512 + 256) + (512 + 512) + 3 * (512 + 1536)));
  t.lora.target_modules = {"query_key_value"};
  EXPECT_THROW(trainable_parameter_count(c, t), std::invalid_argument);
  t.method = Method::ptuning_v2;
  t.prefix.num_virtual_tokens = 16;
  EXPECT_EQ(trainable_parameter_count(c, t), 16 * 8 * 2 * 256);
  t.method = Method::full;
  EXPECT_EQ(trainable_parameter_count(c, t), model::parameter_count(c));
}

TEST(MemoryEstimate, PartsFollowTheSettings) {
  const MemoryEstimate lora = estimate_training_memory(input(Method::lora, 4, 512));
  EXPECT_EQ(lora.total, lora.runtime + lora.weights + lora.trainable + lora.activations + lora.logits);
  EXPECT_EQ(lora.weights, static_cast<std::uint64_t>(model::parameter_count(llama_like()) * 4));
  // Logits: the trained tokens of the batch with most (4 rows × 256) × vocabulary × fp32 × their copies.
  EXPECT_NEAR(static_cast<double>(lora.logits), 4 * 256 * 32000 * 4 * 1.97, 1e3);

  const MemoryEstimate bigger_batch = estimate_training_memory(input(Method::lora, 8, 512));
  EXPECT_NEAR(static_cast<double>(bigger_batch.activations), 2.0 * static_cast<double>(lora.activations), 1e3);
  EXPECT_EQ(bigger_batch.weights, lora.weights);

  MemoryEstimateInput checkpointed = input(Method::lora, 4, 512);
  checkpointed.train.gradient_checkpointing = true;
  EXPECT_LT(estimate_training_memory(checkpointed).activations, lora.activations / 2);

  // Full fine-tuning: two AdamW moments for every weight (the weights themselves train), and its
  // gradients, made while backward frees the activations: the larger of the two.
  const MemoryEstimate full = estimate_training_memory(input(Method::full, 4, 512));
  const auto params = static_cast<std::uint64_t>(model::parameter_count(llama_like()));
  EXPECT_EQ(full.trainable, params * 8);
  MemoryEstimateInput plain_lora = input(Method::lora, 4, 512);
  plain_lora.train.lora.dropout = 0;  // no masks kept
  EXPECT_GT(full.activations, estimate_training_memory(plain_lora).activations);  // the output head's gradient besides
  const MemoryEstimate short_rows = estimate_training_memory(input(Method::full, 1, 16));
  EXPECT_EQ(short_rows.activations + short_rows.logits, params * 4);  // the gradients outweigh the activations
  MemoryEstimateInput sharded = input(Method::full, 4, 512);
  sharded.device = MemoryDevice::cuda;
  sharded.processes = 4;
  sharded.train.shard_optimizer_state = true;
  EXPECT_EQ(estimate_training_memory(sharded).trainable, params * 2);  // a quarter of the moments

  // Fused attention keeps no T² probabilities: long rows cost less.
  MemoryEstimateInput fused = input(Method::lora, 1, 2048);
  fused.fused_attention = false;
  const std::uint64_t unfused = estimate_training_memory(fused).activations;
  fused.fused_attention = true;
  EXPECT_LT(estimate_training_memory(fused).activations, unfused);
}

TEST(MemoryEstimate, TheChangeThatFitsIsTheCheapest) {
  const MemoryEstimateInput in = input(Method::full, 8, 1024);
  MemoryEstimateInput checkpointed = in;
  checkpointed.train.gradient_checkpointing = true;
  const std::uint64_t with_checkpointing = estimate_training_memory(checkpointed).total;
  std::optional<FitChange> c = change_that_fits(in, with_checkpointing);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->gradient_checkpointing);
  EXPECT_EQ(c->batch_size, 0);
  EXPECT_EQ(c->total, with_checkpointing);
  EXPECT_EQ(describe_fit_change(*c), "gradient_checkpointing: true");

  // Smaller micro-batches keep the global batch through accumulation.
  checkpointed.train.batch_size = 2;
  c = change_that_fits(in, estimate_training_memory(checkpointed).total);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->batch_size, 2);
  EXPECT_EQ(c->grad_accumulation, 4);
  EXPECT_FALSE(c->lora);

  // Full fine-tuning's optimizer state is more than the budget: LoRA.
  MemoryEstimateInput lora = checkpointed;
  lora.train.batch_size = 1;
  lora.train.method = Method::lora;
  c = change_that_fits(in, estimate_training_memory(lora).total);
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->lora);
  EXPECT_EQ(c->cutoff_len, 0u);
  EXPECT_EQ(describe_fit_change(*c),
            "gradient_checkpointing: true, per_device_train_batch_size: 1, gradient_accumulation_steps: 8, method: lora");

  // Then shorter rows; below the weights themselves nothing fits.
  c = change_that_fits(in, estimate_training_memory(lora).total - 1);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->cutoff_len, 512u);
  EXPECT_FALSE(change_that_fits(in, estimate_training_memory(lora).weights));
}

TEST(MemoryEstimate, ExtremesOfTheData) {
  std::vector<TokenizedExample> rows(3);
  rows[0].input_ids.resize(10);
  rows[0].labels = {kIgnoreIndex, kIgnoreIndex, 1, 2, 3};  // 3 trained
  rows[1].input_ids.resize(40);
  rows[1].labels = {kIgnoreIndex, 1};  // 1
  rows[2].input_ids.resize(20);
  rows[2].labels = {5, kIgnoreIndex, 1, 2, 3, 4, 5, 6};  // 6: the first label never takes loss (no token before it)
  const SequenceExtremes e = SequenceExtremes::of(rows);
  EXPECT_EQ(e.longest, 40u);
  EXPECT_EQ(e.most_trained, (std::vector<std::size_t>{6, 3, 1}));
  EXPECT_EQ(e.trained_in_batch(2), 9u);
  EXPECT_EQ(e.trained_in_batch(8), 10u);
  EXPECT_EQ(e.capped(4).longest, 4u);
  EXPECT_EQ(e.capped(4).most_trained, (std::vector<std::size_t>{4, 3, 1}));
}

TEST(MemoryEstimate, ALimitBelowTheFreeMemoryDecides) {
  const MemoryBudget free = memory_budget(MemoryDevice::cpu, 0);
  ASSERT_TRUE(free.known);  // Linux: /proc/meminfo
  EXPECT_GT(free.available, 0u);
  EXPECT_FALSE(free.limited);
  const MemoryBudget limited = memory_budget(MemoryDevice::cpu, 1'000'000);
  EXPECT_TRUE(limited.limited);
  EXPECT_EQ(limited.available, 1'000'000u);
  EXPECT_EQ(format_gb(3'241'000'000), "3.24 GB");
  EXPECT_EQ(format_gb(31'240'000'000), "31.2 GB");
  EXPECT_EQ(format_gb(207'400'000), "207 MB");
}
