#include "util/utf8.h"

#include <gtest/gtest.h>

using namespace tunedesk;

TEST(Utf8, DecodesEveryLength) {
  std::size_t len = 0;
  EXPECT_EQ(utf8::decode("A", 0, len), 'A');
  EXPECT_EQ(len, 1u);
  EXPECT_EQ(utf8::decode("\xC3\xA9", 0, len), 0xE9);
  EXPECT_EQ(len, 2u);
  EXPECT_EQ(utf8::decode("中", 0, len), 0x4E2D);
  EXPECT_EQ(len, 3u);
  EXPECT_EQ(utf8::decode("\xF0\x9F\x98\x80", 0, len), 0x1F600);
  EXPECT_EQ(len, 4u);
}

TEST(Utf8, RejectsInvalidSequencesWithoutOverreading) {
  std::size_t len = 0;
  EXPECT_LT(utf8::decode("\xC0\xAF", 0, len), 0);        // overlong
  EXPECT_LT(utf8::decode("\xED\xA0\x80", 0, len), 0);    // surrogate
  EXPECT_LT(utf8::decode("\xF4\x90\x80\x80", 0, len), 0);// above U+10FFFF
  EXPECT_LT(utf8::decode(std::string_view("\xE4\xB8", 2), 0, len), 0);  // truncated at the end
  EXPECT_EQ(len, 2u);
  EXPECT_LT(utf8::decode("\x80", 0, len), 0);            // lone continuation
  EXPECT_EQ(len, 1u);
}

TEST(Utf8, CountsInvalidSequencesAndCodePoints) {
  EXPECT_EQ(utf8::count_invalid("plain ascii text, long enough for the fast path"), 0u);
  EXPECT_EQ(utf8::count_invalid("中文\xFF和\xFE"), 2u);
  EXPECT_EQ(utf8::length("中文abc"), 5u);
  EXPECT_EQ(utf8::length(""), 0u);
}

TEST(Utf8, TrimsUnicodeWhiteSpace) {
  EXPECT_EQ(utf8::trim("  a b \t"), "a b");
  EXPECT_EQ(utf8::trim("\u3000全角空格\u3000"), "全角空格");
  EXPECT_EQ(utf8::trim("\u00A0nbsp\u00A0"), "nbsp");
  EXPECT_TRUE(utf8::is_blank(" \u3000\t\r\n"));
  EXPECT_FALSE(utf8::is_blank(" x "));
  EXPECT_EQ(utf8::trim("中"), "中");  // a multi-byte character is not cut
}

TEST(Utf8, AppendRoundTrips) {
  std::string s;
  for (char32_t cp : {U'a', U'é', U'中', U'😀'}) utf8::append(s, cp);
  EXPECT_EQ(s, "aé中😀");
}
