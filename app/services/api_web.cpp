// The browser UI: one page and its script, style and libraries (Bootstrap,
// Chart.js, marked: Debian's, copied in at build time and compiled into the
// program — nothing comes from the network), plus GET /api/session, with
// which a reloaded page finds its session and CSRF token again, GET
// /api/server, what the sign-in page says about the connection, and the
// first-run setup of the administrator account.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTranslator>

#include <optional>

#include "services/api_server.h"
#include "services/http_helpers.h"
#include "services/service_error.h"
#include "services/web_texts.h"
#include "data/finding_messages.h"
#include "training/training_settings.h"
#include "util/user_error.h"

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

// A file of the compiled-in web folder; 404 for anything else (names are
// single path segments; "." and ".." name folders, not files).
QHttpServerResponse web_file(const QString& name) {
  QFile file(":/web/" + name);
  if (name.contains("..") || !QFileInfo(file).isFile() || !file.open(QIODevice::ReadOnly))
    return error(HttpStatus::NotFound, "not_found", "no such file: " + name);
  QHttpServerResponse response(mime_type(name), file.readAll());
  response.setHeader("Cache-Control", "no-cache");
  response.setHeader("X-Content-Type-Options", "nosniff");
  return response;
}

// Each template of `table` as `translator` says it in `context`, with {1},
// {n} where Qt's have %1, %n; English where a translation is missing.
QJsonObject translated(const MessageTable& table, const char* context,
                       const QTranslator& translator) {
  static const QRegularExpression placeholder("%(\\d+|n)");
  QJsonObject out;
  for (const auto& [kind, english] : table) {
    const std::string source(english);
    const bool counted = source.find("%n") != std::string::npos;
    QString text = translator.translate(context, source.c_str(), nullptr, counted ? 2 : -1);
    if (text.isEmpty()) text = QString::fromStdString(source);
    out[QString::fromUtf8(kind.data(), static_cast<qsizetype>(kind.size()))] = text.replace(placeholder, "{\\1}");
  }
  return out;
}

// English texts as {English: translated in `context`} (English where a translation is missing).
QJsonObject translated_texts(const std::vector<std::string_view>& texts, const char* context, const QTranslator& translator) {
  QJsonObject out;
  for (const std::string_view english : texts) {
    if (english.empty()) continue;
    const std::string source(english);
    const QString text = translator.translate(context, source.c_str());
    out[QString::fromStdString(source)] = text.isEmpty() ? QString::fromStdString(source) : text;
  }
  return out;
}

// Every text of the training settings' table (labels, help, special values,
// choices): the page builds its form from GET /api/training-settings, in
// English, and says it with these.
std::vector<std::string_view> setting_texts() {
  std::vector<std::string_view> texts;
  for (const training::TrainingSetting& s : training::training_settings()) {
    texts.insert(texts.end(), {s.label, s.help, s.special});
    for (const training::SettingChoice& c : s.choices) texts.push_back(c.label);
  }
  return texts;
}

// {"errors": {kind: template}, "findings": {kind: template}, "rules": {rule: title},
// "settings": {English: text}, "page": {English: text}} in `language`
// ("zh_CN", "en"), from the compiled-in translations; nothing for a
// language without a file.
std::optional<QJsonObject> message_templates(const QString& language) {
  static QHash<QString, QJsonObject> made;  // by language: the files never change while the program runs
  if (const auto it = made.find(language); it != made.end()) return *it;
  QTranslator translator;
  const QString file = ":/i18n/tunedesk_" + language + ".qm";
  if (language.contains('/') || !QFileInfo(file).isFile() || !translator.load(file)) return std::nullopt;
  return *made.insert(language,
                      QJsonObject{{"errors", translated(user_error_templates(), kUserErrorContext, translator)},
                                  {"findings", translated(data::finding_templates(), data::kFindingContext, translator)},
                                  {"rules", translated(data::rule_titles(), data::kRuleContext, translator)},
                                  {"settings", translated_texts(setting_texts(), training::kTrainingSettingContext, translator)},
                                  {"page", translated_texts(web_texts(), kWebPageContext, translator)}});
}

}  // namespace

