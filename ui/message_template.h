// A message template translated and filled with its values, the way core's
// findings and errors carry them: a template id, English text, and values.
#pragma once

#include <QString>

#include <string>
#include <vector>

namespace tunedesk::ui {

// `source` translated in `context` and filled: with %n in it, args[0] is the
// count (it picks the plural form) and %1 is args[1], …; without, %1 is args[0].
// Values are put in one pass, so a value containing "%2" stays as it is.
QString render_template(const char* context, const char* source, const std::vector<std::string>& args);

}  // namespace tunedesk::ui
