// Writing a fine-tuned result out where people and other tools use it: the
// adapter or model folder as it is (a PEFT adapter loads in Python PEFT), a
// LoRA adapter merged into its base model as a complete Hugging Face model
// folder (loads anywhere a model does, and trains again as a base model), or
// a model (full SFT, merged LoRA, any base model) as one GGUF file for
// llama.cpp and Ollama, or a LoRA adapter as a GGUF adapter beside its base
// model's GGUF; with an Ollama Modelfile beside them if asked.
// Shared by `tunedesk-cli export`, the desktop app and the HTTP server.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "gguf/file_type.h"

namespace tunedesk::training {

struct ExportRequest {
  std::filesystem::path source;      // a run, adapter or model folder
  std::filesystem::path out;         // must not exist, or be empty
  bool merge = false;                // fold a LoRA adapter into the base weights (W + alpha/r · B A)
  std::filesystem::path base_model;  // empty: the one recorded with the adapter
  std::uintmax_t max_shard_bytes = 0;  // 0: the default (5 GiB)
  bool gguf = false;                   // one GGUF file in `out` instead of a Hugging Face folder
  gguf::FileType gguf_type = gguf::FileType::f16;
  bool ollama = false;                 // GGUF: also a Modelfile for `ollama create`
  // GGUF, a LoRA result: the adapter only, without converting its base model
  // again; `base_gguf` names the base's GGUF file it goes with (checked to
  // fit: architecture, tensor names and shapes), needed for `ollama`.
  bool gguf_adapter_only = false;
  std::filesystem::path base_gguf;
  // GGUF: bytes of tensor data written, of all (for a progress bar).
  std::function<void(uint64_t done, uint64_t total)> progress;
};

struct ExportOutcome {
  // "adapter", "model", "merged model", "GGUF", "merged GGUF", "GGUF adapter" or "GGUF adapter alone"
  std::string written;
  std::filesystem::path base_model;    // what a merge folded into, or a GGUF adapter applies to (empty for a copy)
  std::filesystem::path file;          // GGUF: the model file written (for an adapter: its base model's; for
                                       // an adapter alone: the base GGUF named, or empty)
  std::filesystem::path adapter_file;  // GGUF adapter: the adapter file
  std::filesystem::path modelfile;     // the Ollama Modelfile, when asked for
  std::vector<std::string> notes;      // GGUF: what llama.cpp or Ollama will do differently
  std::vector<std::string> commands;   // GGUF: how to run it ("llama-cli -m ...", "ollama create ...")
};

// Throws UserError for what the request cannot do (an output folder that is
// not empty, merging a P-Tuning v2 prefix or a complete model, a result not
// finished) and std::runtime_error for a weight that is NaN or infinite
// (nothing is written then). Files are written atomically, one by one.
ExportOutcome export_result(const ExportRequest& request);

}  // namespace tunedesk::training
