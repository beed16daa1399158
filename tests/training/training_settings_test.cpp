// The table of training settings drives the YAML reader and writer: every
// row round-trips through a saved config, every row's key is read at its
// path and its range and choices are enforced there, and the schema the
// browser builds its form from says the same as the rows.
#include <gtest/gtest.h>

#include <set>

#include "training/run_config.h"
#include "training/run_config_yaml.h"
#include "training/training_settings.h"

using namespace tunedesk::training;
using nlohmann::json;

namespace {

// A value of `s` other than `current`, inside the row's range or choices.
json another_value(const TrainingSetting& s, const json& current) {
  switch (s.kind) {
    case SettingKind::whole: {
      const auto v = static_cast<int64_t>(s.min) + 1 == current.get<int64_t>() ? static_cast<int64_t>(s.min) + 2
                                                                              : static_cast<int64_t>(s.min) + 1;
      return std::min<int64_t>(v, static_cast<int64_t>(s.max));
    }
    case SettingKind::number: {
      const double v = s.min + (s.max - s.min) / 3;
      return v == current.get<double>() ? s.min + (s.max - s.min) / 2 : v;
    }
    case SettingKind::flag: return !current.get<bool>();
    case SettingKind::choice:
      for (const SettingChoice& c : s.choices)
        if (c.value != current.get<std::string>()) return std::string(c.value);
      return current;
    case SettingKind::list: return json::array({"q_proj", "k_proj"});
    case SettingKind::text: return s.name == "model_type" ? "medical" : "chatml";
  }
  return current;
}

// `key: value` at a dotted YAML path, as nested mappings.
std::string yaml_at(std::string_view path, const std::string& value) {
  std::string out, indent;
  for (std::size_t dot; (dot = path.find('.')) != std::string_view::npos; path.remove_prefix(dot + 1)) {
    out += indent + std::string(path.substr(0, dot)) + ":\n";
    indent += "  ";
  }
  return out + indent + std::string(path) + ": " + value + "\n";
}

}  // namespace

TEST(TrainingSettings, NamesOptionsAndPathsAreUnique) {
  std::set<std::string_view> names, options, paths;
  for (const TrainingSetting& s : training_settings()) {
    EXPECT_TRUE(names.insert(s.name).second) << s.name;
    EXPECT_TRUE(paths.insert(s.yaml).second) << s.yaml;
    if (!s.cli.empty()) EXPECT_TRUE(options.insert(s.cli).second) << s.cli;
    EXPECT_FALSE(s.label.empty()) << s.name;
    EXPECT_FALSE(s.help.empty()) << s.name;
    ASSERT_TRUE(s.get && s.set) << s.name;
    // The default is a value the row itself accepts.
    EXPECT_NO_THROW(checked_setting_value(s, s.get(default_run_config()), "default")) << s.name;
  }
}

// Every setting, changed alone, is written by run_config_to_yaml and read back the same.
TEST(TrainingSettings, EverySettingSurvivesASavedConfig) {
  for (const Method method : {Method::lora, Method::ptuning_v2, Method::full}) {
    for (const TrainingSetting& s : training_settings()) {
      if (s.method && *s.method != method) continue;  // written under peft_config only for its method
      RunConfig c = default_run_config();
      c.train.method = method;
      const json changed = checked_setting_value(s, another_value(s, s.get(c)), "test");
      ASSERT_NE(changed, s.get(c)) << s.name;
      s.set(c, changed);
      const std::string yaml = run_config_to_yaml(c);
      const RunConfig back = load_run_config_text(yaml, "saved.yaml");
      EXPECT_EQ(s.get(back), changed) << s.name << " (" << method_name(method) << ")\n" << yaml;
      if (s.name != "method") EXPECT_EQ(back.train.method, c.train.method) << s.name << "\n" << yaml;
      EXPECT_TRUE(back.warnings.empty()) << s.name << "\n" << yaml;
    }
  }
}

