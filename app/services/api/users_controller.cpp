// The accounts over HTTP, for administrators: list, create, change (a new
// password, another role), remove:
//   GET|POST /api/users, PUT|DELETE /api/users/{name}
// Anyone else gets 403; removing a user or setting their password ends their
// sessions (a removed user's API keys stop working with the account).
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

QJsonObject to_json(const User& u) {
  return QJsonObject{{"username", u.name}, {"role", role_name(u.role)}, {"created", u.created.toString(Qt::ISODate)}};
}

}  // namespace

UsersController::UsersController(ApiContext& api) {
  api.route("/api/users", HttpMethod::Get, [&api](const QHttpServerRequest& request) {
    return api.with_admin(request, false, [&](const ApiSession&) {
      QJsonArray out;
      for (const User& u : api.accounts.users()) out.append(to_json(u));
      return QHttpServerResponse(out);
    });
  });
  api.route("/api/users", HttpMethod::Post, [&api](const QHttpServerRequest& request) {
    return api.with_admin(request, true, [&](const ApiSession&) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["username"].isString() || !o["password"].isString())
        return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"username\", \"password\", \"role\": \"user\"|\"admin\"}");
      const std::optional<Role> role = parse_role(o["role"].toString("user"));
      if (!role) return error(HttpStatus::BadRequest, "bad_request", "role must be user or admin");
      const QString name = o["username"].toString();
      if (api.accounts.find(name)) return error(HttpStatus::Conflict, "exists", "a user '" + name + "' exists already");
      try {
        return QHttpServerResponse(to_json(api.accounts.create_user(name, o["password"].toString(), *role)), HttpStatus::Created);
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
    });
  });
  api.route("/api/users/<arg>", HttpMethod::Put, [&api](const QString& name, const QHttpServerRequest& request) {
    return api.with_admin(request, true, [&](const ApiSession&) {
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      const bool password = o["password"].isString(), role = o["role"].isString();
      if (!body.isObject() || (!password && !role) || (o.contains("password") && !password) || (o.contains("role") && !role))
        return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"password\": \"...\", \"role\": \"user\"|\"admin\"} (either or both)");
      const std::optional<Role> new_role = role ? parse_role(o["role"].toString()) : std::nullopt;
      if (role && !new_role) return error(HttpStatus::BadRequest, "bad_request", "role must be user or admin");
      if (!api.accounts.find(name)) return error(HttpStatus::NotFound, "not_found", "no user '" + name + "'");
      try {  // all or nothing: the password is checked before the role changes
        if (password) check_new_password(o["password"].toString());
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
      try {
        if (new_role) api.accounts.set_role(name, *new_role);
      } catch (const ServiceError& e) {  // the last administrator
        return error(HttpStatus::Conflict, "conflict", e);
      }
      if (password) {
        api.accounts.set_password(name, o["password"].toString());
        api.sessions.end_others(name, request);
      }
      const User changed = *api.accounts.find(name);
      api.sessions.update(changed);  // a new role takes effect at once
      return QHttpServerResponse(to_json(changed));
    });
  });
  api.route("/api/users/<arg>", HttpMethod::Delete, [&api](const QString& name, const QHttpServerRequest& request) {
    return api.with_admin(request, true, [&](const ApiSession&) {
      if (!api.accounts.find(name)) return error(HttpStatus::NotFound, "not_found", "no user '" + name + "'");
      try {
        api.accounts.remove_user(name);
      } catch (const ServiceError& e) {  // the last administrator
        return error(HttpStatus::Conflict, "conflict", e);
      }
      api.sessions.end_others(name, request);
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
