#include "engine/packed_weights.h"

// Built with OpenMP (core/CMakeLists.txt): at::parallel_for is a header
// template, and only where _OPENMP is defined does it run on libtorch's
// OpenMP team; elsewhere it runs serially.
#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <c10/util/Half.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <vector>

#include "engine/cpu_gemm.h"
#include "engine/device.h"
#include "engine/kernels/gemv_kernels.h"
#include "engine/layers.h"
#include "engine/weight_arena.h"
#include "gguf/quant_blocks.h"

namespace tunedesk::engine {
namespace {

const kernels::GemvKernels& kernels_at(KernelLevel level, bool prefetch) {
#if defined(__x86_64__)
  if (level == KernelLevel::avx512)
    return cpu_features().avx512_bf16 ? kernels::avx512_bf16_kernels(prefetch) : kernels::avx512_kernels(prefetch);
  if (level == KernelLevel::avx2) return kernels::avx2_kernels(prefetch);
#endif
  (void)level, (void)prefetch;
  return kernels::baseline_kernels();
}

// Output rows per thread's share of a vector product, at least: fewer and
// the fork/join costs more than the rows.
constexpr int64_t kRowsPerTask = 32;
// Widened fp32 weights per tile of a many-row product: 4 Mi values (16 MiB).
constexpr int64_t kTileValues = int64_t{4} << 20;

}  // namespace

const char* weight_format_name(WeightFormat f) {
  switch (f) {
    case WeightFormat::fp32: return "fp32";
    case WeightFormat::bf16: return "bf16";
    case WeightFormat::q8_0: return "q8_0";
  }
  return "?";
}

std::optional<WeightFormat> parse_weight_format(std::string_view name) {
  for (WeightFormat f : {WeightFormat::fp32, WeightFormat::bf16, WeightFormat::q8_0})
    if (name == weight_format_name(f)) return f;
  return std::nullopt;
}

DecodeWeightsChoice choose_decode_weights(const ComputeTarget& target, std::string_view requested) {
  std::optional<WeightFormat> asked;
  if (requested != "auto") {
    asked = parse_weight_format(requested);
    if (!asked)
      throw std::invalid_argument("decode weights must be auto, fp32, bf16 or q8_0, not '" + std::string(requested) + "'");
  }
  const std::string kernels = std::string("; kernels ") + kernel_level_name(kernel_level());
  if (!target.device.is_cpu() || target.dtype != c10::kFloat)
    return {std::nullopt, "as computed (" + target.describe() + "): packed weights are for the CPU in fp32"};
  if (asked) return {asked, std::string(weight_format_name(*asked)) + " (asked for)" + kernels};
  return {WeightFormat::bf16, "bf16 (auto: half of fp32's bytes per token, sums in fp32)" + kernels};
}

bool PackedMatrix::holds(WeightFormat format, int64_t cols) {
  return format != WeightFormat::q8_0 || cols % kernels::kQ8BlockSize == 0;
}

int64_t PackedMatrix::arena_bytes(int64_t rows, int64_t cols, WeightFormat format) {
  switch (format) {
    case WeightFormat::fp32: return WeightArena::piece_bytes(rows * cols * 4);
    case WeightFormat::bf16: return WeightArena::piece_bytes(rows * cols * 2);
    case WeightFormat::q8_0:
      return WeightArena::piece_bytes(rows * cols) + WeightArena::piece_bytes(rows * (cols / kernels::kQ8BlockSize) * 4);
  }
  return 0;
}

PackedMatrix PackedMatrix::pack(const at::Tensor& w, WeightFormat format, KernelLevel level, WeightArena* arena) {
  if (w.dim() != 2 || !w.is_cpu() || w.scalar_type() != at::kFloat)
    throw std::invalid_argument("PackedMatrix::pack takes an fp32 CPU matrix");
  PackedMatrix p;
  p.format_ = format;
  p.level_ = level;
  p.rows_ = w.size(0);
  p.cols_ = w.size(1);
  const at::Tensor dense = w.contiguous();
  const auto place = [&](at::IntArrayRef sizes, at::ScalarType dtype) {
    return arena ? arena->take(sizes, dtype) : at::empty(sizes, dtype);
  };
  switch (format) {
    case WeightFormat::fp32:
      p.values_ = arena ? place(dense.sizes(), at::kFloat).copy_(dense) : dense;  // without an arena: no copy
      break;
    case WeightFormat::bf16:
      // libtorch rounds to the nearest even, as transformers' .to(bfloat16) does.
      p.values_ = place(dense.sizes(), at::kBFloat16).copy_(dense).view(at::kShort);
      break;
    case WeightFormat::q8_0: {
      if (!holds(format, p.cols_))
        throw std::invalid_argument("Q8_0 needs rows of a multiple of 32 values, not " + std::to_string(p.cols_));
      const int64_t blocks = p.cols_ / kernels::kQ8BlockSize;
      p.values_ = place({p.rows_, p.cols_}, at::kChar);
      p.scales_ = place({p.rows_, blocks}, at::kFloat);
      const float* in = dense.data_ptr<float>();
      int8_t* q = p.values_.data_ptr<int8_t>();
      float* d = p.scales_.data_ptr<float>();
      // ggml's own block (fp16 scale, 32 int8), so the values are llama.cpp's;
      // stored apart here, the scale widened, for aligned loads.
      at::parallel_for(0, p.rows_ * blocks, 256, [&](int64_t first, int64_t last) {
        char block[2 + kernels::kQ8BlockSize];
        for (int64_t b = first; b < last; ++b) {
          gguf::blocks::encode_q8_0(in + b * kernels::kQ8BlockSize, block);
          d[b] = static_cast<float>(c10::Half(gguf::blocks::load_u16(block), c10::Half::from_bits()));
          std::memcpy(q + b * kernels::kQ8BlockSize, block + 2, kernels::kQ8BlockSize);
        }
      });
      break;
    }
  }
  return p;
}

int64_t PackedMatrix::bytes() const {
  return static_cast<int64_t>(values_.nbytes() + (scales_.defined() ? scales_.nbytes() : 0));
}

void PackedMatrix::widen_rows(int64_t first_row, int64_t count, float* out) const {
  const kernels::GemvKernels& k = kernels_at(level_, prefetch_);
  at::parallel_for(0, count, kRowsPerTask, [&](int64_t first, int64_t last) {
    const int64_t r = first_row + first, values = (last - first) * cols_;
    float* o = out + first * cols_;
    switch (format_) {
      case WeightFormat::fp32:
        std::memcpy(o, values_.data_ptr<float>() + r * cols_, static_cast<std::size_t>(values) * sizeof(float));
        break;
      case WeightFormat::bf16:
        k.bf16_to_f32(reinterpret_cast<const uint16_t*>(values_.data_ptr<int16_t>()) + r * cols_, o, values);
        break;
      case WeightFormat::q8_0:
        k.q8_0_to_f32(values_.data_ptr<int8_t>() + r * cols_,
                      scales_.data_ptr<float>() + r * (cols_ / kernels::kQ8BlockSize), o, values);
        break;
    }
  });
}

bool PackedMatrix::rounds_activations() const {
  return format_ == WeightFormat::bf16 && kernels_at(level_, prefetch_).bf16_rounds_x;
}

at::Tensor PackedMatrix::to_f32() const {
  if (format_ == WeightFormat::fp32) return values_;
  at::Tensor out = at::empty({rows_, cols_}, at::kFloat);
  widen_rows(0, rows_, out.data_ptr<float>());
  return out;
}

void PackedMatrix::multiply(const float* xs, int64_t n, float* ys) const { multiply(xs, n, ys, /*threaded=*/true); }

void PackedMatrix::multiply(const float* xs, int64_t n, float* ys, bool threaded) const {
  const kernels::GemvKernels& k = kernels_at(level_, prefetch_);
  // Q8_0 reads x as int8 blocks too (gemv_kernels.h): quantized once per
  // call, into buffers this thread keeps.
  thread_local std::vector<int8_t> xq;
  thread_local std::vector<float> xd;
  if (format_ == WeightFormat::q8_0) {
    xq.resize(static_cast<std::size_t>(n * cols_));
    xd.resize(static_cast<std::size_t>(n * cols_ / kernels::kQ8BlockSize));
    kernels::quantize_q8(xs, xq.data(), xd.data(), n * cols_);
  }
  const int8_t* x_blocks = xq.data();  // this thread's buffers, read by the workers
  const float* x_scales = xd.data();
  const auto rows = [&](int64_t first, int64_t last) {
    switch (format_) {
      case WeightFormat::fp32:
        k.f32(values_.data_ptr<float>(), xs, ys, n, first, last, rows_, cols_);
        break;
      case WeightFormat::bf16:
        k.bf16(reinterpret_cast<const uint16_t*>(values_.data_ptr<int16_t>()), xs, ys, n, first, last, rows_, cols_);
        break;
      case WeightFormat::q8_0:
        k.q8_0(values_.data_ptr<int8_t>(), scales_.data_ptr<float>(), x_blocks, x_scales, ys, n, first, last, rows_,
               cols_);
        break;
    }
  };
  if (threaded) at::parallel_for(0, rows_, kRowsPerTask, rows);
  else rows(0, rows_);
}

at::Tensor PackedMatrix::apply(const at::Tensor& x_in, const at::Tensor& bias) const {
  if (!x_in.is_cpu() || x_in.scalar_type() != at::kFloat || x_in.size(-1) != cols_)
    throw std::invalid_argument("PackedMatrix::apply takes fp32 CPU rows of " + std::to_string(cols_) + " values");
  std::vector<int64_t> out_shape = x_in.sizes().vec();
  out_shape.back() = rows_;
  const at::Tensor x = x_in.reshape({-1, cols_}).contiguous();
  const int64_t n = x.size(0);
  at::Tensor y;
  if (n > kGemvRows) {
    if (format_ == WeightFormat::fp32) {
      y = apply_linear(x, values_);
    } else if (rounds_activations() && cpu_gemm().bf16) {
      // bf16 pairs: the packed rows as they are, x rounded as the vector kernels round it.
      y = at::empty({n, rows_}, at::kFloat);
      const at::Tensor rounded = x.to(at::kBFloat16);
      multiply_rows_bf16_onednn(reinterpret_cast<const uint16_t*>(rounded.data_ptr<at::BFloat16>()), n, cols_,
                                reinterpret_cast<const uint16_t*>(values_.data_ptr<int16_t>()), rows_,
                                y.data_ptr<float>(), rows_);
    } else {
      // Widened a tile of rows at a time: the BLAS product, without an fp32
      // copy of the whole matrix (a 150K-token output head would be GiBs).
      y = at::empty({n, rows_}, at::kFloat);
      const int64_t tile = std::max<int64_t>(kRowsPerTask, kTileValues / cols_);
      at::Tensor widened = at::empty({std::min(tile, rows_), cols_}, at::kFloat);
      for (int64_t r0 = 0; r0 < rows_; r0 += tile) {
        const int64_t count = std::min(tile, rows_ - r0);
        widen_rows(r0, count, widened.data_ptr<float>());
        if (cpu_gemm().onednn) {  // into y's columns r0 .. r0 + count in place
          multiply_rows_onednn(x.data_ptr<float>(), n, cols_, widened.data_ptr<float>(), count,
                               y.data_ptr<float>() + r0, rows_);
        } else {
          at::Tensor part = y.narrow(1, r0, count);
          at::mm_out(part, x, widened.narrow(0, 0, count).t());
        }
      }
    }
  } else {
    y = at::empty({n, rows_}, at::kFloat);
    multiply(x.data_ptr<float>(), n, y.data_ptr<float>());
  }
  if (bias.defined()) y.add_(bias);
  return y.view(out_shape);
}

void PackedMatrix::set_prefetch(bool prefetch) { prefetch_ = kernels_at(level_, prefetch).prefetches; }

std::string PrefetchChoice::describe() const {
  char text[160];
  if (!measured) return prefetch ? "prefetching (the only products at this level)" : "no prefetch (the only products at this level)";
  std::snprintf(text, sizeof text, "%s (measured over %.0f MiB: %.2f ms with, %.2f ms without)",
                prefetch ? "prefetching" : "no prefetch", static_cast<double>(bytes) / (1024.0 * 1024.0),
                seconds_with * 1e3, seconds_without * 1e3);
  return text;
}

bool prefetch_is_a_choice(KernelLevel level) { return &kernels_at(level, true) != &kernels_at(level, false); }

PrefetchChoice choose_prefetch(const std::vector<PackedMatrix*>& matrices) {
  PrefetchChoice choice;
  if (matrices.empty()) return choice;
  const KernelLevel level = matrices.front()->level();
  if (!prefetch_is_a_choice(level)) {
    choice.prefetch = kernels_at(level, true).prefetches;
    for (PackedMatrix* m : matrices) m->set_prefetch(choice.prefetch);
    return choice;
  }
  // The matrices in order up to kPrefetchProbeBytes: beyond the caches on a
  // big model (the time of a real step), the whole model on a small one
  // (cached in a real step too).
  std::vector<PackedMatrix*> probe;
  int64_t widest = 0, tallest = 0;
  for (PackedMatrix* m : matrices) {
    if (choice.bytes >= kPrefetchProbeBytes) break;
    probe.push_back(m);
    choice.bytes += m->bytes();
    widest = std::max(widest, m->cols());
    tallest = std::max(tallest, m->rows());
  }
  const std::vector<float> x(static_cast<std::size_t>(widest), 0.5f);
  std::vector<float> y(static_cast<std::size_t>(tallest));
  // One vector through every probed matrix, in seconds, on this thread: one
  // thread shows the difference clearly (Zen 4, bf16: 20-30%), where on
  // every core the shared memory bus narrows it to within the noise.
  const auto pass = [&](bool prefetch) {
    for (PackedMatrix* m : probe) m->set_prefetch(prefetch);
    const auto start = std::chrono::steady_clock::now();
    for (PackedMatrix* m : probe) m->multiply(x.data(), 1, y.data(), /*threaded=*/false);
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  // Taking turns, the least of each: this host's noise hits both alike.
  choice.seconds_with = choice.seconds_without = std::numeric_limits<double>::infinity();
  pass(false);  // warm: first touch, the threads' start
  for (int round = 0; round < kPrefetchProbeRounds; ++round) {
    choice.seconds_with = std::min(choice.seconds_with, pass(true));
    choice.seconds_without = std::min(choice.seconds_without, pass(false));
  }
  choice.measured = true;
  choice.prefetch = choice.seconds_with < choice.seconds_without;
  for (PackedMatrix* m : matrices) m->set_prefetch(choice.prefetch);
  return choice;
}

}  // namespace tunedesk::engine
