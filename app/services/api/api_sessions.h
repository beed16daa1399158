// Who is asking the API: a browser's session (a cookie, and for writes the
// CSRF token of its login answer) or a program's API key (Authorization:
// Bearer). Sessions live in memory: a restart signs everyone out.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

#include <optional>

#include "services/account_store.h"
#include "services/api_keys.h"

namespace tunedesk::services {

struct ApiSession {
  User user;
  QString csrf;
  QDateTime expires;
  bool by_api_key = false;  // a program's request (Authorization: Bearer), not a signed-in browser
};

// Why a request may not go on: the error answer's status, code and message.
struct ApiRefusal {
  QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Unauthorized;
  QString code, message;
};

class ApiSessions {
 public:
  ApiSessions(const AccountStore& accounts, const ApiKeyStore& keys) : accounts_(accounts), keys_(keys) {}

  static constexpr int kDefaultHours = 12;
  void set_lifetime(int seconds) { lifetime_s_ = seconds; }
  // Over TLS the cookie is Secure: the browser then never sends it over plain HTTP.
  void set_secure_cookies(bool secure) { secure_ = secure; }

  // The session of a request's cookie, or nothing when absent or expired.
  const ApiSession* find(const QHttpServerRequest& request);
  // Who is asking: a session cookie (writes also need its CSRF token) or an
  // API key. Fills `refusal` (401/403) when neither will do.
  std::optional<ApiSession> authorize(const QHttpServerRequest& request, bool write, ApiRefusal& refusal);

  // A new session for `user`: the cookie and the answer of /api/login.
  QHttpServerResponse sign_in(const User& user);
  // Ends the request's session on the server (POST /api/logout), with its CSRF token when it is alive.
  QHttpServerResponse sign_out(const QHttpServerRequest& request);
  // Ends `user`'s sessions but the one `request` came with (a new password, a removed account).
  void end_others(const QString& user, const QHttpServerRequest& request);
  // A changed account (a new role) takes effect in its sessions at once.
  void update(const User& user);

  // What /api/login, /api/setup and /api/session answer about a session.
  static QJsonObject to_json(const ApiSession& session);

 private:
  QByteArray cookie(const QString& token, int max_age) const;  // max_age 0 clears it

  const AccountStore& accounts_;
  const ApiKeyStore& keys_;
  QHash<QString, ApiSession> by_token_;
  int lifetime_s_ = kDefaultHours * 3600;
  bool secure_ = false;
};

}  // namespace tunedesk::services
