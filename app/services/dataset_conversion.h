// Converting a checked dataset to training JSONL in a user's workspace, as
// the desktop's validation tab and POST /api/datasets/{id}/convert both do:
// the model type's instruction, a validation share, the fix-ups asked for,
// a file name that never replaces an existing one.
#pragma once

#include <QString>

#include "data/dataset.h"
#include "data/jsonl_writer.h"
#include "data/validation_report.h"

namespace tunedesk::services {

struct ConversionRequest {
  QString model_type = "general";
  double val_ratio = 0.1;
  bool trim_whitespace = false;
  bool drop_duplicates = false;
  QString name;  // the file to write in datasets/ ("qa.jsonl"); empty: the source's name
};

struct Conversion {
  QString path;  // the training file written
  data::ConvertResult result;
};

// Throws ServiceError for an unknown model type or a dataset without a row
// to convert, util::FileError when writing fails.
Conversion convert_dataset(const data::Dataset& dataset, const data::ValidationReport& report,
                           const QString& datasets_dir, const ConversionRequest& request);

// A free path in `dir` for `name` ("qa.jsonl", then "qa (2).jsonl", ...).
QString free_path(const QString& dir, const QString& name);

// Where a new training file made from `source` goes in `datasets_dir`: the
// name `asked` (made safe), else the source's base name + `suffix`
// (".jsonl", ".clean.jsonl"); ".jsonl" added when missing; never an existing file.
QString new_jsonl_path(const QString& datasets_dir, const std::string& source, const QString& asked, const QString& suffix);

}  // namespace tunedesk::services
