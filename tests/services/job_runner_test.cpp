// The job runner: a job runs in the worker thread through to its adapter,
// with progress in the store and in signals; cancel stops it with a
// checkpoint and resume finishes it; a job left running by a dead process
// is interrupted at the next start.
#include <gtest/gtest.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QTemporaryDir>
#include <QTimer>

#include "model/tiny_model.h"
#include "services/dataset_augmentation.h"
#include "services/job_runner.h"
#include "services/job_submission.h"
#include "services/service_error.h"
#include "test_paths.h"

using namespace tunedesk;
using namespace tunedesk::services;

namespace {

struct JobFixture {
  QTemporaryDir dir;
  QString db() const { return dir.filePath("tunedesk.db"); }
  QString model() const { return dir.filePath("model"); }
  QString data() const { return QString(TUNEDESK_SOURCE_DIR) + "/resources/samples/arithmetic.csv"; }
  JobFixture() {
    model::TinyModelSpec spec;
    spec.arch = model::Arch::qwen3;
    model::write_tiny_model(model().toStdString(), spec);
  }
  Job job(int max_steps) const {
    Job j;
    j.owner = "alice";
    j.dataset = data();
    j.base_model = model();
    j.method = "lora";
    j.config = QJsonObject{{"yaml", QString("training_args:\n  max_steps: %1\n  save_steps: 1\n  learning_rate: 1e-3\n"
                                            "peft_config:\n  peft_type: LORA\n  r: 4\n").arg(max_steps)}};
    return j;
  }
};

// Runs the event loop until `done` or 60 s.
void wait_until(const std::function<bool()>& done) {
  QEventLoop loop;
  QTimer poll, limit;
  QObject::connect(&poll, &QTimer::timeout, [&] {
    if (done()) loop.quit();
  });
  QObject::connect(&limit, &QTimer::timeout, &loop, &QEventLoop::quit);
  poll.start(20);
  limit.start(60000);
  loop.exec();
}

}  // namespace

TEST(JobRunner, RunsAJobToItsAdapterWithProgress) {
  JobFixture s;
  JobRunner runner(s.db());
  std::vector<QJsonObject> progress;
  QString finished_status;
  QObject::connect(&runner, &JobRunner::jobProgress, [&](const QString&, const QJsonObject& m) { progress.push_back(m); });
  QObject::connect(&runner, &JobRunner::jobFinished, [&](const QString&, const QString& status, const QString&) {
    finished_status = status;
  });
  const Job job = runner.submit(s.job(3), s.dir.filePath("runs"));
  wait_until([&] { return !finished_status.isEmpty(); });
  EXPECT_EQ(finished_status, "completed");
  ASSERT_EQ(progress.size(), 3u);
  EXPECT_EQ(progress.back()["step"].toInt(), 3);
  JobStore store(s.db());
  const Job done = *store.find(job.id);
  EXPECT_EQ(done.status, JobStatus::completed);
  EXPECT_EQ(done.step, 3);
  EXPECT_TRUE(QFile::exists(QDir(done.output).filePath("adapter/adapter_model.safetensors")));
  EXPECT_TRUE(QFile::exists(QDir(done.output).filePath("train.log")));
}

// nproc 2 (the desktop form's GPU count): two ranks of one data-parallel run
// as threads of the engine plugin; here on the CPU over Gloo.
TEST(JobRunner, AJobOnTwoDevicesTrainsDataParallel) {
  JobFixture s;
  JobRunner runner(s.db());
  std::vector<QJsonObject> progress;
  QString finished_status, finished_message;
  QObject::connect(&runner, &JobRunner::jobProgress, [&](const QString&, const QJsonObject& m) { progress.push_back(m); });
  QObject::connect(&runner, &JobRunner::jobFinished, [&](const QString&, const QString& status, const QString& message) {
    finished_status = status;
    finished_message = message;
  });
  Job job = s.job(3);
  job.config["yaml"] = job.config["yaml"].toString() + "device: cpu\nnproc: 2\n";
  const Job submitted = runner.submit(job, s.dir.filePath("runs"));
  wait_until([&] { return !finished_status.isEmpty(); });
  ASSERT_EQ(finished_status, "completed") << finished_message.toStdString();
  ASSERT_EQ(progress.size(), 3u);  // reported once per step, by rank 0
  const Job done = *JobStore(s.db()).find(submitted.id);
  EXPECT_TRUE(QFile::exists(QDir(done.output).filePath("adapter/adapter_model.safetensors")));
  QFile config(QDir(done.output).filePath("config.json"));
  ASSERT_TRUE(config.open(QIODevice::ReadOnly));
  const QByteArray effective = config.readAll();
  EXPECT_TRUE(effective.contains("\"processes\": 2")) << effective.toStdString();
}

TEST(JobRunner, CancelThenResumeFinishesFromTheCheckpoint) {
  JobFixture s;
  JobRunner runner(s.db());
  QString status;
  QObject::connect(&runner, &JobRunner::jobFinished, [&](const QString&, const QString& st, const QString&) { status = st; });
  Job job;
  QObject::connect(&runner, &JobRunner::jobProgress, [&](const QString& id, const QJsonObject& m) {
    if (m["step"].toInt() == 2) runner.cancel(id);
  });
  job = runner.submit(s.job(6), s.dir.filePath("runs"));
  wait_until([&] { return !status.isEmpty(); });
  ASSERT_EQ(status, "cancelled");
  JobStore store(s.db());
  EXPECT_LT(store.find(job.id)->step, 6);
  status.clear();
  ASSERT_TRUE(runner.resume(job.id));
  wait_until([&] { return !status.isEmpty(); });
  EXPECT_EQ(status, "completed");
  EXPECT_EQ(store.find(job.id)->step, 6);
  QFile log(QDir(store.find(job.id)->output).filePath("train.log"));
  ASSERT_TRUE(log.open(QIODevice::ReadOnly));
  EXPECT_TRUE(log.readAll().contains("(resumed from step"));
  EXPECT_FALSE(runner.cancel(job.id));  // finished
}

