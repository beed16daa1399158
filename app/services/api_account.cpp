// The signed-in user's own account over HTTP: API keys (list, create, revoke)
// and a new password. Keys are managed from a signed-in browser (session and
// CSRF token), not with a key: a leaked key must not be able to make others
// that outlive its revocation.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api_server.h"
#include "services/http_helpers.h"
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

void ApiServer::add_account_routes() {
  using Method = QHttpServerRequest::Method;
  route("/api/keys", Method::Get, [this](const QHttpServerRequest& request) {
    return with_session(request, false, [&](const Session& s) {
      QJsonArray out;
      for (const ApiKey& key : keys_.list(s.user.name)) out.append(to_json(key));
      return QHttpServerResponse(out);
    });
  });
  route("/api/keys", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      if (s.by_api_key) return keys_need_a_session();
      const QString key = keys_.create(s.user.name);
      for (const ApiKey& k : keys_.list(s.user.name))
        if (key.startsWith(k.id)) {
          QJsonObject out = to_json(k);
          out["key"] = key;  // the only time it is shown
          return QHttpServerResponse(out, HttpStatus::Created);
        }
      return error(HttpStatus::InternalServerError, "key_lost", "the new key was not stored");
    });
  });
  route("/api/keys/<arg>", Method::Delete, [this](const QString& id, const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
      if (s.by_api_key) return keys_need_a_session();
      if (!keys_.revoke(s.user.name, id)) return error(HttpStatus::NotFound, "not_found", "no API key '" + id + "' among yours");
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });

  route("/api/password", Method::Post, [this](const QHttpServerRequest& request) {
    return with_session(request, true, [&](const Session& s) {
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
      const LoginOutcome outcome = accounts_.login(s.user.name, o["current"].toString());
      if (outcome.result == LoginResult::locked) return locked_out(outcome.retry_after_s, "wrong passwords");
      // 403, not 401: the session is fine, and a 401 would send the browser to the sign-in page.
      if (outcome.result != LoginResult::ok)
        return error(HttpStatus::Forbidden, "wrong_password", ServiceError("account.wrong_password", {}));
      accounts_.set_password(s.user.name, o["new"].toString());
      end_sessions(s.user.name, request);  // signed in elsewhere with the old password: signed out
      return QHttpServerResponse(HttpStatus::NoContent);
    });
  });
}

}  // namespace tunedesk::services
