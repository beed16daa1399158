// The dataset endpoints of the API: upload (multipart), list, the
// validation report, conversion to training JSONL.
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <exception>

#include "data/dataset_reader.h"
#include "data/validator.h"
#include "services/api_server.h"
#include "data/cleaning/chinese_script.h"
#include "data/cleaning/fix_report.h"
#include "services/dataset_cleaning.h"
#include "services/dataset_conversion.h"
#include "services/dataset_versions.h"
#include "services/http_helpers.h"
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

}  // namespace

void ApiServer::remember_check(const QString& path, const QJsonObject& summary) {
  const QFileInfo info(path);
  checks_.insert(path, {info.size(), info.lastModified(), summary});
}

QJsonObject ApiServer::check_summary(const QString& path, qint64 check_up_to) {
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

std::optional<DatasetRecord> ApiServer::visible_dataset(const QString& id, const Session& session) const {
  std::optional<DatasetRecord> d = datasets_.find(id);
  // Another user's dataset is answered like one that does not exist; so is a file deleted since.
  if (!d || d->owner != session.user.name || !QFileInfo(d->path).isFile()) return std::nullopt;
  return d;
}

QHttpServerResponse ApiServer::upload_dataset(const QHttpServerRequest& request, const Session& s) {
  if (request.body().size() > kMaxUploadBytes)
    return error(HttpStatus::PayloadTooLarge, "too_large",
                 QString("uploads are limited to %1 MiB").arg(kMaxUploadBytes >> 20));
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
  Workspace workspace(data_dir_, s.user.name);
  const QString path = workspace.store_upload(file->file_name, file->data);  // kept exactly as sent
  const DatasetRecord record = datasets_.ensure(s.user.name, path, "upload");
  QJsonObject out = to_json(record, workspace);
  out["check"] = check_summary(path, kMaxUploadBytes);
  return QHttpServerResponse(out, HttpStatus::Created);
}

QHttpServerResponse ApiServer::convert_dataset(const DatasetRecord& dataset, const QHttpServerRequest& request,
                                               const Session& s) {
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
  Workspace workspace(data_dir_, s.user.name);
  try {
    const Checked c = check(dataset.path);
    const Conversion done = services::convert_dataset(c.dataset, c.report, workspace.datasets_dir(), conversion);
    QJsonObject out = to_json(datasets_.ensure(s.user.name, done.path, "converted"), workspace);
    out["train_rows"] = static_cast<qint64>(done.result.train_rows);
    out["val_rows"] = static_cast<qint64>(done.result.val_rows);
    if (!done.result.val_path.empty())
      out["val_dataset"] = to_json(datasets_.ensure(s.user.name, QString::fromStdString(done.result.val_path.string()), "converted"), workspace);
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

void ApiServer::add_dataset_routes() {
  using Method = QHttpServerRequest::Method;
  route("/api/datasets", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      Workspace workspace(data_dir_, s.user.name);
      QJsonArray out;
      for (const DatasetRecord& d : datasets_.list(workspace, s.user.name)) {
        QJsonObject item = to_json(d, workspace);
        if (const QJsonObject c = check_summary(d.path, kListCheckBytes); !c.isEmpty()) item["check"] = c;
        // A version made from another of the user's files (services/dataset_versions.h): its source and how.
        if (const std::optional<VersionOrigin> origin = source_in(workspace, d.path)) {
          const DatasetRecord source = datasets_.ensure(s.user.name, origin->source, record_kind(workspace, origin->source));
          item["source"] = QJsonObject{{"id", source.id}, {"name", QFileInfo(source.path).fileName()}};
          item["made_by"] = origin->made_by;
        }
        out.append(item);
      }
      return QHttpServerResponse(out);
    });
  });
  route("/api/datasets", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) { return upload_dataset(request, s); });
  });
  route("/api/datasets/<arg>/report", Method::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      const std::optional<DatasetRecord> d = visible_dataset(id, s);
      if (!d) return error(HttpStatus::NotFound, "not_found", "no dataset '" + id + "'");
      try {
        const data::ValidationReport report = check(d->path).report;
        remember_check(d->path, summary(report));
        return QHttpServerResponse(report_json(report));
      } catch (const std::exception& e) {
        remember_check(d->path, unreadable(e));
        return error(HttpStatus::BadRequest, "unreadable", e);
      }
    });
  });
  route("/api/datasets/<arg>/convert", Method::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const std::optional<DatasetRecord> d = visible_dataset(id, s);
      if (!d) return error(HttpStatus::NotFound, "not_found", "no dataset '" + id + "'");
      return convert_dataset(*d, request, s);
    });
  });
  // Cleaning into a new version (services/dataset_cleaning.h): {"preview": true} lists what would change.
  route("/api/datasets/<arg>/clean", Method::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const std::optional<DatasetRecord> d = visible_dataset(id, s);
      if (!d) return error(HttpStatus::NotFound, "not_found", "no dataset '" + id + "'");
      return clean_dataset(*d, request, s);
    });
  });
  // A version's rows against its source's, or against ?against=ID (services/dataset_versions.h).
  route("/api/datasets/<arg>/diff", Method::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      const std::optional<DatasetRecord> d = visible_dataset(id, s);
      if (!d) return error(HttpStatus::NotFound, "not_found", "no dataset '" + id + "'");
      const Workspace workspace(data_dir_, s.user.name);
      QString before;
      if (const QString against = QUrlQuery(request.url()).queryItemValue("against"); !against.isEmpty()) {
        const std::optional<DatasetRecord> other = visible_dataset(against, s);
        if (!other) return error(HttpStatus::NotFound, "not_found", "no dataset '" + against + "'");
        before = other->path;
      } else if (const std::optional<VersionOrigin> origin = source_in(workspace, d->path)) {
        before = origin->source;
      } else {
        return error(HttpStatus::NotFound, "not_found", "dataset '" + id + "' is not a version of another file; name one with ?against=ID");
      }
      try {
        const nlohmann::json diff = version_diff(before, d->path, kCleaningChangesShown);
        QJsonObject out = QJsonDocument::fromJson(QByteArray::fromStdString(diff.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))).object();
        out["before"] = to_json(datasets_.ensure(s.user.name, before, record_kind(workspace, before)), workspace);
        return QHttpServerResponse(out);
      } catch (const std::exception& e) {
        return error(HttpStatus::BadRequest, "unreadable", e);
      }
    });
  });
  // What the cleaning offers that the page cannot know: OpenCC's conversions.
  route("/api/cleaning", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session&) {
      QJsonArray conversions;
      for (const data::cleaning::ScriptConversion& c : data::cleaning::script_conversions())
        conversions.append(QJsonObject{{"name", c.name}, {"description", c.description}});
      return QHttpServerResponse(QJsonObject{{"conversions", conversions}});
    });
  });
}

