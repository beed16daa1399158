// The settings of the parameter-efficient methods, as plain structs with no
// libtorch in sight, so that configuration code (YAML, the UI) can use them.
#pragma once

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

namespace tunedesk::engine {

struct LoraConfig {
  int64_t rank = 8;
  double alpha = 16;
  double dropout = 0.0;
  // Hugging Face module names ("q_proj", "v_proj", ...) or {"all-linear"};
  // empty: the family's default (its attention's query and value).
  std::vector<std::string> target_modules;
  bool use_rslora = false;  // scale by alpha / sqrt(r) instead of alpha / r
  double scale() const {
    return use_rslora ? alpha / std::sqrt(static_cast<double>(rank)) : alpha / static_cast<double>(rank);
  }
};

struct PrefixConfig {
  int64_t num_virtual_tokens = 16;
  // Reparameterise through a two-layer MLP (embedding → tanh → all layers'
  // keys and values) while training, which often trains more stably. The
  // saved adapter holds the MLP's output, so loading needs no MLP.
  bool prefix_projection = false;
  int64_t encoder_hidden_size = 0;  // the MLP's width; 0 = the model's hidden size
};

}  // namespace tunedesk::engine
