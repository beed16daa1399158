// The one list of training settings. Each row says once what every front end
// needs to know of a setting: its name (the key in a run's config.json, in
// GET /api/training-settings and of the forms' fields), its YAML path (GLM-4
// finetune_demo's key where it has one), its command-line option, its kind
// and range, its label and help (English, marked for lupdate in the context
// "TrainingSetting": the desktop and the browser say them from the .ts
// files), where the forms show it, and how it is read from and written into
// a RunConfig. Derived from it: the YAML reader's plain keys
// (run_config.cpp) and the writer (run_config_yaml.cpp), the run's
// config.json (run.cpp), `tunedesk-cli train`'s options and help, the JSON
// schema the browser builds its form from, and the desktop's form.
//
// A new setting is one row here plus its use in the trainer. What is not a
// row: keys with finetune_demo semantics of their own (save_strategy,
// eval_strategy, bf16/fp16, peft_type, task_type, bias), data paths, the
// output folder, and resuming. Torch-free.
#pragma once

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "training/run_config.h"

namespace tunedesk::training {

enum class SettingKind {
  whole,   // an integer in [min, max]
  number,  // a real number in [min, max]
  flag,    // true or false
  choice,  // one of `choices`
  list,    // names (YAML list, comma-separated on the command line and in forms)
  text,    // free text, checked where it is used (model type, chat template)
};

// Where the forms (desktop and browser) show a setting: `data` with the
// dataset, the others in the order written. `run` settings have
// widgets of their own in both forms (the method decides the defaults, the
// model type comes from the registry, the device from the machine); `none`
// are for YAML and the command line only.
enum class FormSection { none, run, data, training, lengths, evaluation, lora, prefix, advanced };

struct SettingChoice {
  std::string_view value;  // what YAML, the command line and config.json say
  std::string_view label;  // what the forms show (English, translated)
};

struct TrainingSetting {
  std::string_view name;   // "learning_rate"
  std::string_view yaml;   // dotted path: "training_args.learning_rate"
  std::string_view cli;    // "--lr"; empty: not a command-line option
  SettingKind kind;
  std::string_view label;  // "Learning rate"
  std::string_view help;   // one sentence: the option's help, the field's tooltip
  double min = 0, max = 0;         // whole, number: the range, both ends included
  std::string_view special;        // what 0 (or an empty list or text) means: "by epochs"
  int decimals = 0;                // number: digits the forms show; -1: scientific notation
  FormSection section = FormSection::none;
  std::optional<Method> method;    // the method it belongs to; none: every method
  std::vector<SettingChoice> choices;
  // choice: the canonical value of an accepted spelling ("LORA" -> "lora",
  // "cuda:1" stays), empty when not accepted; null: a choice's value exactly.
  std::string (*canonical)(std::string_view) = nullptr;
  nlohmann::json (*get)(const RunConfig&) = nullptr;
  void (*set)(RunConfig&, const nlohmann::json&) = nullptr;  // `value` already checked
  // The YAML writer leaves the key out when this says no (null: always written).
  bool (*written)(const RunConfig&) = nullptr;
};

// Every setting, in the order of the command line's help and the forms.
const std::vector<TrainingSetting>& training_settings();

// The row named `name`; null when there is none.
const TrainingSetting* find_training_setting(std::string_view name);

// The context the labels, help and choice labels are translated in.
inline constexpr const char* kTrainingSettingContext = "TrainingSetting";

// `value` checked against `setting` (kind, range, choices) and made canonical.
// Throws RunConfigError with `where` as the template's %1 ("file:3:
// training_args.learning_rate", "--lr"): config.range, config.choice,
// config.whole_number, config.number, config.boolean, config.list,
// config.single_value.
nlohmann::json checked_setting_value(const TrainingSetting& setting, const nlohmann::json& value, const std::string& where);

// The same from the text of a command-line value or form field ("2e-4",
// "q_proj,v_proj", "true").
nlohmann::json setting_value_from_text(const TrainingSetting& setting, std::string_view text, const std::string& where);

// A value as it is written on a command line or in a form: "0.0002", "true",
// "q_proj,v_proj".
std::string setting_value_text(const TrainingSetting& setting, const nlohmann::json& value);

// The schema the browser's form is built from (GET /api/training-settings):
// for each row its name, yaml path, cli option, kind, label, help, range,
// special, decimals, section, method, choices and default (the value in
// default_run_config()). English; the page translates the texts.
nlohmann::json training_settings_schema();

// The name of a form section as the schema says it: "training", "lora", ….
std::string_view form_section_name(FormSection section);

}  // namespace tunedesk::training
