// From a parsed table (CSV, or a spreadsheet's rows) to examples: finds the
// `text` and `result` columns in the header and turns each record into an
// Example, reporting malformed records, missing, duplicate and extra columns,
// and blank lines.
#pragma once

#include "data/dataset.h"

namespace tunedesk::data {

// Parses ds.storage->text as CSV and fills ds (examples, findings, columns, rows).
void map_csv_into(Dataset& ds, char delimiter);

// The part shared with spreadsheets: the first record names the columns, each
// further record becomes an example (its `line` is the CSV line or the sheet's
// row number). Fills ds.columns, ds.rows, ds.examples and their findings.
void map_table_records_into(Dataset& ds, const CsvTable& table);

}  // namespace tunedesk::data
