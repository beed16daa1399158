// The base models a user trains from, over HTTP: list, add a folder, remove;
// download one from Hugging Face or ModelScope (into the workspace's models/,
// or for an administrator any folder on the server) and follow its progress;
// for administrators, the models already in the server's hub caches:
//   GET|POST /api/models, DELETE /api/models/{name}      the list; {"path": FOLDER, "name"} → 201
//   GET|POST /api/models/downloads, POST /api/models/downloads/{id}/cancel|resume
//   GET /api/models/cached                               (administrators)
// Which folders a request may name: a relative path is inside the user's
// workspace ("exports/j4f9a21c/model"); an absolute one may be anywhere on
// the server for an administrator and must be inside the workspace for anyone
// else, so that a browser user cannot register (or probe) the server's other
// folders. Removing takes a model off the list and leaves its folder.
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/model_caches.h"
#include "services/service_error.h"
#include "services/workspace.h"

namespace tunedesk::services {
namespace {

QJsonObject to_json(const BaseModel& m) {
  return QJsonObject{{"name", m.name},
                     {"path", m.path},
                     {"architecture", m.architecture},
                     {"parameters", m.parameters},
                     {"chat_template", m.chat_template},
                     {"builtin", m.builtin}};
}

}  // namespace

QJsonObject ModelsController::download_json(const DownloadStatus& d, const ApiSession& session) const {
  const Workspace workspace = api_.workspace(session.user.name);
  const DownloadRecord& r = d.record;
  const QString folder = r.folder.startsWith(workspace.root() + "/") ? r.folder.mid(workspace.root().size() + 1) : r.folder;
  QJsonObject o{{"id", r.id},
                {"repo", r.repo},
                {"source", r.source},
                {"revision", r.revision},
                {"folder", folder},
                {"state", download_state_name(r.state)},
                {"bytes_done", r.bytes_done},
                {"bytes_total", r.bytes_total},
                {"bytes_per_second", d.bytes_per_second},
                {"seconds_left", d.seconds_left},
                {"files_done", r.files_done},
                {"files_total", r.files_total},
                {"created", r.created.toString(Qt::ISODate)}};
  if (!r.error.isEmpty())
    o["error"] = QJsonObject{{"message", r.error}, {"kind", r.error_kind}, {"args", QJsonArray::fromStringList(r.error_args)}};
  if (!r.model.isEmpty()) o["model"] = r.model;
  return o;
}

ModelsController::ModelsController(ApiContext& api) : api_(api) {
  api_.route("/api/models", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) {
      QJsonArray out;
      for (const BaseModel& m : api_.models.list(s.user.name)) out.append(to_json(m));
      return QHttpServerResponse(out);
    });
  });
  api_.route("/api/models", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["path"].isString() || o["path"].toString().trimmed().isEmpty() ||
          (o.contains("name") && !o["name"].isString()))
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"path\": \"FOLDER\", \"name\": \"NAME\"} (name optional; a relative path is inside your workspace)");
      const Workspace workspace = api_.workspace(s.user.name);
      QString folder;
      try {
        folder = ApiContext::requested_path(o["path"].toString().trimmed(), s.user, workspace);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Forbidden, "outside_workspace", e);
      }
      try {
        return QHttpServerResponse(to_json(api_.models.add(s.user.name, folder, o["name"].toString())), HttpStatus::Created);
      } catch (const ServiceError& e) {
        const bool taken = e.kind() == "model.already_listed" || e.kind() == "model.name_taken";
        return taken ? error(HttpStatus::Conflict, "conflict", e) : error(HttpStatus::BadRequest, "not_a_model", e);
      }
    });
  });
  // Downloads: {"repo": "OWNER/NAME", "source": "hf"|"modelscope", "revision", "folder"} (all but repo optional).
  api_.route("/api/models/downloads", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["repo"].isString())
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"repo\": \"OWNER/NAME\", \"source\": \"hf\" or \"modelscope\", \"revision\", \"folder\"} "
                     "(all but repo optional; the folder is models/NAME in your workspace by default)");
      HubRepo repo;
      try {
        repo = make_hub_repo(parse_hub_kind(o["source"].toString("hf")), o["repo"].toString(), o["revision"].toString());
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
      const Workspace workspace = api_.workspace(s.user.name);
      const QString asked = o["folder"].toString().trimmed();
      QString folder;
      try {
        folder = ApiContext::requested_path(asked.isEmpty() ? "models/" + repo.id.section('/', -1) : asked, s.user, workspace);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Forbidden, "outside_workspace", e);
      }
      try {
        return QHttpServerResponse(download_json(api_.downloads.start(s.user.name, repo, folder), s), HttpStatus::Accepted);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Conflict, "conflict", e);
      }
    });
  });
  api_.route("/api/models/downloads", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_session(request, false, [&](const ApiSession& s) {
      QJsonArray out;
      for (const DownloadStatus& d : api_.downloads.list(s.user.name)) out.append(download_json(d, s));
      return QHttpServerResponse(out);
    });
  });
  // Cancel keeps what was fetched; resume (a failed, cancelled or interrupted one) fetches what is missing.
  api_.route("/api/models/downloads/<arg>/<arg>", HttpMethod::Post,
              [this](const QString& id, const QString& action, const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) {
      const std::optional<DownloadStatus> d = api_.downloads.find(id);
      if (!d || d->record.owner != s.user.name) return error(HttpStatus::NotFound, "not_found", "no download '" + id + "'");
      if (action == "cancel") {
        if (!api_.downloads.cancel(id)) return error(HttpStatus::Conflict, "conflict", "download '" + id + "' is not running");
      } else if (action == "resume") {
        try {
          if (!api_.downloads.resume(id))
            return error(HttpStatus::Conflict, "conflict", "download '" + id + "' is " + download_state_name(d->record.state));
        } catch (const ServiceError& e) {
          return error(HttpStatus::Conflict, "conflict", e);
        }
      } else {
        return error(HttpStatus::NotFound, "not_found", "no action '" + action + "' (cancel or resume)");
      }
      return QHttpServerResponse(download_json(*api_.downloads.find(id), s));
    });
  });
  // The server's hub caches are server folders: for administrators.
  api_.route("/api/models/cached", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    return api_.with_admin(request, false, [&](const ApiSession&) {
      QJsonArray out;
      for (const CachedModel& m : find_cached_models()) {
        QJsonObject o = to_json(m.model);
        o["id"] = m.id;
        o["source"] = m.hub == HubKind::huggingface ? "hf" : "modelscope";
        out.append(o);
      }
      return QHttpServerResponse(out);
    });
  });
  api_.route("/api/models/<arg>", HttpMethod::Delete, [this](const QString& name, const QHttpServerRequest& request) {
    return api_.with_session(request, true, [&](const ApiSession& s) {
      const std::optional<BaseModel> model = api_.models.find(s.user.name, name);
      if (!model) return error(HttpStatus::NotFound, "not_found", "no base model '" + name + "' (see GET /api/models)");
      if (model->builtin)
        return error(HttpStatus::Forbidden, "forbidden", ServiceError("model.not_yours", {model->name.toStdString()}));
      api_.models.remove(s.user.name, model->path);
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
