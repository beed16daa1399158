// Small pieces the API's request handlers share (api_server*.cpp).
#pragma once

#include <QByteArray>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <QString>

namespace tunedesk::services {

using HttpStatus = QHttpServerResponder::StatusCode;

// The API's error shape: {"error": {"code", "message"}}.
inline QJsonObject error_body(const QString& code, const QString& message) {
  return QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}};
}

inline QHttpServerResponse error(HttpStatus status, const QString& code, const QString& message) {
  return QHttpServerResponse(error_body(code, message), status);
}

// A request header by name, whatever its case.
inline QByteArray header(const QHttpServerRequest& request, const QByteArray& name) {
  for (const auto& [key, value] : request.headers())
    if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
  return {};
}

}  // namespace tunedesk::services
