// bf16 as bits: the upper 16 bits of an IEEE fp32 (8 exponent bits, 7 of
// significand). Widening is exact; narrowing rounds to nearest, ties to
// even, keeps infinities, and keeps a NaN a NaN (quiet, its sign and upper
// payload bits kept: rounding its bits could make an infinity).
// Written as plain expressions without branches, so that a loop over them
// vectorises; static, so that each instruction-set file of the kernels
// (engine/kernels/) compiles its own copy and none leaks to another CPU.
#pragma once

#include <bit>
#include <cstdint>

namespace tunedesk::util {

[[maybe_unused]] static inline float bf16_bits_to_fp32(uint16_t bits) {
  return std::bit_cast<float>(static_cast<uint32_t>(bits) << 16);
}

[[maybe_unused]] static inline uint16_t fp32_to_bf16_bits(float value) {
  const uint32_t f = std::bit_cast<uint32_t>(value);
  const uint32_t rounded = (f + 0x7fffu + ((f >> 16) & 1u)) >> 16;
  return static_cast<uint16_t>((f & 0x7fffffffu) > 0x7f800000u ? (f >> 16) | 0x40u : rounded);
}

}  // namespace tunedesk::util
