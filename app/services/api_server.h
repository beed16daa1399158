// The built-in HTTP server's JSON API (first part): sessions, jobs and the
// model list, over the same account, job and model stores the desktop app
// uses (a job started in one appears in the other). Binds 127.0.0.1 unless
// told otherwise.
//   POST /api/login   {"username", "password"} → session cookie (HttpOnly,
//                     SameSite=Strict) and a CSRF token for browser writes
//   POST /api/logout
//   GET  /api/jobs                 the user's jobs (an admin's: everyone's)
//   POST /api/jobs                 {"dataset": "uploads/x.csv", "base_model": NAME,
//                                  "method", "model_type", "yaml"} → 201 and the job
//   GET  /api/jobs/{id}/metrics    every logged step, for charts
//   GET  /api/jobs/{id}            one job; another user's is 404
//   POST /api/jobs/{id}/cancel     needs X-CSRF-Token
//   POST /api/jobs/{id}/resume     needs X-CSRF-Token
//   GET  /v1/models                OpenAI's list shape
// Errors are {"error": {"code", "message"}} with 400, 401, 403, 404, 429.
#pragma once

#include <QDateTime>
#include <QHash>
#include <QHostAddress>
#include <QHttpServer>
#include <QString>

#include <functional>
#include <memory>

#include "services/account_store.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/model_registry.h"

namespace tunedesk::services {

class ApiServer {
 public:
  // `runner` runs the jobs (it must outlive the server).
  ApiServer(const QString& data_dir, JobRunner& runner);
  // Returns the port (a free one for 0), or 0 when it cannot listen.
  quint16 listen(const QHostAddress& address = QHostAddress::LocalHost, quint16 port = 5000);

  static constexpr int kSessionHours = 12;

 private:
  struct Session {
    User user;
    QString csrf;
    QDateTime expires;
  };
  // The session of a request (cookie), or nothing when absent or expired.
  const Session* session_of(const QHttpServerRequest& request);
  std::optional<Job> visible_job(const QString& id, const Session& session) const;
  // Runs `handle` for a logged-in request (401 otherwise); writes also need the CSRF token (403).
  QHttpServerResponse with_session(const QHttpServerRequest& request, bool write,
                                   const std::function<QHttpServerResponse(const Session&)>& handle);
  QHttpServerResponse submit_job(const QHttpServerRequest& request, const Session& session);  // POST /api/jobs
  void add_routes();

  QString data_dir_;
  JobRunner& runner_;
  AccountStore accounts_;
  JobStore jobs_;
  ModelRegistry models_;
  QHash<QString, Session> sessions_;  // by token
  QHttpServer http_;
};

}  // namespace tunedesk::services
