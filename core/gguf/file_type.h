// What a user asks a GGUF export for: llama.cpp's "file type", one tensor
// type for every matrix (F32, F16, BF16, Q8_0) or a mix of types as
// llama-quantize makes it (Q4_0, Q4_K_M), and which type each tensor gets.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "gguf/ggml_types.h"

namespace tunedesk::gguf {

enum class FileType { f32, f16, bf16, q8_0, q4_0, q4_k_m };

struct FileTypeTraits {
  FileType type;
  const char* name;        // "Q4_K_M": in file names and messages, as llama.cpp spells it
  uint32_t llama_ftype;    // general.file_type (llama.cpp's LLAMA_FTYPE_*)
  TensorType matrices;     // the type of most matrices
  TensorType adapter;      // a LoRA adapter's matrices beside a base of this type
};

const FileTypeTraits& traits(FileType t);
std::span<const FileTypeTraits> all_file_types();
// "f16", "Q4_K_M", "q4_k_m", ...; nullopt for a name that is none of them.
std::optional<FileType> parse_file_type(std::string_view name);
// "f32, f16, bf16, q8_0, q4_0 or q4_k_m", for messages.
std::string file_type_choices();

// A tensor an export declares: its GGUF name ("blk.3.attn_v.weight") and
// shape (checkpoint order, rows last: [out, in]).
struct TensorSlot {
  std::string name;
  std::vector<int64_t> shape;
};

// The type of each slot, in order. Norms, biases and vectors stay F32; a
// matrix takes the file type's type, where its rows fit that type's blocks.
// The 4-bit types mix in more bits where llama-quantize does:
//   - the output head (output.weight, or token_embd.weight when the model
//     ties it to the embedding) in Q6_K;
//   - Q4_K_M: attn_v (or a fused attn_qkv) and ffn_down in Q6_K in the
//     first eighth of the layers, the last eighth, and every third layer between.
// Rows that are not whole k-quant super-blocks (256) take Q5_0 for Q4_K and
// Q8_0 for Q6_K, and rows that are not whole blocks of 32 F16, as
// llama-quantize falls back.
std::vector<TensorType> tensor_types(FileType file_type, const std::vector<TensorSlot>& slots);

// One tensor's type when every matrix is asked for as `wanted` (a LoRA
// adapter's): F32 for norms, biases and vectors; `wanted`, or its fallback
// above, for a matrix.
TensorType tensor_type(const TensorSlot& slot, TensorType wanted);

}  // namespace tunedesk::gguf
