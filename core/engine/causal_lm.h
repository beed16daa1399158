// A decoder-only language model loaded from a Hugging Face folder: the
// weights as plain tensors named after their checkpoint keys, and one
// forward pass, a straight loop over the layers.
#pragma once


#include <ATen/core/Tensor.h>

#include <filesystem>
#include <initializer_list>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "engine/device.h"
#include "engine/layers.h"
#include "engine/packed_weights.h"
#include "model/checkpoint_layout.h"
#include "model/model_config.h"
#include "util/user_error.h"

namespace tunedesk::model {
class WeightFiles;
enum class Projection;
}

namespace tunedesk::engine {

class LoraAdapter;
class PrefixAdapter;
using model::Projection;

// Tensors as the checkpoint stores them (fused ones stay fused), so that
// adapters find them under their Hugging Face names.
struct LayerWeights {
  at::Tensor input_norm;                     // [C]
  at::Tensor q_proj, k_proj, v_proj;         // [H*D, C], [KV*D, C], [KV*D, C]
  at::Tensor q_bias, k_bias, v_bias;         // Qwen2, GLM
  at::Tensor qkv_proj, qkv_bias;             // ChatGLM's fused query_key_value: [(H + 2*KV)*D, C];
                                             // other families: q|k|v after fuse_frozen_projections()
  at::Tensor q_norm, k_norm;                 // [D], Qwen3
  at::Tensor o_proj;                         // [C, H*D]
  at::Tensor o_bias;                         // [C], Llama/Qwen3 with attention_bias
  at::Tensor post_self_attn_norm;            // [C], Glm4: on the attention output
  at::Tensor post_attention_norm;            // [C]
  at::Tensor gate_proj, up_proj;             // [I, C] each
  at::Tensor gate_up_proj;                   // GLM/ChatGLM fused [2*I, C]: gate rows first (others: when fused)
  at::Tensor down_proj;                      // [C, I]
  at::Tensor post_mlp_norm;                  // [C], Glm4: on the MLP output
};

struct ModelWeights {
  at::Tensor embed_tokens;  // [V, C]
  std::vector<LayerWeights> layers;
  at::Tensor final_norm;    // [C]
  at::Tensor lm_head;       // [V, C]; the same tensor as embed_tokens when tied
};

// Decoding's form of the projection and output-head weights
// (CausalLM::pack_for_decoding): q|k|v and gate|up as one matrix each, so
// that a layer makes four products per token.
struct PackedLayerWeights {
  PackedMatrix qkv, o, gate_up, down;  // [(H + 2·KV)·D, C], [C, H·D], [2·I, C], [C, I]
  at::Tensor qkv_bias;                 // [(H + 2·KV)·D] where the family has biases
};
struct PackedModelWeights {
  WeightFormat format = WeightFormat::fp32;
  std::vector<PackedLayerWeights> layers;
  PackedMatrix lm_head;  // [V, C]
  int64_t bytes = 0;     // of everything packed
  int64_t dropped_bytes = 0;  // of the checkpoint's mapped fp32 pages given back after packing
  bool huge_pages = false;    // whether the system took the huge-page advice for them (weight_arena.h)
  PrefetchChoice prefetch;    // measured after packing (packed_weights.h)
  // For the run log: "on huge pages; no prefetch (measured over 167 MiB: 9.41 ms with, 7.90 ms without)".
  std::string describe() const {
    return std::string(huge_pages ? "on huge pages" : "on 4 KiB pages (the system gave no huge pages)") + "; " +
           prefetch.describe();
  }
};

// Keys and values of past positions, one pair of [B, KV, capacity, D] per layer.
struct KVCache {
  std::vector<at::Tensor> keys, values;
  int64_t length = 0;  // positions filled
  std::vector<float> scratch;  // a packed model's one-token step's buffers, kept between tokens
  int64_t capacity() const { return keys.empty() ? 0 : keys.front().size(2); }
};

// Where a tensor of a decoder layer lives in LayerWeights (a layer role of model::TensorRole).
at::Tensor& layer_tensor(LayerWeights& w, model::TensorRole role);

// One weight under its checkpoint name ("model.layers.0.self_attn.q_proj.weight").
struct NamedWeight {
  std::string name;
  std::vector<int64_t> shape;
  at::Tensor* tensor;  // into the model's ModelWeights
};

// What loading found besides the expected weights (names it ignored).
struct LoadReport {
  std::vector<std::string> unexpected;
};

class ModelLoadError : public UserError {
 public:
  using UserError::UserError;
};

class CausalLM {
 public:
  // Throws ModelLoadError naming every missing or mis-shaped weight,
  // model::ModelConfigError, model::SafetensorsError, util::FileError.
  static CausalLM load(const std::filesystem::path& dir, const ComputeTarget& target = pick_target());

  CausalLM(CausalLM&&) noexcept;
  CausalLM& operator=(CausalLM&&) noexcept;
  ~CausalLM();

  // ids: [B, T] token ids. With a cache, the T positions follow the cached
  // ones and the cache is extended. Returns logits [B, T, V] in fp32.
  at::Tensor forward(const at::Tensor& ids, KVCache* cache = nullptr, const at::Tensor& key_padding = {}) const;
  // forward() in two halves: the final-normed hidden states [B, T, C], and
  // the output head on any [..., C] rows of them (training computes logits
  // only where there is a label to predict).
  at::Tensor hidden_states(const at::Tensor& ids, KVCache* cache = nullptr, const at::Tensor& key_padding = {}) const;
  at::Tensor logits(const at::Tensor& hidden) const;
  // forward() for generating: the logits of the last position only [B, 1, V]
  // (a prompt's earlier positions need no output head: with a 32K vocabulary
  // that is a tenth of a 100M model's prefill, with Qwen's 152K a quarter).
  at::Tensor next_token_logits(const at::Tensor& ids, KVCache& cache) const;

