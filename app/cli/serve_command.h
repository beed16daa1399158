#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// tunedesk-cli serve [--host ADDR] [--port N] [--data-dir DIR]
int run_serve_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
