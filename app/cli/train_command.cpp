#include "train_command.h"

#include <torch/torch.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <iostream>
#include <sstream>
#include <thread>

#include "arg_parser.h"
#include "truncation_options.h"
#include "distributed/world.h"
#include "engine/causal_lm.h"
#include "exit_codes.h"
#include "local_launcher.h"
#include "progress_printer.h"
#include "training/run.h"
#include "training/run_config.h"
#include "training/trainer.h"

namespace tunedesk::cli {
namespace {

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

// The arguments without `--nproc N`: what each launched process is given.
std::vector<std::string> without_nproc(const std::vector<std::string>& args) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    if (args[i] == "--nproc") {
      ++i;
      continue;
    }
    if (args[i].starts_with("--nproc=")) continue;
    out.push_back(args[i]);
  }
  return out;
}

}  // namespace

int run_train_command(const std::vector<std::string>& raw_args) {
  ArgParser p("tunedesk-cli train", "Fine-tune a model on a dataset with LoRA, P-Tuning v2 or full SFT.");
  p.positional("CONFIG", "a YAML run config (GLM-4 finetune_demo configs work unchanged); options below override it",
               /*optional=*/true)
      .option("--model", "DIR", "the base model folder (required unless the config names it)")
      .option("--data", "FILE|DIR", "training data: CSV or .xlsx (text, result) or JSONL, validated first; a folder: the config's data_config files are in it")
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
      .flag("--zero1", "with several processes: each keeps the optimizer state of its share of the weights only "
                       "(ZeRO stage 1; less memory for full SFT, the same result)")
      .option("--memory-limit", "GB", "refuse to start when the memory estimate is over GB gigabytes (default: what the device has free)")
      .flag("--no-memory-check", "start even when the memory estimate is over what the device has free")
      .option("--nproc", "N", "data parallel over N processes on this machine: one per GPU, or N CPU processes sharing "
                              "the cores (global batch = batch size x grad-accum x N). Across machines, start one "
                              "process per device with torchrun-style MASTER_ADDR, MASTER_PORT, RANK, WORLD_SIZE, LOCAL_RANK instead")
      .epilog("Example: tunedesk-cli train resources/configs/lora.yaml --model models/demo-qwen3 \\\n"
              "           --data resources/samples/arithmetic.csv --output runs/arith\n"
              "Two processes: add --nproc 2 (see the README, \"Training on several GPUs or machines\").");
  add_truncation_options(p);
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
  if (p.has("--zero1")) config.shard_optimizer_state = true;
  if (auto v = p.count("--rank")) config.lora.rank = static_cast<int64_t>(*v);
  if (auto v = p.number("--alpha")) config.lora.alpha = *v;
  if (auto v = p.number("--dropout")) config.lora.dropout = *v;
  if (auto v = p.value("--target-modules")) config.lora.target_modules = split_list(*v);
  if (auto v = p.count("--num-virtual-tokens")) config.prefix.num_virtual_tokens = static_cast<int64_t>(*v);
  if (p.has("--prefix-projection")) config.prefix.prefix_projection = true;
  if (auto v = p.count("--seed")) config.seed = *v;
  if (auto v = p.count("--save-steps")) config.save_steps = static_cast<int64_t>(*v);
  if (auto v = p.count("--save-total-limit")) config.save_total_limit = static_cast<int64_t>(*v);
  apply_truncation_options(p, rc.truncation);
  if (auto v = p.number("--val-ratio")) rc.val_ratio = *v;
  if (auto v = p.number("--memory-limit")) {
    if (*v <= 0) throw UsageError("--memory-limit must be a positive number of gigabytes");
    rc.memory_limit_gb = *v;
  }
  if (p.has("--no-memory-check")) rc.check_memory = false;
  if (rc.val_ratio < 0 || rc.val_ratio >= 1) throw UsageError("--val-ratio must be at least 0 and below 1");
  if (rc.model.empty()) throw UsageError("the base model is not set: --model DIR (or 'model:' in the config)");
  if (rc.train_file.empty()) throw UsageError("the training data is not set: --data FILE (or data_config.train_file)");

  const fs::path run_dir = rc.output_dir;
  const bool resume = p.has("--resume") || p.has("--resume-from");
  for (const char* existing : {"adapter", "model"})
    if (fs::exists(run_dir / existing, ec))
      throw UsageError(run_dir.string() + " already holds a finished run (" + existing + "/); choose another --output");
  config.resume = resume;
  if (auto v = p.value("--resume-from")) config.resume_from = *v;
  if (resume && config.resume_from.empty() && training::latest_checkpoint(run_dir / "checkpoints").empty())
    throw UsageError("--resume: no checkpoint in " + (run_dir / "checkpoints").string());

  // ---- several processes ---------------------------------------------------------------
  try {
    rc.world = distributed::world_from_environment();
  } catch (const distributed::WorldError& e) {
    throw UsageError(std::string("the distributed environment: ") + e.what());
  }
  if (auto n = p.count("--nproc")) {
    if (*n < 1 || *n > 1024) throw UsageError("--nproc must be between 1 and 1024");
    rc.processes = static_cast<int>(*n);
  }
  if (const int n = rc.processes; n > 1 && !rc.world) {
    std::error_code self_ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", self_ec);
    if (self_ec) throw std::runtime_error("cannot find this program to start it again: " + self_ec.message());
    std::vector<std::string> args = {"train"};
    for (const std::string& a : without_nproc(raw_args)) args.push_back(a);
    return launch_local_processes(n, self.string(), args);
  }
  const bool main_process = !rc.world || rc.world->is_main();

  // Processes on one machine share its cores (OMP_NUM_THREADS, when set, decides).
  const int local_processes = rc.world ? rc.world->local_size : 1;
  int threads = std::max<int>(1, static_cast<int>(std::thread::hardware_concurrency()) / local_processes);
  if (const char* omp = std::getenv("OMP_NUM_THREADS"); omp && std::atoi(omp) > 0) threads = std::atoi(omp);
  engine::configure_cpu(threads);
  ProgressPrinter progress(main_process && ::isatty(STDOUT_FILENO) == 1);
  training::RunCallbacks callbacks;
  callbacks.cancel = &g_stop_requested;
  callbacks.on_note = [&](const std::string& line) { progress.note(line); };
  callbacks.on_step = [&](const training::StepMetrics& m) { progress.step(m); };
  std::signal(SIGINT, request_stop);
  std::signal(SIGTERM, request_stop);
  training::RunOutcome outcome;
  try {
    outcome = training::run_training(rc, callbacks);
  } catch (const training::DataRefused& e) {
    progress.finish();
    std::cerr << "tunedesk-cli train: " << e.what() << "\n";
    return kExitCheckFailed;
  }
  progress.finish();
  if (!outcome.result.cancelled && main_process)
    progress.note("Chat with it: tunedesk-cli generate " + run_dir.string() + " --chat --prompt \"...\"");
  return kExitOk;
}

}  // namespace tunedesk::cli
