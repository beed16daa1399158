#include "services/api/api_sessions.h"

#include <QJsonArray>
#include <QRandomGenerator>

#include "data/dataset_reader.h"
#include "services/api/http_helpers.h"

namespace tunedesk::services {
namespace {

constexpr QByteArrayView kCookieName = "tunedesk_session";

// 256 random bits, URL-safe.
QString random_token() {
  QByteArray bytes(32, '\0');
  QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                       reinterpret_cast<quint32*>(bytes.data() + bytes.size()));
  return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QString session_token(const QHttpServerRequest& request) {
  for (const QByteArray& part : header(request, "Cookie").split(';')) {
    const QByteArray kv = part.trimmed();
    if (kv.startsWith(kCookieName) && kv.mid(kCookieName.size()).startsWith('='))
      return QString::fromLatin1(kv.mid(kCookieName.size() + 1));
  }
  return {};
}

bool csrf_matches(const QHttpServerRequest& request, const ApiSession& session) {
  return QString::fromLatin1(header(request, "X-CSRF-Token")) == session.csrf;
}

}  // namespace

QByteArray ApiSessions::cookie(const QString& token, int max_age) const {
  return QString("%1=%2; HttpOnly; SameSite=Strict; Path=/; Max-Age=%3%4")
      .arg(kCookieName.toByteArray(), token)
      .arg(max_age)
      .arg(secure_ ? "; Secure" : "")
      .toLatin1();
}

const ApiSession* ApiSessions::find(const QHttpServerRequest& request) {
  const QString token = session_token(request);
  auto it = by_token_.find(token);
  if (token.isEmpty() || it == by_token_.end()) return nullptr;
  if (it->expires < QDateTime::currentDateTimeUtc()) {
    by_token_.erase(it);
    return nullptr;
  }
  return &*it;
}

std::optional<ApiSession> ApiSessions::authorize(const QHttpServerRequest& request, bool write, ApiRefusal& refusal) {
  const QByteArray authorization = header(request, "Authorization");
  if (!authorization.isEmpty()) {
    // A program with an API key: no cookie, so no cross-site form can forge it and no CSRF token is needed.
    const QByteArray scheme = "Bearer ";
    const std::optional<QString> owner =
        authorization.startsWith(scheme) ? keys_.owner_of(QString::fromLatin1(authorization.mid(scheme.size()).trimmed()))
                                         : std::nullopt;
    const std::optional<User> user = owner ? accounts_.find(*owner) : std::nullopt;
    if (!user) {
      refusal = {HttpStatus::Unauthorized, "invalid_api_key", "unknown or revoked API key (Authorization: Bearer KEY)"};
      return std::nullopt;
    }
    return ApiSession{*user, QString(), QDateTime::currentDateTimeUtc().addSecs(60), true};
  }
  const ApiSession* s = find(request);
  if (!s) {
    refusal = {HttpStatus::Unauthorized, "unauthorized", "log in first (POST /api/login) or send an API key"};
    return std::nullopt;
  }
  // Browser writes carry the token from the login answer: a cookie alone could come from another site's form.
  if (write && !csrf_matches(request, *s)) {
    refusal = {HttpStatus::Forbidden, "csrf", "missing or wrong X-CSRF-Token header (from the login answer)"};
    return std::nullopt;
  }
  return *s;
}

QHttpServerResponse ApiSessions::sign_in(const User& user) {
  // Always a new random token: a session id an attacker planted in the browser beforehand is never one of ours.
  const QString token = random_token();
  const ApiSession session{user, random_token(), QDateTime::currentDateTimeUtc().addSecs(lifetime_s_)};
  by_token_.insert(token, session);
  QHttpServerResponse response(to_json(session));
  response.setHeader("Set-Cookie", cookie(token, lifetime_s_));
  return response;
}

QHttpServerResponse ApiSessions::sign_out(const QHttpServerRequest& request) {
  if (const ApiSession* s = find(request); s && !csrf_matches(request, *s))
    return error(HttpStatus::Forbidden, "csrf", "missing or wrong X-CSRF-Token header (from the login answer)");
  by_token_.remove(session_token(request));
  QHttpServerResponse response(QJsonObject{{"ok", true}});
  response.setHeader("Set-Cookie", cookie(QString(), 0));
  return response;
}

void ApiSessions::end_others(const QString& user, const QHttpServerRequest& request) {
  const QString own = session_token(request);
  for (auto it = by_token_.begin(); it != by_token_.end();)
    it = it->user.name == user && it.key() != own ? by_token_.erase(it) : std::next(it);
}

void ApiSessions::update(const User& user) {
  for (ApiSession& s : by_token_)
    if (s.user.name == user.name) s.user = user;
}

QJsonObject ApiSessions::to_json(const ApiSession& session) {
  QJsonArray suffixes;  // the files the upload form offers
  for (const std::string& suffix : data::dataset_file_suffixes()) suffixes.append(QString::fromStdString(suffix));
  return QJsonObject{{"username", session.user.name},
                     {"role", role_name(session.user.role)},
                     {"csrf_token", session.csrf},
                     {"expires", session.expires.toString(Qt::ISODate)},
                     {"dataset_suffixes", suffixes}};
}

}  // namespace tunedesk::services
