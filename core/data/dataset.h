// A dataset as read from an uploaded file: the training examples with the
// line each one starts on, plus the problems found while reading.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "data/csv_reader.h"
#include "data/finding.h"
#include "util/file_io.h"

namespace tunedesk::data {

enum class SourceFormat { csv, xlsx, jsonl_alpaca, jsonl_messages };

std::string_view source_format_name(SourceFormat f);

// One user message and the answer the model should learn to give.
struct Turn {
  std::string_view user;
  std::string_view assistant;
  std::string_view user_field;       // where it came from: "text", "input", "messages[1].content"
  std::string_view assistant_field;  // "result", "output", "messages[2].content"
};

struct Example {
  std::size_t line = 0;       // 1-based line on which the example starts (a spreadsheet's row number)
  std::string_view system;    // the instruction / system prompt; empty when the source has none
  std::vector<Turn> history;  // earlier turns of a multi-turn conversation (usually empty)
  Turn turn;                  // the turn trained on
  bool generated = false;     // written by a model (augmentation), accepted by the user: JSONL's "generated"
};

// Owns the text the examples' views point into. Kept behind a pointer so that
// moving a Dataset never invalidates those views.
struct DatasetStorage {
  std::string_view text;            // the file as UTF-8: a view of `mapped` or of `decoded`
  util::MappedFile mapped;          // the file itself, when it is UTF-8 already
  std::string decoded;              // the file decoded to UTF-8 otherwise
  CsvTable table;                   // the records of a CSV file or a spreadsheet's rows
  std::deque<std::string> strings;  // values that are not slices of `text`
};

struct Dataset {
  std::string path;
  SourceFormat format = SourceFormat::csv;
  std::uintmax_t file_size = 0;
  std::string encoding;             // canonical name, e.g. "utf-8", "gbk", "utf-16le"
  bool encoding_detected = false;   // false when the user named the encoding
  bool had_bom = false;
  char delimiter = ',';             // CSV only
  std::string line_endings;         // "CRLF", "LF", "CR", "mixed", "none"
  std::vector<std::string> columns; // CSV header (trimmed) or the JSON keys seen
  std::size_t rows = 0;             // data rows in the file, readable or not
  std::size_t blank_lines = 0;
  std::string sheet;                // xlsx: the sheet read
  std::vector<std::string> sheets;  // xlsx: every sheet in the workbook
  std::vector<Example> examples;    // the rows that could be read
  std::vector<Finding> findings;    // problems found while reading
  std::unique_ptr<DatasetStorage> storage = std::make_unique<DatasetStorage>();
};

}  // namespace tunedesk::data
