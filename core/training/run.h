// One fine-tuning run from its settings to its run folder, as the CLI, the
// desktop app's job runner and the server all start it: read and validate
// the data (refusing data with errors), load the model, render and tokenize
// the examples, set the method up, train with checkpoints, evaluate, and
// write the result. The run folder:
//   config.json      the effective settings
//   metrics.jsonl    one line per logged step (and the test score at the end)
//   train.log        what was reported, line by line
//   checkpoints/     checkpoint-N/ folders (see trainer.h)
//   adapter/|model/  the result, with tunedesk_training.json
// With config.world (several processes), every process calls run_training
// with the same settings; process 0 alone writes the run folder and reports.
#pragma once

#include <atomic>
#include <filesystem>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "training/run_config.h"
#include "training/trainer.h"
#include "util/user_error.h"

namespace tunedesk::training {

// Data with validation errors: the message lists the first ones as
// "file:line: rule: message" and says how to see them all.
class DataRefused : public UserError {
 public:
  using UserError::UserError;
};

struct RunCallbacks {
  std::function<void(const std::string&)> on_note;       // a line for people (also written to train.log)
  std::function<void(const StepMetrics&)> on_step;       // each logged or evaluated step
  const std::atomic<bool>* cancel = nullptr;             // stop after the current step, with a checkpoint
};

struct RunOutcome {
  TrainResult result;
  std::filesystem::path result_dir;  // empty when cancelled
  std::optional<double> test_loss;   // when the config names a test_file
};

// A step as one line of text ("step 3/60  epoch 0.40  loss 1.2345  …  eta 1m05s"),
// as train.log and the CLI show it.
std::string step_line(const StepMetrics& m);
// A step as metrics.jsonl holds it (and the job store and the API pass it on).
nlohmann::json metrics_json(const StepMetrics& m);

// Where a run's result goes: OUTPUT/adapter, or OUTPUT/model for full SFT.
std::filesystem::path result_dir_of(const RunConfig& config);

// Throws DataRefused, std::invalid_argument (settings the model cannot
// take), and the loaders' errors (files that cannot be read). With
// config.train.resume, continues from the newest checkpoint in OUTPUT/checkpoints.
RunOutcome run_training(RunConfig config, const RunCallbacks& callbacks = {});

}  // namespace tunedesk::training
