// The CPU memory cache: freed tensor memory comes back for the next tensor of
// the same size class, small tensors stay with malloc, releasing empties it,
// and a request the machine cannot serve still fails the usual way.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include "engine/cpu_memory.h"
#include "engine/memory_errors.h"

namespace tunedesk::engine {
namespace {

class CpuMemoryCache : public ::testing::Test {
 protected:
  void SetUp() override {
    install_cpu_memory_cache();
    release_cached_cpu_memory();
    if (cpu_memory_cache_stats().limit_bytes == 0) GTEST_SKIP() << "TUNEDESK_CPU_CACHE_MB=0 turns the cache off";
  }
};

TEST_F(CpuMemoryCache, AFreedBlockServesTheNextTensorOfItsSizeClass) {
  const CpuMemoryCacheStats before = cpu_memory_cache_stats();
  EXPECT_TRUE(before.installed);
  const void* first = nullptr;
  {
    const torch::Tensor a = torch::ones({1000, 1000});  // 4 MB
    first = a.data_ptr();
    EXPECT_GE(cpu_memory_cache_stats().live_bytes, before.live_bytes + 4'000'000);
  }
  const CpuMemoryCacheStats freed = cpu_memory_cache_stats();
  EXPECT_GE(freed.cached_bytes, 4'000'000u);
  // 999 × 1001 floats is a little smaller: the same size class, the same block.
  const torch::Tensor b = torch::zeros({999, 1001});
  EXPECT_EQ(b.data_ptr(), first);
  EXPECT_EQ(cpu_memory_cache_stats().hits, freed.hits + 1);
  EXPECT_EQ(b.sum().item<float>(), 0.0f) << "a reused block must hold what the new tensor wrote";
}

TEST_F(CpuMemoryCache, DifferentSizeClassesDoNotShareBlocks) {
  { const torch::Tensor a = torch::empty({1 << 20}); }  // 4 MiB, cached when freed
  const CpuMemoryCacheStats freed = cpu_memory_cache_stats();
  // 8 MiB: a class of its own, not served by the cached 4 MiB block. (Its
  // address says nothing: glibc's heap may place it where that block was,
  // once the cache has given the block back to make room.)
  const torch::Tensor twice = torch::empty({1 << 21});
  EXPECT_EQ(cpu_memory_cache_stats().hits, freed.hits);
  EXPECT_EQ(cpu_memory_cache_stats().misses, freed.misses + 1);
}

TEST_F(CpuMemoryCache, SmallTensorsDoNotGoThroughTheCache) {
  const CpuMemoryCacheStats before = cpu_memory_cache_stats();
  { const torch::Tensor small = torch::ones({1000}); }
  const CpuMemoryCacheStats after = cpu_memory_cache_stats();
  EXPECT_EQ(after.hits + after.misses, before.hits + before.misses);
  EXPECT_EQ(after.cached_bytes, before.cached_bytes);
}

TEST_F(CpuMemoryCache, ReleasingGivesEveryCachedBlockBack) {
  { const torch::Tensor a = torch::ones({2000, 1000}); }
  EXPECT_GT(cpu_memory_cache_stats().cached_bytes, 0u);
  {
    const CachedCpuMemoryReleaser at_scope_end;
    const torch::Tensor b = torch::ones({3000, 1000});
  }
  EXPECT_EQ(cpu_memory_cache_stats().cached_bytes, 0u);
}

TEST_F(CpuMemoryCache, TrainingStepsReuseTheirMemory) {
  const torch::Tensor w = torch::randn({512, 512}, torch::requires_grad());
  const torch::Tensor x = torch::randn({256, 512});
  const auto step = [&] {
    const torch::Tensor loss = torch::relu(x.matmul(w)).matmul(w.t()).pow(2).mean();
    loss.backward();
    w.grad().zero_();
  };
  // The first step creates the gradient; the second adds into it (one more
  // temporary): from then on every step asks for the same blocks.
  step();
  step();
  const CpuMemoryCacheStats warm = cpu_memory_cache_stats();
  step();
  step();
  const CpuMemoryCacheStats after = cpu_memory_cache_stats();
  EXPECT_EQ(after.misses, warm.misses) << "a repeated step should find every large block in the cache";
  EXPECT_GT(after.hits, warm.hits);
}

TEST_F(CpuMemoryCache, AnAllocationTheMachineCannotServeStillSaysOutOfMemory) {
  { const torch::Tensor a = torch::ones({2000, 1000}); }
  try {
    const torch::Tensor huge = torch::empty({int64_t{1} << 50}, torch::kByte);
    GTEST_SKIP() << "this machine allocated 1 PiB; nothing to check";
  } catch (const std::exception& e) {
    const std::optional<UserError> said = as_memory_error(e);
    ASSERT_TRUE(said) << "not recognised as out of memory: " << e.what();
    EXPECT_EQ(said->args()[0], "CPU");
  }
  EXPECT_EQ(cpu_memory_cache_stats().cached_bytes, 0u) << "the cache is emptied before giving up";
}

}  // namespace
}  // namespace tunedesk::engine
