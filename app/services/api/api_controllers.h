// The API's areas, one controller each (in the manner of qBittorrent's web
// API): made with the shared context (api_context.h), a controller adds its
// routes and keeps what only its area needs. Each lives in the .cpp of its
// name, which lists its routes. Errors are {"error": {"code", "message"}}
// (plus "kind" and "args", a template of util/user_error.cpp, when the
// browser can say it in the user's language).
#pragma once

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QThread>

#include <atomic>
#include <memory>
#include <optional>
#include <variant>

#include "services/api/api_context.h"
#include "services/first_run_access.h"
#include "training/length_report.h"

namespace tunedesk::services {

class ChatWorker;

// Signing in and out, the first administrator, what the sign-in page needs (auth_controller.cpp).
class AuthController {
 public:
  explicit AuthController(ApiContext& api);
  // While no account exists: the code that lets a browser elsewhere create the administrator; empty once one exists.
  QString setup_code() const;

 private:
  QHttpServerResponse first_run_setup(const QHttpServerRequest& request);
  ApiContext& api_;
  SetupCode setup_code_;
};

// The page, its files, its texts in a language, the training settings' schema (web_controller.cpp).
class WebController {
 public:
  explicit WebController(ApiContext& api);
};

// Uploads, reports, conversion, cleaning and versions (datasets_controller.cpp).
class DatasetsController {
 public:
  explicit DatasetsController(ApiContext& api);

 private:
  QHttpServerResponse upload(const QHttpServerRequest& request, const ApiSession& s);
  QHttpServerResponse convert(const DatasetRecord& dataset, const QHttpServerRequest& request, const ApiSession& s);
  QHttpServerResponse clean(const DatasetRecord& dataset, const QHttpServerRequest& request, const ApiSession& s);
  QHttpServerResponse diff(const DatasetRecord& dataset, const QHttpServerRequest& request, const ApiSession& s);
  // A dataset file's {"passed", "rows", "valid_rows", "errors", "warnings"}
  // (or {"passed": false, "error"}), checked once per version of the file;
  // empty when the file is larger than `check_up_to` bytes and not checked yet.
  QJsonObject check_summary(const QString& path, qint64 check_up_to);
  void remember_check(const QString& path, const QJsonObject& summary);

  ApiContext& api_;
  struct KnownCheck {
    qint64 size = -1;
    QDateTime modified;
    QJsonObject summary;
  };
  QHash<QString, KnownCheck> checks_;  // by path
};

// Training jobs: submit, list, follow, cancel, resume, compare; the lengths check before one (jobs_controller.cpp).
class JobsController {
 public:
  explicit JobsController(ApiContext& api);

 private:
  // What POST /api/jobs and /api/lengths name; read_request answers the error when it cannot be read.
  struct JobRequest {
    QString dataset;  // the file
    BaseModel base;
    QString method, model_type, yaml;  // empty: the defaults
  };
  std::variant<JobRequest, QHttpServerResponse> read_request(const QHttpServerRequest& request, const ApiSession& s) const;
  QHttpServerResponse submit(const QHttpServerRequest& request, const ApiSession& s);
  QHttpServerResponse compare(const QHttpServerRequest& request, const ApiSession& s);
  QHttpServerResponse count_lengths(const QHttpServerRequest& request, const ApiSession& s);

  ApiContext& api_;
  // The last token count of POST /api/lengths, by what decides it (the file's
  // version, the model, the instruction, the limits): the form asks again at
  // every change, and most (batch size, method) change only the memory estimate.
  struct CountedLengths {
    QString key;
    training::LengthReport report;
  };
  std::optional<CountedLengths> last_lengths_;
};

// A model writes candidate rows as a job; the reviewed ones go into a new version (augmentation_controller.cpp).
class AugmentationController {
 public:
  explicit AugmentationController(ApiContext& api);
};

// A finished job against its base model, in the background (evaluation_controller.cpp).
class EvaluationController {
 public:
  explicit EvaluationController(ApiContext& api);
  void cancel_all();  // before the server goes

 private:
  ApiContext& api_;
  // A job's evaluation running on the engine's pool; the counts and cancel
  // flag are shared with that thread, the rest is the server thread's.
  struct Running {
    std::atomic<std::size_t> done{0}, total{0};
    std::atomic<bool> cancel{false};
    QString state = "running";  // running, done, failed, cancelled
    QJsonObject error;
  };
  QHash<QString, std::shared_ptr<Running>> running_;  // by job id: the latest of each
};

// A finished job's result written as an adapter, a merged model or GGUF (export_controller.cpp).
class ExportController {
 public:
  explicit ExportController(ApiContext& api);

 private:
  void start(const QString& id, const QHttpServerRequest& request, QHttpServerResponder&& responder);
  ApiContext& api_;
  QSet<QString> exporting_;  // job ids
};

// Base models: the list, folders added, downloads from the hubs, the hub caches (models_controller.cpp).
class ModelsController {
 public:
  explicit ModelsController(ApiContext& api);

 private:
  // A model download as the page shows it, its folder relative to the workspace.
  QJsonObject download_json(const DownloadStatus& d, const ApiSession& session) const;
  ApiContext& api_;
};

// OpenAI's /v1/models and /v1/chat/completions, answered on a chat thread (chat_controller.cpp).
class ChatController {
 public:
  explicit ChatController(ApiContext& api);
  ~ChatController();  // stops answers in progress

 private:
  struct Completion;
  void complete(const QHttpServerRequest& request, QHttpServerResponder&& responder);
  void write_piece(int request, const QString& text);
  void finish(int request, const QJsonObject& result);

  ApiContext& api_;
  QThread thread_;
  ChatWorker* worker_ = nullptr;  // lives in thread_
  QHash<int, std::shared_ptr<Completion>> completions_;  // by request number
  int next_request_ = 0;
};

// Accounts, for administrators (users_controller.cpp).
class UsersController {
 public:
  explicit UsersController(ApiContext& api);
};

// The signed-in user's own API keys and password (account_controller.cpp).
class AccountController {
 public:
  explicit AccountController(ApiContext& api);
};

}  // namespace tunedesk::services
