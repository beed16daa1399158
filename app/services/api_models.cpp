// The base models a user trains from, over HTTP: list, add a folder, remove.
// Which folders a request may name: a relative path is inside the user's
// workspace ("exports/j4f9a21c/model"); an absolute one may be anywhere on
// the server for an administrator and must be inside the workspace for anyone
// else, so that a browser user cannot register (or probe) the server's other
// folders. Removing takes a model off the list and leaves its folder.
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api_server.h"
#include "services/http_helpers.h"
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

// The folder `requested` names for `user`; throws ServiceError("model.outside_workspace") when it may not.
QString requested_folder(const QString& requested, const User& user, const Workspace& workspace) {
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

}  // namespace

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
        folder = requested_folder(o["path"].toString().trimmed(), s.user, workspace);
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
