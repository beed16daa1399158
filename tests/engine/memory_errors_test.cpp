// libtorch's allocation failures become the "not enough memory" error a
// person can act on; everything else is left alone.
#include <gtest/gtest.h>
#include <torch/torch.h>

#include <new>
#include <stdexcept>

#include "engine/memory_errors.h"

namespace tunedesk::engine {
namespace {

TEST(MemoryErrors, ARealCpuAllocationFailureSaysCpuAndHowMuch) {
  // A petabyte: the allocator refuses it at once (no overcommit is that generous).
  try {
    const torch::Tensor huge = torch::empty({int64_t{1} << 50}, torch::kByte);
    GTEST_SKIP() << "this machine allocated 1 PiB; nothing to check";
  } catch (const std::exception& e) {
    const std::optional<UserError> said = as_memory_error(e);
    ASSERT_TRUE(said) << "not recognised as out of memory: " << e.what();
    EXPECT_EQ(said->kind(), "engine.out_of_memory");
    ASSERT_EQ(said->args().size(), 2u);
    EXPECT_EQ(said->args()[0], "CPU");
    EXPECT_NE(said->args()[1].find("1125899906842624"), std::string::npos) << said->args()[1];
    EXPECT_EQ(said->args()[1].find("enforce fail"), std::string::npos) << "source location left in: " << said->args()[1];
    EXPECT_NE(std::string(said->what()).find("CPU"), std::string::npos) << said->what();
  }
}

TEST(MemoryErrors, CudaOutOfMemorySaysGpuOnOneLine) {
  const c10::Error cuda_oom({"malloc", "CUDACachingAllocator.cpp", 1},
                            "CUDA out of memory. Tried to allocate 20.00 GiB (GPU 0; 139.00 GiB total capacity)\n"
                            "If reserved but unallocated memory is large try setting max_split_size_mb");
  const std::optional<UserError> said = as_memory_error(cuda_oom);
  ASSERT_TRUE(said);
  EXPECT_EQ(said->args()[0], "GPU");
  EXPECT_EQ(said->args()[1], "CUDA out of memory. Tried to allocate 20.00 GiB (GPU 0; 139.00 GiB total capacity)");
}

TEST(MemoryErrors, LongDetailsAreCut) {
  const c10::Error oom({"f", "f.cpp", 1}, "DefaultCPUAllocator: not enough memory: " + std::string(500, 'x'));
  const std::optional<UserError> said = as_memory_error(oom);
  ASSERT_TRUE(said);
  EXPECT_EQ(said->args()[0], "CPU");
  EXPECT_LT(said->args()[1].size(), 220u);
}

TEST(MemoryErrors, BadAllocIsCpuMemory) {
  const std::optional<UserError> said = as_memory_error(std::bad_alloc());
  ASSERT_TRUE(said);
  EXPECT_EQ(said->args()[0], "CPU");
}

TEST(MemoryErrors, OtherErrorsAreLeftAlone) {
  EXPECT_FALSE(as_memory_error(c10::Error({"f", "f.cpp", 1}, "shape '[2, 3]' is invalid for input of size 5")));
  EXPECT_FALSE(as_memory_error(std::runtime_error("out of memory")));  // not from libtorch: its own words stand
  try {
    (void)torch::ones({2, 3}).view({5});
    FAIL() << "view should have thrown";
  } catch (const std::exception& e) {
    EXPECT_FALSE(as_memory_error(e)) << e.what();
  }
}

}  // namespace
}  // namespace tunedesk::engine
