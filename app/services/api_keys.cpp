#include "services/api_keys.h"

#include <sodium.h>

#include <QSqlQuery>

#include "services/service_error.h"

namespace tunedesk::services {
namespace {

constexpr qsizetype kIdLength = 11;  // "td-" and 8 characters

QByteArray digest(const QString& key) {
  const QByteArray utf8 = key.toUtf8();
  QByteArray out(crypto_hash_sha256_BYTES, '\0');
  crypto_hash_sha256(reinterpret_cast<unsigned char*>(out.data()), reinterpret_cast<const unsigned char*>(utf8.constData()),
                     static_cast<unsigned long long>(utf8.size()));
  return out;
}

}  // namespace

ApiKeyStore::ApiKeyStore(const QString& database_path) : db_(database_path) {
  if (sodium_init() < 0) throw ServiceError("libsodium cannot start");
  db_.run(R"(CREATE TABLE IF NOT EXISTS api_keys (
               id TEXT PRIMARY KEY,
               owner TEXT NOT NULL,
               sha256 BLOB NOT NULL,
               created_at TEXT NOT NULL))");
}

QString ApiKeyStore::create(const QString& owner) {
  for (;;) {
    QByteArray random(32, '\0');
    randombytes_buf(random.data(), static_cast<std::size_t>(random.size()));
    const QString key = "td-" + QString::fromLatin1(random.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    const QString id = key.left(kIdLength);
    if (db_.run("SELECT 1 FROM api_keys WHERE id = ?", {id}).next()) continue;  // 2^-48: but never two alike
    db_.run("INSERT INTO api_keys (id, owner, sha256, created_at) VALUES (?, ?, ?, ?)",
            {id, owner, digest(key), QDateTime::currentDateTimeUtc().toString(Qt::ISODate)});
    return key;
  }
}

std::optional<QString> ApiKeyStore::owner_of(const QString& key) const {
  if (!key.startsWith("td-") || key.size() <= kIdLength) return std::nullopt;
  QSqlQuery q = db_.run("SELECT owner, sha256 FROM api_keys WHERE id = ?", {key.left(kIdLength)});
  if (!q.next()) return std::nullopt;
  const QByteArray stored = q.value(1).toByteArray();
  const QByteArray given = digest(key);
  if (stored.size() != given.size() || sodium_memcmp(stored.constData(), given.constData(), static_cast<std::size_t>(given.size())) != 0)
    return std::nullopt;
  return q.value(0).toString();
}

std::vector<ApiKey> ApiKeyStore::list(const QString& owner) const {
  std::vector<ApiKey> out;
  QSqlQuery q = db_.run("SELECT id, owner, created_at FROM api_keys WHERE owner = ? ORDER BY created_at", {owner});
  while (q.next()) out.push_back({q.value(0).toString(), q.value(1).toString(), QDateTime::fromString(q.value(2).toString(), Qt::ISODate)});
  return out;
}

bool ApiKeyStore::revoke(const QString& owner, const QString& id) {
  if (!db_.run("SELECT 1 FROM api_keys WHERE id = ? AND owner = ?", {id, owner}).next()) return false;
  db_.run("DELETE FROM api_keys WHERE id = ? AND owner = ?", {id, owner});
  return true;
}

}  // namespace tunedesk::services
