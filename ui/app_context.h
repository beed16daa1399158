// What every part of the desktop window shares: the data directory and its
// stores (accounts, base models, jobs), the job runner, the model downloads, the signed-in user
// and their workspace, and the built-in HTTP server when it is switched on.
// One per window; created before the login dialog.
#pragma once

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

#include "services/account_store.h"
#include "services/download_queue.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/model_registry.h"
#include "services/serving.h"
#include "services/workspace.h"

namespace tunedesk::services {
class ApiServer;
}

namespace tunedesk::ui {

class AppContext : public QObject {
  Q_OBJECT

 public:
  // Opens (creates) the stores under `data_dir` and registers the bundled
  // demo model when it is found. Throws services::ServiceError.
  explicit AppContext(const QString& data_dir, QObject* parent = nullptr);
  ~AppContext() override;

  const QString& data_dir() const { return data_dir_; }
  const QString& database() const { return database_; }
  services::AccountStore& accounts() { return accounts_; }
  services::ModelRegistry& models() { return models_; }
  services::JobStore& jobs() { return jobs_; }
  services::JobRunner& runner() { return *runner_; }
  services::DownloadQueue& downloads() { return *downloads_; }

  void sign_in(const services::User& user);
  const services::User& user() const { return *user_; }
  services::Workspace& workspace() { return *workspace_; }

  // Starts the built-in server as `choice` says (or stops it: nullopt).
  // Returns the port, 0 when stopped or it could not listen; throws
  // services::ServiceError for TLS files that will not serve.
  quint16 set_server(const std::optional<services::ServingChoice>& choice);
  quint16 server_port() const { return server_port_; }
  // The running server's address to open ("https://…:5000/"), and its certificate (with TLS).
  const QString& server_url() const { return server_url_; }
  const std::optional<services::TlsIdentity>& server_identity() const { return server_identity_; }

 private:
  QString data_dir_, database_;
  services::AccountStore accounts_;
  services::ModelRegistry models_;
  services::JobStore jobs_;
  services::JobRunner* runner_;  // owned (QObject child)
  services::DownloadQueue* downloads_;  // owned (QObject child); shared with the built-in server
  std::optional<services::User> user_;
  std::unique_ptr<services::Workspace> workspace_;
  std::unique_ptr<services::ApiServer> server_;
  quint16 server_port_ = 0;
  QString server_url_;
  std::optional<services::TlsIdentity> server_identity_;
};

// The bundled demo model's folder: $TUNEDESK_DEMO_MODEL, else beside the
// installed program (share/tunedesk/models/demo-qwen3), else the source
// tree's models/demo-qwen3. Empty when none exists.
QString bundled_demo_model();

}  // namespace tunedesk::ui