// Each row's key is read at its path, with the row's kind, range and choices.
TEST(TrainingSettings, TheReaderChecksEveryRowAtItsPath) {
  for (const TrainingSetting& s : training_settings()) {
    SCOPED_TRACE(std::string(s.yaml));
    const RunConfig defaults = default_run_config();
    std::string good = setting_value_text(s, another_value(s, s.get(defaults)));
    if (s.kind == SettingKind::list) good = "[" + good + "]";
    const RunConfig read = load_run_config_text(yaml_at(s.yaml, good), "run.yaml");
    EXPECT_EQ(setting_value_text(s, s.get(read)), setting_value_text(s, another_value(s, s.get(defaults))));
    std::string bad, kind;
    switch (s.kind) {
      case SettingKind::whole: bad = std::to_string(static_cast<int64_t>(s.max) + 1), kind = "config.range"; break;
      case SettingKind::number: bad = std::to_string(s.max * 2 + 1), kind = "config.range"; break;
      case SettingKind::flag: bad = "maybe", kind = "config.boolean"; break;
      case SettingKind::choice: bad = "neither", kind = "config.choice"; break;
      case SettingKind::list: bad = "{a: 1}", kind = "config.list"; break;
      case SettingKind::text: bad = "[a, b]", kind = "config.single_value"; break;
    }
    try {
      load_run_config_text(yaml_at(s.yaml, bad), "run.yaml");
      ADD_FAILURE() << bad << " was accepted";
    } catch (const RunConfigError& e) {
      EXPECT_EQ(e.kind(), kind);
      EXPECT_NE(e.args().at(0).find(std::string(s.yaml)), std::string::npos) << e.what();
    }
  }
}

TEST(TrainingSettings, TextValuesAreCheckedAsInAConfig) {
  const TrainingSetting& lr = *find_training_setting("learning_rate");
  EXPECT_DOUBLE_EQ(setting_value_from_text(lr, "5e-4", "--lr").get<double>(), 5e-4);
  EXPECT_THROW(setting_value_from_text(lr, "5", "--lr"), RunConfigError);
  EXPECT_THROW(setting_value_from_text(lr, "fast", "--lr"), RunConfigError);
  const TrainingSetting& method = *find_training_setting("method");
  EXPECT_EQ(setting_value_from_text(method, "LORA", "--method"), "lora");  // PEFT's spelling
  EXPECT_EQ(setting_value_from_text(method, "full", "--method"), "sft");
  EXPECT_EQ(setting_value_from_text(*find_training_setting("device"), "cuda:1", "--device"), "cuda:1");
  EXPECT_THROW(setting_value_from_text(*find_training_setting("device"), "tpu", "--device"), RunConfigError);
  EXPECT_EQ(setting_value_from_text(*find_training_setting("target_modules"), "q_proj, v_proj", "--target-modules"),
            json::array({"q_proj", "v_proj"}));
  try {
    setting_value_from_text(*find_training_setting("batch_size"), "0", "--batch-size");
    FAIL();
  } catch (const RunConfigError& e) {
    EXPECT_EQ(std::string(e.what()), "--batch-size: must be from 1 to 1024, not 0");
  }
}

TEST(TrainingSettings, TheSchemaSaysWhatTheRowsSay) {
  const json schema = training_settings_schema();
  ASSERT_EQ(schema.size(), training_settings().size());
  const RunConfig defaults = default_run_config();
  for (std::size_t i = 0; i < schema.size(); ++i) {
    const TrainingSetting& s = training_settings()[i];
    const json& row = schema[i];
    EXPECT_EQ(row["name"], s.name);
    EXPECT_EQ(row["yaml"], s.yaml);
    EXPECT_EQ(row["default"], s.get(defaults)) << s.name;
    EXPECT_EQ(row["section"], form_section_name(s.section));
    if (s.kind == SettingKind::whole || s.kind == SettingKind::number) {
      EXPECT_EQ(row["min"], s.min);
      EXPECT_EQ(row["max"], s.max);
    }
    if (s.kind == SettingKind::choice) EXPECT_EQ(row["choices"].size(), s.choices.size());
  }
}
