#include "tokenizer/pre_tokenizer.h"

#include <nlohmann/json.hpp>

#include "tokenizer/byte_level.h"
#include "tokenizer/regex.h"
#include "tokenizer/tokenizer_error.h"

namespace tunedesk::tok {
namespace {

using nlohmann::json;

// GPT-2's pattern, which ByteLevel applies when its use_regex is true.
constexpr const char* kGpt2Pattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

enum class Behavior { removed, isolated, merged_with_previous, merged_with_next, contiguous };

Behavior parse_behavior(const std::string& name) {
  if (name == "Removed") return Behavior::removed;
  if (name == "Isolated") return Behavior::isolated;
  if (name == "MergedWithPrevious") return Behavior::merged_with_previous;
  if (name == "MergedWithNext") return Behavior::merged_with_next;
  if (name == "Contiguous") return Behavior::contiguous;
  throw TokenizerError("Split: unknown behavior \"" + name + "\"");
}

// Cuts `piece` at the matches of `regex` and arranges matches and the text
// between them as `behavior` says, as Hugging Face's split does.
void split_piece(const Piece& piece, const Regex& regex, Behavior behavior, bool invert, std::vector<Piece>& out) {
  struct Segment {
    std::size_t begin, end;
    bool is_match;
  };
  std::vector<Segment> segments;
  std::size_t last = 0;
  for (auto [b, e] : regex.find_all(piece.text)) {
    if (b > last) segments.push_back({last, b, invert});
    segments.push_back({b, e, !invert});
    last = e;
  }
  if (last < piece.text.size()) segments.push_back({last, piece.text.size(), invert});

  std::vector<std::pair<std::size_t, std::size_t>> ranges;  // the resulting pieces
  bool previous_was_match = false;
  for (const Segment& s : segments) {
    switch (behavior) {
      case Behavior::removed:
        if (!s.is_match) ranges.emplace_back(s.begin, s.end);
        break;
      case Behavior::isolated:
        ranges.emplace_back(s.begin, s.end);
        break;
      case Behavior::merged_with_previous:
        if (s.is_match && !ranges.empty() && !previous_was_match) ranges.back().second = s.end;
        else ranges.emplace_back(s.begin, s.end);
        break;
      case Behavior::merged_with_next:
        if (!s.is_match && !ranges.empty() && previous_was_match) ranges.back().second = s.end;
        else ranges.emplace_back(s.begin, s.end);
        break;
      case Behavior::contiguous:
        if (s.is_match && previous_was_match && !ranges.empty()) ranges.back().second = s.end;
        else ranges.emplace_back(s.begin, s.end);
        break;
    }
    previous_was_match = s.is_match;
  }
  for (auto [b, e] : ranges)
    if (e > b) out.push_back({piece.text.substr(b, e - b), piece.at_start && b == 0});
}

class SplitPreTokenizer final : public PreTokenizer {
 public:
  SplitPreTokenizer(const std::string& pattern, Behavior behavior, bool invert)
      : regex_(pattern), behavior_(behavior), invert_(invert) {}
  void apply(std::vector<Piece>& pieces) const override {
    std::vector<Piece> out;
    for (const Piece& p : pieces) split_piece(p, regex_, behavior_, invert_, out);
    pieces = std::move(out);
  }

 private:
  Regex regex_;
  Behavior behavior_;
  bool invert_;
};

class ByteLevelPreTokenizer final : public PreTokenizer {
 public:
  ByteLevelPreTokenizer(bool add_prefix_space, bool use_regex) : add_prefix_space_(add_prefix_space) {
    if (use_regex) regex_ = std::make_unique<Regex>(kGpt2Pattern);
  }
  void apply(std::vector<Piece>& pieces) const override {
    std::vector<Piece> split;
    for (Piece& p : pieces) {
      if (add_prefix_space_ && !p.text.starts_with(' ')) p.text.insert(0, " ");
      if (regex_) split_piece(p, *regex_, Behavior::isolated, false, split);
      else split.push_back(std::move(p));
    }
    for (Piece& p : split) {
      std::string mapped;
      bytes_to_chars(p.text, mapped);
      p.text = std::move(mapped);
    }
    pieces = std::move(split);
  }

