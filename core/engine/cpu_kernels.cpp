#include "engine/cpu_kernels.h"

#include <ATen/Dispatch.h>
#include <ATen/Parallel.h>
#include <torch/torch.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "engine/cpu_features.h"
#include "engine/kernels/training_loops.h"

namespace tunedesk::engine {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

// Work below libtorch's own grain (32768 elements) stays on one thread: a
// parallel region costs a fork and a join, and far more when the other
// cores are busy with another process.
constexpr int64_t kGrain = 32768;
int64_t rows_per_task(int64_t width) { return std::max<int64_t>(1, kGrain / std::max<int64_t>(1, width)); }

// The type a stored type computes in: bf16 in fp32, float and double as themselves.
template <class S>
using computed_t = std::conditional_t<std::is_same_v<S, at::BFloat16>, float, S>;
template <class S>
at::ScalarType computed_dtype() {
  return c10::CppTypeToScalarType<computed_t<S>>::value;
}

// bf16 tensors' values as the kernels take them: their bits.
const uint16_t* bits(const at::BFloat16* p) { return reinterpret_cast<const uint16_t*>(p); }
uint16_t* bits(at::BFloat16* p) { return reinterpret_cast<uint16_t*>(p); }

// The loops over a part of the rows (kernels/training_kernels.h): float's and
// bf16's at the CPU's kernel level, double's (the gradient tests' finite
// differences) from the same templates compiled here.
void norm_rows(const float* x, const float* w, float* y, float* inv, int64_t rows, int64_t width, double eps) {
  kernels::training_kernels().rms_norm(x, w, y, inv, rows, width, eps);
}
void norm_rows(const double* x, const double* w, double* y, double* inv, int64_t rows, int64_t width, double eps) {
  kernels::rms_norm_rows(x, w, y, inv, rows, width, eps);
}
void norm_rows(const at::BFloat16* x, const at::BFloat16* w, at::BFloat16* y, float* inv, int64_t rows, int64_t width,
               double eps) {
  kernels::training_kernels().bf16.rms_norm(bits(x), bits(w), bits(y), inv, rows, width, eps);
}
void norm_rows_backward(const float* x, const float* w, const float* dy, const float* inv, float* dx, double* sums,
                        int64_t rows, int64_t width) {
  kernels::training_kernels().rms_norm_backward(x, w, dy, inv, dx, sums, rows, width);
}
void norm_rows_backward(const double* x, const double* w, const double* dy, const double* inv, double* dx,
                        double* sums, int64_t rows, int64_t width) {
  kernels::rms_norm_backward_rows(x, w, dy, inv, dx, sums, rows, width);
}
void norm_rows_backward(const at::BFloat16* x, const at::BFloat16* w, const at::BFloat16* dy, const float* inv,
                        at::BFloat16* dx, double* sums, int64_t rows, int64_t width) {
  kernels::training_kernels().bf16.rms_norm_backward(bits(x), bits(w), bits(dy), inv, dx ? bits(dx) : nullptr, sums,
                                                     rows, width);
}
void rotate_one_row(const float* x, float* y, const float* c, const float* s, int64_t half, int64_t width,
                    bool interleaved, bool inverse) {
  kernels::training_kernels().rotate_row(x, y, c, s, half, width, interleaved, inverse);
}
void rotate_one_row(const double* x, double* y, const float* c, const float* s, int64_t half, int64_t width,
                    bool interleaved, bool inverse) {
  kernels::rotate_row(x, y, c, s, half, width, interleaved, inverse);
}
void rotate_one_row(const at::BFloat16* x, at::BFloat16* y, const float* c, const float* s, int64_t half,
                    int64_t width, bool interleaved, bool inverse) {
  kernels::training_kernels().bf16.rotate_row(bits(x), bits(y), c, s, half, width, interleaved, inverse);
}
void swiglu_part(const float* g, const float* u, float* y, int64_t n) { kernels::training_kernels().swiglu(g, u, y, n); }
void swiglu_part(const double* g, const double* u, double* y, int64_t n) { kernels::swiglu_values(g, u, y, n); }
void swiglu_part(const at::BFloat16* g, const at::BFloat16* u, at::BFloat16* y, int64_t n) {
  kernels::training_kernels().bf16.swiglu(bits(g), bits(u), bits(y), n);
}
void swiglu_part_backward(const float* g, const float* u, const float* d, float* dg, float* du, int64_t n) {
  kernels::training_kernels().swiglu_backward(g, u, d, dg, du, n);
}
void swiglu_part_backward(const double* g, const double* u, const double* d, double* dg, double* du, int64_t n) {
  kernels::swiglu_backward_values(g, u, d, dg, du, n);
}
void swiglu_part_backward(const at::BFloat16* g, const at::BFloat16* u, const at::BFloat16* d, at::BFloat16* dg,
                          at::BFloat16* du, int64_t n) {
  kernels::training_kernels().bf16.swiglu_backward(bits(g), bits(u), bits(d), dg ? bits(dg) : nullptr,
                                                   du ? bits(du) : nullptr, n);
}

struct RmsNormFunction : public torch::autograd::Function<RmsNormFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& weight, double eps) {
    const int64_t width = x.size(-1), rows = x.numel() / width;
    at::Tensor y = at::empty_like(x);
    at::Tensor inverse_rms;
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, x.scalar_type(), "rms_norm_cpu", [&] {
      inverse_rms = at::empty({rows}, x.options().dtype(computed_dtype<scalar_t>()));
      const scalar_t* xs = x.data_ptr<scalar_t>();
      const scalar_t* w = weight.data_ptr<scalar_t>();
      scalar_t* ys = y.data_ptr<scalar_t>();
      computed_t<scalar_t>* inv = inverse_rms.data_ptr<computed_t<scalar_t>>();
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        const int64_t offset = first * width;
        norm_rows(xs + offset, w, ys + offset, inv + first, last - first, width, eps);
      });
    });
    ctx->save_for_backward({x, weight, inverse_rms});
    return y;
  }

  // With g = dy·w and n = x·inv: dx = inv·(g − n·mean(g·n)), dw = Σ_rows dy·n.
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor &x = saved[0], &weight = saved[1], &inverse_rms = saved[2];
    const at::Tensor dy = grad_outputs[0].contiguous();
    const bool want_dx = ctx->needs_input_grad(0), want_dw = ctx->needs_input_grad(1);
    const int64_t width = x.size(-1), rows = x.numel() / width;
    at::Tensor dx = want_dx ? at::empty_like(x) : at::Tensor();
    at::Tensor dw;
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, x.scalar_type(), "rms_norm_cpu_backward", [&] {
      const scalar_t* xs = x.data_ptr<scalar_t>();
      const scalar_t* w = weight.data_ptr<scalar_t>();
      const scalar_t* dys = dy.data_ptr<scalar_t>();
      const computed_t<scalar_t>* inv = inverse_rms.data_ptr<computed_t<scalar_t>>();
      scalar_t* dxs = want_dx ? dx.data_ptr<scalar_t>() : nullptr;
      // Each thread sums its rows' weight gradient apart; the sums meet at the end.
      const int threads = at::get_num_threads();
      std::vector<double> partial(want_dw ? static_cast<std::size_t>(threads * width) : 0, 0.0);
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        double* mine = want_dw ? partial.data() + static_cast<std::size_t>(at::get_thread_num()) * width : nullptr;
        const int64_t offset = first * width;
        scalar_t* dx_rows = dxs ? dxs + offset : nullptr;
        norm_rows_backward(xs + offset, w, dys + offset, inv + first, dx_rows, mine, last - first, width);
      });
      if (want_dw) {
        dw = at::empty_like(weight);
        scalar_t* out = dw.data_ptr<scalar_t>();
        for (int64_t c = 0; c < width; ++c) {
          double sum = 0;
          for (int t = 0; t < threads; ++t) sum += partial[static_cast<std::size_t>(t * width + c)];
          out[c] = static_cast<scalar_t>(static_cast<computed_t<scalar_t>>(sum));
        }
      }
    });
    return {dx, dw, at::Tensor()};
  }
};

