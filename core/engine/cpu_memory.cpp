#include "engine/cpu_memory.h"

#include <c10/core/Allocator.h>
#include <c10/core/CPUAllocator.h>
#include <c10/core/impl/alloc_cpu.h>
#include <c10/util/Exception.h>

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace tunedesk::engine {
namespace {

constexpr std::size_t kSmallestCached = 64 * 1024;  // below this malloc reuses memory well itself

// Rounds up to one of eight classes per power of two, in whole pages.
std::size_t size_class(std::size_t n) {
  const int top_bit = 63 - __builtin_clzll(n);
  const std::size_t step = std::size_t{1} << std::max(top_bit - 3, 12);
  return (n + step - 1) & ~(step - 1);
}

std::size_t default_limit() {
  if (const char* mb = std::getenv("TUNEDESK_CPU_CACHE_MB"); mb && *mb)
    return static_cast<std::size_t>(std::strtoull(mb, nullptr, 10)) << 20;
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGE_SIZE);
  return pages > 0 && page > 0 ? static_cast<std::size_t>(pages) * static_cast<std::size_t>(page) / 4 : std::size_t{1} << 30;
}

void free_small(void* p) { c10::free_cpu(p); }
void free_block(void* p);

class CachingCpuAllocator final : public c10::Allocator {
 public:
  explicit CachingCpuAllocator(std::size_t limit) : limit_(limit) {}

  // libtorch 1.13 declares allocate() const; 2.x makes it non-const and adds
  // copy_data(). Declaring both forms overrides whichever the build has.
  c10::DataPtr allocate(std::size_t n) const { return const_cast<CachingCpuAllocator*>(this)->take(n); }
  c10::DataPtr allocate(std::size_t n) { return take(n); }
  void copy_data(void* dest, const void* src, std::size_t count) const { std::memcpy(dest, src, count); }

  c10::DeleterFnPtr raw_deleter() const override { return &free_block; }

  void give_back(void* p) {
    std::lock_guard lock(mutex_);
    const auto it = live_.find(p);
    if (it == live_.end()) {  // a small block, handed out without the cache
      c10::free_cpu(p);
      return;
    }
    const std::size_t bytes = it->second;
    live_.erase(it);
    live_bytes_ -= bytes;
    if (cached_bytes_ + bytes > limit_) {
      c10::free_cpu(p);
      return;
    }
    free_[bytes].push_back(p);
    cached_bytes_ += bytes;
  }

  void release() {
    std::lock_guard lock(mutex_);
    release_locked();
  }

  CpuMemoryCacheStats stats() {
    std::lock_guard lock(mutex_);
    return {true, limit_, cached_bytes_, live_bytes_, hits_, misses_};
  }

 private:
  c10::DataPtr take(std::size_t n) {
    const c10::Device cpu(c10::DeviceType::CPU);
    if (n < kSmallestCached || limit_ == 0) {
      void* p = c10::alloc_cpu(n);
      return {p, p, &free_small, cpu};
    }
    std::size_t bytes = size_class(n);
    std::lock_guard lock(mutex_);
    void* p = nullptr;
    // The smallest cached block of this class or up to half as large again
    // (a batch of slightly shorter rows reuses the longer one's blocks).
    auto it = free_.lower_bound(bytes);
    while (it != free_.end() && it->second.empty() && it->first <= bytes + bytes / 2) ++it;
    if (it != free_.end() && !it->second.empty() && it->first <= bytes + bytes / 2) {
      p = it->second.back();
      it->second.pop_back();
      bytes = it->first;
      cached_bytes_ -= bytes;
      ++hits_;
    } else {
      ++misses_;
      // Freed blocks of other sizes (rows of another length) must not pile
      // up beside new ones: what is cached plus what is live stays within
      // the most that was ever live at once.
      peak_live_bytes_ = std::max(peak_live_bytes_, live_bytes_ + bytes);
      if (live_bytes_ + cached_bytes_ + bytes > peak_live_bytes_) evict_locked(live_bytes_ + cached_bytes_ + bytes - peak_live_bytes_);
      try {
        p = c10::alloc_cpu(bytes);
      } catch (const c10::Error&) {
        if (cached_bytes_ == 0) throw;
        release_locked();  // what is cached may be what this request lacks
        p = c10::alloc_cpu(bytes);
      }
    }
    live_.emplace(p, bytes);
    live_bytes_ += bytes;
    return {p, p, &free_block, cpu};
  }

  // Frees cached blocks, the largest first, until at least `bytes` are given back (or none is left).
  void evict_locked(std::size_t bytes) {
    std::size_t freed = 0;
    for (auto it = free_.rbegin(); it != free_.rend() && freed < bytes; ++it) {
      std::vector<void*>& blocks = it->second;
      while (!blocks.empty() && freed < bytes) {
        c10::free_cpu(blocks.back());
        blocks.pop_back();
        cached_bytes_ -= it->first;
        freed += it->first;
      }
    }
  }

  void release_locked() {
    for (auto& [_, blocks] : free_)
      for (void* p : blocks) c10::free_cpu(p);
    free_.clear();
    cached_bytes_ = 0;
  }

  const std::size_t limit_;
  std::mutex mutex_;
  std::map<std::size_t, std::vector<void*>> free_;            // size class → freed blocks
  std::unordered_map<void*, std::size_t> live_;               // handed-out block → its size class
  std::size_t cached_bytes_ = 0, live_bytes_ = 0;
  std::size_t peak_live_bytes_ = 0;  // the most handed out at once

  std::uint64_t hits_ = 0, misses_ = 0;
};

// Never destroyed: tensors freed during static destruction still return here.
CachingCpuAllocator* the_allocator = nullptr;
std::once_flag installed;

void free_block(void* p) { the_allocator->give_back(p); }

}  // namespace

void install_cpu_memory_cache() {
  std::call_once(installed, [] {
    const std::size_t limit = default_limit();
#if defined(__GLIBC__)
    // Below the cache, glibc's heap: a block the cache frees (to make room
    // for another size class) and the buffers oneDNN allocates per product
    // go back to a heap that coalesces and reuses them, not to the kernel,
    // which would fault and zero their pages in again on the next request
    // (glibc's default above 128 KiB–32 MiB, and for the heap's top above
    // twice that). Measured (2026-12-07, Zen 4, the ~100M Llama's bf16 LoRA
    // step): ~25,000 page faults a step to none, 7–10% more tokens/s, the
    // same peak memory. release_cached_cpu_memory() trims the heap.
    if (limit > 0) {
      mallopt(M_MMAP_THRESHOLD, 256 << 20);
      mallopt(M_TRIM_THRESHOLD, 1 << 30);
    }
#endif
    the_allocator = new CachingCpuAllocator(limit);
    // Priority above the default allocator's registration, so it stays ours.
    c10::SetCPUAllocator(the_allocator, /*priority=*/1);
  });
}

CpuMemoryCacheStats cpu_memory_cache_stats() { return the_allocator ? the_allocator->stats() : CpuMemoryCacheStats{}; }

void release_cached_cpu_memory() {
  if (!the_allocator) return;
  the_allocator->release();
#if defined(__GLIBC__)
  malloc_trim(0);  // the freed heap too (install_cpu_memory_cache keeps it)
#endif
}

}  // namespace tunedesk::engine
