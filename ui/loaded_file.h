// A dataset file read and validated off the UI thread: what the data tab
// previews and the validation tab reports on. Shared between them; the
// dataset's text stays alive as long as any tab holds it.
#pragma once

#include <QString>

#include <memory>

#include "data/dataset.h"
#include "data/validation_report.h"

namespace tunedesk::ui {

// "*.csv *.xlsx *.jsonl *.json": the dataset files TuneDesk reads, for a file dialog.
QString dataset_name_filters();

struct LoadedFile {
  QString path;
  QString encoding_asked = "auto";
  QString sheet_asked;  // a workbook's sheet; empty = the first
  data::Dataset dataset;
  data::ValidationReport report;
  QString error;  // when the file could not be read at all (then dataset and report are empty)
};

// Reads and validates `path` (run it on a worker thread). `sheet`: for an
// Excel workbook, the sheet to read (empty: the first).
std::shared_ptr<const LoadedFile> load_and_validate(const QString& path, const QString& encoding,
                                                    const QString& sheet = {});

}  // namespace tunedesk::ui
