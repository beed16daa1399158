#include "tokenizer/added_tokens.h"

#include "util/utf8.h"

namespace tunedesk::tok {
namespace {

bool is_word_char(std::string_view text, std::size_t pos, bool before) {
  // The character just before `pos` (before = true) or at `pos`.
  if (before) {
    if (pos == 0) return false;
    std::size_t start = pos - 1;
    while (start > 0 && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    pos = start;
  } else if (pos >= text.size()) {
    return false;
  }
  std::size_t len = 0;
  const int32_t cp = utf8::decode(text, pos, len);
  if (cp < 0x80) return (cp >= '0' && cp <= '9') || (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || cp == '_';
  return !utf8::is_space(static_cast<char32_t>(cp));
}

std::size_t skip_space_left(std::string_view text, std::size_t pos, std::size_t floor) {
  while (pos > floor) {
    std::size_t start = pos - 1;
    while (start > floor && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) --start;
    std::size_t len = 0;
    const int32_t cp = utf8::decode(text, start, len);
    if (cp < 0 || !utf8::is_space(static_cast<char32_t>(cp))) break;
    pos = start;
  }
  return pos;
}

std::size_t skip_space_right(std::string_view text, std::size_t pos) {
  while (pos < text.size()) {
    std::size_t len = 0;
    const int32_t cp = utf8::decode(text, pos, len);
    if (cp < 0 || !utf8::is_space(static_cast<char32_t>(cp))) break;
    pos += len;
  }
  return pos;
}

}  // namespace

void AddedVocabulary::add(AddedToken token) {
  if (!token.content.empty()) first_byte_[static_cast<unsigned char>(token.content[0])] = true;
  by_id_[token.id] = tokens_.size();
  by_content_[token.content] = tokens_.size();
  tokens_.push_back(std::move(token));
}

const AddedToken* AddedVocabulary::find(int32_t id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : &tokens_[it->second];
}

const AddedToken* AddedVocabulary::find(std::string_view content) const {
  auto it = by_content_.find(std::string(content));
  return it == by_content_.end() ? nullptr : &tokens_[it->second];
}

std::vector<Segment> AddedVocabulary::split(std::string_view text, bool include_special, bool normalized) const {
  std::vector<Segment> out;
  std::size_t plain_start = 0;  // start of the text not yet emitted
  std::size_t pos = 0;
  while (pos < text.size()) {
    if (!first_byte_[static_cast<unsigned char>(text[pos])]) {
      ++pos;
      continue;
    }
    // Leftmost-longest: at each position, the longest token that matches.
    const AddedToken* best = nullptr;
    for (const AddedToken& t : tokens_) {
      if (t.normalized != normalized || (t.special && !include_special) || t.content.empty()) continue;
      if (best && t.content.size() <= best->content.size()) continue;
      if (text.compare(pos, t.content.size(), t.content) != 0) continue;
      if (t.single_word && (is_word_char(text, pos, true) || is_word_char(text, pos + t.content.size(), false)))
        continue;
      best = &t;
    }
    if (!best) {
      ++pos;
      continue;
    }
    const std::size_t begin = best->lstrip ? skip_space_left(text, pos, plain_start) : pos;
    const std::size_t end = best->rstrip ? skip_space_right(text, pos + best->content.size())
                                         : pos + best->content.size();
    if (begin > plain_start) out.push_back({text.substr(plain_start, begin - plain_start), -1});
    out.push_back({{}, best->id});
    plain_start = pos = end;
  }
  if (plain_start < text.size()) out.push_back({text.substr(plain_start), -1});
  return out;
}

}  // namespace tunedesk::tok
