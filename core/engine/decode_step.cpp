// CausalLM::decode_token: one new token of one sequence through a model
// packed for decoding, on raw fp32 rows instead of libtorch's operators.
// Generating a token reads every weight once (the packed products) and does
// little else; through libtorch, that little else is some forty operators a
// layer, each dispatched, shaped and allocated, which cost as much as the
// products themselves on a 100M model. Here the norms, RoPE, the KV cache
// write, attention, SwiGLU and the residual adds are loops over the rows,
// into buffers kept in the cache between tokens. The same math as
// decoder_layer() (which the tests hold it to), for one position.
//
// Built with OpenMP (core/CMakeLists.txt) so that at::parallel_for, a header
// template, spreads attention's heads over libtorch's threads, and the
// `omp simd` loops are vectorised for the build's target.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/causal_lm.h"
#include "engine/lora.h"

namespace tunedesk::engine {
namespace {

// y = weight · x / sqrt(mean(x²) + eps), as Hugging Face's RMSNorm (fp32 sums).
void rms_norm_row(const float* x, const float* weight, float* y, int64_t n, double eps) {
  double squares = 0;
  for (int64_t i = 0; i < n; ++i) squares += static_cast<double>(x[i]) * x[i];
  const float inverse = static_cast<float>(1.0 / std::sqrt(squares / static_cast<double>(n) + eps));
  for (int64_t i = 0; i < n; ++i) y[i] = weight[i] * (x[i] * inverse);
}

// RoPE on one head's first 2·half channels at one table row (cos, sin: [half]).
void rotate(float* head, const float* cos, const float* sin, int64_t half, bool interleaved) {
  for (int64_t i = 0; i < half; ++i) {
    const int64_t ia = interleaved ? 2 * i : i, ib = interleaved ? 2 * i + 1 : i + half;
    const float a = head[ia], b = head[ib];
    head[ia] = a * cos[i] - b * sin[i];
    head[ib] = b * cos[i] + a * sin[i];
  }
}

// out[0..rows) += scale · B (A x): a LoRA pair's delta, A [r, in], B [rows, r].
void add_lora(const LoraPair& pair, double scale, const float* x, float* out, float* down) {
  const int64_t r = pair.a.size(0), in = pair.a.size(1), rows = pair.b.size(0);
  const float* a = pair.a.data_ptr<float>();
  const float* b = pair.b.data_ptr<float>();
  for (int64_t j = 0; j < r; ++j) {
    float s = 0;
    for (int64_t c = 0; c < in; ++c) s += a[j * in + c] * x[c];
    down[j] = s * static_cast<float>(scale);
  }
  for (int64_t i = 0; i < rows; ++i) {
    float s = 0;
    for (int64_t j = 0; j < r; ++j) s += b[i * r + j] * down[j];
    out[i] += s;
  }
}

}  // namespace

bool CausalLM::decodes_in_place(const at::Tensor& ids, const KVCache* cache, const at::Tensor& key_padding) const {
  if (!packed_ || !cache || key_padding.defined() || ids.dim() != 2 || ids.size(0) != 1 || ids.size(1) != 1) return false;
  if (rope_stretches_at(config_, cache->length + 1)) return false;  // dynamic NTK: a table of its own
  return !adapter_ || adapter_step_rank_ > 0;  // LoRA pairs in contiguous fp32 (set_adapter looked)
}

at::Tensor CausalLM::decode_token(int64_t id, KVCache& cache) const {
  const model::ModelConfig& c = config_;
  const int64_t C = c.hidden_size, H = c.num_heads, KV = c.num_kv_heads, D = c.head_dim, I = c.intermediate_size;
  const int64_t group = H / KV, capacity = cache.capacity(), pos = cache.length, seen = pos + 1;
  const int64_t qkv_rows = (H + 2 * KV) * D, half = c.rotary_dim / 2;
  const int64_t max_rank = std::max<int64_t>(1, adapter_step_rank_);  // LoRA's A products land here
  if (id < 0 || id >= c.vocab_size) throw std::invalid_argument("token id " + std::to_string(id) + " is outside the vocabulary");

  // Buffers for the step, kept in the cache: x, h | qkv | attended heads | tmp | gate|up | act | scores | lora.
  const int64_t need = 2 * C + qkv_rows + H * D + C + 2 * I + I + H * capacity + max_rank;
  if (static_cast<int64_t>(cache.scratch.size()) < need) cache.scratch.assign(static_cast<std::size_t>(need), 0.0f);
  float* x = cache.scratch.data();
  float* h = x + C;
  float* qkv = h + C;
  float* heads = qkv + qkv_rows;
  float* tmp = heads + H * D;
  float* gate_up = tmp + C;
  float* act = gate_up + 2 * I;
  float* scores = act + I;
  float* lora_down = scores + H * capacity;

  const at::Tensor embed = weights_.embed_tokens.contiguous();
  std::copy_n(embed.data_ptr<float>() + id * C, C, x);
  const float* cos = rope_.cos.data_ptr<float>() + (pos - rope_.first) * half;
  const float* sin = rope_.sin.data_ptr<float>() + (pos - rope_.first) * half;
  const float scale = static_cast<float>(1.0 / std::sqrt(static_cast<double>(D)));
  const double lora_scale = adapter_ ? adapter_->config().scale() : 0.0;
  // Adds the adapter's delta for projection p of layer l, reading `in`, to `out`.
  const auto lora = [&](std::size_t l, Projection p, const float* in, float* out) {
    if (!adapter_) return;
    if (const LoraPair* pair = adapter_->find(l, p)) add_lora(*pair, lora_scale, in, out, lora_down);
  };

  for (std::size_t l = 0; l < weights_.layers.size(); ++l) {
    const LayerWeights& w = weights_.layers[l];
    const PackedLayerWeights& pw = packed_->layers[l];
    rms_norm_row(x, w.input_norm.data_ptr<float>(), h, C, c.rms_norm_eps);
    pw.qkv.multiply(h, 1, qkv);
    if (pw.qkv_bias.defined()) {
      const float* b = pw.qkv_bias.data_ptr<float>();
      for (int64_t i = 0; i < qkv_rows; ++i) qkv[i] += b[i];
    }
    lora(l, Projection::qkv, h, qkv);
    lora(l, Projection::q, h, qkv);
    lora(l, Projection::k, h, qkv + H * D);
    lora(l, Projection::v, h, qkv + (H + KV) * D);
    float* q = qkv;
    float* k = qkv + H * D;
    const float* v = qkv + (H + KV) * D;
    for (int64_t head = 0; head < H; ++head) {
      if (c.qk_norm) rms_norm_row(q + head * D, w.q_norm.data_ptr<float>(), q + head * D, D, c.rms_norm_eps);
      rotate(q + head * D, cos, sin, half, c.rope_interleaved);
    }
    // The cache is [1, KV, capacity, D]: this position's row of each head.
    float* keys = cache.keys[l].data_ptr<float>();
    float* values = cache.values[l].data_ptr<float>();
    for (int64_t head = 0; head < KV; ++head) {
      if (c.qk_norm) rms_norm_row(k + head * D, w.k_norm.data_ptr<float>(), k + head * D, D, c.rms_norm_eps);
      rotate(k + head * D, cos, sin, half, c.rope_interleaved);
      std::copy_n(k + head * D, D, keys + (head * capacity + pos) * D);
      std::copy_n(v + head * D, D, values + (head * capacity + pos) * D);
    }
    // Attention over the keys this position sees: all, or the window ending here.
    const int64_t window = c.window(l);
    const int64_t first_key = window > 0 ? std::max<int64_t>(0, seen - window) : 0;
    at::parallel_for(0, H, 1, [&](int64_t begin, int64_t end) {
      for (int64_t head = begin; head < end; ++head) {
        const float* qh = q + head * D;
        const float* kh = keys + (head / group) * capacity * D;
        const float* vh = values + (head / group) * capacity * D;
        float* s = scores + head * capacity;
        float top = -std::numeric_limits<float>::infinity();
        for (int64_t j = first_key; j < seen; ++j) {
          float dot = 0;
#pragma omp simd reduction(+ : dot)
          for (int64_t d = 0; d < D; ++d) dot += qh[d] * kh[j * D + d];
          s[j] = dot * scale;
          top = std::max(top, s[j]);
        }
        float total = 0;
        for (int64_t j = first_key; j < seen; ++j) total += s[j] = std::exp(s[j] - top);
        float* out = heads + head * D;
        std::fill_n(out, D, 0.0f);
        for (int64_t j = first_key; j < seen; ++j) {
          const float p = s[j] / total;
#pragma omp simd
          for (int64_t d = 0; d < D; ++d) out[d] += p * vh[j * D + d];
        }
      }
    });
    pw.o.multiply(heads, 1, tmp);
    if (w.o_bias.defined()) {
      const float* b = w.o_bias.data_ptr<float>();
      for (int64_t i = 0; i < C; ++i) tmp[i] += b[i];
    }
    lora(l, Projection::o, heads, tmp);
    if (w.post_self_attn_norm.defined()) rms_norm_row(tmp, w.post_self_attn_norm.data_ptr<float>(), tmp, C, c.rms_norm_eps);
    for (int64_t i = 0; i < C; ++i) x[i] += tmp[i];

    rms_norm_row(x, w.post_attention_norm.data_ptr<float>(), h, C, c.rms_norm_eps);
    pw.gate_up.multiply(h, 1, gate_up);
    lora(l, Projection::gate_up, h, gate_up);
    lora(l, Projection::gate, h, gate_up);
    lora(l, Projection::up, h, gate_up + I);
    for (int64_t i = 0; i < I; ++i) act[i] = gate_up[i] / (1.0f + std::exp(-gate_up[i])) * gate_up[I + i];
    pw.down.multiply(act, 1, tmp);
    lora(l, Projection::down, act, tmp);
    if (w.post_mlp_norm.defined()) rms_norm_row(tmp, w.post_mlp_norm.data_ptr<float>(), tmp, C, c.rms_norm_eps);
    for (int64_t i = 0; i < C; ++i) x[i] += tmp[i];
  }
  cache.length += 1;
  rms_norm_row(x, weights_.final_norm.data_ptr<float>(), h, C, c.rms_norm_eps);
  at::Tensor logits = at::empty({1, 1, c.vocab_size}, at::kFloat);
  packed_->lm_head.multiply(h, 1, logits.data_ptr<float>());
  return logits;
}

}  // namespace tunedesk::engine
