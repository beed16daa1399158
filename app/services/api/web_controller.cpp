// The browser UI: one page and its script, style and libraries (Bootstrap,
// Chart.js, marked: Debian's, copied in at build time and compiled into the
// program — nothing comes from the network), and what the page builds itself from:
//   GET /, /login, /static/…           the page and its files
//   GET /api/messages/{language}       the texts of errors, findings, settings and the page in a language
//   GET /api/training-settings         the training settings' table, for the form
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTranslator>

#include <optional>

#include "services/api/api_controllers.h"
#include "services/api/http_helpers.h"
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

WebController::WebController(ApiContext& api) {
  api.route("/", HttpMethod::Get, [] {
    QHttpServerResponse page = web_file("index.html");
    // The page runs only its own scripts and talks only to this server.
    page.setHeader("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'");
    return page;
  });
  api.route("/login", HttpMethod::Get, [] { return web_file("index.html"); });  // the seed system's address
  api.route("/static/<arg>", HttpMethod::Get, [](const QString& name) { return web_file(name); });
  api.route("/static/vendor/<arg>", HttpMethod::Get, [](const QString& name) { return web_file("vendor/" + name); });
  api.route("/static/configs/<arg>", HttpMethod::Get, [](const QString& name) { return web_file("configs/" + name); });
  // The message templates in a language, for the page to say errors and
  // findings in it: core's templates (util/user_error.cpp,
  // data/finding_messages.cpp) translated from the same .qm files as the
  // desktop's, with {1}, {n} where Qt's have %1, %n.
  api.route("/api/messages/<arg>", HttpMethod::Get, [](const QString& language) {
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
  api.route("/api/training-settings", HttpMethod::Get, [] {
    static const QJsonDocument schema = QJsonDocument::fromJson(QByteArray::fromStdString(training::training_settings_schema().dump()));
    QHttpServerResponse response(QJsonObject{{"settings", schema.array()}});
    response.setHeader("Cache-Control", "no-cache");
    return response;
  });
}

}  // namespace tunedesk::services
