#include "setting_options.h"

#include <algorithm>
#include <cctype>

#include "training/training_settings.h"

namespace tunedesk::cli {
namespace {

using training::SettingKind;
using training::TrainingSetting;

bool chosen(const TrainingSetting& s, const std::vector<std::string_view>& names) {
  return !s.cli.empty() && (names.empty() || std::find(names.begin(), names.end(), s.name) != names.end());
}

// "N", "X", "cosine|linear|constant", "LIST", "NAME".
std::string metavar(const TrainingSetting& s) {
  switch (s.kind) {
    case SettingKind::whole: return "N";
    case SettingKind::number: return "X";
    case SettingKind::list: return "LIST";
    case SettingKind::text: return "NAME";
    case SettingKind::flag: return "";
    case SettingKind::choice: {
      std::string out;
      for (const training::SettingChoice& c : s.choices) out += (out.empty() ? "" : "|") + std::string(c.value);
      return out;
    }
  }
  return "";
}

// The row's help with its default: "(default 0.0002)", "(default: by epochs)".
std::string help(const TrainingSetting& s, const training::RunConfig& defaults) {
  std::string text(s.help);
  // Lower case as the other options' help, unless the word is a name ("LoRA's", "AdamW's").
  if (text.size() > 1 && std::isupper(static_cast<unsigned char>(text[0])) && std::islower(static_cast<unsigned char>(text[1])))
    text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  if (s.kind == SettingKind::flag) return text;
  const nlohmann::json value = s.get(defaults);
  const bool unset = (value.is_number() && value.get<double>() == 0) || (value.is_array() && value.empty()) ||
                     (value.is_string() && value.get<std::string>().empty());
  if (unset && !s.special.empty()) return text + " (default: " + std::string(s.special) + ")";
  const auto bound = [&](double v) {
    return training::setting_value_text(s, s.kind == SettingKind::whole ? nlohmann::json(static_cast<int64_t>(v)) : nlohmann::json(v));
  };
  std::string range;
  if (s.kind == SettingKind::number || s.kind == SettingKind::whole) range = bound(s.min) + " to " + bound(s.max) + "; ";
  return text + " (" + range + "default " + training::setting_value_text(s, value) + ")";
}

}  // namespace

void add_setting_options(ArgParser& p, const std::vector<std::string_view>& names) {
  const training::RunConfig defaults = training::default_run_config();
  for (const TrainingSetting& s : training::training_settings()) {
    if (!chosen(s, names)) continue;
    if (s.kind == SettingKind::flag) p.flag(std::string(s.cli), help(s, defaults));
    else p.option(std::string(s.cli), metavar(s), help(s, defaults));
  }
}

void apply_setting_options(const ArgParser& p, training::RunConfig& config, const std::vector<std::string_view>& names) {
  const training::RunConfig defaults = training::default_run_config();
  for (const TrainingSetting& s : training::training_settings()) {
    const std::string option(s.cli);
    if (!chosen(s, names) || !p.has(option)) continue;
    if (s.kind == SettingKind::flag) s.set(config, !s.get(defaults).get<bool>());
    else s.set(config, training::setting_value_from_text(s, *p.value(option), option));
  }
  if ((p.has("--max-input-length") || p.has("--max-output-length")) && !p.has("--cutoff-len"))
    config.truncation.cutoff_len = 0;
}

}  // namespace tunedesk::cli
