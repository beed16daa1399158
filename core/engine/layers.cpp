#include "engine/layers.h"

#include "engine/cpu_gemm.h"
#include "engine/cpu_kernels.h"

#include <torch/torch.h>
#include <torch/version.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <limits>
#include <vector>

namespace tunedesk::engine {

c10::ScalarType accumulation_type(c10::ScalarType t) { return c10::promoteTypes(t, c10::kFloat); }

namespace {
// The tensors TuneDesk's own CPU kernels (cpu_kernels.h) take; others go
// through libtorch's operators. bf16 for the element loops, not for
// cross-entropy, whose logits come in fp32 (CausalLM::logits).
bool for_cpu_kernels(const at::Tensor& t, bool bf16_too = true) {
  const at::ScalarType type = t.scalar_type();
  return t.is_cpu() && (type == at::kFloat || type == at::kDouble || (bf16_too && type == at::kBFloat16));
}
}  // namespace

at::Tensor apply_linear(const at::Tensor& x, const at::Tensor& w, const at::Tensor& b) {
  if (x.is_cpu() && x.scalar_type() == at::kFloat && w.scalar_type() == at::kFloat && w.dim() == 2 &&
      w.is_contiguous() && x.dim() >= 1 && x.size(-1) == w.size(1) && x.numel() > 0 && w.numel() > 0 &&
      (!b.defined() || b.scalar_type() == at::kFloat) && cpu_gemm().onednn)
    return linear_onednn(x, w, b);
  return torch::nn::functional::linear(x, w, b);
}

at::Tensor rms_norm(const at::Tensor& x, const at::Tensor& weight, double eps) {
  if (for_cpu_kernels(x) && x.is_contiguous() &&
      weight.scalar_type() == x.scalar_type() && weight.is_contiguous())
    return rms_norm_cpu(x, weight, eps);
  const at::Tensor x32 = x.to(accumulation_type(x.scalar_type()));
  const at::Tensor normed = x32 * torch::rsqrt(x32.pow(2).mean(-1, /*keepdim=*/true) + eps);
  return weight * normed.to(x.scalar_type());
}

at::Tensor swiglu(const at::Tensor& gate, const at::Tensor& up) {
  // A view (a fused projection's half) is copied: one pass, where the
  // composite form makes four each way.
  if (for_cpu_kernels(gate) && gate.sizes() == up.sizes() && up.scalar_type() == gate.scalar_type())
    return swiglu_cpu(gate.contiguous(), up.contiguous());
  return torch::silu(gate) * up;
}

at::Tensor swiglu_halves(const at::Tensor& both) {
  if (for_cpu_kernels(both) && both.is_contiguous() && both.dim() >= 1 && both.size(-1) % 2 == 0)
    return swiglu_halves_cpu(both);
  const int64_t width = both.size(-1) / 2;
  return swiglu(both.narrow(-1, 0, width), both.narrow(-1, width, width));
}

namespace {

struct SplitLastAxisFunction : public torch::autograd::Function<SplitLastAxisFunction> {
  static torch::autograd::variable_list forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x,
                                                const std::vector<int64_t>& widths) {
    torch::autograd::variable_list parts;
    int64_t start = 0;
    for (const int64_t width : widths) {
      parts.push_back(x.narrow(-1, start, width).contiguous());
      start += width;
    }
    return parts;
  }
  // A part that got no gradient arrives as zeros (libtorch fills them in).
  static torch::autograd::variable_list backward(torch::autograd::AutogradContext*,
                                                 torch::autograd::variable_list grads) {
    return {torch::cat(grads, -1), at::Tensor()};
  }
};

}  // namespace

std::vector<at::Tensor> split_last_axis(const at::Tensor& x, const std::vector<int64_t>& widths) {
  int64_t total = 0;
  for (const int64_t width : widths) total += width;
  TORCH_CHECK(x.dim() >= 1 && total == x.size(-1), "split_last_axis: the widths sum to ", total, ", not ",
              x.dim() >= 1 ? x.size(-1) : 0);
  if (!x.requires_grad() || !torch::GradMode::is_enabled()) {
    std::vector<at::Tensor> parts;
    int64_t start = 0;
    for (const int64_t width : widths) {
      parts.push_back(x.narrow(-1, start, width));
      start += width;
    }
    return parts;
  }
  return SplitLastAxisFunction::apply(x, widths);
}

