#include "tokenizer/decoder.h"

#include <nlohmann/json.hpp>

#include "tokenizer/byte_level.h"
#include "tokenizer/regex.h"
#include "tokenizer/tokenizer_error.h"
#include "util/utf8.h"

namespace tunedesk::tok {
namespace {

using nlohmann::json;

// Byte-level tokens back to bytes; a token with a character outside the byte
// map (an added token such as <|im_start|>) keeps its own UTF-8 bytes. The
// result is one string, with U+FFFD for bytes that are not valid UTF-8.
class ByteLevelDecoder final : public Decoder {
 public:
  void decode(std::vector<std::string>& tokens) const override {
    std::string bytes;
    for (const std::string& t : tokens) {
      const std::size_t mark = bytes.size();
      bool mapped = true;
      for (std::size_t i = 0; i < t.size() && mapped;) {
        std::size_t len = 0;
        const int32_t cp = utf8::decode(t, i, len);
        const int b = cp < 0 ? -1 : char_to_byte(static_cast<char32_t>(cp));
        if (b < 0) mapped = false;
        else bytes.push_back(static_cast<char>(b));
        i += len;
      }
      if (!mapped) {
        bytes.resize(mark);
        bytes += t;
      }
    }
    tokens.assign(1, utf8::sanitized(bytes));
  }
};

// Runs of <0xXX> tokens become the bytes they stand for; a run that is not
// valid UTF-8 becomes one U+FFFD per byte.
class ByteFallbackDecoder final : public Decoder {
 public:
  void decode(std::vector<std::string>& tokens) const override {
    std::vector<std::string> out;
    std::string run;
    const auto flush = [&] {
      if (run.empty()) return;
      if (utf8::count_invalid(run) == 0) {
        out.push_back(run);
      } else {
        std::string replaced;
        for (std::size_t i = 0; i < run.size(); ++i) replaced += utf8::kReplacementChar;
        out.push_back(replaced);
      }
      run.clear();
    };
    for (std::string& t : tokens) {
      if (t.size() == 6 && t.starts_with("<0x") && t.back() == '>') {
        run.push_back(static_cast<char>(std::stoi(t.substr(3, 2), nullptr, 16)));
        continue;
      }
      flush();
      out.push_back(std::move(t));
    }
    flush();
    tokens = std::move(out);
  }
};

class FuseDecoder final : public Decoder {
 public:
  void decode(std::vector<std::string>& tokens) const override {
    std::string all;
    for (const std::string& t : tokens) all += t;
    tokens.assign(1, all);
  }
};

class ReplaceDecoder final : public Decoder {
 public:
  ReplaceDecoder(const json& pattern, std::string content) : replacement_(pattern, std::move(content)) {}
  void decode(std::vector<std::string>& tokens) const override {
    for (std::string& t : tokens) t = replacement_.apply(t);
  }

 private:
  Replacement replacement_;
};

// Removes up to `start` leading and `stop` trailing copies of `content` from each token.
class StripDecoder final : public Decoder {
 public:
  StripDecoder(std::string content, std::size_t start, std::size_t stop)
      : content_(std::move(content)), start_(start), stop_(stop) {}
  void decode(std::vector<std::string>& tokens) const override {
    if (content_.empty()) return;
    for (std::string& t : tokens) {
      std::size_t begin = 0, end = t.size();
      for (std::size_t k = 0; k < start_ && t.compare(begin, content_.size(), content_) == 0; ++k)
        begin += content_.size();
      for (std::size_t k = 0; k < stop_ && end >= begin + content_.size() &&
                              t.compare(end - content_.size(), content_.size(), content_) == 0;
           ++k)
        end -= content_.size();
      t = t.substr(begin, end - begin);
    }
  }

 private:
  std::string content_;
  std::size_t start_, stop_;
};

class MetaspaceDecoder final : public Decoder {
 public:
  MetaspaceDecoder(std::string replacement, bool strip_first_space)
      : replacement_(std::move(replacement)), strip_first_space_(strip_first_space) {}
  void decode(std::vector<std::string>& tokens) const override {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
      std::string out;
      const std::string& t = tokens[i];
      for (std::size_t p = 0; p < t.size();) {
        if (t.compare(p, replacement_.size(), replacement_) == 0) {
          if (!(i == 0 && p == 0 && strip_first_space_)) out += ' ';
          p += replacement_.size();
        } else {
          out += t[p++];
        }
      }
      tokens[i] = std::move(out);
    }
  }

 private:
  std::string replacement_;
  bool strip_first_space_;
};

class SequenceDecoder final : public Decoder {
 public:
  explicit SequenceDecoder(std::vector<std::unique_ptr<Decoder>> steps) : steps_(std::move(steps)) {}
  void decode(std::vector<std::string>& tokens) const override {
    for (const auto& step : steps_) step->decode(tokens);
  }

 private:
  std::vector<std::unique_ptr<Decoder>> steps_;
};

}  // namespace

std::unique_ptr<Decoder> make_decoder(const json& spec) {
  if (spec.is_null()) return nullptr;
  const std::string type = spec.value("type", "");
  if (type == "ByteLevel") return std::make_unique<ByteLevelDecoder>();
  if (type == "ByteFallback") return std::make_unique<ByteFallbackDecoder>();
  if (type == "Fuse") return std::make_unique<FuseDecoder>();
  if (type == "Replace") return std::make_unique<ReplaceDecoder>(spec.at("pattern"), spec.at("content").get<std::string>());
  if (type == "Strip")
    return std::make_unique<StripDecoder>(spec.value("content", " "), spec.value("start", std::size_t{0}),
                                          spec.value("stop", std::size_t{0}));
  if (type == "Metaspace") {
    std::string scheme = spec.value("prepend_scheme", "");
    if (scheme.empty()) scheme = spec.value("add_prefix_space", true) ? "always" : "never";
    return std::make_unique<MetaspaceDecoder>(spec.value("replacement", "\xE2\x96\x81"), scheme != "never");
  }
  if (type == "Sequence") {
    std::vector<std::unique_ptr<Decoder>> steps;
    for (const json& d : spec.at("decoders"))
      if (auto s = make_decoder(d)) steps.push_back(std::move(s));
    return std::make_unique<SequenceDecoder>(std::move(steps));
  }
  throw TokenizerError("decoder type \"" + type + "\" is not supported (supported: ByteLevel, ByteFallback, Fuse, "
                       "Replace, Strip, Metaspace, Sequence)");
}

}  // namespace tunedesk::tok
