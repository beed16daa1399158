#include "engine/cpu_features.h"

#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace tunedesk::engine {
namespace {

constexpr const char* kOverrideVariable = "TUNEDESK_CPU_KERNELS";

#if defined(__x86_64__) || defined(__i386__)
// XCR0: which register files the OS saves on a context switch. Without
// them the instructions exist but must not be used.
uint64_t os_saved_state() {
  uint32_t eax = 0, edx = 0;
  __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
  return (static_cast<uint64_t>(edx) << 32) | eax;
}

CpuFeatures read_cpu() {
  CpuFeatures f;
  unsigned a = 0, b = 0, c = 0, d = 0;
  if (!__get_cpuid(1, &a, &b, &c, &d)) return f;
  const bool osxsave = (c >> 27) & 1;
  const bool avx = (c >> 28) & 1;
  const uint64_t xcr0 = osxsave ? os_saved_state() : 0;
  const bool ymm_saved = (xcr0 & 0x6) == 0x6;            // SSE and AVX state
  const bool zmm_saved = ymm_saved && (xcr0 & 0xe0) == 0xe0;  // opmask, ZMM upper halves, ZMM16-31
  const bool tiles_saved = (xcr0 & 0x60000) == 0x60000;  // AMX tile config and data
  f.fma = ymm_saved && avx && ((c >> 12) & 1);
  f.f16c = ymm_saved && avx && ((c >> 29) & 1);
  unsigned max_leaf = __get_cpuid_max(0, nullptr);
  if (max_leaf >= 7) {
    __cpuid_count(7, 0, a, b, c, d);
    f.avx2 = ymm_saved && ((b >> 5) & 1);
    f.avx512f = zmm_saved && ((b >> 16) & 1);
    f.avx512bw = zmm_saved && ((b >> 30) & 1);
    f.avx512vl = zmm_saved && ((b >> 31) & 1);
    f.amx_bf16 = tiles_saved && ((d >> 22) & 1);
    f.amx_tile = tiles_saved && ((d >> 24) & 1);
    unsigned a1 = 0, b1 = 0, c1 = 0, d1 = 0;
    __cpuid_count(7, 1, a1, b1, c1, d1);
    f.avx512_bf16 = zmm_saved && ((a1 >> 5) & 1);
  }
  // The brand string: leaves 0x80000002..4, 16 bytes each.
  if (__get_cpuid_max(0x80000000, nullptr) >= 0x80000004) {
    char brand[49] = {};
    for (unsigned i = 0; i < 3; ++i) {
      unsigned r[4];
      __get_cpuid(0x80000002 + i, &r[0], &r[1], &r[2], &r[3]);
      std::memcpy(brand + 16 * i, r, 16);
    }
    std::string s(brand);
    const auto first = s.find_first_not_of(' ');
    const auto last = s.find_last_not_of(' ');
    f.model = first == std::string::npos ? "" : s.substr(first, last - first + 1);
  }
  return f;
}
#else
CpuFeatures read_cpu() { return {}; }
#endif

}  // namespace

KernelLevel CpuFeatures::best() const {
  if (avx512f && avx512bw && avx512vl && fma && f16c) return KernelLevel::avx512;
  if (avx2 && fma && f16c) return KernelLevel::avx2;
  return KernelLevel::baseline;
}

std::string CpuFeatures::flags() const {
  std::string s;
  const auto add = [&](bool on, const char* name) {
    if (!on) return;
    if (!s.empty()) s += ' ';
    s += name;
  };
  add(avx2, "avx2");
  add(fma, "fma");
  add(f16c, "f16c");
  add(avx512f, "avx512f");
  add(avx512bw, "avx512bw");
  add(avx512vl, "avx512vl");
  add(avx512_bf16, "avx512_bf16");
  add(amx_tile, "amx_tile");
  add(amx_bf16, "amx_bf16");
  return s;
}

const CpuFeatures& cpu_features() {
  static const CpuFeatures features = read_cpu();
  return features;
}

const char* kernel_level_name(KernelLevel level) {
  switch (level) {
    case KernelLevel::baseline: return "baseline";
    case KernelLevel::avx2: return "avx2";
    case KernelLevel::avx512: return "avx512";
  }
  return "?";
}

KernelLevel choose_kernel_level(const CpuFeatures& cpu, const char* requested) {
  const KernelLevel best = cpu.best();
  if (!requested || !*requested) return best;
  for (KernelLevel level : {KernelLevel::baseline, KernelLevel::avx2, KernelLevel::avx512}) {
    if (std::strcmp(requested, kernel_level_name(level)) != 0) continue;
    if (level > best)
      throw std::invalid_argument(std::string(kOverrideVariable) + "=" + requested + ": this CPU runs at most the " +
                                  kernel_level_name(best) + " kernels (" +
                                  (cpu.flags().empty() ? std::string("no vector extensions") : cpu.flags()) + ")");
    return level;
  }
  throw std::invalid_argument(std::string(kOverrideVariable) + "=" + requested +
                              " is not a kernel level: baseline, avx2 or avx512");
}

KernelLevel kernel_level() {
  static const KernelLevel level = choose_kernel_level(cpu_features(), std::getenv(kOverrideVariable));
  return level;
}

std::string describe_cpu() {
  const CpuFeatures& f = cpu_features();
  std::string s = f.model.empty() ? std::string("unknown CPU") : f.model;
  s += " (" + (f.flags().empty() ? std::string("no vector extensions") : f.flags()) + "); kernels: ";
  s += kernel_level_name(kernel_level());
  if (kernel_level() != f.best()) {
    s += " (set by ";
    s += kOverrideVariable;
    s += "; the CPU allows ";
    s += kernel_level_name(f.best());
    s += ")";
  }
  return s;
}

}  // namespace tunedesk::engine
