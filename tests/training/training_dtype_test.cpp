// What `dtype: auto` trains in, on CPUs with and without bf16 matrix units
// and on a GPU, and what an explicit choice keeps, with the reasons the
// training log and model info print.
#include <gtest/gtest.h>

#include <stdexcept>

#include "training/training_dtype.h"

using tunedesk::engine::CpuFeatures;
using tunedesk::training::choose_training_dtype;

namespace {

CpuFeatures epyc_avx2() {  // Zen 2/3: AVX2, no bf16 units
  CpuFeatures f;
  f.avx2 = f.fma = f.f16c = true;
  return f;
}

CpuFeatures sapphire_rapids() {
  CpuFeatures f = epyc_avx2();
  f.avx512f = f.avx512bw = f.avx512vl = true;
  f.avx512_bf16 = f.amx_bf16 = f.amx_tile = true;
  return f;
}

CpuFeatures skylake_server() {  // AVX-512 without bf16 instructions
  CpuFeatures f = epyc_avx2();
  f.avx512f = f.avx512bw = f.avx512vl = true;
  return f;
}

}  // namespace

TEST(TrainingDtype, AutoIsBf16WhereTheCpuHasBf16MatrixUnitsAndFp32Elsewhere) {
  const auto xeon = choose_training_dtype("auto", false, sapphire_rapids());
  EXPECT_EQ(xeon.name, "bf16");
  EXPECT_NE(xeon.why.find("amx_bf16"), std::string::npos) << xeon.why;
  EXPECT_TRUE(xeon.low_precision());

  CpuFeatures zen4 = skylake_server();
  zen4.avx512_bf16 = true;
  EXPECT_EQ(choose_training_dtype("auto", false, zen4).name, "bf16");
  EXPECT_NE(choose_training_dtype("auto", false, zen4).why.find("avx512_bf16"), std::string::npos);

  for (const CpuFeatures& cpu : {epyc_avx2(), skylake_server(), CpuFeatures{}}) {
    const auto plain = choose_training_dtype("auto", false, cpu);
    EXPECT_EQ(plain.name, "fp32");
    EXPECT_FALSE(plain.low_precision());
    EXPECT_NE(plain.why.find("no bf16 matrix units"), std::string::npos) << plain.why;
  }
  CpuFeatures tiles_without_state = epyc_avx2();  // AMX reported but its tile state not enabled
  tiles_without_state.amx_bf16 = true;
  EXPECT_EQ(choose_training_dtype("auto", false, tiles_without_state).name, "fp32");
}

TEST(TrainingDtype, AutoIsBf16OnAGpuWhateverTheCpu) {
  EXPECT_EQ(choose_training_dtype("auto", true, epyc_avx2()).name, "bf16");
}

TEST(TrainingDtype, AnExplicitChoiceIsKeptAndBf16WithoutUnitsIsWarnedOf) {
  EXPECT_EQ(choose_training_dtype("fp32", false, sapphire_rapids()).name, "fp32");
  EXPECT_EQ(choose_training_dtype("fp32", true, epyc_avx2()).name, "fp32");
  const auto slow = choose_training_dtype("bf16", false, epyc_avx2());
  EXPECT_EQ(slow.name, "bf16");
  EXPECT_NE(slow.why.find("slower"), std::string::npos) << slow.why;
  EXPECT_EQ(choose_training_dtype("bf16", false, sapphire_rapids()).why, "asked for");
  EXPECT_EQ(choose_training_dtype("fp16", true, epyc_avx2()).name, "fp16");
  EXPECT_THROW(choose_training_dtype("bf32", false, epyc_avx2()), std::invalid_argument);
}
