#include "engine/model_export.h"

#include <torch/torch.h>

#include "engine/causal_lm.h"
#include "engine/tensor_io.h"
#include "util/file_io.h"

namespace tunedesk::engine {

void save_model_folder(CausalLM& model, const std::filesystem::path& base_dir, const std::filesystem::path& out_dir,
                       const model::WeightFolderOptions& layout) {
  namespace fs = std::filesystem;
  if (fs::exists(out_dir) && fs::equivalent(out_dir, base_dir))
    throw std::runtime_error(out_dir.string() + " is the base model's folder; write the new model elsewhere");
  // Check and convert everything first, so that a bad weight writes nothing.
  std::vector<std::string> blobs;
  std::vector<model::WeightToWrite> tensors;
  const std::vector<NamedWeight> weights = model.named_weights();
  blobs.reserve(weights.size());
  for (const NamedWeight& w : weights) {
    const at::Tensor& t = *w.tensor;
    if (!torch::isfinite(t).all().item<bool>()) throw std::runtime_error(w.name + " has NaN or infinite values; not saved");
    const model::TensorView* source = model.weight_files().find(w.name);
    const model::DType dtype = source ? source->dtype : model::DType::f32;
    blobs.push_back(tensor_bytes(t, dtype));
    tensors.push_back({w.name, dtype, w.shape, blobs.back()});
  }
  fs::create_directories(out_dir);
  // Everything of the base folder but its weights: config, tokenizer, generation config, code.
  for (const auto& entry : fs::directory_iterator(base_dir)) {
    const fs::path& p = entry.path();
    if (!entry.is_regular_file() || p.extension() == ".safetensors" || p.filename() == "model.safetensors.index.json" ||
        p.extension() == ".bin" || p.extension() == ".pt")
      continue;
    util::write_file_atomically(out_dir / p.filename(), util::read_file(p));
  }
  model::write_weight_folder(out_dir, tensors, layout);
}

}  // namespace tunedesk::engine
