#include "tokenizer/regex.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <nlohmann/json.hpp>

#include "tokenizer/tokenizer_error.h"

namespace tunedesk::tok {

struct Regex::Impl {
  pcre2_code* code = nullptr;
  bool jit = false;
};

Regex::Regex(const std::string& pattern) : impl_(std::make_unique<Impl>()) {
  int error = 0;
  PCRE2_SIZE offset = 0;
  impl_->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(), PCRE2_UTF | PCRE2_UCP,
                              &error, &offset, nullptr);
  if (!impl_->code) {
    PCRE2_UCHAR message[256];
    pcre2_get_error_message(error, message, sizeof message);
    throw TokenizerError("cannot compile the regular expression '" + pattern + "' at offset " +
                         std::to_string(offset) + ": " + reinterpret_cast<const char*>(message));
  }
  impl_->jit = pcre2_jit_compile(impl_->code, PCRE2_JIT_COMPLETE) == 0;
}

Regex::~Regex() {
  if (impl_ && impl_->code) pcre2_code_free(impl_->code);
}

std::vector<std::pair<std::size_t, std::size_t>> Regex::find_all(std::string_view text) const {
  std::vector<std::pair<std::size_t, std::size_t>> matches;
  pcre2_match_data* data = pcre2_match_data_create_from_pattern(impl_->code, nullptr);
  std::size_t start = 0;
  while (start <= text.size()) {
    const int rc = impl_->jit ? pcre2_jit_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                                                start, 0, data, nullptr)
                              : pcre2_match(impl_->code, reinterpret_cast<PCRE2_SPTR>(text.data()), text.size(),
                                            start, PCRE2_NO_UTF_CHECK, data, nullptr);
    if (rc < 0) break;  // PCRE2_ERROR_NOMATCH, or an error on input we validated
    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    const std::size_t begin = ovector[0], end = ovector[1];
    if (end > begin) {
      matches.emplace_back(begin, end);
      start = end;
    } else {  // an empty match: step over one character
      start = end + 1;
      while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
    }
  }
  pcre2_match_data_free(data);
  return matches;
}

std::string Regex::escape(std::string_view literal) {
  std::string out;
  for (char c : literal) {
    const bool word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                      static_cast<unsigned char>(c) >= 0x80;
    if (!word) out += '\\';
    out += c;
  }
  return out;
}

Replacement::Replacement(const nlohmann::json& pattern, std::string content) : content_(std::move(content)) {
  if (pattern.contains("String") && pattern["String"].is_string()) literal_ = pattern["String"].get<std::string>();
  else if (pattern.contains("Regex") && pattern["Regex"].is_string()) regex_ = std::make_unique<Regex>(pattern["Regex"].get<std::string>());
  else throw TokenizerError("Replace: \"pattern\" needs a \"String\" or a \"Regex\"");
}

std::string Replacement::apply(std::string_view text) const {
  std::vector<std::pair<std::size_t, std::size_t>> hits;
  if (regex_) {
    hits = regex_->find_all(text);
  } else if (!literal_.empty()) {
    for (std::size_t h = text.find(literal_); h != std::string_view::npos; h = text.find(literal_, h + literal_.size()))
      hits.emplace_back(h, h + literal_.size());
  }
  std::string out;
  out.reserve(text.size());
  std::size_t last = 0;
  for (auto [b, e] : hits) {
    out.append(text.substr(last, b - last));
    out += content_;
    last = e;
  }
  out.append(text.substr(last));
  return out;
}

}  // namespace tunedesk::tok
