// Short ids for the files of users' workspaces (uploads and converted
// datasets), so that the API can name them ("d3f2a9c1") without paths. A
// file gets its id the first time anything lists or stores it, whichever
// front-end put it there.
#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>
#include <vector>

#include "services/sqlite_connection.h"

namespace tunedesk::services {

class Workspace;

struct DatasetRecord {
  QString id;     // "d" and 7 hex digits
  QString owner;
  QString path;   // absolute, inside the owner's workspace
  QString kind;   // "upload" (kept as uploaded) or "converted" (training JSONL)
  QDateTime created;
};

class DatasetStore {
 public:
  explicit DatasetStore(const QString& database_path);  // throws ServiceError

  // The record of `path`, made now when it has none.
  DatasetRecord ensure(const QString& owner, const QString& path, const QString& kind);
  std::optional<DatasetRecord> find(const QString& id) const;
  // The files now in `workspace`'s uploads/ and datasets/ (CSV and JSONL), oldest first.
  std::vector<DatasetRecord> list(const Workspace& workspace, const QString& owner);

 private:
  SqliteConnection db_;
};

// {"id", "name", "kind", "path" (relative to the workspace), "size", "created"}
QJsonObject to_json(const DatasetRecord& d, const Workspace& workspace);

}  // namespace tunedesk::services
