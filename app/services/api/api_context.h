// What every controller of the API works on (api_controllers.h): the stores
// the desktop app shares, the job runner and download queue, the sessions,
// the pool for engine tasks, and the route table the controllers add their
// routes to. One per server; it owns the stores, the server owns it.
#pragma once

#include <QHttpServer>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <optional>
#include <vector>

#include "services/account_store.h"
#include "services/api/api_sessions.h"
#include "services/api_keys.h"
#include "services/dataset_store.h"
#include "services/download_queue.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/model_registry.h"
#include "services/workspace.h"

namespace tunedesk::services {

// A route as registered: its path pattern and method (for the security
// tests, which attack each one).
struct ApiRoute {
  QString path;
  QHttpServerRequest::Method method;
};

class ApiContext {
 public:
  using Handler = std::function<QHttpServerResponse(const ApiSession&)>;

  ApiContext(const QString& data_dir, JobRunner& runner, DownloadQueue& downloads, QHttpServer& http);

  static constexpr qint64 kMaxUploadBytes = 50 << 20;  // POST /api/datasets
  static constexpr qint64 kMaxRequestBytes = 8 << 20;  // the body of any other request

  const QString data_dir;
  JobRunner& runner;
  DownloadQueue& downloads;
  AccountStore accounts;
  ApiKeyStore keys;
  DatasetStore datasets;
  JobStore jobs;
  ModelRegistry models;
  ApiSessions sessions;
  // Exports and evaluations: one engine task at a time, since a merge holds a whole model in memory.
  QThreadPool engine_tasks;
  // How the server listens (ApiServer::listen): over TLS; on an address other machines can reach.
  bool tls = false;
  bool beyond_loopback = false;

  // Registers a route with the server and records it in routes().
  template <typename... Handlers>
  void route(const QString& path, QHttpServerRequest::Method method, Handlers&&... handler) {
    routes_.push_back({path, method});
    http_.route(path, method, std::forward<Handlers>(handler)...);
  }
  const std::vector<ApiRoute>& routes() const { return routes_; }
  // The object whose thread answers requests: work done elsewhere posts its answer to it.
  QObject& server_thread() { return http_; }

  // Runs `handle` for an authorized request (401/403 otherwise); for an
  // administrator's (403 for anyone else); with a job or dataset of the
  // user's that the path names (404 otherwise: another user's is answered
  // like one that does not exist).
  QHttpServerResponse with_session(const QHttpServerRequest& request, bool write, const Handler& handle);
  QHttpServerResponse with_admin(const QHttpServerRequest& request, bool write, const Handler& handle);
  QHttpServerResponse with_job(const QString& id, const QHttpServerRequest& request, bool write,
                               const std::function<QHttpServerResponse(const ApiSession&, const Job&)>& handle);
  QHttpServerResponse with_dataset(const QString& id, const QHttpServerRequest& request, bool write,
                                   const std::function<QHttpServerResponse(const ApiSession&, const DatasetRecord&)>& handle);

  Workspace workspace(const QString& user) const { return Workspace(data_dir, user); }
  std::optional<Job> visible_job(const QString& id, const ApiSession& session) const;
  std::optional<DatasetRecord> visible_dataset(const QString& id, const ApiSession& session) const;
  // A dataset a request names: an id from /api/datasets or a file of the user's own workspace; empty when neither.
  QString dataset_file(const QString& asked, const ApiSession& session) const;
  // The folder of a model to generate with: a base model's name or a finished job's id (as OpenAI's "model").
  QString chat_model_path(const QString& name, const ApiSession& session) const;
  // The file or folder `requested` names for `user`: a relative path is in
  // their workspace; an absolute one anywhere for an administrator, inside the
  // workspace for anyone else. Throws ServiceError("model.outside_workspace").
  static QString requested_path(const QString& requested, const User& user, const Workspace& workspace);

 private:
  QHttpServer& http_;
  std::vector<ApiRoute> routes_;
};

}  // namespace tunedesk::services
