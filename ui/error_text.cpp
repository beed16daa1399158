#include "ui/error_text.h"

#include "ui/message_template.h"

namespace tunedesk::ui {

QString error_text(const std::string& kind, const std::vector<std::string>& args, const QString& english) {
  const std::string source(user_error_template(kind));
  if (kind.empty() || source.empty()) return english;
  return render_template(kUserErrorContext, source.c_str(), args);
}

QString error_text(const QString& kind, const QStringList& args, const QString& english) {
  std::vector<std::string> values;
  for (const QString& arg : args) values.push_back(arg.toStdString());
  return error_text(kind.toStdString(), values, english);
}

QString error_text(const std::exception& error) {
  if (const auto* user_error = dynamic_cast<const UserError*>(&error))
    return error_text(user_error->kind(), user_error->args(), QString::fromUtf8(error.what()));
  return QString::fromUtf8(error.what());
}

}  // namespace tunedesk::ui
