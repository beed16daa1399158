// GLM-4's tokenizer.model is in tiktoken's format: one "base64(token bytes)
// rank" per line, ranks being ids, with special tokens after them. It is
// turned into the equivalent byte-level BPE tokenizer.json (a merge for every
// way a token splits into two lower-ranked tokens, ordered by rank, and whole
// pieces looked up first), the same conversion Hugging Face applies.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::tok {

struct TiktokenSpecial {
  std::string content;
  int32_t id;
};

// True when `path` looks like a tiktoken ranks file.
bool is_tiktoken_file(const std::filesystem::path& path);

// The tokenizer.json text for a tiktoken ranks file; with no `specials`,
// GLM-4's, numbered after the ranks. `pattern` is the
// pre-tokenizer's split regex; `prefix` the special tokens put before every
// encoding with add_special_tokens (GLM-4: [gMASK] <sop>).
std::string tiktoken_to_tokenizer_json(const std::filesystem::path& ranks_file, const std::vector<TiktokenSpecial>& specials,
                                       std::string_view pattern, const std::vector<std::string>& prefix);

// GLM-4 (glm-4-9b-chat): its split pattern and special tokens, numbered after
// `ranks` ordinary tokens (tokenization_chatglm.py's convention).
std::string_view glm4_split_pattern();
std::vector<TiktokenSpecial> glm4_specials(int32_t ranks);

// The bytes of a base64 string; throws TokenizerError on a malformed one.
std::string base64_decode(std::string_view text);
// Standard base64 with padding, as tiktoken files write token bytes.
std::string base64_encode(std::string_view bytes);

// The tokenizer of a folder in glm-4-9b-chat's original layout: no
// tokenizer.json, a tiktoken tokenizer.model, its special tokens in
// tokenizer_config.json's added_tokens_decoder (GLM-4's, numbered after the
// ranks, when it lists none) and GLM-4's [gMASK] <sop> put before every
// encoding when [gMASK] is among them. The equivalent tokenizer.json text,
// or nullopt for a folder that is not laid out so. The engine's tokenizer and
// the GGUF export both read it, so both see the same vocabulary and merges.
std::optional<std::string> folder_tiktoken_json(const std::filesystem::path& dir);

}  // namespace tunedesk::tok
