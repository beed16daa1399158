// From a workbook's sheet to examples: the sheet's rows become the table the
// CSV path maps (the first row with a value names the columns; every line
// number is the spreadsheet's row number), plus warnings about what a sheet
// can hide from the person who made it: hidden rows, merged cells, formulas
// no program computed, values right of the header, runs of empty rows.
#pragma once

#include <string>
#include <string_view>

#include "data/dataset.h"
#include "data/xlsx_reader.h"

namespace tunedesk::data {

// Fills ds from the workbook in `bytes` (its sheet `sheet`, or the first).
// Throws XlsxError when the workbook cannot be read.
void map_xlsx_into(Dataset& ds, std::string_view bytes, const std::string& sheet, const XlsxLimits& limits);

}  // namespace tunedesk::data
