// The linear projections of a decoder layer, whatever a family calls them
// (their names are in model/checkpoint_layout.h): their shapes, and which of
// them a LoRA `target_modules` list picks. Torch-free, so that the memory estimate and
// the UIs know an adapter's size without loading the model.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "model/model_config.h"

namespace tunedesk::model {

enum class Projection { q, k, v, o, gate, up, down, gate_up, qkv };

// A projection's weight shape: rows (outputs) and columns (inputs).
struct ProjectionShape {
  int64_t out = 0, in = 0;
};
ProjectionShape projection_shape(const ModelConfig& c, Projection p);

// The projections LoRA adapts for `target_modules` (module names, or
// {"all-linear"}; empty: the family's default, its attention's query and
// value as PEFT chooses them). Throws std::invalid_argument naming a module
// the family lacks, and listing those it has.
std::vector<Projection> lora_target_projections(const ModelConfig& c, const std::vector<std::string>& target_modules);

// The module names behind an empty `target_modules`, as PEFT chooses them:
// the query and value projections ({"q_proj", "v_proj"}), or the fused matrix
// that holds them ({"query_key_value"} for ChatGLMModel, {"qkv_proj"} for Phi-3).
std::vector<std::string> default_lora_targets(Arch arch);

}  // namespace tunedesk::model
