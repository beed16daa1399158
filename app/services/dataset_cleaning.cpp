#include "services/dataset_cleaning.h"

#include <QJsonArray>

#include "data/cleaning/chinese_script.h"
#include "data/jsonl_writer.h"
#include "data/model_types.h"
#include "services/dataset_conversion.h"
#include "services/dataset_versions.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace clean = data::cleaning;

CleaningRequest cleaning_request_from_json(const QJsonObject& o) {
  const auto refuse = [](const char* field, const std::string& expected) {
    throw ServiceError("clean.option", {field, expected});
  };
  for (const char* flag : {"trim", "collapse", "invisible", "width_punctuation", "drop_duplicates", "mask_pii"})
    if (o.contains(flag) && !o[flag].isBool()) refuse(flag, "true or false");
  CleaningRequest r;
  clean::TextFixes fixes;
  fixes.trim = o["trim"].toBool();
  fixes.collapse = o["collapse"].toBool();
  fixes.invisible = o["invisible"].toBool();
  fixes.width_punctuation = o["width_punctuation"].toBool();
  if (o.contains("width") && !clean::parse_width(o["width"].toString().toStdString(), fixes.width))
    refuse("width", "half, full or keep");
  r.fixes.question = r.fixes.answer = fixes;
  if (const QString script = o["opencc"].toString(); !script.isEmpty()) {
    std::string names;
    bool known = false;
    for (const clean::ScriptConversion& c : clean::script_conversions()) {
      names += std::string(names.empty() ? "" : ", ") + c.name;
      known = known || script == c.name;
    }
    if (!known) refuse("opencc", names);
    r.fixes.script = script.toStdString();
  }
  r.fixes.drop_duplicates = o["drop_duplicates"].toBool();
  if (o.contains("dedupe")) {
    const double t = o["dedupe"].toDouble(-1);
    if (!(t >= 0 && t <= 1)) refuse("dedupe", "a similarity from 0 (off) to 1");
    r.fixes.near_duplicates = t;
  }
  // {"FIRST LINE": LINE TO KEEP, or 0 for the whole group}: the user's choice per near-duplicate group.
  if (o.contains("near_duplicate_keep") && !o["near_duplicate_keep"].isObject())
    refuse("near_duplicate_keep", "{\"first line of a group\": line to keep, or 0 for all}");
  const QJsonObject keep = o["near_duplicate_keep"].toObject();
  for (auto it = keep.begin(); it != keep.end(); ++it) {
    bool number = false;
    const qulonglong first = it.key().toULongLong(&number);
    const double kept = it.value().toDouble(-1);
    if (!number || first == 0 || !it.value().isDouble() || kept < 0 || kept != static_cast<double>(static_cast<qulonglong>(kept)))
      refuse("near_duplicate_keep", "{\"first line of a group\": line to keep, or 0 for all}");
    r.fixes.near_duplicate_keep[first] = static_cast<std::size_t>(kept);
  }
  r.fixes.mask_personal_data = o["mask_pii"].toBool();
  if (o.contains("names") && !o["names"].isArray()) refuse("names", "a list of names");
  for (const QJsonValue& name : o["names"].toArray())
    if (!name.toString().trimmed().isEmpty()) r.fixes.names.push_back(name.toString().trimmed().toStdString());
  r.model_type = o["model_type"].toString("general");
  r.name = o["name"].toString();
  return r;
}

Cleaning clean_dataset(const data::Dataset& dataset, const data::ValidationReport& report, const QString& datasets_dir,
                       const CleaningRequest& request, bool write) {
  const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
  const data::ModelType* type = catalog.find(request.model_type.toStdString());
  if (!type) throw ServiceError("job.model_type", {request.model_type.toStdString(), catalog.ids()});
  if (report.valid_rows == 0) throw ServiceError("conversion.no_valid_rows", {});
  Cleaning out;
  try {
    out.result = clean::fix_dataset(dataset, report, request.fixes);
  } catch (const std::invalid_argument& e) {  // a choice that does not fit the groups these settings make
    throw ServiceError(std::string(e.what()));
  }
  if (!write) return out;

  out.path = new_jsonl_path(datasets_dir, dataset.path, request.name, ".clean.jsonl");
  data::ConvertOptions options;
  options.instruction = type->instruction;  // for rows without their own; theirs are kept
  data::ValidationReport none;               // the rows kept are free of errors
  none.example_has_error.assign(out.result.fixed.examples.size(), false);
  data::write_jsonl(out.result.fixed, none, out.path.toStdString(), options);
  record_version(out.path, QString::fromStdString(dataset.path), "clean");
  return out;
}

}  // namespace tunedesk::services
