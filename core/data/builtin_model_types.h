// The text of resources/model_types.yaml, compiled in at build time so that
// the CLI and the engine need no resource lookup at run time.
#pragma once

#include <string_view>

namespace tunedesk::data {
std::string_view builtin_model_types_yaml();
}  // namespace tunedesk::data
