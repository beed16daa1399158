// `tunedesk-cli model info|forward|make-tiny`.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {
int run_model_command(const std::vector<std::string>& args);
}  // namespace tunedesk::cli
