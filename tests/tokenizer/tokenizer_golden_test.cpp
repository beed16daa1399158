// Conformance against the reference Hugging Face implementation: the golden
// encodings in ../shared/reference/tokenizers (see its README) must be
// reproduced exactly, and decoding must round-trip where the data says so.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "reference_data.h"

#include "tokenizer/tokenizer.h"

using namespace tunedesk::tok;
namespace test = tunedesk::test;
using nlohmann::json;

namespace {

std::string show(const std::vector<int32_t>& ids) { return json(ids).dump(); }

class TokenizerGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test::reference_tokenizers_dir() / GetParam() / "tokenizer.json"))
      GTEST_SKIP() << "reference data not found at " << test::reference_tokenizers_dir().string()
                   << " (it lives in ../shared, beside the repository)";
  }
};

}  // namespace

TEST_P(TokenizerGolden, EncodesEveryCaseExactly) {
  const Tokenizer& t = test::reference_tokenizer(GetParam());
  const auto cases = test::read_jsonl(test::reference_tokenizers_dir() / "golden" / (GetParam() + ".jsonl"));
  ASSERT_GT(cases.size(), 400u);
  std::size_t failures = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const json& c = cases[i];
    const std::string text = c["text"].get<std::string>();
    const auto with = t.encode(text, {.add_special_tokens = true, .parse_special = true});
    const auto without = t.encode(text, {.add_special_tokens = false, .parse_special = true});
    const auto want_with = c["ids"].get<std::vector<int32_t>>();
    const auto want_without = c["ids_no_special"].get<std::vector<int32_t>>();
    if (with != want_with || without != want_without) {
      if (++failures <= 5)
        ADD_FAILURE() << GetParam() << " case " << i + 1 << " " << json(text).dump() << "\n  got      "
                      << show(without) << "\n  expected " << show(want_without);
    }
  }
  EXPECT_EQ(failures, 0u) << "of " << cases.size() << " cases";
}

TEST_P(TokenizerGolden, TokensMatchTheVocabularyStrings) {
  const Tokenizer& t = test::reference_tokenizer(GetParam());
  const auto cases = test::read_jsonl(test::reference_tokenizers_dir() / "golden" / (GetParam() + ".jsonl"));
  std::size_t failures = 0;
  for (const json& c : cases) {
    const auto ids = c["ids_no_special"].get<std::vector<int32_t>>();
    const auto tokens = c["tokens"].get<std::vector<std::string>>();
    for (std::size_t k = 0; k < ids.size(); ++k)
      if (t.id_to_token(ids[k]) != tokens[k] || t.token_to_id(tokens[k]) != ids[k]) ++failures;
  }
  EXPECT_EQ(failures, 0u);
}

TEST_P(TokenizerGolden, DecodeRoundTripsWhereTheReferenceDoes) {
  const Tokenizer& t = test::reference_tokenizer(GetParam());
  const auto cases = test::read_jsonl(test::reference_tokenizers_dir() / "golden" / (GetParam() + ".jsonl"));
  std::size_t checked = 0, failures = 0;
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const json& c = cases[i];
    if (!c["roundtrip"].get<bool>()) continue;
    ++checked;
    const std::string text = c["text"].get<std::string>();
    const std::string decoded = t.decode(c["ids_no_special"].get<std::vector<int32_t>>());
    if (decoded != text && ++failures <= 5)
      ADD_FAILURE() << GetParam() << " case " << i + 1 << ": " << json(decoded).dump() << " != " << json(text).dump();
  }
  EXPECT_GT(checked, 350u);
  EXPECT_EQ(failures, 0u);
}

TEST_P(TokenizerGolden, StreamingDecodeNeverSplitsACharacter) {
  const Tokenizer& t = test::reference_tokenizer(GetParam());
  const auto cases = test::read_jsonl(test::reference_tokenizers_dir() / "golden" / (GetParam() + ".jsonl"));
  std::size_t failures = 0;
  for (const json& c : cases) {
    if (!c["roundtrip"].get<bool>()) continue;
    const auto ids = c["ids_no_special"].get<std::vector<int32_t>>();
    DecodeStream stream(t, /*skip_special=*/false);
    std::string streamed;
    for (int32_t id : ids) {
      const std::string piece = stream.push(id);
      // Each piece is whole UTF-8 on its own.
      if (piece.find("\xEF\xBF\xBD") != std::string::npos && c["text"].get<std::string>().find("\xEF\xBF\xBD") == std::string::npos)
        ++failures;
      streamed += piece;
    }
    streamed += stream.finish();
    if (streamed != c["text"].get<std::string>()) ++failures;
  }
  EXPECT_EQ(failures, 0u);
}

INSTANTIATE_TEST_SUITE_P(Reference, TokenizerGolden, ::testing::Values("qwen3", "llama3", "mistral"));

TEST(Tokenizer, SpecialTokenTextTypedByAUserIsPlainTextByDefault) {
  if (!std::filesystem::exists(test::reference_tokenizers_dir() / "qwen3" / "tokenizer.json")) GTEST_SKIP() << "no reference data";
  const Tokenizer& t = test::reference_tokenizer("qwen3");
  const int32_t im_start = *t.token_to_id("<|im_start|>");
  const auto parsed = t.encode("<|im_start|>user", {.add_special_tokens = false, .parse_special = true});
  EXPECT_EQ(parsed.front(), im_start);
  const auto plain = t.encode("<|im_start|>user", {.add_special_tokens = false});
  EXPECT_EQ(std::count(plain.begin(), plain.end(), im_start), 0);
  EXPECT_EQ(t.decode(plain), "<|im_start|>user");
}
