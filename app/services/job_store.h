// Training jobs, kept in SQLite so that they outlive the process: who asked
// for what (dataset, base model, method, config), where it stands (status,
// step of total, ETA, latest metrics), what came of it (output, error) and
// when. A job that was running when the app died is `interrupted` at the
// next start, and can be resumed from its last checkpoint.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

#include "services/account_store.h"
#include "services/sqlite_connection.h"

namespace tunedesk::services {

enum class JobStatus { queued, running, completed, failed, cancelled, interrupted };
QString status_name(JobStatus s);
std::optional<JobStatus> parse_status(const QString& name);
bool is_finished(JobStatus s);  // completed, failed, cancelled

struct Job {
  QString id;           // short and unique, e.g. "j4f9a21c"
  QString owner;
  QString dataset;      // path of the training data
  QString base_model;   // path of the base model folder
  QString method;       // lora, ptuning_v2, sft; augment (kAugmentationMethod)
  QJsonObject config;   // the run's settings
  JobStatus status = JobStatus::queued;
  qint64 step = 0, total_steps = 0;
  double eta_s = 0;
  QJsonObject metrics;  // the latest logged step
  QString error;
  QString error_kind;       // the error's template id (util/user_error.h), empty when it has none
  QStringList error_args;   // and its values, so that a UI can say it in the user's language
  QString output;       // the run folder
  QDateTime created, started, finished;
};

// The method of an augmentation job (services/dataset_augmentation.h): it
// writes candidate rows for a dataset, not a model.
inline constexpr char kAugmentationMethod[] = "augment";
inline bool is_augmentation(const Job& job) { return job.method == kAugmentationMethod; }
// A job whose result is a model to chat with, evaluate or export: a completed training.
inline bool has_trained_model(const Job& job) { return job.status == JobStatus::completed && !is_augmentation(job); }

// A job as JSON, as `tunedesk-cli jobs show --json` and the HTTP API answer it.
QJsonObject to_json(const Job& job);

class JobStore {
 public:
  explicit JobStore(const QString& database_path);  // creates the table; throws ServiceError

  // Jobs left `running` by a process that is gone become `interrupted`.
  // Called once when the app or server starts. Returns their ids.
  std::vector<QString> mark_running_as_interrupted();

  // Assigns id, status queued and creation time, and with `runs_dir` the
  // run folder RUNS_DIR/<id> as output; returns the stored job.
  Job create(Job job, const QString& runs_dir = {});
  std::optional<Job> find(const QString& id) const;
  std::vector<Job> list(const QString& owner = {}) const;  // newest first; all owners when empty
  std::optional<Job> next_queued() const;                   // the oldest queued job

  // The one rule for what a user sees, whichever front-end asks: their own
  // jobs, an administrator's everyone's. Another user's job is not found.
  std::vector<Job> list_visible(const User& user) const;
  std::optional<Job> find_visible(const QString& id, const User& user) const;

  void set_status(const QString& id, JobStatus status, const QString& error = {}, const QString& error_kind = {},
                  const QStringList& error_args = {});
  void set_progress(const QString& id, qint64 step, qint64 total_steps, double eta_s, const QJsonObject& metrics);
  void set_config(const QString& id, const QJsonObject& config);

 private:
  SqliteConnection db_;
};

}  // namespace tunedesk::services
