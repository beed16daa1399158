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
#include "setting_options.h"
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
      .flag("--resume", "continue from the newest checkpoint in OUTPUT/checkpoints, or from the checkpoint folder that follows")
      .option("--resume-from", "CKPT", "continue from this checkpoint folder")
      .epilog("Example: tunedesk-cli train resources/configs/lora.yaml --model models/demo-qwen3 \\\n"
              "           --data resources/samples/arithmetic.csv --output runs/arith\n"
              "Two processes: add --nproc 2 (see the README, \"Training on several GPUs or machines\").");
  // Every training setting's option (training/training_settings.h): --method, --lr, --rank, --nproc, …
  add_setting_options(p);
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
  apply_setting_options(p, rc);
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
