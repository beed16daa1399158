// User accounts in SQLite: argon2id password hashes (libsodium), checks in
// constant time, a growing lock-out after repeated failures, and two roles.
// There is no default password: the first account is created by a person
// (first-run dialog, or `tunedesk-cli users add NAME --role admin --password-stdin`).
#pragma once

#include <QDateTime>
#include <QString>

#include <chrono>
#include <optional>
#include <vector>

#include "services/sqlite_connection.h"

namespace tunedesk::services {

enum class Role { admin, user };
QString role_name(Role r);
std::optional<Role> parse_role(const QString& name);

struct User {
  QString name;
  Role role = Role::user;
  QDateTime created;
};

enum class LoginResult { ok, wrong_credentials, locked };

struct LoginOutcome {
  LoginResult result = LoginResult::wrong_credentials;
  std::optional<User> user;  // when ok
  int retry_after_s = 0;     // when locked
};

// Passwords: at least this many characters (Unicode code points).
inline constexpr int kMinPasswordLength = 8;

class AccountStore {
 public:
  using Clock = std::chrono::system_clock;

  explicit AccountStore(const QString& database_path);  // creates the tables; throws ServiceError

  bool has_users() const;
  std::vector<User> users() const;
  std::optional<User> find(const QString& name) const;

  // Throws ServiceError for a taken or malformed name or a short password.
  User create_user(const QString& name, const QString& password, Role role);
  void set_password(const QString& name, const QString& password);
  void set_role(const QString& name, Role role);       // refuses to demote the last admin
  void remove_user(const QString& name);               // refuses to remove the last admin

  // Unknown names and wrong passwords answer alike, in about the same time.
  // After 3 failures in a row an account is locked for 2, 4, 8, … seconds
  // (at most 15 minutes); a success resets the count.
  LoginOutcome login(const QString& name, const QString& password, Clock::time_point now = Clock::now());

  // Imports `username,password` rows (the seed system's users.csv, a header
  // line optional) as users, hashing each password. Returns how many were
  // added; names already present are errors naming the line. All or nothing.
  int import_csv(const QString& path);

 private:
  SqliteConnection db_;
};

// A name: 1–32 characters, letters (any script), digits, '_', '-', '.'; not starting with '.'.
bool valid_user_name(const QString& name);
// Throws ServiceError("account.password_too_short") for a password too short to set.
void check_new_password(const QString& password);

}  // namespace tunedesk::services
