#include "data/cleaning/text_fixes.h"

#include "util/utf8.h"

namespace tunedesk::data::cleaning {
namespace {

bool invisible(char32_t cp) {
  return (cp >= 0x200B && cp <= 0x200D) || cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD;
}

bool letter_or_digit(char32_t ascii) {
  return (ascii >= U'0' && ascii <= U'9') || (ascii >= U'A' && ascii <= U'Z') || (ascii >= U'a' && ascii <= U'z');
}

// Full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E moved up by 0xFEE0.
char32_t widened(char32_t cp, Width width, bool punctuation) {
  if (width == Width::half) {
    if (cp >= 0xFF01 && cp <= 0xFF5E && (punctuation || letter_or_digit(cp - 0xFEE0))) return cp - 0xFEE0;
    if (cp == 0x3000 && punctuation) return U' ';
  } else if (width == Width::full) {
    if (cp >= 0x21 && cp <= 0x7E && (punctuation || letter_or_digit(cp))) return cp + 0xFEE0;
    if (cp == U' ' && punctuation) return 0x3000;
  }
  return cp;
}

}  // namespace

std::string apply_text_fixes(std::string_view text, const TextFixes& fixes) {
  std::string out;
  out.reserve(text.size());
  bool in_run = false;  // the last character written was a collapsed space or tab
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t length = 0;
    const int32_t decoded = utf8::decode(text, pos, length);
    const std::string_view bytes = text.substr(pos, length);
    pos += length;
    if (decoded < 0) {  // not UTF-8: kept as it is
      out.append(bytes);
      in_run = false;
      continue;
    }
    char32_t cp = static_cast<char32_t>(decoded);
    if (fixes.invisible && invisible(cp)) continue;
    // Collapsing runs comes before widening, so that a run of spaces becomes one space of the chosen width.
    if (fixes.collapse && (cp == U' ' || cp == U'\t' || cp == 0x3000)) {
      if (in_run) continue;
      in_run = true;
      cp = U' ';
    } else {
      in_run = false;
    }
    const char32_t w = widened(cp, fixes.width, fixes.width_punctuation);
    if (w == cp && cp == static_cast<char32_t>(decoded)) out.append(bytes);
    else utf8::append(out, w);
  }
  if (fixes.trim) return std::string(utf8::trim(out));
  return out;
}

bool parse_width(std::string_view name, Width& width) {
  if (name == "half") width = Width::half;
  else if (name == "full") width = Width::full;
  else if (name == "keep") width = Width::keep;
  else return false;
  return true;
}

}  // namespace tunedesk::data::cleaning
