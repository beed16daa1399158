#include "tokenizer/tiktoken.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <unordered_map>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer_error.h"
#include "util/file_io.h"

namespace tunedesk::tok {
namespace {

using nlohmann::json;

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string mapped(const std::string& bytes) {
  std::string out;
  bytes_to_chars(bytes, out);
  return out;
}

}  // namespace

std::string base64_decode(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    if (c == '=') break;
    const int v = base64_value(c);
    if (v < 0) throw TokenizerError("not base64: \"" + std::string(text) + "\"");
    buffer = (buffer << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((buffer >> bits) & 0xFF));
    }
  }
  return out;
}

std::string base64_encode(std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t n = std::min<std::size_t>(3, bytes.size() - i);
    uint32_t group = 0;
    for (std::size_t k = 0; k < 3; ++k)
      group = (group << 8) | (k < n ? static_cast<uint8_t>(bytes[i + k]) : 0u);
    for (std::size_t k = 0; k < 4; ++k) out += k <= n ? kAlphabet[(group >> (18 - 6 * k)) & 63] : '=';
  }
  return out;
}

bool is_tiktoken_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!std::getline(in, line)) return false;
  const auto space = line.find(' ');
  if (space == std::string::npos || space == 0) return false;
  for (std::size_t i = 0; i < space; ++i)
    if (base64_value(line[i]) < 0 && line[i] != '=') return false;
  return line.find_first_not_of("0123456789", space + 1) == std::string::npos && space + 1 < line.size();
}

std::string tiktoken_to_tokenizer_json(const std::filesystem::path& ranks_file, const std::vector<TiktokenSpecial>& specials,
                                       std::string_view pattern, const std::vector<std::string>& prefix) {
  // Ranks: token bytes -> rank.
  std::unordered_map<std::string, int32_t> ranks;
  std::vector<std::string> by_rank;
  {
    const std::string text = util::read_file(ranks_file);
    std::size_t pos = 0, line = 0;
    while (pos < text.size()) {
      std::size_t end = text.find('\n', pos);
      if (end == std::string::npos) end = text.size();
      ++line;
      std::string_view row(text.data() + pos, end - pos);
      pos = end + 1;
      if (!row.empty() && row.back() == '\r') row.remove_suffix(1);
      if (row.empty()) continue;
      const auto space = row.find(' ');
      if (space == std::string_view::npos)
        throw TokenizerError(ranks_file.string() + ":" + std::to_string(line) + ": expected \"base64 rank\"");
      const std::string token = base64_decode(row.substr(0, space));
      const int32_t rank = std::stoi(std::string(row.substr(space + 1)));
      if (rank < 0) throw TokenizerError(ranks_file.string() + ":" + std::to_string(line) + ": negative rank");
      ranks[token] = rank;
      if (static_cast<std::size_t>(rank) >= by_rank.size()) by_rank.resize(static_cast<std::size_t>(rank) + 1);
      by_rank[static_cast<std::size_t>(rank)] = token;
    }
  }
  for (int b = 0; b < 256; ++b)
    if (!ranks.count(std::string(1, static_cast<char>(b))))
      throw TokenizerError(ranks_file.string() + ": byte " + std::to_string(b) + " has no rank; not a byte-level tiktoken file");

  // Every split of a token into two ranked tokens is a merge, ranked by the token.
  struct Merge {
    int32_t result, left, right;
    std::string a, b;
  };
  std::vector<Merge> merges;
  json vocab = json::object();
  for (std::size_t r = 0; r < by_rank.size(); ++r) {
    const std::string& token = by_rank[r];
    if (token.empty()) continue;
    vocab[mapped(token)] = r;
    if (token.size() < 2) continue;
    std::vector<Merge> local;
    for (std::size_t i = 1; i < token.size(); ++i) {
      const auto l = ranks.find(token.substr(0, i)), rr = ranks.find(token.substr(i));
      if (l != ranks.end() && rr != ranks.end() && l->second < static_cast<int32_t>(r) && rr->second < static_cast<int32_t>(r))
        local.push_back({static_cast<int32_t>(r), l->second, rr->second, mapped(token.substr(0, i)), mapped(token.substr(i))});
    }
    std::sort(local.begin(), local.end(),
              [](const Merge& x, const Merge& y) { return std::tie(x.left, x.right) < std::tie(y.left, y.right); });
    merges.insert(merges.end(), local.begin(), local.end());
  }
  json merge_list = json::array();
  for (const Merge& m : merges) merge_list.push_back({m.a, m.b});

  json added = json::array();
  std::map<std::string, int32_t> special_ids;
  const std::vector<TiktokenSpecial> chosen = specials.empty() ? glm4_specials(static_cast<int32_t>(by_rank.size())) : specials;
  for (const TiktokenSpecial& s : chosen) {
    special_ids[s.content] = s.id;
    added.push_back({{"id", s.id}, {"content", s.content}, {"single_word", false}, {"lstrip", false},
                     {"rstrip", false}, {"normalized", false}, {"special", true}});
  }
  json post = nullptr;
  if (!prefix.empty()) {
    json single = json::array(), special_tokens = json::object();
    for (const std::string& p : prefix) {
      if (!special_ids.count(p)) throw TokenizerError("prefix token " + p + " is not a special token");
      single.push_back({{"SpecialToken", {{"id", p}, {"type_id", 0}}}});
      special_tokens[p] = {{"id", p}, {"ids", {special_ids[p]}}, {"tokens", {p}}};
    }
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    post = {{"type", "TemplateProcessing"}, {"single", single}, {"pair", single}, {"special_tokens", special_tokens}};
  }
  const json tokenizer = {
      {"version", "1.0"},
      {"added_tokens", added},
      {"normalizer", nullptr},
      {"pre_tokenizer",
       {{"type", "Sequence"},
        {"pretokenizers",
         {{{"type", "Split"}, {"pattern", {{"Regex", std::string(pattern)}}}, {"behavior", "Isolated"}, {"invert", false}},
          {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}}}}}},
      {"post_processor", post},
      {"decoder", {{"type", "ByteLevel"}}},
      {"model",
       {{"type", "BPE"}, {"unk_token", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", true},
        {"vocab", vocab}, {"merges", merge_list}}}};
  return tokenizer.dump();
}

