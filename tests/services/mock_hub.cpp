#include "services/mock_hub.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>
#include <QUrlQuery>

namespace tunedesk::test {
namespace {

constexpr const char* kRepo = "tiny/model";

QByteArray sha256(const QByteArray& bytes) { return QCryptographicHash::hash(bytes, QCryptographicHash::Sha256).toHex(); }

QByteArray git_blob_sha1(const QByteArray& bytes) {
  return QCryptographicHash::hash("blob " + QByteArray::number(bytes.size()) + '\0' + bytes, QCryptographicHash::Sha1).toHex();
}

bool in_lfs(const QString& path) { return path.endsWith(".safetensors") || path.endsWith(".bin"); }

using Headers = QList<QPair<QByteArray, QByteArray>>;

// The status line and headers of an answer whose body is `length` bytes.
QByteArray head(int status, qint64 length, const Headers& headers) {
  QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\nConnection: close\r\nContent-Length: " +
                   QByteArray::number(length) + "\r\n";
  for (const auto& [name, value] : headers) out += name + ": " + value + "\r\n";
  return out + "\r\n";
}

void reply(QTcpSocket* socket, int status, const QByteArray& body, const Headers& headers = {}) {
  socket->write(head(status, body.size(), headers) + body);
  socket->disconnectFromHost();
}

}  // namespace

MockHub::MockHub(const QString& model_dir) : model_(model_dir) {
  server_.listen(QHostAddress::LocalHost);
  connect(&server_, &QTcpServer::newConnection, this, [this] {
    while (QTcpSocket* socket = server_.nextPendingConnection()) {
      connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
      connect(socket, &QObject::destroyed, this, [this, socket] { buffers_.remove(socket); });
      connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
        QByteArray& buffer = buffers_[socket];
        buffer += socket->readAll();
        const int end = buffer.indexOf("\r\n\r\n");
        if (end < 0) return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> first = lines.front().trimmed().split(' ');
        Request request;
        request.method = first.value(0);
        const QUrl url(QString::fromLatin1(first.value(1)));
        request.path = url.path(QUrl::FullyDecoded).toUtf8();
        for (const auto& [k, v] : QUrlQuery(url).queryItems(QUrl::FullyDecoded)) request.query[k.toUtf8()] = v.toUtf8();
        for (qsizetype i = 1; i < lines.size(); ++i) {
          const int colon = lines[i].indexOf(':');
          if (colon > 0) request.headers[lines[i].left(colon).trimmed().toLower()] = lines[i].mid(colon + 1).trimmed();
        }
        buffer.clear();
        serve(socket, request);
      });
    }
  });
}

QString MockHub::hf_endpoint() const { return QString("http://127.0.0.1:%1/hf").arg(server_.serverPort()); }
QString MockHub::modelscope_endpoint() const { return QString("http://127.0.0.1:%1/ms").arg(server_.serverPort()); }

QStringList MockHub::files() const {
  QStringList out;
  for (const QString& name : model_.entryList(QDir::Files, QDir::Name))
    if (!unlisted.contains(name)) out << name;
  for (auto it = extra_files.begin(); it != extra_files.end(); ++it) out << it.key();
  return out;
}

