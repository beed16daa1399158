// One problem found in a dataset: what rule, how bad, where, and what to do.
#pragma once

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data {

enum class Severity { error, warning };

std::string_view severity_name(Severity s);

// Stable rule ids. They appear in the JSON report and in the UI's filters,
// so they never change once released.
namespace rule {
inline constexpr std::string_view missing_column = "missing_column";
inline constexpr std::string_view duplicate_column = "duplicate_column";
inline constexpr std::string_view extra_column = "extra_column";
inline constexpr std::string_view malformed_row = "malformed_row";
inline constexpr std::string_view blank_line = "blank_line";
inline constexpr std::string_view non_string_value = "non_string_value";
inline constexpr std::string_view encoding = "encoding";
inline constexpr std::string_view empty_field = "empty_field";
inline constexpr std::string_view too_long = "too_long";
inline constexpr std::string_view too_short = "too_short";
inline constexpr std::string_view same_input_output = "same_input_output";
inline constexpr std::string_view duplicate = "duplicate";
inline constexpr std::string_view conflicting_duplicate = "conflicting_duplicate";
inline constexpr std::string_view control_chars = "control_chars";
inline constexpr std::string_view too_few_rows = "too_few_rows";
inline constexpr std::string_view too_many_rows = "too_many_rows";
inline constexpr std::string_view file_too_large = "file_too_large";
// What a spreadsheet can hide: hidden rows, merged cells, formulas never
// computed, values right of the header.
inline constexpr std::string_view spreadsheet = "spreadsheet";
// Personal data (ID numbers, phone numbers, ...: data/cleaning/personal_data.h); kinds "pii.id_number", ...
inline constexpr std::string_view personal_data = "pii";
}  // namespace rule

struct Finding {
  std::string_view rule;             // one of the ids in `rule`
  Severity severity = Severity::error;
  std::size_t line = 0;              // 1-based line on which the row starts (header = 1), a spreadsheet's row number; 0 = the whole file
  std::optional<std::string> field;  // the column or key, or none for a whole row or file
  std::string message;               // what is wrong and how to fix it, in English
  // The message as a template and its values, for other languages: the UI
  // renders `kind` ("empty_field.input.empty", …) in the user's language with
  // `args` as %1, %2, … (a template with a count, "%n row(s)", takes it from
  // args[0] and %1, %2, … from args[1], …); empty kind: no template (shown in English).
  std::string_view kind;
  std::vector<std::string> args;
};

// In line order; the findings of one line stay in the order they were made.
inline void sort_by_line(std::vector<Finding>& findings) {
  std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) { return a.line < b.line; });
}

}  // namespace tunedesk::data