// Rotates each (first, second) channel pair of every row of x by the angle of
// the row's position: by +angle forward, by −angle for the gradient.
void rotate(const at::Tensor& x, at::Tensor& y, const at::Tensor& cos, const at::Tensor& sin,
            const at::Tensor& positions, bool interleaved, bool inverse) {
  const int64_t batch = x.size(0), heads = x.size(1), steps = x.size(2), width = x.size(3);
  const int64_t half = cos.size(1);
  const float* cs = cos.data_ptr<float>();
  const float* sn = sin.data_ptr<float>();
  const int64_t* pos = positions.data_ptr<int64_t>();
  AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, x.scalar_type(), "apply_rotary_cpu", [&] {
    const scalar_t* xs = x.data_ptr<scalar_t>();
    scalar_t* ys = y.data_ptr<scalar_t>();
    at::parallel_for(0, batch * heads * steps, rows_per_task(width), [&](int64_t first, int64_t last) {
      for (int64_t r = first; r < last; ++r) {
        const int64_t b = r / (heads * steps), h = (r / steps) % heads, t = r % steps;
        const scalar_t* xr = xs + b * x.stride(0) + h * x.stride(1) + t * x.stride(2);
        scalar_t* yr = ys + b * y.stride(0) + h * y.stride(1) + t * y.stride(2);
        const float* c = cs + pos[t] * half;
        const float* s = sn + pos[t] * half;
        rotate_one_row(xr, yr, c, s, half, width, interleaved, inverse);
      }
    });
  });
}

