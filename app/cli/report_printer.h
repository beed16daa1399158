// The human-readable form of a validation report, for the terminal.
#pragma once

#include <cstddef>
#include <ostream>

#include "data/validation_report.h"
#include "training/length_report.h"

namespace tunedesk::cli {

struct PrintOptions {
  std::size_t max_per_rule = 20;  // findings shown per rule; 0 = all
  bool color = false;             // ANSI colours (when writing to a terminal)
};

void print_report(std::ostream& out, const data::ValidationReport& report, const PrintOptions& options);
// The rows in tokens and what the length limits do to them (data check --model);
// `max_lines`: line numbers listed (0 = all).
void print_length_report(std::ostream& out, const training::LengthReport& report, const std::string& measured_with,
                         std::size_t max_lines);

}  // namespace tunedesk::cli
