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
