// The built-in HTTP server: the browser UI and a JSON API over the same
// account, dataset, job and model stores the desktop app uses (a job started
// in one appears in the other). Binds 127.0.0.1 unless told otherwise; over
// TLS when given an identity (tls_identity.h). The server only wires: its
// routes are the controllers' (api_controllers.h), each area's listed in its
// .cpp; the README's table lists them all. The threat model and every
// defence: docs/SECURITY.md.
#pragma once

#include <QHostAddress>
#include <QHttpServer>
#include <QSslConfiguration>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

#include "services/api/api_context.h"
#include "services/api/api_controllers.h"
#include "services/guarded_tcp_server.h"

namespace tunedesk::services {

class ApiServer {
 public:
  // `runner` runs the jobs, `downloads` the model downloads (both must outlive the server).
  ApiServer(const QString& data_dir, JobRunner& runner, DownloadQueue& downloads);
  ~ApiServer();  // stops answers in progress
  struct ListenOptions {
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 5000;                  // 0: any free one
    std::optional<QSslConfiguration> tls;  // HTTPS only, with Secure cookies and HSTS
    ConnectionLimits limits;
  };
  // Returns the port, or 0 when it cannot listen.
  quint16 listen(const ListenOptions& options);
  quint16 listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 5000) {
    return listen(ListenOptions{address, port, std::nullopt, {}});
  }

  // While no account exists: the code that lets a browser elsewhere create
  // the administrator (first_run_access.h); empty once one exists.
  QString setup_code() const { return auth_.setup_code(); }
  // How long a browser's session lasts (default ApiSessions::kDefaultHours).
  void set_session_lifetime(int seconds) { api_.sessions.set_lifetime(seconds); }

  // Every route, as registered (for the security tests, which attack each one).
  using Route = ApiRoute;
  const std::vector<Route>& routes() const { return api_.routes(); }

 private:
  QHttpServer http_;
  ApiContext api_;  // after http_, whose routes it adds
  AuthController auth_{api_};
  WebController web_{api_};
  DatasetsController datasets_{api_};
  JobsController jobs_{api_};
  AugmentationController augmentation_{api_};
  EvaluationController evaluation_{api_};
  ExportController export_{api_};
  ModelsController models_{api_};
  ChatController chat_{api_};
  UsersController users_{api_};
  AccountController account_{api_};
};

}  // namespace tunedesk::services
