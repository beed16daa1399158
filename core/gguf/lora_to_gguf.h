// A PEFT LoRA adapter (adapter_config.json + adapter_model.safetensors) as a
// GGUF adapter for llama.cpp (`llama-cli -m BASE.gguf --lora ADAPTER.gguf`)
// and Ollama (ADAPTER in a Modelfile): general.type "adapter", adapter.type
// "lora", adapter.lora.alpha, and for each adapted matrix of the base its
// A and B as "<base tensor>.lora_a" [r, in] and ".lora_b" [out, r] (PyTorch
// order; llama.cpp checks A against the base's input and B against its
// output). No torch; streamed like the model export.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include "gguf/ggml_types.h"

namespace tunedesk::gguf {

struct LoraGgufOptions {
  // A and B in this type (F32, F16, BF16, Q8_0; a B whose rank is not a
  // multiple of 32 cannot be Q8_0 and is written F16, as llama.cpp's converter does).
  TensorType type = TensorType::f16;
  std::string name;  // general.name; empty: the adapter folder's name
  std::function<void(uint64_t done, uint64_t total)> progress;  // bytes of tensor data
};

struct LoraGgufSummary {
  std::filesystem::path file;
  std::string architecture;  // the base's general.architecture
  int64_t tensors = 0;       // A and B tensors
  int64_t rank = 0;
  double alpha = 0;          // adapter.lora.alpha as written (llama.cpp scales by alpha / rank)
  uint64_t bytes = 0;
};

// Writes `out_file` (atomically) for the adapter in `adapter_dir` on the
// model in `base_dir`. Throws GgufError (or std::runtime_error from reading
// the files) naming what cannot be written and why: an adapter llama.cpp
// would apply differently than PEFT (trained embeddings or output head,
// DoRA, per-module alphas, LoRA biases) is refused, never written wrong.
LoraGgufSummary export_lora_gguf(const std::filesystem::path& adapter_dir, const std::filesystem::path& base_dir,
                                 const std::filesystem::path& out_file, const LoraGgufOptions& options);

}  // namespace tunedesk::gguf
