// The one exception type of the services: a message fit to show a user,
// with a template id when a UI can say it in the user's language.
#pragma once

#include <string>

#include "util/user_error.h"

namespace tunedesk::services {

class ServiceError : public UserError {
 public:
  using UserError::UserError;
  explicit ServiceError(const UserError& error) : UserError(error) {}
};

}  // namespace tunedesk::services
