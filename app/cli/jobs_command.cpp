#include "jobs_command.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

#include <iomanip>
#include <iostream>

#include "arg_parser.h"
#include "data_dir_option.h"
#include "exit_codes.h"
#include "services/data_dir.h"
#include "services/account_store.h"
#include "services/job_runner.h"
#include "services/job_store.h"
#include "services/job_submission.h"
#include "services/workspace.h"
#include "training/train_config.h"

namespace tunedesk::cli {

using services::Job;

int run_jobs_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli jobs",
              "Training jobs, as the desktop app and the browser UI queue them: look them up, queue one, run the queue.");
  p.positional("ACTION", "list, show ID, submit, run, or resume ID")
      .positional("ID", "for show and resume: the job's id (e.g. j4f9a21c)", /*optional=*/true)
      .option("--user", "NAME", "list: only this user's jobs; submit: whose job it is (an existing account)")
      .option("--data", "FILE", "submit: the training data (CSV or JSONL; kept in the user's workspace as uploaded)")
      .option("--model", "DIR", "submit: the base model folder")
      .option("--method", "M", "submit: lora, ptuning_v2 or sft (default: the config's, else lora)")
      .option("--model-type", "NAME", "submit: the system instruction for rows without one (default: the config's, else general)")
      .option("--config", "FILE", "submit: a YAML run config (resources/configs/*.yaml)")
      .flag("--json", "print JSON");
  add_data_dir_option(p);
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const QString dir = data_dir_option(p);
  const QString store_path = services::database_path(dir);
  services::JobStore store(store_path);
  const std::string action = p.positional_value("ACTION");
  if (action == "show") {
    const QString id = QString::fromStdString(p.positional_value("ID"));
    if (id.isEmpty()) throw UsageError("show needs the job's ID");
    const std::optional<Job> job = store.find(id);
    if (!job) {
      std::cerr << "tunedesk-cli jobs: no job '" << id.toStdString() << "'\n";
      return kExitCheckFailed;
    }
    const QJsonObject j = services::to_json(*job);
    if (p.has("--json")) {
      std::cout << QJsonDocument(j).toJson(QJsonDocument::Indented).toStdString();
      return kExitOk;
    }
    for (const char* key : {"id", "owner", "status", "method", "dataset", "base_model", "output", "created", "started", "finished"})
      std::cout << std::left << std::setw(12) << key << j[key].toString().toStdString() << "\n";
    std::cout << std::setw(12) << "progress" << job->step << "/" << job->total_steps << "\n";
    if (!job->metrics.isEmpty())
      std::cout << std::setw(12) << "metrics" << QJsonDocument(job->metrics).toJson(QJsonDocument::Compact).toStdString() << "\n";
    if (!job->error.isEmpty()) std::cout << std::setw(12) << "error" << job->error.toStdString() << "\n";
    return kExitOk;
  }
  if (action == "submit") {
    const QString user = QString::fromStdString(p.value_or("--user", ""));
    const auto data = p.value("--data"), model = p.value("--model");
    if (user.isEmpty() || !data || !model) throw UsageError("submit needs --user, --data and --model");
    if (!services::AccountStore(store_path).find(user)) throw UsageError("no user '" + user.toStdString() + "'");
    QFile config_file(QString::fromStdString(p.value_or("--config", "")));
    QString yaml;
    if (p.has("--config")) {
      if (!config_file.open(QIODevice::ReadOnly)) throw UsageError(*p.value("--config") + ": cannot be read");
      yaml = QString::fromUtf8(config_file.readAll());
    }
    // Checked as every front end's job is (services/job_submission.h), then the data kept as uploaded.
    Job job = services::checked_job({user, QString::fromStdString(*data), QString::fromStdString(*model),
                                     QString::fromStdString(p.value_or("--method", "")),
                                     QString::fromStdString(p.value_or("--model-type", "")), yaml});
    QFile data_file(QString::fromStdString(*data));
    if (!data_file.open(QIODevice::ReadOnly)) throw UsageError(*data + ": cannot be read");
    services::Workspace workspace(dir, user);
    job.dataset = workspace.store_upload(QFileInfo(data_file).fileName(), data_file.readAll());
    const Job queued = store.create(job, workspace.runs_dir());
    std::cout << queued.id.toStdString() << "\n";
    return kExitOk;
  }
  if (action == "run" || action == "resume") {
    // Runs the queue in this process until it is empty (resume: that job first).
    services::JobRunner runner(store_path);
    if (action == "resume") {
      const QString id = QString::fromStdString(p.positional_value("ID"));
      if (!runner.resume(id)) throw UsageError("'" + id.toStdString() + "' is not an interrupted or cancelled job");
    }
    int failures = 0;
    QObject::connect(&runner, &services::JobRunner::jobStarted,
                     [](const QString& id) { std::cout << "== " << id.toStdString() << " started\n" << std::flush; });
    QObject::connect(&runner, &services::JobRunner::jobLog, [](const QString& id, const QString& line) {
      std::cout << id.toStdString() << ": " << line.toStdString() << "\n" << std::flush;
    });
    QObject::connect(&runner, &services::JobRunner::jobFinished, [&](const QString& id, const QString& status, const QString&) {
      std::cout << "== " << id.toStdString() << " " << status.toStdString() << "\n" << std::flush;
      failures += status == "failed";
      if (!store.next_queued()) QCoreApplication::quit();
    });
    if (!store.next_queued()) {
      std::cout << "No queued jobs.\n";
      return kExitOk;
    }
    runner.poke();
    QCoreApplication::exec();
    return failures ? kExitCheckFailed : kExitOk;
  }
  if (action == "list") {
    const std::vector<Job> jobs = store.list(QString::fromStdString(p.value_or("--user", "")));
    if (p.has("--json")) {
      QJsonArray all;
      for (const Job& j : jobs) all.append(services::to_json(j));
      std::cout << QJsonDocument(all).toJson(QJsonDocument::Indented).toStdString();
      return kExitOk;
    }
    for (const Job& j : jobs)
      std::cout << j.id.toStdString() << "  " << std::left << std::setw(12) << services::status_name(j.status).toStdString()
                << std::setw(11) << j.method.toStdString() << j.step << "/" << j.total_steps << "  "
                << j.owner.toStdString() << "  " << j.created.toString(Qt::ISODate).toStdString() << "\n";
    return kExitOk;
  }
  throw UsageError("unknown action '" + action + "' (list, show)");
}

}  // namespace tunedesk::cli