  // A cache for `capacity` positions; with a prefix set, the prefix's keys
  // and values come first (and the cache is that much larger).
  KVCache make_cache(int64_t batch, int64_t capacity) const;

  // Runs with this adapter (nullptr: none). The adapter must outlive its use.
  void set_adapter(const LoraAdapter* adapter);
  const LoraAdapter* adapter() const { return adapter_; }
  // Runs with this P-Tuning v2 prefix (nullptr: none); it must outlive its use.
  void set_prefix(const PrefixAdapter* prefix) { prefix_ = prefix; }
  const PrefixAdapter* prefix() const { return prefix_; }

  const model::ModelConfig& config() const { return config_; }
  const ComputeTarget& target() const { return target_; }
  ModelWeights& weights() { return weights_; }
  const ModelWeights& weights() const { return weights_; }
  // Gradient checkpointing: while training, keep only each decoder layer's
  // input and recompute the layer in backward (less memory, ~1/3 more time).
  void set_gradient_checkpointing(bool on) { checkpointing_ = on; }
  bool gradient_checkpointing() const { return checkpointing_; }

  // For training on a frozen base (LoRA, P-Tuning v2): q|k|v and gate|up
  // each become one weight, so that a layer makes two products where it made
  // five, each way (forward and input gradients), larger and so faster. The
  // separate weights stay as row views of the fused ones, for adapters and
  // saving. Whatever replaces a weight afterwards (merging, full
  // fine-tuning) must call split_fused_projections() first.
  void fuse_frozen_projections();
  void split_fused_projections();
  bool projections_fused() const { return fused_for_training_; }

  // For chatting on the CPU in fp32: every projection and the output head
  // packed in `format` (a Q8_0 matrix whose rows are not a multiple of 32
  // values takes bf16), their fp32 tensors released. Forward passes then
  // read the packed weights, one token's with the vector kernels, a
  // prompt's through the BLAS; the results are those of the weights
  // rounded to the format. Such a model is for inference only: training,
  // merging and named_weights() refuse it. Adapters attached before stay.
  void pack_for_decoding(WeightFormat format);
  const PackedModelWeights* packed() const { return packed_.get(); }

  const LoadReport& load_report() const { return report_; }
  // Every weight in checkpoint order; a tied lm_head is not listed (it is
  // the embedding). Replacing a tensor through it changes the model.
  std::vector<NamedWeight> named_weights();
  const model::WeightFiles& weight_files() const { return *files_; }
  // Gives back the resident pages of every checkpoint tensor that no weight
  // reads in place any more (copied: fused, converted to another dtype,
  // cloned for full fine-tuning). The checkpoint is mapped with every page
  // read in at load, so without this a copy costs its bytes twice for the
  // whole run. Returns the bytes given back by this call (each tensor's once).
  std::size_t release_copied_mappings();

 private:
  CausalLM() = default;
  // W x + b, plus the adapter's delta when one is set for this projection.
  at::Tensor project(std::size_t layer, Projection p, const at::Tensor& x, const at::Tensor& w,
                     const at::Tensor& b = {}) const;
  at::Tensor project(std::size_t layer, Projection p, const at::Tensor& x, const PackedMatrix& w,
                     const at::Tensor& b = {}) const;
  // Adds the adapter's deltas to the outputs of projections that read x.
  void add_deltas(std::size_t layer, std::initializer_list<Projection> projections, const at::Tensor& x,
                  std::initializer_list<at::Tensor*> outputs) const;
  // Throws std::logic_error when a packed model is asked for gradients.
  void refuse_gradients_when_packed() const;
  // Whether forward() can take decode_token() (decode_step.cpp): a packed
  // model, one token of one sequence after a cache, no padding, RoPE from
  // the table, LoRA pairs (if any) in fp32.
  bool decodes_in_place(const at::Tensor& ids, const KVCache* cache, const at::Tensor& key_padding) const;
  // That token through every layer on raw rows; returns logits [1, 1, V].
  at::Tensor decode_token(int64_t id, KVCache& cache) const;
  // positions: rows of `rope` for the T positions of x.
  at::Tensor decoder_layer(const LayerWeights& w, const at::Tensor& x, const RopeTable& rope, const at::Tensor& positions,
                           KVCache* cache, std::size_t layer, const at::Tensor& key_padding,
                           const std::pair<at::Tensor, at::Tensor>* prefix) const;

  model::ModelConfig config_;
  ComputeTarget target_;
  ModelWeights weights_;
  RopeTable rope_;  // every position the model allows, at the unstretched frequencies
  LoadReport report_;
  std::shared_ptr<model::WeightFiles> files_;  // keeps memory-mapped weights alive
  std::set<std::string> released_mappings_;    // tensors whose mapped pages were given back
  const LoraAdapter* adapter_ = nullptr;
  // The adapter's largest LoRA rank, which sizes the one-token step's buffer;
  // 0 when a pair is not contiguous fp32 (the step then leaves tokens to
  // the general path). Found once, by set_adapter().
  int64_t adapter_step_rank_ = 0;
  const PrefixAdapter* prefix_ = nullptr;
  bool checkpointing_ = false;
  bool fused_for_training_ = false;
  std::shared_ptr<const PackedModelWeights> packed_;
  friend struct CheckpointedLayer;  // recomputes decoder_layer in backward
};

}  // namespace tunedesk::engine
