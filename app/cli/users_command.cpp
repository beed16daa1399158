#include "users_command.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

#include "arg_parser.h"
#include "data_dir_option.h"
#include "services/api_keys.h"
#include "exit_codes.h"
#include "services/account_store.h"
#include "services/data_dir.h"

namespace tunedesk::cli {
namespace {

using services::AccountStore;

// A password from standard input: one line (the newline not included).
// Never from the command line, where other users could read it in ps.
QString read_password(bool from_stdin, const char* prompt) {
  const bool tty = ::isatty(STDIN_FILENO) == 1;
  if (!from_stdin && !tty) throw UsageError("give the password on standard input with --password-stdin");
  termios saved{};
  if (tty) {
    std::cerr << prompt << std::flush;
    tcgetattr(STDIN_FILENO, &saved);
    termios quiet = saved;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::cerr << "\n";
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return QString::fromStdString(line);
}

}  // namespace

int run_users_command(const std::vector<std::string>& args) {
  ArgParser p("tunedesk-cli users",
              "Manage TuneDesk's accounts: add NAME, passwd NAME, role NAME ROLE, list, remove NAME, import-csv FILE,\n"
              "and API keys: key NAME (a new key), keys NAME (list), revoke-key NAME ID.");
  p.positional("ACTION", "add, passwd, role, list, remove, import-csv, key, keys or revoke-key")
      .positional("NAME", "the user name (for import-csv: the users.csv file)", /*optional=*/true)
      .positional("ROLE", "for role: admin or user; for revoke-key: the key's id", /*optional=*/true)
      .option("--role", "ROLE", "for add: admin or user (default user)")
      .flag("--password-stdin", "read the password from standard input (one line); without it a terminal asks")
      .epilog("Passwords are never taken from the command line. The first account should be an admin:\n"
              "  tunedesk-cli users add alice --role admin --password-stdin <<< 'a long passphrase'");
  add_data_dir_option(p);
  if (!p.parse(args)) {
    std::cout << p.help();
    return kExitOk;
  }
  const QString dir = data_dir_option(p);
  AccountStore store(services::database_path(dir));
  const std::string action = p.positional_value("ACTION");
  const QString name = QString::fromStdString(p.positional_value("NAME"));
  const auto need_name = [&] {
    if (name.isEmpty()) throw UsageError(action + " needs a NAME");
  };

  if (action == "list") {
    for (const services::User& u : store.users())
      std::cout << u.name.toStdString() << "\t" << services::role_name(u.role).toStdString() << "\t"
                << u.created.toString(Qt::ISODate).toStdString() << "\n";
    return kExitOk;
  }
  if (action == "add") {
    need_name();
    const auto role = services::parse_role(QString::fromStdString(p.value_or("--role", "user")));
    if (!role) throw UsageError("--role must be admin or user");
    const QString password = read_password(p.has("--password-stdin"), "Password: ");
    store.create_user(name, password, *role);
    std::cout << "Added " << name.toStdString() << " (" << services::role_name(*role).toStdString() << ")\n";
    return kExitOk;
  }
  if (action == "passwd") {
    need_name();
    store.set_password(name, read_password(p.has("--password-stdin"), "New password: "));
    std::cout << "Changed the password of " << name.toStdString() << "\n";
    return kExitOk;
  }
  if (action == "role") {
    need_name();
    const auto role = services::parse_role(QString::fromStdString(p.positional_value("ROLE")));
    if (!role) throw UsageError("role NAME ROLE: ROLE must be admin or user");
    store.set_role(name, *role);
    std::cout << name.toStdString() << " is now " << services::role_name(*role).toStdString() << "\n";
    return kExitOk;
  }
  if (action == "remove") {
    need_name();
    store.remove_user(name);
    std::cout << "Removed " << name.toStdString() << " (their workspace stays in " << dir.toStdString() << "/users)\n";
    return kExitOk;
  }
  if (action == "import-csv") {
    need_name();
    const int added = store.import_csv(name);
    std::cout << "Imported " << added << " users from " << name.toStdString() << " (passwords hashed with argon2id)\n";
    return kExitOk;
  }
  if (action == "key") {
    need_name();
    if (!store.find(name)) throw UsageError("no user '" + name.toStdString() + "'");
    const QString key = services::ApiKeyStore(services::database_path(dir)).create(name);
    // The key on the last line alone, for scripts: KEY=$(tunedesk-cli users key alice | tail -1)
    std::cout << "A new API key for " << name.toStdString()
              << " (shown only now; send it as 'Authorization: Bearer KEY'):\n" << key.toStdString() << "\n";
    return kExitOk;
  }
  if (action == "keys") {
    need_name();
    for (const services::ApiKey& k : services::ApiKeyStore(services::database_path(dir)).list(name))
      std::cout << k.id.toStdString() << "…\t" << k.created.toString(Qt::ISODate).toStdString() << "\n";
    return kExitOk;
  }
  if (action == "revoke-key") {
    need_name();
    const QString id = QString::fromStdString(p.positional_value("ROLE"));
    if (!services::ApiKeyStore(services::database_path(dir)).revoke(name, id))
      throw UsageError(name.toStdString() + " has no key '" + id.toStdString() + "' (see: users keys " + name.toStdString() + ")");
    std::cout << "Revoked " << id.toStdString() << "\n";
    return kExitOk;
  }
  throw UsageError("unknown action '" + action + "' (add, passwd, role, list, remove, import-csv, key, keys, revoke-key)");
}

}  // namespace tunedesk::cli
