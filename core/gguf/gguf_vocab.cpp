#include "gguf/gguf_vocab.h"

#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <optional>

#include "tokenizer/tiktoken.h"
#include "util/file_io.h"
#include "util/utf8.h"

namespace tunedesk::gguf {
namespace {

using nlohmann::json;

// Pre-tokenizers llama.cpp implements, by the split pattern a tokenizer.json
// gives them (llama.cpp's llama-vocab.cpp holds the same patterns under
// these names) and the model's ignore_merges flag, which llama.cpp sets by
// name too: Llama 3's BPE looks a whole pre-token up before merging.
struct KnownPreTokenizer {
  const char* name;
  const char* split_regex;  // nullptr: GPT-2's ByteLevel(use_regex = true)
  bool ignore_merges;
};
constexpr KnownPreTokenizer kPreTokenizers[] = {
    {"qwen2",
     R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
     false},
    {"llama-bpe",
     R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
     true},
    {"gpt-2", nullptr, false},
};

json read_json_file(const std::filesystem::path& path) {
  try {
    return json::parse(util::read_file(path));
  } catch (const json::exception& e) {
    throw GgufError(path.string() + ": not valid JSON: " + utf8::sanitized(e.what()));
  }
}

// A token's text where tokenizer_config.json gives it as a string or an AddedToken object.
std::optional<std::string> token_text(const json& entry) {
  if (entry.is_string()) return entry.get<std::string>();
  if (entry.is_object() && entry.contains("content") && entry["content"].is_string()) return entry["content"].get<std::string>();
  return std::nullopt;
}

// What the converter calls "looks special": tokens such as <|im_start|>.
bool looks_special(const std::string& t) {
  const auto wrapped = [&](std::string_view open, std::string_view close) {
    return t.size() >= open.size() + close.size() && t.starts_with(open) && t.ends_with(close);
  };
  return t == "<pad>" || t == "<mask>" || t == "<2mass>" || t == "[@BOS@]" || wrapped("<|", "|>") ||
         wrapped("<\xef\xbd\x9c", "\xef\xbd\x9c>") || wrapped("<unused", ">");
}

// BOS/EOS/SEP added by the post-processor, as llama.cpp's converter reads
// it (ByteLevel adds nothing; TemplateProcessing adds its leading and
// trailing special tokens).
struct AddedSpecials {
  std::optional<bool> bos, eos, sep;
};
AddedSpecials read_post_processor(const json& tokenizer, json& config) {
  AddedSpecials added;
  if (!tokenizer.contains("post_processor") || !tokenizer["post_processor"].is_object()) return added;
  const json& post = tokenizer["post_processor"];
  const json processors = post.contains("processors") ? post["processors"] : json::array({post});
  const auto special_of = [](const json& item) -> std::optional<std::string> {
    if (item.contains("SpecialToken") && item["SpecialToken"].contains("id")) return item["SpecialToken"]["id"].get<std::string>();
    return std::nullopt;
  };
  const auto sequence_of = [](const json& item) -> std::string {
    return item.contains("Sequence") && item["Sequence"].contains("id") ? item["Sequence"]["id"].get<std::string>() : "";
  };
  for (const json& p : processors) {
    const std::string type = p.value("type", "");
    const std::optional<std::string> bos = token_text(config.value("bos_token", json())), eos = token_text(config.value("eos_token", json())),
                                     sep = token_text(config.value("sep_token", json()));
    if (type == "ByteLevel") {
      if (!added.bos) added.bos = false;
      if (!added.eos) added.eos = false;
    } else if (type == "TemplateProcessing") {
      const json single = p.value("single", json::array()), pair = p.value("pair", json::array());
      std::optional<std::string> first, last;
      if (single.size() > 1) {
        first = special_of(single.front());
        if (first) added.bos = bos && *first == *bos;
        last = special_of(single.back());
        if (last) added.eos = eos && *last == *eos;
      }
      // A [sep] B: whether a separator goes between a pair's sequences.
      if (pair.is_array() && !pair.empty()) {
        std::size_t from = first && special_of(pair.front()) == first ? 1 : 0;
        std::size_t to = last && special_of(pair.back()) == last ? pair.size() - 1 : pair.size();
        if (to > from + 1 && sequence_of(pair[from]) == "A" && sequence_of(pair[to - 1]) == "B" && to - from > 2) {
          bool add_sep = false;
          const auto is_separator = [&](const std::optional<std::string>& s) { return s && ((sep && *s == *sep) || (eos && *s == *eos)); };
          if (is_separator(special_of(pair[from + 1])) && !last) add_sep = true;
          if (to - from == 4 && is_separator(special_of(pair[from + 2]))) add_sep = true;
          added.sep = add_sep;
        }
      }
    }
  }
  return added;
}

// SentencePiece's BPE as tokenizer.json writes it for Llama 2 and Mistral:
// byte fallback, the text normalised to "▁"-joined words with one "▁" in
// front, no pre-tokenizer. llama.cpp's "llama" tokenizer does exactly that
// (a space in front of each piece of text, spaces as "▁"); anything else
// would be split differently, so it is refused with the reason.
void check_sentencepiece_form(const json& tokenizer, const std::filesystem::path& path) {
  const json& model = tokenizer["model"];
  const auto refuse = [&](const std::string& why) {
    throw GgufError(path.string() + ": a SentencePiece-style BPE (byte_fallback) " + why +
                    "; llama.cpp's \"llama\" tokenizer would split text differently, so TuneDesk does not write it");
  };
  if (model.value("ignore_merges", false)) refuse("that looks words up whole (ignore_merges)");
  if (!model.value("continuing_subword_prefix", json()).is_null() || !model.value("end_of_word_suffix", json()).is_null())
    refuse("with word prefixes or suffixes");
  if (tokenizer.contains("pre_tokenizer") && !tokenizer["pre_tokenizer"].is_null())
    refuse("with a pre-tokenizer (" + tokenizer["pre_tokenizer"].value("type", std::string("?")) + ")");
  const json normalizer = tokenizer.value("normalizer", json());
  const json steps = normalizer.is_object() ? normalizer.value("normalizers", json::array()) : json::array();
  const bool sentencepiece_normalizer =
      normalizer.is_object() && normalizer.value("type", "") == "Sequence" && steps.size() == 2 &&
      steps[0].value("type", "") == "Prepend" && steps[0].value("prepend", "") == "\xe2\x96\x81" &&
      steps[1].value("type", "") == "Replace" && steps[1].value("content", "") == "\xe2\x96\x81" &&
      steps[1].contains("pattern") && steps[1]["pattern"].value("String", "") == " ";
  if (!sentencepiece_normalizer)
    refuse("whose normalizer is not SentencePiece's (prepend \"▁\", spaces as \"▁\"): " +
           (normalizer.is_null() ? std::string("none") : normalizer.dump().substr(0, 160)));
}

// "a b" or ["a", "b"]: the two parts of a merge.
std::pair<std::string, std::string> merge_parts(const json& m, const std::filesystem::path& path) {
  if (m.is_string()) {
    const std::string line = m.get<std::string>();
    const auto space = line.find(' ');
    if (space != std::string::npos) return {line.substr(0, space), line.substr(space + 1)};
  } else if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
    return {m[0].get<std::string>(), m[1].get<std::string>()};
  }
  throw GgufError(path.string() + ": a merge that is neither \"a b\" nor [\"a\", \"b\"]: " + m.dump());
}

}  // namespace

