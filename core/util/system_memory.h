// How much memory this machine (and this process) has and uses, read from
// Linux's /proc and cgroup files, and for NVIDIA GPUs from the driver's NVML
// library when it is installed (loaded at run time: no build dependency,
// and no CUDA context is created to ask). Torch-free.
#pragma once

#include <cstdint>
#include <optional>

namespace tunedesk::util {

struct MemoryAmount {
  std::uint64_t available = 0;  // bytes a new allocation can take now
  std::uint64_t total = 0;      // bytes the machine (or container, or GPU) has
};

// RAM: MemAvailable of /proc/meminfo, or less when this process's cgroup has
// a lower limit (a container); nullopt where neither can be read.
std::optional<MemoryAmount> ram();

// GPU `index` as the NVIDIA driver counts them (CUDA_VISIBLE_DEVICES is not
// applied); nullopt without a driver, NVML or such a GPU.
std::optional<MemoryAmount> nvidia_gpu(unsigned index = 0);

// This process: resident now, and the most resident since start or since
// reset_peak_resident() (VmRSS, VmHWM).
std::uint64_t resident_bytes();
std::uint64_t peak_resident_bytes();
// Starts the peak over from what is resident now (Linux 4.0+); false where the kernel refuses.
bool reset_peak_resident();

}  // namespace tunedesk::util
