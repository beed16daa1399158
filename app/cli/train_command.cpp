#include "train_command.h"

#include <torch/torch.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "arg_parser.h"
#include "chat/chat_template.h"
#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/split.h"
#include "data/validator.h"
#include "engine/causal_lm.h"
#include "exit_codes.h"
#include "tokenizer/tokenizer.h"
#include "training/trainer.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

using nlohmann::json;

// Ctrl-C (SIGINT) or SIGTERM asks the trainer to stop after the current step
// and write a checkpoint; a second Ctrl-C kills at once.
std::atomic<bool> g_stop_requested{false};
extern "C" void request_stop(int) {
  if (g_stop_requested.exchange(true)) std::_Exit(130);
}

std::vector<std::string> split_list(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  for (std::string item; std::getline(s, item, ',');)
    if (!item.empty()) out.push_back(item);
  return out;
}

json metrics_json(const training::StepMetrics& m) {
  json j = {{"step", m.step},           {"epoch", m.epoch},         {"loss", m.loss},
            {"lr", m.learning_rate},    {"grad_norm", m.grad_norm}, {"tokens_per_s", m.tokens_per_s},
            {"elapsed_s", m.elapsed_s}, {"eta_s", m.eta_s}};
  if (m.eval_loss) {
    j["eval_loss"] = *m.eval_loss;
    j["eval_ppl"] = std::exp(*m.eval_loss);
  }
  return j;
}

}  // namespace

