#include "services/job_store.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace tunedesk::services {
namespace {

const char* kColumns =
    "id, owner, dataset, base_model, method, config, status, step, total_steps, eta_s, metrics, error, output, "
    "created_at, started_at, finished_at, error_template";

QString to_text(const QJsonObject& o) { return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact)); }
QJsonObject from_text(const QString& s) { return QJsonDocument::fromJson(s.toUtf8()).object(); }
// Qt binds a null QString as SQL NULL; the columns are NOT NULL text.
QString not_null(const QString& s) { return s.isNull() ? QString("") : s; }
QString now_text() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }

Job job_from(const QSqlQuery& q) {
  Job j;
  j.id = q.value(0).toString();
  j.owner = q.value(1).toString();
  j.dataset = q.value(2).toString();
  j.base_model = q.value(3).toString();
  j.method = q.value(4).toString();
  j.config = from_text(q.value(5).toString());
  j.status = parse_status(q.value(6).toString()).value_or(JobStatus::failed);
  j.step = q.value(7).toLongLong();
  j.total_steps = q.value(8).toLongLong();
  j.eta_s = q.value(9).toDouble();
  j.metrics = from_text(q.value(10).toString());
  j.error = q.value(11).toString();
  j.output = q.value(12).toString();
  j.created = QDateTime::fromString(q.value(13).toString(), Qt::ISODateWithMs);
  j.started = QDateTime::fromString(q.value(14).toString(), Qt::ISODateWithMs);
  j.finished = QDateTime::fromString(q.value(15).toString(), Qt::ISODateWithMs);
  const QJsonObject error_template = from_text(q.value(16).toString());
  j.error_kind = error_template.value("kind").toString();
  for (const QJsonValue& arg : error_template.value("args").toArray()) j.error_args.push_back(arg.toString());
  return j;
}

}  // namespace

QJsonObject to_json(const Job& j) {
  QJsonObject out{{"id", j.id},
                     {"owner", j.owner},
                     {"status", status_name(j.status)},
                     {"method", j.method},
                     {"dataset", j.dataset},
                     {"base_model", j.base_model},
                     {"step", j.step},
                     {"total_steps", j.total_steps},
                     {"eta_s", j.eta_s},
                     {"metrics", j.metrics},
                     {"error", j.error},
                     {"output", j.output},
                     {"created", j.created.toString(Qt::ISODate)},
                     {"started", j.started.isValid() ? j.started.toString(Qt::ISODate) : QString()},
                     {"finished", j.finished.isValid() ? j.finished.toString(Qt::ISODate) : QString()}};
  if (!j.error_kind.isEmpty()) {  // for a UI that says it in the user's language
    out["error_kind"] = j.error_kind;
    out["error_args"] = QJsonArray::fromStringList(j.error_args);
  }
  return out;
}

QString status_name(JobStatus s) {
  switch (s) {
    case JobStatus::queued: return "queued";
    case JobStatus::running: return "running";
    case JobStatus::completed: return "completed";
    case JobStatus::failed: return "failed";
    case JobStatus::cancelled: return "cancelled";
    case JobStatus::interrupted: return "interrupted";
  }
  return "failed";
}

std::optional<JobStatus> parse_status(const QString& name) {
  for (JobStatus s : {JobStatus::queued, JobStatus::running, JobStatus::completed, JobStatus::failed,
                      JobStatus::cancelled, JobStatus::interrupted})
    if (status_name(s) == name) return s;
  return std::nullopt;
}

bool is_finished(JobStatus s) {
  return s == JobStatus::completed || s == JobStatus::failed || s == JobStatus::cancelled;
}

JobStore::JobStore(const QString& database_path) : db_(database_path) {
  db_.run(R"(CREATE TABLE IF NOT EXISTS jobs (
               id TEXT PRIMARY KEY, owner TEXT NOT NULL, dataset TEXT NOT NULL, base_model TEXT NOT NULL,
               method TEXT NOT NULL, config TEXT NOT NULL, status TEXT NOT NULL,
               step INTEGER NOT NULL DEFAULT 0, total_steps INTEGER NOT NULL DEFAULT 0, eta_s REAL NOT NULL DEFAULT 0,
               metrics TEXT NOT NULL DEFAULT '{}', error TEXT NOT NULL DEFAULT '', output TEXT NOT NULL DEFAULT '',
               created_at TEXT NOT NULL, started_at TEXT NOT NULL DEFAULT '', finished_at TEXT NOT NULL DEFAULT ''))");
  db_.run("CREATE INDEX IF NOT EXISTS jobs_by_owner ON jobs (owner, created_at)");
  // Added later: a store from an older version gains the column, empty.
  bool has_error_template = false;
  for (QSqlQuery q = db_.run("PRAGMA table_info(jobs)"); q.next();) has_error_template |= q.value(1).toString() == "error_template";
  if (!has_error_template) db_.run("ALTER TABLE jobs ADD COLUMN error_template TEXT NOT NULL DEFAULT ''");
}

