// Two versions of a dataset compared row by row, for the versions view: which
// rows are the same, changed, left out or added. A row is its question and
// answer (the last turn; the instruction is not compared: conversion gives
// every row its model type's). Versions keep their rows' order — cleaning
// changes and leaves out rows, augmentation adds them after the source's — so
// rows are matched in order: each row of the earlier version with the next
// identical row of the later one; between two matched rows, the rows left on
// both sides pair up as changed, the rest are left out or added. Torch-free.
#pragma once

#include <cstddef>
#include <optional>
#include <vector>

#include <nlohmann/json.hpp>

#include "data/dataset.h"

namespace tunedesk::data {

enum class RowChange { changed, removed, added };

struct RowDiffEntry {
  RowChange kind = RowChange::changed;
  std::optional<std::size_t> before, after;  // indexes into the versions' examples
};

struct RowDiff {
  std::size_t rows_before = 0, rows_after = 0;
  std::size_t same = 0, changed = 0, removed = 0, added = 0;
  std::vector<RowDiffEntry> entries;  // in the later version's order
};

RowDiff diff_rows(const Dataset& before, const Dataset& after);

// {"rows_before", "rows_after", "same", "changed", "removed", "added", "entries_total",
//  "entries": [{"kind": "changed|removed|added", "before": {"line", "question", "answer", "generated"},
//               "after": {…}}]} with the first `limit` entries.
nlohmann::json row_diff_json(const Dataset& before, const Dataset& after, const RowDiff& diff, std::size_t limit);

}  // namespace tunedesk::data