void ApiServer::add_web_routes() {
  using Method = QHttpServerRequest::Method;
  route("/", Method::Get, [] {
    QHttpServerResponse page = web_file("index.html");
    // The page runs only its own scripts and talks only to this server.
    page.setHeader("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    return page;
  });
  route("/login", Method::Get, [] { return web_file("index.html"); });  // the seed system's address
  route("/static/<arg>", Method::Get, [](const QString& name) { return web_file(name); });
  route("/static/vendor/<arg>", Method::Get, [](const QString& name) { return web_file("vendor/" + name); });
  route("/static/configs/<arg>", Method::Get, [](const QString& name) { return web_file("configs/" + name); });
  route("/api/setup", Method::Post, [this](const QHttpServerRequest& request) { return first_run_setup(request); });
  // The message templates in a language, for the page to say errors and
  // findings in it: core's templates (util/user_error.cpp,
  // data/finding_messages.cpp) translated from the same .qm files as the
  // desktop's, with {1}, {n} where Qt's have %1, %n.
  route("/api/messages/<arg>", Method::Get, [](const QString& language) {
    const std::optional<QJsonObject> messages = message_templates(language);
    if (!messages) return error(HttpStatus::NotFound, "not_found", "no translations for '" + language + "' (zh_CN, en)");
    QHttpServerResponse response(*messages);
    response.setHeader("Cache-Control", "no-cache");
    return response;
  });
  // The training settings the forms show, from their one table
  // (training/training_settings.h): name, YAML path, option, kind, range,
  // choices, default, section, method; English texts (the page translates
  // them with /api/messages' "settings").
  route("/api/training-settings", Method::Get, [] {
    static const QJsonDocument schema = QJsonDocument::fromJson(QByteArray::fromStdString(training::training_settings_schema().dump()));
    QHttpServerResponse response(QJsonObject{{"settings", schema.array()}});
    response.setHeader("Cache-Control", "no-cache");
    return response;
  });
  // Before sign-in: whether the connection is encrypted, whether other
  // machines can reach this server, and what the first-run form needs.
  route("/api/server", Method::Get, [this](const QHttpServerRequest& request) {
    const bool first_run = !accounts_.has_users();
    return QHttpServerResponse(QJsonObject{{"tls", tls_},
                                           {"beyond_loopback", beyond_loopback_},
                                           {"first_run", first_run},
                                           {"setup_code_required", first_run && !local_request(request)}});
  });
  route("/api/session", Method::Get, [this](const QHttpServerRequest& request) {
    const Session* s = session_of(request);
    if (!s && !accounts_.has_users())
      return error(HttpStatus::Unauthorized, "first_run", "no account exists yet: create the administrator (POST /api/setup)");
    if (!s) return error(HttpStatus::Unauthorized, "unauthorized", "not signed in");
    return QHttpServerResponse(session_json(*s));
  });
}

// The first start in a browser, as the desktop's first-run dialog: while no
// account exists, the administrator is created with a password of their
// choosing, then signed in. From this machine as it is; from elsewhere only
// with the setup code `serve` printed (first_run_access.h).
QHttpServerResponse ApiServer::first_run_setup(const QHttpServerRequest& request) {
  if (accounts_.has_users())
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
    accounts_.create_user(o["username"].toString(), o["password"].toString(), Role::admin);
  } catch (const ServiceError& e) {
    return error(HttpStatus::BadRequest, "bad_request", e);
  }
  setup_code_.spend();
  return sign_in(*accounts_.find(o["username"].toString()));
}

bool ApiServer::local_request(const QHttpServerRequest& request) {
  return is_local_request(request.remoteAddress(),
                          !header(request, "Forwarded").isEmpty() || !header(request, "X-Forwarded-For").isEmpty());
}

}  // namespace tunedesk::services
