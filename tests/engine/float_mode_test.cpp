// Flush-to-zero and denormals-are-zero reach every thread that computes: the
// calling thread, each of libtorch's intra-op workers, and OpenBLAS's threads
// inside a matrix product (denormal inputs read as zero give exact zeros).
#include <gtest/gtest.h>

#include <torch/torch.h>

#include <thread>

#include "engine/float_mode.h"

#if defined(__x86_64__) || defined(__i386__)
#include <xmmintrin.h>
#endif

using namespace tunedesk::engine;

namespace {

constexpr float kDenormal = 1e-39f;  // below float's smallest normal (1.18e-38)

float times_one(float x) {
  volatile float v = x;  // not folded at compile time
  return v * 1.0f;
}

}  // namespace

TEST(FloatMode, DenormalsAreFlushedInTheCallingThreadAndEveryWorker) {
#if !(defined(__x86_64__) || defined(__i386__) || defined(__aarch64__))
  GTEST_SKIP() << "no flush-to-zero mode known on this CPU";
#endif
  // Run the check on a fresh thread, so that this test sets nothing for the others.
  std::thread([] {
#if defined(__x86_64__) || defined(__i386__)
    _mm_setcsr(_mm_getcsr() & ~0x8040u);  // both modes off, whatever the thread inherited
    EXPECT_FALSE(flushing_denormals());
    EXPECT_NE(times_one(kDenormal), 0.0f) << "a denormal survives arithmetic with the modes off";
#endif
    const int before = at::get_num_threads();
    at::set_num_threads(4);  // more workers than this machine may have cores: each must be reached
    // An element-wise product libtorch splits over its intra-op workers
    // (chunks of 32768 values). Started now, before the modes are set, the
    // workers keep denormals: the product is not zero.
    const torch::Tensor many = torch::full({1 << 20}, kDenormal);
#if defined(__x86_64__) || defined(__i386__)
    EXPECT_EQ(torch::count_nonzero(many * 1.0f).item<int64_t>(), many.numel()) << "the modes were on before the test set them";
#endif
    ASSERT_TRUE(flush_denormals());
    EXPECT_TRUE(flushing_denormals());
    EXPECT_EQ(times_one(kDenormal), 0.0f);

    // Now each worker reads the denormals as zero.
    EXPECT_EQ(torch::count_nonzero(many * 1.0f).item<int64_t>(), 0) << "a worker computes with denormals";

    // A product big enough for OpenBLAS to split over its threads: denormal
    // inputs read as zero in each of them.
    const torch::Tensor a = torch::full({512, 512}, kDenormal);
    const torch::Tensor product = torch::mm(a, torch::ones({512, 512}));
    EXPECT_EQ(torch::count_nonzero(product).item<int64_t>(), 0) << "some of the product was computed with denormals";
    at::set_num_threads(before);
  }).join();
}
