// ggml's quantized block formats: one block of fp32 values in, its bytes out,
// and back. The layouts are ggml's (ggml-common.h); the choice of scales is
// TuneDesk's own where ggml's format leaves it open (the k-quants).
//
//   Q8_0  32 values, 34 bytes:  fp16 d, int8 q[32]                 x = d·q
//   Q4_0  32 values, 18 bytes:  fp16 d, 16 bytes of nibbles        x = d·(q − 8)
//   Q5_0  32 values, 22 bytes:  fp16 d, 4 bytes of 5th bits, nibbles   x = d·(q − 16)
//   Q4_K 256 values, 144 bytes: fp16 d, fp16 dmin, 12 bytes of 6-bit scales and
//                               mins for 8 sub-blocks of 32, 128 bytes of nibbles
//                               x = d·sc·q − dmin·m
//   Q6_K 256 values, 210 bytes: 128 bytes of low nibbles, 64 bytes of high 2 bits,
//                               int8 scales for 16 sub-blocks of 16, fp16 d
//                               x = d·sc·(q − 32)
//
// For Q8_0, Q4_0 and Q5_0 the scale is fixed by the format's reference
// (max|x| maps to the end of the range) and the bytes equal ggml's and
// llama-quantize's. For Q4_K and Q6_K each sub-block's scale (and Q4_K's
// offset) is searched for the least weighted squared error, then the
// sub-block scales are themselves quantized and the values re-fitted to them.
#pragma once

#include <cstdint>

namespace tunedesk::gguf::blocks {

// Each encode writes exactly the block's bytes to `out`; each decode reads them.
void encode_q8_0(const float* x, char* out);  // 32 values -> 34 bytes
void decode_q8_0(const char* in, float* y);
void encode_q4_0(const float* x, char* out);  // 32 values -> 18 bytes
void decode_q4_0(const char* in, float* y);
void encode_q5_0(const float* x, char* out);  // 32 values -> 22 bytes
void decode_q5_0(const char* in, float* y);
void encode_q4_k(const float* x, char* out);  // 256 values -> 144 bytes
void decode_q4_k(const char* in, float* y);
void encode_q6_k(const float* x, char* out);  // 256 values -> 210 bytes
void decode_q6_k(const char* in, float* y);

// A block's little-endian 16-bit fields (fp16 scales).
inline void store_u16(char* p, uint16_t v) {
  p[0] = static_cast<char>(v & 0xff);
  p[1] = static_cast<char>(v >> 8);
}
inline uint16_t load_u16(const char* p) {
  return static_cast<uint16_t>(static_cast<unsigned char>(p[0]) | (static_cast<unsigned char>(p[1]) << 8));
}

// Rounding half away from zero, as ggml's roundf (not floor(|x| + 0.5): the
// sum itself rounds, 0.49999997 would become 1).
float round_half_away(float x);

}  // namespace tunedesk::gguf::blocks
