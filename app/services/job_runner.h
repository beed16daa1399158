// Runs the jobs of the job store (training; augmentation: services/dataset_augmentation.h), one at a time, in a worker
// QThread: the oldest queued job first. Progress reaches the store (so that
// any front-end can look a job up by id) and the signals below (queued into
// the thread that owns the runner). Cancel stops a running job after its
// current step, with a checkpoint; resume puts an interrupted or cancelled
// job back in the queue to continue from its newest checkpoint.
//
// A job's config is {"yaml": "<a run config, as in resources/configs>",
// "model_type": NAME (optional)}; its
// dataset, base model, method and output folder override the YAML's.
#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QThread>

#include <atomic>
#include <memory>

#include "services/job_store.h"

namespace tunedesk::services {

class JobWorker;

class JobRunner : public QObject {
  Q_OBJECT

 public:
  // `database_path`: the store's file (the worker opens its own connection).
  explicit JobRunner(const QString& database_path, QObject* parent = nullptr);
  ~JobRunner() override;  // cancels a running job and waits for the worker

  // Queues a job, to write its run folder at RUNS_DIR/<id>, and returns it with its id.
  Job submit(Job job, const QString& runs_dir);
  // Queued: cancelled at once. Running: stops after the current step. Returns false when the job is finished or unknown.
  bool cancel(const QString& id);
  // Interrupted or cancelled (with a checkpoint): queued again to continue.
  bool resume(const QString& id);
  // Starts the next queued job if none is running (also called by submit/resume).
  void poke();

 Q_SIGNALS:
  void jobStarted(const QString& id);
  void jobProgress(const QString& id, const QJsonObject& metrics);
  void jobLog(const QString& id, const QString& line);
  void jobFinished(const QString& id, const QString& status, const QString& error);

 private:
  JobStore store_;
  QThread thread_;
  JobWorker* worker_ = nullptr;  // lives in thread_
  std::shared_ptr<std::atomic<bool>> cancel_running_;
  QString running_id_;
  friend class JobWorker;
};

// The worker side: runs one job when asked; all of its time is in the worker thread.
class JobWorker : public QObject {
  Q_OBJECT

 public:
  JobWorker(QString database_path, std::shared_ptr<std::atomic<bool>> cancel);

 public Q_SLOTS:
  void run(const QString& id);

 Q_SIGNALS:
  void started(const QString& id);
  void progress(const QString& id, const QJsonObject& metrics);
  void log(const QString& id, const QString& line);
  void finished(const QString& id, const QString& status, const QString& error);

 private:
  QString database_path_;
  std::shared_ptr<std::atomic<bool>> cancel_;
};

}  // namespace tunedesk::services
