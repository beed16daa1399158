#include "tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>

#include "tokenizer/bpe_model.h"
#include "tokenizer/decoder.h"
#include "tokenizer/normalizer.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/tiktoken.h"
#include "tokenizer/tokenizer_error.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::tok {
namespace {

using nlohmann::json;

// The ids a post-processor puts before and after a single sequence. Only
// TemplateProcessing adds ids; ByteLevel and friends only adjust offsets.
void template_ids(const json& spec, std::vector<int32_t>& prefix, std::vector<int32_t>& suffix) {
  if (spec.is_null()) return;
  const std::string type = spec.value("type", "");
  if (type == "Sequence") {
    for (const json& p : spec.at("processors")) template_ids(p, prefix, suffix);
    return;
  }
  if (type != "TemplateProcessing") return;
  bool after_sequence = false;
  for (const json& item : spec.at("single")) {
    if (item.contains("Sequence")) {
      after_sequence = true;
      continue;
    }
    const std::string name = item.at("SpecialToken").at("id").get<std::string>();
    const json& special = spec.at("special_tokens").at(name);
    for (const json& id : special.at("ids")) (after_sequence ? suffix : prefix).push_back(id.get<int32_t>());
  }
}

}  // namespace

Tokenizer::Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::load(const std::filesystem::path& path) {
  std::filesystem::path file = path;
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    file = path / "tokenizer.json";
    if (const std::optional<std::string> converted = folder_tiktoken_json(path))
      return from_json(*converted, (path / "tokenizer.model").string());
  }
  return from_json(util::read_file(file), file.string());
}

Tokenizer Tokenizer::from_json(std::string_view json_text, const std::string& source_name) {
  json spec;
  try {
    spec = json::parse(json_text);
  } catch (const json::exception& e) {
    throw TokenizerError(source_name + ": not valid JSON: " + utf8::sanitized(e.what()));
  }
  Tokenizer t;
  try {
    t.model_ = std::make_unique<BpeModel>(spec.at("model"));
    if (spec.contains("added_tokens")) {
      for (const json& a : spec["added_tokens"]) {
        AddedToken token{a.at("id").get<int32_t>(), a.at("content").get<std::string>(), a.value("special", false),
                         a.value("lstrip", false),  a.value("rstrip", false),              a.value("single_word", false),
                         a.value("normalized", false)};
        t.model_->add_token(token.content, token.id);
        t.added_.add(std::move(token));
      }
    }
    t.normalizer_ = make_normalizer(spec.value("normalizer", json()));
    t.pre_tokenizer_ = make_pre_tokenizer(spec.value("pre_tokenizer", json()));
    t.decoder_ = make_decoder(spec.value("decoder", json()));
    template_ids(spec.value("post_processor", json()), t.prefix_ids_, t.suffix_ids_);
  } catch (const json::exception& e) {
    throw TokenizerError(source_name + ": " + utf8::sanitized(e.what()));
  } catch (const TokenizerError& e) {
    throw TokenizerError(source_name + ": " + e.what());
  }
  return t;
}

void Tokenizer::encode_plain(std::string_view text, bool at_start, std::vector<int32_t>& ids) const {
  std::string normalized(text);
  if (normalizer_) normalizer_->normalize(normalized);
  // Tokens marked "normalized" are looked for after normalization.
  for (const Segment& segment : added_.split(normalized, /*include_special=*/true, /*normalized=*/true)) {
    if (segment.token_id >= 0) {
      ids.push_back(segment.token_id);
      continue;
    }
    std::vector<Piece> pieces{{std::string(segment.text), at_start && segment.text.data() == normalized.data()}};
    if (pre_tokenizer_) pre_tokenizer_->apply(pieces);
    for (const Piece& p : pieces) model_->tokenize(p.text, ids);
  }
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, const EncodeOptions& options) const {
  // Everything below assumes valid UTF-8.
  std::string sanitized;
  if (utf8::count_invalid(text) != 0) {
    sanitized = utf8::sanitized(text);
    text = sanitized;
  }
  std::vector<int32_t> ids;
  if (options.add_special_tokens) ids = prefix_ids_;
  for (const Segment& segment : added_.split(text, options.parse_special, /*normalized=*/false)) {
    if (segment.token_id >= 0) ids.push_back(segment.token_id);
    else encode_plain(segment.text, segment.text.data() == text.data(), ids);
  }
  if (options.add_special_tokens) ids.insert(ids.end(), suffix_ids_.begin(), suffix_ids_.end());
  return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skip_special) const {
  std::vector<std::string> tokens;
  tokens.reserve(ids.size());
  for (int32_t id : ids) {
    if (skip_special && is_special(id)) continue;
    if (auto t = id_to_token(id)) tokens.push_back(std::move(*t));
  }
  if (!decoder_) {
    std::string joined;
    for (std::size_t i = 0; i < tokens.size(); ++i) joined += (i ? " " : "") + tokens[i];
    return joined;
  }
  decoder_->decode(tokens);
  std::string text;
  for (const std::string& t : tokens) text += t;
  return text;
}

std::optional<int32_t> Tokenizer::token_to_id(std::string_view token) const {
  if (const AddedToken* a = added_.find(token)) return a->id;
  return model_->token_to_id(token);
}

std::optional<std::string> Tokenizer::id_to_token(int32_t id) const {
  if (const AddedToken* a = added_.find(id)) return a->content;
  if (const std::string* t = model_->id_to_token(id)) return *t;
  return std::nullopt;
}

bool Tokenizer::is_special(int32_t id) const {
  const AddedToken* a = added_.find(id);
  return a && a->special;
}

std::size_t Tokenizer::vocab_size() const {
  std::size_t n = model_->vocab_size();
  for (const AddedToken& a : added_.tokens()) n = std::max(n, static_cast<std::size_t>(a.id) + 1);
  return n;
}

std::string DecodeStream::push(int32_t id) {
  ids_.push_back(id);
  const std::vector<int32_t> context(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_),
                                     ids_.begin() + static_cast<std::ptrdiff_t>(read_));
  const std::vector<int32_t> all(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_), ids_.end());
  const std::string before = tokenizer_.decode(context, skip_special_);
  const std::string after = tokenizer_.decode(all, skip_special_);
  // A trailing U+FFFD may be a character whose other bytes are in the next token.
  if (after.size() <= before.size() || after.ends_with(utf8::kReplacementChar)) return {};
  prefix_ = read_;
  read_ = ids_.size();
  return after.substr(before.size());
}

std::string DecodeStream::finish() {
  const std::vector<int32_t> context(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_),
                                     ids_.begin() + static_cast<std::ptrdiff_t>(read_));
  const std::vector<int32_t> all(ids_.begin() + static_cast<std::ptrdiff_t>(prefix_), ids_.end());
  const std::string before = tokenizer_.decode(context, skip_special_);
  const std::string after = tokenizer_.decode(all, skip_special_);
  prefix_ = read_ = ids_.size();
  return after.size() > before.size() ? after.substr(before.size()) : std::string();
}

}  // namespace tunedesk::tok
