// Hand-written CPU kernels for steps libtorch composes from many passes over
// memory. RMSNorm as tensor operations is six kernels forward and about ten
// backward over the activation; here it is one pass each way, and the
// weight's gradient is only computed when the weight trains (not in LoRA).
// Rotary embedding likewise: one pass instead of gathers, slices, four
// products and a concatenation (measured: ~4× faster, forward and backward).
// SwiGLU's silu(gate)·up: one pass forward and one back, the sigmoid
// computed in each (kept: gate and up only).
// Cross-entropy over the output head's logits: libtorch's log_softmax and
// nll_loss make about ten passes over [tokens, vocabulary] and two more
// buffers of its size; here three, none written forward (each row's maximum,
// then its sum of exponentials) and one back (the softmax times the
// gradient).
// CPU tensors: RMSNorm, RoPE and SwiGLU take float, double or bf16 (what a
// CPU with bf16 matrix units trains in: read as bf16, computed in fp32,
// rounded once), cross-entropy float or double (the model's logits are fp32
// in every dtype); layers.cpp uses them where they apply and the composite
// form elsewhere (CUDA, fp16). Their loops are kernels/training_kernels.h's,
// at the CPU's kernel level (AVX2, AVX-512 or the baseline, picked from
// cpuid at run time).
#pragma once

#include <ATen/core/Tensor.h>

namespace tunedesk::engine {

// weight · x / sqrt(mean(x²) + eps) over the last axis, with autograd.
// x: contiguous [..., C]; weight: [C], the same dtype (float, double, bf16).
at::Tensor rms_norm_cpu(const at::Tensor& x, const at::Tensor& weight, double eps);

// silu(gate) · up with autograd; gate and up contiguous, of one shape and dtype.
at::Tensor swiglu_cpu(const at::Tensor& gate, const at::Tensor& up);

// The same of a fused projection's output [..., 2·I], gate | up in each row
// (contiguous): [..., I], with one gradient for the fused rows.
at::Tensor swiglu_halves_cpu(const at::Tensor& both);

// RoPE as layers.h's apply_rotary describes it, with autograd for x.
// x: [B, heads, T, D] of any strides with the last axis dense; cos, sin:
// float [positions, rotary_dim / 2]; positions: int64 [T].
at::Tensor apply_rotary_cpu(const at::Tensor& x, const at::Tensor& cos, const at::Tensor& sin,
                            const at::Tensor& positions, bool interleaved);

// Σ_rows (log Σ exp(logits[r]) − logits[r, targets[r]]) with autograd for the
// logits. logits: contiguous [N, V] float or double; targets: int64 [N], each
// in [0, V) (checked). Forward keeps only each row's log-sum-exp (NaN for a
// row holding a NaN or an infinity); backward writes softmax − one-hot,
// times the incoming gradient, in one pass.
at::Tensor summed_cross_entropy_cpu(const at::Tensor& logits, const at::Tensor& targets);

// How many threads this file's loops share a large range among: libtorch's
// thread count when the file was built with OpenMP (core/CMakeLists.txt),
// 1 when not (at::parallel_for is then serial). For the build's own test.
int kernel_loop_threads();

}  // namespace tunedesk::engine
