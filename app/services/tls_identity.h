// The server's TLS identity: a certificate and its private key, either the
// PEM files an administrator gives (serve --tls-cert/--tls-key) or a
// self-signed pair TuneDesk makes once and keeps in its data folder
// (--tls-self-signed). Keys are made and checked with OpenSSL's API (the
// library Qt Network's TLS backend uses already); Qt serves them.
#pragma once

#include <QHostAddress>
#include <QList>
#include <QSslConfiguration>
#include <QString>
#include <QStringList>

namespace tunedesk::services {

struct TlsIdentity {
  QSslConfiguration configuration;  // ready for GuardedTcpServer
  QString certificate_file;
  QString fingerprint;              // SHA-256 of the certificate, "AB:CD:…" as browsers show it
  QStringList names;                // the names and addresses the certificate is valid for
  QDateTime expires;
  bool created = false;             // made by this call (self-signed)
};

// The pair in `certificate_file` (PEM, the server's certificate first, then
// any intermediates) and `key_file` (PEM, unencrypted). Throws ServiceError
// naming the file when one cannot be read, the certificate has expired, or
// the key is not the certificate's.
TlsIdentity load_tls_identity(const QString& certificate_file, const QString& key_file);

// The self-signed identity kept in `data_dir`/tls (key file mode 0600): made
// when absent, expired within 30 days, or missing one of `addresses`, valid
// for localhost, this machine's host name and those addresses.
TlsIdentity self_signed_tls_identity(const QString& data_dir, const QList<QHostAddress>& addresses);

// A new self-signed certificate and key (PEM) for `names` (host names and IP
// addresses), valid for `days`: an ECDSA P-256 key, SHA-256 signature, marked
// for server authentication only.
struct PemPair {
  QByteArray certificate, key;
};
PemPair make_self_signed_pem(const QStringList& names, int days);

// Whether TLS can be served here at all (Qt's TLS backend loaded).
bool tls_available();

}  // namespace tunedesk::services
