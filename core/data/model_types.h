// Model types (general / medical / legal / the user's own): named presets of
// the system instruction that training examples carry. Defined in YAML: the
// built-in file resources/model_types.yaml is compiled in, and user files are
// merged on top of it.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data {

struct ModelType {
  std::string id;                            // "general", "medical", ...
  std::map<std::string, std::string> names;  // language ("en", "zh_CN") -> display name
  std::string instruction;                   // the system instruction
  std::string description;

  // The name in `language`, falling back to English, then the id.
  std::string display_name(std::string_view language = "en") const;
};

// A model-types file that cannot be used; the message says which file, line and key.
class ModelTypeError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class ModelTypeCatalog {
 public:
  // The types in resources/model_types.yaml.
  static ModelTypeCatalog built_in();

  // Built-in types, then the user's file in the config directory if it exists.
  static ModelTypeCatalog with_user_types();

  // Adds or replaces types from YAML text; `source` names it in errors.
  void merge_yaml(std::string_view yaml, const std::string& source);
  void merge_file(const std::filesystem::path& path);

  const ModelType* find(std::string_view id) const;
  const std::vector<ModelType>& all() const { return types_; }
  std::string ids() const;  // "general, medical, legal"

  // $XDG_CONFIG_HOME/tunedesk/model_types.yaml, else ~/.config/tunedesk/model_types.yaml.
  static std::filesystem::path user_file_path();

 private:
  std::vector<ModelType> types_;
};

}  // namespace tunedesk::data
