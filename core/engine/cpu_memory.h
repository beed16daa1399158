// A caching allocator for the CPU tensors libtorch creates.
//
// A training step frees and re-creates the same large tensors (activations,
// gradients, logits) every step. Through malloc, each of those over glibc's
// mmap threshold is a fresh mapping whose pages the kernel must fault in and
// zero again: measured on a ~100M-parameter model, a quarter of the CPU time
// went to the kernel. Keeping freed blocks for the next request of the same
// size class, as libtorch's CUDA allocator does on the GPU, removes that.
//
// Blocks of 64 KiB and more are cached, rounded up to one of eight size
// classes per power of two (at most 12.5% more than asked), up to a limit of
// cached bytes (TUNEDESK_CPU_CACHE_MB, default a quarter of the machine's
// memory; 0 turns caching off). Cached and live blocks together never hold
// more than the most that was ever live at once: a request the cache cannot
// serve first frees cached blocks of other sizes (the largest first), so
// that batches of changing lengths do not leave the process holding every
// length's blocks. An allocation that fails first returns every cached block
// to the system and tries again. What the cache frees goes to glibc's heap,
// which is told to keep it for reuse rather than unmap it (and which
// release_cached_cpu_memory() trims).
#pragma once

#include <cstddef>
#include <cstdint>

namespace tunedesk::engine {

// Makes the caching allocator libtorch's CPU allocator. Idempotent; tensors
// allocated before keep their own deleter.
void install_cpu_memory_cache();

struct CpuMemoryCacheStats {
  bool installed = false;
  std::size_t limit_bytes = 0;
  std::size_t cached_bytes = 0;  // freed, kept for reuse
  std::size_t live_bytes = 0;    // handed out through the cache, not yet freed
  std::uint64_t hits = 0;        // requests served from the cache
  std::uint64_t misses = 0;      // requests that went to the system
};
CpuMemoryCacheStats cpu_memory_cache_stats();

// Gives every cached block back to the system (after a job, when idle).
void release_cached_cpu_memory();

// Calls release_cached_cpu_memory() when it goes out of scope; declared first
// in a function, it runs after every local tensor there has been freed.
class CachedCpuMemoryReleaser {
 public:
  CachedCpuMemoryReleaser() = default;
  ~CachedCpuMemoryReleaser() { release_cached_cpu_memory(); }
  CachedCpuMemoryReleaser(const CachedCpuMemoryReleaser&) = delete;
  CachedCpuMemoryReleaser& operator=(const CachedCpuMemoryReleaser&) = delete;
};

}  // namespace tunedesk::engine
