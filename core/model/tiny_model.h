// Small models with random weights in real Hugging Face layout (config.json
// with the real architecture keys, safetensors, tokenizer files), for tests
// and for trying TuneDesk without downloading anything. Seeded: the same
// spec always writes the same files.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "model/model_config.h"

namespace tunedesk::model {

struct TinyModelSpec {
  Arch arch = Arch::qwen2;  // any family; glm = GlmForCausalLM, chatglm = the original ChatGLMModel layout
  int64_t layers = 2;
  int64_t hidden = 64;
  int64_t heads = 4;
  int64_t kv_heads = 2;
  int64_t intermediate = 0;  // 0: 2 × hidden
  int64_t vocab = 0;         // 0: the tokenizer's size
  int64_t context = 512;
  int shards = 1;
  uint64_t seed = 0;
  // Standard deviation of the random matrices (norms start at one). Hugging
  // Face's 0.02 by default. The demo model gives its (untied) output head a
  // larger one: a random network's hidden states are normalised, so with a
  // 0.02 head its logits could never become confident, whatever an adapter
  // learns.
  double init_std = 0.02;
  double embedding_std = 0.02;
  double head_std = 0.02;                  // lm_head / output_layer
  std::optional<bool> tie_embeddings;      // default: as the family's small models do
  std::filesystem::path tokenizer_dir;  // copy tokenizer.json/tokenizer_config.json from here; empty: generate one
};

struct TinyModelSummary {
  std::string architecture;
  int64_t parameters = 0;
  int64_t vocab = 0;
  int files = 0;
};

// make-tiny's name of a family: its config.json model_type ("llama", "glm4", "chatglm").
std::string tiny_arch_name(Arch arch);
std::optional<Arch> parse_tiny_arch(std::string_view name);
// Every family make-tiny writes, by that name, in kArchs order.
std::vector<std::string> tiny_arch_names();

// Writes the folder (created if needed; existing model files are replaced).
// Throws ModelConfigError for an impossible spec, util::FileError on I/O.
TinyModelSummary write_tiny_model(const std::filesystem::path& dir, const TinyModelSpec& spec);

// A byte-level BPE tokenizer.json trained on a small built-in bilingual text,
// with the special tokens of `arch`, and its tokenizer_config.json. For
// chatglm (the original ChatGLMModel layout) also the same vocabulary as a
// tiktoken tokenizer.model, which its folders carry instead of tokenizer.json.
struct GeneratedTokenizer {
  std::string tokenizer_json;
  std::string tokenizer_config_json;
  std::string tiktoken_ranks;  // "base64(bytes) id" lines; chatglm only
  int64_t vocab_size = 0;
  std::optional<int64_t> bos_id;
  std::vector<int64_t> eos_ids;
};
GeneratedTokenizer generate_tokenizer(Arch arch, int merges = 300);

}  // namespace tunedesk::model
