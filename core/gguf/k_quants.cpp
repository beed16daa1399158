// ggml's k-quants Q4_K and Q6_K (see quant_blocks.h): super-blocks of 256
// values whose sub-blocks each get a scale, the scales themselves quantized
// against one fp16 scale per super-block.
//
// The format fixes only how a value is decoded; the scales are TuneDesk's
// choice. Each sub-block's scale (Q4_K: scale and offset) is searched over a
// small grid around the one that maps its extreme value to the end of the
// range, each candidate's codes re-fitted by weighted least squares, and the
// lowest error kept. The weights favour larger values a little (the mean
// magnitude plus |x|): those carry most of a matrix product.
#include <algorithm>
#include <cmath>
#include <limits>

#include "gguf/ggml_types.h"
#include "gguf/quant_blocks.h"

namespace tunedesk::gguf::blocks {
namespace {

constexpr int kSuper = 256;
constexpr int kGridSteps = 10;       // candidates k = −10 … 10
constexpr float kGridStep = 0.1f;    // in units of one quantization level

int nearest(float v) { return static_cast<int>(std::lrintf(v)); }
// Round to nearest (even) in float, for |v| < 2^22: adding 1.5·2^23 leaves no
// fraction bits. Plain arithmetic the compiler can keep in vector registers.
float round_float(float v) {
  constexpr float kMagic = 12582912.0f;
  return (v + kMagic) - kMagic;
}

// Weights of one super-block's values: sqrt(mean x²) + |x|.
void value_weights(const float* x, float* w) {
  double sum = 0;
  for (int i = 0; i < kSuper; ++i) sum += static_cast<double>(x[i]) * x[i];
  const float mean_magnitude = static_cast<float>(std::sqrt(sum / kSuper));
  for (int i = 0; i < kSuper; ++i) w[i] = mean_magnitude + std::fabs(x[i]);
}

// x ≈ scale·q + offset with q in [0, top], scale ≥ 0, offset ≤ 0 (Q4_K stores
// −offset as its "min"); fitted over n values with weights w.
struct AffineFit {
  float scale = 0, offset = 0;
};
AffineFit fit_affine(const float* x, const float* w, int n, int top) {
  float lo = 0, hi = x[0];
  for (int i = 0; i < n; ++i) lo = std::min(lo, x[i]), hi = std::max(hi, x[i]);
  if (hi <= lo) return {0.0f, lo};
  AffineFit best{(hi - lo) / static_cast<float>(top), lo};
  float best_error = std::numeric_limits<float>::infinity();
  float q[kSuper];
  const auto top_f = static_cast<float>(top);
  float sw = 0, sx = 0;
  for (int i = 0; i < n; ++i) sw += w[i], sx += w[i] * x[i];
  for (int k = -kGridSteps; k <= kGridSteps; ++k) {
    const float inverse = (top_f + kGridStep * static_cast<float>(k)) / (hi - lo);
    float sq = 0, sqq = 0, sqx = 0;
#pragma omp simd reduction(+ : sq, sqq, sqx)
    for (int i = 0; i < n; ++i) {
      q[i] = std::clamp(round_float(inverse * (x[i] - lo)), 0.0f, top_f);
      sq += w[i] * q[i], sqq += w[i] * q[i] * q[i], sqx += w[i] * q[i] * x[i];
    }
    // Least squares for (scale, offset) given the codes; an offset above zero
    // is not representable: then the best scale through the origin.
    const float det = sw * sqq - sq * sq;
    AffineFit f;
    if (det > 0) {
      f.scale = (sw * sqx - sq * sx) / det;
      f.offset = (sqq * sx - sq * sqx) / det;
    }
    if (det <= 0 || f.offset > 0) f = {sqq > 0 ? sqx / sqq : 0.0f, 0.0f};
    if (f.scale <= 0) continue;
    float error = 0;
#pragma omp simd reduction(+ : error)
    for (int i = 0; i < n; ++i) {
      const float e = f.scale * q[i] + f.offset - x[i];
      error += w[i] * e * e;
    }
    if (error < best_error) best_error = error, best = f;
  }
  return best;
}

// x ≈ scale·q with q in [−half, half − 1]; the scale's sign puts the value of
// largest magnitude on the longer, negative side.
float fit_symmetric(const float* x, const float* w, int n, int half) {
  float extreme = 0;
  for (int i = 0; i < n; ++i)
    if (std::fabs(x[i]) > std::fabs(extreme)) extreme = x[i];
  if (extreme == 0) return 0;
  float best = extreme / static_cast<float>(-half), best_error = std::numeric_limits<float>::infinity();
  for (int k = -kGridSteps; k <= kGridSteps; ++k) {
    const float inverse = -(static_cast<float>(half) + kGridStep * static_cast<float>(k)) / extreme;
    float sqq = 0, sqx = 0;
    float q[kSuper];
#pragma omp simd reduction(+ : sqq, sqx)
    for (int i = 0; i < n; ++i) {
      q[i] = std::clamp(round_float(inverse * x[i]), -static_cast<float>(half), static_cast<float>(half - 1));
      sqq += w[i] * q[i] * q[i], sqx += w[i] * q[i] * x[i];
    }
    if (sqq <= 0) continue;
    const float scale = sqx / sqq;
    float error = 0;
#pragma omp simd reduction(+ : error)
    for (int i = 0; i < n; ++i) {
      const float e = scale * q[i] - x[i];
      error += w[i] * e * e;
    }
    if (error < best_error) best_error = error, best = scale;
  }
  return best;
}

// Q4_K's 12 bytes for 8 six-bit (scale, min) pairs: pairs 0–3 in the low six
// bits of bytes 0–3 (scales) and 4–7 (mins); pairs 4–7 as a nibble each in
// bytes 8–11 (scale low, min high) and their top two bits in the spare two
// bits of bytes 0–7.
void pack_scale_mins(const uint8_t* sc, const uint8_t* m, unsigned char* q) {
  for (int j = 0; j < 4; ++j) {
    q[j] = static_cast<unsigned char>(sc[j] | ((sc[j + 4] >> 4) << 6));
    q[j + 4] = static_cast<unsigned char>(m[j] | ((m[j + 4] >> 4) << 6));
    q[j + 8] = static_cast<unsigned char>((sc[j + 4] & 0xf) | ((m[j + 4] & 0xf) << 4));
  }
}
void unpack_scale_min(int j, const unsigned char* q, int& sc, int& m) {
  if (j < 4) {
    sc = q[j] & 63;
    m = q[j + 4] & 63;
  } else {
    sc = (q[j + 4] & 0xf) | ((q[j - 4] >> 6) << 4);
    m = (q[j + 4] >> 4) | ((q[j] >> 6) << 4);
  }
}

}  // namespace

void encode_q4_k(const float* x, char* out) {
  float w[kSuper];
  value_weights(x, w);
  AffineFit fits[8];
  float max_scale = 0, max_min = 0;
  for (int j = 0; j < 8; ++j) {
    fits[j] = fit_affine(x + 32 * j, w + 32 * j, 32, 15);
    max_scale = std::max(max_scale, fits[j].scale);
    max_min = std::max(max_min, -fits[j].offset);
  }
  const uint16_t d16 = fp32_to_fp16(max_scale / 63.0f), dmin16 = fp32_to_fp16(max_min / 63.0f);
  const float d = fp16_to_fp32(d16), dmin = fp16_to_fp32(dmin16);
  uint8_t sc[8], m[8];
  for (int j = 0; j < 8; ++j) {
    sc[j] = static_cast<uint8_t>(d > 0 ? std::clamp(nearest(fits[j].scale / d), 0, 63) : 0);
    m[j] = static_cast<uint8_t>(dmin > 0 ? std::clamp(nearest(-fits[j].offset / dmin), 0, 63) : 0);
  }
  store_u16(out, d16);
  store_u16(out + 2, dmin16);
  auto* bytes = reinterpret_cast<unsigned char*>(out);
  pack_scale_mins(sc, m, bytes + 4);
  // Codes against the stored scales; byte l of each 32-byte group holds value
  // l of an even sub-block (low nibble) and of the odd one after it (high).
  uint8_t q[kSuper];
  for (int j = 0; j < 8; ++j) {
    const float step = d * sc[j], offset = dmin * m[j];
    for (int i = 0; i < 32; ++i)
      q[32 * j + i] = static_cast<uint8_t>(step > 0 ? std::clamp(nearest((x[32 * j + i] + offset) / step), 0, 15) : 0);
  }
  for (int group = 0; group < 4; ++group)
    for (int l = 0; l < 32; ++l)
      bytes[16 + 32 * group + l] = static_cast<unsigned char>(q[64 * group + l] | (q[64 * group + 32 + l] << 4));
}

void decode_q4_k(const char* in, float* y) {
  const float d = fp16_to_fp32(load_u16(in)), dmin = fp16_to_fp32(load_u16(in + 2));
  const auto* bytes = reinterpret_cast<const unsigned char*>(in);
  for (int j = 0; j < 8; ++j) {
    int sc, m;
    unpack_scale_min(j, bytes + 4, sc, m);
    const unsigned char* codes = bytes + 16 + 32 * (j / 2);
    for (int l = 0; l < 32; ++l) {
      const int q = j % 2 == 0 ? codes[l] & 0xf : codes[l] >> 4;
      y[32 * j + l] = d * static_cast<float>(sc) * static_cast<float>(q) - dmin * static_cast<float>(m);
    }
  }
}

// Q6_K: value v of each half (128 values) splits into a low nibble in ql and
// two high bits in qh. In a half, byte l of ql's first 32 holds values l (low
// nibble) and l + 64 (high); byte l + 32 holds l + 32 and l + 96; byte l of qh
// holds the high bits of l, l + 32, l + 64, l + 96 from its lowest pair up.
void encode_q6_k(const float* x, char* out) {
  float w[kSuper];
  value_weights(x, w);
  float scales[16], max_abs = 0;
  for (int j = 0; j < 16; ++j) {
    scales[j] = fit_symmetric(x + 16 * j, w + 16 * j, 16, 32);
    max_abs = std::max(max_abs, std::fabs(scales[j]));
  }
  const uint16_t d16 = fp32_to_fp16(max_abs / 127.0f);
  const float d = fp16_to_fp32(d16);
  auto* bytes = reinterpret_cast<unsigned char*>(out);
  unsigned char* ql = bytes;
  unsigned char* qh = bytes + 128;
  auto* sc = reinterpret_cast<int8_t*>(bytes + 192);
  uint8_t q[kSuper];
  for (int j = 0; j < 16; ++j) {
    sc[j] = static_cast<int8_t>(d > 0 ? std::clamp(nearest(scales[j] / d), -127, 127) : 0);
    const float step = d * sc[j];
    for (int i = 0; i < 16; ++i)
      q[16 * j + i] = static_cast<uint8_t>((step != 0 ? std::clamp(nearest(x[16 * j + i] / step), -32, 31) : 0) + 32);
  }
  for (int half = 0; half < 2; ++half) {
    const uint8_t* v = q + 128 * half;
    for (int l = 0; l < 32; ++l) {
      ql[64 * half + l] = static_cast<unsigned char>((v[l] & 0xf) | ((v[l + 64] & 0xf) << 4));
      ql[64 * half + l + 32] = static_cast<unsigned char>((v[l + 32] & 0xf) | ((v[l + 96] & 0xf) << 4));
      qh[32 * half + l] =
          static_cast<unsigned char>((v[l] >> 4) | ((v[l + 32] >> 4) << 2) | ((v[l + 64] >> 4) << 4) | ((v[l + 96] >> 4) << 6));
    }
  }
  store_u16(out + 208, d16);
}

void decode_q6_k(const char* in, float* y) {
  const auto* bytes = reinterpret_cast<const unsigned char*>(in);
  const unsigned char* ql = bytes;
  const unsigned char* qh = bytes + 128;
  const auto* sc = reinterpret_cast<const int8_t*>(bytes + 192);
  const float d = fp16_to_fp32(load_u16(in + 208));
  for (int half = 0; half < 2; ++half) {
    for (int l = 0; l < 32; ++l) {
      const unsigned char lo = ql[64 * half + l], lo2 = ql[64 * half + l + 32], hi = qh[32 * half + l];
      const int codes[4] = {(lo & 0xf) | ((hi & 3) << 4), (lo2 & 0xf) | (((hi >> 2) & 3) << 4),
                            (lo >> 4) | (((hi >> 4) & 3) << 4), (lo2 >> 4) | (((hi >> 6) & 3) << 4)};
      for (int k = 0; k < 4; ++k) {
        const int index = 128 * half + 32 * k + l;
        y[index] = d * static_cast<float>(sc[index / 16]) * static_cast<float>(codes[k] - 32);
      }
    }
  }
}

}  // namespace tunedesk::gguf::blocks
