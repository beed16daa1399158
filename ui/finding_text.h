// A validation finding's message in the user's language: core writes each
// message in English together with a template id (Finding::kind) and its
// values; the templates are here, translated like the rest of the UI.
#pragma once

#include <QString>

#include <string_view>

#include "data/finding.h"

namespace tunedesk::ui {

// The finding's message, translated; core's English text for a finding without a template.
QString finding_text(const data::Finding& finding);

// Whether `kind` has a template here (tests check that every kind core writes has one).
bool has_finding_template(std::string_view kind);

}  // namespace tunedesk::ui
