// API keys: how programs (scripts, OpenAI client libraries) reach the
// server as a user, with `Authorization: Bearer KEY`. A key is shown once,
// when it is made; only its SHA-256 is kept (a key is 256 random bits, so a
// fast hash is enough), looked up by its first characters and compared in
// constant time.
#pragma once

#include <QDateTime>
#include <QString>

#include <optional>
#include <vector>

#include "services/sqlite_connection.h"

namespace tunedesk::services {

struct ApiKey {
  QString id;  // the key's first characters ("td-4f9a21c0"), enough to tell keys apart
  QString owner;
  QDateTime created;
};

class ApiKeyStore {
 public:
  explicit ApiKeyStore(const QString& database_path);  // throws ServiceError

  // A new key for `owner`: "td-" and 43 characters. Returned once, never stored.
  QString create(const QString& owner);
  // The owner of `key`, or nothing for an unknown or revoked key.
  std::optional<QString> owner_of(const QString& key) const;
  std::vector<ApiKey> list(const QString& owner) const;
  bool revoke(const QString& owner, const QString& id);

 private:
  SqliteConnection db_;
};

}  // namespace tunedesk::services
