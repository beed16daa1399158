#include "training/run.h"

#include <torch/torch.h>

#include <cmath>
#include <cstdio>
#include <fstream>
#include <set>
#include <nlohmann/json.hpp>

#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/split.h"
#include "data/validator.h"
#include "distributed/process_group.h"
#include "engine/causal_lm.h"
#include "engine/float_mode.h"
#include "tokenizer/tokenizer.h"
#include "training/fine_tuning.h"
#include "training/memory_estimate.h"
#include "training/predict.h"
#include "training/training_target.h"
#include "training/training_settings.h"
#include "util/file_io.h"
#include "util/system_memory.h"

namespace tunedesk::training {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;


struct LoadedData {
  data::Dataset dataset;
  data::ValidationReport report;
};

LoadedData read_validated(const fs::path& file) {
  LoadedData d{data::read_dataset(file), {}};
  d.report = data::validate(d.dataset);
  if (d.report.passed) return d;
  std::string first_ones;
  std::size_t shown = 0;
  for (const data::Finding& f : d.report.findings)
    if (f.severity == data::Severity::error && shown++ < 10)
      first_ones += "  " + file.string() + ":" + std::to_string(f.line) + ": " + std::string(f.rule) + ": " + f.message + "\n";
  first_ones += "  (tunedesk-cli data check " + file.string() + " shows the whole report)";
  throw DataRefused("training.data_refused", {std::to_string(d.report.errors), file.string(), first_ones});
}

// The run refused for `file`'s personal data, with its first findings.
[[noreturn]] void refuse_personal_data(const fs::path& file, const data::ValidationReport& report) {
  std::string first_ones;
  std::size_t shown = 0;
  for (const data::Finding& f : report.findings)
    if (f.rule == data::rule::personal_data && shown++ < 10)
      first_ones += "  " + file.string() + ":" + std::to_string(f.line) + ": " + f.message + "\n";
  throw DataRefused("training.personal_data_refused", {std::to_string(report.rows_with_personal_data), file.string(), first_ones});
}

}  // namespace

json metrics_json(const StepMetrics& m) {
  json j = {{"step", m.step},           {"total_steps", m.total_steps}, {"epoch", m.epoch}, {"loss", m.loss},
            {"lr", m.learning_rate},    {"grad_norm", m.grad_norm}, {"tokens_per_s", m.tokens_per_s},
            {"elapsed_s", m.elapsed_s}, {"eta_s", m.eta_s}};
  if (m.eval_loss) {
    j["eval_loss"] = *m.eval_loss;
    j["eval_ppl"] = std::exp(*m.eval_loss);
  }
  for (const auto& [name, value] : m.eval_metrics) j["eval_" + name] = value;
  return j;
}

std::string step_line(const StepMetrics& m) {
  char out[256];
  std::snprintf(out, sizeof out, "step %lld/%lld  epoch %.2f  loss %.4f  lr %.2e  grad_norm %.3f  %.0f tok/s  eta %s",
                static_cast<long long>(m.step), static_cast<long long>(m.total_steps), m.epoch, m.loss, m.learning_rate,
                m.grad_norm, m.tokens_per_s, format_duration(m.eta_s).c_str());
  std::string line = out;
  if (m.eval_loss) {
    std::snprintf(out, sizeof out, "  eval_loss %.4f", *m.eval_loss);
    line += out;
  }
  for (const auto& [name, value] : m.eval_metrics) {
    std::snprintf(out, sizeof out, "  %s %.2f", name.c_str(), value);
    line += out;
  }
  return line;
}

fs::path result_dir_of(const RunConfig& config) {
  return config.output_dir / (config.train.method == Method::full ? "model" : "adapter");
}

