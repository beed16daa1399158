#include "ui/message_template.h"

#include <QCoreApplication>

namespace tunedesk::ui {
namespace {

// %1..%9 replaced in one pass; %k is args[k - 1 + first].
QString fill(const QString& pattern, const std::vector<std::string>& args, std::size_t first) {
  QString out;
  out.reserve(pattern.size() + 64);
  for (qsizetype i = 0; i < pattern.size(); ++i) {
    const QChar c = pattern[i];
    if (c == '%' && i + 1 < pattern.size() && pattern[i + 1].isDigit() && pattern[i + 1] != '0') {
      const auto k = static_cast<std::size_t>(pattern[i + 1].digitValue()) - 1 + first;
      if (k < args.size()) {
        out += QString::fromStdString(args[k]);
        ++i;
        continue;
      }
    }
    out += c;
  }
  return out;
}

}  // namespace

QString render_template(const char* context, const char* source, const std::vector<std::string>& args) {
  if (QString::fromUtf8(source).contains("%n") && !args.empty()) {  // a count: args[0]
    const int n = QString::fromStdString(args[0]).toInt();
    return fill(QCoreApplication::translate(context, source, nullptr, n), args, 1);
  }
  return fill(QCoreApplication::translate(context, source), args, 0);
}

}  // namespace tunedesk::ui
