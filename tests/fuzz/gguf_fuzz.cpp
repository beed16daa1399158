// libFuzzer target: arbitrary bytes as a GGUF file. Reading either fails
// with GgufError or yields tensors whose bytes lie inside the input and
// decode to as many floats as their shape holds. Built and run by scripts/fuzz.sh.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "gguf/gguf_file.h"

using namespace tunedesk::gguf;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, std::size_t size) {
  const std::string_view file(reinterpret_cast<const char*>(data), size);
  try {
    const GgufReader r(file, "fuzz.gguf");
    for (const auto& [key, value] : r.metadata()) (void)value.describe();
    for (const TensorInfo& t : r.tensors()) {
      const std::string_view bytes = r.data(t);
      if (bytes.data() < file.data() || bytes.data() + bytes.size() > file.data() + file.size()) std::abort();
      int64_t n = 1;
      for (int64_t d : t.shape) n *= d;
      if (static_cast<int64_t>(r.floats(t).size()) != n) std::abort();
    }
  } catch (const GgufError&) {
  }
  return 0;
}
