// The one exception type of the services: a message fit to show a user,
// with a template id when a UI can say it in the user's language.
#pragma once

#include <QString>
#include <QStringList>

#include <exception>
#include <optional>
#include <string>

#include "util/user_error.h"

namespace tunedesk::services {

class ServiceError : public UserError {
 public:
  using UserError::UserError;
  explicit ServiceError(const UserError& error) : UserError(error) {}
};

// An error's template as the services pass it on (job store, chat answers, API errors).
struct ErrorTemplate {
  QString kind;
  QStringList args;
};

// The template of `e`, when it is a UserError that has one.
inline std::optional<ErrorTemplate> error_template(const std::exception& e) {
  const auto* user_error = dynamic_cast<const UserError*>(&e);
  if (!user_error || user_error->kind().empty()) return std::nullopt;
  ErrorTemplate t{QString::fromStdString(user_error->kind()), {}};
  for (const std::string& arg : user_error->args()) t.args.push_back(QString::fromStdString(arg));
  return t;
}

}  // namespace tunedesk::services
