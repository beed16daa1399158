#include "train_command.h"

#include <torch/torch.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
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
#include "progress_printer.h"
#include "tokenizer/tokenizer.h"
#include "training/fine_tuning.h"
#include "training/predict.h"
#include "training/run_config.h"
#include "training/trainer.h"
#include "util/file_io.h"

namespace tunedesk::cli {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

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
  for (const auto& [name, value] : m.eval_metrics) j["eval_" + name] = value;
  return j;
}

// Reads and validates a data file; data with errors is refused with the first findings.
struct LoadedData {
  data::Dataset dataset;
  data::ValidationReport report;
};
std::optional<LoadedData> read_validated(const fs::path& file) {
  LoadedData d{data::read_dataset(file), {}};
  d.report = data::validate(d.dataset);
  if (d.report.passed) return d;
  std::cerr << "tunedesk-cli train: " << file.string() << " has " << d.report.errors << " error"
            << (d.report.errors == 1 ? "" : "s") << "; training refuses data with errors. First ones:\n";
  std::size_t shown = 0;
  for (const data::Finding& f : d.report.findings)
    if (f.severity == data::Severity::error && shown++ < 10)
      std::cerr << "  " << file.string() << ":" << f.line << ": " << f.rule << ": " << f.message << "\n";
  std::cerr << "Run 'tunedesk-cli data check " << file.string() << "' for the whole report.\n";
  return std::nullopt;
}

// `--resume` may be followed by a checkpoint folder; the parser knows only
// flags, so a following checkpoint is moved into --resume-from.
std::vector<std::string> split_resume_argument(std::vector<std::string> args) {
  for (std::size_t i = 0; i + 1 < args.size(); ++i) {
    std::error_code ec;
    if (args[i] == "--resume" && fs::exists(fs::path(args[i + 1]) / "state.json", ec)) {
      args.insert(args.begin() + static_cast<std::ptrdiff_t>(i + 1), "--resume-from");
      break;
    }
  }
  return args;
}

}  // namespace

