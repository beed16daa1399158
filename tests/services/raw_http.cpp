#include "services/raw_http.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace tunedesk::test {
namespace {

// Whether `answer` holds a whole first response.
bool complete(const QByteArray& answer) {
  const qsizetype end = answer.indexOf("\r\n\r\n");
  if (end < 0) return false;
  const QByteArray head = answer.left(end).toLower();
  const qsizetype at = head.indexOf("content-length:");
  if (at < 0) return true;
  const qsizetype eol = head.indexOf("\r\n", at);
  const qint64 length = head.mid(at + 15, eol < 0 ? -1 : eol - at - 15).trimmed().toLongLong();
  return answer.size() - end - 4 >= length;
}

}  // namespace

int RawAnswer::status() const { return bytes.startsWith("HTTP/1.1 ") ? bytes.mid(9, 3).toInt() : 0; }

QByteArray RawAnswer::header(const QByteArray& name) const {
  const qsizetype end = bytes.indexOf("\r\n\r\n");
  for (const QByteArray& line : bytes.left(end < 0 ? bytes.size() : end).split('\n')) {
    const qsizetype colon = line.indexOf(':');
    if (colon > 0 && line.left(colon).trimmed().toLower() == name.toLower()) return line.mid(colon + 1).trimmed();
  }
  return {};
}

QJsonDocument RawAnswer::json() const { return QJsonDocument::fromJson(bytes.mid(bytes.indexOf("\r\n\r\n") + 4)); }

RawAnswer exchange(quint16 port, const QByteArray& bytes, int patience_ms, const RawOptions& options) {
  QSslSocket socket;
  RawAnswer answer;
  QEventLoop loop;
  QTimer silence;
  silence.setSingleShot(true);
  if (!options.from.isNull()) socket.bind(options.from);
  if (options.tls) {
    QSslConfiguration configuration = socket.sslConfiguration();
    configuration.setCaCertificates(options.trusted);
    socket.setSslConfiguration(configuration);
    QObject::connect(&socket, &QSslSocket::encrypted, [&] {
      answer.encrypted = true;
      answer.peer_chain = socket.peerCertificateChain();
      socket.write(bytes);
    });
  } else {
    QObject::connect(&socket, &QSslSocket::connected, [&] { socket.write(bytes); });
  }
  QObject::connect(&socket, &QSslSocket::readyRead, [&] {
    answer.bytes += socket.readAll();
    silence.start(patience_ms);
    if (complete(answer.bytes)) loop.quit();
  });
  QObject::connect(&socket, &QSslSocket::disconnected, [&] {
    answer.closed = true;
    loop.quit();
  });
  QObject::connect(&socket, &QSslSocket::errorOccurred, [&](QAbstractSocket::SocketError error) {
    if (error == QAbstractSocket::RemoteHostClosedError) answer.closed = true;
    loop.quit();
  });
  QObject::connect(&silence, &QTimer::timeout, &loop, &QEventLoop::quit);
  silence.start(patience_ms);
  if (options.tls)
    socket.connectToHostEncrypted(options.server.toString(), port);
  else
    socket.connectToHost(options.server, port);
  loop.exec();
  // A server that closes right after its answer: wait a moment for the close to show.
  if (options.await_close_ms > 0 && !answer.closed && socket.state() == QAbstractSocket::ConnectedState) {
    QTimer::singleShot(options.await_close_ms, &loop, &QEventLoop::quit);
    silence.stop();
    loop.exec();
  }
  answer.bytes += socket.readAll();
  socket.abort();
  return answer;
}

}  // namespace tunedesk::test
