// Simplified <-> traditional Chinese with OpenCC (Debian's libopencc and its
// dictionaries): the conversions by OpenCC's configuration names, with the
// regional variants (Taiwan, Hong Kong) and Taiwan's phrases.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tunedesk::data::cleaning {

struct ScriptConversion {
  const char* name;         // OpenCC's configuration: "t2s" reads t2s.json
  const char* description;  // for help texts
};

// Every conversion offered, in the order the help lists them.
const std::vector<ScriptConversion>& script_conversions();

class ChineseScriptConverter {
 public:
  // Throws std::invalid_argument for a name not in script_conversions() (listing them),
  // std::runtime_error when OpenCC cannot load its configuration (naming it).
  explicit ChineseScriptConverter(std::string_view name);
  ~ChineseScriptConverter();
  ChineseScriptConverter(ChineseScriptConverter&&) noexcept;
  ChineseScriptConverter& operator=(ChineseScriptConverter&&) noexcept;

  std::string convert(std::string_view text) const;
  const std::string& name() const { return name_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string name_;
};

}  // namespace tunedesk::data::cleaning
