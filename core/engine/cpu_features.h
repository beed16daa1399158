// What the CPU can run, read once from cpuid, and the kernel level TuneDesk's
// own vector kernels use: the highest this CPU and its OS support, or a lower
// one asked for with TUNEDESK_CPU_KERNELS (to test or compare the smaller
// classes on a bigger machine; a higher one than the CPU has is refused).
// A .deb cannot assume -march=native: each level's kernels are compiled for
// their instruction set and picked here at run time.
#pragma once

#include <string>
#include <string_view>

namespace tunedesk::engine {

// The instruction-set classes the kernels are built for, smallest first.
enum class KernelLevel {
  baseline,  // the build's own target (x86-64: SSE2), no assumptions
  avx2,      // AVX2 + FMA + F16C (Haswell, Zen and later)
  avx512,    // AVX-512 F/BW/VL (Skylake-SP, Ice Lake, Sapphire Rapids, Zen 4)
};

struct CpuFeatures {
  std::string model;  // "AMD EPYC 7B13", from the brand string
  bool avx2 = false, fma = false, f16c = false;
  bool avx512f = false, avx512bw = false, avx512vl = false;
  bool avx512_bf16 = false, amx_bf16 = false, amx_tile = false;
  // The highest level both the CPU and the OS (saved register state) allow.
  KernelLevel best() const;
  // "avx2 fma f16c avx512f …": the flags above that are present.
  std::string flags() const;
};

// This machine's features (read once).
const CpuFeatures& cpu_features();

// The level for these features: their best, or `requested` (the value of
// TUNEDESK_CPU_KERNELS: baseline, avx2 or avx512; null or empty: not set).
// Throws std::invalid_argument for an unknown name or a level the CPU lacks,
// naming the variable.
KernelLevel choose_kernel_level(const CpuFeatures& cpu, const char* requested);

// The level the kernels run at in this process: choose_kernel_level() for
// this CPU and the environment, decided once.
KernelLevel kernel_level();

const char* kernel_level_name(KernelLevel level);

// "AMD EPYC 7B13 (avx2 fma f16c); kernels: avx2" for logs and benchmarks.
std::string describe_cpu();

}  // namespace tunedesk::engine
