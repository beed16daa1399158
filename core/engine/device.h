// Where and in what precision the engine computes, chosen at run time:
// CUDA with bf16 when a GPU is there, the CPU with fp32 otherwise.
#pragma once

#include <c10/core/Device.h>
#include <c10/core/ScalarType.h>

#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::engine {

struct ComputeTarget {
  c10::Device device = c10::Device(c10::kCPU);
  c10::ScalarType dtype = c10::kFloat;
  std::string describe() const;  // "cpu fp32", "cuda:0 bf16"
};

// `device`: "auto", "cpu" or "cuda[:N]"; `dtype`: "auto", "fp32", "bf16" or
// "fp16". Throws std::invalid_argument for a request this build cannot serve
// (CUDA asked for where there is none).
ComputeTarget pick_target(std::string_view device = "auto", std::string_view dtype = "auto");

// Uses every core for CPU math (libtorch defaults to one thread on some builds;
// `threads` > 0 sets the count), flushes denormals in the calling thread and
// its workers (float_mode.h) and caches CPU tensor memory (cpu_memory.h).
void configure_cpu(int threads = 0);

// "libtorch 1.13.1 (CPU, OpenBLAS Zen, linear layers on oneDNN 2.6.3 AVX2)" /
// "libtorch 2.3.0 (CUDA, 1 device, OpenBLAS SkylakeX)" (cpu_gemm.h: where fp32 products run).
std::string runtime_description();

// Which BLAS libtorch's CPU products run on, from the shared objects loaded
// in this process (resolved paths): "OpenBLAS", "BLIS", "MKL", "reference"
// (netlib's libblas3, several times slower: Debian's libtorch packages
// accept it when no other BLAS is installed), or "" when none is loaded
// (a libtorch with its BLAS linked in).
std::string blas_library(const std::vector<std::string>& loaded_objects);
std::string blas_library();

// The kernel set OpenBLAS picked from cpuid ("Zen", "Haswell", "SkylakeX",
// "Cooperlake", "SapphireRapids"; OPENBLAS_CORETYPE overrides it), from its
// openblas_get_corename(); "" where libtorch does not compute with OpenBLAS.
std::string blas_core();

}  // namespace tunedesk::engine
