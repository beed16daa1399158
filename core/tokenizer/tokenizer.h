// A tokenizer loaded from a Hugging Face tokenizer.json: added tokens,
// normalizer, pre-tokenizer, BPE model, post-processor and decoder, run in
// the order the reference implementation runs them.
//
// Thread-safety: encode and decode may be called from several threads at once.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tokenizer/added_tokens.h"

namespace tunedesk::tok {

class BpeModel;
class Decoder;
class Normalizer;
class PreTokenizer;

struct EncodeOptions {
  bool add_special_tokens = true;  // what the post-processor adds (Llama's BOS)
  // Special-token text in the input (<|im_start|>, <s>) becomes the special
  // token. Off by default: text a user typed is text, not a control token.
  bool parse_special = false;
};

class Tokenizer {
 public:
  // `path` is a tokenizer.json file or a folder that holds one, or GLM-4's
  // tiktoken tokenizer.model (with tokenizer_config.json's added tokens).
  // Throws TokenizerError (or util::FileError) saying what is wrong and where.
  static Tokenizer load(const std::filesystem::path& path);
  static Tokenizer from_json(std::string_view json_text, const std::string& source_name);

  Tokenizer(Tokenizer&&) noexcept;
  Tokenizer& operator=(Tokenizer&&) noexcept;
  ~Tokenizer();

  std::vector<int32_t> encode(std::string_view text, const EncodeOptions& options = {}) const;
  std::string decode(const std::vector<int32_t>& ids, bool skip_special = false) const;

  std::optional<int32_t> token_to_id(std::string_view token) const;
  std::optional<std::string> id_to_token(int32_t id) const;
  bool is_special(int32_t id) const;
  std::size_t vocab_size() const;  // highest id + 1, added tokens included
  const AddedVocabulary& added_tokens() const { return added_; }

 private:
  Tokenizer();
  void encode_plain(std::string_view text, bool at_start, std::vector<int32_t>& ids) const;

  AddedVocabulary added_;
  std::unique_ptr<Normalizer> normalizer_;
  std::unique_ptr<PreTokenizer> pre_tokenizer_;
  std::unique_ptr<BpeModel> model_;
  std::unique_ptr<Decoder> decoder_;
  std::vector<int32_t> prefix_ids_, suffix_ids_;  // TemplateProcessing around a single sequence
};

// Decodes ids one at a time for streaming: each call returns the text that is
// complete so far, never half a UTF-8 character.
class DecodeStream {
 public:
  explicit DecodeStream(const Tokenizer& tokenizer, bool skip_special = true)
      : tokenizer_(tokenizer), skip_special_(skip_special) {}
  std::string push(int32_t id);
  std::string finish();  // whatever is left, with U+FFFD for an incomplete character

 private:
  const Tokenizer& tokenizer_;
  bool skip_special_;
  std::vector<int32_t> ids_;
  // ids_[prefix_, read_) were already returned; they are decoded again as
  // context, since decoders treat the start of a text specially.
  std::size_t prefix_ = 0, read_ = 0;
};

}  // namespace tunedesk::tok