at::Tensor summed_cross_entropy(const at::Tensor& logits, const at::Tensor& targets) {
  if (for_cpu_kernels(logits, /*bf16_too=*/false) && logits.dim() == 2 && logits.is_contiguous() && targets.scalar_type() == at::kLong)
    return summed_cross_entropy_cpu(logits, targets);
  return torch::nn::functional::cross_entropy(logits, targets,
                                              torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum));
}

at::Tensor rope_inverse_frequencies(int64_t rotary_dim, double theta, const std::optional<model::RopeScaling>& scaling,
                                    int64_t seq_len) {
  const double dim = static_cast<double>(rotary_dim);
  const auto plain = [&](double base) { return 1.0 / torch::pow(base, torch::arange(0, rotary_dim, 2, torch::kDouble) / dim); };
  if (!scaling) return plain(theta).to(torch::kFloat);
  const model::RopeScaling& s = *scaling;
  at::Tensor inv;
  if (s.type == "linear") {
    // Positions divided by the factor; the same as dividing the frequencies.
    inv = plain(theta) / s.factor;
  } else if (s.type == "dynamic") {
    // NTK-aware: past the original context the base grows with the length.
    const double original = static_cast<double>(s.original_max_position);
    const double length = std::max(static_cast<double>(seq_len), original);
    inv = plain(theta * std::pow(s.factor * length / original - (s.factor - 1.0), dim / (dim - 2.0)));
  } else if (s.type == "yarn") {
    // YaRN: channels that turn many times over the original context keep
    // their frequency (extrapolate), slow ones are divided by the factor
    // (interpolate), a linear ramp between; cos/sin get attention_factor.
    const double original = static_cast<double>(s.original_max_position);
    const auto channel_of = [&](double rotations) {  // the channel pair that turns `rotations` times over the context
      return dim * std::log(original / (rotations * 2.0 * M_PI)) / (2.0 * std::log(theta));
    };
    double low = channel_of(s.beta_fast), high = channel_of(s.beta_slow);
    if (s.truncate) low = std::floor(low), high = std::ceil(high);
    low = std::max(low, 0.0);
    high = std::min(high, dim - 1.0);
    if (low == high) high += 0.001;
    const at::Tensor ramp = ((torch::arange(rotary_dim / 2, torch::kDouble) - low) / (high - low)).clamp(0.0, 1.0);
    const at::Tensor extrapolated = plain(theta), interpolated = extrapolated / s.factor;
    const at::Tensor keep = 1.0 - ramp;  // 1: the channel keeps its frequency
    inv = interpolated * (1.0 - keep) + extrapolated * keep;
  } else if (s.type == "llama3") {
    // Llama 3.1: long wavelengths slowed by `factor`, short ones kept, a smooth blend between.
    inv = plain(theta);
    const double old_len = static_cast<double>(s.original_max_position);
    const double low_wavelen = old_len / s.low_freq_factor;
    const double high_wavelen = old_len / s.high_freq_factor;
    const at::Tensor wavelen = 2.0 * M_PI / inv;
    at::Tensor scaled = torch::where(wavelen > low_wavelen, inv / s.factor, inv);
    const at::Tensor smooth = (old_len / wavelen - s.low_freq_factor) / (s.high_freq_factor - s.low_freq_factor);
    const at::Tensor blended = (1.0 - smooth) * scaled / s.factor + smooth * scaled;
    const at::Tensor medium = (wavelen >= high_wavelen).logical_and(wavelen <= low_wavelen);
    inv = torch::where(medium, blended, scaled);
  } else {
    throw std::invalid_argument("RoPE scaling \"" + s.type + "\" is not implemented");  // load_model_config refuses it first
  }
  return inv.to(torch::kFloat);
}

bool rope_stretches_at(const model::ModelConfig& c, int64_t end) {
  return c.rope_scaling && c.rope_scaling->type == "dynamic" && end > c.rope_scaling->original_max_position;
}

RopeTable RopeTable::make(int64_t rotary_dim, double theta, const std::optional<model::RopeScaling>& scaling,
                          int64_t first, int64_t count, const c10::Device& device, int64_t seq_len) {
  const at::Tensor inv = rope_inverse_frequencies(rotary_dim, theta, scaling, seq_len);
  const at::Tensor positions = torch::arange(first, first + count, torch::kFloat);
  const at::Tensor angles = torch::outer(positions, inv);  // [count, rotary_dim / 2]
  const double factor = scaling ? scaling->attention_factor : 1.0;
  at::Tensor cos = angles.cos(), sin = angles.sin();
  if (factor != 1.0) cos = cos * factor, sin = sin * factor;
  return RopeTable{cos.to(device), sin.to(device), first};
}