RunOutcome run_training(RunConfig rc, const RunCallbacks& callbacks) {
  engine::flush_denormals();  // this thread computes (a desktop or server job runs on its own thread)
  TrainConfig& config = rc.train;
  const fs::path run_dir = rc.output_dir;
  config.checkpoint_dir = run_dir / "checkpoints";
  const bool resume = config.resume;
  const bool main_process = !rc.world || rc.world->is_main();  // the one that writes and reports
  std::ofstream log;
  if (main_process) {
    fs::create_directories(run_dir);
    log.open(run_dir / "train.log", resume ? std::ios::app : std::ios::trunc);
  }
  const auto note = [&](const std::string& line) {
    if (!main_process) return;
    log << line << "\n" << std::flush;
    if (callbacks.on_note) callbacks.on_note(line);
  };

  // ---- data -----------------------------------------------------------------------
  const LoadedData train_data = read_validated(rc.train_file);
  std::optional<LoadedData> val_data;
  if (!rc.val_file.empty()) val_data = read_validated(rc.val_file);
  using DataFile = std::pair<fs::path, const LoadedData*>;
  for (const auto& [file, loaded] : {DataFile{rc.train_file, &train_data}, DataFile{rc.val_file, val_data ? &*val_data : nullptr}}) {
    if (!loaded || loaded->report.rows_with_personal_data == 0) continue;
    if (rc.refuse_personal_data) refuse_personal_data(file, loaded->report);
    const std::size_t rows = loaded->report.rows_with_personal_data;
    note("warning: " + std::to_string(rows) + (rows == 1 ? " row of " : " rows of ") + file.string() +
         (rows == 1 ? " contains" : " contain") + " personal data (the pii warnings of tunedesk-cli data check); mask it with "
         "tunedesk-cli data fix --mask-pii, or refuse such data with personal_data: refuse");
  }
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const data::ModelType* type = catalog.find(rc.model_type);
  if (!type) throw std::invalid_argument("unknown model type '" + rc.model_type + "'; known types: " + catalog.ids());

  const TrainingTarget chosen = pick_training_target(rc.device, rc.dtype);
  const TrainingDtype& dtype = chosen.dtype;
  engine::ComputeTarget target = chosen.target;
  std::unique_ptr<distributed::ProcessGroup> group;
  if (rc.world && rc.world->distributed()) {
    // One GPU per process on each machine, as torchrun's LOCAL_RANK says.
    if (target.device.is_cuda() && rc.device.find(':') == std::string::npos)
      target.device = c10::Device(c10::kCUDA, static_cast<c10::DeviceIndex>(rc.world->local_rank));
    group = distributed::ProcessGroup::connect(*rc.world, target.device);
  }
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(rc.model);
  const chat::ChatTemplate& tmpl = chat::choose_template(rc.model, rc.chat_template);

  SftData all = build_sft_data(train_data.dataset, train_data.report, tokenizer, tmpl, type->instruction, rc.truncation);
  const std::vector<CutRow> all_cut = all.cut;  // the training file's rows over the limits, for the log
  SftData train;
  std::vector<TokenizedExample> val;
  if (val_data) {
    train = std::move(all);
    val = build_sft_data(val_data->dataset, val_data->report, tokenizer, tmpl, type->instruction, rc.truncation).examples;
  } else {
    const std::vector<bool> held_out = data::choose_validation_rows(all.examples.size(), rc.val_ratio, config.seed);
    train.truncated = all.truncated;
    train.dropped = all.dropped;
    for (std::size_t i = 0; i < all.examples.size(); ++i)
      (held_out[i] ? val : train.examples).push_back(std::move(all.examples[i]));
  }

  if (train.examples.empty()) throw UserError("training.no_examples", {rc.train_file.string()});

  // ---- will it fit? (before the model is loaded) ----------------------------------------
  RunConfig sized = rc;
  sized.processes = group ? group->size() : 1;  // CPU processes share the machine's RAM
  const MemoryCheck memory = check_run_memory(
      sized, SequenceExtremes::of(train.examples), target.device.is_cuda() ? MemoryDevice::cuda : MemoryDevice::cpu,
      target.dtype != torch::kFloat);
  if (!memory.fits && rc.check_memory) throw memory_refusal(memory);
  util::reset_peak_resident();

  engine::CausalLM model = engine::CausalLM::load(rc.model, target);
  if (config.method == Method::ptuning_v2) {
    // finetune_demo's configs spell out the prefix layout of glm-4-9b; the model decides it.
    const int64_t kv = model.config().num_kv_heads, dim = kv * model.config().head_dim;
    if ((rc.prefix_num_attention_heads && *rc.prefix_num_attention_heads != kv) || (rc.prefix_token_dim && *rc.prefix_token_dim != dim))
      note("warning: peft_config.num_attention_heads/token_dim do not match this model; using its " + std::to_string(kv) +
           " key/value heads and token_dim " + std::to_string(dim));
  }
  std::unique_ptr<FineTuning> method = FineTuning::create(model, config);
  const int processes = group ? group->size() : 1;
  const int64_t global_batch = config.batch_size * config.grad_accumulation * processes;
  const int32_t pad_id = pad_token_id(tokenizer, model.config());
  // The held-out rows by line (of val_data when given, else of data): what an evaluation after training asks.
  std::vector<std::size_t> held_out_lines;
  for (const TokenizedExample& e : val) held_out_lines.push_back(e.line);
  // Every training setting under its name (training/training_settings.h), then what the run made of them.
  json effective = {{"model", fs::absolute(rc.model).string()},
                    {"data", fs::absolute(rc.train_file).string()},
                    {"val_data", rc.val_file.empty() ? json(nullptr) : json(fs::absolute(rc.val_file).string())}};
  for (const TrainingSetting& s : training_settings()) effective[std::string(s.name)] = s.get(rc);
  // The rows a model wrote (data/augmentation.h) that the run trains on: the file's, less those held out.
  std::size_t generated_rows = 0;
  {
    const std::set<std::size_t> held(held_out_lines.begin(), held_out_lines.end());
    for (const data::Example& e : train_data.dataset.examples)
      generated_rows += e.generated && (!rc.val_file.empty() || !held.contains(e.line));
  }
  effective["generated_rows"] = generated_rows;
  effective.update({{"model_type", type->id},
                    {"template", tmpl.name},
                    {"device", model.target().describe()},
                    {"train_examples", train.examples.size()},
                    {"val_examples", val.size()},
                    {"val_lines", held_out_lines},
                    {"truncated", train.truncated},
                    {"dropped", train.dropped.size()},
                    {"processes", processes},
                    {"distributed_backend", group ? json(group->backend()) : json(nullptr)},
                    {"global_batch", global_batch},
                    {"shard_optimizer_state", group && config.shard_optimizer_state}});
  if (main_process) util::write_file_atomically(run_dir / "config.json", effective.dump(2) + "\n");
  if (group)
    note("Data parallel on " + std::to_string(processes) + " processes over " + group->backend() + ": global batch " +
         std::to_string(global_batch) + " = " + std::to_string(config.batch_size) + " per process x " +
         std::to_string(config.grad_accumulation) + " accumulated x " + std::to_string(processes) + " processes");
  note("Training " + method->describe() + " (" + std::to_string(method->trainable().parameter_count()) +
       " trainable parameters) on " + std::to_string(train.examples.size()) + " examples (" + std::to_string(val.size()) +
       " for evaluation; " + std::to_string(train.truncated) + " truncated), " + model.target().describe());
  note("  Number format: " + dtype.name + " (" + dtype.why + ")");
  if (model.target().device.is_cpu()) note("  CPU: " + engine::describe_cpu());
  note("  " + describe_memory_check(memory));
  if (generated_rows)
    note("  " + std::to_string(generated_rows) + " of the training rows were written by a model (augmentation) and accepted");
  if (!train.dropped.empty())
    note("  " + std::to_string(train.dropped.size()) + " examples left out: their answers do not fit the length limits");
  if (!all_cut.empty()) {
    std::size_t lost = 0;
    std::string lines;
    for (std::size_t i = 0; i < all_cut.size(); ++i) {
      lost += all_cut[i].answer_lost;
      if (i < 20) lines += (i ? ", " : "") + std::to_string(all_cut[i].line);
    }
    if (all_cut.size() > 20) lines += ", …";
    note("  " + std::to_string(all_cut.size()) + (all_cut.size() == 1 ? " row is" : " rows are") + " over the length limits (" +
         std::to_string(lost) + " answer tokens past them), " +
         (rc.truncation.overlength == TruncationOptions::Overlength::drop ? "left out (overlength: drop)" : "cut to fit (overlength: truncate)") +
         ": lines " + lines);
  }

  std::ofstream metrics;
  if (main_process) metrics.open(run_dir / "metrics.jsonl", resume ? std::ios::app : std::ios::trunc);
  TrainCallbacks train_callbacks;
  train_callbacks.cancel = callbacks.cancel;
  train_callbacks.on_step = [&](const StepMetrics& m) {
    if (!main_process) return;
    metrics << metrics_json(m).dump() << "\n" << std::flush;
    log << step_line(m) << "\n" << std::flush;
    if (callbacks.on_step) callbacks.on_step(m);
  };
  const std::vector<PredictionCase> cases =
      config.predict_with_generate ? prediction_cases(val, tokenizer, static_cast<std::size_t>(config.predict_limit))
                                   : std::vector<PredictionCase>{};
  const std::vector<int64_t> stop_ids = chat_stop_ids(model, tokenizer, tmpl);
  train_callbacks.predict = [&] { return predict_and_score(model, tokenizer, cases, stop_ids, config.max_new_tokens); };

  RunOutcome outcome;
  outcome.result = training::train(model, method->trainable(), train, val, config, pad_id, train_callbacks, group.get());
  if (outcome.result.cancelled) {
    note("Stopped after " + std::to_string(outcome.result.steps) + " steps (checkpoint written); resume to continue.");
    return outcome;
  }
  if (outcome.result.resumed_from) note("(resumed from step " + std::to_string(outcome.result.resumed_from) + ")");
  if (group)
    note("Gradient sums: " + std::to_string(outcome.result.buckets_overlapped) + " of " +
         std::to_string(outcome.result.buckets_sent) + " buckets sent while backward was still running");
  TrainedWith info;
  info.method = method_name(config.method);
  info.base_model = fs::absolute(rc.model).string();
  info.chat_template = rc.chat_template.empty() ? tmpl.name : rc.chat_template;
  info.model_type = type->id;
  info.system_instruction = type->instruction;
  outcome.result_dir = result_dir_of(rc);
  if (main_process) method->write_result(outcome.result_dir, rc.model, info);
  if (!rc.test_file.empty()) {  // finetune_demo's test_file: scored once, at the end
    const LoadedData test_data = read_validated(rc.test_file);
    const SftData test = build_sft_data(test_data.dataset, test_data.report, tokenizer, tmpl, type->instruction, rc.truncation);
    const double test_loss = evaluate(model, test.examples,
                                      config.eval_batch_size > 0 ? config.eval_batch_size : config.batch_size, pad_id, group.get());
    metrics << json{{"step", outcome.result.steps}, {"test_loss", test_loss}, {"test_ppl", std::exp(test_loss)}}.dump() << "\n";
    note("Test loss " + std::to_string(test_loss) + " (perplexity " + std::to_string(std::exp(test_loss)) + ") on " +
         std::to_string(test.examples.size()) + " examples of " + rc.test_file.string());
    outcome.test_loss = test_loss;
  }
  if (main_process) {
    // The estimate beside what the process held at its peak (CPU runs: resident memory), for the record.
    nlohmann::json record = memory_check_to_json(memory);
    if (model.target().device.is_cpu()) {
      record["peak_resident"] = util::peak_resident_bytes();
      note("Peak memory " + format_gb(record["peak_resident"].get<std::uint64_t>()) + " resident (estimated " +
           format_gb(memory.estimate.total) + ")");
    }
    util::write_file_atomically(run_dir / "memory.json", record.dump(2) + "\n");
  }
  std::string done = "Saved " + outcome.result_dir.string() + " after " + std::to_string(outcome.result.steps) + " steps";
  if (outcome.result.final_eval_loss) done += ", eval loss " + std::to_string(*outcome.result.final_eval_loss);
  note(done);
  return outcome;
}

}  // namespace tunedesk::training
