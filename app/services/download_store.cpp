#include "services/download_store.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSqlQuery>

namespace tunedesk::services {
namespace {

const char* kColumns =
    "id, owner, source, repo, revision, folder, state, bytes_done, bytes_total, files_done, files_total, error, "
    "error_template, model, created_at, finished_at";

QString now_text() { return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs); }
QString not_null(const QString& s) { return s.isNull() ? QString("") : s; }

DownloadRecord record_from(const QSqlQuery& q) {
  DownloadRecord r;
  r.id = q.value(0).toString();
  r.owner = q.value(1).toString();
  r.source = q.value(2).toString();
  r.repo = q.value(3).toString();
  r.revision = q.value(4).toString();
  r.folder = q.value(5).toString();
  r.state = parse_download_state(q.value(6).toString()).value_or(DownloadState::failed);
  r.bytes_done = q.value(7).toLongLong();
  r.bytes_total = q.value(8).toLongLong();
  r.files_done = q.value(9).toInt();
  r.files_total = q.value(10).toInt();
  r.error = q.value(11).toString();
  const QJsonObject error_template = QJsonDocument::fromJson(q.value(12).toString().toUtf8()).object();
  r.error_kind = error_template.value("kind").toString();
  for (const QJsonValue& arg : error_template.value("args").toArray()) r.error_args.push_back(arg.toString());
  r.model = q.value(13).toString();
  r.created = QDateTime::fromString(q.value(14).toString(), Qt::ISODateWithMs);
  r.finished = QDateTime::fromString(q.value(15).toString(), Qt::ISODateWithMs);
  return r;
}

}  // namespace

QString download_state_name(DownloadState s) {
  switch (s) {
    case DownloadState::running: return "running";
    case DownloadState::done: return "done";
    case DownloadState::failed: return "failed";
    case DownloadState::cancelled: return "cancelled";
    case DownloadState::interrupted: return "interrupted";
  }
  return "failed";
}

std::optional<DownloadState> parse_download_state(const QString& name) {
  for (DownloadState s : {DownloadState::running, DownloadState::done, DownloadState::failed, DownloadState::cancelled,
                          DownloadState::interrupted})
    if (download_state_name(s) == name) return s;
  return std::nullopt;
}

DownloadStore::DownloadStore(const QString& database_path) : db_(database_path) {
  db_.run(R"(CREATE TABLE IF NOT EXISTS downloads (
               id TEXT PRIMARY KEY, owner TEXT NOT NULL, source TEXT NOT NULL, repo TEXT NOT NULL,
               revision TEXT NOT NULL DEFAULT '', folder TEXT NOT NULL, state TEXT NOT NULL,
               bytes_done INTEGER NOT NULL DEFAULT 0, bytes_total INTEGER NOT NULL DEFAULT 0,
               files_done INTEGER NOT NULL DEFAULT 0, files_total INTEGER NOT NULL DEFAULT 0,
               error TEXT NOT NULL DEFAULT '', error_template TEXT NOT NULL DEFAULT '', model TEXT NOT NULL DEFAULT '',
               created_at TEXT NOT NULL, finished_at TEXT NOT NULL DEFAULT ''))");
  db_.run("CREATE INDEX IF NOT EXISTS downloads_by_owner ON downloads (owner, created_at)");
}

DownloadRecord DownloadStore::create(DownloadRecord record) {
  do {
    record.id = QString("d%1").arg(QRandomGenerator::system()->bounded(0x10000000u), 7, 16, QChar('0'));
  } while (find(record.id));
  db_.run("INSERT INTO downloads (id, owner, source, repo, revision, folder, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
          {record.id, not_null(record.owner), not_null(record.source), not_null(record.repo), not_null(record.revision),
           not_null(record.folder), download_state_name(DownloadState::running), now_text()});
  return *find(record.id);
}

std::optional<DownloadRecord> DownloadStore::find(const QString& id) const {
  QSqlQuery q = db_.run(QString("SELECT %1 FROM downloads WHERE id = ?").arg(kColumns), {id});
  if (!q.next()) return std::nullopt;
  return record_from(q);
}

std::vector<DownloadRecord> DownloadStore::list(const QString& owner) const {
  std::vector<DownloadRecord> out;
  QSqlQuery q = db_.run(QString("SELECT %1 FROM downloads WHERE owner = ? ORDER BY created_at, rowid").arg(kColumns), {owner});
  while (q.next()) out.push_back(record_from(q));
  return out;
}

void DownloadStore::mark_running_as_interrupted() {
  db_.run("UPDATE downloads SET state = 'interrupted' WHERE state = 'running'");
}

void DownloadStore::save(const DownloadRecord& r) {
  const QString error_template =
      r.error_kind.isEmpty()
          ? QString("")
          : QString::fromUtf8(QJsonDocument(QJsonObject{{"kind", r.error_kind}, {"args", QJsonArray::fromStringList(r.error_args)}})
                                  .toJson(QJsonDocument::Compact));
  const bool final = r.state == DownloadState::done || r.state == DownloadState::failed || r.state == DownloadState::cancelled;
  db_.run("UPDATE downloads SET state = ?, bytes_done = ?, bytes_total = ?, files_done = ?, files_total = ?, error = ?, "
          "error_template = ?, model = ?, finished_at = ? WHERE id = ?",
          {download_state_name(r.state), r.bytes_done, r.bytes_total, r.files_done, r.files_total, not_null(r.error),
           error_template, not_null(r.model), final ? now_text() : QString(""), r.id});
}

}  // namespace tunedesk::services
