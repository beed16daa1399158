// Access to the reference tokenizers and golden files in ../shared/reference.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tokenizer/tokenizer.h"

namespace tunedesk::test {

std::filesystem::path reference_tokenizers_dir();
std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& path);
// Each reference tokenizer loaded once per process (they are megabytes of JSON).
const tok::Tokenizer& reference_tokenizer(const std::string& name);
bool has_reference_tokenizer(const std::string& name);

}  // namespace tunedesk::test