at::Tensor apply_rotary(const at::Tensor& x, const RopeTable& rope, const at::Tensor& positions, bool interleaved) {
  if (for_cpu_kernels(x) && x.dim() == 4 &&
      x.stride(3) == 1 && rope.cos.is_cpu() && positions.scalar_type() == at::kLong && positions.dim() == 1 &&
      positions.numel() == x.size(2))
    return apply_rotary_cpu(x, rope.cos, rope.sin, positions.contiguous(), interleaved);
  const int64_t half = rope.cos.size(-1), rotary = 2 * half, D = x.size(-1);
  const at::Tensor cos = rope.cos.index_select(0, positions).to(x.scalar_type());  // [T, half]
  const at::Tensor sin = rope.sin.index_select(0, positions).to(x.scalar_type());
  const at::Tensor part = rotary == D ? x : x.narrow(-1, 0, rotary);
  at::Tensor rotated;
  if (interleaved) {
    const at::Tensor p = part.unflatten(-1, {half, 2});  // [..., half, 2]
    const at::Tensor a = p.select(-1, 0), b = p.select(-1, 1);
    rotated = torch::stack({a * cos - b * sin, b * cos + a * sin}, -1).flatten(-2);
  } else {
    const at::Tensor a = part.narrow(-1, 0, half), b = part.narrow(-1, half, half);
    rotated = torch::cat({a * cos - b * sin, b * cos + a * sin}, -1);
  }
  return rotary == D ? rotated : torch::cat({rotated, x.narrow(-1, rotary, D - rotary)}, -1);
}

#if TORCH_VERSION_MAJOR < 2
namespace {

// alpha · a[i] · op(b[i]) (+ add) over a batch (cpu_gemm.h's shapes): on
// oneDNN's GEMM where the linear layers use it, libtorch's bmm elsewhere.
at::Tensor batched_product(const at::Tensor& a, const at::Tensor& b, bool b_transposed, double alpha,
                           const at::Tensor& add) {
  if (a.is_cpu() && a.scalar_type() == at::kFloat && b.scalar_type() == at::kFloat &&
      (!add.defined() || add.scalar_type() == at::kFloat) && a.numel() > 0 && b.numel() > 0 && cpu_gemm().onednn)
    return batched_product_onednn(a, b, b_transposed, alpha, add);
  const at::Tensor op_b = b_transposed ? b.transpose(1, 2) : b;
  if (add.defined()) return torch::baddbmm(add, a, op_b, /*beta=*/1, alpha);
  return alpha == 1.0 ? torch::bmm(a, op_b) : torch::bmm(a, op_b) * alpha;
}

// Blocked causal attention (see layers.h). The query heads that share a
// key/value head are interleaved per position, [B·KV, T·group, D], so a block
// of positions is a contiguous run of rows; it meets the keys 0 .. (its last
// position) in one product whose additive mask (0 or -inf) also stands in
// for the product's own zeroing of its output.
at::Tensor blocked_causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v,
                                    const at::Tensor& key_padding, int64_t block) {
  const int64_t batch = q.size(0), heads = q.size(1), kv_heads = k.size(1), head_dim = q.size(3);
  const int64_t t = q.size(2), s = k.size(2), group = heads / kv_heads, offset = s - t;
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  const at::Tensor queries = q.reshape({batch, kv_heads, group, t, head_dim})
                                 .permute({0, 1, 3, 2, 4})
                                 .reshape({batch * kv_heads, t * group, head_dim});
  const at::Tensor keys = k.reshape({batch * kv_heads, s, head_dim});
  const at::Tensor values = v.reshape({batch * kv_heads, s, head_dim});
  const float blocked = -std::numeric_limits<float>::infinity();
  std::vector<at::Tensor> outputs;
  for (int64_t first = 0; first < t; first += block) {
    const int64_t rows = std::min(block, t - first), seen = offset + first + rows;  // keys 0 .. seen - 1
    // Row (position p, head g) sees key j when j <= offset + p.
    const at::Tensor positions = torch::arange(first, first + rows, q.options().dtype(torch::kLong)).repeat_interleave(group);
    const at::Tensor key_index = torch::arange(seen, positions.options());
    at::Tensor hidden = key_index.unsqueeze(0) > (positions + offset).unsqueeze(1);  // [rows·group, seen]
    if (key_padding.defined())
      hidden = hidden.unsqueeze(0).logical_or(key_padding.narrow(1, 0, seen).unsqueeze(1))  // [B, rows·group, seen]
                   .unsqueeze(1).expand({batch, kv_heads, rows * group, seen})
                   .reshape({batch * kv_heads, rows * group, seen});
    const at::Tensor bias = torch::zeros(hidden.sizes(), q.options()).masked_fill_(hidden, blocked);
    const at::Tensor scores = batched_product(queries.narrow(1, first * group, rows * group), keys.narrow(1, 0, seen),
                                              /*b_transposed=*/true, scale, bias);
    at::Tensor weights = torch::softmax(scores, -1);
    // A row of nothing but padding (left-padded batches) has no key to see: zeros, not NaN.
    if (key_padding.defined()) weights = weights.nan_to_num(0.0);
    outputs.push_back(batched_product(weights, values.narrow(1, 0, seen), false, 1.0, {}));
  }
  return torch::cat(outputs, 1)
      .reshape({batch, kv_heads, t, group, head_dim})
      .permute({0, 1, 3, 2, 4})
      .reshape({batch, heads, t, head_dim});
}

}  // namespace
#endif

