#include "gguf/file_type.h"

#include <algorithm>
#include <cstdio>
#include <functional>

#include "util/utf8.h"

namespace tunedesk::gguf {
namespace {

constexpr FileTypeTraits kFileTypes[] = {
    {FileType::f32, "F32", 0, TensorType::f32, TensorType::f32},
    {FileType::f16, "F16", 1, TensorType::f16, TensorType::f16},
    {FileType::bf16, "BF16", 32, TensorType::bf16, TensorType::bf16},
    {FileType::q8_0, "Q8_0", 7, TensorType::q8_0, TensorType::q8_0},
    // A LoRA adapter's matrices are small; at four bits they would lose most of what was learned.
    {FileType::q4_0, "Q4_0", 2, TensorType::q4_0, TensorType::f16},
    {FileType::q4_k_m, "Q4_K_M", 15, TensorType::q4_k, TensorType::f16},
};

bool is_matrix(const TensorSlot& s) {
  return s.shape.size() >= 2 && s.name.ends_with(".weight") && !s.name.ends_with("_norm.weight");
}

// The layer of "blk.N.…", or −1.
int layer_of(const std::string& name) {
  int layer = -1;
  if (std::sscanf(name.c_str(), "blk.%d.", &layer) != 1) return -1;
  return layer;
}

// llama-quantize's choice of layers that get more bits: the first and last
// eighth, and every third one between.
bool more_bits(int64_t rank, int64_t count) {
  return rank < count / 8 || rank >= 7 * count / 8 || (rank - count / 8) % 3 == 2;
}

// A type the rows cannot hold, replaced as llama-quantize does.
TensorType fitting(TensorType wanted, int64_t columns) {
  if (columns % traits(wanted).block_elements == 0) return wanted;
  if (wanted == TensorType::q4_k) return fitting(TensorType::q5_0, columns);
  if (wanted == TensorType::q6_k) return fitting(TensorType::q8_0, columns);
  return TensorType::f16;
}

}  // namespace

const FileTypeTraits& traits(FileType t) {
  for (const FileTypeTraits& k : kFileTypes)
    if (k.type == t) return k;
  return kFileTypes[0];
}

std::span<const FileTypeTraits> all_file_types() { return kFileTypes; }

std::optional<FileType> parse_file_type(std::string_view name) {
  const std::string lower = utf8::ascii_lower(name);
  for (const FileTypeTraits& k : kFileTypes)
    if (lower == utf8::ascii_lower(k.name)) return k.type;
  return std::nullopt;
}

std::string file_type_choices() {
  std::string list;
  const std::size_t n = std::size(kFileTypes);
  for (std::size_t i = 0; i < n; ++i) list += (i == 0 ? "" : i + 1 == n ? " or " : ", ") + utf8::ascii_lower(kFileTypes[i].name);
  return list;
}

TensorType tensor_type(const TensorSlot& slot, TensorType wanted) {
  return is_matrix(slot) ? fitting(wanted, slot.shape.back()) : TensorType::f32;
}

std::vector<TensorType> tensor_types(FileType file_type, const std::vector<TensorSlot>& slots) {
  const FileTypeTraits& ft = traits(file_type);
  const bool four_bit = file_type == FileType::q4_0 || file_type == FileType::q4_k_m;
  const bool has_output = std::any_of(slots.begin(), slots.end(), [](const TensorSlot& s) { return s.name == "output.weight"; });
  // llama-quantize counts a fused q/k/v (ChatGLMModel's attn_qkv) as an attn_v:
  // it holds the values, and takes attn_v's extra bits.
  using NameTest = std::function<bool(const std::string&)>;
  const NameTest is_value_projection = [](const std::string& name) {
    return name.ends_with(".attn_v.weight") || name.ends_with(".attn_qkv.weight");
  };
  // Ranks of the value projections and of ffn_down by layer (llama.cpp walks tensors in layer order).
  auto rank_among = [&](const NameTest& kind, int layer) {
    int64_t rank = 0, count = 0;
    for (const TensorSlot& s : slots) {
      if (!kind(s.name) || !is_matrix(s)) continue;
      ++count;
      if (layer_of(s.name) < layer) ++rank;
    }
    return std::pair{rank, count};
  };
  const NameTest is_ffn_down = [](const std::string& name) { return name.ends_with(".ffn_down.weight"); };
  std::vector<TensorType> types;
  for (const TensorSlot& s : slots) {
    TensorType t = ft.matrices;
    if (four_bit && is_matrix(s)) {
      const bool head = s.name == "output.weight" || (!has_output && s.name == "token_embd.weight");
      if (head) t = TensorType::q6_k;
      if (file_type == FileType::q4_k_m)
        for (const NameTest* kind : {&is_value_projection, &is_ffn_down})
          if ((*kind)(s.name)) {
            const auto [rank, count] = rank_among(*kind, layer_of(s.name));
            if (more_bits(rank, count)) t = TensorType::q6_k;
          }
    }
    types.push_back(tensor_type(s, t));
  }
  return types;
}

}  // namespace tunedesk::gguf
