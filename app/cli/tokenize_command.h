// `tunedesk-cli tokenize DIR INPUT`: token ids of text, JSON strings or chat
// conversations, one JSON array per input line.
#pragma once

#include <string>
#include <vector>

namespace tunedesk::cli {

int run_tokenize_command(const std::vector<std::string>& args);

}  // namespace tunedesk::cli
