// Turning the bytes of an uploaded file into UTF-8 text.
//
// Chinese users' spreadsheets arrive as UTF-8 (with or without the BOM Excel
// writes), GBK/GB18030 (Excel's "CSV" on Chinese Windows) or UTF-16 (Excel's
// "Unicode Text"). `decode_to_utf8` detects which, or uses the encoding the
// caller names, and never fails on bad bytes: each undecodable sequence
// becomes U+FFFD so that validation can point at the line that holds it.
#pragma once

#include <cstddef>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tunedesk::data {

struct DecodedText {
  std::string utf8;            // the decoded text, without any byte-order mark
  std::string encoding;        // canonical name: "utf-8", "gbk", "gb18030", "utf-16le", "utf-16be", ...
  bool had_bom = false;        // the file started with a byte-order mark
  bool detected = false;       // true when the encoding was detected, false when requested
  std::size_t undecodable = 0; // byte sequences replaced by U+FFFD
};

// Thrown when the caller asks for an encoding this system cannot decode.
class UnknownEncodingError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

// `requested` is "auto" (or empty) to detect, or an encoding name such as
// "utf-8", "utf-8-sig", "gbk", "cp936", "gb18030", "utf-16", "utf-16le",
// "utf-16be", "big5", "latin1" (anything iconv knows).
DecodedText decode_to_utf8(std::string_view bytes, std::string_view requested = "auto");

// Whether `bytes` may be UTF-8 text usable in place, without decoding: UTF-8
// was asked for (or nothing was, and there is no sign of UTF-16). The caller
// must still check that the bytes after the BOM are valid UTF-8
// (utf8::count_invalid), which can run alongside parsing them.
struct Utf8Candidate {
  std::size_t bom_size = 0;
  bool detected = false;
};
std::optional<Utf8Candidate> utf8_candidate(std::string_view bytes, std::string_view requested = "auto");

// The canonical spelling of an encoding name ("UTF8" -> "utf-8", "cp936" -> "gbk").
std::string canonical_encoding_name(std::string_view name);

}  // namespace tunedesk::data
