#include "util/system_memory.h"

#include <dlfcn.h>

#include <fstream>
#include <sstream>
#include <string>

namespace tunedesk::util {
namespace {

// A "Key:   123 kB" line of a /proc status file, in bytes; 0 when absent.
std::uint64_t proc_kb_field(const char* file, const std::string& key) {
  std::ifstream in(file);
  std::string line;
  while (std::getline(in, line))
    if (line.compare(0, key.size() + 1, key + ":") == 0) return std::stoull(line.substr(key.size() + 1)) * 1024;
  return 0;
}

// A cgroup file holding one number ("max" for none); nullopt when unreadable.
std::optional<std::uint64_t> cgroup_number(const std::string& path) {
  std::ifstream in(path);
  std::string word;
  if (!(in >> word) || word == "max") return std::nullopt;
  try {
    return std::stoull(word);
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// This process's cgroup folder under /sys/fs/cgroup (v2: the "0::" line of /proc/self/cgroup).
std::string cgroup_dir() {
  std::ifstream in("/proc/self/cgroup");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind("0::", 0) == 0) return "/sys/fs/cgroup" + line.substr(3);
  return {};
}

}  // namespace

std::optional<MemoryAmount> ram() {
  MemoryAmount m{proc_kb_field("/proc/meminfo", "MemAvailable"), proc_kb_field("/proc/meminfo", "MemTotal")};
  if (m.total == 0) return std::nullopt;
  // A container's limit (cgroup v2, else v1), below the machine's.
  std::optional<std::uint64_t> limit, used;
  if (const std::string dir = cgroup_dir(); !dir.empty()) {
    limit = cgroup_number(dir + "/memory.max");
    used = cgroup_number(dir + "/memory.current");
  }
  if (!limit) {
    limit = cgroup_number("/sys/fs/cgroup/memory/memory.limit_in_bytes");
    used = cgroup_number("/sys/fs/cgroup/memory/memory.usage_in_bytes");
  }
  if (limit && *limit < m.total) {
    m.total = *limit;
    const std::uint64_t left = used && *used < *limit ? *limit - *used : 0;
    if (left < m.available) m.available = left;
  }
  return m;
}

std::optional<MemoryAmount> nvidia_gpu(unsigned index) {
  // NVML's C API (nvml.h): every call returns 0 on success.
  struct NvmlMemory {
    unsigned long long total, free, used;
  };
  using Init = int (*)();
  using Handle = int (*)(unsigned, void**);
  using Info = int (*)(void*, NvmlMemory*);
  static void* const library = [] {
    void* lib = ::dlopen("libnvidia-ml.so.1", RTLD_NOW | RTLD_LOCAL);
    if (lib) {
      const auto init = reinterpret_cast<Init>(::dlsym(lib, "nvmlInit_v2"));
      if (!init || init() != 0) lib = nullptr;
    }
    return lib;
  }();
  if (!library) return std::nullopt;
  const auto handle_of = reinterpret_cast<Handle>(::dlsym(library, "nvmlDeviceGetHandleByIndex_v2"));
  const auto info_of = reinterpret_cast<Info>(::dlsym(library, "nvmlDeviceGetMemoryInfo"));
  void* device = nullptr;
  NvmlMemory memory{};
  if (!handle_of || !info_of || handle_of(index, &device) != 0 || info_of(device, &memory) != 0) return std::nullopt;
  return MemoryAmount{memory.free, memory.total};
}

std::uint64_t resident_bytes() { return proc_kb_field("/proc/self/status", "VmRSS"); }
std::uint64_t peak_resident_bytes() { return proc_kb_field("/proc/self/status", "VmHWM"); }

bool reset_peak_resident() {
  std::ofstream out("/proc/self/clear_refs");
  out << "5";
  out.flush();
  return static_cast<bool>(out);
}

}  // namespace tunedesk::util