 private:
  bool add_prefix_space_;
  std::unique_ptr<Regex> regex_;
};

// Spaces become `replacement` ("▁"), which is prepended as the scheme says;
// with `split`, each word (starting at a "▁") becomes its own piece.
class MetaspacePreTokenizer final : public PreTokenizer {
 public:
  MetaspacePreTokenizer(std::string replacement, std::string scheme, bool split)
      : replacement_(std::move(replacement)), scheme_(std::move(scheme)), split_(split) {}
  void apply(std::vector<Piece>& pieces) const override {
    std::vector<Piece> out;
    for (Piece& p : pieces) {
      std::string text;
      for (char c : p.text) {
        if (c == ' ') text += replacement_;
        else text += c;
      }
      const bool prepend = scheme_ == "always" || (scheme_ == "first" && p.at_start);
      if (prepend && !text.starts_with(replacement_)) text.insert(0, replacement_);
      if (!split_) {
        out.push_back({std::move(text), p.at_start});
        continue;
      }
      std::size_t start = 0;
      for (std::size_t hit = text.find(replacement_, 1); hit != std::string::npos;
           hit = text.find(replacement_, hit + replacement_.size())) {
        out.push_back({text.substr(start, hit - start), p.at_start && start == 0});
        start = hit;
      }
      if (start < text.size()) out.push_back({text.substr(start), p.at_start && start == 0});
    }
    pieces = std::move(out);
  }

 private:
  std::string replacement_, scheme_;
  bool split_;
};

class SequencePreTokenizer final : public PreTokenizer {
 public:
  explicit SequencePreTokenizer(std::vector<std::unique_ptr<PreTokenizer>> steps) : steps_(std::move(steps)) {}
  void apply(std::vector<Piece>& pieces) const override {
    for (const auto& step : steps_) step->apply(pieces);
  }

 private:
  std::vector<std::unique_ptr<PreTokenizer>> steps_;
};

std::unique_ptr<PreTokenizer> regex_split(const std::string& pattern, Behavior behavior) {
  return std::make_unique<SplitPreTokenizer>(pattern, behavior, false);
}

}  // namespace

std::unique_ptr<PreTokenizer> make_pre_tokenizer(const json& spec) {
  if (spec.is_null()) return nullptr;
  const std::string type = spec.value("type", "");
  if (type == "Split") {
    const json& pattern = spec.at("pattern");
    const std::string regex = pattern.contains("Regex") ? pattern["Regex"].get<std::string>()
                                                         : Regex::escape(pattern.at("String").get<std::string>());
    return std::make_unique<SplitPreTokenizer>(regex, parse_behavior(spec.value("behavior", "Isolated")),
                                               spec.value("invert", false));
  }
  if (type == "ByteLevel")
    return std::make_unique<ByteLevelPreTokenizer>(spec.value("add_prefix_space", false), spec.value("use_regex", true));
  if (type == "Metaspace") {
    std::string scheme = spec.value("prepend_scheme", "");
    if (scheme.empty()) scheme = spec.value("add_prefix_space", true) ? "always" : "never";
    return std::make_unique<MetaspacePreTokenizer>(spec.value("replacement", "\xE2\x96\x81"), scheme,
                                                   spec.value("split", true));
  }
  if (type == "Whitespace") return regex_split(R"(\w+|[^\w\s]+)", Behavior::isolated);
  if (type == "WhitespaceSplit") return regex_split(R"(\s+)", Behavior::removed);
  if (type == "Digits")
    return regex_split(spec.value("individual_digits", false) ? R"(\p{N})" : R"(\p{N}+)", Behavior::isolated);
  if (type == "Punctuation") return regex_split(R"(\p{P})", parse_behavior(spec.value("behavior", "Isolated")));
  if (type == "Sequence") {
    std::vector<std::unique_ptr<PreTokenizer>> steps;
    for (const json& s : spec.at("pretokenizers"))
      if (auto p = make_pre_tokenizer(s)) steps.push_back(std::move(p));
    return std::make_unique<SequencePreTokenizer>(std::move(steps));
  }
  throw TokenizerError("pre-tokenizer type \"" + type + "\" is not supported (supported: Split, ByteLevel, "
                       "Metaspace, Whitespace, WhitespaceSplit, Digits, Punctuation, Sequence)");
}

}  // namespace tunedesk::tok