QByteArray MockHub::content(const QString& path) const {
  if (extra_files.contains(path)) return extra_files[path];
  QFile file(model_.filePath(path));
  return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QByteArray MockHub::hf_listing() const {
  QJsonArray siblings;
  for (const QString& path : files()) {
    const QByteArray bytes = content(path);
    QJsonObject o{{"rfilename", path}, {"size", bytes.size()}};
    if (in_lfs(path)) {
      o["blobId"] = QString::fromLatin1(git_blob_sha1("version https://git-lfs.github.com/spec/v1\n"));
      o["lfs"] = QJsonObject{{"sha256", QString::fromLatin1(sha256(bytes))}, {"size", bytes.size()}, {"pointerSize", 134}};
    } else {
      o["blobId"] = QString::fromLatin1(git_blob_sha1(bytes));
    }
    siblings.append(o);
  }
  return QJsonDocument(QJsonObject{{"id", kRepo}, {"sha", "0123456789abcdef0123456789abcdef01234567"}, {"siblings", siblings}})
      .toJson(QJsonDocument::Compact);
}

QByteArray MockHub::modelscope_listing() const {
  QJsonArray list{QJsonObject{{"Name", "sub"}, {"Path", "sub"}, {"Type", "tree"}, {"Size", 0}}};
  for (const QString& path : files()) {
    const QByteArray bytes = content(path);
    list.append(QJsonObject{{"Name", path}, {"Path", path}, {"Type", "blob"}, {"Size", bytes.size()},
                            {"Sha256", QString::fromLatin1(sha256(bytes))}, {"Revision", "master"}, {"IsLFS", in_lfs(path)}});
  }
  return QJsonDocument(QJsonObject{{"Code", 200}, {"Data", QJsonObject{{"Files", list}}}, {"Success", true}})
      .toJson(QJsonDocument::Compact);
}

void MockHub::serve(QTcpSocket* socket, const Request& request) {
  const QString path = QString::fromUtf8(request.path);
  const bool authorized = token.isEmpty() || request.headers.value("authorization") == "Bearer " + token.toUtf8();
  // The CDN: anyone with the link; a token arriving here was leaked.
  if (path.startsWith("/cdn/")) {
    token_sent_to_cdn = token_sent_to_cdn || request.headers.contains("authorization");
    send_file(socket, request, QString::fromUtf8(QByteArray::fromPercentEncoding(path.mid(5).toUtf8())));
    return;
  }
  if (!authorized) return reply(socket, 401, R"({"error":"Invalid credentials"})", {{"X-Error-Code", "RepoNotFound"}});
  const QString hf_listing_path = QString("/hf/api/models/%1/revision/").arg(kRepo);
  const QString hf_file_prefix = QString("/hf/%1/resolve/").arg(kRepo);
  if (path.startsWith("/hf/api/models/")) {
    if (!path.startsWith(hf_listing_path)) return reply(socket, 404, R"({"error":"Repository not found"})", {{"X-Error-Code", "RepoNotFound"}});
    ++listing_requests;
    return reply(socket, 200, hf_listing(), {{"Content-Type", "application/json"}});
  }
  if (path.startsWith(hf_file_prefix)) {
    const QString file = path.mid(hf_file_prefix.size()).section('/', 1);  // after the revision
    if (gated) return reply(socket, 403, "Access to model tiny/model is restricted.", {{"X-Error-Code", "GatedRepo"}});
    if (!files().contains(file)) return reply(socket, 404, "Entry not found", {{"X-Error-Code", "EntryNotFound"}});
    if (in_lfs(file))  // to the CDN, on another host name
      return reply(socket, 302, "", {{"Location", QString("http://localhost:%1/cdn/%2").arg(server_.serverPort()).arg(file).toUtf8()},
                                     {"X-Linked-Etag", "\"" + sha256(content(file)) + "\""}});
    return send_file(socket, request, file);
  }
  if (path == QString("/ms/api/v1/models/%1/repo/files").arg(kRepo)) {
    ++listing_requests;
    return reply(socket, 200, modelscope_listing(), {{"Content-Type", "application/json"}});
  }
  if (path == QString("/ms/api/v1/models/%1/repo").arg(kRepo)) {
    const QString file = QString::fromUtf8(request.query.value("FilePath"));
    if (!files().contains(file)) return reply(socket, 404, R"({"Code":10010205,"Message":"file not found"})");
    return send_file(socket, request, file);
  }
  if (path.startsWith("/ms/api/v1/models/"))
    return reply(socket, 404, R"({"Code":10010205,"Message":"model not found","Success":false})");
  reply(socket, 404, "no route");
}

void MockHub::send_file(QTcpSocket* socket, const Request& request, const QString& path) {
  QByteArray bytes = content(path);
  ++file_requests[path];
  if (path == corrupt_file && corrupt_times > 0) {
    --corrupt_times;
    bytes[bytes.size() / 2] = static_cast<char>(bytes[bytes.size() / 2] ^ 0x5A);
  }
  const QByteArray etag = "\"" + sha256(content(path)) + "\"";
  qint64 start = 0;
  const QByteArray range = request.headers.value("range");
  if (range.startsWith("bytes=") && range.endsWith("-")) start = range.mid(6, range.size() - 7).toLongLong();
  if (start >= bytes.size() && start > 0)
    return reply(socket, 416, "", {{"Content-Range", "bytes */" + QByteArray::number(bytes.size())}});
  const QByteArray body = bytes.mid(start);
  Headers headers = {{"ETag", etag}, {"Accept-Ranges", "bytes"}};
  if (start > 0)
    headers.append({"Content-Range", "bytes " + QByteArray::number(start) + "-" + QByteArray::number(bytes.size() - 1) + "/" +
                                         QByteArray::number(bytes.size())});
  if (path == cut_file && cut_times > 0) {
    // Headers promising the whole body, part of it, then the connection gone.
    --cut_times;
    const QByteArray part = body.left(cut_after);
    socket->write(head(start > 0 ? 206 : 200, body.size(), headers) + part);
    bytes_served[path] += part.size();
    // Then silence, as when the network goes away: the client gives up after
    // its stall timeout. (A closed connection is no good here: Qt quietly
    // asks again for some answers cut short, which a test cannot count on.)
    return;
  }
  bytes_served[path] += body.size();
  reply(socket, start > 0 ? 206 : 200, body, headers);
}

}  // namespace tunedesk::test