std::string llama_cpp_pre_tokenizer(const std::string& pre_tokenizer_json, bool ignore_merges) {
  json pre;
  try {
    pre = json::parse(pre_tokenizer_json);
  } catch (const json::exception&) {
    return "";
  }
  std::string split_regex;
  bool gpt2 = false;
  if (pre.is_object() && pre.value("type", "") == "ByteLevel") {
    gpt2 = pre.value("use_regex", true) && !pre.value("add_prefix_space", false);
  } else if (pre.is_object() && pre.value("type", "") == "Sequence" && pre.contains("pretokenizers") &&
             pre["pretokenizers"].size() == 2) {
    const json& split = pre["pretokenizers"][0];
    const json& bytes = pre["pretokenizers"][1];
    const bool split_ok = split.value("type", "") == "Split" && split.value("behavior", "") == "Isolated" &&
                          !split.value("invert", false) && split.contains("pattern") && split["pattern"].contains("Regex");
    const bool bytes_ok = bytes.value("type", "") == "ByteLevel" && !bytes.value("use_regex", true) &&
                          !bytes.value("add_prefix_space", false);
    if (!split_ok || !bytes_ok) return "";
    split_regex = split["pattern"]["Regex"].get<std::string>();
  } else {
    return "";
  }
  for (const KnownPreTokenizer& k : kPreTokenizers) {
    const bool same_split = k.split_regex ? split_regex == k.split_regex : gpt2;
    if (same_split && k.ignore_merges == ignore_merges) return k.name;
  }
  return "";
}

