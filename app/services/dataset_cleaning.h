// Cleaning a checked dataset into a new version in a user's workspace, as
// `tunedesk-cli data fix` does (data/cleaning/dataset_fixes.h): the fixes the
// user picked, previewed (nothing written) or applied (a new training JSONL
// in datasets/, never over an existing file; the source stays as it is, so
// "undo" is training on the previous version). POST /api/datasets/{id}/clean.
#pragma once

#include <QJsonObject>
#include <QString>

#include "data/cleaning/dataset_fixes.h"
#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::services {

struct CleaningRequest {
  data::cleaning::DatasetFixOptions fixes;
  QString model_type = "general";  // the instruction of rows that have none
  QString name;                    // the new version in datasets/ ("qa.clean.jsonl"); empty: SOURCE.clean.jsonl
};

// The request from the API's JSON {"trim", "collapse", "invisible", "width":
// "half|full|keep", "width_punctuation", "opencc": "t2s|…", "drop_duplicates",
// "dedupe": 0.9, "near_duplicate_keep": {"12": 14, "30": 0}, "mask_pii", "names": [...], "model_type", "name"} (all
// optional). Throws ServiceError ("clean.option") naming a field it cannot use.
CleaningRequest cleaning_request_from_json(const QJsonObject& body);

struct Cleaning {
  data::cleaning::DatasetFixResult result;
  QString path;  // the version written; empty for a preview
};

// Throws ServiceError for an unknown model type or a dataset without a row to
// keep, util::FileError when writing fails.
Cleaning clean_dataset(const data::Dataset& dataset, const data::ValidationReport& report, const QString& datasets_dir,
                       const CleaningRequest& request, bool write);

}  // namespace tunedesk::services
