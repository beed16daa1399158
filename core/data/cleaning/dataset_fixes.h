// The fixes a user picks for a dataset, applied to every row the validation
// found no error in: character fixes per field, simplified/traditional
// conversion, exact and near-duplicate removal, personal data masking. The
// source is never changed: the result is a new dataset (its texts owned by
// it) with every change listed, which the caller writes as a new version.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "data/cleaning/near_duplicates.h"
#include "data/cleaning/personal_data.h"
#include "data/cleaning/text_fixes.h"
#include <map>

#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::data::cleaning {

struct DatasetFixOptions {
  TextFixes question;            // the user's side (and the system instruction)
  TextFixes answer;              // the assistant's side
  std::string script;            // an OpenCC conversion ("t2s", ...; chinese_script.h), "" for none
  bool drop_duplicates = false;  // rows identical (after the fixes above) to an earlier row left out
  double near_duplicates = 0;    // > 0: rows whose question and answer are this similar to an earlier row's left out
  // The user's choice for a group of near-duplicates, by the group's first
  // line: the one line to keep (the group merged into it, conflicting answers
  // included), or kKeepWholeGroup. A group without a choice keeps its first
  // row and the rows that answer otherwise.
  std::map<std::size_t, std::size_t> near_duplicate_keep;
  static constexpr std::size_t kKeepWholeGroup = 0;
  bool mask_personal_data = false;
  std::vector<std::string> names;  // names to find (and mask) as personal data
};

struct FieldChange {
  std::size_t line = 0;
  std::string field;  // "text", "result", "input", "messages[1].content", "system"
  std::string before, after;
};

struct PersonalDataFinding {
  std::size_t line = 0;
  std::string field;
  PersonalDataKind kind;
  std::string value;
};

struct DuplicateGroupLines {
  std::vector<std::size_t> lines;              // ascending; the first names the group
  std::vector<std::size_t> conflicting_lines;  // the same question with another answer (kept unless the user chose)
  std::vector<std::size_t> kept_lines;         // what is kept of the group: the first and the conflicting, or the choice
};

struct DatasetFixResult {
  Dataset fixed;                              // the rows kept, fixed
  std::size_t rows_in = 0;                    // rows without errors that the fixes read
  std::vector<FieldChange> changes;           // in line order
  std::vector<std::size_t> exact_duplicate_lines;  // left out
  std::vector<std::size_t> near_duplicate_lines;   // left out
  std::vector<DuplicateGroupLines> near_duplicate_groups;
  std::vector<PersonalDataFinding> personal_data;  // as found, before masking
  std::size_t rows_with_personal_data = 0;
};

// Throws std::invalid_argument for an unknown conversion, a threshold outside
// (0, 1], or a choice for a group that is not one or a line not in its group.
DatasetFixResult fix_dataset(const Dataset& ds, const ValidationReport& report, const DatasetFixOptions& options);

}  // namespace tunedesk::data::cleaning