QHttpServerResponse ApiServer::clean_dataset(const DatasetRecord& dataset, const QHttpServerRequest& request, const Session& s) {
  const QJsonDocument body = QJsonDocument::fromJson(request.body());
  if (!body.isObject())
    return error(HttpStatus::BadRequest, "bad_request",
                 "expected JSON {\"preview\", \"trim\", \"collapse\", \"invisible\", \"width\", \"opencc\", "
                 "\"drop_duplicates\", \"dedupe\", \"mask_pii\", \"names\", \"model_type\", \"name\"} (all optional)");
  const QJsonObject o = body.object();
  const bool preview = o["preview"].toBool(false);
  Workspace workspace(data_dir_, s.user.name);
  try {
    const CleaningRequest asked = cleaning_request_from_json(o);
    const Checked c = check(dataset.path);
    const Cleaning done = services::clean_dataset(c.dataset, c.report, workspace.datasets_dir(), asked, !preview);
    // The first changes for the diff view; "changes_total" counts them all.
    const nlohmann::json report = data::cleaning::fix_report_json(done.result, kCleaningChangesShown);
    QJsonObject out{{"report", QJsonDocument::fromJson(QByteArray::fromStdString(report.dump())).object()}};
    if (preview) return QHttpServerResponse(out);
    out["dataset"] = to_json(datasets_.ensure(s.user.name, done.path, "converted"), workspace);
    out["source"] = dataset.id;
    return QHttpServerResponse(out, HttpStatus::Created);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  } catch (const std::exception& e) {
    return error(HttpStatus::InternalServerError, "cleaning_failed", e);
  }
}

}  // namespace tunedesk::services
