#include "engine/device.h"

#include "engine/cpu_gemm.h"
#include "engine/cpu_memory.h"
#include "engine/float_mode.h"
#include "util/user_error.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <dlfcn.h>
#include <link.h>

#include <cstdio>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace tunedesk::engine {

std::string ComputeTarget::describe() const {
  const std::string d = dtype == c10::kBFloat16 ? "bf16" : dtype == c10::kHalf ? "fp16" : "fp32";
  return device.str() + " " + d;
}

ComputeTarget pick_target(std::string_view device, std::string_view dtype) {
  ComputeTarget t;
  const bool cuda_available = torch::cuda::is_available();
  if (device == "auto") {
    t.device = cuda_available ? c10::Device(c10::kCUDA, 0) : c10::Device(c10::kCPU);
  } else if (device == "cpu") {
    t.device = c10::Device(c10::kCPU);
  } else if (device.starts_with("cuda")) {
    if (!cuda_available)
      throw UserError("engine.no_cuda", {});
    t.device = c10::Device(std::string(device));
  } else {
    throw std::invalid_argument("device must be auto, cpu or cuda[:N], not '" + std::string(device) + "'");
  }
  if (dtype == "auto") t.dtype = t.device.is_cuda() ? c10::kBFloat16 : c10::kFloat;
  else if (dtype == "fp32") t.dtype = c10::kFloat;
  else if (dtype == "bf16") t.dtype = c10::kBFloat16;
  else if (dtype == "fp16") t.dtype = c10::kHalf;
  else throw std::invalid_argument("dtype must be auto, fp32, bf16 or fp16, not '" + std::string(dtype) + "'");
  return t;
}

std::string blas_library(const std::vector<std::string>& loaded_objects) {
  std::string found;
  for (const std::string& path : loaded_objects) {
    const std::string name = std::filesystem::path(path).filename().string();
    if (path.find("openblas") != std::string::npos) return "OpenBLAS";
    if (name.rfind("libmkl", 0) == 0) return "MKL";
    if (path.find("blis") != std::string::npos) found = "BLIS";
    // Debian's netlib reference BLAS: /usr/lib/<triplet>/blas/libblas.so.3
    else if (name.rfind("libblas.so", 0) == 0 && found.empty()) found = "reference";
  }
  return found;
}

std::string blas_library() {
  std::vector<std::string> loaded;
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void* out) {
        if (info->dlpi_name && *info->dlpi_name) {
          std::error_code ec;
          const auto real = std::filesystem::canonical(info->dlpi_name, ec);
          static_cast<std::vector<std::string>*>(out)->push_back(ec ? info->dlpi_name : real.string());
        }
        return 0;
      },
      &loaded);
  return blas_library(loaded);
}

std::string blas_core() {
  // Looked up, not linked: a libtorch may bring another BLAS, or none.
  using CoreName = char* (*)();
  const auto core_name = reinterpret_cast<CoreName>(dlsym(RTLD_DEFAULT, "openblas_get_corename"));
  const char* name = core_name ? core_name() : nullptr;
  return name ? std::string(name) : std::string();
}

void configure_cpu(int threads) {
  if (threads <= 0) threads = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  at::set_num_threads(threads);
  (void)cpu_gemm();  // refuses a TUNEDESK_CPU_GEMM it does not know before any work
  flush_denormals();  // after the thread count: workers started later would lack it
  install_cpu_memory_cache();
  static std::once_flag warned;
  std::call_once(warned, [] {
    if (blas_library() == "reference")
      std::fprintf(stderr,
                   "TuneDesk: libtorch computes with the reference BLAS (netlib's libblas3), several times slower "
                   "than OpenBLAS; install libopenblas0-openmp.\n");
  });
}

std::string runtime_description() {
  std::string s = "libtorch " TORCH_VERSION;
  if (torch::cuda::is_available())
    s += " (CUDA, " + std::to_string(torch::cuda::device_count()) + " device" +
         (torch::cuda::device_count() == 1 ? "" : "s");
  else
    s += " (CPU";
  const std::string blas = blas_library();
  if (blas == "reference") s += ", reference BLAS: slow, install libopenblas0-openmp";
  else if (!blas.empty()) s += ", " + blas;
  if (const std::string core = blas == "OpenBLAS" ? blas_core() : ""; !core.empty()) s += " " + core;
  const CpuGemm& gemm = cpu_gemm();
  if (gemm.onednn) s += ", linear layers on " + gemm.library;
  else if (!gemm.library.empty()) s += ", " + gemm.library + " (not for the linear layers: " + gemm.why + ")";
  return s + ")";
}

}  // namespace tunedesk::engine
