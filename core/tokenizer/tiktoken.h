// GLM-4's tokenizer.model is in tiktoken's format: one "base64(token bytes)
// rank" per line, ranks being ids, with special tokens after them. It is
// turned into the equivalent byte-level BPE tokenizer.json (a merge for every
// way a token splits into two lower-ranked tokens, ordered by rank, and whole
// pieces looked up first), the same conversion Hugging Face applies.
#pragma once

#include <cstdint>
#include <filesystem>
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

}  // namespace tunedesk::tok
