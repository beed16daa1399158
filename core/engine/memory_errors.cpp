#include "engine/memory_errors.h"

#include <c10/util/Exception.h>

#include <new>
#include <string>

namespace tunedesk::engine {

std::optional<UserError> as_memory_error(const std::exception& e) {
  std::string message;
  if (dynamic_cast<const std::bad_alloc*>(&e)) {
    message = "std::bad_alloc";
  } else if (const auto* torch_error = dynamic_cast<const c10::Error*>(&e)) {
    message = torch_error->what_without_backtrace();
    if (message.find("out of memory") == std::string::npos && message.find("not enough memory") == std::string::npos)
      return std::nullopt;
  } else {
    return std::nullopt;
  }
  const bool gpu = message.find("CUDA") != std::string::npos || message.find("GPU") != std::string::npos;
  message = message.substr(0, message.find('\n'));
  if (message.size() > 200) {
    message.resize(200);
    message += "…";
  }
  return UserError("engine.out_of_memory", {gpu ? "GPU" : "CPU", message});
}

}  // namespace tunedesk::engine
