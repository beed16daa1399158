// The dataset endpoints of the API:
//   GET  /api/datasets                 the user's uploads and converted datasets, each with its check and source
//   POST /api/datasets                 multipart upload, field "file", ≤ 50 MiB → 201, the dataset and its check
//   GET  /api/datasets/{id}/report     the validation report (`data check --json`'s form)
//   POST /api/datasets/{id}/convert    {"model_type", "val_ratio", "trim", "drop_duplicates", "name"} → 201
//   POST /api/datasets/{id}/clean      {"preview", "trim", "collapse", "invisible", "width", "opencc", "drop_duplicates",
//                                      "dedupe", "near_duplicate_keep", "mask_pii", "names", "model_type", "name"}
//                                      → 200 {"report"} (preview) or 201 {"dataset", "source", "report"}: a new version
//   GET  /api/datasets/{id}/diff[?against=ID]   a version's rows against its source's (or another dataset's)
//   GET  /api/cleaning                 OpenCC's conversions, which the page cannot know
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <exception>

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "services/api/api_controllers.h"
#include "data/cleaning/chinese_script.h"
#include "data/cleaning/fix_report.h"
#include "services/dataset_cleaning.h"
#include "services/dataset_conversion.h"
#include "services/dataset_versions.h"
#include "services/api/http_helpers.h"
#include "services/multipart.h"
#include "services/service_error.h"
#include "services/workspace.h"

#include <nlohmann/json.hpp>

