#include "data/split.h"

#include <gtest/gtest.h>

#include <algorithm>

using namespace tunedesk::data;

TEST(Split, FixedOutputForAFixedSeed) {
  // splitmix64 with seed 0: the published first outputs of the generator.
  SplitMix64 rng(0);
  EXPECT_EQ(rng.next(), 0xE220A8397B1DCDAFULL);
  EXPECT_EQ(rng.next(), 0x6E789E6AA1B965F4ULL);
}

TEST(Split, RatioSeedAndBounds) {
  const auto a = choose_validation_rows(100, 0.1, 42);
  EXPECT_EQ(std::count(a.begin(), a.end(), true), 10);
  EXPECT_EQ(a, choose_validation_rows(100, 0.1, 42));
  EXPECT_NE(a, choose_validation_rows(100, 0.1, 43));
  // Small sets still get one validation row and keep one training row.
  const auto tiny = choose_validation_rows(3, 0.01, 1);
  EXPECT_EQ(std::count(tiny.begin(), tiny.end(), true), 1);
  const auto most = choose_validation_rows(2, 0.9, 1);
  EXPECT_EQ(std::count(most.begin(), most.end(), true), 1);
  const auto none = choose_validation_rows(10, 0.0, 1);
  EXPECT_EQ(std::count(none.begin(), none.end(), true), 0);
  EXPECT_TRUE(choose_validation_rows(0, 0.5, 1).empty());
}
