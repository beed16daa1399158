// The listening socket of the built-in server, and the first line of defence
// of everything behind it. Each connection's bytes pass a RequestSizeGuard
// before Qt HttpServer reads them, so that a request over its limit is
// answered 413 (431 for a huge head) from its head, before its body is sent
// or held in memory, and one with ambiguous framing 400; then the connection
// is closed.
//
// Slow clients (slowloris): a connection that has not finished its request's
// head (the TLS handshake included) within ConnectionLimits::head_seconds is
// answered 408 and closed, and each peer address may hold only so many such
// half-open connections at once (the server as a whole too): one more is
// closed as it arrives. Qt's event loop never blocks on a socket, so others
// are answered meanwhile.
//
// With TLS, connections are QSslSocket that reach Qt HttpServer only once
// encrypted; a plain-HTTP request on the TLS port is told where to go (301 to
// https:// for a browser's request, 400 otherwise) and closed at once.
#pragma once

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>

#include <memory>
#include <optional>

#include <QSslConfiguration>

#include "services/request_size_guard.h"

class QTcpSocket;

namespace tunedesk::services {

struct ConnectionLimits {
  int head_seconds = 30;        // from accepting a connection (or the first byte of a later request) to its head's end
  int half_open_per_peer = 32;  // connections of one address inside a head at once
  int half_open_total = 512;    // and of all addresses
};

class GuardedTcpServer : public QTcpServer {
 public:
  GuardedTcpServer(RequestSizeGuard::BodyLimit limit, ConnectionLimits limits, std::optional<QSslConfiguration> tls,
                   QObject* parent = nullptr);

  // Seconds a refused connection is still read (and its bytes dropped) so
  // that the client, still sending, gets to read the answer.
  static constexpr int kLingerSeconds = 10;

 protected:
  void incomingConnection(qintptr descriptor) override;

 private:
  struct Watch;  // one connection's guard, deadline and place in the counts
  // Hands `socket` to Qt HttpServer behind its guard.
  void serve(QTcpSocket* socket, const std::shared_ptr<Watch>& watch);
  void count_half_open(Watch& watch, bool half_open);

  RequestSizeGuard::BodyLimit limit_;
  ConnectionLimits limits_;
  std::optional<QSslConfiguration> tls_;
  QHash<QHostAddress, int> half_open_;  // by peer
  int half_open_total_ = 0;
};

}  // namespace tunedesk::services
