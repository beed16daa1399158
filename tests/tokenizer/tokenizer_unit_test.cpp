// Tokenizer pieces on small hand-written tokenizer.json files, each result
// worked out by hand from the BPE rules.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tokenizer/byte_level.h"
#include "tokenizer/tokenizer.h"
#include "tokenizer/tokenizer_error.h"

using namespace tunedesk::tok;
using nlohmann::json;

namespace {

// Byte-level BPE over "a", "b", "c", space (Ġ) with merges a+b, ab+c, Ġ+a.
json byte_level_spec() {
  return json::parse(R"({
    "added_tokens": [{"id": 9, "content": "<|end|>", "special": true, "lstrip": false, "rstrip": false,
                      "single_word": false, "normalized": false}],
    "normalizer": null,
    "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": false, "use_regex": true},
    "post_processor": {"type": "TemplateProcessing",
      "single": [{"SpecialToken": {"id": "<|end|>", "type_id": 0}}, {"Sequence": {"id": "A", "type_id": 0}}],
      "special_tokens": {"<|end|>": {"id": "<|end|>", "ids": [9], "tokens": ["<|end|>"]}}},
    "decoder": {"type": "ByteLevel"},
    "model": {"type": "BPE", "vocab": {"a": 0, "b": 1, "c": 2, "Ġ": 3, "ab": 4, "abc": 5, "Ġa": 6},
              "merges": [["a", "b"], ["ab", "c"], "Ġ a"]}
  })");
}

Tokenizer make(const json& spec) { return Tokenizer::from_json(spec.dump(), "test.json"); }

}  // namespace

TEST(ByteLevel, MapsEveryByteToAPrintableCharacterAndBack) {
  std::string mapped;
  bytes_to_chars(" ", mapped);
  EXPECT_EQ(mapped, "Ġ");
  mapped.clear();
  bytes_to_chars("你", mapped);
  EXPECT_EQ(mapped, "ä½ł");
  for (int b = 0; b < 256; ++b) {
    std::string one;
    bytes_to_chars(std::string(1, static_cast<char>(b)), one);
    EXPECT_NE(one, "");
  }
  EXPECT_EQ(char_to_byte(U'Ġ'), ' ');
  EXPECT_EQ(char_to_byte(U'A'), 'A');
  EXPECT_EQ(char_to_byte(U'中'), -1);
}

TEST(Tokenizer, MergesLowestRankFirst) {
  const Tokenizer t = make(byte_level_spec());
  EXPECT_EQ(t.encode("abc", {.add_special_tokens = false}), (std::vector<int32_t>{5}));
  // " ab": pieces " ab" -> Ġ a b; Ġa (rank 2) vs ab (rank 0): ab wins, then no Ġ+ab merge.
  EXPECT_EQ(t.encode(" ab", {.add_special_tokens = false}), (std::vector<int32_t>{3, 4}));
  EXPECT_EQ(t.encode(" a", {.add_special_tokens = false}), (std::vector<int32_t>{6}));
  EXPECT_EQ(t.encode("abc"), (std::vector<int32_t>{9, 5}));  // the template's BOS-like token
  EXPECT_EQ(t.decode({5, 3, 6}), "abc  a");
}

TEST(Tokenizer, AddedTokensAreMatchedOnlyWhenAsked) {
  const Tokenizer t = make(byte_level_spec());
  EXPECT_EQ(t.encode("a<|end|>", {.add_special_tokens = false, .parse_special = true}),
            (std::vector<int32_t>{0, 9}));
  EXPECT_TRUE(t.is_special(9));
  EXPECT_EQ(t.decode({0, 9, 1}, /*skip_special=*/true), "ab");
  EXPECT_EQ(t.decode({0, 9, 1}), "a<|end|>b");
}

TEST(Tokenizer, ByteFallbackAndMetaspaceStyleDecoding) {
  // sentencepiece style: "▁" for spaces, characters outside the vocabulary as <0xXX> bytes.
  json spec = json::parse(R"({
    "added_tokens": [{"id": 0, "content": "<unk>", "special": true}],
    "normalizer": {"type": "Sequence", "normalizers": [{"type": "Prepend", "prepend": "▁"},
                   {"type": "Replace", "pattern": {"String": " "}, "content": "▁"}]},
    "pre_tokenizer": null, "post_processor": null,
    "decoder": {"type": "Sequence", "decoders": [{"type": "Replace", "pattern": {"String": "▁"}, "content": " "},
                {"type": "ByteFallback"}, {"type": "Fuse"}, {"type": "Strip", "content": " ", "start": 1, "stop": 0}]},
    "model": {"type": "BPE", "unk_token": "<unk>", "byte_fallback": true, "fuse_unk": true,
              "vocab": {"<unk>": 0, "▁": 1, "h": 2, "i": 3, "▁h": 4, "▁hi": 5,
                        "<0xE4>": 6, "<0xBD>": 7, "<0xA0>": 8},
              "merges": ["▁ h", "▁h i"]}
  })");
  const Tokenizer t = make(spec);
  EXPECT_EQ(t.encode("hi 你", {.add_special_tokens = false}), (std::vector<int32_t>{5, 1, 6, 7, 8}));
  EXPECT_EQ(t.decode({5, 1, 6, 7, 8}), "hi 你");
  EXPECT_EQ(t.decode({5, 1, 6, 7}), "hi \xEF\xBF\xBD\xEF\xBF\xBD");  // an incomplete character
  // Streaming holds the bytes back until the character is whole.
  DecodeStream stream(t);
  std::string out;
  for (int32_t id : {5, 1, 6, 7}) out += stream.push(id);
  EXPECT_EQ(out, "hi ");
  out += stream.push(8);
  EXPECT_EQ(out, "hi 你");
}

TEST(Tokenizer, ErrorsNameTheFileAndTheProblem) {
  const auto error_of = [](const std::string& text) {
    try {
      Tokenizer::from_json(text, "bad/tokenizer.json");
    } catch (const TokenizerError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("{not json").find("bad/tokenizer.json: not valid JSON"), std::string::npos);
  json spec = byte_level_spec();
  spec["model"]["merges"].push_back("a zz");
  EXPECT_NE(error_of(spec.dump()).find("merge 3"), std::string::npos);
  spec = byte_level_spec();
  spec["normalizer"] = {{"type", "Precompiled"}};
  EXPECT_NE(error_of(spec.dump()).find("\"Precompiled\" is not supported"), std::string::npos);
  spec = byte_level_spec();
  spec["pre_tokenizer"] = {{"type", "Split"}, {"pattern", {{"Regex", "(unclosed"}}}, {"behavior", "Isolated"}};
  EXPECT_NE(error_of(spec.dump()).find("cannot compile"), std::string::npos);
}
