#include "data/cleaning/chinese_script.h"

#include <opencc/SimpleConverter.hpp>

#include <stdexcept>

namespace tunedesk::data::cleaning {

const std::vector<ScriptConversion>& script_conversions() {
  static const std::vector<ScriptConversion> all = {
      {"t2s", "traditional to simplified"},
      {"s2t", "simplified to traditional"},
      {"s2tw", "simplified to traditional, Taiwan's characters"},
      {"s2twp", "simplified to traditional, Taiwan's characters and phrases"},
      {"s2hk", "simplified to traditional, Hong Kong's characters"},
      {"tw2s", "Taiwan's traditional to simplified"},
      {"tw2sp", "Taiwan's traditional to simplified, with mainland phrases"},
      {"hk2s", "Hong Kong's traditional to simplified"},
  };
  return all;
}

struct ChineseScriptConverter::Impl {
  explicit Impl(const std::string& config) : converter(config) {}
  opencc::SimpleConverter converter;
};

ChineseScriptConverter::ChineseScriptConverter(std::string_view name) : name_(name) {
  bool known = false;
  std::string list;
  for (const ScriptConversion& c : script_conversions()) {
    known |= name == c.name;
    list += (list.empty() ? "" : ", ") + std::string(c.name);
  }
  if (!known) throw std::invalid_argument("unknown conversion '" + name_ + "' (" + list + ")");
  try {
    impl_ = std::make_unique<Impl>(name_ + ".json");
  } catch (const std::exception& e) {
    throw std::runtime_error("OpenCC cannot load " + name_ + ".json (is the opencc data package installed?): " + e.what());
  }
}

ChineseScriptConverter::~ChineseScriptConverter() = default;
ChineseScriptConverter::ChineseScriptConverter(ChineseScriptConverter&&) noexcept = default;
ChineseScriptConverter& ChineseScriptConverter::operator=(ChineseScriptConverter&&) noexcept = default;

std::string ChineseScriptConverter::convert(std::string_view text) const {
  return impl_->converter.Convert(text.data(), text.size());
}

}  // namespace tunedesk::data::cleaning
