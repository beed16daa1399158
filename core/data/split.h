// A deterministic train/validation split: the same ratio and seed always pick
// the same rows, on every machine (no std::shuffle, whose algorithm is up to
// the standard library).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "util/splitmix64.h"

namespace tunedesk::data {

using util::SplitMix64;

// For `n` items, true at the ones chosen for validation: round(n * ratio) of
// them, at least one and never all when 0 < ratio < 1 and n >= 2.
std::vector<bool> choose_validation_rows(std::size_t n, double ratio, uint64_t seed);

}  // namespace tunedesk::data
