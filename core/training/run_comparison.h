// Runs compared: which of their settings (each run's config.json, the
// effective settings) differ, for a table beside their overlaid curves.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tunedesk::training {

struct SettingDifference {
  std::string key;
  std::vector<std::string> values;  // one per run, in order; "–" where a run has no such setting
};

// The top-level settings whose values are not the same in every run, by key
// (alphabetical, as the JSON objects hold them). Lists and objects compare
// whole; the record of held-out rows (val_lines) is left out.
std::vector<SettingDifference> differing_settings(const std::vector<nlohmann::json>& configs);

}  // namespace tunedesk::training
