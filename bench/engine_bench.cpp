// Engine benchmark: load a model folder (memory-mapped), pack its weights
// for decoding as a chat does (packed_weights.h), then time prefill and
// greedy decode on the CPU. Run by bench/run_engine.sh, which first writes a
// ~100M-parameter Llama-shaped model with random weights.
//   tunedesk_engine_bench MODEL_DIR [--threads N] [--prompt N] [--new N] [--weights auto|fp32|bf16|q8_0|unpacked]
// `unpacked`: the fp32 tensors through libtorch, as before packing existed.
#include <torch/torch.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

#include "engine/causal_lm.h"
#include "engine/cpu_features.h"
#include "engine/packed_weights.h"
#include "engine/generation.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "model/safetensors.h"
#include "util/system_memory.h"

using namespace tunedesk;
using Clock = std::chrono::steady_clock;

namespace {

// This process's resident memory in MiB: the most since start, and now.
double peak_rss_mib() { return static_cast<double>(util::peak_resident_bytes()) / (1024.0 * 1024.0); }
double resident_mib() { return static_cast<double>(util::resident_bytes()) / (1024.0 * 1024.0); }

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s MODEL_DIR [--threads N] [--prompt N] [--new N]\n", argv[0]);
    return 2;
  }
  int threads = 2, prompt_len = 128, new_tokens = 64;
  std::string weights = "auto";
  for (int i = 2; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--weights")) weights = argv[i + 1];
    if (!std::strcmp(argv[i], "--threads")) threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--prompt")) prompt_len = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--new")) new_tokens = std::atoi(argv[i + 1]);
  }
  engine::configure_cpu(threads);
  const double rss_before = peak_rss_mib();
  const auto load_start = Clock::now();
  const engine::ComputeTarget target = engine::pick_target("cpu", "fp32");
  engine::CausalLM model = engine::CausalLM::load(argv[1], target);
  const double load_s = seconds_since(load_start);
  const auto pack_start = Clock::now();
  std::string weights_used = "unpacked fp32 (libtorch's products)";
  if (weights != "unpacked") {
    const engine::DecodeWeightsChoice choice = engine::choose_decode_weights(target, weights);
    if (choice.format) model.pack_for_decoding(*choice.format);
    weights_used = choice.reason;
  }
  const double pack_s = seconds_since(pack_start);
  const double rss_loaded = peak_rss_mib();
  const double resident_after = resident_mib();
  const double weights_mib = static_cast<double>(model.weight_files().total_bytes()) / (1024.0 * 1024.0);

  std::vector<int64_t> prompt;
  for (int i = 0; i < prompt_len; ++i) prompt.push_back(3 + (i * 7919) % (model.config().vocab_size - 3));
  torch::NoGradGuard no_grad;
  {  // warm-up
    engine::KVCache cache = model.make_cache(1, 16);
    model.forward(torch::tensor(std::vector<int64_t>(prompt.begin(), prompt.begin() + 8)).unsqueeze(0), &cache);
  }
  engine::KVCache cache = model.make_cache(1, prompt_len + new_tokens);
  const auto prefill_start = Clock::now();
  // As a chat generates (generation.cpp): the output head for the last position only.
  at::Tensor logits = model.next_token_logits(torch::tensor(prompt).unsqueeze(0), cache);
  const double prefill_s = seconds_since(prefill_start);
  const auto decode_start = Clock::now();
  int64_t next = logits[0][0].argmax().item<int64_t>();
  for (int i = 0; i < new_tokens; ++i) {
    logits = model.next_token_logits(torch::tensor({next}).unsqueeze(0), cache);
    next = logits[0][0].argmax().item<int64_t>();
  }
  const double decode_s = seconds_since(decode_start);

  std::printf("model: %s, %.1fM parameters, %.0f MiB of fp32 weights\n", model.config().architecture.c_str(),
              static_cast<double>(model::parameter_count(model.config())) / 1e6, weights_mib);
  std::printf("runtime: %s, %d threads\n", engine::runtime_description().c_str(), threads);
  std::printf("cpu: %s\n", engine::describe_cpu().c_str());
  std::printf("weights: %s", weights_used.c_str());
  if (model.packed())
    std::printf(", %.0f MiB packed in %.2f s (%s), %.0f MiB of mapped fp32 pages given back",
                static_cast<double>(model.packed()->bytes) / (1024.0 * 1024.0), pack_s,
                model.packed()->describe().c_str(),
                static_cast<double>(model.packed()->dropped_bytes) / (1024.0 * 1024.0));
  std::printf("\n");
  std::printf("load: %.2f s, peak RSS %.0f MiB after load and packing, resident %.0f MiB then (%.0f MiB before; weights %.0f MiB)\n",
              load_s, rss_loaded, resident_after, rss_before, weights_mib);
  std::printf("prefill: %d tokens in %.3f s = %.1f tokens/s\n", prompt_len, prefill_s, prompt_len / prefill_s);
  std::printf("decode: %d tokens in %.3f s = %.1f tokens/s\n", new_tokens, decode_s, new_tokens / decode_s);
  return 0;
}
