#include "services/dataset_conversion.h"

#include <QDir>
#include <QFileInfo>

#include "data/model_types.h"
#include "services/dataset_versions.h"
#include "services/service_error.h"
#include "services/workspace.h"

namespace tunedesk::services {

QString free_path(const QString& dir, const QString& name) {
  const QFileInfo info(name);
  QString candidate = QDir(dir).filePath(name);
  for (int n = 2; QFileInfo::exists(candidate); ++n)
    candidate = QDir(dir).filePath(QString("%1 (%2).%3").arg(info.completeBaseName()).arg(n).arg(info.suffix()));
  return candidate;
}

QString new_jsonl_path(const QString& datasets_dir, const std::string& source, const QString& asked, const QString& suffix) {
  QString name = asked.trimmed().isEmpty() ? QFileInfo(QString::fromStdString(source)).completeBaseName() + suffix
                                           : safe_file_name(asked.trimmed());
  if (!name.endsWith(".jsonl")) name += ".jsonl";
  return free_path(datasets_dir, name);
}

Conversion convert_dataset(const data::Dataset& dataset, const data::ValidationReport& report,
                           const QString& datasets_dir, const ConversionRequest& request) {
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const data::ModelType* type = catalog.find(request.model_type.toStdString());
  if (!type)
    throw ServiceError("unknown model type '" + request.model_type.toStdString() + "' (known: " + catalog.ids() + ")");
  if (report.valid_rows == 0) throw ServiceError("conversion.no_valid_rows", {});
  if (request.val_ratio < 0 || request.val_ratio >= 1) throw ServiceError("conversion.validation_share", {});

  Conversion out;
  out.path = new_jsonl_path(datasets_dir, dataset.path, request.name, ".jsonl");

  data::ConvertOptions options;
  options.instruction = type->instruction;
  options.replace_instruction = true;  // a chosen model type wins, as with `data convert --model-type`
  options.val_ratio = request.val_ratio;
  if (options.val_ratio > 0) options.val_path = data::default_val_path(out.path.toStdString());
  options.trim_whitespace = request.trim_whitespace;
  options.drop_duplicates = request.drop_duplicates;
  out.result = data::write_jsonl(dataset, report, out.path.toStdString(), options);
  record_version(out.path, QString::fromStdString(dataset.path), "convert");
  if (!out.result.val_path.empty()) record_version(QString::fromStdString(out.result.val_path.string()), QString::fromStdString(dataset.path), "convert");
  return out;
}

}  // namespace tunedesk::services