int run_train_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli train", "Fine-tune a model on a dataset with LoRA and write the adapter (PEFT layout).");
  p.option("--model", "DIR", "the base model folder (required)")
      .option("--data", "FILE", "training data: CSV (text, result) or JSONL (required; validated first)")
      .option("--out", "DIR", "the run folder to write: adapter/, metrics.jsonl, config.json (required)")
      .option("--method", "M", "lora (the default; P-Tuning v2 and full SFT come later)")
      .option("--model-type", "NAME", "system instruction for examples without one (default: general)")
      .option("--template", "NAME", "chat template (default: detected from the model)")
      .option("--epochs", "N", "passes over the data (default 3)")
      .option("--max-steps", "N", "stop after N optimizer steps (overrides --epochs)")
      .option("--batch-size", "N", "examples per micro-batch (default 4)")
      .option("--grad-accum", "N", "micro-batches per optimizer step (default 1)")
      .option("--lr", "LR", "peak learning rate (default 2e-4)")
      .option("--scheduler", "S", "cosine (default), linear or constant")
      .option("--warmup-steps", "N", "linear warm-up steps (default 0)")
      .option("--max-grad-norm", "G", "gradient clipping (default 1; 0 = off)")
      .option("--rank", "R", "LoRA rank (default 8)")
      .option("--alpha", "A", "LoRA alpha (default 16)")
      .option("--dropout", "D", "LoRA dropout (default 0.05)")
      .option("--target-modules", "LIST", "comma-separated module names, or all-linear (default: q_proj,v_proj or the family's attention)")
      .option("--cutoff-len", "N", "longest sequence in tokens (default 1024)")
      .option("--max-input-length", "N", "GLM-4 style: longest prompt in tokens")
      .option("--max-output-length", "N", "GLM-4 style: longest answer in tokens")
      .option("--val-ratio", "R", "share of rows held out for evaluation (default 0.1)")
      .option("--eval-steps", "N", "evaluate every N steps (default: at the end)")
      .option("--logging-steps", "N", "log every N steps (default 1)")
      .option("--seed", "S", "seed for data order, split and initialisation (default 42)")
      .option("--save-steps", "N", "write a checkpoint every N steps, and on stop (default 50; 0 = none)")
      .option("--save-total-limit", "N", "keep the newest N checkpoints (default 2)")
      .flag("--resume", "continue from the newest checkpoint in OUT/checkpoints (same data and settings)")
      .option("--device", "DEV", "auto (default), cpu or cuda");
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const auto model_dir = p.value("--model"), data_file = p.value("--data"), out = p.value("--out");
  if (!model_dir || !data_file || !out) throw UsageError("--model, --data and --out are required");
  if (p.value_or("--method", "lora") != "lora") throw UsageError("--method: only lora is available in this version");
  const std::filesystem::path run_dir = *out;
  std::error_code ec;
  const bool resume = p.has("--resume");
  if (std::filesystem::exists(run_dir / "adapter", ec))
    throw UsageError(run_dir.string() + " already holds a trained adapter; choose another --out");
  if (resume && training::latest_checkpoint(run_dir / "checkpoints").empty())
    throw UsageError("--resume: no checkpoint in " + (run_dir / "checkpoints").string());

  // ---- data -----------------------------------------------------------------------
  const data::Dataset dataset = data::read_dataset(*data_file);
  const data::ValidationReport report = data::validate(dataset);
  if (!report.passed) {
    std::cerr << "tunedesk-cli train: " << *data_file << " has " << report.errors << " error"
              << (report.errors == 1 ? "" : "s") << "; training refuses data with errors. First ones:\n";
    std::size_t shown = 0;
    for (const data::Finding& f : report.findings)
      if (f.severity == data::Severity::error && shown++ < 10)
        std::cerr << "  line " << f.line << " " << f.rule << ": " << f.message << "\n";
    std::cerr << "Run 'tunedesk-cli data check " << *data_file << "' for the whole report.\n";
    return kExitCheckFailed;
  }
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const std::string type_name = p.value_or("--model-type", "general");
  const data::ModelType* type = catalog.find(type_name);
  if (!type) throw UsageError("unknown model type '" + type_name + "'; known types: " + catalog.ids());

  engine::configure_cpu_threads();
  engine::CausalLM model = engine::CausalLM::load(*model_dir, engine::pick_target(p.value_or("--device", "auto"), "auto"));
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(*model_dir);
  const chat::ChatTemplate& tmpl = chat::choose_template(*model_dir, p.value_or("--template", ""));

  training::TruncationOptions truncation;
  truncation.cutoff_len = p.count("--cutoff-len").value_or(1024);
  truncation.max_input_length = p.count("--max-input-length").value_or(0);
  truncation.max_output_length = p.count("--max-output-length").value_or(0);
  if (truncation.max_input_length || truncation.max_output_length)
    truncation.cutoff_len = p.count("--cutoff-len").value_or(0);
  training::SftData all = training::build_sft_data(dataset, report, tokenizer, tmpl, type->instruction, truncation);

  training::TrainConfig config;
  config.seed = p.count("--seed").value_or(42);
  const double val_ratio = p.number("--val-ratio").value_or(0.1);
  if (val_ratio < 0 || val_ratio >= 1) throw UsageError("--val-ratio must be at least 0 and below 1");
  training::SftData train;
  std::vector<training::TokenizedExample> val;
  const std::vector<bool> held_out = data::choose_validation_rows(all.examples.size(), val_ratio, config.seed);
  for (std::size_t i = 0; i < all.examples.size(); ++i)
    (held_out[i] ? val : train.examples).push_back(std::move(all.examples[i]));

  // ---- configuration --------------------------------------------------------------------
  config.epochs = p.number("--epochs").value_or(3);
  config.max_steps = static_cast<int64_t>(p.count("--max-steps").value_or(0));
  config.batch_size = static_cast<int64_t>(p.count("--batch-size").value_or(4));
  config.grad_accumulation = static_cast<int64_t>(p.count("--grad-accum").value_or(1));
  if (config.batch_size < 1 || config.grad_accumulation < 1) throw UsageError("--batch-size and --grad-accum must be at least 1");
  config.learning_rate = p.number("--lr").value_or(2e-4);
  const std::string schedule = p.value_or("--scheduler", "cosine");
  if (schedule == "cosine") config.schedule = training::Schedule::cosine;
  else if (schedule == "linear") config.schedule = training::Schedule::linear;
  else if (schedule == "constant") config.schedule = training::Schedule::constant;
  else throw UsageError("--scheduler must be cosine, linear or constant");
  config.warmup_steps = static_cast<int64_t>(p.count("--warmup-steps").value_or(0));
  config.max_grad_norm = p.number("--max-grad-norm").value_or(1.0);
  config.logging_steps = static_cast<int64_t>(p.count("--logging-steps").value_or(1));
  config.eval_steps = static_cast<int64_t>(p.count("--eval-steps").value_or(0));
  config.lora.rank = static_cast<int64_t>(p.count("--rank").value_or(8));
  config.lora.alpha = p.number("--alpha").value_or(16);
  config.lora.dropout = p.number("--dropout").value_or(0.05);
  if (auto t = p.value("--target-modules")) {
    config.lora.target_modules = split_list(*t);
  } else {
    const bool chatglm = model.config().arch == model::Arch::chatglm;
    config.lora.target_modules = chatglm ? std::vector<std::string>{"query_key_value"} : std::vector<std::string>{"q_proj", "v_proj"};
  }
  config.checkpoint_dir = run_dir / "checkpoints";
  config.save_steps = static_cast<int64_t>(p.count("--save-steps").value_or(50));
  config.save_total_limit = static_cast<int64_t>(p.count("--save-total-limit").value_or(2));
  config.resume = resume;
  engine::LoraAdapter adapter = engine::LoraAdapter::create(model, config.lora, config.seed);
  model.set_adapter(&adapter);
  const int32_t pad_id = training::pad_token_id(tokenizer, model.config());

  std::filesystem::create_directories(run_dir);
  const json effective = {{"model", *model_dir},          {"data", *data_file},
                          {"method", "lora"},             {"model_type", type->id},
                          {"template", tmpl.name},        {"device", model.target().describe()},
                          {"train_examples", train.examples.size()}, {"val_examples", val.size()},
                          {"truncated", all.truncated},   {"dropped", all.dropped.size()},
                          {"epochs", config.epochs},      {"max_steps", config.max_steps},
                          {"batch_size", config.batch_size}, {"grad_accumulation", config.grad_accumulation},
                          {"global_batch", config.batch_size * config.grad_accumulation},
                          {"learning_rate", config.learning_rate}, {"scheduler", schedule},
                          {"warmup_steps", config.warmup_steps}, {"max_grad_norm", config.max_grad_norm},
                          {"lora_r", config.lora.rank},   {"lora_alpha", config.lora.alpha},
                          {"lora_dropout", config.lora.dropout}, {"target_modules", config.lora.target_modules},
                          {"cutoff_len", truncation.cutoff_len}, {"max_input_length", truncation.max_input_length},
                          {"max_output_length", truncation.max_output_length}, {"seed", config.seed}};
  util::write_file_atomically(run_dir / "config.json", effective.dump(2) + "\n");
  std::cout << "Training LoRA (r=" << config.lora.rank << ", " << adapter.parameter_count() << " trainable parameters) on "
            << train.examples.size() << " examples (" << val.size() << " held out; " << all.truncated
            << " truncated), " << model.target().describe() << "\n";

  std::ofstream metrics(run_dir / "metrics.jsonl", resume ? std::ios::app : std::ios::trunc);
  training::TrainCallbacks callbacks;
  callbacks.cancel = &g_stop_requested;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  callbacks.on_step = [&](const training::StepMetrics& m) {
    metrics << metrics_json(m).dump() << "\n" << std::flush;
    std::cout << "step " << m.step << "/" << m.total_steps << "  loss " << std::fixed << std::setprecision(4) << m.loss
              << "  lr " << std::scientific << std::setprecision(2) << m.learning_rate << std::defaultfloat;
    if (m.eval_loss) std::cout << "  eval_loss " << std::fixed << std::setprecision(4) << *m.eval_loss << std::defaultfloat;
    std::cout << "  " << static_cast<int64_t>(m.tokens_per_s) << " tok/s  eta " << static_cast<int64_t>(m.eta_s) << "s\n";
  };
  const training::TrainResult result = training::train_lora(model, adapter, train, val, config, pad_id, callbacks);
  if (result.cancelled) {
    std::cout << "Stopped after " << result.steps << " steps (checkpoint written); continue with the same command and --resume.\n";
    return kExitOk;
  }
  if (result.resumed_from) std::cout << "(resumed from step " << result.resumed_from << ")\n";
  adapter.save(run_dir / "adapter", std::filesystem::absolute(*model_dir).string());
  std::cout << "Saved the adapter to " << (run_dir / "adapter").string() << " after " << result.steps << " steps"
            << (result.final_eval_loss ? ", eval loss " + std::to_string(*result.final_eval_loss) : std::string()) << "\n"
            << "Chat with it: tunedesk-cli generate " << *model_dir << " --adapter " << (run_dir / "adapter").string()
            << " --chat --prompt \"...\"\n";
  return kExitOk;
}

}  // namespace tunedesk::cli
