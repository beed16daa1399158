// The length-limit options train and data check share: --cutoff-len,
// --max-input-length, --max-output-length, --overlength (a per-part limit
// given alone turns the shared cutoff off, as in a YAML config).
#pragma once

#include "arg_parser.h"
#include "training/sft_data.h"

namespace tunedesk::cli {

void add_truncation_options(ArgParser& p);
// `limits` as the options change them; throws UsageError for a bad --overlength.
void apply_truncation_options(const ArgParser& p, training::TruncationOptions& limits);

}  // namespace tunedesk::cli
