// libtorch's allocation failures ("CUDA out of memory. Tried to allocate …",
// "DefaultCPUAllocator: not enough memory …") said as something a person can
// act on: which memory ran out and what to change.
#pragma once

#include <exception>
#include <optional>

#include "util/user_error.h"

namespace tunedesk::engine {

// The error to show instead of `e` when `e` is an allocation failure (or std::bad_alloc); nothing otherwise.
std::optional<UserError> as_memory_error(const std::exception& e);

}  // namespace tunedesk::engine
