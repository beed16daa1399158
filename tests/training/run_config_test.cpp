// YAML run configs: GLM-4 finetune_demo's files load unchanged with their
// meaning, unsupported keys warn, misspelt ones fail naming path and line.
#include <gtest/gtest.h>

#include "data/test_support.h"
#include "training/run_config.h"
#include "training/run_config_yaml.h"

using namespace tunedesk;
using namespace tunedesk::training;

namespace {

RunConfig load_text(const test::TempDir& dir, const std::string& yaml) {
  test::write_bytes(dir / "run.yaml", yaml);
  return load_run_config(dir / "run.yaml");
}

std::string error_of(const std::string& yaml) {
  test::TempDir dir;
  try {
    load_text(dir, yaml);
  } catch (const RunConfigError& e) {
    return e.what();
  }
  return "(no error)";
}

bool warns_about(const RunConfig& c, const std::string& key) {
  for (const std::string& w : c.warnings)
    if (w.find(key) != std::string::npos) return true;
  return false;
}

}  // namespace

TEST(RunConfig, FinetuneDemoLoraLoadsWithItsMeaning) {
  const std::filesystem::path data_dir = "/data/AdvertiseGen";
  const RunConfig c = load_run_config(test::fixture("configs/finetune_demo_lora.yaml"), data_dir);
  EXPECT_EQ(c.train.method, Method::lora);
  EXPECT_EQ(c.train_file, data_dir / "train.jsonl");
  EXPECT_EQ(c.val_file, data_dir / "dev.jsonl");
  EXPECT_EQ(c.test_file, data_dir / "dev.jsonl");
  EXPECT_EQ(c.truncation.max_input_length, 128u);
  EXPECT_EQ(c.truncation.max_output_length, 64u);
  EXPECT_EQ(c.truncation.cutoff_len, 0u);  // GLM-4's two limits replace the single one
  EXPECT_EQ(c.train.max_steps, 6);
  EXPECT_DOUBLE_EQ(c.train.learning_rate, 5e-4);
  EXPECT_EQ(c.train.batch_size, 2);
  EXPECT_EQ(c.train.eval_batch_size, 4);
  EXPECT_EQ(c.train.save_steps, 3);
  EXPECT_EQ(c.train.eval_steps, 3);
  EXPECT_TRUE(c.train.predict_with_generate);
  EXPECT_EQ(c.train.max_new_tokens, 16);
  EXPECT_EQ(c.train.lora.rank, 8);
  EXPECT_DOUBLE_EQ(c.train.lora.alpha, 32);
  EXPECT_DOUBLE_EQ(c.train.lora.dropout, 0.1);
  EXPECT_EQ(c.train.lora.target_modules, (std::vector<std::string>{"q_proj", "v_proj"}));
  EXPECT_EQ(c.output_dir, "./output");
  // Known keys TuneDesk does not use are warnings with their line.
  EXPECT_TRUE(warns_about(c, "dataloader_num_workers"));
  EXPECT_TRUE(warns_about(c, "combine"));
  EXPECT_TRUE(warns_about(c, "data_config.num_proc"));
  EXPECT_TRUE(warns_about(c, "finetune_demo_lora.yaml:21: training_args.dataloader_num_workers"));
}

TEST(RunConfig, FinetuneDemoPtuningIsPrefixTuning) {
  const RunConfig c = load_run_config(test::fixture("configs/finetune_demo_ptuning_v2.yaml"));
  EXPECT_EQ(c.train.method, Method::ptuning_v2);
  EXPECT_EQ(c.train.prefix.num_virtual_tokens, 16);
  EXPECT_EQ(c.prefix_num_attention_heads, 2);
  EXPECT_EQ(c.prefix_token_dim, 256);
  // Relative to the file's folder without a data folder.
  EXPECT_EQ(c.train_file, test::fixture("configs/train.jsonl"));
}

