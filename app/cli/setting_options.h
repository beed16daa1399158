// Command-line options made from the table of training settings
// (training/training_settings.h): each row with an option gives one, its
// help the row's with the default after it; a value is checked as in a YAML
// config (its kind, range and choices), so `--lr 5` and `learning_rate: 5`
// are refused alike. `train` takes them all; `data check` the length limits.
#pragma once

#include <string_view>
#include <vector>

#include "arg_parser.h"
#include "training/run_config.h"

namespace tunedesk::cli {

// The length limits: --max-input-length, --max-output-length, --cutoff-len, --overlength.
inline const std::vector<std::string_view> kLengthSettings = {"max_input_length", "max_output_length", "cutoff_len",
                                                              "overlength"};

// The options of the settings named in `names`; all that have one when empty.
void add_setting_options(ArgParser& p, const std::vector<std::string_view>& names = {});

// `config` as the given options change it. A flag sets the opposite of the
// setting's default (--gradient-checkpointing: true; --no-memory-check:
// false). A per-part length limit given without --cutoff-len turns the shared
// cutoff off, as in a YAML config. Throws RunConfigError naming the option.
void apply_setting_options(const ArgParser& p, training::RunConfig& config,
                           const std::vector<std::string_view>& names = {});

}  // namespace tunedesk::cli
