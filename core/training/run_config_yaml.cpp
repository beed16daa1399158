#include "training/run_config_yaml.h"

#include <yaml-cpp/yaml.h>

#include "training/training_settings.h"

namespace tunedesk::training {
namespace {

void put_path(YAML::Emitter& out, const char* key, const std::filesystem::path& p) {
  if (!p.empty()) out << YAML::Key << key << YAML::Value << p.string();
}

void put_value(YAML::Emitter& out, const TrainingSetting& s, const nlohmann::json& v) {
  switch (s.kind) {
    case SettingKind::whole: out << v.get<int64_t>(); break;
    case SettingKind::number: out << setting_value_text(s, v); break;  // the shortest exact text, unquoted
    case SettingKind::flag: out << v.get<bool>(); break;
    case SettingKind::choice:
    case SettingKind::text: out << v.get<std::string>(); break;
    case SettingKind::list:
      out << YAML::Flow << YAML::BeginSeq;
      for (const auto& item : v) out << item.get<std::string>();
      out << YAML::EndSeq;
      break;
  }
}

// The settings whose YAML path is `section`.KEY, as `key: value`, each when
// its row says it is written (and, under peft_config, when it is the method's).
void put_settings(YAML::Emitter& out, const RunConfig& c, std::string_view section) {
  for (const TrainingSetting& s : training_settings()) {
    const std::size_t dot = s.yaml.rfind('.');
    const std::string_view parent = dot == std::string_view::npos ? std::string_view() : s.yaml.substr(0, dot);
    if (parent != section || (s.written && !s.written(c)) || (s.method && *s.method != c.train.method)) continue;
    out << YAML::Key << std::string(s.yaml.substr(dot + 1)) << YAML::Value;
    put_value(out, s, s.get(c));
  }
}

}  // namespace

std::string run_config_to_yaml(const RunConfig& c) {
  const TrainConfig& t = c.train;
  YAML::Emitter out;
  out << YAML::BeginMap;
  put_path(out, "model", c.model);
  if (!c.train_file.empty() || !c.val_file.empty() || !c.test_file.empty()) {
    out << YAML::Key << "data_config" << YAML::Value << YAML::BeginMap;
    put_path(out, "train_file", c.train_file);
    put_path(out, "val_file", c.val_file);
    put_path(out, "test_file", c.test_file);
    out << YAML::EndMap;
  }
  put_settings(out, c, "");

  out << YAML::Key << "training_args" << YAML::Value << YAML::BeginMap;
  put_path(out, "output_dir", c.output_dir);
  out << YAML::Key << "save_strategy" << YAML::Value << (t.save_steps > 0 ? "steps" : "no");
  put_settings(out, c, "training_args");
  out << YAML::Key << "generation_config" << YAML::Value << YAML::BeginMap;
  put_settings(out, c, "training_args.generation_config");
  out << YAML::EndMap << YAML::EndMap;

  if (t.method != Method::full) {
    out << YAML::Key << "peft_config" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "task_type" << YAML::Value << "CAUSAL_LM";
    out << YAML::Key << "peft_type" << YAML::Value << (t.method == Method::lora ? "LORA" : "PREFIX_TUNING");
    put_settings(out, c, "peft_config");
    out << YAML::EndMap;
  }
  out << YAML::EndMap;
  return std::string(out.c_str()) + "\n";
}

}  // namespace tunedesk::training
