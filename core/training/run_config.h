// A fine-tuning run described in YAML. GLM-4's finetune_demo configs work
// unchanged (data_config, max_input_length, max_output_length,
// training_args, peft_config with LORA or PREFIX_TUNING; no peft_config
// means full fine-tuning), plus TuneDesk's own top-level keys (model,
// method, model_type, template, device, dtype, val_ratio, cutoff_len, nproc).
// Keys TuneDesk knows but does not use (deepspeed, dataloader_num_workers,
// …) are warnings; unknown keys are errors naming the key path, the line,
// and the key probably meant. Torch-free.
#pragma once

#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "distributed/world.h"
#include "training/sft_data.h"
#include "training/train_config.h"
#include "util/user_error.h"

namespace tunedesk::training {

// A mistake in a config, said with its place ("file:line: key") and a
// template of util/user_error.cpp ("config.*"), so that the UIs can say it in
// the user's language.
class RunConfigError : public UserError {
 public:
  using UserError::UserError;
};

struct RunConfig {
  std::filesystem::path model;             // base model folder
  std::filesystem::path train_file, val_file, test_file;
  std::filesystem::path output_dir = "output";
  std::string model_type = "general";
  std::string chat_template;               // empty: detected from the model
  std::string device = "auto", dtype = "auto";
  double val_ratio = 0.1;                  // share held out when there is no val_file
  int processes = 1;                       // data parallel on this machine (YAML nproc; one per GPU)
  // The memory check before the model is loaded (training/memory_estimate.h):
  // refuse a run whose estimate is over what the device has free, or over
  // memory_limit_gb when that is set and smaller; check_memory: false starts it anyway.
  double memory_limit_gb = 0;
  bool check_memory = true;
  // Rows with personal data (the validator's pii warnings): trained on with a
  // warning, or the run refused until they are masked (`personal_data: refuse`).
  bool refuse_personal_data = false;
  TruncationOptions truncation{0, 0, 1024};
  TrainConfig train;
  // PEFT's prefix layout keys; checked against the model when it is loaded.
  std::optional<int64_t> prefix_num_attention_heads, prefix_token_dim;
  std::vector<std::string> warnings;       // "file:line: key: not used by TuneDesk (...)"
  // Data-parallel training: this process's place among the run's processes
  // (from the launcher's environment, never from YAML); none: one process.
  std::optional<distributed::World> world;
};

// Reads `path`. Relative data paths are resolved against `data_dir` when
// given (finetune_demo's DATA_DIR argument), else against the file's folder.
// Throws RunConfigError ("file:line: training_args.max_stepz: unknown key; did you mean max_steps?").
RunConfig load_run_config(const std::filesystem::path& path, const std::filesystem::path& data_dir = {});

// The same from YAML text; `source` names it in messages ("job j1a2b3c4").
RunConfig load_run_config_text(const std::string& yaml, const std::string& source,
                               const std::filesystem::path& data_dir = {});

// The settings with nothing read: TuneDesk's defaults.
RunConfig default_run_config();

}  // namespace tunedesk::training
