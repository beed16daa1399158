// An RFC 4180 CSV parser that accepts what Excel and people actually write:
// quoted fields with doubled quotes and line breaks inside, CRLF/LF/CR line
// ends (mixed, even), comma, tab or semicolon separators (detected), blank
// lines. It never throws on bad input: problems become `CsvIssue`s with the
// line they start on, and parsing resumes on the next line.
//
// The table holds views into the text it was given, which must outlive it.
#pragma once

#include <cstddef>
#include <deque>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data {

struct CsvOptions {
  char delimiter = 0;  // 0: detect from the first record (',' '\t' or ';')
};

struct CsvIssue {
  enum class Kind { unterminated_quote, text_after_quote };
  std::size_t line;     // 1-based line on which the record starts
  Kind kind;
  std::string message;  // what is wrong, for a person
  std::vector<std::string> args;  // its values (see Finding::args)
};

struct CsvRecord {
  std::size_t line;         // 1-based line on which the record starts
  std::size_t first_field;  // index into CsvTable::fields
  std::size_t field_count;
  bool broken = false;      // an unterminated quote cut this record short
};

struct LineEndingCounts {
  std::size_t crlf = 0, lf = 0, cr = 0;
  // "CRLF", "LF", "CR", "mixed" or "none"
  std::string dominant() const;
};

struct CsvTable {
  char delimiter = ',';
  std::vector<CsvRecord> records;       // records[0] is the header row when the file has one
  std::vector<std::string_view> fields; // all fields, record after record
  std::vector<std::size_t> blank_lines; // empty lines between records (1-based)
  std::vector<CsvIssue> issues;
  LineEndingCounts line_endings;
  std::size_t line_count = 0;           // physical lines in the text

  std::span<const std::string_view> fields_of(const CsvRecord& r) const {
    return {fields.data() + r.first_field, r.field_count};
  }

  // Storage for fields that could not be views into the text (doubled quotes
  // removed); a deque so that views into earlier strings stay valid.
  std::deque<std::string> owned_fields;
};

CsvTable parse_csv(std::string_view text, const CsvOptions& options = {});

// The delimiter `parse_csv` would pick for `text`.
char detect_delimiter(std::string_view text);

// "comma", "tab", "semicolon" or the character itself.
std::string delimiter_name(char delimiter);

}  // namespace tunedesk::data
