#include "services/job_runner.h"

#include <QDir>
#include <QJsonDocument>

#include <chrono>
#include <exception>

#include "services/dataset_augmentation.h"
#include "services/engine_bridge.h"
#include "training/run_files.h"
#include "services/service_error.h"

namespace tunedesk::services {
namespace {

// The engine's view of a job: its YAML, then its own fields on top.
TrainingSpec spec_of(const Job& job) {
  TrainingSpec spec;
  spec.yaml = job.config.value("yaml").toString().toStdString();
  spec.source = "job " + job.id.toStdString();
  spec.model = job.base_model.toStdString();
  spec.dataset = job.dataset.toStdString();
  spec.output_dir = job.output.toStdString();
  spec.method = job.method.toStdString();
  spec.model_type = job.config.value("model_type").toString().toStdString();
  spec.resume = job.config.value("resume").toBool();
  return spec;
}

// A training job: its logged steps reach the store, the signals and train.log
// alike. Returns true when cancelled (after a step, with a checkpoint).
bool run_training(const Job& job, JobStore& store, JobWorker& worker, const std::atomic<bool>* cancel) {
  TrainingCallbacks callbacks;
  callbacks.cancel = cancel;
  callbacks.on_note = [&](const std::string& line) { Q_EMIT worker.log(job.id, QString::fromStdString(line)); };
  callbacks.on_step = [&](const std::string& metrics_json, const std::string& line, int64_t step, int64_t total,
                          double eta_s) {
    // metrics.jsonl's form, so that the store, the signals and the file agree.
    const QJsonObject metrics = QJsonDocument::fromJson(QByteArray::fromStdString(metrics_json)).object();
    store.set_progress(job.id, step, total, eta_s, metrics);
    Q_EMIT worker.progress(job.id, metrics);
    Q_EMIT worker.log(job.id, QString::fromStdString(line));  // as train.log has it
  };
  return engine_bridge().run_training(spec_of(job), callbacks).cancelled;
}

// An augmentation job (services/dataset_augmentation.h): rows done of rows to
// do as its steps, the candidates so far as its metrics. Returns true when cancelled.
bool run_augmentation(const Job& job, JobStore& store, JobWorker& worker, const std::atomic<bool>* cancel) {
  const data::AugmentationRequest request = augmentation_request_of(job);
  QDir().mkpath(job.output);
  const auto started = std::chrono::steady_clock::now();
  const data::AugmentationOutcome done = engine_bridge().augment_dataset(
      request,
      [&](std::size_t rows, std::size_t total, std::size_t written) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        const double eta = rows ? elapsed / static_cast<double>(rows) * static_cast<double>(total - rows) : 0.0;
        const QJsonObject metrics{{"rows", static_cast<qint64>(rows)}, {"candidates", static_cast<qint64>(written)}};
        store.set_progress(job.id, static_cast<qint64>(rows), static_cast<qint64>(total), eta, metrics);
        Q_EMIT worker.progress(job.id, metrics);
      },
      cancel);
  Q_EMIT worker.log(job.id, QString("%1 candidates for %2 rows; %3 generations unusable (empty, the row itself, or a repeat)")
                                .arg(done.written).arg(done.rows).arg(done.unusable));
  return done.cancelled;
}

}  // namespace

JobWorker::JobWorker(QString database_path, std::shared_ptr<std::atomic<bool>> cancel)
    : database_path_(std::move(database_path)), cancel_(std::move(cancel)) {}

void JobWorker::run(const QString& id) {
  JobStore store(database_path_);  // this thread's own connection
  const std::optional<Job> job = store.find(id);
  if (!job) return;
  store.set_status(id, JobStatus::running);
  Q_EMIT started(id);
  JobStatus status = JobStatus::completed;
  QString error;
  ErrorTemplate translatable;
  try {
    const bool cancelled = is_augmentation(*job) ? run_augmentation(*job, store, *this, cancel_.get())
                                                 : run_training(*job, store, *this, cancel_.get());
    if (cancelled) status = JobStatus::cancelled;
  } catch (const std::exception& e) {
    status = JobStatus::failed;
    error = QString::fromStdString(e.what());
    translatable = error_template(e).value_or(ErrorTemplate{});
    Q_EMIT log(id, "error: " + error);
  }
  store.set_status(id, status, error, translatable.kind, translatable.args);
  Q_EMIT finished(id, status_name(status), error);
}

JobRunner::JobRunner(const QString& database_path, QObject* parent)
    : QObject(parent), store_(database_path), cancel_running_(std::make_shared<std::atomic<bool>>(false)) {
  store_.mark_running_as_interrupted();  // a previous process died mid-run
  worker_ = new JobWorker(database_path, cancel_running_);
  worker_->moveToThread(&thread_);
  connect(&thread_, &QThread::finished, worker_, &QObject::deleteLater);
  connect(worker_, &JobWorker::started, this, &JobRunner::jobStarted);
  connect(worker_, &JobWorker::progress, this, &JobRunner::jobProgress);
  connect(worker_, &JobWorker::log, this, &JobRunner::jobLog);
  connect(worker_, &JobWorker::finished, this, [this](const QString& id, const QString& status, const QString& error) {
    running_id_.clear();
    Q_EMIT jobFinished(id, status, error);
    poke();  // the next one in the queue
  });
  thread_.setObjectName("tunedesk-training");
  thread_.start();
}

JobRunner::~JobRunner() {
  cancel_running_->store(true);
  thread_.quit();
  thread_.wait();
}

Job JobRunner::submit(Job job, const QString& runs_dir) {
  const Job stored = store_.create(std::move(job), runs_dir);
  poke();
  return *store_.find(stored.id);
}

bool JobRunner::cancel(const QString& id) {
  const std::optional<Job> job = store_.find(id);
  if (!job || is_finished(job->status)) return false;
  if (id == running_id_) {
    cancel_running_->store(true);
  } else {
    store_.set_status(id, JobStatus::cancelled);
    Q_EMIT jobFinished(id, status_name(JobStatus::cancelled), {});
  }
  return true;
}

bool JobRunner::resume(const QString& id) {
  const std::optional<Job> job = store_.find(id);
  if (!job || (job->status != JobStatus::interrupted && job->status != JobStatus::cancelled)) return false;
  if (training::latest_checkpoint(QDir(job->output).filePath("checkpoints").toStdString()).empty()) {
    store_.set_status(id, JobStatus::queued);  // nothing saved yet: start again
  } else {
    QJsonObject config = job->config;
    config["resume"] = true;
    store_.set_config(id, config);
    store_.set_status(id, JobStatus::queued);
  }
  poke();
  return true;
}

void JobRunner::poke() {
  if (!running_id_.isEmpty()) return;
  const std::optional<Job> next = store_.next_queued();
  if (!next) return;
  running_id_ = next->id;
  cancel_running_->store(false);
  QMetaObject::invokeMethod(worker_, "run", Qt::QueuedConnection, Q_ARG(QString, next->id));
}

}  // namespace tunedesk::services