TEST(RunConfig, NoPeftConfigMeansFullFineTuning) {
  test::TempDir dir;
  const RunConfig c = load_text(dir, "training_args:\n  learning_rate: 1e-5\n  lr_scheduler_type: linear\n");
  EXPECT_EQ(c.train.method, Method::full);
  EXPECT_EQ(c.train.schedule, Schedule::linear);
  // The method key wins, before or after peft_config.
  EXPECT_EQ(load_text(dir, "method: lora\n").train.method, Method::lora);
  EXPECT_EQ(load_text(dir, "method: sft\npeft_config:\n  peft_type: LORA\n").train.method, Method::full);
  EXPECT_EQ(load_text(dir, "peft_config:\n  peft_type: LORA\nmethod: ptuning_v2\n").train.method, Method::ptuning_v2);
}

TEST(RunConfig, TheShippedConfigsLoad) {
  for (const char* name : {"lora.yaml", "ptuning_v2.yaml", "sft.yaml"}) {
    const RunConfig c = load_run_config(test::source_dir() / "resources" / "configs" / name);
    EXPECT_TRUE(c.warnings.empty()) << name << ": " << c.warnings.front();
  }
  EXPECT_EQ(load_run_config(test::source_dir() / "resources/configs/sft.yaml").train.method, Method::full);
  EXPECT_EQ(load_run_config(test::source_dir() / "resources/configs/ptuning_v2.yaml").train.method, Method::ptuning_v2);
}

TEST(RunConfig, MisspeltKeysAreErrorsWithPathLineAndSuggestion) {
  const std::string e = error_of("training_args:\n  learning_rate: 1e-4\n  max_stepz: 10\n");
  EXPECT_NE(e.find("run.yaml:3: training_args.max_stepz: unknown key; did you mean max_steps?"), std::string::npos) << e;
  const std::string top = error_of("peft_confg:\n  r: 8\n");
  EXPECT_NE(top.find("run.yaml:1: peft_confg: unknown key; did you mean peft_config?"), std::string::npos) << top;
  EXPECT_NE(error_of("peft_config:\n  peft_type: LORA\n  rank: 8\n").find("peft_config.rank: unknown key"), std::string::npos);
}

// A flat, LLaMA-Factory-style file puts training_args' keys at the top: each is named with its place.
TEST(RunConfig, KeysOfAnotherSectionAreNamedWithTheirPlace) {
  const std::string flat = error_of("learning_rate: 1e-4\n");
  EXPECT_NE(flat.find("run.yaml:1: learning_rate: not a key here: it goes under training_args: (training_args.learning_rate)"),
            std::string::npos) << flat;
  EXPECT_NE(error_of("max_new_tokens: 64\n").find("it goes under training_args.generation_config: "
                                                   "(training_args.generation_config.max_new_tokens)"),
            std::string::npos);
  EXPECT_NE(error_of("training_args:\n  lora_alpha: 32\n").find("run.yaml:2: training_args.lora_alpha: not a key here: it goes "
                                                                  "under peft_config: (peft_config.lora_alpha)"),
            std::string::npos);
  try {
    load_run_config_text("peft_config:\n  peft_type: LORA\n  num_train_epochs: 2\n", "job j1");
    FAIL() << "an epoch count under peft_config was accepted";
  } catch (const RunConfigError& e) {
    EXPECT_EQ(e.kind(), "config.key_elsewhere");
    EXPECT_EQ(e.args(), (std::vector<std::string>{"job j1:3: peft_config.num_train_epochs", "training_args.num_train_epochs",
                                                  "training_args"}));
  }
}

