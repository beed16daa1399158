// How a Hugging Face checkpoint's tensors become llama.cpp's, per family:
// the architecture name, Llama's q/k row order and the type each tensor is
// stored in (the tensor names are the layout's: model/checkpoint_layout.h). Shared by the model export (hf_to_gguf) and the
// LoRA adapter export (lora_to_gguf), which must name and reorder alike.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "gguf/ggml_types.h"
#include "model/model_config.h"

namespace tunedesk::model {
struct TensorView;
}

namespace tunedesk::gguf {

class GgufWriter;

// A family llama.cpp runs as TuneDesk does. llama.cpp's Llama rotates
// adjacent channel pairs (2i, 2i+1); Hugging Face's Llama checkpoints are
// laid out for rotate-half (i, i + D/2), so each head's q/k rows are
// interleaved as llama.cpp's converter does. Qwen's architectures rotate
// halves in llama.cpp too (NEOX mode), and GLM's checkpoints already pair
// adjacent channels: rows as they are.
struct GgufFamily {
  model::Arch arch;
  const char* gguf_arch;  // general.architecture
  bool permute_qk;
  bool vocab_size_key;  // {arch}.vocab_size (Llama)
  bool rope_dims_key;   // {arch}.rope.dimension_count (Llama; GLM, which rotates part of each head)
  bool glm_specials;    // GLM-4's end tokens: eos and unk <|endoftext|>, end of turn <|user|>, no BOS added
  bool phi3_keys;       // {arch}.attention.sliding_window (0: none) and {arch}.rope.scaling.original_context_length
};

// The family of `arch`, or nullptr when TuneDesk does not write it to GGUF.
const GgufFamily* gguf_family(model::Arch arch);
// "LlamaForCausalLM, MistralForCausalLM, ...", for messages.
std::string gguf_family_list();

// True for llama.cpp's q and k projections ("blk.N.attn_q.*", "blk.N.attn_k.*").
bool is_q_or_k(const std::string& gguf);

// For Llama's q/k: the checkpoint row that output row `r` comes from
// (heads of `head_dim` rows; biases the same, element-wise).
int64_t permuted_row(int64_t r, int64_t head_dim);

// Element `i` of a safetensors tensor (F32, F16 or BF16) as fp32.
float source_value(const model::TensorView& v, int64_t i);

// A tensor to copy from a checkpoint into the writer's next declared slot;
// with `permute_head_dim` > 0 its rows are reordered by permuted_row.
struct PlannedTensor {
  const model::TensorView* source;
  int64_t permute_head_dim = 0;
};

// Writes `plan` (after begin_data(), in the order the tensors were declared),
// converted to each declared type, a few MB of rows at a time: memory stays
// flat whatever the model. `progress(done, total)` after each block, in
// bytes of all the declared tensors.
void write_planned(GgufWriter& w, const std::vector<PlannedTensor>& plan,
                   const std::function<void(uint64_t done, uint64_t total)>& progress);

}  // namespace tunedesk::gguf
