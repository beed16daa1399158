// The listening socket of the built-in server: each connection's bytes pass a
// RequestSizeGuard before Qt HttpServer reads them, so that a request over
// its limit is answered 413 (or 431 for a huge head) from its head, before
// its body is sent or held in memory, and its connection is then closed.
#pragma once

#include <QTcpServer>

#include "services/request_size_guard.h"

class QTcpSocket;

namespace tunedesk::services {

class GuardedTcpServer : public QTcpServer {
 public:
  explicit GuardedTcpServer(RequestSizeGuard::BodyLimit limit, QObject* parent = nullptr)
      : QTcpServer(parent), limit_(std::move(limit)) {}

  // Seconds a refused connection is still read (and its bytes dropped) so
  // that the client, still sending, gets to read the answer.
  static constexpr int kLingerSeconds = 10;

 protected:
  void incomingConnection(qintptr descriptor) override;

 private:
  RequestSizeGuard::BodyLimit limit_;
};

}  // namespace tunedesk::services
