// Generating text with a CausalLM: prefill the prompt into the KV cache, then
// one token at a time, sampled as asked, until a stop token, a stop string,
// the length limit or a cancel.
#pragma once

#include <ATen/core/Tensor.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "util/splitmix64.h"

namespace tunedesk::tok {
class Tokenizer;
}

namespace tunedesk::engine {

class CausalLM;

struct SamplingOptions {
  bool greedy = true;               // argmax; the options below apply when false
  double temperature = 1.0;
  int64_t top_k = 0;                // 0 = no limit
  double top_p = 1.0;               // nucleus: smallest set of tokens with this much probability
  double repetition_penalty = 1.0;  // > 1 discourages tokens already in the context
  uint64_t seed = 0;                // the same seed gives the same text
};

struct GenerationOptions {
  int64_t max_new_tokens = 256;
  SamplingOptions sampling;
  std::vector<int64_t> stop_ids;          // end-of-sequence / end-of-turn ids
  std::vector<std::string> stop_strings;  // text that ends generation (not included in the result)
  // Called with each new piece of text (whole UTF-8 characters); return false to stop.
  std::function<bool(const std::string&)> on_text;
  const std::atomic<bool>* cancel = nullptr;  // checked before every step
};

struct GenerationResult {
  std::vector<int64_t> ids;   // the generated ids (the stop id not included)
  std::string text;           // their text, cut at a stop string
  std::string finish_reason;  // "stop", "length" or "cancelled"
};

// The tokenizer is needed for text, streaming and stop strings; without one
// only ids are produced.
GenerationResult generate(const CausalLM& model, const tok::Tokenizer* tokenizer, const std::vector<int64_t>& prompt,
                          const GenerationOptions& options);

// Picks the next id from one row of logits [V] (fp32, CPU or device).
class Sampler {
 public:
  explicit Sampler(const SamplingOptions& options);
  int64_t pick(const at::Tensor& logits, const std::vector<int64_t>& context);

 private:
  SamplingOptions options_;
  util::SplitMix64 rng_;  // the same numbers on every machine and libtorch version
};

}  // namespace tunedesk::engine
