#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// tunedesk-cli jobs list|show ID|submit|run|resume ID ... [--data-dir DIR]
int run_jobs_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
