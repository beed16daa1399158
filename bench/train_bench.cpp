// Training benchmark: optimizer steps of LoRA or full fine-tuning on one
// sequence of --seq tokens (all of them trained, or all but the first
// --prompt, as in instruction data), on the CPU, through the
// same trainer the CLI uses. The sequence is --ids (a JSON array of token
// ids: real text, which the model learns step after step, so that what
// learning does to the numbers, such as denormal floats, shows in the
// times) or, without it, a fixed pattern of ids. Prints one JSON line:
// tokens/s, the mean step time of the first and of the last fifth of the
// timed steps, the first and last loss, the model FLOPs per token, the best
// fp32 GEMM rate measured in this process and the MFU against it. Run by
// bench/run_train.sh beside bench/train_step.py.
//   tunedesk_train_bench MODEL_DIR --method lora|sft [--seq N] [--prompt N] [--steps N] [--threads N]
//                        [--ids FILE] [--lr LR (1e-4)] [--device cpu|cuda] [--dtype auto|fp32|bf16]
//                        [--lora-targets q_proj,v_proj (the default; as the peer's step) | all-linear | NAMES]
//                        [--profile]
// --dtype auto (the default) is what `tunedesk-cli train` picks: bf16 on a GPU
// or on a CPU with bf16 matrix units (fp32 masters: LoRA's adapters, SFT's
// weights), fp32 on other CPUs; the GEMM rate is measured in that dtype and
// the line says the choice and why ("dtype_why"). --profile adds a line of
// where a step's time goes, by operator (op_profile.h), products apart.
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "engine/causal_lm.h"
#include "engine/cpu_features.h"
#include "engine/cpu_gemm.h"
#include "engine/device.h"
#include "training/fine_tuning.h"
#include "training/trainer.h"
#include "training/training_settings.h"
#include "training/training_target.h"

#include "op_profile.h"

using namespace tunedesk;
using Clock = std::chrono::steady_clock;

