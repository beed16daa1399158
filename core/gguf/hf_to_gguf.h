// A Hugging Face model folder (a base model, a full-SFT result, a merged
// LoRA export) written as one GGUF file for llama.cpp and Ollama: the
// architecture names, hyperparameter keys and tensor names llama.cpp's own
// converter (convert_hf_to_gguf.py) uses, the tokenizer inside. Streamed a
// block of rows at a time: memory stays at a few MB beyond the mapped
// weights, whatever the model's size. No torch.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gguf/file_type.h"

namespace tunedesk::gguf {

struct GgufExportOptions {
  // Matrices in this file type's types (file_type.h: the 4-bit ones mix in
  // Q6_K where llama-quantize does); norms and biases stay F32.
  FileType type = FileType::f16;
  std::string name;  // general.name; empty: the folder's name
  // Called after each block written: bytes of tensor data done, of all.
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct GgufExportSummary {
  std::filesystem::path file;
  std::string architecture;          // general.architecture: "llama", "qwen2", "qwen3"
  int64_t tensors = 0;
  uint64_t bytes = 0;                // the file's size
  std::vector<std::string> notes;    // what llama.cpp will do differently (e.g. no sliding window)
};

// Writes `out_file` (atomically). Throws GgufError (or model::ModelConfigError,
// model::SafetensorsError) naming what cannot be written and why: a family or
// tokenizer llama.cpp would run differently is refused, never written wrong.
GgufExportSummary export_gguf(const std::filesystem::path& model_dir, const std::filesystem::path& out_file,
                              const GgufExportOptions& options);

}  // namespace tunedesk::gguf
