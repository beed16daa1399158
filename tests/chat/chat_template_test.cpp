// Chat templates against the golden renderings of the reference (transformers'
// apply_chat_template on the published Jinja templates), and the loss mask.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>

#include "data/test_support.h"
#include "tokenizer/reference_data.h"

#include "chat/chat_template.h"
#include "tokenizer/tokenizer.h"

using namespace tunedesk;
using nlohmann::json;

namespace {

chat::ChatRequest request_of(const json& c) {
  chat::ChatRequest r;
  for (const json& m : c["messages"]) r.messages.push_back({m["role"], m["content"]});
  r.add_generation_prompt = c.value("add_generation_prompt", false);
  if (c.contains("enable_thinking")) r.enable_thinking = c["enable_thinking"].get<bool>();
  return r;
}

// The text of the tokens the mask marks.
std::string masked_text(const tok::Tokenizer& t, const chat::RenderedChat& r) {
  std::vector<int32_t> ids;
  for (std::size_t i = 0; i < r.ids.size(); ++i)
    if (r.assistant_mask[i]) ids.push_back(r.ids[i]);
  return t.decode(ids);
}

class ChatGolden : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (!std::filesystem::exists(test::reference_tokenizers_dir() / GetParam() / "tokenizer.json"))
      GTEST_SKIP() << "reference data not found at " << test::reference_tokenizers_dir().string();
  }
};

}  // namespace

TEST_P(ChatGolden, RendersEveryConversationExactly) {
  const auto cases = test::read_jsonl(test::reference_tokenizers_dir() / "chat_cases.jsonl");
  const auto golden = test::read_jsonl(test::reference_tokenizers_dir() / "chat_golden" / (GetParam() + ".jsonl"));
  ASSERT_EQ(cases.size(), golden.size());
  const chat::ChatTemplate* tmpl = chat::detect_template(test::reference_tokenizers_dir() / GetParam());
  ASSERT_NE(tmpl, nullptr);
  EXPECT_EQ(tmpl->name, GetParam());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const chat::RenderedChat r = chat::render(*tmpl, test::reference_tokenizer(GetParam()), request_of(cases[i]));
    EXPECT_EQ(r.text, golden[i]["text"].get<std::string>()) << "case " << i + 1;
    EXPECT_EQ(r.ids, golden[i]["ids"].get<std::vector<int32_t>>()) << "case " << i + 1;
    EXPECT_EQ(r.assistant_mask.size(), r.ids.size());
  }
}

INSTANTIATE_TEST_SUITE_P(Reference, ChatGolden, ::testing::Values("qwen3", "llama3"));

TEST(ChatTemplate, MaskCoversTheAnswersAndTheirEndTokensOnly) {
  if (!std::filesystem::exists(test::reference_tokenizers_dir() / "qwen3" / "tokenizer.json")) GTEST_SKIP() << "no reference data";
  chat::ChatRequest r;
  r.messages = {{"system", "你是一个智能助手，请根据输入提供准确的回答"}, {"user", "1+1"}, {"assistant", "2"},
                {"user", "2+2"}, {"assistant", "4"}};
  const auto& qwen = test::reference_tokenizer("qwen3");
  const auto q = chat::render(*chat::find_template("chatml"), qwen, r);
  EXPECT_EQ(masked_text(qwen, q), "2<|im_end|>4<|im_end|>");
  const auto& llama = test::reference_tokenizer("llama3");
  const auto l = chat::render(*chat::find_template("llama3"), llama, r);
  EXPECT_EQ(masked_text(llama, l), "2<|eot_id|>4<|eot_id|>");
  // Qwen3 gives the last answer an empty reasoning block, which is trained too.
  const auto q3 = chat::render(*chat::find_template("qwen3"), qwen, r);
  EXPECT_EQ(masked_text(qwen, q3), "2<|im_end|><think>\n\n</think>\n\n4<|im_end|>");
}