at::Tensor causal_attention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, const at::Tensor& key_padding,
                            int64_t window, [[maybe_unused]] int64_t query_block) {
  const int64_t heads = q.size(1), kv_heads = k.size(1);
  const int64_t t = q.size(2), s = k.size(2), group = heads / kv_heads;
  // Query i sits at position s - t + i and sees keys 0 .. s - t + i.
  at::Tensor blocked = torch::ones({t, s}, q.options().dtype(torch::kBool)).triu(s - t + 1);  // [T, S]
  // Sliding window: keys W or more positions back are out of sight.
  if (window > 0 && window < s) blocked = blocked.logical_or(torch::ones({t, s}, blocked.options()).tril(s - t - window));
#if TORCH_VERSION_MAJOR >= 2
  // PyTorch 2.x fuses this (flash / memory-efficient kernels on CUDA); its mask marks allowed positions.
  const at::Tensor keys = group == 1 ? k : k.repeat_interleave(group, 1);
  const at::Tensor values = group == 1 ? v : v.repeat_interleave(group, 1);
  if (key_padding.defined()) blocked = blocked.unsqueeze(0).logical_or(key_padding.unsqueeze(1)).unsqueeze(1);  // [B,1,T,S]
  return at::scaled_dot_product_attention(q, keys, values, blocked.logical_not());
#else
  // bf16 blocks keep bf16 scores and probabilities, as Hugging Face's Llama
  // does under autocast (libtorch's bf16 softmax sums in fp32 and rounds
  // once): the scale and the mask come with the product, and the softmax is
  // the one pass of its own over 5/8 of the scores at 512 tokens, where the
  // whole product below makes five fp32 passes over all of them each way.
  const bool blockable = q.scalar_type() == torch::kFloat || q.scalar_type() == torch::kBFloat16;
  if (blockable && t >= 2 * query_block && (window <= 0 || window >= s))
    return blocked_causal_attention(q, k, v, key_padding, query_block);
  const int64_t batch = q.size(0), head_dim = q.size(3);
  // Grouped-query attention without copying keys and values per query head:
  // the `group` query heads that share a key/value head are stacked along
  // the query axis, [B, KV, group·T, D], and meet that head in one product.
  const double scale = 1.0 / std::sqrt(static_cast<double>(head_dim));
  const at::Tensor grouped = q.reshape({batch * kv_heads, group * t, head_dim});
  const at::Tensor keys = k.reshape({batch * kv_heads, s, head_dim});
  at::Tensor scores = q.scalar_type() == torch::kFloat
                          ? batched_product(grouped, keys, /*b_transposed=*/true, scale, {})
                          : torch::bmm(grouped, keys.transpose(1, 2)).to(accumulation_type(q.scalar_type())) * scale;
  scores = scores.view({batch, kv_heads, group * t, s});
  at::Tensor mask = group == 1 ? blocked : blocked.repeat({group, 1});                    // [group·T, S]
  if (key_padding.defined()) mask = mask.unsqueeze(0).logical_or(key_padding.unsqueeze(1)).unsqueeze(1);  // [B,1,group·T,S]
  scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
  at::Tensor weights = torch::softmax(scores, -1);
  // A row of nothing but padding (left-padded batches) has no key to see: zeros, not NaN.
  if (key_padding.defined()) weights = weights.nan_to_num(0.0);
  const at::Tensor mixed = batched_product(weights.to(q.scalar_type()).reshape({batch * kv_heads, group * t, s}),
                                           v.reshape({batch * kv_heads, s, head_dim}), false, 1.0, {});
  return mixed.reshape({batch, heads, t, head_dim});
#endif
}

}  // namespace tunedesk::engine
