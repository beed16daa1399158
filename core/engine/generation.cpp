#include "engine/generation.h"

#include <torch/torch.h>

#include <algorithm>
#include <numeric>
#include <optional>

#include "engine/causal_lm.h"
#include "engine/cpu_memory.h"
#include "engine/float_mode.h"
#include "engine/prefix_tuning.h"
#include "tokenizer/tokenizer.h"
#include "util/user_error.h"

namespace tunedesk::engine {

Sampler::Sampler(const SamplingOptions& options) : options_(options), rng_(options.seed) {}

int64_t Sampler::pick(const at::Tensor& logits_in, const std::vector<int64_t>& context) {
  at::Tensor logits = logits_in.to(torch::kCPU, torch::kFloat).contiguous().clone();
  float* l = logits.data_ptr<float>();
  const int64_t vocab = logits.size(0);
  if (options_.repetition_penalty != 1.0) {
    std::vector<bool> seen(static_cast<std::size_t>(vocab), false);
    for (int64_t id : context)
      if (id >= 0 && id < vocab && !seen[static_cast<std::size_t>(id)]) {
        seen[static_cast<std::size_t>(id)] = true;
        const float p = static_cast<float>(options_.repetition_penalty);
        l[id] = l[id] > 0 ? l[id] / p : l[id] * p;
      }
  }
  if (options_.greedy || options_.temperature <= 0.0) return logits.argmax().item<int64_t>();

  // Candidates by descending logit, cut by top-k, then softmax with temperature, then top-p.
  std::vector<int64_t> order(static_cast<std::size_t>(vocab));
  std::iota(order.begin(), order.end(), 0);
  const std::size_t k = options_.top_k > 0 ? std::min<std::size_t>(static_cast<std::size_t>(options_.top_k), order.size())
                                           : order.size();
  std::partial_sort(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(k), order.end(),
                    [&](int64_t a, int64_t b) { return l[a] > l[b] || (l[a] == l[b] && a < b); });
  order.resize(k);
  std::vector<double> probs(k);
  const double top = l[order[0]];
  double total = 0;
  for (std::size_t i = 0; i < k; ++i) total += probs[i] = std::exp((l[order[i]] - top) / options_.temperature);
  std::size_t keep = k;
  if (options_.top_p < 1.0) {
    double cumulative = 0;
    for (std::size_t i = 0; i < k; ++i) {
      cumulative += probs[i] / total;
      if (cumulative >= options_.top_p) {
        keep = i + 1;
        break;
      }
    }
  }
  double kept_total = 0;
  for (std::size_t i = 0; i < keep; ++i) kept_total += probs[i];
  double r = rng_.uniform() * kept_total;
  for (std::size_t i = 0; i < keep; ++i) {
    r -= probs[i];
    if (r < 0) return order[i];
  }
  return order[keep - 1];
}

GenerationResult generate(const CausalLM& model, const tok::Tokenizer* tokenizer, const std::vector<int64_t>& prompt,
                          const GenerationOptions& options) {
  const CachedCpuMemoryReleaser release_when_done;  // a chat session idles between answers
  flush_denormals();  // chat answers on whichever thread asks
  torch::NoGradGuard no_grad;
  GenerationResult result;
  if (prompt.empty()) throw std::invalid_argument("the prompt has no tokens");
  // A P-Tuning v2 prefix takes the first positions of the context.
  const int64_t context_size = model.config().max_position - (model.prefix() ? model.prefix()->num_virtual_tokens() : 0);
  const int64_t capacity = std::min<int64_t>(context_size, static_cast<int64_t>(prompt.size()) + options.max_new_tokens);
  if (static_cast<int64_t>(prompt.size()) >= context_size)
    throw UserError("chat.prompt_too_long", {std::to_string(prompt.size()), std::to_string(context_size)});
  KVCache cache = model.make_cache(1, capacity);
  Sampler sampler(options.sampling);
  std::vector<int64_t> context = prompt;
  std::optional<tok::DecodeStream> stream;
  if (tokenizer) stream.emplace(*tokenizer, /*skip_special=*/true);
  std::string pending;  // text held back because it could be the start of a stop string

  bool cut_at_stop_string = false;
  // Passes text on, except a stop string and what follows it. Returns false to stop.
  const auto emit = [&](const std::string& piece, bool final) -> bool {
    pending += piece;
    for (const std::string& stop : options.stop_strings) {
      if (const auto hit = pending.find(stop); !stop.empty() && hit != std::string::npos) {
        pending.resize(hit);
        result.text += pending;
        if (options.on_text && !pending.empty()) options.on_text(pending);
        pending.clear();
        cut_at_stop_string = true;
        return false;
      }
    }
    // Keep back the longest tail that could still grow into a stop string.
    std::size_t hold = 0;
    if (!final)
      for (const std::string& stop : options.stop_strings)
        for (std::size_t n = std::min(stop.size() - 1, pending.size()); n > hold; --n)
          if (pending.compare(pending.size() - n, n, stop, 0, n) == 0) {
            hold = n;
            break;
          }
    std::string ready = pending.substr(0, pending.size() - hold);
    pending.erase(0, ready.size());
    result.text += ready;
    if (options.on_text && !ready.empty() && !options.on_text(ready)) return false;
    return true;
  };

  at::Tensor input = torch::tensor(prompt, torch::kLong).unsqueeze(0);
  result.finish_reason = "length";
  for (int64_t step = 0; step < options.max_new_tokens && cache.length < cache.capacity(); ++step) {
    if (options.cancel && options.cancel->load()) {
      result.finish_reason = "cancelled";
      break;
    }
    const at::Tensor logits = model.next_token_logits(input, cache);  // [1, 1, V]
    const int64_t next = sampler.pick(logits[0][0], context);
    if (std::find(options.stop_ids.begin(), options.stop_ids.end(), next) != options.stop_ids.end()) {
      result.finish_reason = "stop";
      break;
    }
    result.ids.push_back(next);
    context.push_back(next);
    if (stream && !emit(stream->push(static_cast<int32_t>(next)), false)) {
      result.finish_reason = "stop";
      break;
    }
    input = torch::tensor({next}, torch::kLong).unsqueeze(0);
  }
  if (stream && !cut_at_stop_string) emit(stream->finish(), /*final=*/true);
  return result;
}

}  // namespace tunedesk::engine
