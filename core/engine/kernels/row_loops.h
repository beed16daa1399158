// The loop over output rows every kernel level shares: y[t, r] = Dot(W row r,
// x row t) for the rows [first, last) (gemv_kernels.h's shapes), as a
// GemvKernels entry. Included by the kernel files only; static, so each file
// keeps its own copy compiled with its own flags.
#pragma once

#include <cstdint>

namespace tunedesk::engine::kernels {

template <class Weight, float (*Dot)(const Weight*, const float*, int64_t)>
static void gemv_rows(const Weight* w, const float* x, float* y, int64_t n, int64_t first, int64_t last, int64_t rows,
                      int64_t cols) {
  for (int64_t r = first; r < last; ++r)
    for (int64_t t = 0; t < n; ++t) y[t * rows + r] = Dot(w + r * cols, x + t * cols, cols);
}

}  // namespace tunedesk::engine::kernels