std::vector<QString> JobStore::mark_running_as_interrupted() {
  std::vector<QString> ids;
  QSqlQuery q = db_.run("SELECT id FROM jobs WHERE status = 'running'");
  while (q.next()) ids.push_back(q.value(0).toString());
  db_.run("UPDATE jobs SET status = 'interrupted' WHERE status = 'running'");
  return ids;
}

Job JobStore::create(Job job, const QString& runs_dir) {
  // "j" + 7 hex digits: short enough to read out, checked for uniqueness.
  do {
    job.id = QString("j%1").arg(QRandomGenerator::system()->bounded(0x10000000u), 7, 16, QChar('0'));
  } while (find(job.id));
  job.status = JobStatus::queued;
  if (!runs_dir.isEmpty()) job.output = QDir(runs_dir).filePath(job.id);
  db_.run("INSERT INTO jobs (id, owner, dataset, base_model, method, config, status, output, created_at) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
          {job.id, not_null(job.owner), not_null(job.dataset), not_null(job.base_model), not_null(job.method),
           to_text(job.config), status_name(job.status), not_null(job.output), now_text()});
  return *find(job.id);
}

std::optional<Job> JobStore::find(const QString& id) const {
  QSqlQuery q = db_.run(QString("SELECT %1 FROM jobs WHERE id = ?").arg(kColumns), {id});
  if (!q.next()) return std::nullopt;
  return job_from(q);
}

std::vector<Job> JobStore::list(const QString& owner) const {
  std::vector<Job> out;
  QSqlQuery q = owner.isEmpty()
                    ? db_.run(QString("SELECT %1 FROM jobs ORDER BY created_at DESC, rowid DESC").arg(kColumns))
                    : db_.run(QString("SELECT %1 FROM jobs WHERE owner = ? ORDER BY created_at DESC, rowid DESC").arg(kColumns), {owner});
  while (q.next()) out.push_back(job_from(q));
  return out;
}

std::optional<Job> JobStore::next_queued() const {
  QSqlQuery q = db_.run(QString("SELECT %1 FROM jobs WHERE status = 'queued' ORDER BY created_at, rowid LIMIT 1").arg(kColumns));
  if (!q.next()) return std::nullopt;
  return job_from(q);
}

void JobStore::set_status(const QString& id, JobStatus status, const QString& error, const QString& error_kind,
                          const QStringList& error_args) {
  const QString error_template =
      error_kind.isEmpty() ? QString("") : to_text(QJsonObject{{"kind", error_kind}, {"args", QJsonArray::fromStringList(error_args)}});
  if (status == JobStatus::running)
    db_.run("UPDATE jobs SET status = ?, error = '', error_template = '', started_at = ? WHERE id = ?",
            {status_name(status), now_text(), id});
  else if (is_finished(status))
    db_.run("UPDATE jobs SET status = ?, error = ?, error_template = ?, finished_at = ? WHERE id = ?",
            {status_name(status), not_null(error), error_template, now_text(), id});
  else
    db_.run("UPDATE jobs SET status = ?, error = ?, error_template = ? WHERE id = ?",
            {status_name(status), not_null(error), error_template, id});
}

void JobStore::set_progress(const QString& id, qint64 step, qint64 total_steps, double eta_s, const QJsonObject& metrics) {
  db_.run("UPDATE jobs SET step = ?, total_steps = ?, eta_s = ?, metrics = ? WHERE id = ?",
          {step, total_steps, eta_s, to_text(metrics), id});
}

void JobStore::set_config(const QString& id, const QJsonObject& config) {
  db_.run("UPDATE jobs SET config = ? WHERE id = ?", {to_text(config), id});
}


std::vector<Job> JobStore::list_visible(const User& user) const {
  return list(user.role == Role::admin ? QString() : user.name);
}

std::optional<Job> JobStore::find_visible(const QString& id, const User& user) const {
  std::optional<Job> job = find(id);
  if (job && job->owner != user.name && user.role != Role::admin) return std::nullopt;
  return job;
}

}  // namespace tunedesk::services
