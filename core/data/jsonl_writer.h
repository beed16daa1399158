// Writing training data as JSON Lines, in alpaca form
//   {"instruction": <system>, "input": <user>, "output": <answer>[, "history": [[q, a], ...]]}
// or messages form
//   {"messages": [{"role": "system", ...}, {"role": "user", ...}, {"role": "assistant", ...}]}
// Values are written as the strings they are ("2" stays "2"); files are
// written atomically.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::data {

enum class JsonlFormat { alpaca, messages };

struct ConvertOptions {
  JsonlFormat format = JsonlFormat::alpaca;
  std::string instruction;          // the model type's instruction, for examples without their own
  bool replace_instruction = false; // true: `instruction` replaces the examples' own as well
  double val_ratio = 0.0;           // share of rows written to the validation file
  uint64_t seed = 42;
  std::filesystem::path val_path;   // empty: OUT with ".val" before the extension
  // Fix-ups a user can ask for; the source file is never changed.
  bool trim_whitespace = false;     // white space (Unicode) cut from both ends of every text
  bool drop_duplicates = false;     // an example identical to an earlier one (after trimming) is left out
};

struct ConvertResult {
  std::filesystem::path train_path, val_path;  // val_path empty when no split was asked for
  std::size_t train_rows = 0, val_rows = 0;
  std::vector<std::size_t> skipped_lines;      // lines of rows with errors, not written
  std::vector<std::size_t> duplicate_lines;    // with drop_duplicates: lines of the repeats left out
  std::size_t trimmed_rows = 0;                // with trim_whitespace: rows that had white space cut
};

// Writes the examples the report found no error in. Throws util::FileError.
ConvertResult write_jsonl(const Dataset& ds, const ValidationReport& report, const std::filesystem::path& out,
                          const ConvertOptions& options);

// `text` as a JSON string literal (quotes included), non-ASCII kept as UTF-8.
void append_json_string(std::string& out, std::string_view text);

// "data.jsonl" -> "data.val.jsonl"
std::filesystem::path default_val_path(const std::filesystem::path& out);

}  // namespace tunedesk::data
