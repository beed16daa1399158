// Hand-written CPU kernels for steps libtorch composes from many passes over
// memory. RMSNorm as tensor operations is six kernels forward and about ten
// backward over the activation; here it is one pass each way, and the
// weight's gradient is only computed when the weight trains (not in LoRA).
// Rotary embedding likewise: one pass instead of gathers, slices, four
// products and a concatenation (measured: ~4× faster, forward and backward).
// SwiGLU's silu(gate)·up: one sigmoid, then one pass forward and one back.
// CPU float/double tensors only: layers.cpp uses them where they apply and
// the composite form elsewhere (CUDA, bf16).
#pragma once

#include <ATen/core/Tensor.h>

namespace tunedesk::engine {

// weight · x / sqrt(mean(x²) + eps) over the last axis, with autograd.
// x: contiguous [..., C]; weight: [C], the same dtype.
at::Tensor rms_norm_cpu(const at::Tensor& x, const at::Tensor& weight, double eps);

// RoPE as layers.h's apply_rotary describes it, with autograd for x.
// x: [B, heads, T, D] of any strides with the last axis dense; cos, sin:
// float [positions, rotary_dim / 2]; positions: int64 [T].
// silu(gate) · up with autograd; gate and up contiguous, of one shape and dtype.
at::Tensor swiglu_cpu(const at::Tensor& gate, const at::Tensor& up);

at::Tensor apply_rotary_cpu(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                            const at::Tensor& positions, bool interleaved);

}  // namespace tunedesk::engine
