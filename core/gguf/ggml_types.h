// ggml's tensor types that TuneDesk writes, and the conversions into them
// from fp32, bit for bit as ggml and the gguf Python package make them.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::gguf {

// ggml_type values, as stored in GGUF tensor descriptions.
enum class TensorType : uint32_t {
  f32 = 0,
  f16 = 1,
  q8_0 = 8,   // blocks of 32: an fp16 scale d = max|x| / 127, then 32 int8 x / d rounded half away from zero
  bf16 = 30,
};

struct TypeTraits {
  TensorType type;
  const char* name;          // "F32", "F16", "Q8_0", "BF16" (ggml's names)
  int64_t block_elements;    // values per block (1 for plain floats)
  int64_t block_bytes;       // bytes per block
};
const TypeTraits& traits(TensorType t);
std::optional<TensorType> parse_tensor_type(std::string_view name);  // "f32", "F16", "q8_0", "bf16", ...
// Bytes of a row of `columns` values; columns must be a multiple of the block size.
uint64_t row_bytes(TensorType t, int64_t columns);

// fp32 <-> fp16 (IEEE half) and bf16, rounding to nearest even; NaN stays NaN
// (quiet), infinities stay infinite, fp16 subnormals are kept.
uint16_t fp32_to_fp16(float x);
float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float x);
float bf16_to_fp32(uint16_t b);

// Appends the encoding of `values` (a whole number of rows) to `out`.
// Throws std::invalid_argument when Q8_0 gets a length not divisible by 32.
void encode(TensorType t, std::span<const float> values, std::string& out);
// The values back as fp32.
std::vector<float> decode(TensorType t, std::string_view bytes, int64_t count);

}  // namespace tunedesk::gguf
