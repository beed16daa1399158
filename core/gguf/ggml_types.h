// ggml's tensor types that TuneDesk writes, and the conversions into them
// from fp32: the plain floats and Q8_0/Q4_0/Q5_0 bit for bit as ggml and the
// gguf Python package make them, the k-quants in ggml's layout with scales of
// TuneDesk's choosing (quant_blocks.h).
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
  q4_0 = 2,   // blocks of 32: fp16 scale, 4-bit codes
  q5_0 = 6,   // blocks of 32: fp16 scale, 5-bit codes
  q8_0 = 8,   // blocks of 32: an fp16 scale d = max|x| / 127, then 32 int8 x / d rounded half away from zero
  q4_k = 12,  // super-blocks of 256: 4-bit codes, 6-bit scales and mins per 32
  q6_k = 14,  // super-blocks of 256: 6-bit codes, 8-bit scales per 16
  bf16 = 30,
};

struct TypeTraits {
  TensorType type;
  const char* name;          // "F32", "F16", "Q8_0", "Q4_K", "BF16" (ggml's names)
  int64_t block_elements;    // values per block (1 for plain floats)
  int64_t block_bytes;       // bytes per block
};
const TypeTraits& traits(TensorType t);
std::optional<TensorType> parse_tensor_type(std::string_view name);  // "f32", "F16", "q8_0", "q4_k", ...
// Every type above, for readers that check what a file holds.
std::span<const TypeTraits> all_types();
// Bytes of a row of `columns` values; columns must be a multiple of the block size.
uint64_t row_bytes(TensorType t, int64_t columns);

// fp32 <-> fp16 (IEEE half) and bf16, rounding to nearest even; NaN stays NaN
// (quiet), infinities stay infinite, fp16 subnormals are kept.
uint16_t fp32_to_fp16(float x);
float fp16_to_fp32(uint16_t h);
uint16_t fp32_to_bf16(float x);
float bf16_to_fp32(uint16_t b);

// Appends the encoding of `values` (a whole number of rows) to `out`.
// Throws std::invalid_argument when a block type gets a length not divisible
// by its block.
void encode(TensorType t, std::span<const float> values, std::string& out);
// The values back as fp32.
std::vector<float> decode(TensorType t, std::string_view bytes, int64_t count);

}  // namespace tunedesk::gguf