struct RotaryFunction : public torch::autograd::Function<RotaryFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                            const at::Tensor& positions, bool interleaved) {
    at::Tensor y = at::empty_like(x);
    rotate(x, y, cos, sin, positions, interleaved, /*inverse=*/false);
    ctx->save_for_backward({cos, sin, positions});
    ctx->saved_data["interleaved"] = interleaved;
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor dy = grad_outputs[0].stride(3) == 1 ? grad_outputs[0] : grad_outputs[0].contiguous();
    at::Tensor dx = at::empty_like(dy);
    rotate(dy, dx, saved[0], saved[1], saved[2], ctx->saved_data["interleaved"].toBool(), /*inverse=*/true);
    return {dx, at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

struct SwigluFunction : public torch::autograd::Function<SwigluFunction> {
  // σ(gate) is computed in the loops each way, so only gate and up are kept.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& gate, const at::Tensor& up) {
    at::Tensor y = at::empty_like(gate);
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, gate.scalar_type(), "swiglu_cpu", [&] {
      const scalar_t *g = gate.data_ptr<scalar_t>(), *u = up.data_ptr<scalar_t>();
      scalar_t* out = y.data_ptr<scalar_t>();
      at::parallel_for(0, gate.numel(), kGrain, [&](int64_t first, int64_t last) {
        swiglu_part(g + first, u + first, out + first, last - first);
      });
    });
    ctx->save_for_backward({gate, up});
    return y;
  }

  // d/dg silu(g) = σ(g)·(1 + g·(1 − σ(g))).
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor &gate = saved[0], &up = saved[1];
    const at::Tensor dy = grad_outputs[0].contiguous();
    const bool want_gate = ctx->needs_input_grad(0), want_up = ctx->needs_input_grad(1);
    at::Tensor d_gate = want_gate ? at::empty_like(gate) : at::Tensor();
    at::Tensor d_up = want_up ? at::empty_like(up) : at::Tensor();
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, gate.scalar_type(), "swiglu_cpu_backward", [&] {
      const scalar_t *g = gate.data_ptr<scalar_t>(), *u = up.data_ptr<scalar_t>();
      const scalar_t* d = dy.data_ptr<scalar_t>();
      scalar_t* dg = want_gate ? d_gate.data_ptr<scalar_t>() : nullptr;
      scalar_t* du = want_up ? d_up.data_ptr<scalar_t>() : nullptr;
      at::parallel_for(0, gate.numel(), kGrain, [&](int64_t first, int64_t last) {
        scalar_t* dg_part = dg ? dg + first : nullptr;
        scalar_t* du_part = du ? du + first : nullptr;
        swiglu_part_backward(g + first, u + first, d + first, dg_part, du_part, last - first);
      });
    });
    return {d_gate, d_up};
  }
};

