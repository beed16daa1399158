// What the length limits will do to a dataset, before training: every row's
// prompt, answer and total in tokens (the model's tokenizer and chat template,
// the system instruction included, exactly as the trainer renders it: the
// numbers come from build_sft_data), their distribution, and the rows the
// limits cut (or, with overlength: drop, leave out) with the answer tokens lost.
#pragma once

#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "data/validation_report.h"
#include "training/sft_data.h"

namespace tunedesk::training {

struct LengthReport {
  data::LengthStats prompt, answer, total;  // tokens, before any cut
  TruncationOptions limits;
  std::vector<CutRow> cut;                  // rows over the limits, in line order
  std::size_t answer_tokens_lost = 0;       // summed over `cut`
};

LengthReport length_report(const SftData& data, const TruncationOptions& limits);

// {"prompt": {...}, "answer": {...}, "total": {...}, "limits": {...}, "overlength": "truncate",
//  "over_limit": N, "answer_tokens_lost": M, "rows": [{"line", "prompt_tokens", "answer_tokens", "prompt_lost", "answer_lost"}]}
nlohmann::json length_report_to_json(const LengthReport& report);

}  // namespace tunedesk::training
