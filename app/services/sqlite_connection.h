// A SQLite database opened through Qt Sql under a connection name of its
// own (Qt connections belong to one thread; each store opens its own), with
// WAL journaling and helpers that turn SQL errors into ServiceErrors.
#pragma once

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <initializer_list>

#include "services/service_error.h"

namespace tunedesk::services {

class SqliteConnection {
 public:
  explicit SqliteConnection(const QString& path);  // creates the file and its folder; throws ServiceError
  ~SqliteConnection();
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  // Prepares and runs `sql` with positional `?` values; throws on failure.
  QSqlQuery run(const QString& sql, std::initializer_list<QVariant> values = {}) const;
  void transaction() const;
  void commit() const;
  const QString& path() const { return path_; }

 private:
  QString path_, name_;
};

}  // namespace tunedesk::services
