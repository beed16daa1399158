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
    // CUDA: "CUDA out of memory"; CPU: "can't allocate memory" (1.13), "not enough memory" (2.x).
    if (message.find("out of memory") == std::string::npos && message.find("not enough memory") == std::string::npos &&
        message.find("can't allocate memory") == std::string::npos)
      return std::nullopt;
    // "[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: …": the source location says nothing to a user.
    if (message.rfind("[enforce fail", 0) == 0)
      if (const std::size_t start = message.find("] "); start != std::string::npos) {
        const std::size_t sentence = message.find(". ", start);
        message.erase(0, sentence == std::string::npos ? start + 2 : sentence + 2);
      }
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
