// An error's message in the user's language. Core and the services throw
// UserError (util/user_error.h): English text plus a template id and values;
// the templates are core's, translated like the rest of the UI (context
// "UserError" of translations/*.ts). Errors without a template (rare,
// technical) are shown as they are.
#pragma once

#include <QString>
#include <QStringList>

#include <exception>
#include <string>
#include <vector>

#include "util/user_error.h"

namespace tunedesk::ui {

QString error_text(const std::exception& error);
// A stored error (a job's): its template id and values, or its English text when it has none.
QString error_text(const std::string& kind, const std::vector<std::string>& args, const QString& english);
QString error_text(const QString& kind, const QStringList& args, const QString& english);

}  // namespace tunedesk::ui
