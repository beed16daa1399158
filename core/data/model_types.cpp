#include "data/model_types.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>

#include "data/builtin_model_types.h"
#include "util/file_io.h"

namespace tunedesk::data {
namespace {

std::string where(const std::string& source, const YAML::Node& node) {
  const YAML::Mark mark = node.Mark();
  if (mark.is_null()) return source;
  return source + ":" + std::to_string(mark.line + 1);
}

bool valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

std::string scalar(const YAML::Node& node, const std::string& source, const std::string& key) {
  if (!node.IsScalar())
    throw ModelTypeError(where(source, node) + ": \"" + key + "\" must be a text value");
  return node.as<std::string>();
}

}  // namespace

std::string ModelType::display_name(std::string_view language) const {
  if (auto it = names.find(std::string(language)); it != names.end()) return it->second;
  if (auto it = names.find("en"); it != names.end()) return it->second;
  return id;
}

ModelTypeCatalog ModelTypeCatalog::built_in() {
  ModelTypeCatalog catalog;
  catalog.merge_yaml(builtin_model_types_yaml(), "resources/model_types.yaml");
  return catalog;
}

ModelTypeCatalog ModelTypeCatalog::with_user_types() {
  ModelTypeCatalog catalog = built_in();
  const std::filesystem::path user = user_file_path();
  std::error_code ec;
  if (!user.empty() && std::filesystem::exists(user, ec)) catalog.merge_file(user);
  return catalog;
}

std::filesystem::path ModelTypeCatalog::user_file_path() {
  if (const char* xdg = std::getenv("XDG_CONFIG_HOME"); xdg && *xdg)
    return std::filesystem::path(xdg) / "tunedesk" / "model_types.yaml";
  if (const char* home = std::getenv("HOME"); home && *home)
    return std::filesystem::path(home) / ".config" / "tunedesk" / "model_types.yaml";
  return {};
}

void ModelTypeCatalog::merge_file(const std::filesystem::path& path) {
  try {
    merge_yaml(util::read_file(path), path.string());
  } catch (const util::FileError& e) {
    throw ModelTypeError(e.what());
  }
}

void ModelTypeCatalog::merge_yaml(std::string_view yaml, const std::string& source) {
  YAML::Node root;
  try {
    root = YAML::Load(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw ModelTypeError(source + ":" + std::to_string(e.mark.line + 1) + ": not valid YAML: " + e.msg);
  }
  const YAML::Node types = root["model_types"];
  if (!root.IsMap() || !types || !types.IsMap())
    throw ModelTypeError(source + ": expected a \"model_types:\" map of id -> {name, instruction}");

  for (const auto& entry : types) {
    const std::string id = entry.first.as<std::string>();
    const YAML::Node& body = entry.second;
    if (!valid_id(id))
      throw ModelTypeError(where(source, entry.first) + ": model type id \"" + id +
                           "\" may only use lowercase letters, digits, '_' and '-'");
    if (!body.IsMap()) throw ModelTypeError(where(source, body) + ": model type \"" + id + "\" must be a map");
    ModelType type;
    type.id = id;
    if (!body["instruction"])
      throw ModelTypeError(where(source, body) + ": model type \"" + id + "\" has no \"instruction\"");
    type.instruction = scalar(body["instruction"], source, id + ".instruction");
    if (type.instruction.empty())
      throw ModelTypeError(where(source, body["instruction"]) + ": the instruction of \"" + id + "\" is empty");
    if (const YAML::Node names = body["name"]) {
      if (names.IsScalar()) {
        type.names["en"] = names.as<std::string>();
      } else if (names.IsMap()) {
        for (const auto& n : names)
          type.names[n.first.as<std::string>()] = scalar(n.second, source, id + ".name");
      } else {
        throw ModelTypeError(where(source, names) + ": \"" + id + ".name\" must be text or a language map");
      }
    }
    if (const YAML::Node d = body["description"]) type.description = scalar(d, source, id + ".description");

    auto existing = std::find_if(types_.begin(), types_.end(), [&](const ModelType& t) { return t.id == id; });
    if (existing != types_.end()) *existing = std::move(type);
    else types_.push_back(std::move(type));
  }
}

const ModelType* ModelTypeCatalog::find(std::string_view id) const {
  for (const ModelType& t : types_)
    if (t.id == id) return &t;
  return nullptr;
}

std::string ModelTypeCatalog::ids() const {
  std::string out;
  for (const ModelType& t : types_) out += (out.empty() ? "" : ", ") + t.id;
  return out;
}

}  // namespace tunedesk::data
