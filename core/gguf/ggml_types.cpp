#include "gguf/ggml_types.h"

#include <algorithm>
#include <bit>
#include <cctype>
#include <cmath>
#include <cstring>
#include <stdexcept>

namespace tunedesk::gguf {
namespace {

constexpr TypeTraits kTypes[] = {
    {TensorType::f32, "F32", 1, 4},
    {TensorType::f16, "F16", 1, 2},
    {TensorType::q8_0, "Q8_0", 32, 2 + 32},
    {TensorType::bf16, "BF16", 1, 2},
};

void put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}
uint16_t get16(const char* p) {
  return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}

// Rounding half away from zero, as ggml's roundf and gguf's np_roundf do
// (not floor(|x| + 0.5): the sum itself rounds, 0.49999997 would become 1).
float round_half_away(float x) {
  const float a = std::fabs(x), whole = std::floor(a);
  return std::copysign(whole + std::floor(2.0f * (a - whole)), x);
}

}  // namespace

const TypeTraits& traits(TensorType t) {
  for (const TypeTraits& k : kTypes)
    if (k.type == t) return k;
  throw std::invalid_argument("unknown ggml tensor type " + std::to_string(static_cast<uint32_t>(t)));
}

std::optional<TensorType> parse_tensor_type(std::string_view name) {
  std::string upper(name);
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const TypeTraits& k : kTypes)
    if (upper == k.name) return k.type;
  return std::nullopt;
}

uint64_t row_bytes(TensorType t, int64_t columns) {
  const TypeTraits& k = traits(t);
  if (columns % k.block_elements != 0)
    throw std::invalid_argument(std::string(k.name) + " needs rows of a multiple of " + std::to_string(k.block_elements) +
                                " values, not " + std::to_string(columns));
  return static_cast<uint64_t>(columns / k.block_elements * k.block_bytes);
}

uint16_t fp32_to_fp16(float x) {
  const uint32_t f = std::bit_cast<uint32_t>(x);
  const uint32_t sign = (f >> 16) & 0x8000u;
  const uint32_t abs = f & 0x7fffffffu;
  if (abs > 0x7f800000u) return static_cast<uint16_t>(sign | 0x7e00u | ((abs >> 13) & 0x3ffu));  // NaN, quiet
  if (abs >= 0x477ff000u) return static_cast<uint16_t>(sign | 0x7c00u);  // rounds to ±inf (or is inf)
  if (abs < 0x38800000u) {
    // Subnormal in fp16 (or zero): value / 2^-24, rounded to nearest even.
    if (abs < 0x33000000u) return static_cast<uint16_t>(sign);  // below half the smallest subnormal
    const uint32_t mantissa = (abs & 0x7fffffu) | 0x800000u;
    const int shift = 126 - static_cast<int>(abs >> 23);  // 14 .. 24
    const uint32_t kept = mantissa >> shift;
    const uint32_t rest = mantissa & ((1u << shift) - 1);
    const uint32_t half = 1u << (shift - 1);
    const uint32_t rounded = kept + (rest > half || (rest == half && (kept & 1u)) ? 1u : 0u);
    return static_cast<uint16_t>(sign | rounded);
  }
  // Normal: rebias the exponent (127 -> 15), round the mantissa 23 -> 10 bits to nearest even.
  const uint32_t rebiased = abs - 0x38000000u;
  const uint32_t rounded = rebiased + 0xfffu + ((rebiased >> 13) & 1u);
  return static_cast<uint16_t>(sign | (rounded >> 13));
}

float fp16_to_fp32(uint16_t h) {
  const uint32_t sign = static_cast<uint32_t>(h & 0x8000u) << 16;
  const uint32_t exponent = (h >> 10) & 0x1fu;
  uint32_t mantissa = h & 0x3ffu;
  uint32_t f;
  if (exponent == 0x1f) {
    f = sign | 0x7f800000u | (mantissa << 13);
  } else if (exponent != 0) {
    f = sign | ((exponent + 112) << 23) | (mantissa << 13);
  } else if (mantissa == 0) {
    f = sign;
  } else {  // subnormal: normalise
    int e = -1;
    do {
      ++e;
      mantissa <<= 1;
    } while ((mantissa & 0x400u) == 0);
    f = sign | static_cast<uint32_t>(112 - e) << 23 | ((mantissa & 0x3ffu) << 13);
  }
  return std::bit_cast<float>(f);
}

uint16_t fp32_to_bf16(float x) {
  uint32_t f = std::bit_cast<uint32_t>(x);
  if ((f & 0x7fffffffu) > 0x7f800000u) return static_cast<uint16_t>((f >> 16) | 0x40u);  // NaN, quiet
  f += 0x7fffu + ((f >> 16) & 1u);
  return static_cast<uint16_t>(f >> 16);
}

float bf16_to_fp32(uint16_t b) { return std::bit_cast<float>(static_cast<uint32_t>(b) << 16); }

void encode(TensorType t, std::span<const float> values, std::string& out) {
  switch (t) {
    case TensorType::f32: {
      const std::size_t start = out.size();
      out.resize(start + values.size() * 4);
      std::memcpy(out.data() + start, values.data(), values.size() * 4);  // little-endian hosts only (x86-64, arm64)
      return;
    }
    case TensorType::f16:
      out.reserve(out.size() + values.size() * 2);
      for (float v : values) put16(out, fp32_to_fp16(v));
      return;
    case TensorType::bf16:
      out.reserve(out.size() + values.size() * 2);
      for (float v : values) put16(out, fp32_to_bf16(v));
      return;
    case TensorType::q8_0: {
      if (values.size() % 32 != 0)
        throw std::invalid_argument("Q8_0 needs a multiple of 32 values, not " + std::to_string(values.size()));
      out.reserve(out.size() + values.size() / 32 * 34);
      for (std::size_t b = 0; b < values.size(); b += 32) {
        float amax = 0;
        for (std::size_t i = 0; i < 32; ++i) amax = std::max(amax, std::fabs(values[b + i]));
        const float d = amax / 127.0f;
        const float id = d != 0.0f ? 1.0f / d : 0.0f;
        put16(out, fp32_to_fp16(d));
        for (std::size_t i = 0; i < 32; ++i)
          out.push_back(static_cast<char>(static_cast<int8_t>(round_half_away(values[b + i] * id))));
      }
      return;
    }
  }
  throw std::invalid_argument("unknown ggml tensor type");
}

std::vector<float> decode(TensorType t, std::string_view bytes, int64_t count) {
  const uint64_t needed = row_bytes(t, count);
  if (bytes.size() < needed) throw std::invalid_argument("not enough bytes for " + std::to_string(count) + " values");
  std::vector<float> out(static_cast<std::size_t>(count));
  const char* p = bytes.data();
  switch (t) {
    case TensorType::f32: std::memcpy(out.data(), p, out.size() * 4); break;
    case TensorType::f16:
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = fp16_to_fp32(get16(p + 2 * i));
      break;
    case TensorType::bf16:
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = bf16_to_fp32(get16(p + 2 * i));
      break;
    case TensorType::q8_0:
      for (std::size_t b = 0; b < out.size() / 32; ++b) {
        const char* block = p + b * 34;
        const float d = fp16_to_fp32(get16(block));
        for (std::size_t i = 0; i < 32; ++i) out[b * 32 + i] = d * static_cast<float>(static_cast<int8_t>(block[2 + i]));
      }
      break;
  }
  return out;
}

}  // namespace tunedesk::gguf
