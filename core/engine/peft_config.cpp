#include "engine/peft_config.h"

#include <stdexcept>

#include "util/file_io.h"

namespace tunedesk::engine {

nlohmann::json read_peft_config(const std::filesystem::path& dir, const std::string& expected_type) {
  const std::filesystem::path path = dir / "adapter_config.json";
  nlohmann::json config;
  try {
    config = nlohmann::json::parse(util::read_file(path));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(path.string() + ": not valid JSON: " + e.what());
  }
  if (!config.is_object()) throw std::runtime_error(path.string() + ": not a JSON object");
  const std::string type = config.contains("peft_type") && config["peft_type"].is_string() ? config["peft_type"].get<std::string>() : "";
  if (!expected_type.empty() && type != expected_type)
    throw std::runtime_error(path.string() + ": peft_type is '" + type + "', not " + expected_type);
  return config;
}

}  // namespace tunedesk::engine
