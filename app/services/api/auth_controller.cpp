// Signing in and out, and what comes before it:
//   POST /api/login    {"username", "password"} → session cookie (HttpOnly, SameSite=Strict)
//                      and a CSRF token for browser writes; programs send `Authorization: Bearer KEY` instead
//   POST /api/logout   ends the session on the server
//   GET  /api/session  who is signed in: a reloaded page finds its session and CSRF token again
//   GET  /api/server   TLS or not, reachable from the network or not, first run (the sign-in page says so)
//   POST /api/setup    the first administrator, while there is no account
//                      (from this machine, or with the setup code: first_run_access.h)
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

// From this machine itself (first_run_access.h), not through a proxy.
bool local_request(const QHttpServerRequest& request) {
  return is_local_request(request.remoteAddress(),
                          !header(request, "Forwarded").isEmpty() || !header(request, "X-Forwarded-For").isEmpty());
}

}  // namespace

AuthController::AuthController(ApiContext& api) : api_(api) {
  api_.route("/api/login", HttpMethod::Post, [this](const QHttpServerRequest& request) {
    if (auto refused = unless_json(request)) return std::move(*refused);
    const QJsonDocument body = QJsonDocument::fromJson(request.body());
    const QJsonObject o = body.object();
    if (!body.isObject() || !o["username"].isString() || !o["password"].isString())
      return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"username\": \"...\", \"password\": \"...\"}");
    const LoginOutcome outcome = api_.accounts.login(o["username"].toString(), o["password"].toString());
    if (outcome.result == LoginResult::locked) return locked_out(outcome.retry_after_s, "failed logins");
    if (outcome.result != LoginResult::ok) return error(HttpStatus::Unauthorized, "unauthorized", "wrong user name or password");
    return api_.sessions.sign_in(*outcome.user);
  });
  // A live session's logout needs its CSRF token, as every other write.
  api_.route("/api/logout", HttpMethod::Post, [this](const QHttpServerRequest& request) { return api_.sessions.sign_out(request); });
  api_.route("/api/setup", HttpMethod::Post, [this](const QHttpServerRequest& request) { return first_run_setup(request); });
  api_.route("/api/server", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    const bool first_run = !api_.accounts.has_users();
    return QHttpServerResponse(QJsonObject{{"tls", api_.tls},
                                           {"beyond_loopback", api_.beyond_loopback},
                                           {"first_run", first_run},
                                           {"setup_code_required", first_run && !local_request(request)}});
  });
  api_.route("/api/session", HttpMethod::Get, [this](const QHttpServerRequest& request) {
    const ApiSession* s = api_.sessions.find(request);
    if (!s && !api_.accounts.has_users())
      return error(HttpStatus::Unauthorized, "first_run", "no account exists yet: create the administrator (POST /api/setup)");
    if (!s) return error(HttpStatus::Unauthorized, "unauthorized", "not signed in");
    return QHttpServerResponse(ApiSessions::to_json(*s));
  });
}

QString AuthController::setup_code() const { return api_.accounts.has_users() ? QString() : setup_code_.text(); }

// The first start in a browser, as the desktop's first-run dialog: while no
// account exists, the administrator is created with a password of their
// choosing, then signed in. From this machine as it is; from elsewhere only
// with the setup code `serve` printed (first_run_access.h).
QHttpServerResponse AuthController::first_run_setup(const QHttpServerRequest& request) {
  if (api_.accounts.has_users())
    return error(HttpStatus::Forbidden, "forbidden", "the administrator exists already; sign in (POST /api/login)");
  if (auto refused = unless_json(request)) return std::move(*refused);
  const QJsonObject o = QJsonDocument::fromJson(request.body()).object();
  if (!local_request(request)) {
    switch (setup_code_.check(o["setup_code"].toString())) {
      case SetupCode::Check::accepted: break;
      case SetupCode::Check::wrong:
        return error(HttpStatus::Forbidden, "setup_code", ServiceError("server.setup_code_wrong", {}));
      case SetupCode::Check::used_up:
        return error(HttpStatus::Forbidden, "setup_code", ServiceError("server.setup_code_used_up", {}));
    }
  }
  if (!o["username"].isString() || !o["password"].isString())
    return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"username\": \"...\", \"password\": \"...\"}");
  try {
    api_.accounts.create_user(o["username"].toString(), o["password"].toString(), Role::admin);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
  setup_code_.spend();
  return api_.sessions.sign_in(*api_.accounts.find(o["username"].toString()));
}

}  // namespace tunedesk::services
