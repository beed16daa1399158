#include "data/text_encoding.h"

#include <gtest/gtest.h>

using tunedesk::data::decode_to_utf8;
using tunedesk::data::UnknownEncodingError;

TEST(TextEncoding, PlainUtf8IsDetected) {
  const auto d = decode_to_utf8("text,result\n你好,世界\n");
  EXPECT_EQ(d.encoding, "utf-8");
  EXPECT_TRUE(d.detected);
  EXPECT_FALSE(d.had_bom);
  EXPECT_EQ(d.undecodable, 0u);
  EXPECT_EQ(d.utf8, "text,result\n你好,世界\n");
}

TEST(TextEncoding, Utf8BomIsRemoved) {
  const auto d = decode_to_utf8("\xEF\xBB\xBFtext,result\n");
  EXPECT_EQ(d.encoding, "utf-8");
  EXPECT_TRUE(d.had_bom);
  EXPECT_EQ(d.utf8, "text,result\n");
}

TEST(TextEncoding, GbkBytesAreDetected) {
  // "中文,你好" in GBK (code page 936).
  const auto d = decode_to_utf8("text,result\r\n\xD6\xD0\xCE\xC4,\xC4\xE3\xBA\xC3\r\n");
  EXPECT_EQ(d.encoding, "gbk");
  EXPECT_EQ(d.utf8, "text,result\r\n中文,你好\r\n");
  EXPECT_EQ(d.undecodable, 0u);
}

TEST(TextEncoding, Gb18030FourByteSequencesFallBackFromGbk) {
  // U+20000 is 0x95 0x32 0x82 0x36 in GB18030 and has no GBK code.
  const auto d = decode_to_utf8("text,result\n\x95\x32\x82\x36,\xD7\xD6\n");
  EXPECT_EQ(d.encoding, "gb18030");
  EXPECT_EQ(d.utf8, "text,result\n\U00020000,字\n");
}

TEST(TextEncoding, Utf16LittleAndBigEndianWithBom) {
  const std::string le("\xFF\xFE" "a\0,\0-N\n\0", 10);  // "a,中\n"
  auto d = decode_to_utf8(le);
  EXPECT_EQ(d.encoding, "utf-16le");
  EXPECT_TRUE(d.had_bom);
  EXPECT_EQ(d.utf8, "a,中\n");

  const std::string be("\xFE\xFF\0a\0,N-\0\n", 10);
  d = decode_to_utf8(be);
  EXPECT_EQ(d.encoding, "utf-16be");
  EXPECT_EQ(d.utf8, "a,中\n");
}

TEST(TextEncoding, Utf16WithoutBomIsRecognisedFromAsciiHeader) {
  std::string le;
  for (char c : std::string("text,result\n")) le += std::string{c, '\0'};
  const auto d = decode_to_utf8(le);
  EXPECT_EQ(d.encoding, "utf-16le");
  EXPECT_EQ(d.utf8, "text,result\n");
}

TEST(TextEncoding, Utf16SurrogatePairsAndLoneSurrogates) {
  const std::string pair("\xFF\xFE\x3D\xD8\x00\xDE", 6);  // U+1F600
  EXPECT_EQ(decode_to_utf8(pair).utf8, "😀");
  const std::string lone("\xFF\xFE\x3D\xD8" "a\0", 6);
  const auto d = decode_to_utf8(lone);
  EXPECT_EQ(d.utf8, "\xEF\xBF\xBD" "a");
  EXPECT_EQ(d.undecodable, 1u);
}

TEST(TextEncoding, UndecodableBytesBecomeReplacementCharacters) {
  const auto d = decode_to_utf8("ok,\xFF\xFE\xFD bad\n", "utf-8");
  EXPECT_FALSE(d.detected);
  EXPECT_EQ(d.undecodable, 3u);
  EXPECT_EQ(d.utf8, "ok,\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD bad\n");
}

TEST(TextEncoding, MostlyUtf8WithAStrayByteStaysUtf8) {
  const auto d = decode_to_utf8("text,result\n你好,世界\xFF\n");
  EXPECT_EQ(d.encoding, "utf-8");
  EXPECT_EQ(d.undecodable, 1u);
}

TEST(TextEncoding, RequestedEncodingOverridesDetection) {
  // Valid UTF-8 bytes read as GBK on purpose.
  const auto d = decode_to_utf8("\xD6\xD0", "cp936");
  EXPECT_EQ(d.encoding, "gbk");
  EXPECT_FALSE(d.detected);
  EXPECT_EQ(d.utf8, "中");
  EXPECT_EQ(decode_to_utf8("caf\xE9", "latin1").utf8, "café");
}

TEST(TextEncoding, UnknownEncodingNameThrows) {
  EXPECT_THROW(decode_to_utf8("x", "no-such-encoding"), UnknownEncodingError);
}

TEST(TextEncoding, EmptyInput) {
  const auto d = decode_to_utf8("");
  EXPECT_EQ(d.utf8, "");
  EXPECT_EQ(d.encoding, "utf-8");
}
