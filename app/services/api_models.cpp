// The base models a user trains from, over HTTP: list, add a folder, remove;
// download one from Hugging Face or ModelScope (into the workspace's models/,
// or for an administrator any folder on the server) and follow its progress;
// for administrators, the models already in the server's hub caches.
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

#include <QUuid>

#include "services/api_server.h"
#include "services/http_helpers.h"
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

// The folder `requested` names for `user`; throws ServiceError("model.outside_workspace") when it may not.
QString ApiServer::requested_path(const QString& requested, const User& user, const Workspace& workspace) {
  const QString clean = QDir::cleanPath(requested);
  if (QDir::isAbsolutePath(requested) && user.role == Role::admin) return clean;
  const auto outside = [&] {
    return ServiceError("model.outside_workspace", {requested.toStdString(), workspace.root().toStdString()});
  };
  QString relative = requested;
  if (QDir::isAbsolutePath(requested)) {
    if (!clean.startsWith(workspace.root() + "/")) throw outside();
    relative = clean.mid(workspace.root().size() + 1);
  }
  try {
    return workspace.resolve(relative);  // ".." and links that lead out are refused
  } catch (const ServiceError&) {
    throw outside();
  }
}

QJsonObject ApiServer::download_json(const HubDownload& d, const Session& session) const {
  const Workspace workspace(data_dir_, session.user.name);
  const QString folder = d.folder.startsWith(workspace.root() + "/") ? d.folder.mid(workspace.root().size() + 1) : d.folder;
  QJsonObject o{{"id", d.id},
                {"repo", d.repo},
                {"source", d.source},
                {"folder", folder},
                {"state", d.state},
                {"bytes_done", d.progress.bytes_done},
                {"bytes_total", d.progress.bytes_total},
                {"bytes_per_second", d.progress.bytes_per_second},
                {"seconds_left", d.progress.seconds_left()},
                {"files_done", d.progress.files_done},
                {"files_total", d.progress.files_total}};
  if (d.state == "failed")
    o["error"] = QJsonObject{{"message", d.failure.message}, {"kind", d.failure.kind}, {"args", QJsonArray::fromStringList(d.failure.args)}};
  if (!d.model.isEmpty()) o["model"] = d.model;
  return o;
}

void ApiServer::add_model_routes() {
  using Method = QHttpServerRequest::Method;
  http_.route("/api/models", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      QJsonArray out;
      for (const BaseModel& m : models_.list(s.user.name)) out.append(to_json(m));
      return QHttpServerResponse(out);
    });
  });
  http_.route("/api/models", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["path"].isString() || o["path"].toString().trimmed().isEmpty() ||
          (o.contains("name") && !o["name"].isString()))
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"path\": \"FOLDER\", \"name\": \"NAME\"} (name optional; a relative path is inside your workspace)");
      const Workspace workspace(data_dir_, s.user.name);
      QString folder;
      try {
        folder = requested_path(o["path"].toString().trimmed(), s.user, workspace);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Forbidden, "outside_workspace", e);
      }
      try {
        return QHttpServerResponse(to_json(models_.add(s.user.name, folder, o["name"].toString())), HttpStatus::Created);
      } catch (const ServiceError& e) {
        const bool taken = e.kind() == "model.already_listed" || e.kind() == "model.name_taken";
        return taken ? error(HttpStatus::Conflict, "conflict", e) : error(HttpStatus::BadRequest, "not_a_model", e);
      }
    });
  });
  // Downloads: {"repo": "OWNER/NAME", "source": "hf"|"modelscope", "revision", "folder"} (all but repo optional).
  http_.route("/api/models/downloads", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["repo"].isString())
        return error(HttpStatus::BadRequest, "bad_request",
                     "expected JSON {\"repo\": \"OWNER/NAME\", \"source\": \"hf\" or \"modelscope\", \"revision\", \"folder\"} "
                     "(all but repo optional; the folder is models/NAME in your workspace by default)");
      auto d = std::make_shared<HubDownload>();
      DownloadRequest r;
      try {
        r.repo = make_hub_repo(parse_hub_kind(o["source"].toString("hf")), o["repo"].toString(), o["revision"].toString());
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
      const Workspace workspace(data_dir_, s.user.name);
      const QString asked = o["folder"].toString().trimmed();
      try {
        r.folder = requested_path(asked.isEmpty() ? "models/" + r.repo.id.section('/', -1) : asked, s.user, workspace);
      } catch (const ServiceError& e) {
        return error(HttpStatus::Forbidden, "outside_workspace", e);
      }
      for (const auto& other : downloads_)
        if (other->state == "running" && other->folder == r.folder)
          return error(HttpStatus::Conflict, "conflict", "a download into " + asked + " is running already");
      QDir().mkpath(QFileInfo(r.folder).absolutePath());
      d->id = QUuid::createUuid().toString(QUuid::WithoutBraces).left(8);
      d->owner = s.user.name;
      d->repo = r.repo.id;
      d->source = r.repo.kind == HubKind::huggingface ? "hf" : "modelscope";
      d->folder = r.folder;
      d->runner = std::make_unique<ModelDownload>(r);
      HubDownload* raw = d.get();
      ModelDownload* runner = d->runner.get();  // the connections' context: they end with it
      QObject::connect(runner, &ModelDownload::progress, runner, [raw](const DownloadProgress& p) { raw->progress = p; });
      QObject::connect(runner, &ModelDownload::finished, runner, [this, raw](const QString& folder) {
        raw->runner.release()->deleteLater();
        try {
          raw->model = models_.add(raw->owner, folder).name;
          raw->state = "done";
        } catch (const std::exception& e) {
          raw->state = "failed";
          raw->failure = {QString::fromStdString(e.what()), {}, {}};
          if (const auto t = error_template(e)) raw->failure = {raw->failure.message, t->kind, t->args};
        }
      });
      QObject::connect(runner, &ModelDownload::failed, runner, [raw](const DownloadFailure& f) {
        raw->runner.release()->deleteLater();
        raw->state = "failed";
        raw->failure = f;
      });
      downloads_.insert(d->id, d);
      d->runner->start();
      return QHttpServerResponse(download_json(*d, s), HttpStatus::Accepted);
    });
  });
  http_.route("/api/models/downloads", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      QJsonArray out;
      for (const auto& d : downloads_)
        if (d->owner == s.user.name) out.append(download_json(*d, s));
      return QHttpServerResponse(out);
    });
  });
  http_.route("/api/models/downloads/<arg>/cancel", Method::Post, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const auto d = downloads_.value(id);
      if (!d || d->owner != s.user.name) return error(HttpStatus::NotFound, "not_found", "no download '" + id + "'");
      if (d->runner) d->runner->cancel();
      return QHttpServerResponse(download_json(*d, s));
    });
  });
  // The server's hub caches are server folders: for administrators.
  http_.route("/api/models/cached", Method::Get, [this](const QHttpServerRequest& request) {
    return with_admin(request, false, [&](const Session&) {
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
  http_.route("/api/models/<arg>", Method::Delete, [this](const QString& name, const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      const std::optional<BaseModel> model = models_.find(s.user.name, name);
      if (!model) return error(HttpStatus::NotFound, "not_found", "no base model '" + name + "' (see GET /api/models)");
      if (model->builtin)
        return error(HttpStatus::Forbidden, "forbidden", ServiceError("model.not_yours", {model->name.toStdString()}));
      models_.remove(s.user.name, model->path);
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
