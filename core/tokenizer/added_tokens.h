// Added tokens (special tokens such as <|im_start|> and <s>, and extra
// vocabulary such as <think>): found in the text before normalization and
// pre-tokenization, leftmost-longest, as Hugging Face's AddedVocabulary does.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

struct AddedToken {
  int32_t id;
  std::string content;
  bool special = false;      // a control token (skipped when decoding with skip_special)
  bool lstrip = false;       // also swallows white space on its left
  bool rstrip = false;       // ... and on its right
  bool single_word = false;  // only matches when not inside a word
  bool normalized = false;   // matched in normalized text instead of raw text
};

// A stretch of input: either plain text to tokenize, or one added token.
struct Segment {
  std::string_view text;  // when token_id < 0
  int32_t token_id = -1;
};

class AddedVocabulary {
 public:
  void add(AddedToken token);
  const std::vector<AddedToken>& tokens() const { return tokens_; }
  const AddedToken* find(int32_t id) const;
  const AddedToken* find(std::string_view content) const;

  // Cuts `text` at the added tokens it contains. With `include_special`
  // false, special tokens are left as plain text (text a user typed).
  // `normalized` picks which tokens: those matched in normalized text or raw.
  std::vector<Segment> split(std::string_view text, bool include_special, bool normalized) const;

 private:
  std::vector<AddedToken> tokens_;
  std::unordered_map<int32_t, std::size_t> by_id_;          // id -> index in tokens_
  std::unordered_map<std::string, std::size_t> by_content_;  // content -> index in tokens_
  bool first_byte_[256] = {};  // bytes some token starts with: most text positions are skipped at once
};

}  // namespace tunedesk::tok