TEST(RunConfig, BadValuesAreErrorsNamingTheKey) {
  EXPECT_NE(error_of("training_args:\n  max_steps: many\n").find("run.yaml:2: training_args.max_steps: expected a whole number, got 'many'"),
            std::string::npos);
  EXPECT_NE(error_of("training_args:\n  per_device_train_batch_size: 0\n").find("must be from 1 to 1024, not 0"), std::string::npos);
  EXPECT_NE(error_of("peft_config:\n  peft_type: IA3\n").find("TuneDesk trains LORA and PREFIX_TUNING, not IA3"),
            std::string::npos);
  EXPECT_NE(error_of("training_args:\n  lr_scheduler_type: polynomial\n").find("expected one of cosine, linear, constant, not 'polynomial'"),
            std::string::npos);
  EXPECT_NE(error_of("training_args: [1, 2]\n").find("expected a mapping"), std::string::npos);
  EXPECT_NE(error_of("overlength: cut\n").find("run.yaml:1: overlength: expected one of truncate, drop, not 'cut'"), std::string::npos)
      << error_of("overlength: cut\n");
  EXPECT_NE(error_of("training_args:\n  max_steps: 1\n   bad: indent\n").find("not valid YAML"), std::string::npos);
}

// Each mistake carries its template and values, so the window and the browser can say it in Chinese.
TEST(RunConfig, ErrorsCarryTheirTemplate) {
  try {
    load_run_config_text("training_args:\n  max_stepz: 10\n", "job j1");
    FAIL() << "a misspelt key was accepted";
  } catch (const RunConfigError& e) {
    EXPECT_EQ(e.kind(), "config.unknown_key_guess");
    EXPECT_EQ(e.args(), (std::vector<std::string>{"job j1:2: training_args.max_stepz", "max_steps"}));
  }
  try {
    load_run_config_text("val_ratio: 1.5\n", "job j1");
    FAIL() << "a validation share of 1.5 was accepted";
  } catch (const RunConfigError& e) {
    EXPECT_EQ(e.kind(), "config.range");
    EXPECT_EQ(std::string(e.what()), "job j1:1: val_ratio: must be from 0 to 0.9, not 1.5");
  }
  try {
    load_run_config_text("memory_limit_gb: -2\n", "job j1");
    FAIL() << "a negative memory limit was accepted";
  } catch (const RunConfigError& e) {
    EXPECT_EQ(e.kind(), "config.range");
    EXPECT_EQ(e.args(), (std::vector<std::string>{"job j1:1: memory_limit_gb", "0", "100000", "-2"}));
  }
  try {
    load_run_config_text("- a list\n", "job j1");
    FAIL() << "a list was accepted as a config";
  } catch (const RunConfigError& e) {
    EXPECT_EQ(e.kind(), "config.not_a_mapping");
    EXPECT_EQ(std::string(e.what()), "job j1:1: expected a mapping of keys");
  }
}

TEST(RunConfig, EvaluationOffMeansNoValidationSet) {
  test::TempDir dir;
  const RunConfig c = load_text(dir, "training_args:\n  eval_strategy: \"no\"\n  save_strategy: \"no\"\n  save_steps: 5\n");
  EXPECT_EQ(c.val_ratio, 0);
  EXPECT_EQ(c.train.save_steps, 0);
}

