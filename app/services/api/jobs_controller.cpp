// Training jobs over HTTP:
//   GET  /api/jobs                     the user's jobs (an admin's: everyone's)
//   POST /api/jobs                     {"dataset": ID or "uploads/x.csv", "base_model": NAME,
//                                      "method", "model_type", "yaml"} → 201 and the job
//   GET  /api/jobs/{id}                one job; another user's is 404
//   GET  /api/jobs/{id}/metrics        every logged step, for charts
//   POST /api/jobs/{id}/cancel         (browser: X-CSRF-Token)
//   POST /api/jobs/{id}/resume
//   GET  /api/compare?jobs=ID,ID       runs compared: their loss series and the settings that differ
//   POST /api/lengths                  {"dataset", "base_model", "model_type", "method", "yaml"}: the rows in
//                                      tokens against the limits, and whether the run fits in memory
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <variant>

#include <nlohmann/json.hpp>

#include "data/dataset_reader.h"
#include "data/model_types.h"
#include "data/validator.h"
#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/job_submission.h"
#include "training/memory_estimate.h"
#include "training/run_comparison.h"
#include "training/run_config.h"

namespace tunedesk::services {
namespace {

// The series for charts: every logged step of a run's metrics.jsonl, in order.
QJsonArray metrics_series(const QString& run_dir) {
  QJsonArray series;
  QFile file(QDir(run_dir).filePath("metrics.jsonl"));
  if (file.open(QIODevice::ReadOnly))
    for (const QByteArray& line : file.readAll().split('\n'))
      if (const QJsonDocument d = QJsonDocument::fromJson(line); d.isObject()) series.append(d.object());
  return series;
}

}  // namespace

JobsController::JobsController(ApiContext& api) : api_(api) {
  api_.route("/api/jobs", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) {
      QJsonArray out;
      for (const Job& j : api_.jobs.list_visible(s.user)) out.append(to_json(j));
      return QHttpServerResponse(out);
    });
  });
  api_.route("/api/jobs/<arg>", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, false, [](const ApiSession&, const Job& job) { return QHttpServerResponse(to_json(job)); });
  });
  const auto act = [this](const QString& id, const QHttpServerRequest& request, bool cancel) {
    return api_.with_job(id, request, true, [&](const ApiSession&, const Job& job) {
      if (!(cancel ? api_.runner.cancel(id) : api_.runner.resume(id)))
        return error(HttpStatus::Conflict, "conflict",
                     QString("job %1 is %2; it cannot be %3").arg(id, status_name(job.status), cancel ? "cancelled" : "resumed"));
      return QHttpServerResponse(to_json(*api_.jobs.find(id)));
    });
  };
  api_.route("/api/jobs/<arg>/cancel", HttpMethod::Post, [act](const QString& id, const QHttpServerRequest& r) { return act(id, r, true); });
  api_.route("/api/jobs/<arg>/resume", HttpMethod::Post, [act](const QString& id, const QHttpServerRequest& r) { return act(id, r, false); });
  api_.route("/api/jobs", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) { return submit(request, s); });
  });
  api_.route("/api/compare", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) { return compare(request, s); });
  });
  // A read that needs a body; it changes nothing, so no CSRF token is asked.
  api_.route("/api/lengths", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) { return count_lengths(request, s); });
  });
  api_.route("/api/jobs/<arg>/metrics", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, false, [](const ApiSession&, const Job& job) { return QHttpServerResponse(metrics_series(job.output)); });
  });
}

std::variant<JobsController::JobRequest, QHttpServerResponse> JobsController::read_request(const QHttpServerRequest& request,
                                                                                             const ApiSession& s) const {
  const QJsonDocument body = QJsonDocument::fromJson(request.body());
  const QJsonObject o = body.object();
  const auto string_or_absent = [&](const char* key) { return !o.contains(key) || o[key].isString(); };
  if (!body.isObject() || !o["dataset"].isString() || !o["base_model"].isString() || !string_or_absent("method") ||
      !string_or_absent("model_type") || !string_or_absent("yaml"))
    return error(HttpStatus::BadRequest, "bad_request",
                 "expected JSON {\"dataset\": \"ID or uploads/NAME\", \"base_model\": \"NAME\", \"method\": "
                 "\"lora|ptuning_v2|sft\", \"model_type\": \"general\", \"yaml\": \"...\"} (all strings)");
  const QString dataset = api_.dataset_file(o["dataset"].toString(), s);
  if (dataset.isEmpty()) return error(HttpStatus::NotFound, "not_found", "no dataset '" + o["dataset"].toString() + "'");
  // The base model: one of the user's list (GET /v1/models), by name.
  const std::optional<BaseModel> base = api_.models.find(s.user.name, o["base_model"].toString());
  if (!base)
    return error(HttpStatus::BadRequest, "bad_request", "unknown base model '" + o["base_model"].toString() + "' (see GET /v1/models)");
  return JobRequest{dataset, *base, o["method"].toString(), o["model_type"].toString(), o["yaml"].toString()};
}