int run_train_command(const std::vector<std::string>& raw_args) {
  ArgParser p("tunedesk-cli train", "Fine-tune a model on a dataset with LoRA, P-Tuning v2 or full SFT.");
  p.positional("CONFIG", "a YAML run config (GLM-4 finetune_demo configs work unchanged); options below override it",
               /*optional=*/true)
      .option("--model", "DIR", "the base model folder (required unless the config names it)")
      .option("--data", "FILE|DIR", "training data: CSV (text, result) or JSONL, validated first; a folder: the config's data_config files are in it")
      .option("--output", "DIR", "the run folder: adapter/ or model/, checkpoints/, metrics.jsonl, train.log, config.json")
      .option("--out", "DIR", "the same as --output")
      .option("--method", "M", "lora (default), ptuning_v2 or sft (full fine-tuning)")
      .option("--model-type", "NAME", "system instruction for examples without one (default: general)")
      .option("--template", "NAME", "chat template (default: detected from the model)")
      .option("--epochs", "N", "passes over the data (default 3)")
      .option("--max-steps", "N", "stop after N optimizer steps (overrides --epochs)")
      .option("--batch-size", "N", "examples per micro-batch (default 4)")
      .option("--grad-accum", "N", "micro-batches per optimizer step (default 1)")
      .option("--lr", "LR", "peak learning rate (default 2e-4)")
      .option("--scheduler", "S", "cosine (default), linear or constant")
      .option("--warmup-steps", "N", "linear warm-up steps (default 0)")
      .option("--weight-decay", "W", "AdamW weight decay, not on norms and biases (default 0)")
      .option("--max-grad-norm", "G", "gradient clipping (default 1; 0 = off)")
      .option("--rank", "R", "LoRA rank (default 8)")
      .option("--alpha", "A", "LoRA alpha (default 16)")
      .option("--dropout", "D", "LoRA dropout (default 0.05)")
      .option("--target-modules", "LIST", "LoRA: comma-separated module names, or all-linear (default: the attention's query and value)")
      .option("--num-virtual-tokens", "N", "P-Tuning v2: prefix length (default 16)")
      .flag("--prefix-projection", "P-Tuning v2: train the prefix through a two-layer MLP")
      .option("--cutoff-len", "N", "longest sequence in tokens (default 1024)")
      .option("--max-input-length", "N", "GLM-4 style: longest prompt in tokens")
      .option("--max-output-length", "N", "GLM-4 style: longest answer in tokens")
      .option("--val-ratio", "R", "share of rows held out for evaluation when there is no val_file (default 0.1)")
      .option("--eval-steps", "N", "evaluate every N steps (default: at the end)")
      .flag("--predict-with-generate", "at each evaluation also generate answers and score ROUGE-1/2/L and BLEU-4")
      .option("--logging-steps", "N", "log every N steps (default 1)")
      .flag("--gradient-checkpointing", "recompute decoder layers in backward: less memory, about a third slower")
      .option("--seed", "S", "seed for data order, split and initialisation (default 42)")
      .option("--save-steps", "N", "write a checkpoint every N steps, and on stop (default 50; 0 = none)")
      .option("--save-total-limit", "N", "keep the newest N checkpoints (default 2)")
      .flag("--resume", "continue from the newest checkpoint in OUTPUT/checkpoints, or from the checkpoint folder that follows")
      .option("--resume-from", "CKPT", "continue from this checkpoint folder")
      .option("--device", "DEV", "auto (default), cpu or cuda")
      .option("--dtype", "TYPE", "auto (default: bf16 on CUDA, fp32 on CPU), fp32, bf16")
      .epilog("Example: tunedesk-cli train resources/configs/lora.yaml --model models/demo-qwen3 \\\n"
              "           --data resources/samples/arithmetic.csv --output runs/arith");
  if (!p.parse(split_resume_argument(raw_args))) {
    std::cout << p.help();
    return kExitOk;
  }

  // ---- settings: defaults < YAML < options --------------------------------------------
  fs::path data_arg = p.value_or("--data", "");
  std::error_code ec;
  const bool data_is_folder = !data_arg.empty() && fs::is_directory(data_arg, ec);
  training::RunConfig rc = p.positional_value("CONFIG").empty()
                               ? training::default_run_config()
                               : training::load_run_config(p.positional_value("CONFIG"), data_is_folder ? data_arg : fs::path());
  for (const std::string& w : rc.warnings) std::cerr << "warning: " << w << "\n";
  training::TrainConfig& config = rc.train;
  if (auto v = p.value("--model")) rc.model = *v;
  if (!data_arg.empty() && !data_is_folder) rc.train_file = data_arg;
  if (auto v = p.value("--output")) rc.output_dir = *v;
  else if (auto o = p.value("--out")) rc.output_dir = *o;
  if (auto v = p.value("--method")) {
    const auto m = training::parse_method(*v);
    if (!m) throw UsageError("--method must be lora, ptuning_v2 or sft");
    config.method = *m;
  }
  if (auto v = p.value("--model-type")) rc.model_type = *v;
  if (auto v = p.value("--template")) rc.chat_template = *v;
  if (auto v = p.value("--device")) rc.device = *v;
  if (auto v = p.value("--dtype")) rc.dtype = *v;
  if (auto v = p.number("--epochs")) config.epochs = *v;
  if (auto v = p.count("--max-steps")) config.max_steps = static_cast<int64_t>(*v);
  if (auto v = p.count("--batch-size")) config.batch_size = static_cast<int64_t>(*v);
  if (auto v = p.count("--grad-accum")) config.grad_accumulation = static_cast<int64_t>(*v);
  if (config.batch_size < 1 || config.grad_accumulation < 1) throw UsageError("--batch-size and --grad-accum must be at least 1");
  if (auto v = p.number("--lr")) config.learning_rate = *v;
  if (auto v = p.value("--scheduler")) {
    const auto s = training::parse_schedule(*v);
    if (!s) throw UsageError("--scheduler must be cosine, linear or constant");
    config.schedule = *s;
  }
  if (auto v = p.count("--warmup-steps")) config.warmup_steps = static_cast<int64_t>(*v);
  if (auto v = p.number("--weight-decay")) config.weight_decay = *v;
  if (auto v = p.number("--max-grad-norm")) config.max_grad_norm = *v;
  if (auto v = p.count("--logging-steps")) config.logging_steps = static_cast<int64_t>(*v);
  if (auto v = p.count("--eval-steps")) config.eval_steps = static_cast<int64_t>(*v);
  if (p.has("--predict-with-generate")) config.predict_with_generate = true;
  if (p.has("--gradient-checkpointing")) config.gradient_checkpointing = true;
  if (auto v = p.count("--rank")) config.lora.rank = static_cast<int64_t>(*v);
  if (auto v = p.number("--alpha")) config.lora.alpha = *v;
  if (auto v = p.number("--dropout")) config.lora.dropout = *v;
  if (auto v = p.value("--target-modules")) config.lora.target_modules = split_list(*v);
  if (auto v = p.count("--num-virtual-tokens")) config.prefix.num_virtual_tokens = static_cast<int64_t>(*v);
  if (p.has("--prefix-projection")) config.prefix.prefix_projection = true;
  if (auto v = p.count("--seed")) config.seed = *v;
  if (auto v = p.count("--save-steps")) config.save_steps = static_cast<int64_t>(*v);
  if (auto v = p.count("--save-total-limit")) config.save_total_limit = static_cast<int64_t>(*v);
  if (auto v = p.count("--cutoff-len")) rc.truncation.cutoff_len = *v;
  if (auto v = p.count("--max-input-length")) {
    rc.truncation.max_input_length = *v;
    if (!p.has("--cutoff-len")) rc.truncation.cutoff_len = 0;
  }
  if (auto v = p.count("--max-output-length")) {
    rc.truncation.max_output_length = *v;
    if (!p.has("--cutoff-len")) rc.truncation.cutoff_len = 0;
  }
  if (auto v = p.number("--val-ratio")) rc.val_ratio = *v;
  if (rc.val_ratio < 0 || rc.val_ratio >= 1) throw UsageError("--val-ratio must be at least 0 and below 1");
  if (rc.model.empty()) throw UsageError("the base model is not set: --model DIR (or 'model:' in the config)");
  if (rc.train_file.empty()) throw UsageError("the training data is not set: --data FILE (or data_config.train_file)");

  const fs::path run_dir = rc.output_dir;
  const bool resume = p.has("--resume") || p.has("--resume-from");
  const fs::path result_dir = run_dir / (config.method == training::Method::full ? "model" : "adapter");
  for (const char* existing : {"adapter", "model"})
    if (fs::exists(run_dir / existing, ec))
      throw UsageError(run_dir.string() + " already holds a finished run (" + existing + "/); choose another --output");
  config.checkpoint_dir = run_dir / "checkpoints";
  config.resume = resume;
  if (auto v = p.value("--resume-from")) config.resume_from = *v;
  if (resume && config.resume_from.empty() && training::latest_checkpoint(config.checkpoint_dir).empty())
    throw UsageError("--resume: no checkpoint in " + config.checkpoint_dir.string());

  // ---- data -----------------------------------------------------------------------
  const auto train_data = read_validated(rc.train_file);
  if (!train_data) return kExitCheckFailed;
  std::optional<LoadedData> val_data;
  if (!rc.val_file.empty()) {
    val_data = read_validated(rc.val_file);
    if (!val_data) return kExitCheckFailed;
  }
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const data::ModelType* type = catalog.find(rc.model_type);
  if (!type) throw UsageError("unknown model type '" + rc.model_type + "'; known types: " + catalog.ids());

  engine::configure_cpu_threads();
  engine::CausalLM model = engine::CausalLM::load(rc.model, engine::pick_target(rc.device, rc.dtype));
  const tok::Tokenizer tokenizer = tok::Tokenizer::load(rc.model);
  const chat::ChatTemplate& tmpl = chat::choose_template(rc.model, rc.chat_template);
  if (config.method == training::Method::ptuning_v2) {
    // finetune_demo's configs spell out the prefix layout of glm-4-9b; the model decides it.
    const int64_t kv = model.config().num_kv_heads, dim = kv * model.config().head_dim;
    if ((rc.prefix_num_attention_heads && *rc.prefix_num_attention_heads != kv) || (rc.prefix_token_dim && *rc.prefix_token_dim != dim))
      std::cerr << "warning: peft_config.num_attention_heads/token_dim do not match this model; using its " << kv
                << " key/value heads and token_dim " << dim << "\n";
  }

  training::SftData all = training::build_sft_data(train_data->dataset, train_data->report, tokenizer, tmpl,
                                                   type->instruction, rc.truncation);
  training::SftData train;
  std::vector<training::TokenizedExample> val;
  if (val_data) {
    train = std::move(all);
    val = training::build_sft_data(val_data->dataset, val_data->report, tokenizer, tmpl, type->instruction, rc.truncation).examples;
  } else {
    const std::vector<bool> held_out = data::choose_validation_rows(all.examples.size(), rc.val_ratio, config.seed);
    train.truncated = all.truncated;
    train.dropped = all.dropped;
    for (std::size_t i = 0; i < all.examples.size(); ++i)
      (held_out[i] ? val : train.examples).push_back(std::move(all.examples[i]));
  }

  std::unique_ptr<training::FineTuning> method = training::FineTuning::create(model, config);
  const int32_t pad_id = training::pad_token_id(tokenizer, model.config());

  fs::create_directories(run_dir);
  const json effective = {{"model", fs::absolute(rc.model).string()},
                          {"data", fs::absolute(rc.train_file).string()},
                          {"val_data", rc.val_file.empty() ? json(nullptr) : json(fs::absolute(rc.val_file).string())},
                          {"method", training::method_name(config.method)},
                          {"model_type", type->id},
                          {"template", tmpl.name},
                          {"device", model.target().describe()},
                          {"train_examples", train.examples.size()},
                          {"val_examples", val.size()},
                          {"truncated", train.truncated},
                          {"dropped", train.dropped.size()},
                          {"epochs", config.epochs},
                          {"max_steps", config.max_steps},
                          {"batch_size", config.batch_size},
                          {"grad_accumulation", config.grad_accumulation},
                          {"global_batch", config.batch_size * config.grad_accumulation},
                          {"learning_rate", config.learning_rate},
                          {"scheduler", training::schedule_name(config.schedule)},
                          {"warmup_steps", config.warmup_steps},
                          {"warmup_ratio", config.warmup_ratio},
                          {"weight_decay", config.weight_decay},
                          {"max_grad_norm", config.max_grad_norm},
                          {"lora_r", config.lora.rank},
                          {"lora_alpha", config.lora.alpha},
                          {"lora_dropout", config.lora.dropout},
                          {"target_modules", config.lora.target_modules},
                          {"num_virtual_tokens", config.prefix.num_virtual_tokens},
                          {"prefix_projection", config.prefix.prefix_projection},
                          {"cutoff_len", rc.truncation.cutoff_len},
                          {"max_input_length", rc.truncation.max_input_length},
                          {"max_output_length", rc.truncation.max_output_length},
                          {"eval_steps", config.eval_steps},
                          {"predict_with_generate", config.predict_with_generate},
                          {"save_steps", config.save_steps},
                          {"gradient_checkpointing", config.gradient_checkpointing},
                          {"seed", config.seed}};
  util::write_file_atomically(run_dir / "config.json", effective.dump(2) + "\n");

  ProgressPrinter progress(::isatty(STDOUT_FILENO) == 1, (run_dir / "train.log").string(), resume);
  progress.note("Training " + method->describe() + " (" + std::to_string(method->trainable().parameter_count()) +
                " trainable parameters) on " + std::to_string(train.examples.size()) + " examples (" +
                std::to_string(val.size()) + " for evaluation; " + std::to_string(train.truncated) + " truncated), " +
                model.target().describe());
  if (!train.dropped.empty())
    progress.note("  " + std::to_string(train.dropped.size()) + " examples left out: their answers do not fit the length limits");

  std::ofstream metrics(run_dir / "metrics.jsonl", resume ? std::ios::app : std::ios::trunc);
  training::TrainCallbacks callbacks;
  callbacks.cancel = &g_stop_requested;
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  callbacks.on_step = [&](const training::StepMetrics& m) {
    metrics << metrics_json(m).dump() << "\n" << std::flush;
    progress.step(m);
  };
  const std::vector<training::PredictionCase> cases =
      config.predict_with_generate ? training::prediction_cases(val, tokenizer, static_cast<std::size_t>(config.predict_limit))
                                   : std::vector<training::PredictionCase>{};
  std::vector<int64_t> stop_ids(model.config().eos_token_ids.begin(), model.config().eos_token_ids.end());
  for (const std::string& stop : tmpl.stop_tokens)
    if (auto id = tokenizer.token_to_id(stop)) stop_ids.push_back(*id);
  callbacks.predict = [&] { return training::predict_and_score(model, tokenizer, cases, stop_ids, config.max_new_tokens); };

  const training::TrainResult result = training::train(model, method->trainable(), train, val, config, pad_id, callbacks);
  progress.finish();
  if (result.cancelled) {
    progress.note("Stopped after " + std::to_string(result.steps) +
                  " steps (checkpoint written); continue with the same command and --resume.");
    return kExitOk;
  }
  if (result.resumed_from) progress.note("(resumed from step " + std::to_string(result.resumed_from) + ")");
  training::TrainedWith info;
  info.method = training::method_name(config.method);
  info.base_model = fs::absolute(rc.model).string();
  info.chat_template = rc.chat_template.empty() ? tmpl.name : rc.chat_template;
  info.model_type = type->id;
  info.system_instruction = type->instruction;
  method->write_result(result_dir, rc.model, info);
  if (!rc.test_file.empty()) {  // finetune_demo's test_file: scored once, at the end
    const auto test_data = read_validated(rc.test_file);
    if (!test_data) return kExitCheckFailed;
    const training::SftData test =
        training::build_sft_data(test_data->dataset, test_data->report, tokenizer, tmpl, type->instruction, rc.truncation);
    const double test_loss = training::evaluate(model, test.examples,
                                                config.eval_batch_size > 0 ? config.eval_batch_size : config.batch_size, pad_id);
    metrics << json{{"step", result.steps}, {"test_loss", test_loss}, {"test_ppl", std::exp(test_loss)}}.dump() << "\n";
    progress.note("Test loss " + std::to_string(test_loss) + " (perplexity " + std::to_string(std::exp(test_loss)) +
                  ") on " + std::to_string(test.examples.size()) + " examples of " + rc.test_file.string());
  }
  std::string done = "Saved " + result_dir.string() + " after " + std::to_string(result.steps) + " steps";
  if (result.final_eval_loss) done += ", eval loss " + std::to_string(*result.final_eval_loss);
  progress.note(done);
  progress.note("Chat with it: tunedesk-cli generate " + run_dir.string() + " --chat --prompt \"...\"");
  return kExitOk;
}

}  // namespace tunedesk::cli
