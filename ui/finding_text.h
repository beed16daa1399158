// A validation finding's message in the user's language: core writes each
// message in English from a template (data/finding_messages.cpp) together
// with the template's id (Finding::kind) and its values; the templates are
// translated like the rest of the UI (context "Finding" of translations/*.ts).
#pragma once

#include <QString>

#include "data/finding.h"

namespace tunedesk::ui {

// The finding's message, translated; core's English text for a finding without a template.
QString finding_text(const data::Finding& finding);

}  // namespace tunedesk::ui
