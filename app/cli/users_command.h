#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// tunedesk-cli users add|passwd|role|list|remove|import-csv ... --data-dir DIR
int run_users_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
