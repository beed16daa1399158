#include "services/guarded_tcp_server.h"

#include <QJsonDocument>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTimer>

#include <algorithm>
#include <memory>

#include "services/api/http_helpers.h"

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace tunedesk::services {
namespace {

using Verdict = RequestSizeGuard::Verdict;

QByteArray http_answer(const QByteArray& status_line, const QByteArray& type, const QByteArray& body,
                       const QByteArray& extra_headers = {}) {
  return "HTTP/1.1 " + status_line + "\r\nContent-Type: " + type + "\r\nContent-Length: " + QByteArray::number(body.size()) +
         "\r\n" + extra_headers + "Connection: close\r\n\r\n" + body;
}

QByteArray json_answer(const QByteArray& status_line, const QString& code, const QString& message) {
  return http_answer(status_line, "application/json", QJsonDocument(error_body(code, message)).toJson(QJsonDocument::Compact));
}

QByteArray refusal(Verdict verdict, qint64 limit) {
  switch (verdict) {
    case Verdict::body_too_large:
      return json_answer("413 Payload Too Large", "too_large",
                         QString("requests here are limited to %1 MiB").arg(double(limit) / (1 << 20), 0, 'g', 4));
    case Verdict::head_too_large:
      return json_answer("431 Request Header Fields Too Large", "headers_too_large",
                         QString("the request's headers exceed %1 KiB").arg(RequestSizeGuard::kMaxHeadBytes >> 10));
    case Verdict::ambiguous_framing:
    case Verdict::fine:
      break;
  }
  return json_answer("400 Bad Request", "ambiguous_framing",
                     "where this request's body ends is ambiguous (Content-Length with Transfer-Encoding, two lengths, "
                     "a coding other than chunked, or a folded header)");
}

// Answers `socket` and stops Qt's parser from hearing more of it; the rest of
// what the client sends is read and dropped until it closes or time is up.
void refuse(QTcpSocket* socket, const QByteArray& answer) {
  QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
  socket->readAll();
  QObject::connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
  socket->write(answer);
  // Closing our side only once the answer is out: a client still sending
  // then reads it instead of a connection reset.
  const auto close_writing = [socket] {
    if (socket->bytesToWrite() > 0) return;
    if (qobject_cast<QSslSocket*>(socket) && static_cast<QSslSocket*>(socket)->isEncrypted()) {
      socket->disconnectFromHost();  // a TLS close_notify, not a bare FIN under the record layer
      return;
    }
#ifdef Q_OS_UNIX
    ::shutdown(static_cast<int>(socket->socketDescriptor()), SHUT_WR);
#else
    socket->disconnectFromHost();
#endif
  };
  QObject::connect(socket, &QIODevice::bytesWritten, socket, close_writing);
  socket->flush();
  close_writing();
  QTimer::singleShot(GuardedTcpServer::kLingerSeconds * 1000, socket, [socket] { socket->abort(); });
}

// What a plain-HTTP request that came to the TLS port is told: a browser's
// (its head names the Host) is sent to the same address over https://.
QByteArray plain_http_on_tls_port(const QByteArray& start) {
  const QList<QByteArray> lines = start.split('\n');
  const QList<QByteArray> request_line = lines.front().trimmed().split(' ');
  QByteArray host;
  for (const QByteArray& line : lines)
    if (line.toLower().startsWith("host:")) host = line.mid(5).trimmed();
  const bool safe_host = !host.isEmpty() && host.size() < 256 &&
                         std::all_of(host.begin(), host.end(), [](char c) { return QChar::isLetterOrNumber(c) || QByteArrayView("-.:[]").contains(c); });
  const QByteArray text = "This TuneDesk server speaks HTTPS only.";
  if (request_line.size() == 3 && request_line[1].startsWith('/') && safe_host && !request_line[1].contains('\r')) {
    const QByteArray url = "https://" + host + request_line[1];
    return http_answer("301 Moved Permanently", "text/plain; charset=utf-8", text + " Go to " + url + "\n",
                       "Location: " + url + "\r\n");
  }
  return http_answer("400 Bad Request", "text/plain; charset=utf-8", text + " Use https://.\n");
}

}  // namespace

struct GuardedTcpServer::Watch {
  QHostAddress peer;
  RequestSizeGuard guard;
  QTimer* deadline = nullptr;  // a child of the socket
  bool half_open = false;
};

GuardedTcpServer::GuardedTcpServer(RequestSizeGuard::BodyLimit limit, ConnectionLimits limits,
                                   std::optional<QSslConfiguration> tls, QObject* parent)
    : QTcpServer(parent), limit_(std::move(limit)), limits_(limits), tls_(std::move(tls)) {}

void GuardedTcpServer::count_half_open(Watch& watch, bool half_open) {
  if (watch.half_open == half_open) return;
  watch.half_open = half_open;
  const int step = half_open ? 1 : -1;
  half_open_total_ += step;
  if ((half_open_[watch.peer] += step) == 0) half_open_.remove(watch.peer);
  if (half_open)
    watch.deadline->start();
  else
    watch.deadline->stop();
}

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
  QTcpSocket* socket = tls_ ? new QSslSocket(this) : new QTcpSocket(this);
  if (!socket->setSocketDescriptor(descriptor)) {
    delete socket;
#ifdef Q_OS_UNIX
    ::close(static_cast<int>(descriptor));
#endif
    return;
  }
  auto watch = std::make_shared<Watch>(Watch{socket->peerAddress(), RequestSizeGuard(limit_)});
  // Too many unfinished requests from this address (or from all): this one
  // is closed before it costs more than its socket.
  if (half_open_.value(watch->peer) >= limits_.half_open_per_peer || half_open_total_ >= limits_.half_open_total) {
    socket->abort();
    socket->deleteLater();
    return;
  }
  watch->deadline = new QTimer(socket);
  watch->deadline->setSingleShot(true);
  watch->deadline->setInterval(limits_.head_seconds * 1000);
  connect(watch->deadline, &QTimer::timeout, socket, [this, socket, watch] {
    count_half_open(*watch, false);
    refuse(socket, json_answer("408 Request Timeout", "request_timeout",
                               QString("the request's head did not arrive within %1 s").arg(limits_.head_seconds)));
  });
  count_half_open(*watch, true);
  connect(socket, &QObject::destroyed, this, [this, watch] { count_half_open(*watch, false); });

  if (!tls_) {
    serve(socket, watch);
    return;
  }
  // TLS: the first byte of a TLS connection is a handshake record (22); anything else is plain HTTP.
  auto* tls_socket = static_cast<QSslSocket*>(socket);
  tls_socket->setSslConfiguration(*tls_);
  connect(tls_socket, &QIODevice::readyRead, tls_socket, [this, tls_socket, watch] {
    if (tls_socket->mode() != QSslSocket::UnencryptedMode) return;  // the handshake has begun: bytes are QSslSocket's
    char first = 0;
    if (tls_socket->peek(&first, 1) != 1) return;
    if (first != 0x16) {
      count_half_open(*watch, false);
      refuse(tls_socket, plain_http_on_tls_port(tls_socket->peek(4096)));
      return;
    }
    connect(tls_socket, &QSslSocket::encrypted, this, [this, tls_socket, watch] { serve(tls_socket, watch); });
    // A failed handshake (unknown protocol, a client that rejects the certificate) ends the connection.
    connect(tls_socket, &QSslSocket::sslErrors, tls_socket, [tls_socket] { tls_socket->abort(); });
    connect(tls_socket, &QAbstractSocket::errorOccurred, tls_socket, [tls_socket] {
      if (!tls_socket->isEncrypted()) tls_socket->abort();
    });
    tls_socket->startServerEncryption();
  });
  // Until it is encrypted the socket is ours to delete; after, Qt HttpServer's.
  connect(tls_socket, &QAbstractSocket::disconnected, tls_socket, [tls_socket] {
    if (!tls_socket->isEncrypted()) tls_socket->deleteLater();
  });
}

void GuardedTcpServer::serve(QTcpSocket* socket, const std::shared_ptr<Watch>& watch) {
  // Connected before Qt HttpServer connects its own reader (on addPendingConnection),
  // so this sees every byte before Qt's parser takes it (which reads all there is).
  connect(socket, &QIODevice::readyRead, socket, [this, socket, watch] {
    RequestSizeGuard& guard = watch->guard;
    if (!guard.following()) return;
    const Verdict verdict = guard.feed(socket->peek(socket->bytesAvailable()));
    if (verdict != Verdict::fine) {
      count_half_open(*watch, false);
      refuse(socket, refusal(verdict, guard.limit()));
      return;
    }
    // Half-open until the first head is whole, and again while a later one is arriving.
    count_half_open(*watch, guard.following() && (guard.heads_read() == 0 || guard.inside_head()));
  });
  addPendingConnection(socket);
}

}  // namespace tunedesk::services
