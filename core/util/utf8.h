// UTF-8 helpers used by the data pipeline: validation, code-point counting,
// Unicode-aware trimming. All functions work on raw bytes (std::string_view)
// and never read past the end of the view.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tunedesk::utf8 {

// U+FFFD REPLACEMENT CHARACTER, which decoders insert for bytes they cannot decode.
inline constexpr std::string_view kReplacementChar = "\xEF\xBF\xBD";

// Decodes one code point starting at s[pos]. On success returns the code point
// and sets `length` to its byte length (1–4). On an invalid or truncated
// sequence returns -1 and sets `length` to the number of bytes to skip (>= 1).
int32_t decode_multibyte(std::string_view s, std::size_t pos, std::size_t& length);
inline int32_t decode(std::string_view s, std::size_t pos, std::size_t& length) {
  const auto b = static_cast<unsigned char>(s[pos]);
  if (b < 0x80) {  // ASCII: the common case, kept inline
    length = 1;
    return b;
  }
  return decode_multibyte(s, pos, length);
}

// Appends the UTF-8 encoding of `cp` (which must be <= 0x10FFFF and not a surrogate).
void append(std::string& out, char32_t cp);

// Number of invalid sequences in `s` (0 means `s` is valid UTF-8).
std::size_t count_invalid(std::string_view s);

// Copies `in` to `out`, replacing each invalid sequence with U+FFFD.
// Returns the number of replacements.
std::size_t sanitize(std::string_view in, std::string& out);
inline std::string sanitized(std::string_view in) {
  std::string out;
  sanitize(in, out);
  return out;
}

// Number of code points (each invalid byte counts as one).
std::size_t length(std::string_view s);

// True for the white-space code points Excel users paste: ASCII blanks, NBSP,
// the ideographic space U+3000 and the other Unicode space separators.
bool is_space(char32_t cp);

// `s` without leading and trailing Unicode white space.
std::string_view trim(std::string_view s);

// `s` with ASCII letters lower-cased (encoding names, column names, extensions).
std::string ascii_lower(std::string_view s);

// True when `s` is empty or holds only Unicode white space.
inline bool is_blank(std::string_view s) { return trim(s).empty(); }

}  // namespace tunedesk::utf8
