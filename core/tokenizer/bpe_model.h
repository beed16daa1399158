// The BPE model of tokenizer.json: a vocabulary and ranked merges, applied to
// one pre-tokenized piece at a time. Covers byte-level vocabularies (GPT-2,
// Llama 3, Qwen) and sentencepiece-style ones with byte fallback (Llama 2,
// Mistral).
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

class BpeModel {
 public:
  // From the "model" value of tokenizer.json. Throws TokenizerError.
  explicit BpeModel(const nlohmann::json& spec);

  // Appends the ids of `piece`.
  void tokenize(std::string_view piece, std::vector<int32_t>& ids) const;

  std::optional<int32_t> token_to_id(std::string_view token) const;
  const std::string* id_to_token(int32_t id) const;  // nullptr when unknown
  std::size_t vocab_size() const { return id_to_token_.size(); }

  // Adds tokens that live only in added_tokens (Llama 3's specials beyond the vocab).
  void add_token(const std::string& token, int32_t id);

 private:
  struct Merge {
    int32_t rank;
    int32_t result;  // id of the merged token
  };
  static uint64_t pair_key(int32_t a, int32_t b) {
    return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
  }
  void merge_word(std::vector<int32_t>& symbols) const;
  bool has_byte_tokens(std::string_view bytes) const;
  void initial_symbols(std::string_view piece, std::vector<int32_t>& symbols) const;

  std::unordered_map<std::string, int32_t> vocab_;
  std::vector<std::string> id_to_token_;
  std::unordered_map<uint64_t, Merge> merges_;
  std::optional<int32_t> unk_id_;
  bool byte_fallback_ = false;
  bool fuse_unk_ = false;
  bool ignore_merges_ = false;
  std::string continuing_subword_prefix_, end_of_word_suffix_;
  int32_t byte_tokens_[256];  // ids of "<0x00>".."<0xFF>" for byte fallback, -1 when absent

  // Pieces repeat a lot in real text; a bounded cache of their ids.
  mutable std::mutex cache_mutex_;
  mutable std::unordered_map<std::string, std::vector<int32_t>> cache_;
  static constexpr std::size_t kCacheLimit = 50000;
};

}  // namespace tunedesk::tok