std::vector<std::pair<std::string, Value>> tokenizer_metadata(
    const std::filesystem::path& dir, int64_t vocab_size, const std::vector<std::pair<std::string, std::string>>& fallback_specials) {
  std::filesystem::path tokenizer_path = dir / "tokenizer.json";
  std::error_code ec;
  json tokenizer;
  if (const std::optional<std::string> converted = tok::folder_tiktoken_json(dir)) {
    // glm-4-9b-chat's tiktoken tokenizer.model, as the byte-level BPE the engine runs.
    tokenizer_path = dir / "tokenizer.model";
    tokenizer = json::parse(*converted);
  } else if (std::filesystem::exists(tokenizer_path, ec)) {
    tokenizer = read_json_file(tokenizer_path);
  } else {
    throw GgufError(dir.string() + ": no tokenizer.json (nor a tiktoken tokenizer.model); a GGUF file carries its tokenizer, "
                    "so TuneDesk needs one to write it");
  }
  json config = std::filesystem::exists(dir / "tokenizer_config.json", ec) ? read_json_file(dir / "tokenizer_config.json") : json::object();
  const json model_config = std::filesystem::exists(dir / "config.json", ec) ? read_json_file(dir / "config.json") : json::object();

  const json& model = tokenizer.value("model", json::object());
  const std::string model_type = model.value("type", "");
  if (model_type != "BPE")
    throw GgufError(tokenizer_path.string() + ": a " + (model_type.empty() ? std::string("tokenizer without a model type") : model_type) +
                    " tokenizer; TuneDesk writes byte-level BPE tokenizers (Qwen, Llama 3, GLM-4) to GGUF, not this one yet");
  // SentencePiece-style (Llama 2, Mistral) as llama.cpp's "llama" tokenizer; byte-level BPE as its "gpt2".
  const bool sentencepiece = model.value("byte_fallback", false);
  if (sentencepiece) check_sentencepiece_form(tokenizer, tokenizer_path);
  const bool ignore_merges = model.value("ignore_merges", false);
  const std::string pre_json = tokenizer.contains("pre_tokenizer") ? tokenizer["pre_tokenizer"].dump() : "null";
  const std::string pre = sentencepiece ? "default" : llama_cpp_pre_tokenizer(pre_json, ignore_merges);
  if (pre.empty())
    throw GgufError(tokenizer_path.string() + ": llama.cpp has no pre-tokenizer that splits text as this one does (" +
                    (pre_json.size() > 200 ? pre_json.substr(0, 200) + "..." : pre_json) + ", ignore_merges " +
                    (ignore_merges ? "true" : "false") +
                    "); TuneDesk refuses to write a file llama.cpp would tokenize differently");

  // Tokens by id: the BPE vocabulary, then added tokens (which may also name vocabulary ids).
  std::map<int64_t, std::string> by_id;
  const json vocab = model.value("vocab", json::object());
  for (const auto& [text, id] : vocab.items()) by_id[id.get<int64_t>()] = text;
  std::map<int64_t, bool> added_special;  // added token id -> special
  for (const json& a : tokenizer.value("added_tokens", json::array())) {
    const int64_t id = a.value("id", int64_t{-1});
    if (id < 0) continue;
    by_id[id] = a.value("content", "");
    added_special[id] = a.value("special", false);
  }
  if (!by_id.empty() && by_id.rbegin()->first >= vocab_size)
    throw GgufError(tokenizer_path.string() + ": token id " + std::to_string(by_id.rbegin()->first) +
                    " is outside the model's vocabulary of " + std::to_string(vocab_size));
  std::vector<std::string> tokens;
  std::vector<int64_t> types;
  tokens.reserve(static_cast<std::size_t>(vocab_size));
  types.reserve(static_cast<std::size_t>(vocab_size));
  for (int64_t id = 0; id < vocab_size; ++id) {
    const auto t = by_id.find(id);
    if (t == by_id.end()) {
      tokens.push_back("[PAD" + std::to_string(id) + "]");
      types.push_back(static_cast<int64_t>(TokenType::unused));
      continue;
    }
    std::string text = t->second;
    TokenType type = TokenType::normal;
    if (const auto a = added_special.find(id); a != added_special.end()) {
      if (a->second || looks_special(text)) {
        type = TokenType::control;
      } else {
        type = TokenType::user_defined;
        // SentencePiece's space marker, pre-normalised as llama.cpp expects a byte-level vocabulary's user-defined tokens.
        if (!sentencepiece)
          for (std::size_t p; (p = text.find("\xe2\x96\x81")) != std::string::npos;) text.replace(p, 3, " ");
      }
    } else if (sentencepiece && text.size() == 6 && text.starts_with("<0x") && text.ends_with(">")) {
      type = TokenType::byte;  // <0x41>: byte fallback
    }
    tokens.push_back(std::move(text));
    types.push_back(static_cast<int64_t>(type));
  }

  // Byte-level BPE: the merges as "left right"; a space inside a part
  // (tokenizers' newer pair form allows it) written as U+0120, as llama.cpp
  // reads it. SentencePiece-style: no merges; llama.cpp's "llama" tokenizer
  // joins the adjacent pair whose joined token scores highest, so a token's
  // score is minus the rank of the merge that makes it, and llama.cpp joins
  // in the merges' order. (llama.cpp's converter writes -1000 for every token
  // from a tokenizer.json, and then splits some texts differently, e.g. runs
  // of spaces.)
  std::vector<std::string> merges;
  std::vector<double> scores;
  if (sentencepiece) {
    std::map<std::string, std::size_t> rank;  // joined token -> the first merge that makes it
    std::size_t r = 0;
    for (const json& m : model.value("merges", json::array())) {
      const auto [left, right] = merge_parts(m, tokenizer_path);
      rank.emplace(left + right, r++);
    }
    for (const std::string& t : tokens) {
      const auto it = rank.find(t);
      scores.push_back(it == rank.end() ? 0.0 : -static_cast<double>(it->second));
    }
  } else {
    for (const json& m : model.value("merges", json::array())) {
      if (m.is_string()) {  // "left right" already
        merges.push_back(m.get<std::string>());
        continue;
      }
      const auto [left, right] = merge_parts(m, tokenizer_path);
      std::string line;
      for (const std::string* part : {&left, &right}) {
        if (part == &right) line += ' ';
        for (const char c : *part) {
          if (c == ' ') line += "\xc4\xa0";  // U+0120
          else line += c;
        }
      }
      merges.push_back(std::move(line));
    }
  }

  // Special ids: tokenizer_config.json's *_token strings looked up among the
  // added tokens first, then config.json's *_token_id (the first found wins).
  const AddedSpecials added = read_post_processor(tokenizer, config);
  std::vector<std::pair<std::string, Value>> out;
  out.emplace_back("tokenizer.ggml.model", Value::string(sentencepiece ? "llama" : "gpt2"));
  out.emplace_back("tokenizer.ggml.pre", Value::string(pre));
  out.emplace_back("tokenizer.ggml.tokens", Value::strings(std::move(tokens)));
  if (sentencepiece) out.emplace_back("tokenizer.ggml.scores", Value::float_array(ValueType::f32, std::move(scores)));
  out.emplace_back("tokenizer.ggml.token_type", Value::int_array(ValueType::i32, std::move(types)));
  if (!sentencepiece) out.emplace_back("tokenizer.ggml.merges", Value::strings(std::move(merges)));
  struct Special {
    const char* kind;  // bos, eos, unk, sep, pad, eot
    const char* key;
  };
  constexpr Special kSpecials[] = {{"bos", "tokenizer.ggml.bos_token_id"},    {"eos", "tokenizer.ggml.eos_token_id"},
                                   {"unk", "tokenizer.ggml.unknown_token_id"}, {"sep", "tokenizer.ggml.seperator_token_id"},
                                   {"pad", "tokenizer.ggml.padding_token_id"}, {"eot", "tokenizer.ggml.eot_token_id"}};
  const auto added_id = [&](const std::string& text) -> std::optional<int64_t> {
    for (const json& a : tokenizer.value("added_tokens", json::array()))
      if (a.value("content", "") == text) return a.value("id", int64_t{-1});
    return std::nullopt;
  };
  for (const Special& s : kSpecials) {
    std::optional<int64_t> id;
    if (const auto text = token_text(config.value(std::string(s.kind) + "_token", json()))) id = added_id(*text);
    const std::string id_key = std::string(s.kind) + "_token_id";
    if (!id && model_config.contains(id_key) && model_config[id_key].is_number_integer()) id = model_config[id_key].get<int64_t>();
    for (const auto& [kind, text] : fallback_specials)
      if (!id && kind == s.kind) id = added_id(text);
    if (id && *id >= 0 && *id < vocab_size) out.emplace_back(s.key, Value::u32(static_cast<uint32_t>(*id)));
  }
  // Whether BOS/EOS/SEP are added: the post-processor, else tokenizer_config.json's add_*_token.
  const auto add_flag = [&](const char* kind, std::optional<bool> from_post) -> std::optional<bool> {
    if (from_post) return from_post;
    const std::string key = std::string("add_") + kind + "_token";
    if (config.contains(key) && config[key].is_boolean()) return config[key].get<bool>();
    return std::nullopt;
  };
  if (const auto b = add_flag("bos", added.bos)) out.emplace_back("tokenizer.ggml.add_bos_token", Value::boolean(*b));
  if (const auto e = add_flag("eos", added.eos)) out.emplace_back("tokenizer.ggml.add_eos_token", Value::boolean(*e));
  if (const auto s = add_flag("sep", added.sep)) out.emplace_back("tokenizer.ggml.add_sep_token", Value::boolean(*s));

  // The chat template as the folder has it: tokenizer_config.json, else chat_template.jinja.
  if (config.contains("chat_template") && config["chat_template"].is_string()) {
    out.emplace_back("tokenizer.chat_template", Value::string(config["chat_template"].get<std::string>()));
  } else if (std::filesystem::exists(dir / "chat_template.jinja", ec)) {
    out.emplace_back("tokenizer.chat_template", Value::string(util::read_file(dir / "chat_template.jinja")));
  } else if (config.contains("chat_template") && config["chat_template"].is_array()) {
    for (const json& named : config["chat_template"])
      if (named.value("name", "") == "default" && named.contains("template"))
        out.emplace_back("tokenizer.chat_template", Value::string(named["template"].get<std::string>()));
  }

  // Normalizers llama.cpp applies by flag.
  const std::function<void(const json&)> normalizer = [&](const json& n) {
    const std::string type = n.value("type", "");
    if (type == "NFC") out.emplace_back("tokenizer.ggml.normalizer.nfc", Value::boolean(true));
    else if (type == "Lowercase") out.emplace_back("tokenizer.ggml.normalizer.lowercase", Value::boolean(true));
    else if (type == "StripAccents") out.emplace_back("tokenizer.ggml.normalizer.strip_accents", Value::boolean(true));
    else if (type == "Sequence")
      for (const json& inner : n.value("normalizers", json::array())) normalizer(inner);
    else
      throw GgufError(tokenizer_path.string() + ": normalizer " + type + " has no equivalent in llama.cpp");
  };
  // (SentencePiece's own normalizer is what llama.cpp's "llama" tokenizer does by itself.)
  if (!sentencepiece && tokenizer.contains("normalizer") && tokenizer["normalizer"].is_object()) normalizer(tokenizer["normalizer"]);
  return out;
}

}  // namespace tunedesk::gguf