namespace {

// The best of a dozen 1024³ matrix products: the machine's reachable peak here
// (best, not mean: a shared machine's neighbours only ever slow it down),
// through libtorch's BLAS and, where the linear layers use it, oneDNN's
// GEMM (engine/cpu_gemm.h): the better of the two is the peak the step's
// products could reach.
double measured_gemm_gflops(const engine::ComputeTarget& target) {
  const int64_t n = target.device.is_cpu() ? 1024 : 8192;
  const auto options = torch::TensorOptions().device(target.device).dtype(target.dtype);
  const at::Tensor a = torch::randn({n, n}, options), b = torch::randn({n, n}, options);
  at::Tensor c = torch::empty({n, n}, options);
  const bool onednn = target.device.is_cpu() && target.dtype == torch::kFloat && engine::cpu_gemm().onednn;
  double best = 0;
  for (int library = 0; library < (onednn ? 2 : 1); ++library)
    for (int i = 0; i < 13; ++i) {
      const auto start = Clock::now();
      if (library == 0) c = torch::mm(a, b);
      else engine::multiply_rows_onednn(a.data_ptr<float>(), n, n, b.data_ptr<float>(), n, c.data_ptr<float>(), n);
      (void)c.sum().item<double>();  // waits for the device
      const double s = std::chrono::duration<double>(Clock::now() - start).count();
      if (i > 0) best = std::max(best, 2.0 * static_cast<double>(n * n * n) / s / 1e9);
    }
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL_DIR --method lora|sft [--seq N] [--steps N] [--threads N]\n", argv[0]);
    return 2;
  }
  std::string method = "lora", device = "cpu", dtype = "auto", ids_file, lora_targets = "q_proj,v_proj";
  int seq = 512, prompt = 0, steps = 4, threads = 2;
  double lr = 1e-4;
  bool profile = false;
  for (int i = 2; i < argc; i += 2) {
    if (!std::strcmp(argv[i], "--profile")) {
      profile = true;
      --i;
      continue;
    }
    if (i + 1 >= argc) {
      std::fprintf(stderr, "%s needs a value\n", argv[i]);
      return 2;
    }
    if (!std::strcmp(argv[i], "--method")) method = argv[i + 1];
    else if (!std::strcmp(argv[i], "--seq")) seq = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--prompt")) prompt = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--steps")) steps = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--device")) device = argv[i + 1];
    else if (!std::strcmp(argv[i], "--dtype")) dtype = argv[i + 1];
    else if (!std::strcmp(argv[i], "--ids")) ids_file = argv[i + 1];
    else if (!std::strcmp(argv[i], "--lr")) lr = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--lora-targets")) lora_targets = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  engine::configure_cpu(threads);
  // The dtype a `tunedesk-cli train` run would choose (auto: bf16 on a CPU with bf16 units).
  const training::TrainingTarget chosen = training::pick_training_target(device, dtype);
  const engine::ComputeTarget& target = chosen.target;
  engine::CausalLM model = engine::CausalLM::load(argv[1], target);
  const model::ModelConfig& c = model.config();

  training::TrainConfig config;
  config.method = method == "sft" ? training::Method::full : training::Method::lora;
  config.lora.rank = 8;
  config.lora.alpha = 16;
  // Read as the CLI's --target-modules is: comma-separated names, or all-linear.
  config.lora.target_modules =
      training::setting_value_from_text(*training::find_training_setting("target_modules"), lora_targets,
                                        "--lora-targets")
          .get<std::vector<std::string>>();
  config.batch_size = 1;
  config.max_steps = steps + 1;  // the first step warms up and is not timed
  config.schedule = training::Schedule::constant;
  config.learning_rate = lr;
  auto tuning = training::FineTuning::create(model, config);

  training::SftData data;
  training::TokenizedExample ex;
  if (!ids_file.empty()) {
    std::ifstream in(ids_file);
    const std::vector<int32_t> ids = nlohmann::json::parse(in).get<std::vector<int32_t>>();
    if (static_cast<int>(ids.size()) < seq) {
      std::fprintf(stderr, "%s has %zu ids, fewer than --seq %d\n", ids_file.c_str(), ids.size(), seq);
      return 2;
    }
    ex.input_ids.assign(ids.begin(), ids.begin() + seq);
  } else {
    for (int i = 0; i < seq; ++i) ex.input_ids.push_back(3 + (i * 7919) % static_cast<int32_t>(c.vocab_size - 3));
  }
  ex.labels = ex.input_ids;
  std::fill_n(ex.labels.begin(), std::min(prompt, seq), training::kIgnoreIndex);  // the prompt takes no loss
  const int trained = seq - std::max(prompt, 1);  // positions with a next-token label
  data.examples.push_back(ex);
  std::optional<bench::OpProfile> recording;
  if (profile) recording.emplace();
  const auto profiled_from = Clock::now();
  const training::TrainResult r = training::train(model, tuning->trainable(), data, {}, config, 0);
  const double profiled_s = std::chrono::duration<double>(Clock::now() - profiled_from).count();
  const std::map<std::string, double> self_ms = recording ? recording->self_ms() : std::map<std::string, double>{};
  const double timed_s = r.history.back().elapsed_s - r.history.front().elapsed_s;
  const double tokens_per_s = static_cast<double>(steps) * (seq - 1) / timed_s;
  // The timed steps' durations (history[0] is the warm-up step), and the
  // means of their first and last fifths: flat when nothing slows a long run.
  std::vector<double> step_s;
  for (std::size_t i = 1; i < r.history.size(); ++i) step_s.push_back(r.history[i].elapsed_s - r.history[i - 1].elapsed_s);
  const std::size_t fifth = std::max<std::size_t>(1, step_s.size() / 5);
  const auto mean_of = [&](std::size_t first) {
    double sum = 0;
    for (std::size_t i = first; i < first + fifth; ++i) sum += step_s[i];
    return sum / static_cast<double>(fifth);
  };

  // Model FLOPs per trained token (the PaLM convention): 6 per weight for
  // full training (forward 2, input gradients 2, weight gradients 2), 4 for
  // LoRA (frozen weights need no weight gradients), plus attention scores
  // and mixing, 12 · layers · heads · head_dim · sequence. The output head
  // is needed only where a token is trained.
  double matmul_params = static_cast<double>(c.vocab_size) * c.hidden_size * trained / (seq - 1);  // lm_head
  const double attention = static_cast<double>(c.hidden_size) * (c.num_heads + 2 * c.num_kv_heads) * c.head_dim +
                           static_cast<double>(c.num_heads) * c.head_dim * c.hidden_size;
  matmul_params += c.num_layers * (attention + 3.0 * c.hidden_size * c.intermediate_size);
  const double per_weight = config.method == training::Method::full ? 6.0 : 4.0;
  const double flops_per_token =
      per_weight * matmul_params + 12.0 * c.num_layers * c.num_heads * c.head_dim * static_cast<double>(seq);
  const double gemm = measured_gemm_gflops(target);
  const double achieved = tokens_per_s * flops_per_token / 1e9;
  std::printf("{\"impl\": \"tunedesk\", \"device\": \"%s\", \"method\": \"%s\", \"seq\": %d, \"trained_tokens\": %d, \"threads\": %d, \"tokens_per_s\": %.1f, "
              "\"step_s\": %.3f, \"first_fifth_step_s\": %.3f, \"last_fifth_step_s\": %.3f, \"loss_first\": %.4f, "
              "\"loss_last\": %.4f, \"gflops_per_token\": %.3f, \"achieved_gflops\": %.1f, \"gemm_gflops\": %.1f, "
              "\"mfu\": %.3f, \"dtype_why\": %s, \"runtime\": %s, \"cpu\": %s}\n",
              target.describe().c_str(), method.c_str(), seq, trained, threads, tokens_per_s, timed_s / steps,
              mean_of(0), mean_of(step_s.size() - fifth), r.history.front().loss, r.history.back().loss,
              flops_per_token / 1e9, achieved, gemm, achieved / gemm, nlohmann::json(chosen.dtype.why).dump().c_str(),
              nlohmann::json(engine::runtime_description()).dump().c_str(),  // libtorch, its BLAS and kernel set
              nlohmann::json(engine::describe_cpu()).dump().c_str());        // the CPU and TuneDesk's kernel level
  if (recording) {
    // Per step, over every step run (the warm-up too): the time outside the
    // matrix products is what this side does beyond its GEMMs.
    nlohmann::json line = bench::summarize_per_step(self_ms, steps + 1, 15);
    line["step_ms"] = std::round(profiled_s * 1000 / (steps + 1));
    line["outside_products_ms"] = line["step_ms"].get<double>() - line["products_ms"].get<double>();
    std::printf("{\"impl\": \"tunedesk\", \"profile\": %s}\n", line.dump().c_str());
  }
  return 0;
}
