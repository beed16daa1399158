// The accounts over HTTP, for administrators: list, create, change (a new
// password, another role), remove. Anyone else gets 403; removing a user or
// setting their password ends their sessions (a removed user's API keys stop
// working with the account).
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
  route("/api/users", Method::Get, [this](const QHttpServerRequest& request) {
    return with_admin(request, false, [&](const Session&) {
      QJsonArray out;
      for (const User& u : accounts_.users()) out.append(to_json(u));
      return QHttpServerResponse(out);
    });
  });
  route("/api/users", Method::Post, [this](const QHttpServerRequest& request) {
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
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
    });
  });
  route("/api/users/<arg>", Method::Put, [this](const QString& name, const QHttpServerRequest& request) {
    return with_admin(request, true, [&](const Session&) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      const bool password = o["password"].isString(), role = o["role"].isString();
      if (!body.isObject() || (!password && !role) || (o.contains("password") && !password) || (o.contains("role") && !role))
        return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"password\": \"...\", \"role\": \"user\"|\"admin\"} (either or both)");
      const std::optional<Role> new_role = role ? parse_role(o["role"].toString()) : std::nullopt;
      if (role && !new_role) return error(HttpStatus::BadRequest, "bad_request", "role must be user or admin");
      if (!accounts_.find(name)) return error(HttpStatus::NotFound, "not_found", "no user '" + name + "'");
      try {  // all or nothing: the password is checked before the role changes
        if (password) check_new_password(o["password"].toString());
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
      try {
        if (new_role) accounts_.set_role(name, *new_role);
      } catch (const ServiceError& e) {  // the last administrator
        return error(HttpStatus::Conflict, "conflict", e);
      }
      if (password) {
        accounts_.set_password(name, o["password"].toString());
        end_sessions(name, request);
      }
      for (Session& s : sessions_)  // a new role takes effect at once
        if (s.user.name == name) s.user = *accounts_.find(name);
      return QHttpServerResponse(to_json(*accounts_.find(name)));
    });
  });
  route("/api/users/<arg>", Method::Delete, [this](const QString& name, const QHttpServerRequest& request) {
    return with_admin(request, true, [&](const Session&) {
      if (!accounts_.find(name)) return error(HttpStatus::NotFound, "not_found", "no user '" + name + "'");
      try {
        accounts_.remove_user(name);
      } catch (const ServiceError& e) {  // the last administrator
        return error(HttpStatus::Conflict, "conflict", e);
      }
      end_sessions(name, request);
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
