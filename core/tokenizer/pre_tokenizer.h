// Pre-tokenizers of tokenizer.json: they cut normalized text into pieces that
// the model (BPE) tokenizes one by one, and may rewrite them (ByteLevel maps
// bytes to characters, Metaspace turns spaces into "▁").
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tunedesk::tok {

struct Piece {
  std::string text;
  bool at_start = false;  // starts at the very beginning of the input (Metaspace's "first")
};

class PreTokenizer {
 public:
  virtual ~PreTokenizer() = default;
  // Replaces `pieces` with their split (and rewritten) pieces, in order.
  virtual void apply(std::vector<Piece>& pieces) const = 0;
};

// null gives nullptr. Throws TokenizerError for an unknown type.
std::unique_ptr<PreTokenizer> make_pre_tokenizer(const nlohmann::json& spec);

}  // namespace tunedesk::tok
