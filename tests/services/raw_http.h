// HTTP/1.1 by hand, for tests that send what a real client would not:
// malformed or hostile bytes, from a chosen local address, over TLS or not.
#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QJsonDocument>
#include <QList>
#include <QSslCertificate>

namespace tunedesk::test {

struct RawOptions {
  QHostAddress server = QHostAddress::LocalHost;
  QHostAddress from;                 // the client's own address (null: the system's choice)
  bool tls = false;
  QList<QSslCertificate> trusted;    // with tls: the certificates to trust (the handshake fails otherwise)
  int await_close_ms = 0;            // after a whole answer, how long to wait for the server to close
};

struct RawAnswer {
  QByteArray bytes;        // everything the server sent
  bool closed = false;     // the server closed the connection (before patience ran out)
  bool encrypted = false;  // with tls: the handshake succeeded
  QList<QSslCertificate> peer_chain;

  int status() const;                      // of the first response; 0 for none
  QByteArray header(const QByteArray& name) const;  // of the first response
  QJsonDocument json() const;              // the first response's body
};

// Sends `bytes` on a fresh connection and collects the answer: until a whole
// response (headers and Content-Length bytes), the server closing, or
// `patience_ms` of silence (a request the server still waits the rest of).
RawAnswer exchange(quint16 port, const QByteArray& bytes, int patience_ms, const RawOptions& options = {});

// The bytes only (loopback, no TLS).
inline QByteArray raw_exchange(quint16 port, const QByteArray& bytes, int patience_ms) {
  return exchange(port, bytes, patience_ms).bytes;
}

}  // namespace tunedesk::test
