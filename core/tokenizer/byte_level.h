// The GPT-2 byte-to-character map that byte-level BPE vocabularies are written
// in: every byte gets a printable character ('Ġ' for the space byte, 'ä½ł'
// for the three bytes of 你).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tunedesk::tok {

// Appends the mapped characters of `bytes`.
void bytes_to_chars(std::string_view bytes, std::string& out);

// The byte a mapped character stands for, or -1 when `cp` is not one of them.
int char_to_byte(char32_t cp);

}  // namespace tunedesk::tok
