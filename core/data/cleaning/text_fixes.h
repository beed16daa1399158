// Fixes of a text's characters that do not change what it says: white space
// at the ends and in runs, invisible characters, and the width of ASCII
// letters, digits and punctuation typed in a Chinese input method.
#pragma once

#include <string>
#include <string_view>

namespace tunedesk::data::cleaning {

// The width ASCII letters and digits (and, when asked, punctuation and the
// space) are written in.
enum class Width {
  keep,
  half,  // "ＡＢＣ１２３" -> "ABC123"; with punctuation also "！，" -> "!," and U+3000 -> " "
  full,  // the reverse: "ABC123" -> "ＡＢＣ１２３"
};

struct TextFixes {
  bool trim = false;       // white space (Unicode) cut from both ends
  bool collapse = false;   // runs of spaces and tabs inside a line become one space (line breaks kept)
  bool invisible = false;  // zero-width characters (U+200B..U+200D, U+2060), BOMs (U+FEFF) and soft hyphens removed
  Width width = Width::keep;
  // Punctuation and the space change width too. Off by default: "，" and "？"
  // are the full-width forms of ASCII's but also Chinese text's own punctuation.
  bool width_punctuation = false;

  bool any() const { return trim || collapse || invisible || width != Width::keep; }
};

// `text` with the fixes applied, in the order: invisible, collapse, width, trim.
std::string apply_text_fixes(std::string_view text, const TextFixes& fixes);

// "half", "full" or "keep"; false for anything else.
bool parse_width(std::string_view name, Width& width);

}  // namespace tunedesk::data::cleaning
