#include "data/text_encoding.h"

#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <memory>

#include "util/utf8.h"

namespace tunedesk::data {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";
constexpr std::string_view kUtf16LeBom = "\xFF\xFE";
constexpr std::string_view kUtf16BeBom = "\xFE\xFF";

std::size_t decode_utf16(std::string_view in, bool little_endian, std::string& out) {
  out.clear();
  out.reserve(in.size() * 3 / 2);
  std::size_t bad = 0;
  const auto unit = [&](std::size_t i) -> char32_t {
    const auto lo = static_cast<unsigned char>(in[little_endian ? i : i + 1]);
    const auto hi = static_cast<unsigned char>(in[little_endian ? i + 1 : i]);
    return static_cast<char32_t>(hi << 8 | lo);
  };
  std::size_t i = 0;
  for (; i + 1 < in.size(); i += 2) {
    const char32_t u = unit(i);
    if (u >= 0xD800 && u <= 0xDBFF && i + 3 < in.size()) {
      const char32_t next = unit(i + 2);
      if (next >= 0xDC00 && next <= 0xDFFF) {
        utf8::append(out, 0x10000 + ((u - 0xD800) << 10) + (next - 0xDC00));
        i += 2;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) {  // lone surrogate
      out.append(utf8::kReplacementChar);
      ++bad;
      continue;
    }
    utf8::append(out, u);
  }
  if (i < in.size()) {  // odd trailing byte
    out.append(utf8::kReplacementChar);
    ++bad;
  }
  return bad;
}

struct IconvCloser {
  void operator()(void* cd) const { iconv_close(static_cast<iconv_t>(cd)); }
};

// Decodes with iconv, replacing each undecodable byte with U+FFFD and carrying on.
std::size_t decode_with_iconv(std::string_view in, const std::string& from, std::string& out) {
  iconv_t raw = iconv_open("UTF-8", from.c_str());
  if (raw == reinterpret_cast<iconv_t>(-1))
    throw UnknownEncodingError("unknown encoding '" + from + "'");
  std::unique_ptr<void, IconvCloser> cd(raw);

  out.assign(in.size() * 2 + 16, '\0');
  char* src = const_cast<char*>(in.data());  // iconv's signature is not const-correct
  std::size_t src_left = in.size();
  std::size_t written = 0;
  std::size_t bad = 0;
  while (src_left > 0) {
    char* dst = out.data() + written;
    std::size_t dst_left = out.size() - written;
    const std::size_t rc = iconv(raw, &src, &src_left, &dst, &dst_left);
    written = out.size() - dst_left;
    if (rc != static_cast<std::size_t>(-1)) break;
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
    } else {  // EILSEQ or EINVAL: skip one byte, mark it, reset the shift state
      if (out.size() - written < 8) out.resize(out.size() * 2);
      std::copy(utf8::kReplacementChar.begin(), utf8::kReplacementChar.end(), out.begin() + written);
      written += utf8::kReplacementChar.size();
      ++src;
      --src_left;
      ++bad;
      iconv(raw, nullptr, nullptr, nullptr, nullptr);
    }
  }
  out.resize(written);
  return bad;
}

// UTF-16 without a BOM: ASCII text (the header "text,result" at least) then
// has a zero in every other byte.
const char* guess_bomless_utf16(std::string_view bytes) {
  const std::size_t n = std::min<std::size_t>(bytes.size() & ~std::size_t{1}, 256);
  if (n < 8) return nullptr;
  std::size_t zero_even = 0, zero_odd = 0;
  for (std::size_t i = 0; i < n; ++i)
    if (bytes[i] == '\0') (i % 2 == 0 ? zero_even : zero_odd)++;
  const std::size_t pairs = n / 2;
  if (zero_odd * 10 >= pairs * 4 && zero_even * 10 < pairs) return "utf-16le";
  if (zero_even * 10 >= pairs * 4 && zero_odd * 10 < pairs) return "utf-16be";
  return nullptr;
}

DecodedText decode_as(std::string_view bytes, const std::string& encoding, bool detected) {
  DecodedText result;
  result.detected = detected;
  result.encoding = encoding;
  if (encoding == "utf-8") {
    if (bytes.starts_with(kUtf8Bom)) {
      bytes.remove_prefix(kUtf8Bom.size());
      result.had_bom = true;
    }
    result.undecodable = utf8::sanitize(bytes, result.utf8);
  } else if (encoding == "utf-16le" || encoding == "utf-16be" || encoding == "utf-16") {
    bool little = encoding != "utf-16be";
    if (bytes.starts_with(kUtf16LeBom) && encoding != "utf-16be") {
      little = true;
      result.had_bom = true;
    } else if (bytes.starts_with(kUtf16BeBom) && encoding != "utf-16le") {
      little = false;
      result.had_bom = true;
    }
    if (result.had_bom) bytes.remove_prefix(2);
    result.encoding = little ? "utf-16le" : "utf-16be";
    result.undecodable = decode_utf16(bytes, little, result.utf8);
  } else {
    std::string iconv_name = encoding;
    std::transform(iconv_name.begin(), iconv_name.end(), iconv_name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
    result.undecodable = decode_with_iconv(bytes, iconv_name, result.utf8);
    // A UTF-8 BOM can survive an 8-bit decoding only as text; a GBK file never has one.
  }
  return result;
}

}  // namespace

std::string canonical_encoding_name(std::string_view name) {
  const std::string n = utf8::ascii_lower(name);
  if (n == "utf8" || n == "utf-8" || n == "utf-8-sig" || n == "utf8-sig") return "utf-8";
  if (n == "utf16" || n == "utf-16") return "utf-16";
  if (n == "utf-16le" || n == "utf16le" || n == "utf-16-le") return "utf-16le";
  if (n == "utf-16be" || n == "utf16be" || n == "utf-16-be") return "utf-16be";
  if (n == "cp936" || n == "gbk" || n == "ms936" || n == "windows-936" || n == "gb2312") return "gbk";
  if (n == "gb18030" || n == "gb-18030") return "gb18030";
  if (n == "latin1" || n == "latin-1" || n == "iso8859-1") return "iso-8859-1";
  return n;
}

DecodedText decode_to_utf8(std::string_view bytes, std::string_view requested) {
  if (!requested.empty() && utf8::ascii_lower(requested) != "auto")
    return decode_as(bytes, canonical_encoding_name(requested), /*detected=*/false);

  if (bytes.starts_with(kUtf8Bom)) return decode_as(bytes, "utf-8", true);
  if (bytes.starts_with(kUtf16LeBom)) return decode_as(bytes, "utf-16le", true);
  if (bytes.starts_with(kUtf16BeBom)) return decode_as(bytes, "utf-16be", true);
  if (const char* utf16 = guess_bomless_utf16(bytes)) return decode_as(bytes, utf16, true);

  const std::size_t utf8_errors = utf8::count_invalid(bytes);
  if (utf8_errors == 0) return decode_as(bytes, "utf-8", true);

  // Not UTF-8: the usual reason is Excel's ANSI code page on Chinese Windows.
  DecodedText gbk = decode_as(bytes, "gbk", true);
  if (gbk.undecodable == 0) return gbk;
  DecodedText gb18030 = decode_as(bytes, "gb18030", true);
  if (gb18030.undecodable < utf8_errors) return gb18030;
  return decode_as(bytes, "utf-8", true);
}

std::optional<Utf8Candidate> utf8_candidate(std::string_view bytes, std::string_view requested) {
  const bool detect = requested.empty() || utf8::ascii_lower(requested) == "auto";
  if (!detect && canonical_encoding_name(requested) != "utf-8") return std::nullopt;
  const bool bom = bytes.starts_with(kUtf8Bom);
  if (detect && !bom &&
      (bytes.starts_with(kUtf16LeBom) || bytes.starts_with(kUtf16BeBom) || guess_bomless_utf16(bytes) != nullptr))
    return std::nullopt;
  return Utf8Candidate{bom ? kUtf8Bom.size() : 0, detect};
}

}  // namespace tunedesk::data
