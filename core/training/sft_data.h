// From a validated dataset to what supervised fine-tuning consumes: each
// example rendered with the model's chat template (system = the model type's
// instruction unless the example has its own), tokenized, with labels only
// on the assistant's tokens and the token that ends their turn; truncated to
// the configured lengths (and counted); then batched with little padding.
// Torch-free: tensors are made from these plain vectors by the trainer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "chat/chat_template.h"
#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::tok {
class Tokenizer;
}

namespace tunedesk::training {

// The label of a position that takes no loss (PyTorch's ignore_index).
inline constexpr int32_t kIgnoreIndex = -100;

struct TruncationOptions {
  // GLM-4 finetune_demo's keys: the prompt and the answer each cut to a limit (0 = none).
  std::size_t max_input_length = 0;
  std::size_t max_output_length = 0;
  // Or one limit for the whole sequence, shared between prompt and answer
  // the way LLaMA-Factory shares its cutoff_len (0 = none).
  std::size_t cutoff_len = 0;
};

struct TokenizedExample {
  std::vector<int32_t> input_ids;
  std::vector<int32_t> labels;  // the token id where the loss applies, kIgnoreIndex elsewhere
  std::size_t line = 0;         // where the example starts in the source file
  bool truncated = false;
};

struct SftData {
  std::vector<TokenizedExample> examples;
  std::size_t truncated = 0;          // examples cut to fit the limits
  std::size_t skipped_errors = 0;     // rows with validation errors, left out
  std::vector<std::size_t> dropped;   // lines of examples left with no trained token after cutting
};

// `system_instruction` is used for examples without a system prompt of their own.
SftData build_sft_data(const data::Dataset& dataset, const data::ValidationReport& report,
                       const tok::Tokenizer& tokenizer, const chat::ChatTemplate& chat_template,
                       const std::string& system_instruction, const TruncationOptions& truncation);

// The lengths LLaMA-Factory gives prompt and answer under one cutoff.
std::pair<std::size_t, std::size_t> share_cutoff(std::size_t prompt_len, std::size_t answer_len, std::size_t cutoff);

// Batches of example indices for one epoch: shuffled from (seed, epoch), then
// grouped by length within windows of `group_window` batches so that padding
// stays small, and the batches themselves shuffled. Deterministic.
std::vector<std::vector<std::size_t>> make_batches(const std::vector<TokenizedExample>& examples, std::size_t batch_size,
                                                   uint64_t seed, std::size_t epoch, std::size_t group_window = 8);

}  // namespace tunedesk::training
