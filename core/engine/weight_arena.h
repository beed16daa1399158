// One block of memory for the weights decoding streams through once per
// token. It is mapped 2 MiB-aligned and advised to Linux as transparent huge
// pages (MADV_HUGEPAGE: what /sys/kernel/mm/transparent_hugepage/enabled
// = madvise, Debian's default, asks for), so that reading 200 MB per token
// walks a hundred page tables rather than fifty thousand, and the hardware
// prefetcher is not stopped at every 4 KiB. On a Zen 4 EPYC this took one
// thread's bf16 stream from 16-18 to 21-23 GB/s (docs/BENCHMARKS.md). One
// block for the whole model rather than one per matrix: a matrix smaller
// than 2 MiB would otherwise hold a whole huge page.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>

namespace tunedesk::engine {

class WeightArena {
 public:
  // Alignment of every piece: a cache line, and the widest vector load's.
  static constexpr int64_t kAlignment = 64;
  // Bytes a piece of `bytes` takes in an arena (rounded up to kAlignment).
  static int64_t piece_bytes(int64_t bytes);

  // Room for `bytes` (the sum of piece_bytes() of what will be taken).
  // Throws std::bad_alloc when the system has no memory for it.
  explicit WeightArena(int64_t bytes);

  // The next piece, uninitialised, as a tensor that keeps the block alive
  // (the arena itself may go). Throws std::logic_error past the room asked for.
  at::Tensor take(at::IntArrayRef sizes, at::ScalarType dtype);

  // Whether the system took the huge-page advice for this block.
  bool huge_pages() const { return huge_pages_; }
  int64_t capacity() const { return capacity_; }
  int64_t used() const { return used_; }

 private:
  at::Tensor block_;    // bytes: [capacity] and more
  int64_t first_ = 0;   // block_'s first aligned byte
  int64_t capacity_ = 0, used_ = 0;
  bool huge_pages_ = false;
};

}  // namespace tunedesk::engine
