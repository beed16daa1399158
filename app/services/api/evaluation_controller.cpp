// A finished job against its base model, over HTTP: start the comparison
// (both models answer the run's held-out rows, or a dataset the user names;
// in the background, one engine task at a time with exports), follow it,
// cancel it, and read the result the run keeps (evaluation.json), as JSON or
// as a CSV/JSONL download.
//   POST /api/jobs/{id}/evaluation          {"dataset": ID or uploads/NAME, "max_new_tokens": N} (both optional) → 202
//   GET  /api/jobs/{id}/evaluation/status   {"state": none|running|done|failed|cancelled, "done", "total", "error"}
//   POST /api/jobs/{id}/evaluation/cancel
//   GET  /api/jobs/{id}/evaluation[?format=csv|jsonl]
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

#include "services/api/api_controllers.h"
#include "services/engine_bridge.h"
#include "services/api/http_helpers.h"
#include "training/evaluation.h"

namespace tunedesk::services {
namespace {

QJsonObject status_json(const QString& state, std::size_t done, std::size_t total, const QJsonObject& error = {}) {
  QJsonObject o{{"state", state}, {"done", static_cast<qint64>(done)}, {"total", static_cast<qint64>(total)}};
  if (!error.isEmpty()) o["error"] = error["error"];
  return o;
}

}  // namespace

EvaluationController::EvaluationController(ApiContext& api) : api_(api) {
  api_.route("/api/jobs/<arg>/evaluation", HttpMethod::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, true, [&](const ApiSession& s, const Job& job) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if ((!request.body().trimmed().isEmpty() && !body.isObject()) || (o.contains("dataset") && !o["dataset"].isString()) ||
          (o.contains("max_new_tokens") && (!o["max_new_tokens"].isDouble() || o["max_new_tokens"].toInt() < 1 ||
                                            o["max_new_tokens"].toInt() > 4096)))
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"dataset\": \"ID or uploads/NAME\", \"max_new_tokens\": 1..4096} (both optional; "
                     "without a dataset, the rows the run held out)");
      if (is_augmentation(job))
        return error(HttpStatus::Conflict, "conflict", QString("job %1 is an augmentation; it has candidate rows, not a model to evaluate").arg(id));
      if (job.status != JobStatus::completed)
        return error(HttpStatus::Conflict, "conflict", QString("job %1 is %2; only a completed job can be evaluated").arg(id, status_name(job.status)));
      if (const auto running = running_.value(id); running && running->state == "running")
        return error(HttpStatus::Conflict, "conflict", "job " + id + " is being evaluated already");
      EvaluationSpec spec;
      if (const QString asked = o["dataset"].toString().trimmed(); !asked.isEmpty()) {
        const QString file = api_.dataset_file(asked, s);
        if (file.isEmpty()) return error(HttpStatus::NotFound, "not_found", "no dataset '" + asked + "'");
        spec.data = file.toStdString();
      }
      spec.max_new_tokens = o["max_new_tokens"].toInt(128);
      auto run = std::make_shared<Running>();
      running_.insert(id, run);
      spec.cancel = &run->cancel;
      spec.progress = [run](std::size_t done, std::size_t total) {
        run->done = done;
        run->total = total;
      };
      const std::string source = job.output.toStdString();
      api_.engine_tasks.start([&api = api_, run, source, spec] {
        QJsonObject failure;
        try {
          engine_bridge().compare_with_base(source, spec);
        } catch (const std::exception& e) {
          if (!run->cancel) failure = error_body("evaluation_failed", e);
        }
        QMetaObject::invokeMethod(&api.server_thread(), [run, failure] {
          run->state = run->cancel ? "cancelled" : failure.isEmpty() ? "done" : "failed";
          run->error = failure;
        });
      });
      return QHttpServerResponse(status_json("running", 0, 0), HttpStatus::Accepted);
    });
  });
  api_.route("/api/jobs/<arg>/evaluation/status", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, false, [&](const ApiSession&, const Job&) {
      const auto run = running_.value(id);
      if (!run) return QHttpServerResponse(status_json("none", 0, 0));
      return QHttpServerResponse(status_json(run->state, run->done, run->total, run->error));
    });
  });
  api_.route("/api/jobs/<arg>/evaluation/cancel", HttpMethod::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, true, [&](const ApiSession&, const Job&) {
      const auto run = running_.value(id);
      if (!run || run->state != "running") return error(HttpStatus::Conflict, "conflict", "job " + id + " is not being evaluated");
      run->cancel = true;
      return QHttpServerResponse(status_json(run->state, run->done, run->total));
    });
  });
  // The comparison the run keeps: JSON, or ?format=csv|jsonl to download the table.
  api_.route("/api/jobs/<arg>/evaluation", HttpMethod::Get, [this](const QString& id, const QHttpServerRequest& request) {
    return api_.with_job(id, request, false, [&](const ApiSession&, const Job& job) {
      std::optional<training::Evaluation> kept;
      try {
        kept = training::load_evaluation(job.output.toStdString());
      } catch (const std::exception& e) {
        return error(HttpStatus::InternalServerError, "broken_evaluation", QString::fromStdString(e.what()));
      }
      if (!kept) return error(HttpStatus::NotFound, "not_found", "job '" + id + "' has no evaluation yet");
      const training::Evaluation& evaluation = *kept;
      const QString format = QUrlQuery(request.url()).queryItemValue("format");
      const auto download = [&](const std::string& text, const QByteArray& type, const char* suffix) {
        QHttpServerResponse r(type, QByteArray::fromStdString(text));
        r.setHeader("Content-Disposition", "attachment; filename=\"" + id.toUtf8() + "-evaluation." + suffix + "\"");
        return r;
      };
      if (format == "csv") return download(training::evaluation_csv(evaluation), "text/csv; charset=utf-8", "csv");
      if (format == "jsonl") return download(training::evaluation_jsonl(evaluation), "application/jsonl; charset=utf-8", "jsonl");
      if (!format.isEmpty()) return error(HttpStatus::BadRequest, "bad_request", "format is csv or jsonl (or none, for JSON)");
      return QHttpServerResponse("application/json", QByteArray::fromStdString(training::evaluation_json(evaluation).dump()));
    });
  });
}

void EvaluationController::cancel_all() {
  for (const auto& run : running_) run->cancel = true;
}

}  // namespace tunedesk::services
