#include "truncation_options.h"

#include "exit_codes.h"

namespace tunedesk::cli {

void add_truncation_options(ArgParser& p) {
  p.option("--cutoff-len", "N", "longest sequence in tokens (default 1024)")
      .option("--max-input-length", "N", "prompt tokens kept (GLM-4's max_input_length; turns --cutoff-len off unless given)")
      .option("--max-output-length", "N", "answer tokens kept (max_output_length; turns --cutoff-len off unless given)")
      .option("--overlength", "WHAT", "rows over the length limits: truncate (cut to fit, the default) or drop (leave out)");
}

void apply_truncation_options(const ArgParser& p, training::TruncationOptions& limits) {
  if (auto v = p.count("--cutoff-len")) limits.cutoff_len = *v;
  if (auto v = p.count("--max-input-length")) {
    limits.max_input_length = *v;
    if (!p.has("--cutoff-len")) limits.cutoff_len = 0;
  }
  if (auto v = p.count("--max-output-length")) {
    limits.max_output_length = *v;
    if (!p.has("--cutoff-len")) limits.cutoff_len = 0;
  }
  if (auto v = p.value("--overlength")) {
    const auto o = training::parse_overlength(*v);
    if (!o) throw UsageError("--overlength must be truncate or drop, not '" + *v + "'");
    limits.overlength = *o;
  }
}

}  // namespace tunedesk::cli
