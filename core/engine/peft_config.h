// adapter_config.json, the file PEFT writes beside every adapter.
#pragma once

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

namespace tunedesk::engine {

// The parsed file in `dir`. With `expected_type` (e.g. "LORA"), a different
// peft_type is an error. Throws std::runtime_error naming the file.
nlohmann::json read_peft_config(const std::filesystem::path& dir, const std::string& expected_type = {});

}  // namespace tunedesk::engine
