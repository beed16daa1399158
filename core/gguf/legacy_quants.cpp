// ggml's blocks of 32 with one scale: Q8_0, Q4_0, Q5_0 (see quant_blocks.h).
#include <algorithm>
#include <cmath>
#include <cstring>

#include "gguf/ggml_types.h"
#include "gguf/quant_blocks.h"

namespace tunedesk::gguf::blocks {
namespace {


// The value of largest magnitude, sign kept (the first of equals): Q4_0 and
// Q5_0 map it to the negative end of their range, which is one step longer.
float signed_max(const float* x) {
  float amax = 0, max = 0;
  for (int j = 0; j < 32; ++j)
    if (std::fabs(x[j]) > amax) amax = std::fabs(x[j]), max = x[j];
  return max;
}

// Offset-binary code of x·id for a range of `levels`: trunc(x·id + levels/2 + 0.5),
// at most levels − 1 (x·id is within ±levels/2, so the sum is never negative).
uint8_t offset_code(float x, float id, int levels) {
  const int code = static_cast<int>(x * id + (static_cast<float>(levels / 2) + 0.5f));
  return static_cast<uint8_t>(std::min(levels - 1, code));
}

}  // namespace

float round_half_away(float x) {
  const float a = std::fabs(x), whole = std::floor(a);
  return std::copysign(whole + std::floor(2.0f * (a - whole)), x);
}

void encode_q8_0(const float* x, char* out) {
  float amax = 0;
  for (int j = 0; j < 32; ++j) amax = std::max(amax, std::fabs(x[j]));
  const float d = amax / 127.0f;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  store_u16(out, fp32_to_fp16(d));
  for (int j = 0; j < 32; ++j) out[2 + j] = static_cast<char>(static_cast<int8_t>(round_half_away(x[j] * id)));
}

void decode_q8_0(const char* in, float* y) {
  const float d = fp16_to_fp32(load_u16(in));
  for (int j = 0; j < 32; ++j) y[j] = d * static_cast<float>(static_cast<int8_t>(in[2 + j]));
}

// Byte j holds value j in its low nibble and value j + 16 in its high one.
void encode_q4_0(const float* x, char* out) {
  const float d = signed_max(x) / -8.0f;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  store_u16(out, fp32_to_fp16(d));
  for (int j = 0; j < 16; ++j)
    out[2 + j] = static_cast<char>(offset_code(x[j], id, 16) | (offset_code(x[j + 16], id, 16) << 4));
}

void decode_q4_0(const char* in, float* y) {
  const float d = fp16_to_fp32(load_u16(in));
  for (int j = 0; j < 16; ++j) {
    const auto byte = static_cast<unsigned char>(in[2 + j]);
    y[j] = d * static_cast<float>((byte & 0xf) - 8);
    y[j + 16] = d * static_cast<float>((byte >> 4) - 8);
  }
}

// As Q4_0 with a fifth bit per value: bit j of the little-endian word after d
// belongs to value j.
void encode_q5_0(const float* x, char* out) {
  const float d = signed_max(x) / -16.0f;
  const float id = d != 0.0f ? 1.0f / d : 0.0f;
  store_u16(out, fp32_to_fp16(d));
  uint32_t high = 0;
  for (int j = 0; j < 16; ++j) {
    const uint8_t lo = offset_code(x[j], id, 32), hi = offset_code(x[j + 16], id, 32);
    out[6 + j] = static_cast<char>((lo & 0xf) | ((hi & 0xf) << 4));
    high |= static_cast<uint32_t>(lo >> 4) << j;
    high |= static_cast<uint32_t>(hi >> 4) << (j + 16);
  }
  for (int b = 0; b < 4; ++b) out[2 + b] = static_cast<char>((high >> (8 * b)) & 0xff);
}

void decode_q5_0(const char* in, float* y) {
  const float d = fp16_to_fp32(load_u16(in));
  uint32_t high = 0;
  for (int b = 0; b < 4; ++b) high |= static_cast<uint32_t>(static_cast<unsigned char>(in[2 + b])) << (8 * b);
  for (int j = 0; j < 16; ++j) {
    const auto byte = static_cast<unsigned char>(in[6 + j]);
    const int lo = (byte & 0xf) | static_cast<int>(((high >> j) & 1u) << 4);
    const int hi = (byte >> 4) | static_cast<int>(((high >> (j + 16)) & 1u) << 4);
    y[j] = d * static_cast<float>(lo - 16);
    y[j + 16] = d * static_cast<float>(hi - 16);
  }
}

}  // namespace tunedesk::gguf::blocks
