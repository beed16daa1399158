// The browser UI: one page and its script, style and libraries (Bootstrap,
// Chart.js, marked: Debian's, copied in at build time and compiled into the
// program — nothing comes from the network), plus GET /api/session, with
// which a reloaded page finds its session and CSRF token again, and the
// first-run setup of the administrator account.
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>

#include "services/api_server.h"
#include "services/http_helpers.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

QByteArray mime_type(const QString& name) {
  const QString suffix = QFileInfo(name).suffix();
  if (suffix == "html") return "text/html; charset=utf-8";
  if (suffix == "js") return "text/javascript; charset=utf-8";
  if (suffix == "css") return "text/css; charset=utf-8";
  if (suffix == "svg") return "image/svg+xml";
  if (suffix == "yaml") return "text/yaml; charset=utf-8";
  return "application/octet-stream";
}

// A file of the compiled-in web folder; 404 for anything else (names are single path segments).
QHttpServerResponse web_file(const QString& name) {
  QFile file(":/web/" + name);
  if (name.contains("..") || !file.open(QIODevice::ReadOnly))
    return error(HttpStatus::NotFound, "not_found", "no such file: " + name);
  QHttpServerResponse response(mime_type(name), file.readAll());
  response.setHeader("Cache-Control", "no-cache");
  response.setHeader("X-Content-Type-Options", "nosniff");
  return response;
}

}  // namespace

void ApiServer::add_web_routes() {
  using Method = QHttpServerRequest::Method;
  http_.route("/", Method::Get, [] {
    QHttpServerResponse page = web_file("index.html");
    // The page runs only its own scripts and talks only to this server.
    page.setHeader("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    return page;
  });
  http_.route("/login", Method::Get, [] { return web_file("index.html"); });  // the seed system's address
  http_.route("/static/<arg>", Method::Get, [](const QString& name) { return web_file(name); });
  http_.route("/static/vendor/<arg>", Method::Get, [](const QString& name) { return web_file("vendor/" + name); });
  http_.route("/static/configs/<arg>", Method::Get, [](const QString& name) { return web_file("configs/" + name); });
  http_.route("/api/setup", Method::Post, [this](const QHttpServerRequest& request) { return first_run_setup(request); });
  http_.route("/api/session", Method::Get, [this](const QHttpServerRequest& request) {
    const Session* s = session_of(request);
    if (!s && !accounts_.has_users())
      return error(HttpStatus::Unauthorized, "first_run", "no account exists yet: create the administrator (POST /api/setup)");
    if (!s) return error(HttpStatus::Unauthorized, "unauthorized", "not signed in");
    return QHttpServerResponse(session_json(*s));
  });
}

// The first start in a browser, as the desktop's first-run dialog: while no
// account exists, whoever opens the page (on 127.0.0.1 by default) creates
// the administrator with a password of their choosing, then is signed in.
QHttpServerResponse ApiServer::first_run_setup(const QHttpServerRequest& request) {
  if (accounts_.has_users())
    return error(HttpStatus::Forbidden, "forbidden", "the administrator exists already; sign in (POST /api/login)");
  const QJsonObject o = QJsonDocument::fromJson(request.body()).object();
  if (!o["username"].isString() || !o["password"].isString())
    return error(HttpStatus::BadRequest, "bad_request", "expected JSON {\"username\": \"...\", \"password\": \"...\"}");
  try {
    accounts_.create_user(o["username"].toString(), o["password"].toString(), Role::admin);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
  return sign_in(*accounts_.find(o["username"].toString()));
}

}  // namespace tunedesk::services
