// `tunedesk-cli data fix`: clean a dataset into a new JSONL version.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// args: everything after "data fix". Returns the exit code.
int run_data_fix_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
