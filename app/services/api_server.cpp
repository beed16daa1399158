#include "services/api_server.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

#include "services/data_dir.h"

namespace tunedesk::services {
namespace {

using Status = QHttpServerResponder::StatusCode;

QHttpServerResponse error(Status status, const QString& code, const QString& message) {
  return QHttpServerResponse(QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}}, status);
}

QString random_token() {
  QByteArray bytes(32, '\0');
  QRandomGenerator::system()->generate(reinterpret_cast<quint32*>(bytes.data()),
                                       reinterpret_cast<quint32*>(bytes.data() + bytes.size()));
  return QString::fromLatin1(bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
}

QByteArray header(const QHttpServerRequest& request, const QByteArray& name) {
  for (const auto& [key, value] : request.headers())
    if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
  return {};
}

QString cookie(const QHttpServerRequest& request, const QByteArray& name) {
  for (const QByteArray& part : header(request, "Cookie").split(';')) {
    const QByteArray kv = part.trimmed();
    if (kv.startsWith(name + "=")) return QString::fromLatin1(kv.mid(name.size() + 1));
  }
  return {};
}


}  // namespace

ApiServer::ApiServer(const QString& data_dir, JobRunner& runner)
    : data_dir_(data_dir),
      runner_(runner),
      accounts_(database_path(data_dir)),
      jobs_(database_path(data_dir)),
      models_(database_path(data_dir)) {
  add_routes();
}

quint16 ApiServer::listen(const QHostAddress& address, quint16 port) { return http_.listen(address, port); }

const ApiServer::Session* ApiServer::session_of(const QHttpServerRequest& request) {
  const QString token = cookie(request, "tunedesk_session");
  auto it = sessions_.find(token);
  if (token.isEmpty() || it == sessions_.end()) return nullptr;
  if (it->expires < QDateTime::currentDateTimeUtc()) {
    sessions_.erase(it);
    return nullptr;
  }
  return &*it;
}

void ApiServer::add_routes() {
  using Method = QHttpServerRequest::Method;

  http_.route("/api/login", Method::Post, [this](const QHttpServerRequest& request) {
    const QJsonDocument body = QJsonDocument::fromJson(request.body());
    const QJsonObject o = body.object();
    if (!body.isObject() || !o["username"].isString() || !o["password"].isString())
      return error(Status::BadRequest, "bad_request", "expected JSON {\"username\": \"...\", \"password\": \"...\"}");
    const LoginOutcome outcome = accounts_.login(o["username"].toString(), o["password"].toString());
    if (outcome.result == LoginResult::locked) {
      QHttpServerResponse response = error(Status::TooManyRequests, "locked",
                                           QString("too many failed logins; try again in %1 s").arg(outcome.retry_after_s));
      response.setHeader("Retry-After", QByteArray::number(outcome.retry_after_s));
      return response;
    }
    if (outcome.result != LoginResult::ok) return error(Status::Unauthorized, "unauthorized", "wrong user name or password");
    const QString token = random_token();
    Session session{*outcome.user, random_token(), QDateTime::currentDateTimeUtc().addSecs(kSessionHours * 3600)};
    sessions_.insert(token, session);
    QHttpServerResponse response(QJsonObject{{"username", session.user.name},
                                             {"role", role_name(session.user.role)},
                                             {"csrf_token", session.csrf},
                                             {"expires", session.expires.toString(Qt::ISODate)}});
    response.setHeader("Set-Cookie", QString("tunedesk_session=%1; HttpOnly; SameSite=Strict; Path=/; Max-Age=%2")
                                         .arg(token)
                                         .arg(kSessionHours * 3600)
                                         .toLatin1());
    return response;
  });

  http_.route("/api/logout", Method::Post, [this](const QHttpServerRequest& request) {
    sessions_.remove(cookie(request, "tunedesk_session"));
    QHttpServerResponse response(QJsonObject{{"ok", true}});
    response.setHeader("Set-Cookie", "tunedesk_session=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
    return response;
  });

  http_.route("/api/jobs", Method::Get, [this](const QHttpServerRequest& request) {
    const Session* s = session_of(request);
    if (!s) return error(Status::Unauthorized, "unauthorized", "log in first (POST /api/login)");
    QJsonArray out;
    for (const Job& j : jobs_.list(s->user.role == Role::admin ? QString() : s->user.name)) out.append(to_json(j));
    return QHttpServerResponse(out);
  });

  http_.route("/api/jobs/<arg>", Method::Get, [this](const QString& id, const QHttpServerRequest& request) {
    const Session* s = session_of(request);
    if (!s) return error(Status::Unauthorized, "unauthorized", "log in first (POST /api/login)");
    const std::optional<Job> job = jobs_.find(id);
    // Another user's job is answered like one that does not exist.
    if (!job || (job->owner != s->user.name && s->user.role != Role::admin))
      return error(Status::NotFound, "not_found", "no job '" + id + "'");
    return QHttpServerResponse(to_json(*job));
  });

  const auto job_action = [this](const QString& id, const QHttpServerRequest& request, bool cancel) {
    const Session* s = session_of(request);
    if (!s) return error(Status::Unauthorized, "unauthorized", "log in first (POST /api/login)");
    if (QString::fromLatin1(header(request, "X-CSRF-Token")) != s->csrf)
      return error(Status::Forbidden, "csrf", "missing or wrong X-CSRF-Token header (from the login answer)");
    const std::optional<Job> job = jobs_.find(id);
    if (!job || (job->owner != s->user.name && s->user.role != Role::admin))
      return error(Status::NotFound, "not_found", "no job '" + id + "'");
    const bool done = cancel ? runner_.cancel(id) : runner_.resume(id);
    if (!done)
      return error(Status::Conflict, "conflict",
                   QString("job %1 is %2; it cannot be %3").arg(id, status_name(job->status), cancel ? "cancelled" : "resumed"));
    return QHttpServerResponse(to_json(*jobs_.find(id)));
  };
  http_.route("/api/jobs/<arg>/cancel", Method::Post,
              [job_action](const QString& id, const QHttpServerRequest& r) { return job_action(id, r, true); });
  http_.route("/api/jobs/<arg>/resume", Method::Post,
              [job_action](const QString& id, const QHttpServerRequest& r) { return job_action(id, r, false); });

  http_.route("/v1/models", Method::Get, [this](const QHttpServerRequest& request) {
    const Session* s = session_of(request);
    if (!s) return error(Status::Unauthorized, "unauthorized", "log in first (POST /api/login)");
    QJsonArray data;
    for (const BaseModel& m : models_.list(s->user.name))
      data.append(QJsonObject{{"id", m.name}, {"object", "model"}, {"owned_by", m.builtin ? "tunedesk" : s->user.name},
                              {"architecture", m.architecture}, {"parameters", m.parameters}});
    return QHttpServerResponse(QJsonObject{{"object", "list"}, {"data", data}});
  });

  http_.setMissingHandler([](const QHttpServerRequest& request, QHttpServerResponder&& responder) {
    const QJsonObject body{{"error", QJsonObject{{"code", "not_found"},
                                                 {"message", "no such endpoint: " + request.url().path()}}}};
    responder.write(QJsonDocument(body), Status::NotFound);
  });
}

}  // namespace tunedesk::services
