// From a parsed CSV table to examples: finds the `text` and `result` columns
// in the header and turns each record into an Example, reporting malformed
// records, missing, duplicate and extra columns, and blank lines.
#pragma once

#include "data/dataset.h"

namespace tunedesk::data {

// Parses ds.storage->text as CSV and fills ds (examples, findings, columns, rows).
void map_csv_into(Dataset& ds, char delimiter);

}  // namespace tunedesk::data
