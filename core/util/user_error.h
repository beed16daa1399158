// An error a person can act on: English text (what()) plus a template id and
// its values, so that the desktop app and the browser can say it in the
// person's language. Every template is listed in user_error.cpp; their
// translations are in translations/*.ts (context "UserError"; a UI test
// checks each is translated).
#pragma once

// Mark a template for Qt's lupdate, which reads them as QT_TRANSLATE_NOOP
// and QT_TRANSLATE_N_NOOP (a template with a count, %n): core has no Qt, the
// translations live with the UIs (ui/CMakeLists.txt names the aliases).
#define TUNEDESK_MESSAGE(context, text) text
#define TUNEDESK_COUNTED_MESSAGE(context, text) text

#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tunedesk {

class UserError : public std::runtime_error {
 public:
  // An error with no template: shown as it is, in English.
  explicit UserError(const std::string& english) : std::runtime_error(english) {}
  // The template `kind` filled with `args` (%1 = args[0] …; with %n, %n = args[0] and %1 = args[1] …).
  UserError(std::string kind, std::vector<std::string> args);

  const std::string& kind() const noexcept { return kind_; }
  const std::vector<std::string>& args() const noexcept { return args_; }

 private:
  std::string kind_;
  std::vector<std::string> args_;
};

// A table of message templates: (kind, English text with %1, %2, …, %n).
using MessageTable = std::vector<std::pair<std::string_view, std::string_view>>;

// The template of `kind` in `table`; empty when there is none.
std::string_view find_template(const MessageTable& table, std::string_view kind);

// Every template: (kind, English text). The one home of each message: the
// desktop translates it from translations/*.ts (ui/error_text.cpp), the
// browser from the same files (GET /api/messages/LANG).
const MessageTable& user_error_templates();

// The English template of `kind`; empty when there is none.
std::string_view user_error_template(std::string_view kind);

// The context the templates are translated in.
inline constexpr const char* kUserErrorContext = "UserError";

// `pattern` with its values: %1, %2, … are args[0], args[1], …; with %n in
// it, %n is args[0] (a count), %1, %2, … are args[1], …, and "(s)" after it
// becomes "s" unless the count is 1.
std::string fill_template(std::string_view pattern, const std::vector<std::string>& args);

// The English text of `kind` with `args`; "(s)" after %n becomes "s" unless the count is 1.
std::string english_text(std::string_view kind, const std::vector<std::string>& args);

}  // namespace tunedesk
