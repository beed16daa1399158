// `tunedesk-cli generate DIR --prompt TEXT`: streams generated text to stdout.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {
int run_generate_command(const std::vector<std::string>& args);
}  // namespace tunedesk::cli
