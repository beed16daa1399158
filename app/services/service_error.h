// The one exception type of the services: a message fit to show a user.
#pragma once

#include <stdexcept>
#include <string>

namespace tunedesk::services {

class ServiceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

}  // namespace tunedesk::services
