// libFuzzer target: arbitrary bytes as a safetensors file. Parsing either
// fails with SafetensorsError or yields tensors whose bytes lie inside the
// input and match their shape and dtype. Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "model/safetensors.h"

using namespace tunedesk::model;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  try {
    const ParsedSafetensors parsed = parse_safetensors(file, "fuzz.safetensors");
    for (const TensorView& t : parsed.tensors) {
      if (t.bytes.data() < file.data() || t.bytes.data() + t.bytes.size() > file.data() + file.size()) std::abort();
      if (static_cast<uint64_t>(t.numel()) * dtype_size(t.dtype) != t.bytes.size()) std::abort();
      volatile char sink = 0;
      for (char c : t.bytes) sink = static_cast<char>(sink ^ c);  // every byte is readable
    }
  } catch (const SafetensorsError&) {
  }
  return 0;
}
