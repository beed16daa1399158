#include "training/run_files.h"

#include <cstdio>
#include <exception>

namespace tunedesk::training {

bool is_run_folder(const std::filesystem::path& dir) {
  std::error_code ec;
  return std::filesystem::exists(dir / "checkpoints", ec) || std::filesystem::exists(dir / "metrics.jsonl", ec);
}

int64_t checkpoint_step(const std::filesystem::path& folder) {
  const std::string name = folder.filename().string();
  if (!name.starts_with("checkpoint-") || name.find(".tmp") != std::string::npos) return -1;
  try {
    return std::stoll(name.substr(11));
  } catch (const std::exception&) {
    return -1;
  }
}

std::filesystem::path latest_checkpoint(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::path best;
  int64_t best_step = -1;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    const int64_t s = checkpoint_step(entry.path());
    if (s > best_step && std::filesystem::exists(entry.path() / "state.json", ec)) {
      best_step = s;
      best = entry.path();
    }
  }
  return best;
}

std::string format_duration(double seconds) {
  const auto s = static_cast<long long>(seconds + 0.5);
  char out[32];
  if (s >= 3600) std::snprintf(out, sizeof out, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  else if (s >= 60) std::snprintf(out, sizeof out, "%lldm%02llds", s / 60, s % 60);
  else std::snprintf(out, sizeof out, "%llds", s);
  return out;
}

}  // namespace tunedesk::training