namespace tunedesk::services {
namespace {

struct Checked {
  data::Dataset dataset;
  data::ValidationReport report;
};

Checked check(const QString& path) {
  Checked c;
  c.dataset = data::read_dataset(path.toStdString());
  c.report = data::validate(c.dataset);
  return c;
}

QJsonObject report_json(const data::ValidationReport& report) {
  return QJsonDocument::fromJson(QByteArray::fromStdString(data::report_to_json(report).dump())).object();
}

QJsonObject summary(const data::ValidationReport& r) {
  return QJsonObject{{"passed", r.passed},
                     {"rows", static_cast<qint64>(r.rows)},
                     {"valid_rows", static_cast<qint64>(r.valid_rows)},
                     {"errors", static_cast<qint64>(r.errors)},
                     {"warnings", static_cast<qint64>(r.warnings)}};
}

QJsonObject unreadable(const std::exception& e) {
  return QJsonObject{{"passed", false}, {"error", QString::fromUtf8(e.what())}};
}

// The file `version` was made from (services/dataset_versions.h), while it is still a file of `workspace`.
std::optional<VersionOrigin> source_in(const Workspace& workspace, const QString& version) {
  std::optional<VersionOrigin> origin = version_origin(version);
  if (!origin || !QFileInfo(origin->source).isFile() || !workspace.contains(origin->source)) return std::nullopt;
  return origin;
}

// A workspace file's kind in the dataset store.
QString record_kind(const Workspace& workspace, const QString& path) {
  return workspace.is_upload(path) ? "upload" : "converted";
}

// Listing checks files up to this size itself; larger ones when their report is asked for.
constexpr qint64 kListCheckBytes = qint64{20} << 20;
// The first changes a cleaning or a diff lists; "changes_total" counts them all.
constexpr std::size_t kChangesShown = 500;

}  // namespace

void DatasetsController::remember_check(const QString& path, const QJsonObject& summary) {
  const QFileInfo info(path);
  checks_.insert(path, {info.size(), info.lastModified(), summary});
}

QJsonObject DatasetsController::check_summary(const QString& path, qint64 check_up_to) {
  const QFileInfo info(path);
  const auto known = checks_.constFind(path);
  if (known != checks_.constEnd() && known->size == info.size() && known->modified == info.lastModified())
    return known->summary;
  if (info.size() > check_up_to) return {};
  QJsonObject s;
  try {
    s = summary(check(path).report);
  } catch (const std::exception& e) {
    s = unreadable(e);
  }
  remember_check(path, s);
  return s;
}

QHttpServerResponse DatasetsController::upload(const QHttpServerRequest& request, const ApiSession& s) {
  if (request.body().size() > ApiContext::kMaxUploadBytes)
    return error(HttpStatus::PayloadTooLarge, "too_large",
                 QString("uploads are limited to %1 MiB").arg(ApiContext::kMaxUploadBytes >> 20));
  std::vector<FormPart> parts;
  try {
    parts = parse_multipart(header(request, "Content-Type"), request.body());
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
  const auto file = std::find_if(parts.begin(), parts.end(), [](const FormPart& p) { return p.name == "file"; });
  if (file == parts.end() || file->file_name.isEmpty())
    return error(HttpStatus::BadRequest, "bad_request", "expected the dataset in the form field \"file\" (with a file name)");
  const std::string suffix = QFileInfo(file->file_name).suffix().toLower().toStdString();
  const std::vector<std::string>& known = data::dataset_file_suffixes();
  if (std::find(known.begin(), known.end(), suffix) == known.end())
    return error(HttpStatus::BadRequest, "bad_request", "'" + file->file_name + "' is not a .csv, .xlsx or .jsonl file");
  Workspace workspace = api_.workspace(s.user.name);
  const QString path = workspace.store_upload(file->file_name, file->data);  // kept exactly as sent
  const DatasetRecord record = api_.datasets.ensure(s.user.name, path, "upload");
  QJsonObject out = to_json(record, workspace);
  out["check"] = check_summary(path, ApiContext::kMaxUploadBytes);
  return QHttpServerResponse(out, HttpStatus::Created);
}

QHttpServerResponse DatasetsController::convert(const DatasetRecord& dataset, const QHttpServerRequest& request,
                                                const ApiSession& s) {
  const QJsonDocument body = request.body().trimmed().isEmpty() ? QJsonDocument(QJsonObject()) : QJsonDocument::fromJson(request.body());
  if (!body.isObject())
    return error(HttpStatus::BadRequest, "bad_request",
                 "expected JSON {\"model_type\", \"val_ratio\", \"trim\", \"drop_duplicates\", \"name\"} (all optional)");
  const QJsonObject o = body.object();
  ConversionRequest conversion;
  conversion.model_type = o["model_type"].toString("general");
  conversion.val_ratio = o["val_ratio"].toDouble(0.1);
  conversion.trim_whitespace = o["trim"].toBool(false);
  conversion.drop_duplicates = o["drop_duplicates"].toBool(false);
  conversion.name = o["name"].toString();
  const Workspace workspace = api_.workspace(s.user.name);
  try {
    const Checked c = check(dataset.path);
    const Conversion done = services::convert_dataset(c.dataset, c.report, workspace.datasets_dir(), conversion);
    QJsonObject out = to_json(api_.datasets.ensure(s.user.name, done.path, "converted"), workspace);
    out["train_rows"] = static_cast<qint64>(done.result.train_rows);
    out["val_rows"] = static_cast<qint64>(done.result.val_rows);
    if (!done.result.val_path.empty())
      out["val_dataset"] = to_json(api_.datasets.ensure(s.user.name, QString::fromStdString(done.result.val_path.string()), "converted"), workspace);
    QJsonArray skipped, duplicates;
    for (std::size_t line : done.result.skipped_lines) skipped.append(static_cast<qint64>(line));
    for (std::size_t line : done.result.duplicate_lines) duplicates.append(static_cast<qint64>(line));
    out["skipped_lines"] = skipped;
    out["duplicate_lines"] = duplicates;
    return QHttpServerResponse(out, HttpStatus::Created);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  } catch (const std::exception& e) {
    return error(HttpStatus::InternalServerError, "conversion_failed", e);
  }
}

DatasetsController::DatasetsController(ApiContext& api) : api_(api) {
  api_.route("/api/datasets", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) {
      const Workspace workspace = api_.workspace(s.user.name);
      QJsonArray out;
      for (const DatasetRecord& d : api_.datasets.list(workspace, s.user.name)) {
        QJsonObject item = to_json(d, workspace);
        if (const QJsonObject c = check_summary(d.path, kListCheckBytes); !c.isEmpty()) item["check"] = c;
        // A version made from another of the user's files (services/dataset_versions.h): its source and how.
        if (const std::optional<VersionOrigin> origin = source_in(workspace, d.path)) {
          const DatasetRecord source = api_.datasets.ensure(s.user.name, origin->source, record_kind(workspace, origin->source));
          item["source"] = QJsonObject{{"id", source.id}, {"name", QFileInfo(source.path).fileName()}};
          item["made_by"] = origin->made_by;
        }
        out.append(item);
      }
      return QHttpServerResponse(out);
    });
  });
  api_.route("/api/datasets", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) { return upload(request, s); });
  });
  api_.route("/api/datasets/<arg>/report", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_dataset(id, request, false, [&](const ApiSession&, const DatasetRecord& d) {
      try {
        const data::ValidationReport report = check(d.path).report;
        remember_check(d.path, summary(report));
        return QHttpServerResponse(report_json(report));
      } catch (const std::exception& e) {
        remember_check(d.path, unreadable(e));
        return error(HttpStatus::BadRequest, "unreadable", e);
      }
    });
  });
  api_.route("/api/datasets/<arg>/convert", HttpMethod::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_dataset(id, request, true, [&](const ApiSession& s, const DatasetRecord& d) { return convert(d, request, s); });
  });
  api_.route("/api/datasets/<arg>/clean", HttpMethod::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_dataset(id, request, true, [&](const ApiSession& s, const DatasetRecord& d) { return clean(d, request, s); });
  });
  api_.route("/api/datasets/<arg>/diff", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_dataset(id, request, false, [&](const ApiSession& s, const DatasetRecord& d) { return diff(d, request, s); });
  });
  api_.route("/api/cleaning", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession&) {
      QJsonArray conversions;
      for (const data::cleaning::ScriptConversion& c : data::cleaning::script_conversions())
        conversions.append(QJsonObject{{"name", c.name}, {"description", c.description}});
      return QHttpServerResponse(QJsonObject{{"conversions", conversions}});
    });
  });
}

