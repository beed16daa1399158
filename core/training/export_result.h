// Writing a fine-tuned result out where people and other tools use it: the
// adapter or model folder as it is (a PEFT adapter loads in Python PEFT), a
// LoRA adapter merged into its base model as a complete Hugging Face model
// folder (loads anywhere a model does, and trains again as a base model), or
// a model (full SFT, merged LoRA, any base model) as one GGUF file for
// llama.cpp and Ollama.
// Shared by `tunedesk-cli export`, the desktop app and the HTTP server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gguf/ggml_types.h"

namespace tunedesk::training {

struct ExportRequest {
  std::filesystem::path source;      // a run, adapter or model folder
  std::filesystem::path out;         // must not exist, or be empty
  bool merge = false;                // fold a LoRA adapter into the base weights (W + alpha/r · B A)
  std::filesystem::path base_model;  // empty: the one recorded with the adapter
  std::uintmax_t max_shard_bytes = 0;  // 0: the default (5 GiB)
  bool gguf = false;                   // one GGUF file in `out` instead of a Hugging Face folder
  gguf::TensorType gguf_type = gguf::TensorType::f16;
  // GGUF: bytes of tensor data written, of all (for a progress bar).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ExportOutcome {
  std::string written;                 // "adapter", "model", "merged model", "GGUF" or "merged GGUF"
  std::filesystem::path base_model;    // what a merge folded into (empty for a copy)
  std::filesystem::path file;          // GGUF: the file written
  std::vector<std::string> notes;      // GGUF: what llama.cpp will do differently
};

// Throws UserError for what the request cannot do (an output folder that is
// not empty, merging a P-Tuning v2 prefix or a complete model, a result not
// finished) and std::runtime_error for a weight that is NaN or infinite
// (nothing is written then). Files are written atomically, one by one.
ExportOutcome export_result(const ExportRequest& request);

}  // namespace tunedesk::training
