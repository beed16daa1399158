// The validation rules a dataset must pass before training (see finding.h for
// the rule ids). `validate` adds the per-row and per-file rules to the
// findings the reader already made and computes the statistics.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::data {

struct ValidationOptions {
  std::size_t max_input_chars = 4096;      // too_long above this many characters
  std::size_t max_output_chars = 4096;
  std::size_t min_input_chars = 2;         // too_short below this many characters
  std::size_t min_output_chars = 1;
  std::size_t recommended_min_rows = 100;  // too_few_rows / too_many_rows outside this range
  std::size_t recommended_max_rows = 1000;
  // Set once a tokenizer is known: too_long is then also checked in tokens.
  std::function<std::size_t(std::string_view)> count_tokens;
  std::size_t max_input_tokens = 0;        // 0 = no token limit
  std::size_t max_output_tokens = 0;
  // pii warnings: personal data is looked for in every field; these names too.
  bool find_personal_data = true;
  std::vector<std::string> personal_data_names;
};

ValidationReport validate(const Dataset& ds, const ValidationOptions& options = {});

}  // namespace tunedesk::data
