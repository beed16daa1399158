#include "services/hub_api.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QUrlQuery>

namespace tunedesk::services {
namespace {

std::string s(const QString& q) { return q.toStdString(); }

QString environment(const char* name) { return qEnvironmentVariable(name).trimmed(); }

// The token `huggingface-cli login` saved: $HF_TOKEN_PATH, or $HF_HOME/token
// ($HF_HOME defaults to ~/.cache/huggingface).
QString saved_hf_token() {
  QString path = environment("HF_TOKEN_PATH");
  if (path.isEmpty()) {
    const QString home = environment("HF_HOME");
    path = (home.isEmpty() ? QDir::homePath() + "/.cache/huggingface" : home) + "/token";
  }
  QFile file(path);
  return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()).trimmed() : QString();
}

QString default_endpoint(HubKind kind) {
  if (kind == HubKind::huggingface) {
    const QString mirror = environment("HF_ENDPOINT");
    return mirror.isEmpty() ? "https://huggingface.co" : mirror;
  }
  // modelscope reads a domain ("www.modelscope.cn"); a full URL is taken as it is.
  const QString domain = environment("MODELSCOPE_DOMAIN");
  if (domain.isEmpty()) return "https://www.modelscope.cn";
  return domain.contains("://") ? domain : "https://" + domain;
}

QString default_token(HubKind kind) {
  if (kind == HubKind::modelscope) return environment("MODELSCOPE_API_TOKEN");
  for (const char* name : {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"})
    if (const QString token = environment(name); !token.isEmpty()) return token;
  return saved_hf_token();
}

// Each segment of a path percent-encoded, the slashes kept.
QString encoded_path(const QString& path) {
  QStringList parts = path.split('/');
  for (QString& p : parts) p = QString::fromLatin1(QUrl::toPercentEncoding(p));
  return parts.join('/');
}

[[noreturn]] void bad_listing(HubKind kind, const QString& why) {
  throw ServiceError("hub.bad_listing", {s(hub_display_name(kind)), s(why)});
}

}  // namespace

HubKind parse_hub_kind(const QString& name) {
  const QString n = name.trimmed().toLower();
  if (n == "hf" || n == "huggingface" || n == "hugging face") return HubKind::huggingface;
  if (n == "modelscope" || n == "ms") return HubKind::modelscope;
  throw ServiceError("hub.unknown_source", {s(name)});
}

QString hub_display_name(HubKind kind) { return kind == HubKind::huggingface ? "Hugging Face" : "ModelScope"; }

HubRepo make_hub_repo(HubKind kind, const QString& id, const QString& revision, const QString& endpoint,
                      const std::optional<QString>& token) {
  static const QRegularExpression valid_id("^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$");
  if (!valid_id.match(id.trimmed()).hasMatch() || id.contains(".."))
    throw ServiceError("hub.bad_id", {s(id)});
  HubRepo repo;
  repo.kind = kind;
  repo.id = id.trimmed();
  repo.revision = revision.isEmpty() ? (kind == HubKind::huggingface ? "main" : "master") : revision;
  repo.endpoint = endpoint.isEmpty() ? default_endpoint(kind) : endpoint;
  while (repo.endpoint.endsWith('/')) repo.endpoint.chop(1);
  repo.token = token ? *token : default_token(kind);
  return repo;
}

QUrl HubRepo::listing_url() const {
  const QString revision_part = QString::fromLatin1(QUrl::toPercentEncoding(revision));
  if (kind == HubKind::huggingface)
    return QUrl(endpoint + "/api/models/" + id + "/revision/" + revision_part + "?blobs=true", QUrl::StrictMode);
  QUrl url(endpoint + "/api/v1/models/" + id + "/repo/files");
  url.setQuery(QUrlQuery{{"Revision", revision}, {"Recursive", "true"}});
  return url;
}

QUrl HubRepo::file_url(const QString& path) const {
  if (kind == HubKind::huggingface)
    return QUrl(endpoint + "/" + id + "/resolve/" + QString::fromLatin1(QUrl::toPercentEncoding(revision)) + "/" +
                encoded_path(path), QUrl::StrictMode);
  QUrl url(endpoint + "/api/v1/models/" + id + "/repo");
  url.setQuery(QUrlQuery{{"Revision", revision}, {"FilePath", path}});
  return url;
}

std::vector<HubFile> parse_hub_listing(HubKind kind, const QByteArray& json) {
  QJsonParseError error;
  const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
  if (!doc.isObject()) bad_listing(kind, "not a JSON object (" + error.errorString() + ")");
  const QJsonObject root = doc.object();
  std::vector<HubFile> files;
  if (kind == HubKind::huggingface) {
    if (!root["siblings"].isArray()) bad_listing(kind, "no \"siblings\" list");
    for (const QJsonValue& v : root["siblings"].toArray()) {
      const QJsonObject o = v.toObject();
      HubFile f;
      f.path = o["rfilename"].toString();
      if (f.path.isEmpty()) bad_listing(kind, "a file without \"rfilename\"");
      f.size = o["size"].isDouble() ? static_cast<qint64>(o["size"].toDouble()) : -1;
      if (o["lfs"].isObject()) {
        const QJsonObject lfs = o["lfs"].toObject();
        f.sha256 = lfs["sha256"].toString().toLower();
        if (lfs["size"].isDouble()) f.size = static_cast<qint64>(lfs["size"].toDouble());
      } else {
        f.git_sha1 = o["blobId"].toString().toLower();
      }
      files.push_back(f);
    }
    return files;
  }
  if (root["Code"].toInt() != 200)
    bad_listing(kind, "Code " + QString::number(root["Code"].toInt()) + ": " + root["Message"].toString());
  if (!root["Data"].toObject()["Files"].isArray()) bad_listing(kind, "no \"Data.Files\" list");
  for (const QJsonValue& v : root["Data"].toObject()["Files"].toArray()) {
    const QJsonObject o = v.toObject();
    if (o["Type"].toString() == "tree") continue;
    HubFile f;
    f.path = o["Path"].toString();
    if (f.path.isEmpty()) f.path = o["Name"].toString();
    if (f.path.isEmpty()) bad_listing(kind, "a file without \"Path\"");
    f.size = o["Size"].isDouble() ? static_cast<qint64>(o["Size"].toDouble()) : -1;
    f.sha256 = o["Sha256"].toString().toLower();
    files.push_back(f);
  }
  return files;
}

ServiceError hub_http_error(const HubRepo& repo, int status, const QByteArray& error_code, const QString& what) {
  const std::string hub = s(hub_display_name(repo.kind));
  const std::string token_variable = repo.kind == HubKind::huggingface ? "HF_TOKEN" : "MODELSCOPE_API_TOKEN";
  // A gated model asks for a token and for its terms accepted on the hub's page.
  if (status == 401 || status == 403 || error_code == "GatedRepo") {
    if (repo.token.isEmpty()) return ServiceError("hub.unauthorized", {hub, s(repo.id), token_variable});
    return ServiceError("hub.forbidden", {hub, s(repo.id)});
  }
  if (status == 404 && what.isEmpty()) return ServiceError("hub.not_found", {hub, s(repo.id), s(repo.revision)});
  if (status == 404) return ServiceError("hub.file_not_found", {hub, s(repo.id), s(what), s(repo.revision)});
  return ServiceError("hub.http", {hub, std::to_string(status), s(what.isEmpty() ? repo.id : what)});
}

}  // namespace tunedesk::services
