// What a cleaning did, as JSON: `tunedesk-cli data fix --report` writes it
// and POST /api/datasets/{id}/clean answers with it (the browser's diff view).
//   {"rows_in", "rows_out", "changes": [{"line", "field", "before", "after"}],
//    "changes_total", "exact_duplicate_lines", "near_duplicate_lines",
//    "near_duplicate_groups": [{"lines", "conflicting_lines"}],
//    "personal_data": [{"line", "field", "rule", "value"}], "rows_with_personal_data"}
#pragma once

#include <nlohmann/json.hpp>

#include <cstddef>
#include <limits>

#include "data/cleaning/dataset_fixes.h"

namespace tunedesk::data::cleaning {

// The first `max_changes` changes are listed ("changes_total" counts them all).
nlohmann::json fix_report_json(const DatasetFixResult& result,
                               std::size_t max_changes = std::numeric_limits<std::size_t>::max());

}  // namespace tunedesk::data::cleaning
