// Growing a dataset with a model over HTTP (services/dataset_augmentation.h):
// queue the job, follow it as any job (GET /api/jobs/{id}: rows done of rows,
// "candidates" in its metrics; POST /api/jobs/{id}/cancel stops it), read the
// candidates, and write the reviewed ones with the source's rows into a new version.
//   POST /api/datasets/{id}/augment  {"model": NAME or JOB, "kind", "per_row", "model_type", "temperature",
//                                     "seed", "limit", "max_new_tokens", "prompt"} → 201, the job
//   GET  /api/augmentation           {"templates": {"paraphrase": {MODEL TYPE: TEXT}, "pairs": {…}}}: to edit
//   GET  /api/jobs/{id}/candidates   {"job", "status", "dataset", "candidates": [{"index", "question", "answer", …}]}
//   POST /api/jobs/{id}/candidates   {"accepted": [{"index", "question"?, "answer"?}], "name"?} → 201
//                                    {"dataset", "source_rows", "generated_rows"}
#include <QJsonArray>
#include <QJsonDocument>

#include "services/api/api_controllers.h"
#include "services/dataset_augmentation.h"
#include "services/api/http_helpers.h"
#include "services/job_submission.h"
#include "services/service_error.h"

namespace tunedesk::services {

AugmentationController::AugmentationController(ApiContext& api) {
  api.route("/api/datasets/<arg>/augment", HttpMethod::Post, [&api](const QString& id, const QHttpServerRequest& request) {
    return api.with_dataset(id, request, true, [&](const ApiSession& s, const DatasetRecord& d) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["model"].isString())
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"model\": \"a base model's name or a finished job's id\", \"kind\": "
                     "\"paraphrase|pairs\", \"per_row\", \"model_type\", \"temperature\", \"seed\", \"limit\", "
                     "\"max_new_tokens\"} (all but model optional)");
      // The model that writes: a base model of the user's list or a fine-tuned job (as for chat).
      const QString model = api.chat_model_path(o["model"].toString(), s);
      if (model.isEmpty())
        return error(HttpStatus::BadRequest, "bad_request", "unknown model '" + o["model"].toString() + "' (see GET /v1/models)");
      try {
        const Job job = checked_augmentation_job({s.user.name, d.path, model, augmentation_options_from_json(o)});
        return QHttpServerResponse(to_json(api.runner.submit(job, api.workspace(s.user.name).runs_dir())), HttpStatus::Created);
      } catch (const std::exception& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
    });
  });
  // The built-in prompt templates, for the panel to show and edit.
  api.route("/api/augmentation", HttpMethod::Get, [&api](const QHttpServerRequest& request) {
    return api.with_session(request, false, [&](const ApiSession&) {
      try {
        return QHttpServerResponse(QJsonObject{{"templates", augmentation_templates_json()}});
      } catch (const std::exception& e) {
        return error(HttpStatus::InternalServerError, "broken_templates", e);
      }
    });
  });
  api.route("/api/jobs/<arg>/candidates", HttpMethod::Get, [&api](const QString& id, const QHttpServerRequest& request) {
    return api.with_job(id, request, false, [&](const ApiSession& s, const Job& job) {
      try {
        QJsonArray candidates;
        for (const Candidate& c : read_candidates(job)) candidates.append(to_json(c));
        const DatasetRecord source = api.datasets.ensure(s.user.name, job.dataset, "upload");
        return QHttpServerResponse(QJsonObject{{"job", job.id},
                                               {"status", status_name(job.status)},
                                               {"dataset", source.id},
                                               {"candidates", candidates}});
      } catch (const ServiceError& e) {
        return error(HttpStatus::Conflict, "conflict", e);
      }
    });
  });
  api.route("/api/jobs/<arg>/candidates", HttpMethod::Post, [&api](const QString& id, const QHttpServerRequest& request) {
    return api.with_job(id, request, true, [&](const ApiSession& s, const Job& job) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      if (!body.isObject() || (body.object().contains("name") && !body.object()["name"].isString()))
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"accepted\": [{\"index\", \"question\", \"answer\"}], \"name\"} (edits and name optional)");
      try {
        check_reviewable(job);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Conflict, "conflict", e);
      }
      const Workspace workspace = api.workspace(s.user.name);
      try {
        const AugmentedVersion done = accept_candidates(job, accepted_from_json(body.object()), workspace.datasets_dir(),
                                                        body.object()["name"].toString());
        return QHttpServerResponse(QJsonObject{{"dataset", to_json(api.datasets.ensure(s.user.name, done.path, "converted"), workspace)},
                                               {"source_rows", static_cast<qint64>(done.source_rows)},
                                               {"generated_rows", static_cast<qint64>(done.generated_rows)}},
                                   HttpStatus::Created);
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      } catch (const std::exception& e) {
        return error(HttpStatus::InternalServerError, "augmentation_failed", e);
      }
    });
  });
}

}  // namespace tunedesk::services
