// How the built-in server is offered, as `tunedesk-cli serve` and the
// desktop's Settings both choose it: on which address and port, and over
// plain HTTP, a self-signed certificate kept in the data folder, or an
// administrator's certificate files. One place turns the choice into what
// ApiServer::listen takes, and says the address users open.
#pragma once

#include <QHostAddress>
#include <QString>

#include <optional>

#include "services/api/api_server.h"
#include "services/tls_identity.h"

namespace tunedesk::services {

enum class TlsChoice { off, self_signed, files };

struct ServingChoice {
  QHostAddress address = QHostAddress::LocalHost;  // QHostAddress::Any: every address of this machine
  quint16 port = 5000;
  TlsChoice tls = TlsChoice::off;
  QString certificate_file, key_file;  // TlsChoice::files
};

struct Serving {
  ApiServer::ListenOptions listen;
  std::optional<TlsIdentity> identity;  // with TLS
};

// The listen options for `choice`, its TLS identity loaded or made (in
// `data_dir`/tls). Throws ServiceError (tls.*) for files that will not serve.
Serving prepare_serving(const ServingChoice& choice, const QString& data_dir);

// "https://[::1]:5000/": the address to open for `address` and `port`.
QString served_url(const QHostAddress& address, quint16 port, bool tls);

// Whether serving on `address` reaches beyond this machine.
bool reachable_from_network(const QHostAddress& address);

}  // namespace tunedesk::services
