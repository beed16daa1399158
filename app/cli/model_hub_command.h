#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

// tunedesk-cli model download REPO [--source hf|modelscope] [--revision REV] [--out DIR]
// tunedesk-cli model cached
int run_model_hub_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
