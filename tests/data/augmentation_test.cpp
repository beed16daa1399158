// Growing a dataset with a model, the torch-free half: the prompts per model
// type, the paraphrase read from what a model wrote, and the "generated" mark
// through reading and writing JSONL.
#include <gtest/gtest.h>

#include "data/augmentation.h"
#include "data/dataset_reader.h"
#include "data/jsonl_writer.h"
#include "data/test_support.h"
#include "data/validator.h"
#include "util/user_error.h"

using namespace tunedesk;
using namespace tunedesk::data;

TEST(Augmentation, PromptsPerModelTypeWithGeneralsForTheOthers) {
  const AugmentationPrompts prompts = AugmentationPrompts::load();
  const std::string general = prompts.paraphrase("general", "1+1等于几？", "2");
  EXPECT_NE(general.find("问题：1+1等于几？"), std::string::npos) << general;
  EXPECT_EQ(general.find("{question}"), std::string::npos);
  EXPECT_NE(prompts.paraphrase("medical", "头痛怎么办？", "").find("医疗"), std::string::npos);
  EXPECT_EQ(prompts.paraphrase("astrology", "q", "a"), prompts.paraphrase("general", "q", "a"));

  test::TempDir dir;
  test::write_bytes(dir / "mine.yaml", "paraphrase:\n  general: \"Say it again: {question} ({answer})\"\n");
  EXPECT_EQ(AugmentationPrompts::load(dir / "mine.yaml").paraphrase("legal", "Why?", "Because."), "Say it again: Why? (Because.)");
  test::write_bytes(dir / "bad.yaml", "paraphrase:\n  general: \"no placeholder\"\n");
  try {
    AugmentationPrompts::load(dir / "bad.yaml");
    FAIL() << "a template without {question} was accepted";
  } catch (const UserError& e) {
    EXPECT_EQ(e.kind(), "augment.prompts");
    EXPECT_NE(std::string(e.what()).find("paraphrase.general has no {question}"), std::string::npos) << e.what();
  }
  EXPECT_THROW(AugmentationPrompts::load(dir / "none.yaml"), UserError);
}

TEST(Augmentation, TheParaphraseIsTheFirstLineWithoutLabelsNumbersOrQuotes) {
  EXPECT_EQ(paraphrase_from("\n\n一加一是多少？\n解释：……", "1+1等于几？"), "一加一是多少？");
  EXPECT_EQ(paraphrase_from("问题：一加一是多少？", "q"), "一加一是多少？");
  EXPECT_EQ(paraphrase_from("改写后的问题：“一加一是多少？”", "q"), "一加一是多少？");
  EXPECT_EQ(paraphrase_from("1. What is one plus one?", "q"), "What is one plus one?");
  EXPECT_EQ(paraphrase_from("2、一加一是多少？", "q"), "一加一是多少？");
  EXPECT_EQ(paraphrase_from("- \"What is one plus one?\"", "q"), "What is one plus one?");
  EXPECT_EQ(paraphrase_from("1+1 is 2", "q"), "1+1 is 2");  // digits that are the text stay
  EXPECT_EQ(paraphrase_from("  1+1等于几？ ", "1+1等于几？"), "");  // the question itself
  EXPECT_EQ(paraphrase_from(" \n \n", "q"), "");
}

TEST(Augmentation, TheGeneratedMarkIsReadAndWrittenWithTheRow) {
  test::TempDir dir;
  test::write_bytes(dir / "a.jsonl",
                    "{\"instruction\": \"\", \"input\": \"1+1?\", \"output\": \"2\"}\n"
                    "{\"instruction\": \"\", \"input\": \"One plus one?\", \"output\": \"2\", \"generated\": {\"from_line\": 1}}\n"
                    "{\"messages\": [{\"role\": \"user\", \"content\": \"2+2?\"}, {\"role\": \"assistant\", \"content\": \"4\"}],"
                    " \"generated\": true}\n"
                    "{\"instruction\": \"\", \"input\": \"3+3?\", \"output\": \"6\", \"generated\": false}\n");
  const Dataset ds = read_dataset(dir / "a.jsonl");
  ASSERT_EQ(ds.examples.size(), 4u);
  EXPECT_FALSE(ds.examples[0].generated);
  EXPECT_TRUE(ds.examples[1].generated);
  EXPECT_TRUE(ds.examples[2].generated);
  EXPECT_FALSE(ds.examples[3].generated);
  for (const JsonlFormat format : {JsonlFormat::alpaca, JsonlFormat::messages}) {
    ConvertOptions options;
    options.format = format;
    write_jsonl(ds, validate(ds), dir / "b.jsonl", options);
    const Dataset back = read_dataset(dir / "b.jsonl");
    ASSERT_EQ(back.examples.size(), 4u);
    std::vector<bool> marks;
    for (const Example& e : back.examples) marks.push_back(e.generated);
    EXPECT_EQ(marks, (std::vector<bool>{false, true, true, false}));
  }
}

