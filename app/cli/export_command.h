#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// tunedesk-cli export RUN_OR_ADAPTER --out DIR [--merge]
int run_export_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
