// The cells of one worksheet of an Office Open XML workbook (.xlsx as Excel,
// LibreOffice, WPS and libxlsxwriter write it), as the spreadsheet shows them:
// shared, inline and rich-text strings joined, numbers and dates through the
// cell's number format, booleans as TRUE/FALSE, formulas by the value the
// program last computed and saved.
//
// The container is read with libzip and the XML parts are streamed through
// expat; the amount unpacked and the number of cells are capped, so a hostile
// file (a zip bomb, a billion cells) costs bounded time and memory.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data {

// A workbook that cannot be read: not a zip, a damaged part, malformed XML,
// no such sheet, a limit passed. The message says which part and where.
class XlsxError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct XlsxLimits {
  std::uint64_t max_unpacked_bytes = std::uint64_t{1} << 30;  // all parts read, uncompressed
  std::size_t max_cells = 5'000'000;                          // cells with a value in the sheet
};

struct SheetRow {
  std::size_t number = 0;               // the spreadsheet's row number (1-based)
  bool hidden = false;
  std::vector<std::string_view> cells;  // by column (A = 0); "" where the row has no value
};

struct MergedRange {
  std::string ref;  // "A2:B3" as the file names it
  std::size_t first_row = 0, last_row = 0, first_column = 0, last_column = 0;  // rows 1-based, columns 0-based
};

struct FormulaCell {
  std::size_t row = 0;
  std::string ref;  // "B5"
};

struct Worksheet {
  std::string name;                       // the sheet read
  std::vector<std::string> sheet_names;   // every sheet, in the workbook's order
  std::vector<SheetRow> rows;             // rows holding at least one value, in order
  std::vector<MergedRange> merged;
  std::vector<FormulaCell> formulas_without_value;  // never computed by a spreadsheet program
  // Owns the text the cells view. Moving a deque keeps its elements in place,
  // so the views survive moving the Worksheet or this member.
  std::deque<std::string> strings;
};

// True when `bytes` start like a zip archive (what .xlsx files are).
bool looks_like_zip(std::string_view bytes);

// Reads the sheet called `sheet_name`, or the workbook's first sheet when it
// is empty. Throws XlsxError.
Worksheet read_xlsx(std::string_view bytes, std::string_view sheet_name = {}, const XlsxLimits& limits = {});

// "A" for column 0, "AB" for 27.
std::string column_name(std::size_t column);

}  // namespace tunedesk::data
