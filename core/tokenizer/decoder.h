// Decoders of tokenizer.json: from token strings back to text (ByteLevel,
// ByteFallback, Metaspace, Replace, Fuse, Strip, Sequence).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

class Decoder {
 public:
  virtual ~Decoder() = default;
  // Rewrites the list of token strings; the decoded text is their concatenation.
  virtual void decode(std::vector<std::string>& tokens) const = 0;
};

// null gives nullptr (tokens are then joined with spaces, as Hugging Face does).
std::unique_ptr<Decoder> make_decoder(const nlohmann::json& spec);

}  // namespace tunedesk::tok