QHttpServerResponse JobsController::submit(const QHttpServerRequest& request, const ApiSession& s) {
  auto read = read_request(request, s);
  if (auto* refused = std::get_if<QHttpServerResponse>(&read)) return std::move(*refused);
  const JobRequest& r = std::get<JobRequest>(read);
  Job job;
  try {  // checked now, not when the job comes up (services/job_submission.h)
    job = checked_job({s.user.name, r.dataset, r.base.path, r.method, r.model_type, r.yaml});
  } catch (const std::exception& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
  return QHttpServerResponse(to_json(api_.runner.submit(job, api_.workspace(s.user.name).runs_dir())), HttpStatus::Created);
}

// Runs compared: ?jobs=ID,ID,… → each run's loss series and the settings in which their config.json differ.
QHttpServerResponse JobsController::compare(const QHttpServerRequest& request, const ApiSession& s) {
  const QStringList ids = QUrlQuery(request.url()).queryItemValue("jobs").split(',', Qt::SkipEmptyParts);
  if (ids.size() < 2 || ids.size() > 10) return error(HttpStatus::BadRequest, "bad_request", "?jobs=ID,ID,… names 2 to 10 jobs");
  QJsonArray runs;
  std::vector<nlohmann::json> configs;
  for (const QString& id : ids) {
    const std::optional<Job> job = api_.visible_job(id.trimmed(), s);
    if (!job) return error(HttpStatus::NotFound, "not_found", "no job '" + id + "'");
    runs.append(QJsonObject{{"id", job->id}, {"method", job->method}, {"status", status_name(job->status)},
                            {"series", metrics_series(job->output)}});
    QFile config(QDir(job->output).filePath("config.json"));
    configs.push_back(config.open(QIODevice::ReadOnly) ? nlohmann::json::parse(config.readAll().toStdString(), nullptr, false)
                                                       : nlohmann::json::object());
  }
  QJsonArray differences;
  for (const training::SettingDifference& d : training::differing_settings(configs)) {
    QJsonArray values;
    for (const std::string& v : d.values) values.append(QString::fromStdString(v));
    differences.append(QJsonObject{{"key", QString::fromStdString(d.key)}, {"values", values}});
  }
  return QHttpServerResponse(QJsonObject{{"jobs", runs}, {"differences", differences}});
}

// What the length limits will do to a dataset before a job starts: every row
// counted with the base model's tokenizer and chat template, as the trainer
// renders it (training::count_lengths; `data check --model --json`'s
// token_lengths); and with the job's method and settings, whether the run
// fits the device's memory ("memory": training::memory_check_to_json).
QHttpServerResponse JobsController::count_lengths(const QHttpServerRequest& request, const ApiSession& s) {
  auto read = read_request(request, s);
  if (auto* refused = std::get_if<QHttpServerResponse>(&read)) return std::move(*refused);
  const JobRequest& r = std::get<JobRequest>(read);
  try {
    training::RunConfig config = training::load_run_config_text(r.yaml.toStdString(), "yaml");
    config.model = r.base.path.toStdString();
    if (!r.method.isEmpty()) {
      const std::optional<training::Method> method = training::parse_method(r.method.toStdString());
      if (!method) return error(HttpStatus::BadRequest, "bad_request", "unknown method '" + r.method + "'");
      config.train.method = *method;
    }
    const data::ModelTypeCatalog catalog = data::ModelTypeCatalog::with_user_types();
    const std::string type_name = r.model_type.isEmpty() ? config.model_type : r.model_type.toStdString();
    const data::ModelType* type = catalog.find(type_name);
    if (!type) return error(HttpStatus::BadRequest, "bad_request", QString::fromStdString("unknown model type '" + type_name + "'"));
    const training::TruncationOptions& t = config.truncation;
    const QFileInfo file(r.dataset);
    const QString key = QStringList{r.dataset, QString::number(file.size()), file.lastModified().toString(Qt::ISODateWithMs), r.base.path,
                                    QString::fromStdString(type->instruction), QString::number(t.max_input_length),
                                    QString::number(t.max_output_length), QString::number(t.cutoff_len),
                                    QString::fromUtf8(training::overlength_name(t.overlength).data()),
                                    QString::fromStdString(config.chat_template)}
                            .join('\n');
    if (!last_lengths_ || last_lengths_->key != key) {
      const data::Dataset ds = data::read_dataset(r.dataset.toStdString());
      const data::ValidationReport report = data::validate(ds);
      last_lengths_ = CountedLengths{
          key, training::count_lengths(ds, report, r.base.path.toStdString(), type->instruction, t, config.chat_template)};
    }
    const training::LengthReport& lengths = last_lengths_->report;
    nlohmann::json out = training::length_report_to_json(lengths);
    const training::MemoryDevice device = training::memory_device_for(config.device);
    out["memory"] = training::memory_check_to_json(
        training::check_run_memory(config, lengths.kept, device, training::computes_in_bf16(config.dtype, device)));
    return QHttpServerResponse("application/json", QByteArray::fromStdString(out.dump()));
  } catch (const std::exception& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
}

}  // namespace tunedesk::services
