#include "util/utf8.h"

namespace tunedesk::utf8 {

int32_t decode_multibyte(std::string_view s, std::size_t pos, std::size_t& length) {
  const auto byte = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char b0 = byte(pos);
  length = 1;
  if (b0 < 0x80) return b0;

  std::size_t need = 0;
  int32_t cp = 0;
  int32_t min_cp = 0;
  if (b0 >= 0xC2 && b0 <= 0xDF) { need = 1; cp = b0 & 0x1F; min_cp = 0x80; }
  else if (b0 >= 0xE0 && b0 <= 0xEF) { need = 2; cp = b0 & 0x0F; min_cp = 0x800; }
  else if (b0 >= 0xF0 && b0 <= 0xF4) { need = 3; cp = b0 & 0x07; min_cp = 0x10000; }
  else return -1;  // continuation byte or overlong/invalid lead

  for (std::size_t k = 1; k <= need; ++k) {
    if (pos + k >= s.size() || (byte(pos + k) & 0xC0) != 0x80) {
      length = k;  // skip the lead and the valid continuations seen so far
      return -1;
    }
    cp = (cp << 6) | (byte(pos + k) & 0x3F);
  }
  if (cp < min_cp || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  length = need + 1;
  return cp;
}

void append(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out.push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

std::size_t count_invalid(std::string_view s) {
  // Validation runs over every uploaded byte, so the well-formed cases are
  // checked inline here; anything unusual goes through decode().
  const auto* p = reinterpret_cast<const unsigned char*>(s.data());
  const std::size_t n = s.size();
  const auto cont = [p](std::size_t i) { return (p[i] & 0xC0) == 0x80; };
  std::size_t invalid = 0;
  std::size_t i = 0;
  while (i < n) {
    while (i + 8 <= n) {  // ASCII, eight bytes at a time
      uint64_t word;
      __builtin_memcpy(&word, p + i, 8);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= n) break;
    const unsigned char b = p[i];
    if (b < 0x80) {
      ++i;
    } else if (b >= 0xC2 && b <= 0xDF && i + 1 < n && cont(i + 1)) {
      i += 2;
    } else if (b >= 0xE1 && b <= 0xEC && i + 2 < n && cont(i + 1) && cont(i + 2)) {
      i += 3;  // most CJK text: no overlong or surrogate forms possible here
    } else {
      std::size_t len = 0;
      if (decode(s, i, len) < 0) ++invalid;
      i += len;
    }
  }
  return invalid;
}

std::size_t sanitize(std::string_view in, std::string& out) {
  const std::size_t invalid = count_invalid(in);
  if (invalid == 0) {
    out.assign(in);
    return 0;
  }
  out.clear();
  out.reserve(in.size() + invalid * 2);
  std::size_t i = 0;
  while (i < in.size()) {
    std::size_t len = 0;
    if (decode(in, i, len) < 0) out.append(kReplacementChar);
    else out.append(in.substr(i, len));
    i += len;
  }
  return invalid;
}

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::size_t length(std::string_view s) {
  std::size_t n = 0;
  // Every byte that is not a continuation byte (10xxxxxx) starts a code point.
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool is_space(char32_t cp) {
  switch (cp) {
    case 0x09: case 0x0A: case 0x0B: case 0x0C: case 0x0D: case 0x20:
    case 0x85: case 0xA0: case 0x1680: case 0x2028: case 0x2029:
    case 0x202F: case 0x205F: case 0x3000: case 0xFEFF:
      return true;
    default:
      return cp >= 0x2000 && cp <= 0x200A;
  }
}

namespace {
// Lead bytes of every multi-byte code point is_space() accepts
// (U+0085, U+00A0, U+1680, U+2000–U+205F, U+3000, U+FEFF).
bool may_start_space(unsigned char lead) {
  return lead == 0xC2 || lead == 0xE1 || lead == 0xE2 || lead == 0xE3 || lead == 0xEF;
}
}  // namespace

std::string_view trim(std::string_view s) {
  std::size_t begin = 0;
  while (begin < s.size()) {
    const auto lead = static_cast<unsigned char>(s[begin]);
    if (lead >= 0x80 && !may_start_space(lead)) break;
    std::size_t len = 0;
    const int32_t cp = decode(s, begin, len);
    if (cp < 0 || !is_space(static_cast<char32_t>(cp))) break;
    begin += len;
  }
  std::size_t end = s.size();
  while (end > begin) {
    // Step back to the start of the last code point.
    std::size_t start = end - 1;
    while (start > begin && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80 && end - start < 4) --start;
    const auto lead = static_cast<unsigned char>(s[start]);
    if (lead >= 0x80 && !may_start_space(lead)) break;
    std::size_t len = 0;
    const int32_t cp = decode(s, start, len);
    if (cp < 0 || start + len != end || !is_space(static_cast<char32_t>(cp))) break;
    end = start;
  }
  return s.substr(begin, end - begin);
}

}  // namespace tunedesk::utf8