// SwiGLU of a fused projection's rows [gate | up], each half `width` long:
// the same loops row by row, and one gradient, [d_gate | d_up], for the
// fused rows, where two halves taken as views would each get a gradient
// the width of the whole row, zero-filled and summed by autograd.
struct SwigluHalvesFunction : public torch::autograd::Function<SwigluHalvesFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& both) {
    const int64_t width = both.size(-1) / 2, rows = both.numel() / std::max<int64_t>(1, 2 * width);
    std::vector<int64_t> shape = both.sizes().vec();
    shape.back() = width;
    at::Tensor y = at::empty(shape, both.options());
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, both.scalar_type(), "swiglu_halves_cpu", [&] {
      const scalar_t* b = both.data_ptr<scalar_t>();
      scalar_t* out = y.data_ptr<scalar_t>();
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        for (int64_t r = first; r < last; ++r) swiglu_part(b + 2 * r * width, b + (2 * r + 1) * width, out + r * width, width);
      });
    });
    ctx->save_for_backward({both});
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const at::Tensor both = ctx->get_saved_variables()[0];
    const at::Tensor dy = grad_outputs[0].contiguous();
    const int64_t width = both.size(-1) / 2, rows = both.numel() / std::max<int64_t>(1, 2 * width);
    at::Tensor d_both = at::empty_like(both);
    AT_DISPATCH_FLOATING_TYPES_AND(at::kBFloat16, both.scalar_type(), "swiglu_halves_cpu_backward", [&] {
      const scalar_t* b = both.data_ptr<scalar_t>();
      const scalar_t* d = dy.data_ptr<scalar_t>();
      scalar_t* db = d_both.data_ptr<scalar_t>();
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        for (int64_t r = first; r < last; ++r) {
          const int64_t gate = 2 * r * width, up = gate + width;
          swiglu_part_backward(b + gate, b + up, d + r * width, db + gate, db + up, width);
        }
      });
    });
    return {d_both};
  }
};

// Cross-entropy's loops on a part of the rows (kernels/training_kernels.h):
// float's at the CPU's kernel level, double's from the same templates.
void log_sum_exp_part(const float* x, float* out, int64_t rows, int64_t width) {
  kernels::training_kernels().log_sum_exp(x, out, rows, width);
}
void log_sum_exp_part(const double* x, double* out, int64_t rows, int64_t width) {
  kernels::log_sum_exp_rows(x, out, rows, width);
}
void scaled_softmax_part(const float* x, const float* lse, float g, float* d, int64_t rows, int64_t width) {
  kernels::training_kernels().scaled_softmax(x, lse, g, d, rows, width);
}
void scaled_softmax_part(const double* x, const double* lse, double g, double* d, int64_t rows, int64_t width) {
  kernels::scaled_softmax_rows(x, lse, g, d, rows, width);
}

struct CrossEntropyFunction : public torch::autograd::Function<CrossEntropyFunction> {
  // One pass over the logits for each row's maximum and one for its sum of
  // exponentials (nothing written); only the log-sum-exp is kept.
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& logits, const at::Tensor& targets) {
    const int64_t rows = logits.size(0), width = logits.size(1);
    at::Tensor log_sum_exp = at::empty({rows}, logits.options());
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "summed_cross_entropy_cpu", [&] {
      const scalar_t* x = logits.data_ptr<scalar_t>();
      scalar_t* lse = log_sum_exp.data_ptr<scalar_t>();
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        log_sum_exp_part(x + first * width, lse + first, last - first, width);
      });
    });
    ctx->save_for_backward({logits, targets, log_sum_exp});
    return (log_sum_exp - logits.gather(1, targets.unsqueeze(1)).squeeze(1)).sum();
  }

  // d/dlogits = g · (softmax − one-hot(target)), softmax = exp(logits − lse): one pass writing it.
  static variable_list backward(AutogradContext* ctx, variable_list grad_outputs) {
    const variable_list saved = ctx->get_saved_variables();
    const at::Tensor &logits = saved[0], &targets = saved[1], &log_sum_exp = saved[2];
    const int64_t rows = logits.size(0), width = logits.size(1);
    at::Tensor grad = at::empty_like(logits);
    AT_DISPATCH_FLOATING_TYPES(logits.scalar_type(), "summed_cross_entropy_cpu_backward", [&] {
      const auto g = grad_outputs[0].item<scalar_t>();
      const scalar_t *x = logits.data_ptr<scalar_t>(), *lse = log_sum_exp.data_ptr<scalar_t>();
      scalar_t* d = grad.data_ptr<scalar_t>();
      at::parallel_for(0, rows, rows_per_task(width), [&](int64_t first, int64_t last) {
        scaled_softmax_part(x + first * width, lse + first, g, d + first * width, last - first, width);
      });
      grad.scatter_add_(1, targets.unsqueeze(1), at::full({rows, 1}, -g, grad.options()));
    });
    return {grad, at::Tensor()};
  }
};

}  // namespace

