#include "tokenizer/bpe_model.h"

#include <cstdio>
#include <nlohmann/json.hpp>
#include <queue>

#include "tokenizer/tokenizer_error.h"
#include "util/utf8.h"

namespace tunedesk::tok {

using nlohmann::json;

BpeModel::BpeModel(const json& spec) {
  if (spec.value("type", "BPE") != "BPE")
    throw TokenizerError("model type \"" + spec.value("type", "") + "\" is not supported (only BPE)");
  const json& vocab = spec.at("vocab");
  vocab_.reserve(vocab.size());
  for (auto it = vocab.begin(); it != vocab.end(); ++it) {
    const int32_t id = it.value().get<int32_t>();
    if (id < 0) throw TokenizerError("vocab: negative id for \"" + it.key() + "\"");
    vocab_.emplace(it.key(), id);
    if (static_cast<std::size_t>(id) >= id_to_token_.size()) id_to_token_.resize(static_cast<std::size_t>(id) + 1);
    id_to_token_[static_cast<std::size_t>(id)] = it.key();
  }

  const auto string_or_empty = [&](const char* key) {
    return spec.contains(key) && spec[key].is_string() ? spec[key].get<std::string>() : std::string();
  };
  continuing_subword_prefix_ = string_or_empty("continuing_subword_prefix");
  end_of_word_suffix_ = string_or_empty("end_of_word_suffix");
  byte_fallback_ = spec.value("byte_fallback", false);
  fuse_unk_ = spec.value("fuse_unk", false);
  ignore_merges_ = spec.value("ignore_merges", false);
  if (const std::string unk = string_or_empty("unk_token"); !unk.empty()) {
    auto it = vocab_.find(unk);
    if (it == vocab_.end()) throw TokenizerError("unk_token \"" + unk + "\" is not in the vocabulary");
    unk_id_ = it->second;
  }
  for (int b = 0; b < 256; ++b) {
    char name[8];
    std::snprintf(name, sizeof name, "<0x%02X>", b);
    auto it = vocab_.find(name);
    byte_tokens_[b] = it == vocab_.end() ? -1 : it->second;
  }

  // Merges come as "a b" strings (older files) or ["a", "b"] pairs (newer).
  const json& merges = spec.at("merges");
  merges_.reserve(merges.size());
  int32_t rank = 0;
  for (const json& m : merges) {
    std::string left, right;
    if (m.is_string()) {
      const std::string& s = m.get_ref<const std::string&>();
      const auto space = s.find(' ', 1);  // a merge of " " itself would start with a space
      if (space == std::string::npos) throw TokenizerError("merge " + std::to_string(rank) + " \"" + s + "\" has no space");
      left = s.substr(0, space);
      right = s.substr(space + 1);
    } else if (m.is_array() && m.size() == 2) {
      left = m[0].get<std::string>();
      right = m[1].get<std::string>();
    } else {
      throw TokenizerError("merge " + std::to_string(rank) + " is neither \"a b\" nor [\"a\", \"b\"]");
    }
    std::string merged = left + right.substr(right.starts_with(continuing_subword_prefix_) && !continuing_subword_prefix_.empty()
                                                 ? continuing_subword_prefix_.size() : 0);
    const auto a = vocab_.find(left), b = vocab_.find(right), c = vocab_.find(merged);
    if (a == vocab_.end() || b == vocab_.end() || c == vocab_.end())
      throw TokenizerError("merge " + std::to_string(rank) + " (\"" + left + "\", \"" + right +
                           "\") uses a token that is not in the vocabulary");
    merges_.emplace(pair_key(a->second, b->second), Merge{rank, c->second});
    ++rank;
  }
}

void BpeModel::add_token(const std::string& token, int32_t id) {
  if (static_cast<std::size_t>(id) >= id_to_token_.size()) id_to_token_.resize(static_cast<std::size_t>(id) + 1);
  if (id_to_token_[static_cast<std::size_t>(id)].empty()) id_to_token_[static_cast<std::size_t>(id)] = token;
}

std::optional<int32_t> BpeModel::token_to_id(std::string_view token) const {
  auto it = vocab_.find(std::string(token));
  if (it == vocab_.end()) return std::nullopt;
  return it->second;
}

const std::string* BpeModel::id_to_token(int32_t id) const {
  if (id < 0 || static_cast<std::size_t>(id) >= id_to_token_.size()) return nullptr;
  const std::string& t = id_to_token_[static_cast<std::size_t>(id)];
  return t.empty() ? nullptr : &t;
}

bool BpeModel::has_byte_tokens(std::string_view bytes) const {
  for (unsigned char b : bytes)
    if (byte_tokens_[b] < 0) return false;
  return true;
}

// One symbol per character; a character missing from the vocabulary becomes
// its UTF-8 bytes (<0xE4>...) with byte fallback, else the unknown token.
void BpeModel::initial_symbols(std::string_view piece, std::vector<int32_t>& symbols) const {
  std::size_t i = 0;
  bool previous_unk = false;
  std::string key;
  while (i < piece.size()) {
    std::size_t len = 0;
    utf8::decode(piece, i, len);
    key.assign(piece.substr(i, len));
    if (!continuing_subword_prefix_.empty() && i > 0) key.insert(0, continuing_subword_prefix_);
    if (!end_of_word_suffix_.empty() && i + len == piece.size()) key += end_of_word_suffix_;
    if (auto it = vocab_.find(key); it != vocab_.end()) {
      symbols.push_back(it->second);
      previous_unk = false;
    } else if (byte_fallback_ && has_byte_tokens(piece.substr(i, len))) {
      for (std::size_t k = 0; k < len; ++k) symbols.push_back(byte_tokens_[static_cast<unsigned char>(piece[i + k])]);
      previous_unk = false;
    } else if (unk_id_) {
      if (!(fuse_unk_ && previous_unk)) symbols.push_back(*unk_id_);
      previous_unk = true;
    } else {
      throw TokenizerError("the character \"" + key + "\" is not in the vocabulary and there is no unk_token");
    }
    i += len;
  }
}

// Applies merges lowest rank first (leftmost first among equal ranks), with a
// heap of candidate pairs over a linked list of symbols.
void BpeModel::merge_word(std::vector<int32_t>& symbols) const {
  const std::size_t n = symbols.size();
  if (n < 2) return;
  std::vector<int32_t> prev(n), next(n);
  for (std::size_t i = 0; i < n; ++i) {
    prev[i] = static_cast<int32_t>(i) - 1;
    next[i] = i + 1 < n ? static_cast<int32_t>(i + 1) : -1;
  }
  struct Candidate {
    int32_t rank, pos, left_id, right_id, result;
    bool operator>(const Candidate& o) const { return rank != o.rank ? rank > o.rank : pos > o.pos; }
  };
  std::priority_queue<Candidate, std::vector<Candidate>, std::greater<>> heap;
  const auto push = [&](int32_t pos) {
    if (pos < 0 || next[pos] < 0) return;
    auto it = merges_.find(pair_key(symbols[pos], symbols[next[pos]]));
    if (it != merges_.end()) heap.push({it->second.rank, pos, symbols[pos], symbols[next[pos]], it->second.result});
  };
  for (std::size_t i = 0; i + 1 < n; ++i) push(static_cast<int32_t>(i));

  std::vector<bool> removed(n, false);
  while (!heap.empty()) {
    const Candidate c = heap.top();
    heap.pop();
    // Stale when either symbol has been merged away or changed since the push.
    if (removed[c.pos] || next[c.pos] < 0 || symbols[c.pos] != c.left_id || symbols[next[c.pos]] != c.right_id)
      continue;
    const int32_t right = next[c.pos];
    symbols[c.pos] = c.result;
    removed[right] = true;
    next[c.pos] = next[right];
    if (next[right] >= 0) prev[next[right]] = c.pos;
    push(prev[c.pos]);
    push(c.pos);
  }
  std::size_t out = 0;
  for (int32_t i = 0; i >= 0; i = next[i]) symbols[out++] = symbols[i];
  symbols.resize(out);
}

void BpeModel::tokenize(std::string_view piece, std::vector<int32_t>& ids) const {
  if (piece.empty()) return;
  if (ignore_merges_) {
    if (auto it = vocab_.find(std::string(piece)); it != vocab_.end()) {
      ids.push_back(it->second);
      return;
    }
  }
  std::string key(piece);
  {
    std::lock_guard lock(cache_mutex_);
    if (auto it = cache_.find(key); it != cache_.end()) {
      ids.insert(ids.end(), it->second.begin(), it->second.end());
      return;
    }
  }
  std::vector<int32_t> symbols;
  initial_symbols(piece, symbols);
  merge_word(symbols);
  ids.insert(ids.end(), symbols.begin(), symbols.end());
  std::lock_guard lock(cache_mutex_);
  if (cache_.size() >= kCacheLimit) cache_.clear();
  cache_.emplace(std::move(key), std::move(symbols));
}

}  // namespace tunedesk::tok
