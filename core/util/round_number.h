// Round numbers people read at a glance: 1, 2, 5, 10, 20, 50, 100, …
// (histogram bin widths, chart tick intervals).
#pragma once

#include <cstddef>

namespace tunedesk::util {

// The smallest of 1, 2 and 5 × 10^k that is at least n (1 for n = 0).
inline std::size_t round_up_1_2_5(std::size_t n) {
  for (std::size_t scale = 1;; scale *= 10)
    for (const std::size_t step : {1, 2, 5})
      if (step * scale >= n) return step * scale;
}

}  // namespace tunedesk::util
