// gemv_kernels.h's products in plain C++ for the build's own target: the
// reference the vector versions are tested against, and what a CPU without
// AVX2 runs. Eight partial sums per dot product, as the vector versions keep
// per lane, so that the compiler may vectorise without reassociating.
#include <algorithm>
#include <cmath>
#include <cstring>

#include "engine/kernels/gemv_kernels.h"
#include "engine/kernels/row_loops.h"

namespace tunedesk::engine::kernels {
namespace {

inline float widen_bf16(uint16_t bits) {
  const uint32_t u = static_cast<uint32_t>(bits) << 16;
  float f;
  std::memcpy(&f, &u, sizeof f);
  return f;
}

inline float sum8(const float* s) { return ((s[0] + s[1]) + (s[2] + s[3])) + ((s[4] + s[5]) + (s[6] + s[7])); }

inline float widen(float v) { return v; }
inline float widen(uint16_t bits) { return widen_bf16(bits); }

template <class Weight>
float dot(const Weight* w, const float* x, int64_t cols) {
  float s[8] = {};
  int64_t c = 0;
  for (; c + 8 <= cols; c += 8)
    for (int k = 0; k < 8; ++k) s[k] += widen(w[c + k]) * x[c + k];
  for (; c < cols; ++c) s[0] += widen(w[c]) * x[c];
  return sum8(s);
}

void gemv_q8_0(const int8_t* q, const float* d, const int8_t* xq, const float* xd, float* y, int64_t n,
               int64_t first, int64_t last, int64_t rows, int64_t cols) {
  const int64_t blocks = cols / kQ8BlockSize;
  for (int64_t r = first; r < last; ++r)
    for (int64_t t = 0; t < n; ++t) {
      const int8_t* qr = q + r * cols;
      const int8_t* xt = xq + t * cols;
      float s = 0;
      for (int64_t b = 0; b < blocks; ++b) {
        int32_t block = 0;
        for (int64_t c = b * kQ8BlockSize; c < (b + 1) * kQ8BlockSize; ++c)
          block += static_cast<int32_t>(qr[c]) * static_cast<int32_t>(xt[c]);
        s += d[r * blocks + b] * xd[t * blocks + b] * static_cast<float>(block);
      }
      y[t * rows + r] = s;
    }
}

void bf16_to_f32(const uint16_t* w, float* out, int64_t count) {
  for (int64_t i = 0; i < count; ++i) out[i] = widen_bf16(w[i]);
}

void q8_0_to_f32(const int8_t* q, const float* d, float* out, int64_t count) {
  for (int64_t i = 0; i < count; ++i) out[i] = d[i / kQ8BlockSize] * static_cast<float>(q[i]);
}

}  // namespace

void quantize_q8(const float* x, int8_t* q, float* d, int64_t count) {
  for (int64_t b = 0; b < count / kQ8BlockSize; ++b) {
    const float* xb = x + b * kQ8BlockSize;
    float amax = 0;
    for (int64_t i = 0; i < kQ8BlockSize; ++i) amax = std::max(amax, std::fabs(xb[i]));
    const float scale = amax / 127.0f;
    const float inverse = scale != 0.0f ? 1.0f / scale : 0.0f;
    d[b] = scale;
    for (int64_t i = 0; i < kQ8BlockSize; ++i) q[b * kQ8BlockSize + i] = static_cast<int8_t>(std::lround(xb[i] * inverse));
  }
}

const GemvKernels& baseline_kernels() {
  static const GemvKernels k{"baseline", gemv_rows<float, dot<float>>, gemv_rows<uint16_t, dot<uint16_t>>, gemv_q8_0,
                             bf16_to_f32, q8_0_to_f32};
  return k;
}

}  // namespace tunedesk::engine::kernels
