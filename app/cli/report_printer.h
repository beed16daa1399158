// The human-readable form of a validation report, for the terminal.
#pragma once

#include <cstddef>
#include <ostream>

#include "data/validation_report.h"

namespace tunedesk::cli {

struct PrintOptions {
  std::size_t max_per_rule = 20;  // findings shown per rule; 0 = all
  bool color = false;             // ANSI colours (when writing to a terminal)
};

void print_report(std::ostream& out, const data::ValidationReport& report, const PrintOptions& options);

}  // namespace tunedesk::cli
