// `tunedesk-cli data ...`: check, convert and list model types.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// args: everything after "data". Returns the exit code.
int run_data_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
