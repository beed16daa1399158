#include "data/augmentation.h"

#include <yaml-cpp/yaml.h>

#include <fstream>
#include <sstream>

#include "util/user_error.h"
#include "util/utf8.h"

namespace tunedesk::data {
namespace {

void replace_all(std::string& text, std::string_view from, std::string_view to) {
  for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
    text.replace(at, from.size(), to);
}

// `text` without `prefix` (and the space after it) when it starts with it.
bool strip_prefix(std::string_view& text, std::string_view prefix) {
  if (!text.starts_with(prefix)) return false;
  text = utf8::trim(text.substr(prefix.size()));
  return true;
}

}  // namespace

AugmentationPrompts AugmentationPrompts::load(const std::filesystem::path& file) {
  const std::string source = file.empty() ? "resources/augmentation.yaml" : file.string();
  std::string yaml(builtin_augmentation_yaml());
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw UserError("augment.prompts", {source, "cannot be read"});
    std::ostringstream text;
    text << in.rdbuf();
    yaml = text.str();
  }
  AugmentationPrompts out;
  try {
    const YAML::Node root = YAML::Load(yaml);
    const YAML::Node paraphrase = root["paraphrase"];
    if (!paraphrase || !paraphrase.IsMap()) throw UserError("augment.prompts", {source, "no 'paraphrase' mapping of model types"});
    for (const auto& kv : paraphrase) {
      const std::string type = kv.first.as<std::string>(), text = kv.second.as<std::string>();
      if (text.find("{question}") == std::string::npos)
        throw UserError("augment.prompts", {source, "paraphrase." + type + " has no {question}"});
      out.paraphrase_[type] = text;
    }
  } catch (const YAML::Exception& e) {
    throw UserError("augment.prompts", {source, e.what()});
  }
  if (!out.paraphrase_.contains("general")) throw UserError("augment.prompts", {source, "paraphrase.general is missing"});
  return out;
}

std::string AugmentationPrompts::paraphrase(std::string_view model_type, std::string_view question,
                                            std::string_view answer) const {
  const auto it = paraphrase_.find(model_type);
  std::string prompt(utf8::trim(it != paraphrase_.end() ? it->second : paraphrase_.at("general")));
  replace_all(prompt, "{question}", question);
  replace_all(prompt, "{answer}", answer);
  return prompt;
}

std::string paraphrase_from(std::string_view generated, std::string_view question) {
  std::string_view line;
  while (!generated.empty()) {  // the first line with text
    const std::size_t end = generated.find('\n');
    line = utf8::trim(generated.substr(0, end));
    generated = end == std::string_view::npos ? std::string_view() : generated.substr(end + 1);
    if (!line.empty()) break;
  }
  for (const std::string_view label : {"改写后的问题：", "改写后的问题:", "改写：", "问题：", "问题:", "Question:", "Paraphrase:"})
    if (strip_prefix(line, label)) break;
  // "1." "1、" "1)" "-" "*" before the text.
  std::size_t digits = 0;
  while (digits < line.size() && line[digits] >= '0' && line[digits] <= '9') ++digits;
  if (digits && digits < line.size()) {
    std::string_view rest = line.substr(digits);
    if (strip_prefix(rest, ".") || strip_prefix(rest, "、") || strip_prefix(rest, ")")) line = rest;
  }
  if (!strip_prefix(line, "- ")) strip_prefix(line, "* ");
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"“", "”"}, {"\"", "\""}, {"「", "」"}, {"'", "'"}})
    if (line.size() >= open.size() + close.size() && line.starts_with(open) && line.ends_with(close))
      line = utf8::trim(line.substr(open.size(), line.size() - open.size() - close.size()));
  if (line.empty() || line == utf8::trim(question)) return {};
  return std::string(line);
}

}  // namespace tunedesk::data
