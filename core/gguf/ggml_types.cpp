#include "gguf/ggml_types.h"

#include "gguf/quant_blocks.h"
#include "util/bf16.h"
#include "util/utf8.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <stdexcept>
#include <thread>

namespace tunedesk::gguf {
namespace {

constexpr TypeTraits kTypes[] = {
    {TensorType::f32, "F32", 1, 4},
    {TensorType::f16, "F16", 1, 2},
    {TensorType::q4_0, "Q4_0", 32, 18},
    {TensorType::q5_0, "Q5_0", 32, 22},
    {TensorType::q8_0, "Q8_0", 32, 34},
    {TensorType::q4_k, "Q4_K", 256, 144},
    {TensorType::q6_k, "Q6_K", 256, 210},
    {TensorType::bf16, "BF16", 1, 2},
};

void put16(std::string& out, uint16_t v) {
  out.push_back(static_cast<char>(v & 0xff));
  out.push_back(static_cast<char>(v >> 8));
}

// The block codec of each quantized type.
struct BlockCodec {
  TensorType type;
  void (*encode)(const float*, char*);
  void (*decode)(const char*, float*);
};
constexpr BlockCodec kCodecs[] = {
    {TensorType::q4_0, blocks::encode_q4_0, blocks::decode_q4_0},
    {TensorType::q5_0, blocks::encode_q5_0, blocks::decode_q5_0},
    {TensorType::q8_0, blocks::encode_q8_0, blocks::decode_q8_0},
    {TensorType::q4_k, blocks::encode_q4_k, blocks::decode_q4_k},
    {TensorType::q6_k, blocks::encode_q6_k, blocks::decode_q6_k},
};
const BlockCodec* codec(TensorType t) {
  for (const BlockCodec& c : kCodecs)
    if (c.type == t) return &c;
  return nullptr;
}

}  // namespace

const TypeTraits& traits(TensorType t) {
  for (const TypeTraits& k : kTypes)
    if (k.type == t) return k;
  throw std::invalid_argument("unknown ggml tensor type " + std::to_string(static_cast<uint32_t>(t)));
}

std::span<const TypeTraits> all_types() { return kTypes; }

std::optional<TensorType> parse_tensor_type(std::string_view name) {
  const std::string lower = utf8::ascii_lower(name);
  for (const TypeTraits& k : kTypes)
    if (lower == utf8::ascii_lower(k.name)) return k.type;
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

uint16_t fp32_to_bf16(float x) { return util::fp32_to_bf16_bits(x); }

float bf16_to_fp32(uint16_t b) { return util::bf16_bits_to_fp32(b); }

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
    default: break;
  }
  const BlockCodec* c = codec(t);
  if (!c) throw std::invalid_argument("unknown ggml tensor type " + std::to_string(static_cast<uint32_t>(t)));
  const TypeTraits& k = traits(t);
  const auto block = static_cast<std::size_t>(k.block_elements);
  if (values.size() % block != 0)
    throw std::invalid_argument(std::string(k.name) + " needs a multiple of " + std::to_string(block) + " values, not " +
                                std::to_string(values.size()));
  const std::size_t start = out.size(), count = values.size() / block;
  out.resize(start + count * static_cast<std::size_t>(k.block_bytes));
  // Blocks are independent: large spans are split over the cores (the
  // k-quants' scale search costs a few hundred operations per value).
  const auto encode_range = [&](std::size_t first, std::size_t last) {
    for (std::size_t b = first; b < last; ++b) c->encode(values.data() + b * block, out.data() + start + b * k.block_bytes);
  };
  constexpr std::size_t kBlocksPerThread = 1024;
  const std::size_t threads = std::min<std::size_t>(std::max(1u, std::thread::hardware_concurrency()), count / kBlocksPerThread);
  if (threads <= 1) return encode_range(0, count);
  std::vector<std::thread> pool;
  const std::size_t share = (count + threads - 1) / threads;
  for (std::size_t worker = 1; worker < threads; ++worker)
    pool.emplace_back(encode_range, std::min(count, worker * share), std::min(count, (worker + 1) * share));
  encode_range(0, share);
  for (std::thread& th : pool) th.join();
}

std::vector<float> decode(TensorType t, std::string_view bytes, int64_t count) {
  const uint64_t needed = row_bytes(t, count);
  if (bytes.size() < needed) throw std::invalid_argument("not enough bytes for " + std::to_string(count) + " values");
  std::vector<float> out(static_cast<std::size_t>(count));
  const char* p = bytes.data();
  switch (t) {
    case TensorType::f32: std::memcpy(out.data(), p, out.size() * 4); return out;
    case TensorType::f16:
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = fp16_to_fp32(blocks::load_u16(p + 2 * i));
      return out;
    case TensorType::bf16:
      for (std::size_t i = 0; i < out.size(); ++i) out[i] = bf16_to_fp32(blocks::load_u16(p + 2 * i));
      return out;
    default: break;
  }
  const BlockCodec* c = codec(t);
  if (!c) throw std::invalid_argument("unknown ggml tensor type " + std::to_string(static_cast<uint32_t>(t)));
  const TypeTraits& k = traits(t);
  for (int64_t b = 0; b < count / k.block_elements; ++b) c->decode(p + b * k.block_bytes, out.data() + b * k.block_elements);
  return out;
}

}  // namespace tunedesk::gguf
