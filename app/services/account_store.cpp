#include "services/account_store.h"

#include <sodium.h>

#include <QFile>
#include <QSet>
#include <QSqlQuery>
#include <QStringConverter>
#include <QTextStream>

#include <algorithm>

namespace tunedesk::services {
namespace {

constexpr int kFreeFailures = 3;
constexpr int kMaxLockSeconds = 15 * 60;

std::string hash_password(const QString& password) {
  const QByteArray utf8 = password.toUtf8();
  char out[crypto_pwhash_STRBYTES];
  // argon2id with libsodium's interactive limits (64 MiB, ~0.1 s): the cost an attacker pays per guess.
  if (crypto_pwhash_str_alg(out, utf8.constData(), static_cast<unsigned long long>(utf8.size()),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0)
    throw ServiceError("not enough memory to hash the password");
  return out;
}

bool verify_password(const std::string& hash, const QString& password) {
  const QByteArray utf8 = password.toUtf8();
  return crypto_pwhash_str_verify(hash.c_str(), utf8.constData(), static_cast<unsigned long long>(utf8.size())) == 0;
}

// A hash to check unknown names against, so that they take as long as known ones.
const std::string& decoy_hash() {
  static const std::string hash = hash_password("decoy password that matches nothing");
  return hash;
}


int64_t seconds(AccountStore::Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

User user_from(const QSqlQuery& q) {
  User u;
  u.name = q.value(0).toString();
  u.role = parse_role(q.value(1).toString()).value_or(Role::user);
  u.created = QDateTime::fromString(q.value(2).toString(), Qt::ISODate);
  return u;
}

}  // namespace

QString role_name(Role r) { return r == Role::admin ? "admin" : "user"; }

std::optional<Role> parse_role(const QString& name) {
  if (name == "admin") return Role::admin;
  if (name == "user") return Role::user;
  return std::nullopt;
}

void check_new_password(const QString& password) {
  if (password.toUcs4().size() < kMinPasswordLength)
    throw ServiceError("account.password_too_short", {std::to_string(kMinPasswordLength)});
}

bool valid_user_name(const QString& name) {
  if (name.isEmpty() || name.size() > 32 || name.startsWith('.')) return false;
  return std::all_of(name.begin(), name.end(), [](QChar c) {
    return c.isLetterOrNumber() || c == '_' || c == '-' || c == '.';
  });
}

AccountStore::AccountStore(const QString& database_path) : db_(database_path) {
  if (sodium_init() < 0) throw ServiceError("libsodium cannot start");
  db_.run(R"(CREATE TABLE IF NOT EXISTS users (
               name TEXT PRIMARY KEY,
               password_hash TEXT NOT NULL,
               role TEXT NOT NULL CHECK (role IN ('admin', 'user')),
               created_at TEXT NOT NULL,
               failed_logins INTEGER NOT NULL DEFAULT 0,
               locked_until INTEGER NOT NULL DEFAULT 0))");
}

bool AccountStore::has_users() const {
  QSqlQuery q = db_.run("SELECT COUNT(*) FROM users");
  return q.next() && q.value(0).toInt() > 0;
}

std::vector<User> AccountStore::users() const {
  std::vector<User> out;
  QSqlQuery q = db_.run("SELECT name, role, created_at FROM users ORDER BY name");
  while (q.next()) out.push_back(user_from(q));
  return out;
}

std::optional<User> AccountStore::find(const QString& name) const {
  QSqlQuery q = db_.run("SELECT name, role, created_at FROM users WHERE name = ?", {name});
  if (!q.next()) return std::nullopt;
  return user_from(q);
}

User AccountStore::create_user(const QString& name, const QString& password, Role role) {
  if (!valid_user_name(name))
    throw ServiceError("account.invalid_name", {name.toStdString()});
  check_new_password(password);
  if (find(name)) throw ServiceError("account.exists", {name.toStdString()});
  const QString created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  db_.run("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
          {name, QString::fromStdString(hash_password(password)), role_name(role), created});
  return *find(name);
}

void AccountStore::set_password(const QString& name, const QString& password) {
  check_new_password(password);
  if (!find(name)) throw ServiceError("account.no_user", {name.toStdString()});
  db_.run("UPDATE users SET password_hash = ?, failed_logins = 0, locked_until = 0 WHERE name = ?",
          {QString::fromStdString(hash_password(password)), name});
}

namespace {
int admin_count(const SqliteConnection& db) {
  QSqlQuery q = db.run("SELECT COUNT(*) FROM users WHERE role = 'admin'");
  return q.next() ? q.value(0).toInt() : 0;
}
}  // namespace

void AccountStore::set_role(const QString& name, Role role) {
  const std::optional<User> user = find(name);
  if (!user) throw ServiceError("account.no_user", {name.toStdString()});
  if (user->role == Role::admin && role != Role::admin && admin_count(db_) == 1)
    throw ServiceError("account.last_admin_role", {name.toStdString()});
  db_.run("UPDATE users SET role = ? WHERE name = ?", {role_name(role), name});
}

void AccountStore::remove_user(const QString& name) {
  const std::optional<User> user = find(name);
  if (!user) throw ServiceError("account.no_user", {name.toStdString()});
  if (user->role == Role::admin && admin_count(db_) == 1)
    throw ServiceError("account.last_admin_remove", {name.toStdString()});
  db_.run("DELETE FROM users WHERE name = ?", {name});
}

LoginOutcome AccountStore::login(const QString& name, const QString& password, Clock::time_point now) {
  LoginOutcome outcome;
  QSqlQuery q = db_.run("SELECT password_hash, failed_logins, locked_until FROM users WHERE name = ?", {name});
  if (!q.next()) {
    verify_password(decoy_hash(), password);  // the same work as for a real account
    return outcome;
  }
  const std::string hash = q.value(0).toString().toStdString();
  const int failures = q.value(1).toInt();
  const int64_t locked_until = q.value(2).toLongLong();
  if (seconds(now) < locked_until) {
    outcome.result = LoginResult::locked;
    outcome.retry_after_s = static_cast<int>(locked_until - seconds(now));
    return outcome;
  }
  if (verify_password(hash, password)) {
    db_.run("UPDATE users SET failed_logins = 0, locked_until = 0 WHERE name = ?", {name});
    outcome.result = LoginResult::ok;
    outcome.user = find(name);
    return outcome;
  }
  const int now_failed = failures + 1;
  int64_t lock = 0;
  if (now_failed >= kFreeFailures) {
    const int doublings = std::min(now_failed - kFreeFailures, 10);
    lock = seconds(now) + std::min(kMaxLockSeconds, 2 << doublings);
  }
  db_.run("UPDATE users SET failed_logins = ?, locked_until = ? WHERE name = ?",
          {now_failed, static_cast<qlonglong>(lock), name});
  return outcome;
}

int AccountStore::import_csv(const QString& path) {
  QFile file(path);
  if (!file.open(QIODevice::ReadOnly)) throw ServiceError(path.toStdString() + ": cannot be read");
  QTextStream in(&file);
  in.setEncoding(QStringConverter::Utf8);
  struct Row {
    QString name, password;
    int line;
  };
  std::vector<Row> rows;
  QSet<QString> seen;
  for (int line = 1; !in.atEnd(); ++line) {
    const QString text = in.readLine().trimmed();
    if (text.isEmpty()) continue;
    const qsizetype comma = text.indexOf(',');
    const QString name = comma < 0 ? text : text.left(comma).trimmed();
    const QString password = comma < 0 ? QString() : text.mid(comma + 1).trimmed();
    if (line == 1 && name.compare("username", Qt::CaseInsensitive) == 0) continue;  // the header
    const std::string where = path.toStdString() + ":" + std::to_string(line) + ": ";
    if (comma < 0) throw ServiceError(where + "expected 'username,password'");
    if (!valid_user_name(name)) throw ServiceError(where + "'" + name.toStdString() + "' is not a valid user name");
    if (find(name) || seen.contains(name)) throw ServiceError(where + "the user '" + name.toStdString() + "' already exists");
    if (password.isEmpty()) throw ServiceError(where + "no password");
    seen.insert(name);
    rows.push_back({name, password, line});
  }
  // The old system had no password rules: imported passwords are kept as
  // they were (hashed). Into an empty store the first row becomes the
  // administrator (someone must manage users); everyone else is a user.
  db_.transaction();
  const QString created = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
  try {
    for (const Row& r : rows)
      db_.run("INSERT INTO users (name, password_hash, role, created_at) VALUES (?, ?, ?, ?)",
              {r.name, QString::fromStdString(hash_password(r.password)), has_users() ? "user" : "admin", created});
  } catch (...) {
    db_.run("ROLLBACK");
    throw;
  }
  db_.commit();
  return static_cast<int>(rows.size());
}

}  // namespace tunedesk::services