namespace {

// tokenizer_config.json's added_tokens_decoder as tiktoken specials; empty
// when the folder lists none.
std::vector<TiktokenSpecial> listed_specials(const std::filesystem::path& dir) {
  std::error_code ec;
  if (!std::filesystem::exists(dir / "tokenizer_config.json", ec)) return {};
  const json config = json::parse(util::read_file(dir / "tokenizer_config.json"), nullptr, false);
  std::vector<TiktokenSpecial> out;
  if (!config.is_object() || !config.contains("added_tokens_decoder") || !config["added_tokens_decoder"].is_object()) return out;
  for (const auto& [id, token] : config["added_tokens_decoder"].items()) {
    if (!token.contains("content") || !token["content"].is_string()) continue;
    int32_t number = -1;
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), number);
    if (error != std::errc() || end != id.data() + id.size() || number < 0)
      throw TokenizerError((dir / "tokenizer_config.json").string() + ": added_tokens_decoder key \"" + id + "\" is not a token id");
    out.push_back({token["content"].get<std::string>(), number});
  }
  return out;
}

}  // namespace

std::optional<std::string> folder_tiktoken_json(const std::filesystem::path& dir) {
  std::error_code ec;
  if (std::filesystem::exists(dir / "tokenizer.json", ec) || !is_tiktoken_file(dir / "tokenizer.model")) return std::nullopt;
  const std::vector<TiktokenSpecial> specials = listed_specials(dir);
  const bool glm = specials.empty() ||
                   std::any_of(specials.begin(), specials.end(), [](const TiktokenSpecial& s) { return s.content == "[gMASK]"; });
  const std::vector<std::string> prefix = glm ? std::vector<std::string>{"[gMASK]", "<sop>"} : std::vector<std::string>{};
  return tiktoken_to_tokenizer_json(dir / "tokenizer.model", specials, glm4_split_pattern(), prefix);
}

std::string_view glm4_split_pattern() {
  return R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
}

std::vector<TiktokenSpecial> glm4_specials(int32_t ranks) {
  static const char* kNames[] = {"<|endoftext|>", "[MASK]",       "[gMASK]",          "[sMASK]",
                                 "<sop>",         "<eop>",        "<|system|>",       "<|user|>",
                                 "<|assistant|>", "<|observation|>", "<|begin_of_image|>", "<|end_of_image|>",
                                 "<|begin_of_video|>", "<|end_of_video|>"};
  std::vector<TiktokenSpecial> out;
  for (const char* name : kNames) out.push_back({name, ranks + static_cast<int32_t>(out.size())});
  return out;
}

}  // namespace tunedesk::tok
