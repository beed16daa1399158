// The regular expressions of tokenizer.json (pre-tokenizer splits, Replace
// normalizers), compiled with PCRE2 in UTF mode with Unicode properties, so
// that \p{L}, \p{N} and \s mean what they mean in the Hugging Face
// implementation.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

class Regex {
 public:
  // Throws TokenizerError naming the pattern when it does not compile.
  explicit Regex(const std::string& pattern);
  ~Regex();
  Regex(const Regex&) = delete;
  Regex& operator=(const Regex&) = delete;

  // Byte ranges [begin, end) of the non-overlapping matches, left to right.
  // `text` must be valid UTF-8.
  std::vector<std::pair<std::size_t, std::size_t>> find_all(std::string_view text) const;

  // A pattern that matches `literal` exactly.
  static std::string escape(std::string_view literal);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A tokenizer.json "pattern" ({"String": ...} or {"Regex": ...}) and the text
// that replaces each of its matches (Replace normalizers and decoders).
class Replacement {
 public:
  Replacement(const nlohmann::json& pattern, std::string content);  // throws TokenizerError
  std::string apply(std::string_view text) const;

 private:
  std::string literal_;
  std::unique_ptr<Regex> regex_;
  std::string content_;
};

}  // namespace tunedesk::tok
