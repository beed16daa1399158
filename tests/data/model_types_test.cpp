#include "data/model_types.h"

#include <gtest/gtest.h>

#include "data/test_support.h"

using namespace tunedesk;
using namespace tunedesk::data;

TEST(ModelTypes, BuiltInPresetsMatchTheSeed) {
  const auto c = ModelTypeCatalog::built_in();
  ASSERT_NE(c.find("general"), nullptr);
  EXPECT_EQ(c.find("general")->instruction, "你是一个智能助手，请根据输入提供准确的回答");
  EXPECT_EQ(c.find("medical")->instruction, "你是一个医疗领域的专业助手，请根据医学知识回答以下问题");
  EXPECT_EQ(c.find("legal")->instruction, "你是一个法律领域的专业助手，请根据法律知识回答以下问题");
  EXPECT_EQ(c.find("medical")->display_name("zh_CN"), "医疗专用");
  EXPECT_EQ(c.find("medical")->display_name("fr"), "Medical");
  EXPECT_EQ(c.find("nope"), nullptr);
  EXPECT_EQ(c.ids(), "general, medical, legal");
}

TEST(ModelTypes, UserTypesAreAddedAndCanReplaceBuiltIns) {
  auto c = ModelTypeCatalog::built_in();
  c.merge_yaml("model_types:\n  finance:\n    name: Finance\n    instruction: 你是金融助手\n"
               "  general:\n    instruction: 新的通用指令\n",
               "user.yaml");
  EXPECT_EQ(c.find("finance")->instruction, "你是金融助手");
  EXPECT_EQ(c.find("finance")->display_name(), "Finance");
  EXPECT_EQ(c.find("general")->instruction, "新的通用指令");
  EXPECT_EQ(c.all().size(), 4u);
}

TEST(ModelTypes, BadFilesSayWhereAndWhat) {
  auto c = ModelTypeCatalog::built_in();
  const auto error_of = [&](const std::string& yaml) {
    try {
      c.merge_yaml(yaml, "bad.yaml");
    } catch (const ModelTypeError& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  EXPECT_NE(error_of("model_types:\n  x:\n    name: X\n").find("bad.yaml:3: model type \"x\" has no \"instruction\""),
            std::string::npos);
  EXPECT_NE(error_of("model_types:\n  Bad Id:\n    instruction: i\n").find("bad.yaml:2"), std::string::npos);
  EXPECT_NE(error_of("model_types: [unclosed\n").find("bad.yaml:"), std::string::npos);
  EXPECT_NE(error_of("other: 1\n").find("model_types"), std::string::npos);
  EXPECT_NE(error_of("model_types:\n  x:\n    instruction: ''\n").find("empty"), std::string::npos);
}

TEST(ModelTypes, UserFileInTheConfigDirectory) {
  test::TempDir dir;
  std::filesystem::create_directories(dir / "tunedesk");
  test::write_bytes(dir / "tunedesk" / "model_types.yaml", "model_types:\n  mine:\n    instruction: 我的指令\n");
  ::setenv("XDG_CONFIG_HOME", dir.path().c_str(), 1);
  const auto c = ModelTypeCatalog::with_user_types();
  ::unsetenv("XDG_CONFIG_HOME");
  ASSERT_NE(c.find("mine"), nullptr);
  EXPECT_EQ(c.find("mine")->instruction, "我的指令");
  EXPECT_NE(c.find("legal"), nullptr);
}
