#include "reference_data.h"

#include <fstream>
#include <map>
#include <memory>

#include "test_paths.h"

namespace tunedesk::test {

std::filesystem::path reference_tokenizers_dir() {
  return std::filesystem::path(TUNEDESK_SHARED_DIR) / "reference" / "tokenizers";
}

std::vector<nlohmann::json> read_jsonl(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<nlohmann::json> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(nlohmann::json::parse(line));
  return out;
}

const tok::Tokenizer& reference_tokenizer(const std::string& name) {
  static std::map<std::string, std::unique_ptr<tok::Tokenizer>> loaded;
  auto& slot = loaded[name];
  if (!slot) slot = std::make_unique<tok::Tokenizer>(tok::Tokenizer::load(reference_tokenizers_dir() / name));
  return *slot;
}

bool has_reference_tokenizer(const std::string& name) {
  return std::filesystem::exists(reference_tokenizers_dir() / name / "tokenizer.json");
}

}  // namespace tunedesk::test
