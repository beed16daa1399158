// How libtorch 1.x's CPU attention is cut into blocks of queries (engine/layers.h):
// torch-free, so that the memory estimate counts the same attention the engine runs.
#pragma once

#include <cstdint>

namespace tunedesk::engine {

// Queries per block; rows of at least twice this many tokens are computed in blocks.
inline constexpr int64_t kAttentionQueryBlock = 128;

}  // namespace tunedesk::engine
