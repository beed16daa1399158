// The building blocks every decoder family is made of, each a plain function
// on tensors. Shapes: B batch, T new positions, S all key positions (past +
// new), H query heads, KV key/value heads, D head dim, C hidden size.
#pragma once

#include <ATen/core/Tensor.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "engine/attention_block.h"
#include "model/model_config.h"

namespace tunedesk::engine {

// The type sums and softmaxes are computed in: at least fp32 (bf16/fp16
// inputs are widened), fp64 kept as it is (the gradient checks run in fp64).
c10::ScalarType accumulation_type(c10::ScalarType t);

// x · wᵀ (+ b), as torch's linear: x [..., in], w [out, in], b [out] or
// undefined. fp32 on the CPU goes to oneDNN's GEMM where libtorch's oneDNN is
// present (cpu_gemm.h); everything else to libtorch.
at::Tensor apply_linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b = {});

// RMSNorm as Hugging Face computes it: in fp32, then back to x's dtype, then
// times the weight. x: [..., C]
at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps);

// The gated MLP's activation: silu(gate) · up.
at::Tensor swiglu(const at::Tensor& gate, const at::Tensor& up);

// The same of a fused gate|up projection's output [..., 2·I] (each row the
// gate, then up): [..., I], with one gradient for the fused output.
at::Tensor swiglu_halves(const at::Tensor& both);

// The parts of x's last axis, `widths` long in turn (summing to its size),
// as a fused projection's output is split (q | k | v). With autograd, each
// part is a contiguous copy and their gradients join in one concatenation;
// views, each given a zero-filled gradient the width of x and summed, cost
// several passes more. Without it, views.
std::vector<at::Tensor> split_last_axis(const at::Tensor& x, const std::vector<int64_t>& widths);

// Σ over rows of −log softmax(logits)[target]: the summed cross-entropy of
// next-token predictions. logits: [N, V]; targets: int64 [N], none ignored.
at::Tensor summed_cross_entropy(const at::Tensor& logits, const at::Tensor& targets);

// cos/sin of rotary position embeddings: one angle per pair of channels,
// rows for the positions [first, first + count). Both are multiplied by the
// scaling's attention factor (YaRN's; 1 otherwise), as transformers does.
struct RopeTable {
  at::Tensor cos, sin;  // [count, rotary_dim / 2], fp32
  int64_t first = 0;    // the position of row 0
  // `seq_len`: the sequence length dynamic (NTK) scaling adapts to.
  static RopeTable make(int64_t rotary_dim, double theta, const std::optional<model::RopeScaling>& scaling,
                        int64_t first, int64_t count, const c10::Device& device, int64_t seq_len = 0);
  // The model's table for positions [first, first + count).
  static RopeTable make(const model::ModelConfig& c, int64_t first, int64_t count, const c10::Device& device,
                        int64_t seq_len = 0) {
    return make(c.rotary_dim, c.rope_theta, c.rope_scaling, first, count, device, seq_len);
  }
};

// Whether a forward pass ending at position `end` (exclusive) needs RoPE
// frequencies of its own: dynamic NTK scaling past the original context,
// where transformers recomputes them for max(position) + 1 at every call.
bool rope_stretches_at(const model::ModelConfig& c, int64_t end);

// The inverse frequencies RoPE rotates by, with the scaling applied when
// given (transformers' rope_type: linear, dynamic, yarn, llama3). [rotary_dim / 2], fp32
at::Tensor rope_inverse_frequencies(int64_t rotary_dim, double theta, const std::optional<model::RopeScaling>& scaling,
                                    int64_t seq_len = 0);

// Rotates the first rotary_dim channels of each head (the rest pass through).
// Pairs are (i, i + rotary_dim / 2), Llama's rotate-half, or (2i, 2i + 1)
// when `interleaved`, as GLM pairs them. x: [B, heads, T, D]; positions: [T],
// row numbers of the table (position − rope.first).
at::Tensor apply_rotary(const at::Tensor& x, const RopeTable& rope, const at::Tensor& positions, bool interleaved = false);

// Causal attention with grouped-query heads. q: [B, H, T, D]; k, v: [B, KV, S, D]
// where the T queries are the last T of the S positions. key_padding: [B, S]
// bool, true where a key is padding (may be undefined). With a window W > 0
// a query sees only the W positions ending at its own. Returns [B, H, T, D].
//
// Without PyTorch 2's fused kernels, long fp32 and bf16 sequences are
// computed in blocks of `query_block` queries: each block meets only the keys
// up to its last query, skipping most of the masked half of the score matrix
// (at 512 tokens in blocks of 128, 5/8 of the products and softmax work
// remain). In bf16 the scores and probabilities are bf16, as under PyTorch's
// autocast; shorter bf16 rows get fp32 scores.
// kAttentionQueryBlock: engine/attention_block.h.
at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                            const at::Tensor& key_padding = {}, int64_t window = 0,
                            int64_t query_block = kAttentionQueryBlock);

}  // namespace tunedesk::engine
