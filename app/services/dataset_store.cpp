#include "services/dataset_store.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QSqlQuery>

#include "services/workspace.h"

namespace tunedesk::services {
namespace {

DatasetRecord record_from(const QSqlQuery& q) {
  return {q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
          QDateTime::fromString(q.value(4).toString(), Qt::ISODate)};
}

}  // namespace

DatasetStore::DatasetStore(const QString& database_path) : db_(database_path) {
  db_.run(R"(CREATE TABLE IF NOT EXISTS datasets (
               id TEXT PRIMARY KEY,
               owner TEXT NOT NULL,
               path TEXT NOT NULL UNIQUE,
               kind TEXT NOT NULL,
               created_at TEXT NOT NULL))");
}

DatasetRecord DatasetStore::ensure(const QString& owner, const QString& path, const QString& kind) {
  QSqlQuery q = db_.run("SELECT id, owner, path, kind, created_at FROM datasets WHERE path = ?", {path});
  if (q.next()) return record_from(q);
  for (;;) {
    const QString id = QString("d%1").arg(QRandomGenerator::system()->bounded(0x10000000), 7, 16, QChar('0'));
    if (find(id)) continue;
    db_.run("INSERT INTO datasets (id, owner, path, kind, created_at) VALUES (?, ?, ?, ?, ?)",
            {id, owner, path, kind, QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    return *find(id);
  }
}

std::optional<DatasetRecord> DatasetStore::find(const QString& id) const {
  QSqlQuery q = db_.run("SELECT id, owner, path, kind, created_at FROM datasets WHERE id = ?", {id});
  if (!q.next()) return std::nullopt;
  return record_from(q);
}

std::vector<DatasetRecord> DatasetStore::list(const Workspace& workspace, const QString& owner) {
  std::vector<DatasetRecord> out;
  for (const Workspace::DatasetFile& f : workspace.dataset_files())
    out.push_back(ensure(owner, f.info.absoluteFilePath(), f.upload ? "upload" : "converted"));
  return out;
}

QJsonObject to_json(const DatasetRecord& d, const Workspace& workspace) {
  const QFileInfo info(d.path);
  return QJsonObject{{"id", d.id},
                     {"name", info.fileName()},
                     {"kind", d.kind},
                     {"path", QDir(workspace.root()).relativeFilePath(d.path)},
                     {"size", info.size()},
                     {"created", d.created.toString(Qt::ISODate)}};
}

}  // namespace tunedesk::services
