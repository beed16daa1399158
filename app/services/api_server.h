// The built-in HTTP server's JSON API, over the same account, dataset, job
// and model stores the desktop app uses (a job started in one appears in the
// other). Binds 127.0.0.1 unless told otherwise; over TLS when given an
// identity (tls_identity.h). The threat model and every defence: docs/SECURITY.md.
//   GET  /                            the browser UI (api_web.cpp); GET /api/session: who is signed in;
//                                     GET /api/server: TLS or not, reachable from the network or not, first run;
//                                     POST /api/setup: the first administrator, while there is no account
//                                     (from this machine, or with the setup code: first_run_access.h)
//   POST /api/login   {"username", "password"} → session cookie (HttpOnly,
//                     SameSite=Strict) and a CSRF token for browser writes
//   POST /api/logout
//   Programs send `Authorization: Bearer KEY` instead (tunedesk-cli users key NAME).
//   GET  /api/datasets                 the user's uploads and converted datasets
//   POST /api/datasets                 multipart upload, field "file", ≤ 50 MiB → 201, the dataset and its check
//   GET  /api/datasets/{id}/report     the validation report (`data check --json`'s form)
//   POST /api/datasets/{id}/convert    {"model_type", "val_ratio", "trim", "drop_duplicates", "name"} → 201
//   POST /api/datasets/{id}/clean      {"preview", "trim", "collapse", "invisible", "width", "opencc", "drop_duplicates",
//                                      "dedupe", "mask_pii", "names", "model_type", "name"} → 200 {"report"} (preview)
//                                      or 201 {"dataset", "source", "report"}: a new version; GET /api/cleaning: OpenCC's conversions
//   POST /api/datasets/{id}/augment    {"model", "kind", "per_row", …} → 201, a job writing candidate rows;
//   GET|POST /api/jobs/{id}/candidates  its candidates; the accepted (edited) ones → 201 a new version (api_augmentation.cpp)
//   GET  /api/jobs                     the user's jobs (an admin's: everyone's)
//   POST /api/jobs                     {"dataset": ID or "uploads/x.csv", "base_model": NAME,
//                                      "method", "model_type", "yaml"} → 201 and the job
//   GET  /api/jobs/{id}/metrics        every logged step, for charts
//   POST /api/lengths                  {"dataset", "base_model", "model_type", "yaml"}: the rows in tokens against the limits
//   GET  /api/compare?jobs=ID,ID        runs compared: their loss series and the settings that differ
//   GET  /api/jobs/{id}                one job; another user's is 404
//   POST /api/jobs/{id}/cancel         (browser: X-CSRF-Token)
//   POST /api/jobs/{id}/resume
//   POST /api/jobs/{id}/export         {"merge": bool} → 201 {"path": "exports/…", "written", "model"} (api_export.cpp)
//   POST /api/jobs/{id}/evaluation     base model vs fine-tuned, in the background; GET …/status, POST …/cancel,
//   GET  /api/jobs/{id}/evaluation     and the result kept with the run (?format=csv|jsonl) (api_evaluation.cpp)
//   GET  /api/models                   the user's base models (name, path, architecture, parameters, template)
//   POST /api/models                   {"path": FOLDER, "name"} → 201; relative paths are inside the user's
//                                      workspace, absolute ones only an administrator may name (else 403)
//   DELETE /api/models/{name}          off the list (the folder stays); the bundled model stays (403)
//   GET  /api/keys, POST /api/keys     the user's API keys; a new key is in the answer once
//   DELETE /api/keys/{id}              revoke (keys are managed from a signed-in browser, not with a key)
//   POST /api/password                 {"current", "new"}: the user's own password; other sessions end
//   GET|POST /api/users, PUT|DELETE /api/users/{name}   accounts, for administrators (api_users.cpp)
//   GET  /v1/models                    OpenAI's list shape: base models and finished fine-tuned jobs
//   POST /v1/chat/completions          OpenAI's chat completions, `stream: true` as server-sent events
// Errors are {"error": {"code", "message"}} (plus "kind" and "args", a template of
// util/user_error.cpp, when the browser can say it in the user's language) with 400, 401, 403, 404, 409, 413, 429 (413 and 431
// come from a request's head, before its body is read: guarded_tcp_server.h).
#pragma once

