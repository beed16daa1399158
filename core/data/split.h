// A deterministic train/validation split: the same ratio and seed always pick
// the same rows, on every machine (no std::shuffle, whose algorithm is up to
// the standard library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace tunedesk::data {

// splitmix64: a small, well-mixed generator whose output is fixed by its seed.
class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}
  uint64_t next();
  uint64_t below(uint64_t bound);  // uniform in [0, bound), bound > 0

 private:
  uint64_t state_;
};

// For `n` items, true at the ones chosen for validation: round(n * ratio) of
// them, at least one and never all when 0 < ratio < 1 and n >= 2.
std::vector<bool> choose_validation_rows(std::size_t n, double ratio, uint64_t seed);

}  // namespace tunedesk::data
