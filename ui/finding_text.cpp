#include "ui/finding_text.h"

#include <string>

#include "data/finding_messages.h"
#include "ui/message_template.h"

namespace tunedesk::ui {

QString finding_text(const data::Finding& finding) {
  const std::string source(data::finding_template(finding.kind));
  if (finding.kind.empty() || source.empty()) return QString::fromStdString(finding.message);
  return render_template(data::kFindingContext, source.c_str(), finding.args);
}

}  // namespace tunedesk::ui