#include <atomic>

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QMap>
#include <QHostAddress>
#include <QHttpServer>
#include <QSslConfiguration>
#include <QString>
#include <QSet>
#include <QThread>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "services/account_store.h"
#include "services/api_keys.h"
#include "services/chat_worker.h"
#include "services/dataset_store.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/download_queue.h"
#include "services/first_run_access.h"
#include "services/guarded_tcp_server.h"
#include "services/model_registry.h"
#include "services/workspace.h"
#include "training/length_report.h"

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
  QString setup_code() const;
  // How long a browser's session lasts (default kSessionHours).
  void set_session_lifetime(int seconds) { session_seconds_ = seconds; }

  // Every route: its path pattern and method, as registered (for the
  // security tests, which attack each one).
  struct Route {
    QString path;
    QHttpServerRequest::Method method;
  };
  const std::vector<Route>& routes() const { return routes_; }

  static constexpr int kSessionHours = 12;
  static constexpr qint64 kMaxUploadBytes = 50 << 20;
  static constexpr qint64 kMaxRequestBytes = 8 << 20;  // the body of any other request

 private:
  struct Session {
    User user;
    QString csrf;
    QDateTime expires;
    bool by_api_key = false;  // a program's request (Authorization: Bearer), not a signed-in browser
  };
  struct Completion;  // a chat completion being answered
  // Why a request may not go on: the error answer's status, code and message.
  struct Refusal {
    QHttpServerResponder::StatusCode status = QHttpServerResponder::StatusCode::Unauthorized;
    QString code, message;
  };

  // The session of a request (cookie), or nothing when absent or expired.
  const Session* session_of(const QHttpServerRequest& request);
  // Who is asking: a session cookie (writes also need its CSRF token) or an
  // API key. Fills `refusal` (401/403) when neither will do.
  std::optional<Session> authorize(const QHttpServerRequest& request, bool write, Refusal& refusal);
  std::optional<Job> visible_job(const QString& id, const Session& session) const;
  std::optional<DatasetRecord> visible_dataset(const QString& id, const Session& session) const;
  // A dataset a request names: an id from /api/datasets or a file of the user's own workspace; empty when neither.
  QString dataset_file(const QString& asked, const Session& session) const;
  // The folder to chat with for an OpenAI model name: a base model's name or a finished job's id.
  QString chat_model_path(const QString& name, const Session& session) const;
  // Runs `handle` for an authorized request (401/403 otherwise).
  QHttpServerResponse with_session(const QHttpServerRequest& request, bool write,
                                   const std::function<QHttpServerResponse(const Session&)>& handle);
  QHttpServerResponse submit_job(const QHttpServerRequest& request, const Session& session);  // POST /api/jobs
  QHttpServerResponse count_lengths(const QHttpServerRequest& request, const Session& session);  // POST /api/lengths
  QHttpServerResponse upload_dataset(const QHttpServerRequest& request, const Session& session);
  QHttpServerResponse convert_dataset(const DatasetRecord& dataset, const QHttpServerRequest& request, const Session& session);
  // POST /api/datasets/{id}/clean (api_datasets.cpp): a new version, or with "preview" what it would change.
  QHttpServerResponse clean_dataset(const DatasetRecord& dataset, const QHttpServerRequest& request, const Session& session);
  static constexpr std::size_t kCleaningChangesShown = 500;
  void chat_completion(const QHttpServerRequest& request, QHttpServerResponder&& responder);
  void export_job(const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder);  // api_export.cpp
  // http_.route, recorded in routes_.
  template <typename... Handler>
  void route(const QString& path, QHttpServerRequest::Method method, Handler&&... handler) {
    routes_.push_back({path, method});
    http_.route(path, method, std::forward<Handler>(handler)...);
  }
  // The Set-Cookie value for a session token (`max_age` 0 clears it).
  QByteArray session_cookie(const QString& token, int max_age) const;
  void add_routes();
  void add_dataset_routes();
  void add_user_routes();
  void add_account_routes();  // the signed-in user's own API keys and password
  void add_model_routes();
  void add_evaluation_routes();  // a job's base-vs-tuned comparison: start, follow, cancel, read
  void add_augmentation_routes();  // a model writes candidate rows; the reviewed ones into a new version
  // Ends `user`'s sessions but the one `request` came with.
  void end_sessions(const QString& user, const QHttpServerRequest& request);
  // Runs `handle` for an administrator's request (403 for anyone else).
  QHttpServerResponse with_admin(const QHttpServerRequest& request, bool write,
                                 const std::function<QHttpServerResponse(const Session&)>& handle);
  void add_web_routes();
  // A new session for `user`: the cookie and the answer of /api/login.
  QHttpServerResponse sign_in(const User& user);
  // What /api/login, /api/setup and /api/session answer about a session.
  static QJsonObject session_json(const Session& session);
  QHttpServerResponse first_run_setup(const QHttpServerRequest& request);  // POST /api/setup
  // From this machine itself (first_run_access.h), not through a proxy.
  static bool local_request(const QHttpServerRequest& request);
  void connect_chat_worker();
  // A dataset file's {"passed", "rows", "valid_rows", "errors", "warnings"}
  // (or {"passed": false, "error"}), checked once per version of the file;
  // empty when the file is larger than `check_up_to` bytes and not checked yet.
  QJsonObject check_summary(const QString& path, qint64 check_up_to);
  void remember_check(const QString& path, const QJsonObject& summary);

  QString data_dir_;
  JobRunner& runner_;
  DownloadQueue& downloads_;
  AccountStore accounts_;
  ApiKeyStore keys_;
  DatasetStore datasets_;
  JobStore jobs_;
  ModelRegistry models_;
  QHash<QString, Session> sessions_;  // by token
  struct KnownCheck {
    qint64 size = -1;
    QDateTime modified;
    QJsonObject summary;
  };
  QHash<QString, KnownCheck> checks_;  // by path
  // The last token count of POST /api/lengths, by what decides it (the file's
  // version, the model, the instruction, the limits): the form asks again at
  // every change, and most (batch size, method) change only the memory estimate.
  struct CountedLengths {
    QString key;
    training::LengthReport report;
  };
  std::optional<CountedLengths> last_lengths_;
  QHttpServer http_;
  std::vector<Route> routes_;
  bool tls_ = false;              // listening over HTTPS
  bool beyond_loopback_ = false;  // listening on an address other machines can reach
  int session_seconds_ = kSessionHours * 3600;
  SetupCode setup_code_;
  QThread chat_thread_;
  ChatWorker* chat_ = nullptr;  // lives in chat_thread_
  QHash<int, std::shared_ptr<Completion>> completions_;  // by request number
  int next_request_ = 0;
  // A model download (api_models.cpp) as the page shows it, its folder relative to the workspace.
  QJsonObject download_json(const DownloadStatus& d, const Session& session) const;
  // The file or folder `requested` names for `user`: a relative path is in
  // their workspace; an absolute one anywhere for an administrator, inside the
  // workspace for anyone else. Throws ServiceError("model.outside_workspace").
  static QString requested_path(const QString& requested, const User& user, const Workspace& workspace);
  QSet<QString> exporting_;   // jobs being exported
  // A job's evaluation running in the background (api_evaluation.cpp); the
  // counts and cancel flag are shared with the engine's thread, the rest is
  // the server thread's.
  struct RunningEvaluation {
    std::atomic<std::size_t> done{0}, total{0};
    std::atomic<bool> cancel{false};
    QString state = "running";  // running, done, failed, cancelled
    QJsonObject error;
  };
  QHash<QString, std::shared_ptr<RunningEvaluation>> evaluations_;  // by job id: the latest of each
  QThreadPool export_pool_;   // one export at a time: a merge holds a whole model in memory
};

}  // namespace tunedesk::services
