// What the length limits will do to a dataset, before training: every row's
// prompt, answer and total in tokens (the model's tokenizer and chat template,
// the system instruction included, exactly as the trainer renders it: the
// numbers come from build_sft_data), their distribution, and the rows the
// limits cut (or, with overlength: drop, leave out) with the answer tokens lost.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "data/validation_report.h"
#include "training/memory_estimate.h"
#include "training/sft_data.h"

namespace tunedesk::training {

// Rows counted by length: bin i holds lengths in [i·width, (i+1)·width).
struct LengthHistogram {
  std::size_t width = 1;              // tokens per bin (a round number)
  std::vector<std::size_t> counts;    // rows per bin, up to the longest
};
// About `bins` bins of a round width (1, 2, 5, 10, 20, 50, …) covering 0..max.
LengthHistogram length_histogram(const std::vector<std::size_t>& lengths, std::size_t bins = 20);

struct LengthReport {
  std::string chat_template;                // the template the rows were rendered with (count_lengths)
  data::LengthStats prompt, answer, total;  // tokens, before any cut
  LengthHistogram prompt_histogram, answer_histogram, total_histogram;
  TruncationOptions limits;
  std::vector<CutRow> cut;                  // rows over the limits, in line order
  std::size_t prompt_tokens_lost = 0;       // summed over `cut` (a row may lose prompt tokens, answer tokens or both)
  std::size_t answer_tokens_lost = 0;
  SequenceExtremes kept;                    // the rows as trained (after the cut): what the memory estimate needs
};

LengthReport length_report(const SftData& data, const TruncationOptions& limits);

// Every row of `dataset` rendered and counted as the trainer does it, with
// the model folder's tokenizer and chat template (`template_name` empty: the
// one detected), `instruction` for rows without a system prompt. The one
// count behind the training form, the browser's and `data check --model`.
LengthReport count_lengths(const data::Dataset& dataset, const data::ValidationReport& report,
                           const std::filesystem::path& model_dir, const std::string& instruction,
                           const TruncationOptions& limits, const std::string& template_name = {});

// {"prompt": {..., "histogram": {"width", "counts"}}, "answer": {...}, "total": {...}, "limits": {...}, "overlength": "truncate",
//  "over_limit": N, "prompt_tokens_lost": P, "answer_tokens_lost": M, "rows": [{"line", "prompt_tokens", "answer_tokens", "prompt_lost", "answer_lost"}]}
nlohmann::json length_report_to_json(const LengthReport& report);

}  // namespace tunedesk::training
