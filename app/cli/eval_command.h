// `tunedesk-cli eval RUN_OR_ADAPTER --data FILE`: loss and perplexity of a
// fine-tuned adapter (and of its base model) on a dataset.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {
int run_eval_command(const std::vector<std::string>& args);
}  // namespace tunedesk::cli