at::Tensor summed_cross_entropy_cpu(const at::Tensor& logits, const at::Tensor& targets) {
  TORCH_CHECK(logits.dim() == 2 && logits.is_contiguous() && targets.dim() == 1 &&
                  targets.scalar_type() == at::kLong && targets.size(0) == logits.size(0),
              "summed_cross_entropy_cpu: logits must be contiguous [N, V] and targets int64 [N]");
  if (targets.numel() > 0) {
    const int64_t lowest = targets.min().item<int64_t>(), highest = targets.max().item<int64_t>();
    TORCH_CHECK(lowest >= 0 && highest < logits.size(1), "summed_cross_entropy_cpu: target ",
                lowest < 0 ? lowest : highest, " is outside the vocabulary of ", logits.size(1));
  }
  return CrossEntropyFunction::apply(logits, targets.contiguous());
}

at::Tensor rms_norm_cpu(const at::Tensor& x, const at::Tensor& weight, double eps) {
  TORCH_CHECK(x.is_contiguous() && weight.is_contiguous() && x.scalar_type() == weight.scalar_type() &&
                  x.size(-1) == weight.numel(),
              "rms_norm_cpu: x must be contiguous [..., C] and weight [C] of its dtype");
  return RmsNormFunction::apply(x, weight, eps);
}

at::Tensor swiglu_cpu(const at::Tensor& gate, const at::Tensor& up) {
  TORCH_CHECK(gate.is_contiguous() && up.is_contiguous() && gate.sizes() == up.sizes() &&
                  gate.scalar_type() == up.scalar_type(),
              "swiglu_cpu: gate and up must be contiguous, of one shape and dtype");
  return SwigluFunction::apply(gate, up);
}

at::Tensor swiglu_halves_cpu(const at::Tensor& both) {
  TORCH_CHECK(both.is_contiguous() && both.dim() >= 1 && both.size(-1) % 2 == 0,
              "swiglu_halves_cpu: the fused rows must be contiguous [..., 2·I]");
  return SwigluHalvesFunction::apply(both);
}

at::Tensor apply_rotary_cpu(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                            const at::Tensor& positions, bool interleaved) {
  TORCH_CHECK(x.dim() == 4 && x.stride(3) == 1 && cos.scalar_type() == at::kFloat && cos.is_contiguous() &&
                  sin.is_contiguous() && positions.scalar_type() == at::kLong && positions.is_contiguous() &&
                  positions.numel() == x.size(2) && 2 * cos.size(1) <= x.size(3),
              "apply_rotary_cpu: x must be [B, heads, T, D] with a dense last axis, tables float [P, half], positions int64 [T]");
  if (positions.numel() > 0) {
    const int64_t lowest = positions.min().item<int64_t>(), highest = positions.max().item<int64_t>();
    TORCH_CHECK(lowest >= 0 && highest < cos.size(0), "apply_rotary_cpu: position ", lowest < 0 ? lowest : highest,
                " is outside the rotary table's ", cos.size(0), " positions");
  }
  return RotaryFunction::apply(x, cos, sin, positions, interleaved);
}

namespace kernels {

const TrainingKernels& training_kernels(KernelLevel level) {
#if defined(__x86_64__)
  if (level == KernelLevel::avx512) return avx512_training_kernels();
  if (level == KernelLevel::avx2) return avx2_training_kernels();
#endif
  (void)level;
  return baseline_training_kernels();
}

const TrainingKernels& training_kernels() {
  static const TrainingKernels& chosen = training_kernels(kernel_level());
  return chosen;
}

}  // namespace kernels

int kernel_loop_threads() {
  std::atomic<int> chunks{0};
  at::parallel_for(0, int64_t{1} << 20, 1, [&](int64_t, int64_t) { ++chunks; });
  return chunks.load();
}

}  // namespace tunedesk::engine
