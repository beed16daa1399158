// An error's message in the user's language. Core and the services throw
// UserError (util/user_error.h): English text plus a template id and values;
// the templates are here, translated like the rest of the UI. Errors without
// a template (rare, technical) are shown as they are.
#pragma once

#include <QString>
#include <QStringList>

#include <exception>
#include <string>
#include <string_view>
#include <vector>

#include "util/user_error.h"

namespace tunedesk::ui {

QString error_text(const std::exception& error);
// A stored error (a job's): its template id and values, or its English text when it has none.
QString error_text(const std::string& kind, const std::vector<std::string>& args, const QString& english);
QString error_text(const QString& kind, const QStringList& args, const QString& english);

// The English template for `kind` here (empty when there is none); tests compare it with core's.
QString error_template_source(std::string_view kind);

}  // namespace tunedesk::ui
