#include "data/split.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace tunedesk::data {

std::vector<bool> choose_validation_rows(std::size_t n, double ratio, uint64_t seed) {
  std::vector<bool> chosen(n, false);
  if (n == 0 || ratio <= 0.0) return chosen;
  auto count = static_cast<std::size_t>(std::llround(static_cast<double>(n) * ratio));
  if (ratio < 1.0 && n >= 2) count = std::clamp<std::size_t>(count, 1, n - 1);
  count = std::min(count, n);

  // Partial Fisher–Yates: the first `count` slots end up a uniform sample.
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  SplitMix64 rng(seed);
  for (std::size_t i = 0; i < count; ++i) {
    const std::size_t j = i + static_cast<std::size_t>(rng.below(n - i));
    std::swap(order[i], order[j]);
    chosen[order[i]] = true;
  }
  return chosen;
}

}  // namespace tunedesk::data
