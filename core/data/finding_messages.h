// The one home of each validation message: for every finding kind its
// English template (marked TUNEDESK_MESSAGE for lupdate, context "Finding").
// The readers and the validator fill it for Finding::message; the desktop
// translates it from translations/*.ts (ui/finding_text.cpp), the browser
// from the same files (GET /api/messages/LANG).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "data/finding.h"
#include "util/user_error.h"

namespace tunedesk::data {

// Every template: (kind, English text with %1, %2, … and, for a count, %n).
const MessageTable& finding_templates();

// The English template of `kind`; empty when there is none.
std::string_view finding_template(std::string_view kind);

// The context the templates are translated in.
inline constexpr const char* kFindingContext = "Finding";

// Every validation rule's title, as the reports name it: (rule id, English
// title), marked for lupdate in the context "ValidationRule"; the desktop
// and the browser (GET /api/messages/LANG's "rules") translate them.
const MessageTable& rule_titles();
inline constexpr const char* kRuleContext = "ValidationRule";

// A finding whose message is `kind`'s template filled with `args` (util/user_error.h's fill_template).
Finding make_finding(std::string_view rule, Severity severity, std::size_t line, std::optional<std::string> field,
                     std::string_view kind, std::vector<std::string> args);

}  // namespace tunedesk::data
