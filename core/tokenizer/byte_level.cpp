#include "tokenizer/byte_level.h"

#include <array>

#include "util/utf8.h"

namespace tunedesk::tok {
namespace {

// Printable Latin-1 bytes map to themselves; the other 68 (controls, space,
// DEL, NBSP, soft hyphen) map to U+0100 onwards, in byte order.
struct ByteMap {
  std::array<char32_t, 256> to_char{};
  std::array<std::string, 256> to_utf8;
  std::array<int16_t, 512> from_char{};  // mapped characters are all below U+0200

  ByteMap() {
    from_char.fill(-1);
    char32_t next = 0x100;
    for (int b = 0; b < 256; ++b) {
      const bool printable = (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
      to_char[b] = printable ? static_cast<char32_t>(b) : next++;
      utf8::append(to_utf8[b], to_char[b]);
      from_char[to_char[b]] = static_cast<int16_t>(b);
    }
  }
};

const ByteMap& byte_map() {
  static const ByteMap map;
  return map;
}

}  // namespace

void bytes_to_chars(std::string_view bytes, std::string& out) {
  const ByteMap& map = byte_map();
  for (unsigned char b : bytes) out += map.to_utf8[b];
}

int char_to_byte(char32_t cp) {
  if (cp >= 512) return -1;
  return byte_map().from_char[cp];
}

}  // namespace tunedesk::tok
