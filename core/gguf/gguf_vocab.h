// A model folder's tokenizer as GGUF metadata (tokenizer.ggml.*): what
// llama.cpp needs to tokenize exactly as the Hugging Face tokenizer does.
#pragma once

#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "gguf/gguf_file.h"

namespace tunedesk::gguf {

// Token types as llama.cpp numbers them (tokenizer.ggml.token_type).
enum class TokenType : int32_t { normal = 1, unknown = 2, control = 3, user_defined = 4, unused = 5, byte = 6 };

// Reads DIR/tokenizer.json (or glm-4-9b-chat's tiktoken tokenizer.model,
// converted as the engine converts it), tokenizer_config.json (and chat_template.jinja,
// config.json for special ids) and returns the tokenizer.* keys, in the
// order llama.cpp's converter writes them. `vocab_size`: the model's
// embedding rows (ids without a token are written as unused "[PADn]").
//
// Byte-level BPE tokenizers (tokenizer.ggml.model "gpt2") whose
// pre-tokenizer llama.cpp implements by name, and SentencePiece-style BPE
// (Llama 2, Mistral: byte fallback, SentencePiece's normalizer; "llama",
// with scores that make llama.cpp join pairs in the merges' order) are
// written; anything else is refused with GgufError saying what and why,
// rather than a file llama.cpp would tokenize differently.
// `fallback_specials`: (kind, token text) for special ids the folder's files
// leave unnamed (kind: bos, eos, eot, unk, sep, pad), as the converter adds them for GLM-4.
std::vector<std::pair<std::string, Value>> tokenizer_metadata(
    const std::filesystem::path& model_dir, int64_t vocab_size,
    const std::vector<std::pair<std::string, std::string>>& fallback_specials = {});

// The name llama.cpp knows a pre-tokenizer by (tokenizer.ggml.pre) for a
// tokenizer.json "pre_tokenizer" object and the model's ignore_merges flag;
// empty when llama.cpp has none that splits text the same way.
std::string llama_cpp_pre_tokenizer(const std::string& pre_tokenizer_json, bool ignore_merges);

}  // namespace tunedesk::gguf
