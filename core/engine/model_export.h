// Writing a model back out as a Hugging Face folder: the weights as they are
// now (after full fine-tuning or a LoRA merge) in the base checkpoint's
// precision and names, sharded over a size limit, with the base folder's
// config, tokenizer and other files copied beside them.
#pragma once

#include <filesystem>

#include "model/safetensors.h"

namespace tunedesk::engine {

class CausalLM;

// Throws std::runtime_error when a weight is NaN or infinite (nothing is
// written then), util::FileError on I/O errors.
void save_model_folder(CausalLM& model, const std::filesystem::path& base_dir, const std::filesystem::path& out_dir,
                       const model::WeightFolderOptions& layout = {});

}  // namespace tunedesk::engine
