// The validation report: findings plus statistics, with the JSON form the
// CLI (`data check --json`), the HTTP API and the UI all share:
//   {"passed": bool, "rows": int, "valid_rows": int,
//    "findings": [{"rule", "severity", "line", "field", "message"}], "stats": {...}}
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "data/finding.h"

namespace tunedesk::data {

struct LengthStats {
  std::size_t count = 0;
  std::size_t min = 0, median = 0, p95 = 0, max = 0;
  double mean = 0;
};

// Length distribution of a list of lengths (reordered in place).
LengthStats summarize_lengths(std::vector<std::size_t>& lengths);

struct ValidationReport {
  bool passed = false;               // no error findings
  std::size_t rows = 0;              // data rows in the file
  std::size_t valid_rows = 0;        // rows without errors: what conversion writes
  std::vector<Finding> findings;     // sorted by line
  std::size_t errors = 0, warnings = 0;
  std::map<std::string, std::size_t> count_by_rule;
  LengthStats input_chars, output_chars;
  LengthStats input_tokens, output_tokens;  // count == 0 when no tokenizer was given
  // About the file.
  std::string file, format, encoding, delimiter, line_endings;
  bool encoding_detected = false, had_bom = false;
  std::uintmax_t file_size = 0;
  std::size_t blank_lines = 0;
  std::vector<std::string> columns;
  std::string sheet;                 // xlsx: the sheet read ("" for other formats)
  std::vector<std::string> sheets;   // xlsx: every sheet of the workbook
  std::size_t rows_with_personal_data = 0;  // rows with a pii warning
  // One flag per dataset example: true when it has an error and is not converted.
  std::vector<bool> example_has_error;

  double pass_rate() const { return rows ? static_cast<double>(valid_rows) / static_cast<double>(rows) : 0.0; }
};

nlohmann::json report_to_json(const ValidationReport& report);

}  // namespace tunedesk::data