// What a form saves is what loads back: every setting survives the round trip.
TEST(RunConfig, WrittenYamlLoadsBackToTheSameSettings) {
  for (Method method : {Method::lora, Method::ptuning_v2, Method::full}) {
    RunConfig c = default_run_config();
    c.train.method = method;
    c.model = "/models/base";
    c.train_file = "/data/train.jsonl";
    c.val_file = "/data/dev.jsonl";
    c.output_dir = "/runs/r1";
    c.truncation = {300, 200, 0};
    c.model_type = "medical";
    c.device = "cpu";
    c.dtype = "fp32";
    c.val_ratio = 0.2;
    c.processes = 2;
    c.memory_limit_gb = 12.5;
    c.check_memory = false;
    TrainConfig& t = c.train;
    t.max_steps = 37;
    t.learning_rate = 3.5e-4;
    t.schedule = Schedule::linear;
    t.warmup_steps = 4;
    t.weight_decay = 0.01;
    t.batch_size = 3;
    t.grad_accumulation = 2;
    t.save_steps = 9;
    t.save_total_limit = 5;
    t.logging_steps = 2;
    t.eval_steps = 11;
    t.predict_with_generate = true;
    t.max_new_tokens = 33;
    t.gradient_checkpointing = true;
    t.shard_optimizer_state = true;
    t.seed = 7;
    t.lora.rank = 12;
    t.lora.alpha = 24;
    t.lora.dropout = 0.1;
    t.lora.target_modules = {"q_proj", "k_proj", "v_proj"};
    t.lora.use_rslora = true;
    t.prefix.num_virtual_tokens = 20;
    t.prefix.prefix_projection = true;

    const std::string yaml = run_config_to_yaml(c);
    const RunConfig back = load_run_config_text(yaml, "saved.yaml");
    SCOPED_TRACE(yaml);
    EXPECT_TRUE(back.warnings.empty());
    EXPECT_EQ(back.train.method, method);
    EXPECT_EQ(back.model, c.model);
    EXPECT_EQ(back.train_file, c.train_file);
    EXPECT_EQ(back.val_file, c.val_file);
    EXPECT_EQ(back.output_dir, c.output_dir);
    EXPECT_EQ(back.truncation.max_input_length, 300u);
    EXPECT_EQ(back.truncation.max_output_length, 200u);
    EXPECT_EQ(back.truncation.cutoff_len, 0u);
    EXPECT_EQ(back.model_type, "medical");
    EXPECT_EQ(back.device, "cpu");
    EXPECT_EQ(back.dtype, "fp32");
    EXPECT_DOUBLE_EQ(back.val_ratio, 0.2);
    EXPECT_EQ(back.processes, 2);
    EXPECT_DOUBLE_EQ(back.memory_limit_gb, 12.5);
    EXPECT_FALSE(back.check_memory);
    const TrainConfig& b = back.train;
    EXPECT_EQ(b.max_steps, 37);
    EXPECT_DOUBLE_EQ(b.learning_rate, 3.5e-4);
    EXPECT_EQ(b.schedule, Schedule::linear);
    EXPECT_EQ(b.warmup_steps, 4);
    EXPECT_DOUBLE_EQ(b.weight_decay, 0.01);
    EXPECT_EQ(b.batch_size, 3);
    EXPECT_EQ(b.grad_accumulation, 2);
    EXPECT_EQ(b.save_steps, 9);
    EXPECT_EQ(b.save_total_limit, 5);
    EXPECT_EQ(b.logging_steps, 2);
    EXPECT_EQ(b.eval_steps, 11);
    EXPECT_TRUE(b.predict_with_generate);
    EXPECT_EQ(b.max_new_tokens, 33);
    EXPECT_TRUE(b.gradient_checkpointing);
    EXPECT_TRUE(b.shard_optimizer_state);
    EXPECT_EQ(b.seed, 7u);
    if (method == Method::lora) {
      EXPECT_EQ(b.lora.rank, 12);
      EXPECT_DOUBLE_EQ(b.lora.alpha, 24);
      EXPECT_DOUBLE_EQ(b.lora.dropout, 0.1);
      EXPECT_EQ(b.lora.target_modules, t.lora.target_modules);
      EXPECT_TRUE(b.lora.use_rslora);
    }
    if (method == Method::ptuning_v2) {
      EXPECT_EQ(b.prefix.num_virtual_tokens, 20);
      EXPECT_TRUE(b.prefix.prefix_projection);
    }
  }
  // Epochs (no max_steps) and the single cutoff survive as well.
  RunConfig c = default_run_config();
  c.train.epochs = 2.5;
  c.truncation = {0, 0, 640, TruncationOptions::Overlength::drop};
  const RunConfig back = load_run_config_text(run_config_to_yaml(c), "saved.yaml");
  EXPECT_EQ(back.truncation.overlength, TruncationOptions::Overlength::drop);
  EXPECT_DOUBLE_EQ(back.train.epochs, 2.5);
  EXPECT_EQ(back.train.max_steps, 0);
  EXPECT_EQ(back.truncation.cutoff_len, 640u);
}
