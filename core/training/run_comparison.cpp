#include "training/run_comparison.h"

#include <algorithm>

namespace tunedesk::training {
namespace {

// How a value reads in a table cell: strings as they are, anything else as JSON.
std::string cell(const nlohmann::json& v) { return v.is_string() ? v.get<std::string>() : v.dump(); }

}  // namespace

std::vector<SettingDifference> differing_settings(const std::vector<nlohmann::json>& configs) {
  std::vector<std::string> keys;
  for (const nlohmann::json& c : configs)
    if (c.is_object())
      for (const auto& item : c.items())
        if (std::find(keys.begin(), keys.end(), item.key()) == keys.end()) keys.push_back(item.key());
  std::vector<SettingDifference> out;
  for (const std::string& key : keys) {
    if (key == "val_lines") continue;  // which rows were held out: long, and follows from the data and seed
    SettingDifference d{key, {}};
    bool differs = false;
    const nlohmann::json* first = nullptr;
    for (std::size_t i = 0; i < configs.size(); ++i) {
      const nlohmann::json* v = configs[i].is_object() && configs[i].contains(key) ? &configs[i][key] : nullptr;
      d.values.push_back(v ? cell(*v) : "–");
      if (i == 0) first = v;
      else differs = differs || (first == nullptr) != (v == nullptr) || (first && v && *first != *v);
    }
    if (differs) out.push_back(std::move(d));
  }
  return out;
}

}  // namespace tunedesk::training
