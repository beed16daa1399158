// Writing a RunConfig as YAML in the keys load_run_config reads (GLM-4
// finetune_demo's, plus TuneDesk's own), so that a configuration made in a
// form (desktop, browser) can be saved, run from the CLI and loaded back.
#pragma once

#include <string>

#include "training/run_config.h"

namespace tunedesk::training {

// The YAML text of `config`; load_run_config_text of it gives the same settings.
std::string run_config_to_yaml(const RunConfig& config);

}  // namespace tunedesk::training
