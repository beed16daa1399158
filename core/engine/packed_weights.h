// Projection weights in the form decoding reads fastest. Generating one token
// reads every weight once and computes little with it, so its speed is the
// bytes read per token: bf16 halves fp32's, Q8_0 (int8 with a scale per 32
// values, ggml's block, the same values as llama.cpp's Q8_0 file) takes
// 1.06 bytes a weight. The products run on kernels/gemv_kernels.h at the
// CPU's kernel level (cpu_features.h), sums and activations in fp32 (bf16
// weights on a CPU with AVX512_BF16: activations rounded to bf16, the pair
// products' form, as llama.cpp's BF16; rounds_activations()). Products
// with many rows (a prompt's prefill) widen the weights to fp32 a tile at a
// time and run on the BLAS. A model's packed matrices share one block on
// huge pages (weight_arena.h; CausalLM::pack_for_decoding).
#pragma once

#include <ATen/core/Tensor.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/cpu_features.h"

namespace tunedesk::engine {

struct ComputeTarget;
class WeightArena;

enum class WeightFormat { fp32, bf16, q8_0 };

const char* weight_format_name(WeightFormat f);  // "fp32", "bf16", "q8_0"
std::optional<WeightFormat> parse_weight_format(std::string_view name);

// The format a chat on `target` decodes with, and why. `requested`: "auto",
// "fp32", "bf16" or "q8_0" (throws std::invalid_argument otherwise). Auto is
// bf16 on the CPU: half the bytes of fp32 at fp32's accuracy for greedy
// answers. Packing is for the CPU in fp32; elsewhere (CUDA, a bf16 target)
// the model computes as it is and nullopt is returned.
struct DecodeWeightsChoice {
  std::optional<WeightFormat> format;
  std::string reason;  // "bf16 (auto: half of fp32's bytes per token); kernels avx2"
};
DecodeWeightsChoice choose_decode_weights(const ComputeTarget& target, std::string_view requested = "auto");

// Whether software prefetch makes the vector products faster is the
// machine's business more than the instruction set's (gemv_kernels.h), so
// it is measured: one vector through the matrices (in order, up to
// kPrefetchProbeBytes of them) on the calling thread, with and without,
// taking turns kPrefetchProbeRounds times, the least time of each counted;
// every matrix then takes the faster form. Where the level has one form
// only, nothing is measured. ~200 ms for a model past the probe's size.
struct PrefetchChoice {
  bool prefetch = false;
  bool measured = false;
  int64_t bytes = 0;  // probed
  double seconds_with = 0, seconds_without = 0;
  std::string describe() const;  // "no prefetch (measured over 167 MiB: 9.41 ms with, 7.90 ms without)"
};
// Whether `level`'s products come with and without prefetch (AVX2, AVX-512).
bool prefetch_is_a_choice(KernelLevel level);
inline constexpr int64_t kPrefetchProbeBytes = int64_t{256} << 20;
inline constexpr int kPrefetchProbeRounds = 3;

class PackedMatrix;
PrefetchChoice choose_prefetch(const std::vector<PackedMatrix*>& matrices);

// One weight matrix [rows, cols] in a decode format.
class PackedMatrix {
 public:
  PackedMatrix() = default;
  // Whether `format` can hold rows of `cols` values (Q8_0: a multiple of 32).
  static bool holds(WeightFormat format, int64_t cols);
  // w: fp32 [rows, cols] on the CPU, in a format that holds(): Q8_0 needs
  // cols to be a multiple of 32 (std::invalid_argument otherwise; callers
  // fall back to bf16).
  // With an arena the packed values are placed there (fp32 ones copied),
  // taking arena_bytes(); without, in their own tensors (fp32: w itself).
  static PackedMatrix pack(const at::Tensor& w, WeightFormat format, KernelLevel level = kernel_level(),
                           WeightArena* arena = nullptr);
  // Bytes pack() takes of a WeightArena for a [rows, cols] matrix.
  static int64_t arena_bytes(int64_t rows, int64_t cols, WeightFormat format);

  // x: fp32 [..., cols] on the CPU; returns x·Wᵀ (+ bias) as fp32 [..., rows].
  // Up to kGemvRows rows of x: the vector kernels, threads over W's rows;
  // more: W widened to fp32 in tiles, each a BLAS product.
  at::Tensor apply(const at::Tensor& x, const at::Tensor& bias = {}) const;
  // The vector kernels on raw rows: y[t, r] = Σ_c W[r, c] · x[t, c] for n
  // rows of x ([n, cols], contiguous) into y ([n, rows]); threads over W's rows.
  void multiply(const float* x, int64_t n, float* y) const;
  // The weights as fp32 [rows, cols] (what the products compute with).
  at::Tensor to_f32() const;
  // Whether the vector kernels read x rounded to bf16 (nearest, ties to
  // even) rather than in fp32: bf16 weights on a CPU with AVX512_BF16, whose
  // pair products want both sides in bf16, as llama.cpp's BF16 products do.
  bool rounds_activations() const;

  WeightFormat format() const { return format_; }
  KernelLevel level() const { return level_; }
  int64_t rows() const { return rows_; }
  int64_t cols() const { return cols_; }
  int64_t bytes() const;  // of the packed form

  static constexpr int64_t kGemvRows = 8;

  // Whether the vector kernels prefetch the weights (gemv_kernels.h; a level
  // with one form of its products keeps that form). choose_prefetch() sets it.
  void set_prefetch(bool prefetch);
  bool prefetches() const { return prefetch_; }

 private:
  friend PrefetchChoice choose_prefetch(const std::vector<PackedMatrix*>& matrices);
  // multiply(), on the workers or on the calling thread alone.
  void multiply(const float* x, int64_t n, float* y, bool threaded) const;
  // Rows [first, first + count) widened to fp32 into out ([count, cols]), on the workers.
  void widen_rows(int64_t first, int64_t count, float* out) const;

  WeightFormat format_ = WeightFormat::fp32;
  KernelLevel level_ = KernelLevel::baseline;
  int64_t rows_ = 0, cols_ = 0;
  bool prefetch_ = false;
  at::Tensor values_;  // fp32 [rows, cols]; bf16 as int16 bits [rows, cols]; Q8_0 int8 [rows, cols]
  at::Tensor scales_;  // Q8_0: fp32 [rows, cols / 32]
};

}  // namespace tunedesk::engine
