#include "gguf/llama_cpp_layout.h"

#include <algorithm>
#include <cstring>

#include "gguf/gguf_file.h"
#include "model/safetensors.h"

namespace tunedesk::gguf {
namespace {

constexpr GgufFamily kFamilies[] = {
    {model::Arch::llama, "llama", true, true, true, false, false},
    {model::Arch::mistral, "llama", true, true, true, false, false},
    {model::Arch::qwen2, "qwen2", false, false, false, false, false},
    {model::Arch::qwen3, "qwen3", false, false, false, false, false},
    {model::Arch::glm, "chatglm", false, false, true, true, false},  // GlmForCausalLM: llama.cpp's chatglm, separate q/k/v
    {model::Arch::glm4, "glm4", false, false, true, true, false},    // Glm4ForCausalLM (GLM-4-0414)
    {model::Arch::chatglm, "chatglm", false, false, true, true, false},  // ChatGLMModel: the same, q/k/v fused as attn_qkv
    {model::Arch::phi3, "phi3", false, false, true, false, true},    // Phi3ForCausalLM: halves rotate (NEOX), attn_qkv
};

}  // namespace

const GgufFamily* gguf_family(model::Arch arch) {
  for (const GgufFamily& f : kFamilies)
    if (f.arch == arch) return &f;
  return nullptr;
}

std::string gguf_family_list() {
  std::string list;
  for (const GgufFamily& f : kFamilies) list += (list.empty() ? "" : ", ") + model::arch_name(f.arch);
  return list;
}

bool is_q_or_k(const std::string& gguf) {
  return gguf.find(".attn_q.") != std::string::npos || gguf.find(".attn_k.") != std::string::npos;
}

float source_value(const model::TensorView& v, int64_t i) {
  const auto* p = reinterpret_cast<const unsigned char*>(v.bytes.data());
  switch (v.dtype) {
    case model::DType::f32: {
      float f;
      std::memcpy(&f, p + 4 * i, 4);
      return f;
    }
    case model::DType::f16: return fp16_to_fp32(static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8)));
    case model::DType::bf16: return bf16_to_fp32(static_cast<uint16_t>(p[2 * i] | (p[2 * i + 1] << 8)));
    default: break;
  }
  throw GgufError(v.name + ": a " + std::string(model::dtype_name(v.dtype)) + " tensor; TuneDesk converts F32, F16 and BF16 weights");
}

int64_t permuted_row(int64_t r, int64_t head_dim) {
  const int64_t h = r / head_dim, j = r % head_dim;
  return h * head_dim + (j % 2) * (head_dim / 2) + j / 2;
}

void write_planned(GgufWriter& w, const std::vector<PlannedTensor>& plan,
                   const std::function<void(uint64_t done, uint64_t total)>& progress) {
  uint64_t total = 0, done = 0;
  for (const TensorInfo& t : w.tensors()) total += t.bytes();
  constexpr int64_t kBlockValues = 1 << 20;  // 4 MB of fp32 rows
  std::vector<float> rows;
  std::string encoded;
  for (std::size_t index = 0; index < plan.size(); ++index) {
    const model::TensorView& v = *plan[index].source;
    const TensorType type = w.tensors()[index].type;
    const int64_t permute_head_dim = plan[index].permute_head_dim;
    const int64_t columns = v.shape.size() <= 1 ? 1 : v.shape.back();
    const int64_t row_count = v.numel() / columns;
    const int64_t rows_per_block = std::max<int64_t>(1, kBlockValues / columns);
    for (int64_t first = 0; first < row_count; first += rows_per_block) {
      const int64_t n = std::min(rows_per_block, row_count - first);
      rows.resize(static_cast<std::size_t>(n * columns));
      for (int64_t r = 0; r < n; ++r) {
        const int64_t from = permute_head_dim > 0 ? permuted_row(first + r, permute_head_dim) : first + r;
        for (int64_t k = 0; k < columns; ++k) rows[static_cast<std::size_t>(r * columns + k)] = source_value(v, from * columns + k);
      }
      encoded.clear();
      encode(type, rows, encoded);
      w.write_tensor_data(encoded);
      done += encoded.size();
      if (progress) progress(done, total);
    }
  }
}

}  // namespace tunedesk::gguf
