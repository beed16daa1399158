// `tunedesk-cli train`: LoRA fine-tuning of a model on a dataset.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {
int run_train_command(const std::vector<std::string>& args);
}  // namespace tunedesk::cli
