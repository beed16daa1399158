// The signed-in user's own account over HTTP: API keys (list, create, revoke)
// and a new password. Keys are managed from a signed-in browser (session and
// CSRF token), not with a key: a leaked key must not be able to make others
// that outlive its revocation.
//   GET|POST /api/keys, DELETE /api/keys/{id}   a new key is in the answer once
//   POST /api/password                          {"current", "new"}: the user's other sessions end
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

QJsonObject to_json(const ApiKey& key) {
  return QJsonObject{{"id", key.id}, {"created", key.created.toString(Qt::ISODate)}};
}

QHttpServerResponse keys_need_a_session() {
  return error(HttpStatus::Forbidden, "forbidden", "API keys are managed from a signed-in session (POST /api/login), not with a key");
}

}  // namespace

AccountController::AccountController(ApiContext& api) {
  api.route("/api/keys", HttpMethod::Get, [&api](const QHttpServerRequest& request) {
    return api.with_session(request, false, [&](const ApiSession& s) {
      QJsonArray out;
      for (const ApiKey& key : api.keys.list(s.user.name)) out.append(to_json(key));
      return QHttpServerResponse(out);
    });
  });
  api.route("/api/keys", HttpMethod::Post, [&api](const QHttpServerRequest& request) {
    return api.with_session(request, true, [&](const ApiSession& s) {
      if (s.by_api_key) return keys_need_a_session();
      const QString key = api.keys.create(s.user.name);
      for (const ApiKey& k : api.keys.list(s.user.name))
        if (key.startsWith(k.id)) {
          QJsonObject out = to_json(k);
          out["key"] = key;  // the only time it is shown
          return QHttpServerResponse(out, HttpStatus::Created);
        }
      return error(HttpStatus::InternalServerError, "key_lost", "the new key was not stored");
    });
  });
  api.route("/api/keys/<arg>", HttpMethod::Delete, [&api](const QString& id, const QHttpServerRequest& request) {
    return api.with_session(request, true, [&](const ApiSession& s) {
      if (s.by_api_key) return keys_need_a_session();
      if (!api.keys.revoke(s.user.name, id)) return error(HttpStatus::NotFound, "not_found", "no API key '" + id + "' among yours");
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });

  api.route("/api/password", HttpMethod::Post, [&api](const QHttpServerRequest& request) {
    return api.with_session(request, true, [&](const ApiSession& s) {
      if (s.by_api_key)
        return error(HttpStatus::Forbidden, "forbidden", "a password is changed from a signed-in session, not with an API key");
      const QJsonDocument body = QJsonDocument::fromJson(request.body());
      const QJsonObject o = body.object();
      if (!body.isObject() || !o["current"].isString() || !o["new"].isString())
        return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"current\": \"...\", \"new\": \"...\"}");
      try {
        check_new_password(o["new"].toString());
      } catch (const ServiceError& e) {
        return error(HttpStatus::BadRequest, "bad_request", e);
      }
      // The current password is checked like a login: the same back-off stops guessing through here.
      const LoginOutcome outcome = api.accounts.login(s.user.name, o["current"].toString());
      if (outcome.result == LoginResult::locked) return locked_out(outcome.retry_after_s, "wrong passwords");
      // 403, not 401: the session is fine, and a 401 would send the browser to the sign-in page.
      if (outcome.result != LoginResult::ok)
        return error(HttpStatus::Forbidden, "wrong_password", ServiceError("account.wrong_password", {}));
      api.accounts.set_password(s.user.name, o["new"].toString());
      api.sessions.end_others(s.user.name, request);  // signed in elsewhere with the old password: signed out
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
