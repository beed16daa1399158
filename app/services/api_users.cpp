// The accounts over HTTP, for administrators: list, create, remove.
// Anyone else gets 403; removing a user ends their sessions (their API keys
// stop working with the account).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api_server.h"
#include "services/http_helpers.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

QJsonObject to_json(const User& u) {
  return QJsonObject{{"username", u.name}, {"role", role_name(u.role)}, {"created", u.created.toString(Qt::ISODate)}};
}

}  // namespace

QHttpServerResponse ApiServer::with_admin(const QHttpServerRequest& request, bool write,
                                         const std::function<QHttpServerResponse(const Session&)>& handle) {
  return with_session(request, write, [&](const Session& s) {
    if (s.user.role != Role::admin)
      return error(HttpStatus::Forbidden, "forbidden", "only administrators manage accounts");
    return handle(s);
  });
}

void ApiServer::add_user_routes() {
  using Method = QHttpServerRequest::Method;
  http_.route("/api/users", Method::Get, [this](const QHttpServerRequest& request) {
    return with_admin(request, false, [&](const Session&) {
      QJsonArray out;
      for (const User& u : accounts_.users()) out.append(to_json(u));
      return QHttpServerResponse(out);
    });
  });
  http_.route("/api/users", Method::Post, [this](const QHttpServerRequest& request) {
    return with_admin(request, true, [&](const Session&) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["username"].isString() || !o["password"].isString())
        return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"username\", \"password\", \"role\": \"user\"|\"admin\"}");
      const std::optional<Role> role = parse_role(o["role"].toString("user"));
      if (!role) return error(HttpStatus::BadRequest, "bad_request", "role must be user or admin");
      const QString name = o["username"].toString();
      if (accounts_.find(name)) return error(HttpStatus::Conflict, "exists", "a user '" + name + "' exists already");
      try {
        return QHttpServerResponse(to_json(accounts_.create_user(name, o["password"].toString(), *role)), HttpStatus::Created);
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", QString::fromUtf8(e.what()));
      }
    });
  });
  http_.route("/api/users/<arg>", Method::Delete, [this](const QString& name, const QHttpServerRequest& request) {
    return with_admin(request, true, [&](const Session&) {
      if (!accounts_.find(name)) return error(HttpStatus::NotFound, "not_found", "no user '" + name + "'");
      try {
        accounts_.remove_user(name);
      } catch (const ServiceError& e) {  // the last administrator
        return error(HttpStatus::Conflict, "conflict", QString::fromUtf8(e.what()));
      }
      for (auto it = sessions_.begin(); it != sessions_.end();)
        it = it->user.name == name ? sessions_.erase(it) : std::next(it);
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