TEST(Augmentation, KindsByNameAndTheirTemplates) {
  EXPECT_EQ(parse_augmentation_kind("pairs"), AugmentationKind::pairs);
  EXPECT_EQ(parse_augmentation_kind("paraphrase"), AugmentationKind::paraphrase);
  EXPECT_FALSE(parse_augmentation_kind("poem"));
  EXPECT_EQ(augmentation_kind_name(AugmentationKind::pairs), "pairs");
  EXPECT_GT(default_max_new_tokens(AugmentationKind::pairs), default_max_new_tokens(AugmentationKind::paraphrase));

  const AugmentationPrompts builtin = AugmentationPrompts::load();
  const std::string pairs = builtin.prompt(AugmentationKind::pairs, "legal", "q", "合同无效的，自始没有法律约束力。");
  EXPECT_NE(pairs.find("内容：合同无效的，自始没有法律约束力。"), std::string::npos) << pairs;
  EXPECT_NE(pairs.find("法律"), std::string::npos);
  test::TempDir dir;
  // A file with one kind keeps the built-in templates of the other.
  test::write_bytes(dir / "pairs.yaml", "pairs:\n  general: \"Ask and answer from: {answer}\"\n");
  const AugmentationPrompts mine = AugmentationPrompts::load(dir / "pairs.yaml");
  EXPECT_EQ(mine.prompt(AugmentationKind::pairs, "medical", "q", "a"), "Ask and answer from: a");
  EXPECT_EQ(mine.paraphrase("general", "Why?", "x"), builtin.paraphrase("general", "Why?", "x"));
  test::write_bytes(dir / "bad.yaml", "pairs:\n  general: \"{question} only\"\n");
  try {
    AugmentationPrompts::load(dir / "bad.yaml");
    FAIL() << "a pairs template without {answer} was accepted";
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("pairs.general has no {answer}"), std::string::npos) << e.what();
  }
  test::write_bytes(dir / "neither.yaml", "version: 1\n");
  EXPECT_THROW(AugmentationPrompts::load(dir / "neither.yaml"), UserError);
}

TEST(Augmentation, APairIsReadAfterItsLabelsToTheEndOrTheNextQuestion) {
  const auto pair = [](std::string_view text, std::string_view source = "原来的问题") {
    const auto p = pair_from(text, source);
    return p ? p->question + " | " + p->answer : std::string("none");
  };
  EXPECT_EQ(pair("问题：感冒要吃抗生素吗？\n回答：普通感冒多由病毒引起，\n抗生素无效。"), "感冒要吃抗生素吗？ | 普通感冒多由病毒引起，\n抗生素无效。");
  EXPECT_EQ(pair("好的。\n1. 问题: 合同何时生效？\n2. 答案: 依法成立时生效。"), "合同何时生效？ | 依法成立时生效。");
  EXPECT_EQ(pair("Question: What is 2+2?\nAnswer: 4.\nQuestion: And 3+3?\nAnswer: 6."), "What is 2+2? | 4.");
  EXPECT_EQ(pair("**问题：**“多久复查一次？” 回答：三个月一次。"), "多久复查一次？ | 三个月一次。");
  EXPECT_EQ(pair("问题：只有问题没有回答"), "none");
  EXPECT_EQ(pair("回答：只有回答"), "none");
  EXPECT_EQ(pair("问题：\n回答：空的问题"), "none");
  EXPECT_EQ(pair("问题：原来的问题\n回答：原来的回答"), "none");  // the row's own question is not new
  EXPECT_EQ(pair("随便写的一段话"), "none");
}
