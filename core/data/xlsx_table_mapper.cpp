#include "data/xlsx_table_mapper.h"

#include <algorithm>

#include "data/csv_table_mapper.h"
#include "data/finding_messages.h"

namespace tunedesk::data {
namespace {

void warn(Dataset& ds, std::size_t row, std::string_view kind, std::vector<std::string> args) {
  ds.findings.push_back(make_finding(rule::spreadsheet, Severity::warning, row, std::nullopt, kind, std::move(args)));
}

}  // namespace

void map_xlsx_into(Dataset& ds, std::string_view bytes, const std::string& sheet_name, const XlsxLimits& limits) {
  Worksheet sheet = read_xlsx(bytes, sheet_name, limits);
  ds.format = SourceFormat::xlsx;
  ds.sheet = sheet.name;
  ds.sheets = sheet.sheet_names;
  DatasetStorage& store = *ds.storage;
  store.strings = std::move(sheet.strings);  // the cells' text; the views stay valid (see Worksheet::strings)

  CsvTable& table = store.table;
  const std::size_t width = sheet.rows.empty() ? 0 : sheet.rows.front().cells.size();
  std::size_t previous = 0;
  for (const SheetRow& row : sheet.rows) {
    // Empty rows between the header and the data: one warning per run.
    if (previous && row.number > previous + 1) {
      const std::size_t first = previous + 1, last = row.number - 1, count = last - first + 1;
      ds.blank_lines += count;
      if (count == 1)
        warn(ds, first, "spreadsheet.empty_row", {});
      else
        warn(ds, first, "spreadsheet.empty_rows", {std::to_string(count), std::to_string(first), std::to_string(last)});
    }
    previous = row.number;
    if (row.hidden) warn(ds, row.number, "spreadsheet.hidden_row", {std::to_string(row.number)});
    for (std::size_t c = width; c < row.cells.size(); ++c)
      if (!row.cells[c].empty()) {
        const std::string ref = column_name(c) + std::to_string(row.number);
        warn(ds, row.number, "spreadsheet.beyond_header", {ref, column_name(width - 1)});
        break;
      }
    table.records.push_back({row.number, table.fields.size(), width, false});
    for (std::size_t c = 0; c < width; ++c) table.fields.push_back(c < row.cells.size() ? row.cells[c] : std::string_view());
  }
  for (const MergedRange& m : sheet.merged) {
    const std::string first = column_name(m.first_column) + std::to_string(m.first_row);
    warn(ds, m.first_row, "spreadsheet.merged_cells", {m.ref, first});
  }
  for (const FormulaCell& f : sheet.formulas_without_value)
    warn(ds, f.row, "spreadsheet.formula_without_value", {f.ref});
  map_table_records_into(ds, table);
}

}  // namespace tunedesk::data