// A version's rows against its source's, or against ?against=ID (services/dataset_versions.h).
QHttpServerResponse DatasetsController::diff(const DatasetRecord& dataset, const QHttpServerRequest& request, const ApiSession& s) {
  const Workspace workspace = api_.workspace(s.user.name);
  QString before;
  if (const QString against = QUrlQuery(request.url()).queryItemValue("against"); !against.isEmpty()) {
    const std::optional<DatasetRecord> other = api_.visible_dataset(against, s);
    if (!other) return error(HttpStatus::NotFound, "not_found", "no dataset '" + against + "'");
    before = other->path;
  } else if (const std::optional<VersionOrigin> origin = source_in(workspace, dataset.path)) {
    before = origin->source;
  } else {
    return error(HttpStatus::NotFound, "not_found",
                 "dataset '" + dataset.id + "' is not a version of another file; name one with ?against=ID");
  }
  try {
    const nlohmann::json diff = version_diff(before, dataset.path, kChangesShown);
    QJsonObject out = QJsonDocument::fromJson(QByteArray::fromStdString(diff.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))).object();
    out["before"] = to_json(api_.datasets.ensure(s.user.name, before, record_kind(workspace, before)), workspace);
    return QHttpServerResponse(out);
  } catch (const std::exception& e) {
    return error(HttpStatus::BadRequest, "unreadable", e);
  }
}

QHttpServerResponse DatasetsController::clean(const DatasetRecord& dataset, const QHttpServerRequest& request, const ApiSession& s) {
  const QJsonDocument body = QJsonDocument::fromJson(request.body());
  if (!body.isObject())
    return error(HttpStatus::BadRequest, "bad_request",
                 "expected JSON {\"preview\", \"trim\", \"collapse\", \"invisible\", \"width\", \"opencc\", "
                 "\"drop_duplicates\", \"dedupe\", \"mask_pii\", \"names\", \"model_type\", \"name\"} (all optional)");
  const QJsonObject o = body.object();
  const bool preview = o["preview"].toBool(false);
  const Workspace workspace = api_.workspace(s.user.name);
  try {
    const CleaningRequest asked = cleaning_request_from_json(o);
    const Checked c = check(dataset.path);
    const Cleaning done = services::clean_dataset(c.dataset, c.report, workspace.datasets_dir(), asked, !preview);
    // The first changes for the diff view; "changes_total" counts them all.
    const nlohmann::json report = data::cleaning::fix_report_json(done.result, kChangesShown);
    QJsonObject out{{"report", QJsonDocument::fromJson(QByteArray::fromStdString(report.dump())).object()}};
    if (preview) return QHttpServerResponse(out);
    out["dataset"] = to_json(api_.datasets.ensure(s.user.name, done.path, "converted"), workspace);
    out["source"] = dataset.id;
    return QHttpServerResponse(out, HttpStatus::Created);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  } catch (const std::exception& e) {
    return error(HttpStatus::InternalServerError, "cleaning_failed", e);
  }
}

}  // namespace tunedesk::services
