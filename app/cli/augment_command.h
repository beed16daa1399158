// tunedesk-cli data augment: new rows for a dataset written by a model (data/augmentation.h).
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

int run_augment_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
