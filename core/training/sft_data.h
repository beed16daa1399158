// From a validated dataset to what supervised fine-tuning consumes: each
// example rendered with the model's chat template (system = the model type's
// instruction unless the example has its own), tokenized, with labels only
// on the assistant's tokens and the token that ends their turn; truncated to
// the configured lengths (and counted); then batched with little padding.
// Torch-free: tensors are made from these plain vectors by the trainer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
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
  // A row longer than the limits: cut to fit (GLM-4's finetune demo and
  // LLaMA-Factory do this), or left out of training.
  enum class Overlength { truncate, drop };
  Overlength overlength = Overlength::truncate;
};

// "truncate" / "drop"; nullopt for anything else.
std::optional<TruncationOptions::Overlength> parse_overlength(std::string_view name);
std::string_view overlength_name(TruncationOptions::Overlength o);

// A row the limits cut (or, with overlength: drop, leave out), in tokens as
// the model sees it: the chat template rendered, system instruction included.
struct CutRow {
  std::size_t line = 0;
  std::size_t prompt_tokens = 0;  // before the cut: the tokens before the answer (system, history, question)
  std::size_t answer_tokens = 0;  // before the cut: the trained tokens (the answer and its end-of-turn token)
  std::size_t prompt_lost = 0, answer_lost = 0;
};

struct TokenizedExample {
  std::vector<int32_t> input_ids;
  std::vector<int32_t> labels;  // the token id where the loss applies, kIgnoreIndex elsewhere
  std::size_t line = 0;         // where the example starts in the source file
  bool truncated = false;
};

// Positions of an example that take loss: its labels after the next-token
// shift (the first label has no token before it to be predicted from).
std::size_t trained_token_count(const TokenizedExample& example);

struct SftData {
  std::vector<TokenizedExample> examples;
  std::size_t truncated = 0;          // examples cut to fit the limits
  std::size_t skipped_errors = 0;     // rows with validation errors, left out
  std::vector<std::size_t> dropped;   // lines of examples left with no trained token after cutting
  std::vector<std::size_t> dropped_overlength;  // lines left out because they are over-long (overlength: drop)
  std::vector<CutRow> cut;            // every row over the limits, cut or dropped, in line order
  // Every rendered row's lengths before any cut (rows with errors not counted).
  std::vector<std::size_t> prompt_lengths, answer_lengths, total_lengths;
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
