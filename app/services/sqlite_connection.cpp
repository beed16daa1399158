#include "services/sqlite_connection.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QUuid>

namespace tunedesk::services {

SqliteConnection::SqliteConnection(const QString& path)
    : path_(path), name_("tunedesk-" + QUuid::createUuid().toString(QUuid::WithoutBraces)) {
  if (!QDir().mkpath(QFileInfo(path).absolutePath()))
    throw ServiceError("cannot create the folder of " + path.toStdString());
  QSqlDatabase db = QSqlDatabase::addDatabase("QSQLITE", name_);
  db.setDatabaseName(path);
  db.setConnectOptions("QSQLITE_BUSY_TIMEOUT=5000");
  if (!db.open()) throw ServiceError(path.toStdString() + ": cannot open the database: " + db.lastError().text().toStdString());
  run("PRAGMA journal_mode=WAL");
  run("PRAGMA foreign_keys=ON");
}

SqliteConnection::~SqliteConnection() {
  {
    QSqlDatabase db = QSqlDatabase::database(name_, false);
    db.close();
  }
  QSqlDatabase::removeDatabase(name_);
}

QSqlQuery SqliteConnection::run(const QString& sql, std::initializer_list<QVariant> values) const {
  QSqlQuery q(QSqlDatabase::database(name_, false));
  if (!q.prepare(sql)) throw ServiceError(path_.toStdString() + ": " + q.lastError().text().toStdString() + " in: " + sql.toStdString());
  for (const QVariant& v : values) q.addBindValue(v);
  if (!q.exec()) throw ServiceError(path_.toStdString() + ": " + q.lastError().text().toStdString() + " in: " + sql.toStdString());
  return q;
}

void SqliteConnection::transaction() const { run("BEGIN IMMEDIATE"); }
void SqliteConnection::commit() const { run("COMMIT"); }

}  // namespace tunedesk::services
