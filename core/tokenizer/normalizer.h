// Normalizers of tokenizer.json: text rewrites applied before splitting
// (NFC, Prepend "▁", Replace " " -> "▁", Lowercase, ...).
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

class Normalizer {
 public:
  virtual ~Normalizer() = default;
  virtual void normalize(std::string& text) const = 0;
};

// Builds the normalizer a tokenizer.json "normalizer" value describes (null
// gives nullptr). Throws TokenizerError for a type this system does not know.
std::unique_ptr<Normalizer> make_normalizer(const nlohmann::json& spec);

// Unicode normal forms (utf8proc), also used by the added-token matching.
enum class NormalForm { nfc, nfd, nfkc, nfkd };
std::string unicode_normalize(const std::string& text, NormalForm form);

}  // namespace tunedesk::tok
