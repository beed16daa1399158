// Character fixes and simplified/traditional conversion, on fixed texts.
#include <gtest/gtest.h>

#include "data/cleaning/chinese_script.h"
#include "data/cleaning/text_fixes.h"

using namespace tunedesk::data::cleaning;

namespace {

std::string fixed(std::string_view text, TextFixes f) { return apply_text_fixes(text, f); }

}  // namespace

TEST(TextFixes, TrimCollapseAndInvisibleCharacters) {
  TextFixes f;
  EXPECT_EQ(fixed(" a  b ", f), " a  b ") << "no fix asked, nothing changed";
  f.trim = true;
  EXPECT_EQ(fixed("\u3000 问题\t\n", f), "问题");
  f.collapse = true;
  EXPECT_EQ(fixed("a  \t b\n\nc   d", f), "a b\n\nc d") << "runs inside a line become one space; line breaks stay";
  f = {};
  f.invisible = true;
  EXPECT_EQ(fixed("感\u200B冒\uFEFF了\u00AD吗\u2060？", f), "感冒了吗？");
  EXPECT_EQ(fixed("bad \xFF byte", f), "bad \xFF byte") << "bytes that are not UTF-8 are kept";
}

TEST(TextFixes, WidthOfLettersDigitsAndOptionallyPunctuation) {
  TextFixes f;
  f.width = Width::half;
  EXPECT_EQ(fixed("ＡＢＣ１２３ｘｙｚ，请问？\u3000", f), "ABC123xyz，请问？\u3000")
      << "Chinese punctuation and the ideographic space stay unless asked";
  f.width_punctuation = true;
  EXPECT_EQ(fixed("ＡＢＣ１２３，请问？\u3000（注）", f), "ABC123,请问? (注)");
  f = {};
  f.width = Width::full;
  EXPECT_EQ(fixed("COVID-19 病毒", f), "ＣＯＶＩＤ-１９ 病毒");
  f.width_punctuation = true;
  EXPECT_EQ(fixed("A-1 b", f), "Ａ－１\u3000ｂ");
  Width w;
  EXPECT_TRUE(parse_width("half", w));
  EXPECT_EQ(w, Width::half);
  EXPECT_FALSE(parse_width("narrow", w));
}

TEST(TextFixes, CollapsedRunsTakeTheChosenWidth) {
  TextFixes f;
  f.collapse = true;
  f.width = Width::half;
  f.width_punctuation = true;
  EXPECT_EQ(fixed("甲\u3000\u3000 乙", f), "甲 乙");
}

TEST(ChineseScript, BothDirectionsAndTaiwansPhrases) {
  EXPECT_EQ(ChineseScriptConverter("t2s").convert("發燒了怎麼辦？頭髮很乾。"), "发烧了怎么办？头发很干。");
  EXPECT_EQ(ChineseScriptConverter("s2t").convert("发烧了怎么办？头发很干。"), "發燒了怎麼辦？頭髮很乾。");
  EXPECT_EQ(ChineseScriptConverter("s2t").convert("软件和鼠标"), "軟件和鼠標");
  EXPECT_EQ(ChineseScriptConverter("s2twp").convert("软件和鼠标"), "軟體和滑鼠") << "Taiwan's words, not only its characters";
  EXPECT_EQ(ChineseScriptConverter("tw2sp").convert("軟體和滑鼠"), "软件和鼠标");
  EXPECT_EQ(ChineseScriptConverter("t2s").convert("ABC 123"), "ABC 123");
}

TEST(ChineseScript, AnUnknownConversionIsRefusedWithTheList) {
  try {
    ChineseScriptConverter bad("zh2en");
    FAIL() << "accepted an unknown conversion";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("zh2en"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("t2s, s2t"), std::string::npos);
  }
}