TEST(JobRunner, BadJobsFailWithTheirReason) {
  JobFixture s;
  JobRunner runner(s.db());
  QString status, error;
  QObject::connect(&runner, &JobRunner::jobFinished, [&](const QString&, const QString& st, const QString& e) {
    status = st;
    error = e;
  });
  Job bad = s.job(2);
  bad.dataset = QString(TUNEDESK_SOURCE_DIR) + "/resources/samples/broken.csv";
  const Job submitted = runner.submit(bad, s.dir.filePath("runs"));
  wait_until([&] { return !status.isEmpty(); });
  EXPECT_EQ(status, "failed");
  EXPECT_TRUE(error.contains("training refuses data with errors")) << error.toStdString();
  // Kept with its template, so that a UI can say it in the user's language.
  const std::optional<Job> failed = JobStore(s.db()).find(submitted.id);
  ASSERT_TRUE(failed);
  EXPECT_EQ(failed->error_kind, "training.data_refused");
  ASSERT_EQ(failed->error_args.size(), 3);
  EXPECT_GT(failed->error_args[0].toInt(), 0);  // the count of errors
  EXPECT_TRUE(failed->error_args[1].endsWith("broken.csv"));
  EXPECT_EQ(to_json(*failed)["error_kind"].toString(), "training.data_refused");
}

// An augmentation queues like a training: rows as its steps, the candidates
// so far as its metrics; stopped, it keeps what it made for the review. The
// same options in and out of the job's config.
TEST(JobRunner, AnAugmentationStopsWhenCancelledAndKeepsWhatItMade) {
  JobFixture s;
  JobRunner runner(s.db());
  QString status;
  QObject::connect(&runner, &JobRunner::jobFinished, [&](const QString&, const QString& st, const QString&) { status = st; });
  int progress = 0;
  QObject::connect(&runner, &JobRunner::jobProgress, [&](const QString& id, const QJsonObject& m) {
    ++progress;
    EXPECT_TRUE(m.contains("candidates"));
    if (m["rows"].toInt() == 1) runner.cancel(id);
  });
  AugmentationJobRequest request{"alice", s.data(), s.model(), {}};
  request.options.per_row = 2;
  request.options.seed = 3;
  request.options.max_new_tokens = 48;
  const Job job = runner.submit(checked_augmentation_job(request), s.dir.filePath("runs"));
  EXPECT_EQ(job.method, kAugmentationMethod);
  EXPECT_FALSE(has_trained_model(job));
  const data::AugmentationRequest stored = augmentation_request_of(job);
  EXPECT_EQ(stored.per_row, 2u);
  EXPECT_EQ(stored.seed, 3u);
  EXPECT_EQ(stored.max_new_tokens, 48);
  EXPECT_EQ(stored.output.string(), candidates_path(job).toStdString());
  wait_until([&] { return !status.isEmpty(); });
  ASSERT_EQ(status, "cancelled");
  const Job done = *JobStore(s.db()).find(job.id);
  EXPECT_GT(done.total_steps, 10);  // the sample's rows
  EXPECT_LT(done.step, done.total_steps);  // stopped soon after the first row, not at the end of the file
  EXPECT_EQ(progress, done.step);
  const std::vector<Candidate> candidates = read_candidates(done);
  EXPECT_EQ(static_cast<int>(candidates.size()), done.metrics["candidates"].toInt());
  EXPECT_LE(static_cast<qint64>(candidates.size()), 2 * done.step);
  for (const Candidate& c : candidates) EXPECT_LE(c.from_line, done.step + 1);  // the rows done only (row 1 on line 2)

  // A training job has no candidates; a missing model folder is said before anything is queued.
  Job training = s.job(1);
  training.status = JobStatus::completed;
  EXPECT_THROW(read_candidates(training), ServiceError);
  // A prompt of the user's keeps what its kind works from, said before anything is queued.
  request.options.prompt_template = "Rewrite this.";
  try {
    checked_augmentation_job(request);
    FAIL() << "a prompt without {question} was accepted";
  } catch (const UserError& e) {
    EXPECT_EQ(e.kind(), "augment.prompts");
  }
  request.options.prompt_template.clear();
  request.model = s.dir.filePath("none");
  try {
    checked_augmentation_job(request);
    FAIL() << "a missing model folder was accepted";
  } catch (const ServiceError& e) {
    EXPECT_EQ(e.kind(), "model.no_folder");
  }
}

TEST(JobRunner, AJobLeftRunningIsInterruptedAtTheNextStart) {
  JobFixture s;
  QString id;
  {
    JobStore store(s.db());
    Job j = s.job(2);
    id = store.create(j).id;
    store.set_status(id, JobStatus::running);
  }
  JobRunner runner(s.db());
  JobStore store(s.db());
  EXPECT_EQ(store.find(id)->status, JobStatus::interrupted);
}

int main(int argc, char** argv) {
  QCoreApplication app(argc, argv);
  ::testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
