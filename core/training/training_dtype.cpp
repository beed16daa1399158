#include "training/training_dtype.h"

#include <stdexcept>

namespace tunedesk::training {
namespace {

// The CPU's bf16 matrix units, by name, or empty without any.
std::string bf16_units(const engine::CpuFeatures& cpu) {
  if (cpu.amx_bf16 && cpu.amx_tile) return "AMX bf16 tiles (amx_bf16)";
  if (cpu.avx512_bf16) return "bf16 dot products (avx512_bf16)";
  return {};
}

}  // namespace

TrainingDtype choose_training_dtype(const std::string& requested, bool gpu, const engine::CpuFeatures& cpu) {
  const std::string units = bf16_units(cpu);
  if (requested == "fp32") return {"fp32", "asked for"};
  if (requested == "bf16" && !gpu && units.empty())
    return {"bf16", "asked for; this CPU has no bf16 matrix units (avx512_bf16, amx_bf16), so its products run many "
                    "times slower than in fp32"};
  if (requested == "bf16" || requested == "fp16") return {requested, "asked for"};
  if (requested != "auto")
    throw std::invalid_argument("dtype must be auto, fp32, bf16 or fp16, not '" + requested + "'");
  if (gpu) return {"bf16", "auto: bf16 on a GPU, with fp32 master weights"};
  if (!units.empty()) return {"bf16", "auto: this CPU has " + units + "; fp32 master weights"};
  return {"fp32", "auto: this CPU has no bf16 matrix units (avx512_bf16, amx_bf16), where bf16 would be slower"};
}

}  // namespace tunedesk::training
