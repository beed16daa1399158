// Small pieces the API's request handlers share (api_server*.cpp).
#pragma once

#include <QByteArray>
#include <QJsonArray>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPointer>
#include <QString>
#include <QTcpSocket>

#include <exception>
#include <optional>

#include "services/service_error.h"

namespace tunedesk::services {

using HttpStatus = QHttpServerResponder::StatusCode;
using HttpMethod = QHttpServerRequest::Method;

// The API's error shape: {"error": {"code", "message"}}.
inline QJsonObject error_body(const QString& code, const QString& message) {
  return QJsonObject{{"error", QJsonObject{{"code", code}, {"message", message}}}};
}

inline QHttpServerResponse error(HttpStatus status, const QString& code, const QString& message) {
  return QHttpServerResponse(error_body(code, message), status);
}

// An error from an exception: its English message and, for a UserError, its
// template ("kind", "args"), with which the browser says it in Chinese.
inline QJsonObject error_body(const QString& code, const std::exception& e) {
  QJsonObject inner{{"code", code}, {"message", QString::fromUtf8(e.what())}};
  if (const std::optional<ErrorTemplate> t = error_template(e)) {
    inner["kind"] = t->kind;
    inner["args"] = QJsonArray::fromStringList(t->args);
  }
  return QJsonObject{{"error", inner}};
}

inline QHttpServerResponse error(HttpStatus status, const QString& code, const std::exception& e) {
  return QHttpServerResponse(error_body(code, e), status);
}

// 429 with Retry-After: an account locked for a while after failed password checks.
inline QHttpServerResponse locked_out(int retry_after_s, const QString& what) {
  QHttpServerResponse response = error(HttpStatus::TooManyRequests, "locked",
                                       QString("too many %1; try again in %2 s").arg(what).arg(retry_after_s));
  response.setHeader("Retry-After", QByteArray::number(retry_after_s));
  return response;
}

// A request header by name, whatever its case.
inline QByteArray header(const QHttpServerRequest& request, const QByteArray& name) {
  for (const auto& [key, value] : request.headers())
    if (key.compare(name, Qt::CaseInsensitive) == 0) return value;
  return {};
}

// A 415 unless the body is declared JSON. A write before sign-in must say so:
// a cross-site HTML form can post a JSON-looking text/plain body, but not this
// header without a CORS preflight, which this server never grants (login CSRF).
inline std::optional<QHttpServerResponse> unless_json(const QHttpServerRequest& request) {
  if (header(request, "Content-Type").split(';').front().trimmed().toLower() == "application/json") return std::nullopt;
  return error(HttpStatus::UnsupportedMediaType, "unsupported_media_type", "send the body as Content-Type: application/json");
}

// A responder kept until an answer made on another thread is ready (an
// export, a chat completion); its socket goes when the client hangs up, and
// then nothing is written.
struct HeldResponder {
  explicit HeldResponder(QHttpServerResponder&& r) : responder(std::move(r)), socket(responder.socket()) {}
  bool connected() const { return socket && socket->state() == QAbstractSocket::ConnectedState; }
  void write(const QJsonObject& body, HttpStatus status = HttpStatus::Ok) {
    if (connected()) responder.write(QJsonDocument(body), status);
  }
  QHttpServerResponder responder;
  QPointer<QTcpSocket> socket;
};

}  // namespace tunedesk::services
