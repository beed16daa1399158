#include "services/serving.h"

#include <QNetworkInterface>

#include "services/first_run_access.h"

namespace tunedesk::services {
namespace {

bool every_address(const QHostAddress& address) {
  return address == QHostAddress::AnyIPv4 || address == QHostAddress::AnyIPv6 || address == QHostAddress::Any;
}

}  // namespace

bool reachable_from_network(const QHostAddress& address) { return !is_loopback_peer(address); }

Serving prepare_serving(const ServingChoice& choice, const QString& data_dir) {
  Serving serving;
  serving.listen.address = choice.address;
  serving.listen.port = choice.port;
  switch (choice.tls) {
    case TlsChoice::off:
      break;
    case TlsChoice::self_signed:
      // The certificate names every address it may be reached at.
      serving.identity = self_signed_tls_identity(
          data_dir, every_address(choice.address) ? QNetworkInterface::allAddresses() : QList<QHostAddress>{choice.address});
      break;
    case TlsChoice::files:
      serving.identity = load_tls_identity(choice.certificate_file, choice.key_file);
      break;
  }
  if (serving.identity) serving.listen.tls = serving.identity->configuration;
  return serving;
}

QString served_url(const QHostAddress& address, quint16 port, bool tls) {
  QHostAddress shown = address;
  if (every_address(address)) {  // the address other machines would use: this one's first on a network
    shown = QHostAddress::LocalHost;
    for (const QHostAddress& a : QNetworkInterface::allAddresses())
      if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()) {
        shown = a;
        break;
      }
  }
  const QString host = shown.protocol() == QAbstractSocket::IPv6Protocol ? "[" + shown.toString() + "]" : shown.toString();
  return QString("%1://%2:%3/").arg(tls ? "https" : "http", host).arg(port);
}

}  // namespace tunedesk::services
