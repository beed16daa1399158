#include "services/guarded_tcp_server.h"

#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>

#include <memory>

#include "services/http_helpers.h"

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#include <unistd.h>
#endif

namespace tunedesk::services {
namespace {

QByteArray refusal(RequestSizeGuard::Verdict verdict, qint64 limit) {
  const bool body = verdict == RequestSizeGuard::Verdict::body_too_large;
  const QJsonObject error =
      body ? error_body("too_large", QString("requests here are limited to %1 MiB").arg(double(limit) / (1 << 20), 0, 'g', 4))
           : error_body("headers_too_large",
                        QString("the request's headers exceed %1 KiB").arg(RequestSizeGuard::kMaxHeadBytes >> 10));
  const QByteArray json = QJsonDocument(error).toJson(QJsonDocument::Compact);
  return QByteArray(body ? "HTTP/1.1 413 Payload Too Large\r\n" : "HTTP/1.1 431 Request Header Fields Too Large\r\n") +
         "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(json.size()) +
         "\r\nConnection: close\r\n\r\n" + json;
}

// Answers `socket` and stops Qt's parser from hearing more of it; the rest of
// what the client sends is read and dropped until it closes or time is up.
void refuse(QTcpSocket* socket, RequestSizeGuard::Verdict verdict, qint64 limit) {
  QObject::disconnect(socket, &QIODevice::readyRead, nullptr, nullptr);
  socket->readAll();
  QObject::connect(socket, &QIODevice::readyRead, socket, [socket] { socket->readAll(); });
  socket->write(refusal(verdict, limit));
  // Closing our side only once the answer is out: a client still sending
  // then reads it instead of a connection reset.
  const auto close_writing = [socket] {
    if (socket->bytesToWrite() > 0) return;
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

}  // namespace

void GuardedTcpServer::incomingConnection(qintptr descriptor) {
  auto* socket = new QTcpSocket(this);
  if (!socket->setSocketDescriptor(descriptor)) {
    delete socket;
#ifdef Q_OS_UNIX
    ::close(static_cast<int>(descriptor));
#endif
    return;
  }
  // Connected before Qt HttpServer connects its own reader (on addPendingConnection),
  // so this sees every byte before Qt's parser takes it (which reads all there is).
  auto guard = std::make_shared<RequestSizeGuard>(limit_);
  connect(socket, &QIODevice::readyRead, socket, [socket, guard] {
    if (!guard->following()) return;
    const auto verdict = guard->feed(socket->peek(socket->bytesAvailable()));
    if (verdict != RequestSizeGuard::Verdict::fine) refuse(socket, verdict, guard->limit());
  });
  addPendingConnection(socket);
}

}  // namespace tunedesk::services
