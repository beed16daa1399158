// multipart/form-data (RFC 7578), which Qt HttpServer 6.4 does not parse:
// the parts of an upload, each with its name, file name and bytes.
#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace tunedesk::services {

struct FormPart {
  QString name;          // the form field ("file")
  QString file_name;     // as the browser sent it; empty for plain fields
  QByteArray content_type;
  QByteArray data;
};

// Throws ServiceError saying what is malformed (no boundary, a part without
// headers, no closing delimiter, ...).
std::vector<FormPart> parse_multipart(const QByteArray& content_type, const QByteArray& body);

}  // namespace tunedesk::services