TEST(ChatTemplate, OtherFamiliesRenderTheirPublishedFormats) {
  chat::ChatRequest r;
  r.messages = {{"system", "S"}, {"user", "Q1"}, {"assistant", "A1"}, {"user", "Q2"}};
  r.add_generation_prompt = true;
  const auto text = [&](const char* name) {
    std::string s;
    for (const auto& p : chat::find_template(name)->render_parts(r)) s += p.text;
    return s;
  };
  EXPECT_EQ(text("llama2"), "<s>[INST] <<SYS>>\nS\n<</SYS>>\n\nQ1 [/INST] A1 </s><s>[INST] Q2 [/INST]");
  EXPECT_EQ(text("mistral"), "<s>[INST] S\n\nQ1 [/INST]A1</s>[INST] Q2 [/INST]");
  EXPECT_EQ(text("glm4"), "[gMASK]<sop><|system|>\nS<|user|>\nQ1<|assistant|>\nA1<|user|>\nQ2<|assistant|>");
  // Phi-3-mini-4k-instruct's Jinja template, rendered by jinja2 3.1.6 (here and without a generation prompt below).
  EXPECT_EQ(text("phi3"), "<|system|>\nS<|end|>\n<|user|>\nQ1<|end|>\n<|assistant|>\nA1<|end|>\n<|user|>\nQ2<|end|>\n<|assistant|>\n");
  EXPECT_EQ(text("qwen2.5"), "<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ1<|im_end|>\n"
                             "<|im_start|>assistant\nA1<|im_end|>\n<|im_start|>user\nQ2<|im_end|>\n<|im_start|>assistant\n");
  r.messages.pop_back();
  r.add_generation_prompt = false;
  EXPECT_EQ(text("phi3"), "<|system|>\nS<|end|>\n<|user|>\nQ1<|end|>\n<|assistant|>\nA1<|end|>\n<|endoftext|>");
  r.messages.erase(r.messages.begin());
  EXPECT_TRUE(text("qwen2.5").starts_with("<|im_start|>system\nYou are Qwen"));
}

TEST(ChatTemplate, RejectsWhatATemplateCannotExpress) {
  chat::ChatRequest r;
  r.messages = {{"user", "a"}, {"user", "b"}};
  EXPECT_THROW(chat::find_template("llama2")->render_parts(r), std::invalid_argument);
  r.messages = {{"tool", "x"}};
  EXPECT_THROW(chat::find_template("chatml")->render_parts(r), std::invalid_argument);
}

TEST(ChatTemplate, PythonStripMatchesStrStrip) {
  EXPECT_EQ(chat::python_strip("  \u3000全角\t\n"), "全角");
  EXPECT_EQ(chat::python_strip("\x1c" "x" "\x1f"), "x");
  EXPECT_EQ(chat::python_strip("\uFEFFx"), "\uFEFFx");  // BOM is not white space to Python
  EXPECT_EQ(chat::python_strip(" "), "");
}

TEST(ChatTemplate, UserTemplatesFromYaml) {
  tunedesk::test::TempDir dir;
  tunedesk::test::write_bytes(dir / "mine.yaml", R"(name: mine
prefix: "<s>"
system: "<|system|>\n{content}\n"
user: "<|user|>\n{content}\n"
assistant: "<|assistant|>\n{content}<|end|>\n"
end_of_turn: "<|end|>"
generation_prompt: "<|assistant|>\n"
default_system: "默认系统提示"
)");
  const chat::ChatTemplate& t = chat::choose_template(dir.path(), (dir / "mine.yaml").string());
  EXPECT_EQ(t.name, "mine");
  EXPECT_EQ(t.stop_tokens, (std::vector<std::string>{"<|end|>"}));
  chat::ChatRequest r;
  r.messages = {{"user", "Q"}, {"assistant", "A"}};
  const auto parts = t.render_parts(r);
  std::string text, trained;
  for (const auto& p : parts) {
    text += p.text;
    if (p.trainable) trained += p.text;
  }
  EXPECT_EQ(text, "<s><|system|>\n默认系统提示\n<|user|>\nQ\n<|assistant|>\nA<|end|>\n");
  EXPECT_EQ(trained, "A<|end|>");

  tunedesk::test::write_bytes(dir / "bad.yaml", "user: \"no placeholder\"\nassistant: \"{content}\"\n");
  try {
    chat::load_template_yaml(dir / "bad.yaml");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("\"user\" has no {content}"), std::string::npos) << e.what();
  }
  EXPECT_THROW(chat::load_template_yaml(dir / "missing.yaml"), std::exception);
}
